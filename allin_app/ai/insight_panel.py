"""The composer's "Before you publish" card (state in `insight_state.py`)."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.insight_state import InsightState as I
from allin_app.ai.insight_state import ReviewOutlookState as R
from allin_app.content.composer_state import ComposerState as C


def _factor(row) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(row.label, size="1", weight="medium"),
                  rx.cond(row.value != "", rx.text(row.value, size="1", color_scheme="gray")), rx.spacer(),
                  rx.text(row.points, " / ", row.max_points, size="1"), width="100%"),
        rx.progress(value=row.percent, size="1", width="100%"),
        rx.text(row.sentence, size="1", color_scheme="gray"),
        spacing="1", width="100%", class_name="insight-factor", data_key=row.key,
    )


def _figure(label: str, value, id_: str, *hint) -> rx.Component:
    """A headline figure; `hint` (the interval) underneath when given."""
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.heading(value, size="6", id=id_),
                     *[rx.text(h, size="1", color_scheme="gray") for h in hint], spacing="0", align="start")


def _details(summary: str, *content) -> rx.Component:
    """A folded section: the factors stay one click away."""
    return rx.el.details(
        rx.el.summary(rx.text(summary, size="2", weight="medium", as_="span"), cursor="pointer"),
        rx.vstack(*content, spacing="2", width="100%", padding_top="0.5rem"),
        width="100%", class_name="insight-details")


def _results() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.cond(I.score >= 0, _figure("Content score", rx.text(I.score, " / 100"), "insight-score")),
            rx.cond(I.rate != "", _figure("Predicted engagement", I.rate, "insight-rate", I.interval)),
            rx.cond(I.viral >= 0, _figure("Viral potential", rx.text(I.viral, " / 100"), "insight-viral")),
            spacing="6", wrap="wrap"),
        rx.cond(I.rate_note != "", rx.text(I.rate_note, size="1", id="insight-rate-note",
                                           data_source=I.rate_source)),
        rx.cond(I.score_factors.length() > 0, rx.vstack(
            _details("Why this content score", rx.foreach(I.score_factors, _factor), rx.text(I.timing_note, size="1")),
            _details("What drives the viral score", rx.foreach(I.viral_factors, _factor)),
            spacing="2", width="100%")),
        rx.cond((I.score < 0) & (I.viral_factors.length() > 0),
                rx.vstack(rx.foreach(I.viral_factors, _factor), spacing="2", width="100%")),
        rx.cond(I.omitted_note != "", rx.text(I.omitted_note, size="1", color_scheme="gray")),
        spacing="3", width="100%", id="insight-results",
    )


def insight_panel() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(
            rx.icon("gauge", size=16), rx.text("Before you publish", weight="bold", size="2"), rx.spacer(),
            rx.cond(I.options.length() > 1, rx.select.root(
                rx.select.trigger(id="insight-account"),
                rx.select.content(rx.foreach(I.options, lambda o: rx.select.item(o.label, value=o.id))),
                value=I.account_id, on_change=I.choose, size="1")),
            rx.button(rx.icon("scan-search", size=14), "Analyze", size="1", variant="soft", on_click=I.analyze,
                      loading=I.busy, disabled=(C.text == "") | (C.selected.length() == 0), id="insight-analyze"),
            width="100%", align="center", spacing="2"),
        rx.cond(I.error != "", rx.callout(I.error, icon="triangle-alert", color_scheme="red", size="1",
                                          id="insight-error", width="100%")),
        rx.cond(I.analyzed, _results(),
                rx.text("Score the draft, predict its engagement from your own posts and see its viral potential.",
                        size="1", color_scheme="gray")),
        spacing="2", width="100%",
    ), width="100%", id="insight-panel")


def review_outlook() -> rx.Component:
    """Beside a post under review: its viral potential (and, for roles that get them, score and prediction)."""
    return rx.cond(R.viral >= 0, rx.card(rx.vstack(
        rx.hstack(rx.icon("trending-up", size=16), rx.text("AI outlook on ", R.network, weight="bold", size="2"),
                  spacing="2", align="center"),
        rx.hstack(
            _figure("Viral potential", rx.text(R.viral, " / 100"), "outlook-viral"),
            rx.cond(R.rate != "", _figure("Predicted engagement", R.rate, "outlook-rate", R.interval)),
            rx.cond(R.score >= 0, _figure("Content score", rx.text(R.score, " / 100"), "outlook-score")),
            spacing="6", wrap="wrap"),
        rx.foreach(R.viral_factors, _factor),
        spacing="2", width="100%"), width="100%", id="review-outlook"))

"""The composer's "Variants" dialog (state in `variants_state.py`): variant cards with their predicted engagement,
viral score and the recommended badge, "Use this text", and "Start A/B test" with the recommended split."""

import reflex as rx

from allin_app.ai import variants
from allin_app.ai.variants_state import VariantsState as V
from allin_app.ui.components import error_callout, notice_callout

COUNTS = [str(n) for n in range(variants.MIN_VARIANTS, variants.MAX_VARIANTS + 1)]


def _figure(label: str, value, hint=None) -> rx.Component:
    shown = [rx.text(label, size="1", color_scheme="gray"), rx.text(value, size="3", weight="bold")]
    if hint is not None:
        shown.append(rx.text(hint, size="1", color_scheme="gray"))
    return rx.cond(value != "", rx.vstack(*shown, spacing="0"))


def _card(card) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.badge(card.key, variant="solid", size="2"), rx.text(card.approach, size="2", weight="medium"),
                  rx.spacer(), rx.cond(card.recommended, rx.badge(rx.icon("flask-conical", size=12), "Recommended",
                                                                  color_scheme="green", class_name="recommended-badge")),
                  width="100%", align="center"),
        rx.text(card.text, size="2", white_space="pre-wrap", class_name="variant-text"),
        rx.hstack(_figure("Predicted engagement", card.rate, card.interval), _figure("Viral score", card.viral),
                  _figure("Content score", card.score), spacing="5", wrap="wrap"),
        rx.cond(card.source != "", rx.text(card.source, size="1", color_scheme="gray")),
        rx.button("Use this text", size="1", variant="soft", on_click=V.use_text(card.key), class_name="use-variant"),
        spacing="2", width="100%"),
        width="100%", class_name="variant-card", data_key=card.key)


def _controls() -> rx.Component:
    return rx.hstack(
        rx.text("For", size="2"),
        rx.el.select(rx.foreach(V.networks, lambda n: rx.el.option(n[1], value=n[0])), value=V.network,
                     on_change=V.choose_network, id="variants-network", style={"padding": "0.35rem"}),
        rx.text("Variants", size="2"),
        rx.el.select(*[rx.el.option(n, value=n) for n in COUNTS], value=V.count, on_change=V.choose_count,
                     id="variants-count", style={"padding": "0.35rem"}),
        rx.cond(V.busy, rx.spinner(size="2")),
        rx.spacer(),
        rx.cond(V.provider != "", rx.text("Written by ", V.provider, " · predicted by ", V.predicted_by, size="1",
                                          color_scheme="gray", id="variants-provider")),
        width="100%", align="center", wrap="wrap",
    )


def _test() -> rx.Component:
    return rx.cond(V.reason != "", rx.card(rx.vstack(
        rx.hstack(rx.icon("flask-conical", size=16), rx.text("Recommended A/B test", weight="bold", size="2"),
                  align="center"),
        rx.text(V.reason, size="2", id="variants-reason"),
        rx.hstack(rx.switch(checked=V.schedule, on_change=V.set_schedule, id="variants-schedule"),
                  rx.text("Schedule the posts at these times (otherwise they are made as drafts)", size="2"),
                  align="center"),
        rx.button(rx.icon("play", size=14), "Start A/B test", on_click=V.start_test, id="start-ab-test"),
        spacing="2", width="100%"), width="100%"))


def variants_panel() -> rx.Component:
    """The "Variants" button and its dialog, for the composer."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("split", size=14), "Variants", variant="soft", id="open-variants")),
        rx.dialog.content(
            rx.dialog.title("Variants and A/B test"),
            rx.vstack(
                _controls(),
                error_callout(V.error, "variants-error"),
                rx.cond(V.started != "", rx.callout.root(
                    rx.callout.icon(rx.icon("circle-check")),
                    rx.callout.text(V.started, " ", rx.link("See it under Analytics › A/B tests",
                                                            href="/analytics/ab-tests", id="see-ab-tests")),
                    color_scheme="green", id="variants-started", width="100%")),
                rx.foreach(V.notes, lambda note: notice_callout(note, "variants-note")),
                rx.foreach(V.cards, _card),
                _test(),
                rx.hstack(rx.spacer(), rx.dialog.close(rx.button("Close", variant="ghost", type="button")),
                          width="100%"),
                spacing="3", width="100%",
            ),
            max_width="48rem",
        ),
        open=V.is_open, on_open_change=V.toggle,
    )

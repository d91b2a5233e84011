"""The "What goes with higher engagement" card on /analytics (state in `factors_state.py`)."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.factors_state import FactorsState as F

DIRECTION_COLORS = (("up", "green"), ("down", "red"))


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.label),
        rx.table.cell(row.with_rate), rx.table.cell(row.without_rate),
        rx.table.cell(rx.badge(row.difference, color_scheme=rx.match(row.direction, *DIRECTION_COLORS, "gray"))),
        rx.table.cell(rx.text(row.sentence, size="1", color_scheme="gray")),
        class_name="factor-row", data_feature=row.feature)


def factors_card() -> rx.Component:
    heads = ("Posts with", "Engagement with", "without", "Difference", "")
    table = rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                          rx.table.body(rx.foreach(F.rows, _row)), size="1", width="100%")
    return rx.box(rx.cond(F.can_read, rx.card(rx.vstack(
        rx.text("What goes with higher engagement", weight="bold", size="3"),
        rx.cond(F.rows.length() > 0, table,
                rx.text(rx.cond(F.loaded, "Too few published posts to compare yet: each trait needs five posts with "
                                "it and five without.", "Reading your posts…"), size="2", color_scheme="gray")),
        rx.text("From the published posts in your history, strongest first; they go together with engagement, which "
                "is not proof that one causes the other.", size="1", color_scheme="gray"),
        spacing="2", width="100%"), width="100%", id="engagement-factors")), on_mount=F.load, width="100%")

"""A/B tests (/analytics/ab-tests): each test's variants, predicted engagement next to the real results, and
the verdict (a winner only when the difference is significant)."""

import reflex as rx

from allin_app.ai import ab_tests
from allin_app.ai.ab_tests_state import ABTestsState as T
from allin_app.analytics.tabs import analytics_tabs
from allin_app.ui.components import empty_state, error_callout, page_header
from allin_app.ui.shell import app_page

HEADS = ("Variant", "Post", "Accounts", "Slot", "Status", "Predicted", "Impressions", "Engagements", "Real rate")
METHOD = (f"Engagement rates are per person reached, as predicted. The verdict compares engagements per impression "
          f"with a two-proportion z-test, once each variant has {ab_tests.MIN_IMPRESSIONS} impressions; a winner is "
          f"named only when the difference is significant ({ab_tests.ALPHA:.0%}, split over the comparisons).")


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.hstack(
            rx.badge(row.key, variant=rx.cond(row.winner, "solid", "soft"),
                     color_scheme=rx.cond(row.winner, "green", "gray")),
            rx.text(row.approach, size="1", color_scheme="gray"), spacing="2", align="center")),
        rx.table.cell(rx.link(row.text, href="/create?post=" + row.post_id, size="2"), max_width="20rem"),
        rx.table.cell(row.accounts), rx.table.cell(row.when), rx.table.cell(rx.badge(row.status, variant="soft")),
        rx.table.cell(row.predicted, class_name="ab-predicted"),
        rx.table.cell(row.impressions), rx.table.cell(row.engagements),
        rx.table.cell(rx.vstack(rx.text(row.real, class_name="ab-real"),
                                rx.text(row.against, size="1", color_scheme="gray"), spacing="0")),
        class_name="ab-variant", data_key=row.key,
    )


def _test(card) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(card.title, size="4"), rx.spacer(), rx.text(card.subtitle, size="1", color_scheme="gray"),
                  width="100%", align="center", wrap="wrap"),
        rx.text(card.reason, size="2", color_scheme="gray"),
        rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in HEADS])),
                      rx.table.body(rx.foreach(card.rows, _row)), size="1", width="100%"),
        rx.cond(card.decided,
                rx.callout(card.verdict, icon="trophy", color_scheme="green", class_name="ab-verdict", width="100%"),
                rx.callout(card.verdict, icon="hourglass", color_scheme="gray", class_name="ab-verdict", width="100%")),
        spacing="3", width="100%"), width="100%", class_name="ab-test", data_id=card.id)


def _tests() -> rx.Component:
    return rx.cond(
        T.tests.length() > 0,
        rx.vstack(rx.foreach(T.tests, _test),
                  rx.cond(T.has_more, rx.button("More tests", variant="soft", on_click=T.more, id="ab-tests-more")),
                  rx.text(METHOD, size="1", color_scheme="gray"), spacing="4", width="100%", id="ab-tests"),
        empty_state("flask-conical", "No A/B tests yet",
                    "Open a post in Create, choose Variants, and start a test from the recommended ones: its "
                    "variants' results appear here once they are published.",
                    rx.link(rx.button("Create a post"), href="/create"), id_="ab-tests-empty"),
    )


@app_page("analytics", "A/B tests", on_load=[T.load], route="/analytics/ab-tests")
def ab_tests_page() -> rx.Component:
    return rx.vstack(
        page_header("A/B tests", "Variants of one message, predicted and then measured."),
        analytics_tabs("ab_tests"),
        error_callout(T.error, "ab-tests-error"),
        rx.cond(T.loaded, rx.cond(T.error == "", _tests()), rx.center(rx.spinner(size="3"), padding="3rem")),
        width="100%", spacing="4",
    )

"""ROI (/analytics/roi): revenue, cost and return of the period, per campaign, post and network, from clicks
on AllIN's short links and the conversions the shop or CRM reports (API, or a CSV uploaded here)."""

import reflex as rx

from allin_app.analytics import roi_import
from allin_app.analytics.chart_view import plot
from allin_app.analytics.roi_state import RoiState as R
from allin_app.analytics.tabs import analytics_tabs
from allin_app.ui.components import error_callout, notice_callout, page_header
from allin_app.ui.shell import app_page

UPLOAD_ID = "conversions-upload"
COLUMNS_HELP = ("Columns: external_id (your order or lead id; importing it again changes nothing), occurred_at "
                "(2026-11-20 14:30, or with its offset), value (49.90), and if you have them currency, utm_campaign, "
                "utm_source, utm_medium, utm_content, short_code (the code or the whole AllIN short link) and post_id. "
                "order_id, date and revenue are understood too.")
ATTRIBUTION_HELP = ("A conversion counts for the post and network of its short link; else for a post named by "
                    "post_id or utm_content=post-<id>; else for the campaign its utm_campaign names (type the "
                    "campaign's name in the composer's UTM campaign field).")


def _card(card) -> rx.Component:
    return rx.card(rx.vstack(rx.text(card.label, size="2", color_scheme="gray"),
                             rx.heading(card.value, size="6", class_name="roi-value"),
                             rx.text(card.hint, size="1", color_scheme="gray"), spacing="1"),
                   id="roi-" + card.key, width="100%")


def _table(heads: tuple[str, ...], rows, row, id_: str, empty: str) -> rx.Component:
    return rx.cond(rows.length() > 0,
                   rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                                 rx.table.body(rx.foreach(rows, row)), size="1", width="100%", id=id_),
                   rx.text(empty, size="2", color_scheme="gray"))


def _campaign_row(line) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.hstack(rx.box(width="0.8rem", height="0.8rem", border_radius="50%",
                                                  background=line.color), rx.text(line.name), align="center")),
        rx.table.cell(line.clicks), rx.table.cell(line.conversions), rx.table.cell(line.rate),
        rx.table.cell(line.revenue), rx.table.cell(rx.vstack(rx.text(line.cost), rx.text(line.basis, size="1",
                                                                                         color_scheme="gray"),
                                                             spacing="0")),
        rx.table.cell(line.cpc), rx.table.cell(line.cac),
        rx.table.cell(rx.badge(line.roi, color_scheme=rx.cond(line.positive, "green", "red"))),
        class_name="roi-campaign", data_campaign=line.id)


def _post_row(line) -> rx.Component:
    return rx.table.row(rx.table.cell(rx.link(line.text, href="/create?post=" + line.id), max_width="22rem"),
                        rx.table.cell(line.networks), rx.table.cell(line.campaign), rx.table.cell(line.clicks),
                        rx.table.cell(line.conversions), rx.table.cell(line.rate), rx.table.cell(line.revenue),
                        class_name="roi-post", data_post=line.id)


def _figures() -> rx.Component:
    def section(title: str, child: rx.Component) -> rx.Component:
        return rx.card(rx.vstack(rx.heading(title, size="4"), child, spacing="3", width="100%"), width="100%")

    return rx.vstack(
        rx.grid(rx.foreach(R.cards, _card), columns=rx.breakpoints(initial="1", sm="2", lg="4"), spacing="3",
                width="100%", id="roi-cards"),
        rx.cond(R.other_currencies != "", rx.callout(
            "Also reported in other currencies, not counted in revenue or ROI: " + R.other_currencies + ".",
            icon="info", color_scheme="amber", width="100%", id="roi-other-currencies")),
        rx.cond(R.unattributed != "", rx.text(R.unattributed, size="2", color_scheme="gray", id="roi-unattributed")),
        rx.card(plot(R.fig_daily, "chart-roi-daily"), width="100%"),
        section("Campaigns", _table(
            ("Campaign", "Clicks", "Conversions", "Conversion rate", "Revenue", "Cost", "Cost per click", "CAC", "ROI"),
            R.campaigns, _campaign_row, "roi-campaigns", "No campaign had clicks, conversions or costs in this period.")),
        rx.grid(rx.card(plot(R.fig_campaigns, "chart-roi-campaigns"), width="100%"),
                rx.card(plot(R.fig_networks, "chart-roi-networks"), width="100%"),
                columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%"),
        section("Revenue per post", _table(
            ("Post", "Networks", "Campaign", "Clicks", "Conversions", "Conversion rate", "Revenue"), R.posts,
            _post_row, "roi-posts", "No post had clicks or conversions in this period.")),
        spacing="4", width="100%")


def _preview_row(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(line.number), rx.table.cell(line.external_id), rx.table.cell(line.when, white_space="nowrap"),
        rx.table.cell(line.value),
        rx.table.cell(rx.cond(line.ok, rx.badge("Ready", color_scheme="green"),
                              rx.text(line.problems, color_scheme="red", size="2", class_name="row-error"))),
        class_name=rx.cond(line.ok, "preview-row preview-row-ok", "preview-row preview-row-bad"),
        id="conversion-row-" + line.number)


def _preview() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(rx.text.strong(R.file_name), ": ", R.valid_rows, " of ", R.total_rows, " rows ready",
                          id="conversions-summary"),
                  rx.spacer(),
                  rx.button("Cancel", variant="soft", color_scheme="gray", on_click=R.cancel_import),
                  rx.button("Import", on_click=[R.start_importing, R.confirm_import], loading=R.importing,
                            disabled=R.valid_rows == 0, id="confirm-conversions"),
                  width="100%", align="center"),
        rx.cond(R.ignored != "", rx.text("Columns not used: ", R.ignored, size="2", color_scheme="gray")),
        rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
            "Row", "Id", "When", "Value", "Problems")])), rx.table.body(rx.foreach(R.preview, _preview_row)),
            size="1", width="100%", id="conversions-preview"),
        spacing="2", width="100%")


def _import() -> rx.Component:
    zone = rx.upload(
        rx.vstack(rx.icon("file-spreadsheet", size=28, color=rx.color("accent", 9)),
                  rx.text("Drop a CSV of conversions here, or click to choose one", weight="medium"),
                  rx.text(f"At most {roi_import.MAX_ROWS:,} rows and {roi_import.MAX_BYTES // 1_000_000} MB; comma, "
                          "semicolon or tab between cells.", size="1", color_scheme="gray"),
                  align="center", spacing="1"),
        id=UPLOAD_ID, multiple=False, max_files=1, max_size=roi_import.MAX_BYTES,
        accept={"text/csv": [".csv"], "text/plain": [".csv", ".txt", ".tsv"]},
        on_drop=R.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border=f"2px dashed {rx.color('gray', 6)}", border_radius="12px", padding="1.25rem", width="100%",
        cursor="pointer")
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("upload", size=18), rx.heading("Import conversions", size="4"), align="center"),
        rx.text(COLUMNS_HELP, size="2", color_scheme="gray"),
        rx.text(ATTRIBUTION_HELP, size="2", color_scheme="gray"),
        rx.text("Or send them from your shop: POST /api/v1/analytics/conversions (see the API docs).", size="2",
                color_scheme="gray"),
        rx.cond(R.file_name != "", _preview(), zone),
        error_callout(R.import_error, "conversions-error"),
        notice_callout(R.import_notice, "conversions-notice"),
        spacing="3", width="100%"), width="100%", id="conversions-import")


@app_page("analytics", "ROI", on_load=[R.load], route="/analytics/roi")
def roi_page() -> rx.Component:
    return rx.vstack(
        page_header("ROI and attribution", "What social media brings in, against what it costs."),
        analytics_tabs("roi"),
        rx.hstack(rx.text(R.period_text, size="2", color_scheme="gray", id="roi-period"), rx.spacer(),
                  rx.select.root(rx.select.trigger(id="roi-preset", min_width="10rem"),
                                 rx.select.content(rx.foreach(R.presets, lambda p: rx.select.item(p[1], value=p[0]))),
                                 value=R.preset, on_change=R.choose_preset),
                  width="100%", align="center"),
        error_callout(R.error, id_="roi-error"),
        rx.cond(R.loaded, _figures(), rx.cond(R.error == "", rx.center(rx.spinner(size="3"), padding="3rem"))),
        rx.cond(R.can_import, _import()),
        width="100%", spacing="4", id="roi",
    )

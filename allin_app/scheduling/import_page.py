"""Import and export (/calendar/import): posts from a CSV with a preview of every row's problems,
scheduled and published posts out as CSV or JSON, and private calendar feed URLs."""

import reflex as rx

from allin_app.scheduling import csv_io
from allin_app.scheduling.import_state import ImportState as S
from allin_app.ui.components import error_callout, notice_callout, page_header
from allin_app.ui.shell import app_page

UPLOAD_ID = "csv-upload"
COLUMNS_HELP = ("Columns: text, accounts (network names such as twitter or facebook, or handles such as "
                "twitter:@bloomcoffee, separated by ;), scheduled_at (2026-12-01 09:00, or with its offset "
                "2026-12-01T09:00:00+01:00; empty imports a draft), and if you like timezone, link, title, "
                "first_comment, campaign (its name) and text:<network> for a network's own words.")
LIMITS_HELP = (f"UTF-8 (with or without BOM) or UTF-16; comma, semicolon or tab between cells; at most "
               f"{csv_io.MAX_ROWS:,} rows and {csv_io.MAX_BYTES // 1_000_000} MB.")


def _section(title: str, icon: str, *children: rx.Component, id_: str) -> rx.Component:
    return rx.card(rx.vstack(rx.hstack(rx.icon(icon, size=18), rx.heading(title, size="4"), align="center"),
                             *children, spacing="3", width="100%"), width="100%", id=id_)


def _upload_zone() -> rx.Component:
    return rx.upload(
        rx.vstack(rx.icon("file-spreadsheet", size=28, color=rx.color("accent", 9)),
                  rx.text("Drop a CSV file here, or click to choose one", weight="medium"),
                  rx.text(LIMITS_HELP, size="1", color_scheme="gray"), align="center", spacing="1"),
        id=UPLOAD_ID, multiple=False, max_files=1, max_size=csv_io.MAX_BYTES,
        accept={"text/csv": [".csv"], "text/plain": [".csv", ".txt", ".tsv"]},
        on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
        border=f"2px dashed {rx.color('gray', 6)}", border_radius="12px", padding="1.25rem", width="100%",
        cursor="pointer",
    )


def _preview_row(row) -> rx.Component:
    problem = row["status"] == "bad"
    return rx.table.row(
        rx.table.cell(row["number"]),
        rx.table.cell(row["text"], max_width="22rem"),
        rx.table.cell(row["accounts"]),
        rx.table.cell(row["when"], white_space="nowrap"),
        rx.table.cell(rx.cond(problem, rx.text(row["problems"], color_scheme="red", size="2", class_name="row-error"),
                              rx.badge("Ready", color_scheme="green"))),
        class_name=rx.cond(problem, "preview-row preview-row-bad", "preview-row preview-row-ok"),
        id="preview-row-" + row["number"],
    )


def _preview() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(rx.text.strong(S.file_name), ": ", S.valid_count, " of ", S.total_rows,
                    " rows ready to import", id="preview-summary"),
            rx.spacer(),
            rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel_import, id="cancel-import"),
            rx.button(rx.cond(S.valid_count == 1, "Import 1 post", "Import " + S.valid_count.to_string() + " posts"),
                      on_click=[S.start_importing, S.confirm_import], loading=S.importing,
                      disabled=S.valid_count == 0, id="confirm-import"),
            width="100%", align="center",
        ),
        rx.cond(S.ignored != "", rx.text("Columns not used: ", S.ignored, size="2", color_scheme="gray")),
        rx.cond(S.rows.length() < S.total_rows,
                rx.text("Showing every row with a problem and the first ready ones.", size="2", color_scheme="gray")),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(name) for name in
                                           ("Row", "Text", "Accounts", "When", "Problems")])),
            rx.table.body(rx.foreach(S.rows, _preview_row)),
            width="100%", size="1", id="preview-table",
        ),
        width="100%", spacing="2",
    )


def _import_section() -> rx.Component:
    return _section(
        "Import posts from a spreadsheet", "upload",
        rx.text(COLUMNS_HELP, size="2", color_scheme="gray"),
        rx.text("Nothing is saved until you confirm; rows with problems are left out.", size="2", color_scheme="gray"),
        rx.text("Times without an offset are read in ", rx.text.strong(S.zone),
                " (the organization's zone) unless the row's timezone says otherwise.", size="2", color_scheme="gray"),
        rx.cond(S.file_name != "", _preview(), _upload_zone()),
        error_callout(S.error, "import-error"),
        notice_callout(S.notice, "import-notice"),
        rx.cond(S.notice != "", rx.link("See the posts in Content", href="/content", id="see-imported")),
        rx.cond(S.warnings.length() > 0, rx.callout(rx.vstack(rx.foreach(S.warnings, lambda w: rx.text(w, size="2"))),
                                                    icon="triangle-alert", color_scheme="amber", width="100%",
                                                    id="import-warnings")),
        id_="import-section",
    )


def _export_section() -> rx.Component:
    return _section(
        "Export scheduled and published posts", "download",
        rx.text("Each post with its accounts, times (your organization's zone and UTC), publish time and links. "
                "Leave a date empty for no limit on that side.", size="2", color_scheme="gray"),
        rx.hstack(
            rx.text("From", size="2", as_="label", html_for="export-from"),
            rx.input(type="date", id="export-from", value=S.export_from, on_change=S.set_export_from),
            rx.text("to", size="2", as_="label", html_for="export-to"),
            rx.input(type="date", id="export-to", value=S.export_to, on_change=S.set_export_to),
            rx.select.root(rx.select.trigger(id="export-format"), rx.select.content(
                rx.select.item("CSV", value="csv"), rx.select.item("JSON", value="json")),
                value=S.export_format, on_change=S.set_export_format),
            rx.button(rx.icon("download", size=14), "Download", on_click=S.download_export, id="export-download"),
            align="center", spacing="2", wrap="wrap",
        ),
        id_="export-section",
    )


def _feed_row(feed) -> rx.Component:
    return rx.hstack(
        rx.icon("link", size=14), rx.text("Feed created ", feed["created"], size="2"), rx.spacer(),
        rx.button("Revoke", size="1", variant="soft", color_scheme="red", on_click=S.revoke_feed(feed["id"]),
                  class_name="revoke-feed"),
        width="100%", align="center", class_name="feed-row",
    )


def _feed_section() -> rx.Component:
    return _section(
        "Calendar feed", "calendar-sync",
        rx.text("Subscribe from Google Calendar, Apple Calendar or Outlook to see scheduled and recently published "
                "posts there. The address is private: anyone holding it sees these posts, so revoke it if it leaks.",
                size="2", color_scheme="gray"),
        rx.cond(S.new_feed_url != "", rx.vstack(
            rx.text("Copy this address now: it is shown only once.", size="2", weight="medium"),
            rx.hstack(rx.input(value=S.new_feed_url, read_only=True, width="100%", id="new-feed-url"),
                      rx.button(rx.icon("copy", size=14), "Copy", on_click=rx.set_clipboard(S.new_feed_url)),
                      width="100%"),
            width="100%", spacing="1")),
        rx.foreach(S.feeds, _feed_row),
        error_callout(S.feed_error, "feed-error"),
        rx.button(rx.icon("plus", size=14), "Create a feed address", variant="soft", on_click=S.create_feed,
                  id="create-feed"),
        id_="feed-section",
    )


@app_page("calendar", "Import posts", on_load=[S.load], route="/calendar/import")
def calendar_import() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("Calendar", size="2"), align="center"),
                href="/calendar"),
        page_header("Import and export", "Bring posts in from a spreadsheet, take them out, or follow them in your "
                                         "calendar app."),
        rx.cond(S.can_import, _import_section()),
        rx.cond(S.can_export, _export_section()),
        _feed_section(),
        width="100%", spacing="4", max_width="64rem",
    )

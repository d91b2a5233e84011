"""Reports (/analytics/reports): saved reports, the report builder, generating a file with its progress,
recent files, email schedules, and the posts export."""

import reflex as rx

from allin_app.analytics import report_spec as spec
from allin_app.analytics.report_schedules_state import ReportSchedulesState as S
from allin_app.analytics.reports_state import NETWORK_CHOICES
from allin_app.analytics.reports_state import ReportsState as R
from allin_app.analytics.tabs import analytics_tabs
from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page

STATUS_COLORS = {"queued": "gray", "running": "blue", "done": "green", "failed": "red"}
HOURS = [str(h) for h in range(24)]


def _label(text: str, control: rx.Component, error_field: str = "", error=None, field=None) -> rx.Component:
    message = rx.fragment()
    if error_field:
        message = rx.cond(field == error_field, rx.text(error, color_scheme="red", size="2",
                                                        id=f"report-{error_field}-error"))
    return rx.vstack(rx.text(text, size="2", weight="medium"), control, message, spacing="1", width="100%")


def _checks(group: str, choices, picked, key: str = "key", label: str = "label") -> rx.Component:
    return rx.flex(rx.foreach(choices, lambda c: rx.checkbox(
        c[label], checked=picked.contains(c[key]), on_change=lambda on: R.pick(group, c[key], on),
        class_name=f"report-{group}")), wrap="wrap", spacing="4")


# ---- the builder ----

def _builder() -> rx.Component:
    metrics = [{"key": k, "label": v} for k, v in spec.METRICS.items()]
    presets = [rx.select.item(label, value=key) for key, label in spec.PRESETS.items()]
    err, field = R.form_error, R.form_error_field
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(R.editing_id != "", "Edit report", "New report")),
        rx.vstack(
            _label("Name", rx.input(value=R.form["name"], on_change=lambda v: R.set_field("name", v),
                                    placeholder="e.g. Monthly client report", id="report-name", width="100%"),
                   "name", err, field),
            _label("Sections", _checks("sections", R.section_choices, R.picked_sections), "sections", err, field),
            rx.cond(R.basic_only, rx.text("Basic reports cover the posts you wrote.", size="1", color_scheme="gray")),
            _label("Metrics", _checks("metrics", metrics, R.picked_metrics), "metrics", err, field),
            rx.grid(
                _label("Date range", rx.select.root(rx.select.trigger(id="report-range"), rx.select.content(*presets),
                                                    value=R.form["range_preset"],
                                                    on_change=lambda v: R.set_field("range_preset", v)),
                       "range_preset", err, field),
                rx.cond(R.form["range_preset"] == "custom", _label("From", rx.input(
                    type="date", value=R.form["start_on"], on_change=lambda v: R.set_field("start_on", v),
                    id="report-start"), "start_on", err, field)),
                rx.cond(R.form["range_preset"] == "custom", _label("To", rx.input(
                    type="date", value=R.form["end_on"], on_change=lambda v: R.set_field("end_on", v),
                    id="report-end"), "end_date", err, field)),
                columns="3", spacing="3", width="100%"),
            _label("Networks (none ticked: all)", _checks("networks", NETWORK_CHOICES, R.picked_networks),
                   "networks", err, field),
            rx.cond(R.account_choices.length() > 0, _label(
                "Accounts (none ticked: all)", _checks("accounts", R.account_choices, R.picked_accounts, "id", "name"))),
            rx.cond(R.campaign_choices.length() > 0, _label(
                "Campaigns (none ticked: all)",
                _checks("campaigns", R.campaign_choices, R.picked_campaigns, "id", "name"))),
            rx.checkbox("Branding: the agency's logo, name and colours on the report", checked=R.form_branding,
                        on_change=R.set_form_branding, id="report-branding"),
            rx.cond((err != "") & ~rx.Var.create(["name", "sections", "metrics", "range_preset", "start_on",
                                                  "end_date"]).contains(field),
                    rx.callout(err, color_scheme="red", icon="triangle-alert", id="report-form-error")),
            rx.hstack(
                rx.cond(R.editing_id != "", rx.button("Delete report", color_scheme="red", variant="soft",
                                                      on_click=R.delete, id="delete-report")),
                rx.spacer(),
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Save report", on_click=R.save, id="save-report"), width="100%"),
            spacing="3", width="100%"),
        max_width="46rem"), open=R.form_open, on_open_change=R.set_form_open)


# ---- schedules ----

def _schedule_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["when"]), rx.table.cell(row["recipients"]), rx.table.cell(row["formats"]),
        rx.table.cell(row["next"]), rx.table.cell(row["last"]),
        rx.table.cell(rx.hstack(
            rx.button("Edit", size="1", variant="soft", on_click=S.edit(row["id"])),
            rx.button("Remove", size="1", variant="soft", color_scheme="red", on_click=S.remove(row["id"])),
            spacing="2")),
        class_name="schedule-row")


def _schedule_form() -> rx.Component:
    weekdays = [rx.select.item(name, value=str(i)) for i, name in enumerate(spec.WEEKDAYS)]
    formats = [{"key": k, "label": v[0]} for k, v in spec.FORMATS.items()]
    return rx.vstack(
        rx.heading(rx.cond(S.editing_id != "", "Edit schedule", "Add a schedule"), size="3"),
        rx.grid(
            _label("How often", rx.select.root(rx.select.trigger(id="schedule-frequency"), rx.select.content(
                *[rx.select.item(v, value=k) for k, v in spec.FREQUENCIES.items()]),
                value=S.form["frequency"], on_change=lambda v: S.set_field("frequency", v))),
            rx.cond(S.form["frequency"] == "weekly",
                    _label("On", rx.select.root(rx.select.trigger(), rx.select.content(*weekdays),
                                                value=S.form["weekday"], on_change=lambda v: S.set_field("weekday", v))),
                    _label("On day", rx.input(type="number", min=1, max=31, value=S.form["day_of_month"],
                                              on_change=lambda v: S.set_field("day_of_month", v)))),
            _label("At (hour, organization time)", rx.select(HOURS, value=S.form["hour"],
                                                             on_change=lambda v: S.set_field("hour", v))),
            columns="3", spacing="3", width="100%"),
        _label("Recipients (emails, separated by commas)", rx.input(
            value=S.form["recipients"], on_change=lambda v: S.set_field("recipients", v), width="100%",
            placeholder="client@example.com, boss@example.com", id="schedule-recipients")),
        _label("Attach", rx.flex(*[rx.checkbox(f["label"], checked=S.formats.contains(f["key"]),
                                               on_change=lambda on, key=f["key"]: S.pick_format(key, on))
                                   for f in formats], spacing="4")),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2", id="schedule-error")),
        rx.hstack(rx.cond(S.editing_id != "", rx.button("Cancel", variant="soft", color_scheme="gray",
                                                        on_click=S.cancel_edit)),
                  rx.button("Save schedule", on_click=S.save, id="save-schedule"), justify="end", width="100%"),
        spacing="3", width="100%")


def _schedules_dialog() -> rx.Component:
    headers = ("When", "Recipients", "Files", "Next", "Last sent", "")
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Schedules: ", S.report_name),
        rx.dialog.description("The report is made with your permissions when it is due and mailed with the files "
                              "attached.", size="2"),
        rx.cond(S.rows.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                              rx.table.body(rx.foreach(S.rows, _schedule_row)), width="100%", size="1"),
                rx.text("Not sent by email yet.", color_scheme="gray", size="2")),
        rx.separator(margin_y="1rem"),
        _schedule_form(),
        max_width="52rem"), open=S.dialog_open, on_open_change=S.set_dialog_open)


# ---- the lists ----

def _report_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["name"], weight="medium"),
                                rx.text(row["sections"], size="1", color_scheme="gray"), spacing="1")),
        rx.table.cell(rx.vstack(rx.text(row["range"]), rx.text(row["period"], size="1", color_scheme="gray"),
                                spacing="1")),
        rx.table.cell(rx.cond(row["branding"] == "yes", rx.badge("Branded"), rx.badge("Plain", color_scheme="gray"))),
        rx.table.cell(row["schedules"]),
        rx.table.cell(rx.hstack(
            rx.button(rx.icon("file-down", size=14), "Generate", size="1", on_click=R.generate(row["id"]),
                      disabled=R.generating, class_name="generate-report"),
            rx.cond(R.can_schedule, rx.button("Schedules", size="1", variant="soft", on_click=S.open_for(row["id"]),
                                              class_name="report-schedules")),
            rx.cond(R.can_edit, rx.button("Edit", size="1", variant="soft", on_click=R.open_edit(row["id"]),
                                          class_name="edit-report")),
            spacing="2")),
        class_name="report-row")


def _run_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["report"]), rx.table.cell(row["format"]),
        rx.table.cell(rx.badge(row["status_label"], color_scheme=rx.match(row["status"], *STATUS_COLORS.items(),
                                                                            "gray"))),
        rx.table.cell(rx.cond(row["scheduled"] == "yes", "Schedule", "By hand")),
        rx.table.cell(row["when"]),
        rx.table.cell(rx.cond(row["status"] == "done",
                              rx.button(rx.icon("download", size=14), row["file"], size="1", variant="ghost",
                                        on_click=R.download(row["id"]), class_name="download-run"),
                              rx.text(row["error"], size="1", color_scheme="red"))),
        class_name="run-row")


def _progress() -> rx.Component:
    return rx.cond(R.generating, rx.card(rx.vstack(
        rx.text("Making ", R.gen_report, "… ", R.gen_progress, " %", size="2", id="report-progress-text"),
        rx.progress(value=R.gen_progress, max=100, width="100%", id="report-progress"), width="100%"),
        width="100%"))


def _posts_export() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Take your history with you", size="3"),
        rx.text("Every post published in the period with its figures, as CSV or JSON.", size="2",
                color_scheme="gray"),
        rx.hstack(
            rx.input(type="date", value=R.export_from, on_change=lambda v: R.set_export("from", v), id="export-from"),
            rx.input(type="date", value=R.export_to, on_change=lambda v: R.set_export("to", v), id="export-to"),
            rx.select(["csv", "json"], value=R.export_format, on_change=lambda v: R.set_export("format", v)),
            rx.button("Export posts", on_click=R.export_posts, id="export-posts"), spacing="2", align="center"),
        spacing="2"), width="100%")


def _reports() -> rx.Component:
    headers = ("Report", "Period", "Branding", "Schedules", "")
    format_items = [rx.select.item(v[0], value=k) for k, v in spec.FORMATS.items()]
    return rx.vstack(
        rx.hstack(
            rx.text("Format", size="2"),
            rx.select.root(rx.select.trigger(id="report-format"), rx.select.content(*format_items),
                           value=R.chosen_format, on_change=R.set_chosen_format),
            rx.spacer(),
            rx.cond(R.can_edit, rx.button(rx.icon("plus", size=16), "New report", on_click=R.open_new,
                                          id="new-report")),
            width="100%", align="center"),
        _progress(),
        rx.cond(R.rows.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                              rx.table.body(rx.foreach(R.rows, _report_row)), width="100%", id="reports-table"),
                empty_state("file-text", "No saved reports yet",
                            "A report gathers the figures you pick, for a period, as a PDF, Excel, PowerPoint or CSV "
                            "file. Managers build them; clients open and download them here.", id_="reports-empty")),
        rx.cond(R.runs.length() > 0, rx.vstack(
            rx.heading("Recent files", size="4"),
            rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in (
                "Report", "Format", "Status", "Made", "When", "File")])),
                rx.table.body(rx.foreach(R.runs, _run_row)), width="100%", id="runs-table"),
            width="100%", spacing="2")),
        rx.cond(R.can_export_posts, _posts_export()),
        _builder(), _schedules_dialog(),
        width="100%", spacing="4")


@app_page("analytics", "Reports", on_load=[R.load], route="/analytics/reports")
def reports_page() -> rx.Component:
    return rx.vstack(
        page_header("Reports", "Saved reports to download or send by email on a schedule."),
        analytics_tabs("reports"),
        rx.cond(~R.loaded, rx.center(rx.spinner(), width="100%"),
                rx.cond(R.denied != "", empty_state("lock", "No reports for your role", R.denied, id_="reports-denied"),
                        _reports())),
        width="100%", id="reports-page")

"""Reflex state of /analytics/reports: the saved reports, the builder, generating a file with its progress
(a background event follows the run in the database while a worker thread makes it), recent files to
download, schedules, and the posts export."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import reflex as rx

from allin_app.analytics import report_export, report_schedules, reports
from allin_app.analytics import report_spec as spec
from allin_app.analytics.charts import network_label
from allin_app.analytics.filters import Filters
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import describe
from allin_app.analytics.report_models import Report, ReportRun, ReportSchedule
from allin_app.auth.state import act_as_signed_in, go_to, requires_sign_in, resume_url
from allin_app.core.clock import as_utc
from allin_app.core.db import session_scope
from allin_app.core.errors import NotSignedIn, ValidationFailed
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

PROGRESS_EVERY = 0.4  # seconds between looks at a run's progress
RECENT_RUNS = 15
STATUS_LABELS = {"queued": "Waiting", "running": "Making", "done": "Ready", "failed": "Failed"}


def _as_id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _day(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(field, "Pick the date with the date field.") from None


def _zone(db, org_id: int):
    return zone_of(db.get(Organization, org_id).timezone)


def report_row(db, report: Report, schedules: int) -> dict[str, str]:
    start, end = reports.period_of(db, report)
    label = spec.PRESETS[report.range_preset]
    return {"id": str(report.id), "name": report.name, "period": describe(start, end),
            "range": label if report.range_preset != "custom" else "Fixed dates",
            "sections": ", ".join(spec.SECTIONS[s] for s in report.sections if s in spec.SECTIONS),
            "branding": "yes" if report.branding else "", "schedules": str(schedules)}


def run_row(db, run: ReportRun, name: str) -> dict[str, str]:
    when = as_utc(run.finished_at or run.started_at).astimezone(_zone(db, run.org_id))
    return {"id": str(run.id), "report": name, "format": spec.FORMATS[run.format][0], "status": run.status,
            "status_label": STATUS_LABELS.get(run.status, run.status), "progress": str(run.progress),
            "when": f"{when:%d %b %Y %H:%M}", "error": run.error, "file": run.file_name,
            "scheduled": "yes" if run.schedule_id else ""}


def schedule_row(db, schedule: ReportSchedule) -> dict[str, str]:
    zone = _zone(db, schedule.org_id)
    last = as_utc(schedule.last_sent_at).astimezone(zone) if schedule.last_sent_at else None
    return {"id": str(schedule.id), "when": report_schedules.describe_schedule(schedule),
            "recipients": ", ".join(schedule.recipients),
            "formats": ", ".join(spec.FORMATS[f][0] for f in schedule.formats),
            "next": f"{as_utc(schedule.next_run_at).astimezone(zone):%d %b %Y %H:%M}" if schedule.active else "Paused",
            "last": f"{last:%d %b %Y %H:%M}" if last else "Not yet"}


def _progress_of(run_id: int) -> int:
    with session_scope() as db:
        return db.get(ReportRun, run_id).progress


class ReportsState(rx.State):
    loaded: bool = False
    denied: str = ""
    can_edit: bool = False
    can_schedule: bool = False
    can_export_posts: bool = False
    basic_only: bool = False
    rows: list[dict[str, str]] = []
    runs: list[dict[str, str]] = []
    chosen_format: str = "pdf"

    # the builder
    form_open: bool = False
    editing_id: str = ""
    form: dict[str, str] = {}
    form_branding: bool = True
    picked_sections: list[str] = []
    picked_metrics: list[str] = []
    picked_networks: list[str] = []
    picked_accounts: list[str] = []
    picked_campaigns: list[str] = []
    section_choices: list[dict[str, str]] = []
    account_choices: list[dict[str, str]] = []
    campaign_choices: list[dict[str, str]] = []
    form_error: str = ""
    form_error_field: str = ""

    # a file being made
    generating: bool = False
    gen_report: str = ""
    gen_progress: int = 0

    # the posts export
    export_from: str = ""
    export_to: str = ""
    export_format: str = "csv"

    # ---- loading ----

    def _show(self, db, actor) -> None:
        can = reports.abilities(actor)
        self.can_edit, self.can_schedule, self.can_export_posts = can.edit, can.schedule, can.export_posts
        self.basic_only = can.basic_only
        if not can.view:
            self.denied, self.rows, self.runs = "Your role has no reports. Ask a manager for the figures you need.", [], []
            return
        self.denied = ""
        found = reports.list_reports(db, actor)
        counts = {r.id: len(report_schedules.list_schedules(db, actor, r.id)) for r in found}
        self.rows = [report_row(db, r, counts[r.id]) for r in found]
        self.runs = [run_row(db, run, name) for run, name in reports.list_runs(db, actor, RECENT_RUNS)]
        self.section_choices = [{"key": key, "label": spec.SECTIONS[key]} for key in can.sections]
        if can.edit:
            choices = reports.builder_choices(db, actor)
            self.account_choices = [{"id": str(i), "name": n} for i, n in choices["accounts"]]
            self.campaign_choices = [{"id": str(i), "name": n} for i, n in choices["campaigns"]]
        if not self.export_to:
            today = reports.today_of(db, actor.org_id)
            self.export_from, self.export_to = (today - timedelta(days=365)).isoformat(), today.isoformat()

    @rx.event
    @requires_sign_in
    async def load(self):
        _, error = await act_as_signed_in(self, self._show)
        if error:
            self.denied = error.message
        self.loaded = True

    @rx.event
    def set_chosen_format(self, value: str):
        self.chosen_format = value if value in spec.FORMATS else "pdf"

    # ---- the builder ----

    @rx.event
    def open_new(self):
        self.editing_id, self.form_error, self.form_error_field = "", "", ""
        self.form = {"name": "", "range_preset": "last_30_days", "start_on": "", "end_on": ""}
        self.form_branding = True
        self.picked_sections = [c["key"] for c in self.section_choices]
        self.picked_metrics = list(spec.DEFAULT_METRICS)
        self.picked_networks, self.picked_accounts, self.picked_campaigns = [], [], []
        self.form_open = True

    @rx.event
    @requires_sign_in
    async def open_edit(self, report_id: str):
        found, error = await act_as_signed_in(self, lambda db, actor: reports.get_report(db, actor, _as_id(report_id)))
        if error:
            return rx.toast.error(error.message)
        self.editing_id, self.form_error, self.form_error_field = str(found.id), "", ""
        self.form = {"name": found.name, "range_preset": found.range_preset,
                     "start_on": found.start_on.isoformat() if found.start_on else "",
                     "end_on": found.end_on.isoformat() if found.end_on else ""}
        self.form_branding = found.branding
        self.picked_sections, self.picked_metrics = list(found.sections), list(found.metrics)
        self.picked_networks = list(found.networks)
        self.picked_accounts = [str(i) for i in found.account_ids]
        self.picked_campaigns = [str(i) for i in found.campaign_ids]
        self.form_open = True

    @rx.event
    def set_form_open(self, value: bool):
        self.form_open = value

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("name", "range_preset", "start_on", "end_on"):
            self.form = {**self.form, name: value}

    @rx.event
    def set_form_branding(self, value: bool):
        self.form_branding = bool(value)

    @rx.event
    def pick(self, group: str, key: str, on: bool):
        if group not in ("sections", "metrics", "networks", "accounts", "campaigns"):
            return
        current = [k for k in getattr(self, f"picked_{group}") if k != key]
        setattr(self, f"picked_{group}", current + ([key] if on else []))

    def _wanted(self) -> reports.ReportSpec:
        return reports.ReportSpec(
            name=self.form.get("name", ""), sections=tuple(self.picked_sections), metrics=tuple(self.picked_metrics),
            range_preset=self.form.get("range_preset", ""), start_on=_day(self.form.get("start_on", ""), "start_on"),
            end_on=_day(self.form.get("end_on", ""), "end_on"), networks=tuple(self.picked_networks),
            account_ids=tuple(_as_id(i) for i in self.picked_accounts),
            campaign_ids=tuple(_as_id(i) for i in self.picked_campaigns), branding=self.form_branding)

    @rx.event
    @requires_sign_in
    async def save(self):
        editing = _as_id(self.editing_id)

        def save(db, actor):
            wanted = self._wanted()
            found = reports.update_report(db, actor, editing, wanted) if editing else reports.create_report(
                db, actor, wanted)
            return found.name

        name, error = await act_as_signed_in(self, save)
        if error:
            self.form_error, self.form_error_field = error.message, getattr(error, "field", "")
            return
        self.form_open = False
        await self.load()
        return rx.toast.success(f"Saved {name}.")

    @rx.event
    @requires_sign_in
    async def delete(self):
        report_id = _as_id(self.editing_id)
        _, error = await act_as_signed_in(self, lambda db, actor: reports.delete_report(db, actor, report_id))
        if error:
            return rx.toast.error(error.message)
        self.form_open = False
        await self.load()
        return rx.toast.success("Report deleted.")

    # ---- generating and downloading ----

    @rx.event(background=True)
    async def generate(self, report_id: str):
        async with self:
            if self.generating:
                return
            fmt = self.chosen_format
            try:
                started, error = await act_as_signed_in(self, lambda db, actor: (
                    reports.start_run(db, actor, _as_id(report_id), fmt).id, actor))
            except NotSignedIn:
                yield go_to(resume_url(self))
                return
            if error:
                yield rx.toast.error(error.message)
                return
            run_id, actor = started
            self.generating, self.gen_progress = True, 0
            self.gen_report = next((r["name"] for r in self.rows if r["id"] == str(report_id)), "")
        worker = asyncio.create_task(asyncio.to_thread(report_export.execute_run, run_id, actor))
        while not worker.done():
            await asyncio.sleep(PROGRESS_EVERY)
            progress = await asyncio.to_thread(_progress_of, run_id)
            async with self:
                self.gen_progress = progress
        run = worker.result()
        async with self:
            self.generating = False
            found, error = await act_as_signed_in(self, lambda db, actor: (
                reports.run_file(db, actor, run_id), [run_row(db, r, n) for r, n in reports.list_runs(db, actor,
                                                                                                      RECENT_RUNS)]))
            if found:
                self.runs = found[1]
        if error or found is None:
            yield rx.toast.error(run.error or (error.message if error else "The report could not be made."))
            return
        yield rx.download(data=found[0].body, filename=found[0].filename, mime_type=found[0].media_type)

    @rx.event
    @requires_sign_in
    async def download(self, run_id: str):
        found, error = await act_as_signed_in(self, lambda db, actor: reports.run_file(db, actor, _as_id(run_id)))
        if error:
            return rx.toast.error(error.message)
        return rx.download(data=found.body, filename=found.filename, mime_type=found.media_type)

    # ---- the posts export ----

    @rx.event
    def set_export(self, name: str, value: str):
        if name == "from":
            self.export_from = value
        elif name == "to":
            self.export_to = value
        elif name == "format" and value in ("csv", "json"):
            self.export_format = value

    @rx.event
    @requires_sign_in
    async def export_posts(self):
        start_text, end_text, fmt = self.export_from, self.export_to, self.export_format

        def export(db, actor):
            start, end = _day(start_text, "start_date"), _day(end_text, "end_date")
            if start is None or end is None:
                raise ValidationFailed("start_date", "Pick the first and the last day.")
            return reports.export_posts(db, actor, Filters(start, end, compare=False), fmt)

        found, error = await act_as_signed_in(self, export)
        if error:
            return rx.toast.error(error.message)
        return rx.download(data=found.body, filename=found.filename, mime_type=found.media_type)


NETWORK_CHOICES = [{"key": key, "label": network_label(key)} for key in ADAPTERS]

"""Reflex state of a report's schedules on /analytics/reports: who gets it by email, when, in which formats."""

from __future__ import annotations

import reflex as rx

from allin_app.analytics import report_schedules, reports
from allin_app.analytics import report_spec as spec
from allin_app.analytics.report_schedules import ScheduleSpec
from allin_app.analytics.reports_state import ReportsState, _as_id, schedule_row
from allin_app.auth.state import act_as_signed_in, requires_sign_in

BLANK = {"frequency": "monthly", "weekday": "0", "day_of_month": "1", "hour": "8", "recipients": ""}


class ReportSchedulesState(rx.State):
    dialog_open: bool = False
    report_id: str = ""
    report_name: str = ""
    rows: list[dict[str, str]] = []
    editing_id: str = ""
    form: dict[str, str] = {}
    formats: list[str] = ["pdf"]
    error: str = ""
    error_field: str = ""

    def _show(self, db, actor, report_id: int) -> None:
        report = reports.get_report(db, actor, report_id)
        self.report_id, self.report_name = str(report.id), report.name
        self.rows = [schedule_row(db, s) for s in report_schedules.list_schedules(db, actor, report.id)]

    def _blank(self) -> None:
        self.editing_id, self.form, self.formats, self.error, self.error_field = "", dict(BLANK), ["pdf"], "", ""

    @rx.event
    @requires_sign_in
    async def open_for(self, report_id: str):
        _, error = await act_as_signed_in(self, lambda db, actor: self._show(db, actor, _as_id(report_id)))
        if error:
            return rx.toast.error(error.message)
        self._blank()
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = value

    @rx.event
    def set_field(self, name: str, value: str):
        if name in BLANK:
            self.form = {**self.form, name: value}

    @rx.event
    def pick_format(self, key: str, on: bool):
        self.formats = [f for f in self.formats if f != key] + ([key] if on and key in spec.FORMATS else [])

    @rx.event
    @requires_sign_in
    async def edit(self, schedule_id: str):
        found, error = await act_as_signed_in(self, lambda db, actor: report_schedules.get_schedule(
            db, actor, _as_id(schedule_id)))
        if error:
            return rx.toast.error(error.message)
        self.editing_id, self.error, self.error_field = str(found.id), "", ""
        self.form = {"frequency": found.frequency, "weekday": str(found.weekday),
                     "day_of_month": str(found.day_of_month), "hour": str(found.hour),
                     "recipients": ", ".join(found.recipients)}
        self.formats = list(found.formats)

    @rx.event
    def cancel_edit(self):
        self._blank()

    @rx.event
    @requires_sign_in
    async def save(self):
        form, formats, report_id, editing = dict(self.form), list(self.formats), _as_id(self.report_id), \
            _as_id(self.editing_id) or None

        def save(db, actor):
            wanted = ScheduleSpec(frequency=form.get("frequency", ""), weekday=_as_id(form.get("weekday")),
                                  day_of_month=_as_id(form.get("day_of_month")), hour=_as_id(form.get("hour")),
                                  recipients=(form.get("recipients", ""),), formats=tuple(formats))
            report_schedules.save_schedule(db, actor, report_id, wanted, editing)
            self._show(db, actor, report_id)

        _, error = await act_as_signed_in(self, save)
        if error:
            self.error, self.error_field = error.message, getattr(error, "field", "")
            return
        self._blank()
        reports_state = await self.get_state(ReportsState)
        await reports_state.load()
        return rx.toast.success("Schedule saved.")

    @rx.event
    @requires_sign_in
    async def remove(self, schedule_id: str):
        report_id = _as_id(self.report_id)

        def remove(db, actor):
            report_schedules.delete_schedule(db, actor, _as_id(schedule_id))
            self._show(db, actor, report_id)

        _, error = await act_as_signed_in(self, remove)
        if error:
            return rx.toast.error(error.message)
        reports_state = await self.get_state(ReportsState)
        await reports_state.load()
        return rx.toast.success("Schedule removed.")

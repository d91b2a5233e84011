"""Reports sent by email, weekly or monthly, at an hour of the organization's zone: the schedules, and the
job that sends the due ones (scheduling/runner.py runs it every few minutes).

Setting up a schedule takes the Advanced Reporting Suite at the organization's level (managers, agency
owners, super admins); a creator's basic reports and a client viewer's read-only access do not mail.
A due report is made with the permissions of the person who scheduled it, as they are at sending time:
someone who has left the organization sends nothing (the run records why).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.analytics import report_spec as spec
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import describe
from allin_app.analytics.report_export import execute_run
from allin_app.analytics.report_models import Report, ReportRun, ReportSchedule, RunStatus
from allin_app.analytics.reports import get_report, reports_dir, start_run, target_of
from allin_app.auth.models import User
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Permission, Scope, require, scope_for
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization

log = logging.getLogger(__name__)
MAX_RECIPIENTS = 20
SCHEDULERS = (Scope.org, Scope.agency_clients, Scope.all)


@dataclass(frozen=True)
class ScheduleSpec:
    frequency: str = "monthly"
    weekday: int = 0
    day_of_month: int = 1
    hour: int = 8
    recipients: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("pdf",)
    active: bool = True


def _may_schedule(actor: Actor, report: Report) -> None:
    require(actor, Permission.generate_reports, target_of(report))
    if scope_for(actor.role, Permission.advanced_reporting) not in SCHEDULERS:
        raise PermissionDenied("Mailing reports on a schedule is for managers and agency owners.")


def list_schedules(db: Session, actor: Actor, report_id: int) -> list[ReportSchedule]:
    report = get_report(db, actor, report_id)
    return list(db.exec(select(ReportSchedule).where(ReportSchedule.report_id == report.id)
                        .order_by(ReportSchedule.id)))


def get_schedule(db: Session, actor: Actor, schedule_id: int) -> ReportSchedule:
    schedule = db.get(ReportSchedule, schedule_id)
    if schedule is None or schedule.org_id != actor.org_id:
        raise NotFound("Schedule not found.")
    get_report(db, actor, schedule.report_id)  # NotFound when the report is out of sight
    return schedule


def save_schedule(db: Session, actor: Actor, report_id: int, wanted: ScheduleSpec,
                  schedule_id: int | None = None) -> ReportSchedule:
    """A new schedule of the report, or changes to one of its schedules; the next sending is worked out anew."""
    report = get_report(db, actor, report_id)
    _may_schedule(actor, report)
    if schedule_id is None:
        schedule = ReportSchedule(org_id=report.org_id, report_id=report.id, created_by_user_id=actor.user_id,
                                  next_run_at=utcnow())
    else:
        schedule = get_schedule(db, actor, schedule_id)
        if schedule.report_id != report.id:
            raise NotFound("Schedule not found.")
    _apply(schedule, wanted)
    schedule.next_run_at = next_run_for(db, schedule, utcnow())
    db.add(schedule)
    db.flush()
    return schedule


def delete_schedule(db: Session, actor: Actor, schedule_id: int) -> None:
    schedule = get_schedule(db, actor, schedule_id)
    _may_schedule(actor, db.get(Report, schedule.report_id))
    db.exec(update(ReportRun).where(col(ReportRun.schedule_id) == schedule.id).values(schedule_id=None))
    record_audit(db, "report.schedule_deleted", actor_user_id=actor.user_id, org_id=schedule.org_id,
                 target=f"report:{schedule.report_id}", detail=", ".join(schedule.recipients)[:500])
    db.delete(schedule)


def _apply(schedule: ReportSchedule, wanted: ScheduleSpec) -> None:
    if wanted.frequency not in spec.FREQUENCIES:
        raise ValidationFailed("frequency", "Send it every week or every month.")
    if wanted.frequency == "weekly" and not 0 <= wanted.weekday <= 6:
        raise ValidationFailed("weekday", "Pick a day of the week.")
    if wanted.frequency == "monthly" and not 1 <= wanted.day_of_month <= 31:
        raise ValidationFailed("day_of_month", "Pick a day between 1 and 31 (the last day in shorter months).")
    if not 0 <= wanted.hour <= 23:
        raise ValidationFailed("hour", "Pick an hour between 0 and 23.")
    formats = [f for f in spec.FORMATS if f in wanted.formats]
    if not formats or len(formats) != len(set(wanted.formats)):
        raise ValidationFailed("formats", "Attach at least one of: PDF, Excel, PowerPoint, CSV.")
    schedule.frequency, schedule.weekday, schedule.day_of_month = wanted.frequency, wanted.weekday, wanted.day_of_month
    schedule.hour, schedule.formats, schedule.active = wanted.hour, formats, bool(wanted.active)
    schedule.recipients = clean_recipients(wanted.recipients)


def clean_recipients(recipients) -> list[str]:
    from email_validator import EmailNotValidError, validate_email

    texts = [recipients] if isinstance(recipients, str) else list(recipients)
    parts = [part.strip() for text in texts for part in re.split(r"[,;\s]+", text or "")]
    raw = list(dict.fromkeys(part for part in parts if part))
    if not raw:
        raise ValidationFailed("recipients", "Enter at least one email address.")
    if len(raw) > MAX_RECIPIENTS:
        raise ValidationFailed("recipients", f"Send it to at most {MAX_RECIPIENTS} people.")
    cleaned, bad = [], []
    for address in raw:
        try:
            cleaned.append(validate_email(address, check_deliverability=False).normalized.lower())
        except EmailNotValidError:
            bad.append(address[:60])
    if bad:
        raise ValidationFailed("recipients", f"Not a valid email address: {', '.join(bad)}.")
    return list(dict.fromkeys(cleaned))


def next_run_for(db: Session, schedule: ReportSchedule, after: datetime) -> datetime:
    zone = zone_of(db.get(Organization, schedule.org_id).timezone)
    return spec.next_send_after(schedule.frequency, schedule.weekday, schedule.day_of_month, schedule.hour, zone,
                                as_utc(after))


def describe_schedule(schedule: ReportSchedule) -> str:
    """'Every Monday at 08:00' / 'Every month on day 1 at 08:00' (the organization's time)."""
    at = f"{schedule.hour:02d}:00"
    if schedule.frequency == "weekly":
        return f"Every {spec.WEEKDAYS[schedule.weekday]} at {at}"
    return f"Every month on day {schedule.day_of_month} at {at}"


# ---- the job -----------------------------------------------------------------------------------


def send_due_reports(now: datetime | None = None) -> int:
    """Send every schedule that is due; returns how many were sent. Each schedule is claimed by moving its
    next sending on (a conditional UPDATE), so two workers never send one twice."""
    now = as_utc(now or utcnow())
    with session_scope() as db:
        due = db.exec(select(ReportSchedule.id, ReportSchedule.next_run_at).where(
            ReportSchedule.active == True, ReportSchedule.next_run_at <= now)).all()
    sent = 0
    for schedule_id, was_due in due:
        if _claim(schedule_id, was_due, now):
            sent += _send(schedule_id, now)
    return sent


def _claim(schedule_id: int, was_due: datetime, now: datetime) -> bool:
    with session_scope() as db:
        schedule = db.get(ReportSchedule, schedule_id)
        following = next_run_for(db, schedule, now)
        claimed = db.exec(update(ReportSchedule).where(
            col(ReportSchedule.id) == schedule_id, col(ReportSchedule.next_run_at) == was_due)
            .values(next_run_at=following)).rowcount
    return claimed == 1


def _send(schedule_id: int, now: datetime) -> int:
    """Make each format as the scheduler, then mail the files to every recipient; 1 when it went out."""
    with session_scope() as db:
        schedule = db.get(ReportSchedule, schedule_id)
        try:
            person = db.get(User, schedule.created_by_user_id)
            if person is None or not person.is_active:
                raise PermissionDenied("the person who set up this schedule no longer has an account.")
            actor = orgs.actor_for(db, person, schedule.org_id)
            runs = [start_run(db, actor, schedule.report_id, fmt, schedule_id=schedule.id).id
                    for fmt in schedule.formats]
        except DomainError as exc:
            _record_failure(db, schedule, str(exc.message))
            return 0
    finished = [execute_run(run_id, actor) for run_id in runs]
    if any(run.status != RunStatus.done for run in finished):
        log.warning("scheduled report %s: %s", schedule_id, "; ".join(r.error for r in finished if r.error))
        return 0
    with session_scope() as db:
        schedule = db.get(ReportSchedule, schedule_id)
        report, org = db.get(Report, schedule.report_id), db.get(Organization, schedule.org_id)
        files = [(run.file_name, spec.FORMATS[run.format][1], (reports_dir() / run.file_path).read_bytes())
                 for run in finished]
        period = describe(finished[0].period_start, finished[0].period_end)
        body = (f"Hello,\n\nAttached: {report.name} for {org.name}, {period}.\n\n"
                f"You receive it {describe_schedule(schedule).lower()} ({org.timezone}). To stop it, ask "
                f"the person who set it up at {org.name}.")
        for recipient in schedule.recipients:
            send_mail(db, recipient, f"{org.name}: {report.name} ({period})", body, files)
        schedule.last_sent_at = now
        db.add(schedule)
    return 1


def _record_failure(db: Session, schedule: ReportSchedule, message: str) -> None:
    """The person behind the schedule cannot make it any more: a failed run says why."""
    log.warning("scheduled report %s not sent: %s", schedule.id, message)
    db.add(ReportRun(org_id=schedule.org_id, report_id=schedule.report_id, schedule_id=schedule.id,
                     format=schedule.formats[0] if schedule.formats else "pdf", status=RunStatus.failed,
                     finished_at=utcnow(), error=f"Not sent: {message}"[:500]))

"""Saved reports and their runs: build, change and delete a report, start a run in a format, follow it,
and fetch its file. The work of a run (figures, charts, the file) is in report_export.py; schedules are
in report_schedules.py.

Who may do what (core/rbac.py, Generate Reports, Export Data, Advanced Reporting Suite): managers and
agency owners build reports on the organization acted in; a content creator builds basic reports (the
sections about posts) and sees only their own; a client viewer opens and downloads the organization's
reports but builds none; team members have no reports. The figures inside a report are the ones the
person who generates it may see (analytics/queries.py forces a creator's own content).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, delete, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.analytics import report_spec as spec
from allin_app.analytics.charts import network_label
from allin_app.analytics.filters import Filters, check_period
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.post_figures import posts_table
from allin_app.analytics.report_models import Report, ReportRun, ReportSchedule, RunStatus
from allin_app.content.models import Campaign
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, Target, allows, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

MAX_NAME = 120
MAX_ACTIVE_RUNS = 3  # runs one person may have rendering at once
STALE_RUN = timedelta(minutes=15)  # a run still "running" after this was cut off (the process stopped)


@dataclass(frozen=True)
class ReportSpec:
    """What the report builder sends."""

    name: str
    sections: tuple[str, ...]
    metrics: tuple[str, ...] = spec.DEFAULT_METRICS
    range_preset: str = "last_30_days"
    start_on: date | None = None
    end_on: date | None = None
    networks: tuple[str, ...] = ()
    account_ids: tuple[int, ...] = ()
    campaign_ids: tuple[int, ...] = ()
    branding: bool = True


@dataclass(frozen=True)
class ReportFile:
    body: bytes
    filename: str
    media_type: str


@dataclass(frozen=True)
class Abilities:
    """What the page offers the actor."""

    view: bool = False
    edit: bool = False
    schedule: bool = False
    export_posts: bool = False
    basic_only: bool = False
    sections: tuple[str, ...] = field(default_factory=tuple)


# ---- who may do what -------------------------------------------------------------------------


def abilities(actor: Actor) -> Abilities:
    view, edit = allows(actor, Permission.generate_reports, write=False), allows(actor, Permission.generate_reports)
    basic = scope_for(actor.role, Permission.generate_reports) is Scope.own
    return Abilities(
        view=view,
        edit=edit,
        schedule=scope_for(actor.role, Permission.advanced_reporting) in (Scope.org, Scope.agency_clients, Scope.all),
        export_posts=allows(actor, Permission.export_data),  # a client viewer's "Reports only": no raw data
        basic_only=basic,
        sections=() if not edit else spec.BASIC_SECTIONS if basic else tuple(spec.SECTIONS),
    )


def target_of(report: Report) -> Target:
    return Target(org_id=report.org_id, owner_id=report.created_by_user_id)


def _sees(actor: Actor, report: Report) -> bool:
    return report.org_id == actor.org_id and allows(actor, Permission.generate_reports, target_of(report), write=False)


# ---- reports ---------------------------------------------------------------------------------


def list_reports(db: Session, actor: Actor) -> list[Report]:
    """The acting organization's reports (a creator's own only), by name."""
    require(actor, Permission.generate_reports, write=False)
    query = select(Report).where(Report.org_id == actor.org_id)
    if scope_for(actor.role, Permission.generate_reports) is Scope.own:
        query = query.where(Report.created_by_user_id == actor.user_id)
    return list(db.exec(query.order_by(Report.name, Report.id)))


def get_report(db: Session, actor: Actor, report_id: int) -> Report:
    require(actor, Permission.generate_reports, write=False)
    report = db.get(Report, report_id)
    if report is None or not _sees(actor, report):
        raise NotFound("Report not found.")
    return report


def create_report(db: Session, actor: Actor, wanted: ReportSpec) -> Report:
    require(actor, Permission.generate_reports, Target(org_id=actor.org_id, owner_id=actor.user_id))
    report = Report(org_id=actor.org_id, name="", created_by_user_id=actor.user_id)
    _apply(db, actor, report, wanted)
    db.add(report)
    db.flush()
    return report


def update_report(db: Session, actor: Actor, report_id: int, wanted: ReportSpec) -> Report:
    report = get_report(db, actor, report_id)
    require(actor, Permission.generate_reports, target_of(report))
    _apply(db, actor, report, wanted)
    report.updated_at = utcnow()
    db.add(report)
    return report


def delete_report(db: Session, actor: Actor, report_id: int) -> None:
    """The report goes with its schedules, its runs and their files."""
    report = get_report(db, actor, report_id)
    require(actor, Permission.generate_reports, target_of(report))
    runs = db.exec(select(ReportRun).where(ReportRun.report_id == report.id)).all()
    for run in runs:
        _remove_file(run.file_path)
    db.exec(delete(ReportRun).where(col(ReportRun.report_id) == report.id))
    db.exec(delete(ReportSchedule).where(col(ReportSchedule.report_id) == report.id))
    record_audit(db, "report.deleted", actor_user_id=actor.user_id, org_id=report.org_id, target=f"report:{report.id}",
                 detail=report.name)
    db.delete(report)


def _apply(db: Session, actor: Actor, report: Report, wanted: ReportSpec) -> None:
    name = " ".join(wanted.name.split())
    if not name:
        raise ValidationFailed("name", "Give the report a name.")
    if len(name) > MAX_NAME:
        raise ValidationFailed("name", f"Use at most {MAX_NAME} characters.")
    allowed = abilities(actor).sections
    sections = [s for s in spec.SECTIONS if s in wanted.sections]
    if not sections or len(sections) != len(set(wanted.sections)):
        raise ValidationFailed("sections", "Pick at least one of the listed sections.")
    if outside := [s for s in sections if s not in allowed]:
        raise ValidationFailed("sections", f"{spec.SECTIONS[outside[0]]} is not part of basic reports: your role "
                                           "reports on your own posts.")
    metrics = [m for m in spec.METRICS if m in wanted.metrics]
    if not metrics or len(metrics) != len(set(wanted.metrics)):
        raise ValidationFailed("metrics", "Pick at least one of the listed metrics.")
    start, end = _range(wanted)
    if unknown := [n for n in wanted.networks if n not in ADAPTERS]:
        raise ValidationFailed("networks", f"Unknown network {unknown[0]!r}.")
    _check_owned(db, SocialAccount, wanted.account_ids, actor.org_id, "Account not found.")
    _check_owned(db, Campaign, wanted.campaign_ids, actor.org_id, "Campaign not found.")
    report.name, report.sections, report.metrics = name, sections, metrics
    report.range_preset, report.start_on, report.end_on = wanted.range_preset, start, end
    report.networks = list(dict.fromkeys(wanted.networks))
    report.account_ids = list(dict.fromkeys(int(i) for i in wanted.account_ids))
    report.campaign_ids = list(dict.fromkeys(int(i) for i in wanted.campaign_ids))
    report.branding = bool(wanted.branding)


def _range(wanted: ReportSpec) -> tuple[date | None, date | None]:
    if wanted.range_preset not in spec.PRESETS:
        raise ValidationFailed("range_preset", f"Pick one of: {', '.join(spec.PRESETS.values())}.")
    if wanted.range_preset != "custom":
        return None, None
    if wanted.start_on is None or wanted.end_on is None:
        raise ValidationFailed("start_on", "Pick the first and the last day.")
    check_period(wanted.start_on, wanted.end_on)
    return wanted.start_on, wanted.end_on


def _check_owned(db: Session, model, ids: tuple[int, ...], org_id: int, message: str) -> None:
    if ids and set(db.exec(select(model.id).where(col(model.id).in_(ids), model.org_id == org_id))) != set(ids):
        raise NotFound(message)


def today_of(db: Session, org_id: int) -> date:
    """The organization's local date now."""
    return utcnow().astimezone(zone_of(db.get(Organization, org_id).timezone)).date()


def period_of(db: Session, report: Report) -> tuple[date, date]:
    return spec.period_for(report.range_preset, today_of(db, report.org_id), report.start_on, report.end_on)


def builder_choices(db: Session, actor: Actor) -> dict[str, list[tuple[int, str]]]:
    """The accounts and campaigns a report of the acting organization may filter on."""
    require(actor, Permission.generate_reports)
    accounts = db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id,
                                                   SocialAccount.disconnected_at == None)
                       .order_by(SocialAccount.network, SocialAccount.display_name)).all()
    campaigns = db.exec(select(Campaign).where(Campaign.org_id == actor.org_id)
                        .order_by(col(Campaign.starts_on).desc())).all()
    return {"accounts": [(a.id, f"{network_label(a.network)} · {a.display_name or a.handle}") for a in accounts],
            "campaigns": [(c.id, c.name) for c in campaigns]}


# ---- runs ------------------------------------------------------------------------------------


def start_run(db: Session, actor: Actor, report_id: int, fmt: str, schedule_id: int | None = None) -> ReportRun:
    """A queued run of the report in `fmt`, for `actor`; report_export.execute_run does the work."""
    report = get_report(db, actor, report_id)
    require(actor, Permission.export_data, target_of(report), write=False)
    if fmt not in spec.FORMATS:
        raise ValidationFailed("format", f"Pick one of: {', '.join(spec.FORMATS)}.")
    busy = db.exec(select(ReportRun.id).where(
        ReportRun.requested_by_user_id == actor.user_id, col(ReportRun.status).in_((RunStatus.queued,
                                                                                     RunStatus.running)),
        ReportRun.started_at > utcnow() - STALE_RUN)).all()
    if len(busy) >= MAX_ACTIVE_RUNS and schedule_id is None:
        raise Conflict(f"{len(busy)} reports are still being made for you: wait for one to finish.")
    start, end = period_of(db, report)
    run = ReportRun(org_id=report.org_id, report_id=report.id, schedule_id=schedule_id, format=fmt,
                    requested_by_user_id=actor.user_id, period_start=start, period_end=end)
    db.add(run)
    db.flush()
    return run


def get_run(db: Session, actor: Actor, run_id: int) -> ReportRun:
    run = db.get(ReportRun, run_id)
    if run is None or run.org_id != actor.org_id:
        raise NotFound("Report run not found.")
    report = db.get(Report, run.report_id)
    if report is None or not _sees(actor, report):
        raise NotFound("Report run not found.")
    return run


def list_runs(db: Session, actor: Actor, limit: int = 20) -> list[tuple[ReportRun, str]]:
    """The newest runs of the reports the actor sees, with each report's name."""
    visible = {r.id: r.name for r in list_reports(db, actor)}
    if not visible:
        return []
    runs = db.exec(select(ReportRun).where(col(ReportRun.report_id).in_(visible))
                   .order_by(col(ReportRun.started_at).desc(), col(ReportRun.id).desc()).limit(limit)).all()
    return [(run, visible[run.report_id]) for run in runs]


def run_file(db: Session, actor: Actor, run_id: int) -> ReportFile:
    run = get_run(db, actor, run_id)
    require(actor, Permission.export_data, target_of(db.get(Report, run.report_id)), write=False)
    if run.status != RunStatus.done:
        raise Conflict("This report is not ready yet." if run.status in (RunStatus.queued, RunStatus.running)
                       else "This report could not be made: generate it again.")
    path = reports_dir() / run.file_path
    if not run.file_path or not path.is_file():
        raise NotFound("The file of this report is gone: generate it again.")
    return ReportFile(path.read_bytes(), run.file_name, spec.FORMATS[run.format][1])


def reports_dir() -> Path:
    return Path(settings.data_dir) / "reports"


def _remove_file(relative: str) -> None:
    if relative:
        try:
            os.remove(reports_dir() / relative)
        except FileNotFoundError:
            pass


# ---- the posts and their figures, to take away ---------------------------------------------------

POST_COLUMNS = ("post_id", "target_id", "published_at", "network", "account", "campaign_id", "content_type", "text",
                "impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views", "engagements",
                "engagement_rate", "click_through")
EXPORT_PAGE = 500


def export_posts(db: Session, actor: Actor, f: Filters, fmt: str) -> ReportFile:
    """Every post published in the period with its lifetime figures, as CSV or JSON (newest first)."""
    if not allows(actor, Permission.export_data):  # a client viewer's "Reports only": reports, not raw data
        raise PermissionDenied("Your role downloads reports, not raw data.")
    if fmt not in ("csv", "json"):
        raise ValidationFailed("format", "Export posts as csv or json.")
    rows, cursor = [], None
    while True:
        page = posts_table(db, actor, f, cursor, EXPORT_PAGE)
        rows += [{name: getattr(row, name) for name in POST_COLUMNS} for row in page.items]
        if not (cursor := page.next_cursor):
            break
    for row in rows:
        row["published_at"] = row["published_at"].isoformat()
    name = f"posts-{f.start.isoformat()}-{f.end.isoformat()}.{fmt}"
    if fmt == "json":
        body = json.dumps({"start_date": f.start.isoformat(), "end_date": f.end.isoformat(),
                           "exported_at": utcnow().isoformat(), "items": rows}, ensure_ascii=False, indent=1)
        return ReportFile(body.encode(), name, "application/json")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=POST_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return ReportFile(out.getvalue().encode("utf-8-sig"), name, "text/csv")

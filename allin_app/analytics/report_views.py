"""REST routes of reports (/api/v1/analytics/reports) and the posts export (/api/v1/analytics/posts/export).

A report is generated as a file: `POST /reports/{id}/generate?format=pdf|xlsx|pptx|csv` answers the file
(200). With `wait=false` it answers 202 at once with the run; follow it with `GET /reports/runs/{run_id}`
(`status`, `progress` 0-100) and fetch the file from `GET /reports/runs/{run_id}/file` once `status` is
`done`. Who may do what follows the matrix (analytics/reports.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Response
from pydantic import BaseModel, Field

from allin_app.analytics import report_export, reports
from allin_app.analytics import report_spec as spec
from allin_app.analytics.report_models import Report, ReportRun
from allin_app.analytics.views import Many, filters_from
from allin_app.api.deps import CurrentCaller, DbSession

router = APIRouter(prefix="/api/v1/analytics", tags=["reports"])
Format = Annotated[str, Query(pattern="^(pdf|xlsx|pptx|csv)$", description="pdf, xlsx, pptx or csv")]


class ReportIn(BaseModel):
    name: str = Field(max_length=200)
    sections: list[str] = Field(description=f"any of: {', '.join(spec.SECTIONS)}")
    metrics: list[str] = Field(default=list(spec.DEFAULT_METRICS), description=f"any of: {', '.join(spec.METRICS)}")
    range_preset: str = Field(default="last_30_days", description=f"one of: {', '.join(spec.PRESETS)}")
    start_date: date | None = Field(default=None, description="with range_preset=custom")
    end_date: date | None = None
    networks: list[str] = []
    account_ids: list[int] = []
    campaign_ids: list[int] = []
    branding: bool = True


class ReportOut(BaseModel):
    id: int
    name: str
    sections: list[str]
    metrics: list[str]
    range_preset: str
    start_date: date | None
    end_date: date | None
    networks: list[str]
    account_ids: list[int]
    campaign_ids: list[int]
    branding: bool
    created_by_user_id: int
    created_at: datetime
    updated_at: datetime


class ReportListOut(BaseModel):
    items: list[ReportOut]
    total: int
    next_cursor: str | None = None


class RunOut(BaseModel):
    id: int
    report_id: int
    format: str
    status: str
    progress: int
    period_start: date | None
    period_end: date | None
    started_at: datetime
    finished_at: datetime | None
    file_name: str
    file_size: int
    error: str
    download_url: str | None


def _spec(body: ReportIn) -> reports.ReportSpec:
    return reports.ReportSpec(name=body.name, sections=tuple(body.sections), metrics=tuple(body.metrics),
                              range_preset=body.range_preset, start_on=body.start_date, end_on=body.end_date,
                              networks=tuple(body.networks), account_ids=tuple(body.account_ids),
                              campaign_ids=tuple(body.campaign_ids), branding=body.branding)


def _report_out(report: Report) -> ReportOut:
    return ReportOut(id=report.id, name=report.name, sections=report.sections, metrics=report.metrics,
                     range_preset=report.range_preset, start_date=report.start_on, end_date=report.end_on,
                     networks=report.networks, account_ids=report.account_ids, campaign_ids=report.campaign_ids,
                     branding=report.branding, created_by_user_id=report.created_by_user_id,
                     created_at=report.created_at, updated_at=report.updated_at)


def _run_out(run: ReportRun) -> RunOut:
    done = run.status == "done"
    return RunOut(id=run.id, report_id=run.report_id, format=run.format, status=run.status, progress=run.progress,
                  period_start=run.period_start, period_end=run.period_end, started_at=run.started_at,
                  finished_at=run.finished_at, file_name=run.file_name, file_size=run.file_size, error=run.error,
                  download_url=f"/api/v1/analytics/reports/runs/{run.id}/file" if done else None)


def _file(found: reports.ReportFile) -> Response:
    return Response(found.body, media_type=found.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{found.filename}"'})


FILE_RESPONSES = {200: {"content": {fmt[1]: {} for fmt in spec.FORMATS.values()},
                        "description": "The report file"}}


@router.get("/reports", response_model=ReportListOut, summary="The organization's saved reports")
def list_reports(caller: CurrentCaller, db: DbSession) -> ReportListOut:
    found = reports.list_reports(db, caller.actor)
    return ReportListOut(items=[_report_out(r) for r in found], total=len(found))


@router.post("/reports", response_model=ReportOut, status_code=201, summary="Save a new report")
def create_report(caller: CurrentCaller, db: DbSession, body: ReportIn) -> ReportOut:
    report = reports.create_report(db, caller.actor, _spec(body))
    return _report_out(report)


@router.get("/reports/runs/{run_id}", response_model=RunOut, summary="A generation's status and progress")
def get_run(caller: CurrentCaller, db: DbSession, run_id: int) -> RunOut:
    return _run_out(reports.get_run(db, caller.actor, run_id))


@router.get("/reports/runs/{run_id}/file", response_class=Response, responses=FILE_RESPONSES,
            summary="The file of a finished generation")
def run_file(caller: CurrentCaller, db: DbSession, run_id: int) -> Response:
    return _file(reports.run_file(db, caller.actor, run_id))


@router.get("/reports/{report_id}", response_model=ReportOut, summary="One saved report")
def get_report(caller: CurrentCaller, db: DbSession, report_id: int) -> ReportOut:
    return _report_out(reports.get_report(db, caller.actor, report_id))


@router.put("/reports/{report_id}", response_model=ReportOut, summary="Change a saved report")
def update_report(caller: CurrentCaller, db: DbSession, report_id: int, body: ReportIn) -> ReportOut:
    return _report_out(reports.update_report(db, caller.actor, report_id, _spec(body)))


@router.delete("/reports/{report_id}", status_code=204, summary="Delete a report with its schedules and files")
def delete_report(caller: CurrentCaller, db: DbSession, report_id: int) -> Response:
    reports.delete_report(db, caller.actor, report_id)
    return Response(status_code=204)


@router.post("/reports/{report_id}/generate", response_class=Response,
             responses={**FILE_RESPONSES, 202: {"model": RunOut, "description": "Started (wait=false)"}},
             summary="Generate the report as a file (or start it, with wait=false)")
def generate(caller: CurrentCaller, db: DbSession, report_id: int, tasks: BackgroundTasks,
             format: Format = "pdf", wait: bool = True) -> Response:
    run = reports.start_run(db, caller.actor, report_id, format)
    db.commit()  # the run is read and written by the generation's own transactions
    if not wait:
        tasks.add_task(report_export.execute_run, run.id, caller.actor)
        return Response(_run_out(run).model_dump_json(), status_code=202, media_type="application/json")
    report_export.execute_run(run.id, caller.actor)
    db.expire_all()
    return _file(reports.run_file(db, caller.actor, run.id))


@router.get("/posts/export", response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}},
            summary="Every post of the period with its figures, as CSV or JSON")
def export_posts(caller: CurrentCaller, db: DbSession, start_date: date | None = None, end_date: date | None = None,
                 network: Many = None, account_id: Many = None, campaign_id: Many = None, content_type: Many = None,
                 author_id: Many = None, format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
                 ) -> Response:
    f = filters_from(db, caller.actor, start_date, end_date, network, account_id, campaign_id, content_type,
                     author_id, None)
    return _file(reports.export_posts(db, caller.actor, f, format))

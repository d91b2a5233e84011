"""Saved reports (what to show, for which period and filters), their email schedules, and each time one
was generated (a run: its progress while it renders, then the file)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class Report(SQLModel, table=True):
    __tablename__ = "reports"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    name: str = Field(max_length=120)
    sections: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # report_spec.SECTIONS
    metrics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # report_spec.METRICS
    range_preset: str = Field(default="last_30_days", max_length=20)  # report_spec.PRESETS, or "custom"
    start_on: date | None = None  # custom range only (inclusive, the organization's local days)
    end_on: date | None = None
    networks: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    account_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    campaign_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    branding: bool = True  # the agency's white label (or AllIN's) on the cover and every page
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ReportSchedule(SQLModel, table=True):
    """Mail a report to recipients every week or month, at an hour of the organization's zone."""

    __tablename__ = "report_schedules"
    __table_args__ = (Index("ix_report_schedules_due", "active", "next_run_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    report_id: int = Field(foreign_key="reports.id", index=True)
    frequency: str = Field(default="monthly", max_length=10)  # weekly | monthly
    weekday: int = 0  # weekly: Monday = 0
    day_of_month: int = 1  # monthly: 1-31, the month's last day when it has fewer
    hour: int = 8  # local hour, 0-23
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    formats: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True
    next_run_at: datetime  # UTC
    last_sent_at: datetime | None = None
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class ReportRun(SQLModel, table=True):
    """One generation of a report in one format: asked for on the page or the API, or by a schedule."""

    __tablename__ = "report_runs"
    __table_args__ = (Index("ix_report_runs_report_started", "report_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    report_id: int = Field(foreign_key="reports.id")
    schedule_id: int | None = Field(default=None, foreign_key="report_schedules.id")
    requested_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    format: str = Field(max_length=8)  # pdf | xlsx | pptx | csv
    status: str = Field(default=RunStatus.queued, max_length=10)
    progress: int = 0  # 0-100, moves as the sections render
    period_start: date | None = None
    period_end: date | None = None
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    file_path: str = Field(default="", max_length=300)  # under <data_dir>/reports
    file_name: str = Field(default="", max_length=200)
    file_size: int = 0
    error: str = Field(default="", max_length=500)

"""Scheduling: per-account queues, recurring series, the publisher's delivery ledger and heartbeat,
the organization's publishing settings, and private calendar feeds."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class PublishingSettings(SQLModel, table=True):
    """An organization's publishing rules; a missing row means the defaults."""

    __tablename__ = "publishing_settings"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    min_gap_minutes: int = 30  # two posts on one account closer than this are a conflict
    grace_minutes: int = 60  # after downtime, a post this late still goes out; later ones are missed
    require_approval: bool = False  # only approved posts are published


class QueueSlot(SQLModel, table=True):
    """A time an account posts on a weekday, in the organization's time zone."""

    __tablename__ = "queue_slots"
    __table_args__ = (UniqueConstraint("account_id", "weekday", "at", name="uq_queue_slot"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    account_id: int = Field(foreign_key="social_accounts.id", index=True)
    weekday: int  # 0 = Monday
    at: time


class QueueState(SQLModel, table=True):
    __tablename__ = "queue_states"

    account_id: int = Field(foreign_key="social_accounts.id", primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    paused: bool = False


class RecurringSeries(SQLModel, table=True):
    """A post that repeats: an RFC 5545 rule in a time zone, with skipped dates and rotating variants."""

    __tablename__ = "recurring_series"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    # The post whose words, accounts and media every occurrence copies. No foreign key: posts point at
    # their series, and a cycle of keys would stop tables being created or dropped in order.
    source_post_id: int = Field(index=True)
    rule: str = Field(max_length=500)  # RRULE text, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10
    starts_at: datetime  # UTC; its local time of day is kept across daylight-saving changes
    timezone: str = Field(max_length=64)
    skip_dates: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # ISO dates
    variants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # rotated texts
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class DeliveryAttempt(SQLModel, table=True):
    """The delivery ledger: every try of a target, what was sent (its fingerprint) and what came back."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (UniqueConstraint("target_id", "number", name="uq_delivery_attempt_number"),)

    id: int | None = Field(default=None, primary_key=True)
    target_id: int = Field(foreign_key="post_targets.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    number: int
    worker: str = Field(max_length=80)
    fingerprint: str = Field(max_length=64)  # sha256 of what was sent: matched when reconciling
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # published, retry, failed, unknown (the request may have landed), found, not_found (reconciled)
    outcome: str = Field(default="", max_length=12)
    external_id: str | None = Field(default=None, max_length=200)
    detail: str = Field(default="", max_length=1000)


class SchedulerBeat(SQLModel, table=True):
    """The publisher's last tick, per worker: what the health check reads."""

    __tablename__ = "scheduler_beats"

    worker: str = Field(max_length=80, primary_key=True)
    ticked_at: datetime = Field(default_factory=utcnow)
    published: int = 0  # targets this worker published since it started


class CalendarFeed(SQLModel, table=True):
    """A private, revocable iCal URL: the token is shown once and stored hashed."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (Index("ix_calendar_feeds_token", "token_hash", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    token_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class SkippedOccurrence(SQLModel, table=True):
    """An occurrence of a series changed on its own ("this one"): the series no longer makes it."""

    __tablename__ = "series_exceptions"
    __table_args__ = (UniqueConstraint("series_id", "occurs_on", name="uq_series_exception"),)

    id: int | None = Field(default=None, primary_key=True)
    series_id: int = Field(foreign_key="recurring_series.id", index=True)
    occurs_on: date
    post_id: int | None = Field(default=None, foreign_key="posts.id")  # the post that stands in, if any

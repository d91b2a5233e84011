"""Notifications: what the bell shows each person, what each person chose to hear about, and their digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),
                      Index("ix_notifications_user_org", "user_id", "org_id", "id"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    # The setting it falls under (orgs/notifications.py EVENTS: publishing, approvals, mentions...):
    # what preferences, filters and the digest's groups go by.
    event: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})
    kind: str = Field(max_length=40)  # post_published, post_failed, post_missed, ...
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=500)  # where clicking it goes, inside the app
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class NotificationPreference(SQLModel, table=True):
    """A person's own choice for one event in one organization; None follows the organization's default."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "org_id", "event", name="uq_notification_preference"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    event: str = Field(max_length=40)
    in_app: bool | None = None
    email: bool | None = None


class NotificationDigest(SQLModel, table=True):
    """How a person gets their email: as things happen, or gathered into a daily or weekly digest."""

    __tablename__ = "notification_digests"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    frequency: str | None = Field(default=None, max_length=10)  # instant, daily, weekly; None: the org's default
    period_start: datetime | None = None  # the digest period last handled (sent, or nothing to send)
    sent_at: datetime | None = None  # when the last digest mail went out: the next one lists what came after

"""Notifications: what the bell shows each person (published, failed and missed posts; more to come)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    kind: str = Field(max_length=40)  # post_published, post_failed, post_missed, ...
    title: str = Field(max_length=200)
    body: str = Field(default="", max_length=1000)
    link: str = Field(default="", max_length=500)  # where clicking it goes, inside the app
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None

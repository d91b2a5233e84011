"""The append-only audit log and the outbox of every mail the platform sends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    org_id: int | None = Field(default=None, index=True)
    actor_user_id: int | None = Field(default=None, index=True)
    actor_type: str = Field(default="user", max_length=16)
    action: str = Field(max_length=64, index=True)
    target: str = Field(default="", max_length=120)
    result: str = Field(default="ok", max_length=16)
    ip: str = Field(default="", max_length=64)
    detail: str = Field(default="", max_length=500)


class OutboxMail(SQLModel, table=True):
    __tablename__ = "outbox_mail"

    id: int | None = Field(default=None, primary_key=True)
    to_email: str = Field(max_length=254, index=True)
    subject: str = Field(max_length=200)
    body: str
    created_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = None
    error: str = Field(default="", max_length=300)


class OutboxAttachment(SQLModel, table=True):
    """A file sent with an outbox message (a scheduled report's PDF, say)."""

    __tablename__ = "outbox_attachments"

    id: int | None = Field(default=None, primary_key=True)
    mail_id: int = Field(foreign_key="outbox_mail.id", index=True)
    filename: str = Field(max_length=200)
    media_type: str = Field(max_length=120)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))

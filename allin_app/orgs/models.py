"""Organizations (agency -> client hierarchy) and who belongs to which, with what role."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class OrgKind(str, Enum):
    agency = "agency"
    client = "client"
    standalone = "standalone"


class Organization(SQLModel, table=True):
    __tablename__ = "organizations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=80, unique=True, index=True)
    kind: str = Field(default=OrgKind.standalone.value, max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    timezone: str = Field(default="UTC", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "org_id", name="uq_membership_user_org"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    role: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)

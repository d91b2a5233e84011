"""Organizations (agency -> client hierarchy) and who belongs to which, with what role."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class OrgKind(str, Enum):
    individual = "individual"
    small_business = "small_business"
    agency = "agency"
    enterprise = "enterprise"
    client = "client"  # belongs to an agency (parent_id)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Organization(SQLModel, table=True):
    __tablename__ = "organizations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=80, unique=True, index=True)
    kind: str = Field(default=OrgKind.individual.value, max_length=16)
    parent_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    timezone: str = Field(default="UTC", max_length=64)
    language: str = Field(default="en", max_length=10)
    description: str = Field(default="", max_length=500)
    industry: str = Field(default="", max_length=80)
    size: str = Field(default="", max_length=20)
    website: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    suspended_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Membership(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "org_id", name="uq_membership_user_org"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    role: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class Invitation(SQLModel, table=True):
    """An emailed invitation to join an organization with a role: single use, expiring."""

    __tablename__ = "invitations"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    email: str = Field(max_length=254, index=True)
    role: str = Field(max_length=32)
    message: str = Field(default="", max_length=500)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    invited_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    accepted_at: datetime | None = None
    accepted_user_id: int | None = Field(default=None, foreign_key="users.id")
    revoked_at: datetime | None = None

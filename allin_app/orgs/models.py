"""Organizations (agency -> client hierarchy) and who belongs to which, with what role."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Column, LargeBinary, UniqueConstraint
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
    currency: str = Field(default="USD", max_length=3)  # budgets, costs and revenue (core/money.py)
    description: str = Field(default="", max_length=500)
    industry: str = Field(default="", max_length=80)
    size: str = Field(default="", max_length=20)
    website: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    suspended_at: datetime | None = None
    # JSON: event -> {"in_app": bool, "email": bool}, plus "frequency"; see orgs/notifications.py
    notification_defaults: str = Field(default="", max_length=2000)
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


class BrandGuidelines(SQLModel, table=True):
    """How the organization sounds and looks; the AI writer and reviewers follow it."""

    __tablename__ = "brand_guidelines"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    colors: str = Field(default="", max_length=200)  # hex codes, comma-separated
    fonts: str = Field(default="", max_length=200)
    voice_tone: str = Field(default="", max_length=2000)
    words_to_avoid: str = Field(default="", max_length=1000)
    required_hashtags: str = Field(default="", max_length=500)
    updated_at: datetime = Field(default_factory=utcnow)


class SecurityPolicy(SQLModel, table=True):
    """An organization's own sign-in rules, on top of the platform's."""

    __tablename__ = "org_security_policies"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    require_2fa: bool = Field(default=False)
    min_password_length: int = Field(default=8)
    session_timeout_minutes: int = Field(default=15)
    ip_allowlist: str = Field(default="", max_length=2000)  # CIDR ranges, one per line
    updated_at: datetime = Field(default_factory=utcnow)


class WhiteLabel(SQLModel, table=True):
    """An agency's branding, shown to its clients' people instead of AllIN's."""

    __tablename__ = "white_labels"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    app_name: str = Field(default="", max_length=60)
    primary_color: str = Field(default="", max_length=7)
    accent_color: str = Field(default="", max_length=7)
    custom_domain: str | None = Field(default=None, max_length=253, unique=True, index=True)
    logo: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    logo_type: str = Field(default="", max_length=40)
    favicon: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    favicon_type: str = Field(default="", max_length=40)
    hidden_sections: str = Field(default="", max_length=200)  # sidebar section keys hidden from clients
    updated_at: datetime = Field(default_factory=utcnow)


class ClientAssignment(SQLModel, table=True):
    """An agency member assigned to a client: they reach that client (and only assigned ones)."""

    __tablename__ = "client_assignments"
    __table_args__ = (UniqueConstraint("user_id", "client_org_id", name="uq_assignment_user_client"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    client_org_id: int = Field(foreign_key="organizations.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)

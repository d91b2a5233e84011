"""Connected social accounts (tokens encrypted at rest) and the OAuth connect attempts behind them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class SocialAccount(SQLModel, table=True):
    """A page, profile or channel an organization publishes to. Disconnecting keeps the row (history)."""

    __tablename__ = "social_accounts"
    __table_args__ = (UniqueConstraint("org_id", "network", "external_id", name="uq_account_org_network_external"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    network: str = Field(max_length=20, index=True)
    external_id: str = Field(max_length=100)
    kind: str = Field(default="profile", max_length=30)
    handle: str = Field(default="", max_length=120)
    display_name: str = Field(default="", max_length=200)
    avatar_url: str = Field(default="", max_length=500)
    followers: int = Field(default=0)
    scopes: str = Field(default="", max_length=1000)
    access_token_enc: str | None = Field(default=None, max_length=4000)
    refresh_token_enc: str | None = Field(default=None, max_length=4000)
    token_expires_at: datetime | None = None
    status: str = Field(default="active", max_length=16)  # active, expired, error, disconnected
    status_reason: str = Field(default="", max_length=300)
    connected_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    connected_at: datetime = Field(default_factory=utcnow)
    refreshed_at: datetime | None = None
    refresh_lease_until: datetime | None = None  # a worker refreshing this account's token holds it
    expiry_alerted_at: datetime | None = None  # managers were told access ends soon (once per token)
    disconnected_at: datetime | None = None
    # The network's posting quota at the last reading (None: the network has none we know of)
    quota_used: int | None = None
    quota_total: int | None = None
    quota_window_seconds: int | None = None
    quota_checked_at: datetime | None = None


class ConnectAttempt(SQLModel, table=True):
    """One trip to a network's consent page: `state` binds the callback to who started it."""

    __tablename__ = "connect_attempts"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    user_id: int = Field(foreign_key="users.id")
    network: str = Field(max_length=20)
    state_hash: str = Field(max_length=64, unique=True, index=True)
    code_verifier_enc: str | None = Field(default=None, max_length=400)
    reconnect_link_id: int | None = Field(default=None, foreign_key="reconnect_links.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class ReconnectLink(SQLModel, table=True):
    """A mailed link that lets an account's owner (a client, say) reconnect it without an AllIN login."""

    __tablename__ = "reconnect_links"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="social_accounts.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    email: str = Field(max_length=254)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None

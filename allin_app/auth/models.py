"""Users, their sign-in sessions, one-time links, 2FA backup codes and the sign-in history."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    full_name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=100)
    is_superadmin: bool = Field(default=False)
    is_active: bool = Field(default=True)
    email_verified_at: datetime | None = None
    home_org_id: int | None = Field(default=None, foreign_key="organizations.id")
    totp_secret_enc: str | None = Field(default=None, max_length=400)
    totp_enabled: bool = Field(default=False)
    totp_last_step: int | None = None
    theme: str = Field(default="system", max_length=10)
    created_at: datetime = Field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A fully signed-in device. The access token idles out; the refresh token lives 7 or 30 days.

    `previous_refresh_hash` is the refresh token this one replaced: presenting it again means a
    copy was stolen, so the whole session ends (refresh-token reuse detection, RFC 9700 4.14).
    """

    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    access_hash: str = Field(max_length=64, unique=True, index=True)
    refresh_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    previous_refresh_hash: str | None = Field(default=None, max_length=64, index=True)
    remember: bool = Field(default=False)
    ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    refresh_expires_at: datetime | None = None
    revoked_at: datetime | None = None


class OneTimeToken(SQLModel, table=True):
    """Emailed links and the browser hand-off code: single use, expiring, stored hashed."""

    __tablename__ = "one_time_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    purpose: str = Field(max_length=24, index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    payload: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class BackupCode(SQLModel, table=True):
    __tablename__ = "backup_codes"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    code_hash: str = Field(max_length=64, index=True)
    used_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """Every sign-in try: the user's login history and the input to throttling."""

    __tablename__ = "login_attempts"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    ip: str = Field(default="", max_length=64, index=True)
    user_agent: str = Field(default="", max_length=300)
    success: bool = Field(default=False)
    reason: str = Field(default="", max_length=40)
    at: datetime = Field(default_factory=utcnow, index=True)

"""The simulator's own SQLite file (`<data_dir>/simulator.db`): codes, grants, tokens, demo profiles.

It imitates someone else's servers, so it has its own MetaData and never touches AllIN's schema.
"""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
    update,
)

from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.platforms.simulator.demo import demo_profiles

metadata = MetaData()

profiles = Table(
    "sim_profiles", metadata,
    Column("id", Integer, primary_key=True),
    Column("network", String(20), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("external_id", String(64), nullable=False),
    Column("handle", String(100), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("followers", Integer, nullable=False),
    Column("extra", JSON, nullable=False),
)

grants = Table(  # one user consent: which app, which scopes, which profiles were ticked
    "sim_grants", metadata,
    Column("id", Integer, primary_key=True),
    Column("network", String(20), nullable=False),
    Column("client_id", String(200), nullable=False),
    Column("scopes", String(1000), nullable=False),
    Column("profile_ids", JSON, nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

codes = Table(
    "sim_codes", metadata,
    Column("code", String(100), primary_key=True),
    Column("grant_id", Integer, nullable=False),
    Column("redirect_uri", String(2000), nullable=False),
    Column("code_challenge", String(200)),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used", Boolean, nullable=False, default=False),
)

tokens = Table(
    "sim_tokens", metadata,
    Column("token", String(200), primary_key=True),
    Column("grant_id", Integer, nullable=False, index=True),
    Column("kind", String(10), nullable=False),  # "access" | "refresh"
    Column("long_lived", Boolean, nullable=False, default=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoked", Boolean, nullable=False, default=False),
)

posts = Table(  # what AllIN published on the simulated networks
    "sim_posts", metadata,
    Column("id", String(64), primary_key=True),  # the network's own post id shape
    Column("network", String(20), nullable=False, index=True),
    Column("profile_id", String(64), nullable=False, index=True),
    Column("text", String(70_000), nullable=False),
    Column("link", String(2048)),
    Column("extra", JSON, nullable=False),  # e.g. Threads' container state, Reddit's title, "media": [...]
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published", Boolean, nullable=False, default=True),  # False: a Threads container not yet published
    Column("deleted", Boolean, nullable=False, default=False),
)

Index("ix_sim_posts_profile_time", posts.c.network, posts.c.profile_id, posts.c.created_at)

media = Table(  # files uploaded to (or fetched by) a simulated network; the bytes live in media_dir()
    "sim_media", metadata,
    Column("id", String(64), primary_key=True),
    Column("network", String(20), nullable=False, index=True),
    Column("profile_id", String(64), nullable=False),
    Column("state", String(20), nullable=False),  # "uploading", "ready", "failed", "used"
    Column("kind", String(10)),  # "image", "gif", "video" once probed
    Column("mime", String(50)),
    Column("size", Integer, nullable=False, default=0),
    Column("width", Integer),
    Column("height", Integer),
    Column("duration", Float),
    Column("extra", JSON, nullable=False),  # the network's own bits: alt text, declared size, upload URL, ...
    Column("created_at", DateTime(timezone=True), nullable=False),
)

calls = Table(  # every API call the simulator answered
    "sim_calls", metadata,
    Column("id", Integer, primary_key=True),
    Column("network", String(20), nullable=False),
    Column("method", String(10), nullable=False),
    Column("path", String(2000), nullable=False),
    Column("status", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

_engines: dict[Path, Engine] = {}
_lock = threading.Lock()


def engine() -> Engine:
    """The engine for the current data dir, tables created on first use."""
    path = (Path(settings.data_dir) / "simulator.db").resolve()
    with _lock:
        if path not in _engines:
            path.parent.mkdir(parents=True, exist_ok=True)
            eng = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
            metadata.create_all(eng)
            _engines[path] = eng
        return _engines[path]


def dispose_engines() -> None:
    """Close every cached engine (tests point the data dir somewhere new each time)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()


def network_profiles(network: str) -> list[dict[str, Any]]:
    """The demo user's profiles on `network`, seeded on first read."""
    with engine().begin() as conn:
        rows = conn.execute(select(profiles).where(profiles.c.network == network).order_by(profiles.c.position)).all()
        if not rows:
            conn.execute(insert(profiles), demo_profiles(network))
            rows = conn.execute(select(profiles).where(profiles.c.network == network)
                                .order_by(profiles.c.position)).all()
    return [dict(row._mapping) for row in rows]


def create_grant(network: str, client_id: str, scopes: str, profile_ids: list[str]) -> int:
    with engine().begin() as conn:
        result = conn.execute(insert(grants).values(network=network, client_id=client_id, scopes=scopes,
                                                    profile_ids=profile_ids, revoked=False, created_at=utcnow()))
        return result.inserted_primary_key[0]


def get_grant(grant_id: int) -> dict[str, Any] | None:
    with engine().connect() as conn:
        row = conn.execute(select(grants).where(grants.c.id == grant_id)).first()
    return dict(row._mapping) if row else None


def revoke_grant(grant_id: int) -> None:
    with engine().begin() as conn:
        conn.execute(update(grants).where(grants.c.id == grant_id).values(revoked=True))
        conn.execute(update(tokens).where(tokens.c.grant_id == grant_id).values(revoked=True))


def create_code(grant_id: int, redirect_uri: str, code_challenge: str | None, ttl: int) -> str:
    code = secrets.token_urlsafe(24)
    with engine().begin() as conn:
        conn.execute(insert(codes).values(code=code, grant_id=grant_id, redirect_uri=redirect_uri,
                                          code_challenge=code_challenge, used=False,
                                          expires_at=utcnow() + timedelta(seconds=ttl)))
    return code


def use_code(code: str) -> dict[str, Any] | None:
    """The code's row, marked used in the same transaction; `was_used` tells a replay."""
    with engine().begin() as conn:
        row = conn.execute(select(codes).where(codes.c.code == code)).first()
        if row is None:
            return None
        conn.execute(update(codes).where(codes.c.code == code).values(used=True))
    found = dict(row._mapping)
    found["was_used"] = found.pop("used")
    found["expires_at"] = as_utc(found["expires_at"])
    return found


def issue_token(grant_id: int, kind: str, ttl: int | None, *, long_lived: bool = False,
                expires_at: datetime | None = None) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    if expires_at is None and ttl is not None:
        expires_at = now + timedelta(seconds=ttl)
    with engine().begin() as conn:
        conn.execute(insert(tokens).values(token=token, grant_id=grant_id, kind=kind, long_lived=long_lived,
                                           issued_at=now, expires_at=expires_at, revoked=False))
    return token


def live_token(token: str, kind: str) -> dict[str, Any] | None:
    """The token's row if it exists, is of `kind`, is not revoked and has not expired."""
    with engine().connect() as conn:
        row = conn.execute(select(tokens).where(tokens.c.token == token, tokens.c.kind == kind)).first()
    if row is None or row.revoked:
        return None
    found = dict(row._mapping)
    found["issued_at"] = as_utc(found["issued_at"])
    found["expires_at"] = as_utc(found["expires_at"]) if found["expires_at"] else None
    if found["expires_at"] is not None and found["expires_at"] <= utcnow():
        return None
    return found


def revoke_token(token: str) -> None:
    with engine().begin() as conn:
        conn.execute(update(tokens).where(tokens.c.token == token).values(revoked=True))


# --- posts and the call log ------------------------------------------------------------------


def _post(row: Any) -> dict[str, Any]:
    found = dict(row._mapping)
    found["created_at"] = as_utc(found["created_at"])
    return found


def create_post(network: str, profile_id: str, post_id: str, text: str, link: str | None = None, *,
                published: bool = True, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    values = {"id": post_id, "network": network, "profile_id": profile_id, "text": text, "link": link,
              "extra": extra or {}, "created_at": utcnow(), "published": published, "deleted": False}
    with engine().begin() as conn:
        conn.execute(insert(posts).values(**values))
    return values


def get_post(network: str, post_id: str) -> dict[str, Any] | None:
    with engine().connect() as conn:
        row = conn.execute(select(posts).where(posts.c.network == network, posts.c.id == post_id)).first()
    return _post(row) if row else None


def update_post(network: str, post_id: str, **values: Any) -> None:
    with engine().begin() as conn:
        conn.execute(update(posts).where(posts.c.network == network, posts.c.id == post_id).values(**values))


def profile_posts(network: str, profile_id: str, limit: int = 100) -> list[dict[str, Any]]:
    """Published, not deleted, newest first."""
    query = (select(posts).where(posts.c.network == network, posts.c.profile_id == profile_id,
                                 posts.c.published.is_(True), posts.c.deleted.is_(False))
             .order_by(posts.c.created_at.desc(), posts.c.id.desc()).limit(limit))
    with engine().connect() as conn:
        return [_post(row) for row in conn.execute(query)]


def publish_times(network: str, profile_id: str, since: datetime, newest: int | None = None) -> list[datetime]:
    """When each post counting against the publish limit was made (deleted ones count too), oldest
    first; `newest` keeps only the latest that many (all a rate limit needs to know)."""
    query = select(posts.c.created_at).where(posts.c.network == network, posts.c.profile_id == profile_id,
                                             posts.c.published.is_(True), posts.c.created_at > since)
    if newest is not None:
        query = query.order_by(posts.c.created_at.desc()).limit(newest)
    with engine().connect() as conn:
        return sorted(as_utc(row[0]) for row in conn.execute(query))


# --- media ---------------------------------------------------------------------------------


def media_dir() -> Path:
    return Path(settings.data_dir) / "simulator-media"


def media_path(network: str, media_id: str) -> Path:
    return media_dir() / network / media_id


def create_media(network: str, profile_id: str, media_id: str, *, state: str = "uploading",
                 extra: dict[str, Any] | None = None, data: bytes = b"") -> dict[str, Any]:
    """A new upload; `data` is its first (or only) bytes."""
    path = media_path(network, media_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    values = {"id": media_id, "network": network, "profile_id": profile_id, "state": state, "size": len(data),
              "extra": extra or {}, "created_at": utcnow()}
    with engine().begin() as conn:
        conn.execute(insert(media).values(**values))
    return values


def append_media(network: str, media_id: str, data: bytes) -> int:
    """Add bytes to an upload; answers its size so far."""
    path = media_path(network, media_id)
    with path.open("ab") as handle:
        handle.write(data)
    size = path.stat().st_size
    update_media(network, media_id, size=size)
    return size


def probe_media(network: str, media_id: str) -> dict[str, Any]:
    """Read the uploaded bytes for what they are; state "ready", or "failed" when unreadable."""
    from allin_app.platforms.media_probe import UnreadableMedia, probe_file

    path = media_path(network, media_id)
    try:
        info = probe_file(path)
    except UnreadableMedia:
        update_media(network, media_id, state="failed", size=path.stat().st_size)
    else:
        update_media(network, media_id, state="ready", kind=info.kind, mime=info.mime, size=info.size,
                     width=info.width, height=info.height, duration=info.duration)
    return get_media(network, media_id) or {}


def get_media(network: str, media_id: str) -> dict[str, Any] | None:
    with engine().connect() as conn:
        row = conn.execute(select(media).where(media.c.network == network, media.c.id == media_id)).first()
    return _post(row) if row else None


def update_media(network: str, media_id: str, **values: Any) -> None:
    with engine().begin() as conn:
        conn.execute(update(media).where(media.c.network == network, media.c.id == media_id).values(**values))


def log_call(network: str, method: str, path: str, status: int) -> None:
    with engine().begin() as conn:
        conn.execute(insert(calls).values(network=network, method=method, path=path, status=status, at=utcnow()))


def call_log(network: str | None = None) -> list[dict[str, Any]]:
    query = select(calls).order_by(calls.c.id)
    if network:
        query = query.where(calls.c.network == network)
    with engine().connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]

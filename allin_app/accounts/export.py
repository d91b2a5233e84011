"""An account's posts and their metrics as the network reports them, as CSV or JSON: offered before
disconnecting, since afterwards AllIN can no longer ask the network."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass

import httpx
from sqlmodel import Session

from allin_app.accounts.service import NetworkRefused, get_account, networks, token_set
from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.platforms.base import PlatformError, PostMetrics
from allin_app.platforms.registry import adapter_for

EXPORT_POSTS = 50  # the newest posts; each needs its own metrics call
COLUMNS = ("post_id", "published_at", "url", "text", *PostMetrics.__dataclass_fields__)
FORMATS = {"csv": "text/csv", "json": "application/json"}


@dataclass(frozen=True)
class Export:
    filename: str
    media_type: str
    body: bytes


def export_account(db: Session, actor: Actor, account_id: int, fmt: str,
                   client: httpx.Client | None = None) -> Export:
    if fmt not in FORMATS:
        raise ValidationFailed("format", "Choose CSV or JSON.")
    account = get_account(db, actor, account_id)
    # The whole account's data: org-wide export rights (not a creator's own content or a client's reports).
    require(actor, Permission.export_data, Target(org_id=account.org_id))
    rows = _post_rows(account, client)
    handle = re.sub(r"[^A-Za-z0-9._-]+", "_", (account.handle or account.external_id).lstrip("@"))
    stem = f"{account.network}-{handle}-{utcnow():%Y%m%d}"
    body = _csv(rows) if fmt == "csv" else _json(account, rows)
    return Export(f"{stem}.{fmt}", FORMATS[fmt], body)


def _post_rows(account, client: httpx.Client | None) -> list[dict[str, object]]:
    adapter, tokens = adapter_for(account.network, client=client), token_set(account)
    try:
        posts = adapter.recent_posts(tokens, account.external_id, limit=EXPORT_POSTS)
        return [{"post_id": post.external_id, "published_at": post.created_at.isoformat() if post.created_at else "",
                 "url": post.url, "text": post.text,
                 **asdict(adapter.post_metrics(tokens, account.external_id, post.external_id))} for post in posts]
    except PlatformError as exc:
        raise NetworkRefused(f"{networks()[account.network]} did not give the posts: {exc.message}") from exc


def _csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({key: _inert(value) for key, value in row.items()} for row in rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet apps read UTF-8


def _inert(value: object) -> object:
    """A post text starting with = + - @ would run as a formula in a spreadsheet (CSV injection)."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _json(account, rows: list[dict[str, object]]) -> bytes:
    document = {"account": {"network": account.network, "handle": account.handle, "name": account.display_name,
                            "followers": account.followers},
                "exported_at": utcnow().isoformat(), "posts": rows}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

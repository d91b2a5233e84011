"""The content library: every post of the organization, filtered, searched, sorted and paged.

Paging is by keyset (the last row's sort value and id in an opaque cursor), so page 500 of 100,000
posts costs what page 1 does; `ix_posts_org_updated` and friends serve the common sorts.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Role
from allin_app.workflow import review_visibility

SortKey = Literal["updated", "created", "scheduled"]
SORT_COLUMNS = {"updated": Post.updated_at, "created": Post.created_at, "scheduled": Post.scheduled_at}
MAX_PAGE = 100


@dataclass(frozen=True)
class PostQuery:
    status: str | None = None
    network: str | None = None
    account_id: int | None = None
    campaign_id: int | None = None
    author_id: int | None = None
    date_from: datetime | None = None  # on the post's date: scheduled time, else its last change
    date_to: datetime | None = None
    search: str = ""
    sort: SortKey = "updated"
    descending: bool = True
    limit: int = 25
    cursor: str | None = None


@dataclass(frozen=True)
class PostPage:
    items: list[Post]
    total: int
    next_cursor: str | None


def list_posts(db: Session, actor: Actor, query: PostQuery) -> PostPage:
    if query.status and query.status not in PostStatus.__members__:
        raise ValidationFailed("status", f"Unknown status {query.status!r}.")
    if query.sort not in SORT_COLUMNS:
        raise ValidationFailed("sort", "Sort by updated, created or scheduled.")
    conditions = _conditions(actor, query)
    total = db.exec(select(func.count()).select_from(Post).where(*conditions)).one()
    column = SORT_COLUMNS[query.sort]
    statement = select(Post).where(*conditions)
    if query.cursor:
        statement = statement.where(_after(column, query.descending, *_decode(query.cursor)))
    order = ((column.desc().nulls_last(), Post.id.desc()) if query.descending
             else (column.asc().nulls_last(), Post.id.asc()))
    limit = max(1, min(query.limit, MAX_PAGE))
    rows = list(db.exec(statement.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    items = rows[:limit]
    return PostPage(items, total, _encode(getattr(items[-1], column.key), items[-1].id) if more else None)


def visibility_conditions(actor: Actor) -> list:
    """Which of the organization's posts `actor` sees, as SQL (`service.may_see` for one post): team members
    only those assigned to them, client viewers posts not yet approved only when sent to them for review."""
    conditions = [Post.assignee_user_id == actor.user_id] if actor.role is Role.team_member else []
    if (unreviewed := review_visibility.visible_condition(actor)) is not None:
        conditions.append(unreviewed)
    return conditions


def _conditions(actor: Actor, query: PostQuery) -> list:
    conditions = [Post.org_id == actor.org_id, Post.deleted_at == None, *visibility_conditions(actor)]
    if query.status:
        conditions.append(Post.status == query.status)
    if query.campaign_id is not None:
        conditions.append(Post.campaign_id == query.campaign_id)
    if query.author_id is not None:
        conditions.append(Post.author_user_id == query.author_id)
    if (on_targets := targets_condition(actor, query.network, query.account_id)) is not None:
        conditions.append(on_targets)
    when = func.coalesce(Post.scheduled_at, Post.updated_at)
    if query.date_from:
        conditions.append(when >= query.date_from)
    if query.date_to:
        conditions.append(when <= query.date_to)
    if words := query.search.strip():
        conditions += [or_(Post.text.ilike(f"%{_escape(word)}%", escape="\\"),
                           Post.title.ilike(f"%{_escape(word)}%", escape="\\")) for word in words.split()[:8]]
    return conditions


def targets_condition(actor: Actor, network: str | None, account_id: int | None):
    """Posts going to that network and/or account; None when neither narrows the list."""
    if not network and account_id is None:
        return None
    targets = select(PostTarget.post_id).where(PostTarget.org_id == actor.org_id)
    if network:
        targets = targets.where(PostTarget.network == network)
    if account_id is not None:
        targets = targets.where(PostTarget.account_id == account_id)
    return Post.id.in_(targets)


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _after(column, descending: bool, value: datetime | None, last_id: int):
    """Rows after (value, id) in the sort order; posts without a value (never scheduled) sort last."""
    if value is None:
        return and_(column == None, Post.id < last_id if descending else Post.id > last_id)
    beyond = column < value if descending else column > value
    tie = and_(column == value, Post.id < last_id if descending else Post.id > last_id)
    return or_(beyond, tie, column == None)


def _encode(value: datetime | None, last_id: int) -> str:
    raw = json.dumps([as_utc(value).isoformat() if value else None, last_id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime | None, int]:
    try:
        value, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return (datetime.fromisoformat(value) if value else None), int(last_id)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("cursor", "This page link is no longer valid; start from the first page.") from exc

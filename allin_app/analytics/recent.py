"""What the dashboard lists beside its figures: the latest published posts with their engagement, the next
scheduled ones, the latest drafts, and how far the organization is from having figures at all.

Posts come through the content library (content/library.py), so each role sees here exactly what it
sees there (team members their assigned posts, client viewers no unreviewed drafts); a content
creator's published list holds their own posts, the only ones whose figures they may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.filters import Filters, post_conditions, reach_for
from allin_app.analytics.models import PostTotal
from allin_app.content import library
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.content.service import target_of
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor, Permission, Scope, allows, scope_for

SHOWN = 5
EXCERPT = 90


@dataclass(frozen=True)
class PostFigures:
    reach: int
    impressions: int
    engagements: int
    engagement_rate: float


@dataclass(frozen=True)
class RecentPost:
    post_id: int
    text: str
    status: str
    when: datetime | None  # UTC: published, scheduled, or last edited (drafts)
    networks: tuple[str, ...]
    link: str  # where opening it goes: the composer, the review, or the live post; "" when nowhere
    figures: PostFigures | None = None  # published posts, once the collector read them


@dataclass(frozen=True)
class RecentPosts:
    published: list[RecentPost]
    scheduled: list[RecentPost]
    drafts: list[RecentPost]


def excerpt(post: Post) -> str:
    words = " ".join((post.title or post.text or "").split()) or "(no text yet)"
    return words if len(words) <= EXCERPT else words[:EXCERPT - 1] + "…"


def recent_posts(db: Session, actor: Actor, limit: int = SHOWN) -> RecentPosts:
    own = actor.user_id if scope_for(actor.role, Permission.view_basic_analytics) is Scope.own else None
    published = _page(db, actor, library.PostQuery(status=PostStatus.published, author_id=own, limit=limit))
    scheduled = _page(db, actor, library.PostQuery(status=PostStatus.scheduled, sort="scheduled", descending=False,
                                                   limit=limit))
    drafts = _page(db, actor, library.PostQuery(status=PostStatus.draft, limit=limit))
    figures = _figures(db, actor, [p.id for p in published])
    targets = _targets(db, [p.id for p in published + scheduled + drafts])
    return RecentPosts([_row(actor, p, targets.get(p.id, []), figures.get(p.id)) for p in published],
                       [_row(actor, p, targets.get(p.id, [])) for p in scheduled],
                       [_row(actor, p, targets.get(p.id, [])) for p in drafts])


def _page(db: Session, actor: Actor, query: library.PostQuery) -> list[Post]:
    return library.list_posts(db, actor, query).items


def _targets(db: Session, post_ids: list[int]) -> dict[int, list[PostTarget]]:
    found: dict[int, list[PostTarget]] = {}
    if post_ids:
        for target in db.exec(select(PostTarget).where(PostTarget.post_id.in_(post_ids)).order_by(PostTarget.id)):
            found.setdefault(target.post_id, []).append(target)
    return found


def _figures(db: Session, actor: Actor, post_ids: list[int]) -> dict[int, PostFigures]:
    """Each post's lifetime figures over its accounts, within what the actor's analytics may read."""
    if not post_ids or not allows(actor, Permission.view_basic_analytics, write=False):
        return {}
    today = date.today()
    reach = reach_for(db, actor, Filters(today, today, compare=False), Permission.view_basic_analytics)
    rows = db.exec(select(PostTotal.post_id, func.sum(PostTotal.reach), func.sum(PostTotal.impressions),
                          func.sum(PostTotal.engagements))
                   .where(*post_conditions(reach, PostTotal), PostTotal.post_id.in_(post_ids))
                   .group_by(PostTotal.post_id))
    return {post_id: PostFigures(int(r or 0), int(i or 0), int(e or 0), mm.engagement_rate(int(e or 0), int(r or 0)))
            for post_id, r, i, e in rows}


def _when(post: Post, targets: list[PostTarget]) -> datetime | None:
    if post.status == PostStatus.published:
        moments = [as_utc(t.published_at) for t in targets if t.published_at]
        return max(moments) if moments else None
    if post.status == PostStatus.scheduled and post.scheduled_at:
        return as_utc(post.scheduled_at)
    return as_utc(post.updated_at)


def link_for(actor: Actor, post: Post, targets: list[PostTarget]) -> str:
    """The composer for those who may edit it, else its review, else the post live on its network."""
    if allows(actor, Permission.edit_content, target_of(post)):
        return f"/create?post={post.id}"
    if post.status == PostStatus.in_review and allows(actor, Permission.approve_content, target_of(post)):
        return f"/approvals?post={post.id}"
    return next((t.url for t in targets if t.url), "")


def _row(actor: Actor, post: Post, targets: list[PostTarget], figures: PostFigures | None = None) -> RecentPost:
    networks = tuple(dict.fromkeys(t.network for t in targets))
    return RecentPost(post.id, excerpt(post), post.status, _when(post, targets), networks,
                      link_for(actor, post, targets), figures)


@dataclass(frozen=True)
class Readiness:
    """How far the organization is from having figures: connected accounts and published posts."""

    accounts: int
    published: int


def readiness(db: Session, actor: Actor) -> Readiness:
    accounts = db.exec(select(func.count()).select_from(SocialAccount).where(
        SocialAccount.org_id == actor.org_id, SocialAccount.disconnected_at == None)).one()
    published = db.exec(select(func.count()).select_from(Post).where(
        Post.org_id == actor.org_id, Post.deleted_at == None, Post.status == PostStatus.published)).one()
    return Readiness(int(accounts), int(published))

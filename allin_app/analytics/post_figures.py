"""Posts one by one: the best and worst of a period, the best hours to publish, and the paged table the
export and the API read. Each row is a post on one account, with its lifetime figures at its latest
reading (post_totals), for posts published within the period."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.filters import Filters, Reach, post_conditions, reach_for
from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post
from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission

RANKABLE = ("engagements", "reach", "impressions", "clicks", "likes", "comments", "shares", "saves", "video_views",
            "engagement_rate")
MAX_PAGE = 500


@dataclass(frozen=True)
class PostRow:
    post_id: int
    target_id: int
    org_id: int
    text: str
    network: str
    account_id: int
    account: str
    campaign_id: int | None
    content_type: str
    published_at: datetime
    impressions: int
    reach: int
    likes: int
    comments: int
    shares: int
    saves: int
    clicks: int
    video_views: int
    engagements: int
    engagement_rate: float
    click_through: float


def _in_period(reach: Reach) -> list:
    f = reach.filters
    return [*post_conditions(reach, PostTotal), PostTotal.published_on >= f.start, PostTotal.published_on <= f.end]


def _rows(db: Session, where: list, order: tuple, limit: int) -> list[PostRow]:
    query = (select(PostTotal, Post.text, SocialAccount.display_name, SocialAccount.handle)
             .join(Post, Post.id == PostTotal.post_id).join(SocialAccount, SocialAccount.id == PostTotal.account_id)
             .where(*where).order_by(*order).limit(limit))
    return [_row(total, text, name or handle) for total, text, name, handle in db.exec(query).all()]


def _row(total: PostTotal, text: str, account: str) -> PostRow:
    return PostRow(total.post_id, total.target_id, total.org_id, text, total.network, total.account_id, account,
                   total.campaign_id, total.content_type, as_utc(total.published_at), total.impressions, total.reach,
                   total.likes, total.comments, total.shares, total.saves, total.clicks, total.video_views,
                   total.engagements, mm.engagement_rate(total.engagements, total.reach),
                   mm.click_through(total.clicks, total.impressions))


def top_posts(db: Session, actor: Actor, f: Filters, by: str = "engagements", limit: int = 10,
              worst: bool = False) -> list[PostRow]:
    """The period's best (or, `worst`, weakest) posts by one figure; ties go to the newer post."""
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    if by not in RANKABLE:
        raise ValidationFailed("by", f"Rank by one of {', '.join(RANKABLE)}.")
    if not 1 <= limit <= 100:
        raise ValidationFailed("limit", "Show between 1 and 100 posts.")
    if by == "engagement_rate":  # posts nobody was reached by have no rate to rank
        key = PostTotal.engagements * 1.0 / case((PostTotal.reach > 0, PostTotal.reach), else_=None)
        where = [*_in_period(reach), PostTotal.reach > 0]
    else:
        key, where = getattr(PostTotal, by), _in_period(reach)
    order = key.asc() if worst else key.desc()
    return _rows(db, where, (order, PostTotal.published_at.desc(), PostTotal.target_id.desc()), limit)


@dataclass(frozen=True)
class Heatmap:
    """rates[weekday][hour]: average engagement rate (%) of the posts published then (Monday = 0, the
    organization's local hours), 0 where nothing went out; posts[weekday][hour]: how many."""

    rates: list[list[float]]
    posts: list[list[int]]

    @property
    def best(self) -> tuple[int, int] | None:
        cells = [(self.rates[d][h], d, h) for d in range(7) for h in range(24) if self.posts[d][h]]
        return max(cells)[1:] if cells else None


def heatmap(db: Session, actor: Actor, f: Filters) -> Heatmap:
    reach = reach_for(db, actor, f, Permission.advanced_analytics)
    sums = [[0.0] * 24 for _ in range(7)]
    counts = [[0] * 24 for _ in range(7)]
    for org_id, moment, rates, posts in _per_hour(db, reach):
        local = moment.astimezone(reach.zones[org_id])
        sums[local.weekday()][local.hour] += rates
        counts[local.weekday()][local.hour] += posts
    rates = [[round(sums[d][h] / counts[d][h], mm.RATE_DECIMALS) if counts[d][h] else 0.0 for h in range(24)]
             for d in range(7)]
    return Heatmap(rates, counts)


def _per_hour(db: Session, reach: Reach):
    """(org, UTC moment, sum of the posts' engagement rates, posts) by hour of publishing, added up by the
    database where the organization's zone is a whole number of hours off UTC, post by post elsewhere."""
    rate = PostTotal.engagements * 100.0 / PostTotal.reach
    where = [*_in_period(reach), PostTotal.reach > 0]
    whole = tuple(o for o in reach.org_ids if _whole_hours(reach.zones[o], reach.filters))
    if whole:
        if db.get_bind().dialect.name == "postgresql":
            hour = func.date_trunc("hour", PostTotal.published_at)
        else:
            hour = func.strftime("%Y-%m-%d %H:00:00", PostTotal.published_at)
        for org_id, moment, rates, posts in db.exec(select(PostTotal.org_id, hour, func.sum(rate), func.count())
                                                    .where(*where, PostTotal.org_id.in_(whole))
                                                    .group_by(PostTotal.org_id, hour)):
            yield org_id, as_utc(moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)), \
                float(rates), int(posts)
    others = [o for o in reach.org_ids if o not in whole]
    if others:
        for org_id, published_at, share in db.exec(select(PostTotal.org_id, PostTotal.published_at, rate)
                                                   .where(*where, PostTotal.org_id.in_(others))):
            yield org_id, as_utc(published_at), float(share), 1


def _whole_hours(zone, f: Filters) -> bool:
    days = range(0, (f.end - f.start).days + 1, 7)
    return all(datetime.combine(f.start + timedelta(days=d), time(12), zone).utcoffset().total_seconds() % 3600 == 0
               for d in days)


@dataclass(frozen=True)
class PostsPage:
    items: list[PostRow]
    total: int
    next_cursor: str | None


def posts_table(db: Session, actor: Actor, f: Filters, cursor: str | None = None, limit: int = 50) -> PostsPage:
    """The period's posts, newest first, `limit` at a time; `next_cursor` asks for the following page."""
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed("limit", f"Ask for between 1 and {MAX_PAGE} posts at a time.")
    where = _in_period(reach)
    total = db.exec(select(func.count()).select_from(PostTotal).where(*where)).one()
    if cursor:
        moment, target_id = _decode(cursor)
        where = [*where, or_(PostTotal.published_at < moment,
                             and_(PostTotal.published_at == moment, PostTotal.target_id < target_id))]
    rows = _rows(db, where, (PostTotal.published_at.desc(), PostTotal.target_id.desc()), limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return PostsPage(rows, total, _encode(rows[-1].published_at, rows[-1].target_id) if more else None)


def _encode(moment: datetime, target_id: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{target_id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        moment, _, target_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition("|")
        return as_utc(datetime.fromisoformat(moment)), int(target_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ValidationFailed("cursor", "This cursor is not one the API gave out.") from exc


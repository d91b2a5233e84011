"""The analytics query service: what the dashboard, the analytics pages, reports and the REST API ask.

Every function takes (db, actor, Filters), checks the permission with core.rbac (filters.reach_for),
and reads the daily rollups only (org_daily, account_daily, post_daily, post_totals), never the raw
metric series, so a year of history answers as fast as a week. Increments (reach, impressions,
engagements...) are what the period added, on every post; post rows (top posts, the posts table, the
heatmap) carry each post's lifetime figures for posts published in the period. Timeseries and follower
growth live in series.py, post rows in post_figures.py; all are importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import and_, func
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.filters import (
    Filters,
    Reach,
    account_conditions,
    conditions_for,
    post_conditions,
    reach_for,
    table_for,
)
from allin_app.analytics.models import SUMMED, AccountDaily, PostDaily, PostTotal
from allin_app.analytics.post_figures import Heatmap, PostRow, PostsPage, heatmap, posts_table, top_posts
from allin_app.analytics.series import FollowerSeries, follower_growth, followers_at, followers_delta, timeseries
from allin_app.content.models import Post, PostTarget
from allin_app.core.errors import PermissionDenied
from allin_app.core.rbac import Actor, Permission, Scope, scope_for
from allin_app.orgs.models import Organization

__all__ = [
    "AccountRow",
    "ClientRow",
    "Filters",
    "FollowerSeries",
    "Heatmap",
    "NetworkRow",
    "Overview",
    "PostRow",
    "PostsPage",
    "accounts_table",
    "agency_overview",
    "by_network",
    "follower_growth",
    "heatmap",
    "overview",
    "posts_table",
    "previous_period",
    "timeseries",
    "top_posts",
]
previous_period = mm.previous_period
OVERVIEW_FIGURES = ("total_posts", "total_reach", "total_impressions", "total_engagements", "engagement_rate",
                    "click_through", "scheduled_posts", "clicks", "followers", "followers_delta")


@dataclass(frozen=True)
class Overview:
    """The period's headline figures, the previous period's, and the change of each (None: no base).
    followers are None for roles that see their own content's figures only."""

    start: date
    end: date
    total_posts: int
    total_reach: int
    total_impressions: int
    total_engagements: int
    engagement_rate: float
    click_through: float
    scheduled_posts: int
    clicks: int
    followers: int | None
    followers_delta: int | None
    previous_start: date | None = None
    previous_end: date | None = None
    total_posts_prev: int = 0
    total_reach_prev: int = 0
    total_impressions_prev: int = 0
    total_engagements_prev: int = 0
    engagement_rate_prev: float = 0.0
    click_through_prev: float = 0.0
    scheduled_posts_prev: int = 0
    clicks_prev: int = 0
    followers_prev: int | None = None
    followers_delta_prev: int | None = None
    change_pct: dict[str, float | None] = field(default_factory=dict)


def overview(db: Session, actor: Actor, f: Filters) -> Overview:
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    current = _figures(db, reach, f.start, f.end)
    if not f.compare:
        return Overview(f.start, f.end, **current)
    before_start, before_end = mm.previous_period(f.start, f.end)
    before = _figures(db, reach, before_start, before_end)
    change = {name: None if current[name] is None else mm.change_pct(current[name], before[name] or 0)
              for name in OVERVIEW_FIGURES}
    return Overview(f.start, f.end, **current, previous_start=before_start, previous_end=before_end,
                    **{f"{name}_prev": value for name, value in before.items()}, change_pct=change)


def _figures(db: Session, reach: Reach, start: date, end: date) -> dict:
    sums = period_sums(db, reach, start, end)
    followers = None if reach.content_scoped else followers_at(db, reach, end)
    delta = None if reach.content_scoped else followers_delta(db, reach, start, end)
    return {"total_posts": sums["posts"], "total_reach": sums["reach"], "total_impressions": sums["impressions"],
            "total_engagements": sums["engagements"],
            "engagement_rate": mm.engagement_rate(sums["reached_engagements"], sums["reach"]),
            "click_through": mm.click_through(sums["clicks"], sums["impressions"]),
            "scheduled_posts": scheduled_posts(db, reach, start, end), "clicks": sums["clicks"],
            "followers": followers, "followers_delta": delta}


def period_sums(db: Session, reach: Reach, start: date, end: date, by_network: bool = False) -> dict:
    """Increments summed over [start, end] (and posts published), from the coarsest rollup that answers;
    with `by_network`, a dict per network."""
    table = table_for(reach)
    names = [f"delta_{n}" for n in SUMMED] if table is PostDaily else list(SUMMED)
    columns = [func.coalesce(func.sum(getattr(table, n)), 0) for n in names]
    if table is not PostDaily:
        columns.append(func.coalesce(func.sum(table.posts_published), 0))
    query = select(table.network, *columns).where(*conditions_for(reach, table), table.day >= start,
                                                  table.day <= end).group_by(table.network)
    found = {}
    for network, *values in db.exec(query):
        figures = {name: int(value) for name, value in zip(SUMMED, values, strict=False)}
        figures["posts"] = int(values[-1]) if table is not PostDaily else 0
        found[network] = figures
    if table is PostDaily:  # posts published: one row per post on an account
        published = select(PostTotal.network, func.count()).where(
            *post_conditions(reach, PostTotal), PostTotal.published_on >= start, PostTotal.published_on <= end)
        for network, count in db.exec(published.group_by(PostTotal.network)):
            found.setdefault(network, dict.fromkeys(SUMMED, 0))["posts"] = count
    return found if by_network else combined(found.values())


def combined(per_network) -> dict:
    """Figures of several networks added up; `reached_engagements` leaves out the networks that reported no
    reach (X), so a combined engagement rate divides like by like."""
    total = dict.fromkeys((*SUMMED, "posts", "reached_engagements"), 0)
    for figures in per_network:
        for name, value in figures.items():
            total[name] += value
        total["reached_engagements"] += figures["engagements"] if figures["reach"] else 0
    return total


def scheduled_posts(db: Session, reach: Reach, start: date, end: date) -> int:
    """Posts planned to go out within the period (a post has a time only while it is scheduled, going
    out or gone out; taking it off the schedule clears it), with the period's account, network, campaign
    and author filters; content type is known once a post is out. Counted from an index alone."""
    f, total = reach.filters, 0
    for org_id in reach.org_ids:
        begins, ends = reach.bounds(org_id, start, end)
        query = select(func.count()).select_from(Post).where(
            Post.org_id == org_id, Post.deleted_at == None, Post.scheduled_at >= begins, Post.scheduled_at < ends)
        if f.campaign_ids:
            query = query.where(Post.campaign_id.in_(f.campaign_ids))
        authors = (reach.author_id,) if reach.author_id is not None else f.author_ids
        if authors:
            query = query.where(Post.author_user_id.in_(authors))
        if reach.assignee_id is not None:
            query = query.where(Post.assignee_user_id == reach.assignee_id)
        if f.networks or f.account_ids:
            on = select(PostTarget.post_id).where(PostTarget.org_id == org_id)
            on = on.where(PostTarget.network.in_(f.networks)) if f.networks else on
            on = on.where(PostTarget.account_id.in_(f.account_ids)) if f.account_ids else on
            query = query.where(Post.id.in_(on))
        total += db.exec(query).one()
    return total


# --- per network, per account ------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkRow:
    network: str
    accounts: int
    posts: int
    reach: int
    impressions: int
    engagements: int
    engagement_rate: float
    clicks: int
    video_views: int
    followers: int | None


def by_network(db: Session, actor: Actor, f: Filters) -> list[NetworkRow]:
    reach = reach_for(db, actor, f, Permission.cross_platform_analytics)
    sums = period_sums(db, reach, f.start, f.end, by_network=True)
    accounts = _accounts_per_network(db, reach)
    followers = {} if reach.content_scoped else followers_at(db, reach, f.end, by_network=True)
    rows = []
    for network in sorted(set(sums) | set(accounts)):
        s = sums.get(network) or dict.fromkeys((*SUMMED, "posts"), 0)
        rows.append(NetworkRow(network, accounts.get(network, 0), s["posts"], s["reach"], s["impressions"],
                               s["engagements"], mm.engagement_rate(s["engagements"], s["reach"]), s["clicks"],
                               s["video_views"], None if reach.content_scoped else followers.get(network, 0)))
    return sorted(rows, key=lambda row: (-row.reach, row.network))


def _accounts_per_network(db: Session, reach: Reach) -> dict[str, int]:
    f = reach.filters
    if reach.content_scoped:
        query = select(PostTotal.network, func.count(func.distinct(PostTotal.account_id))).where(
            *post_conditions(reach, PostTotal), PostTotal.published_on >= f.start, PostTotal.published_on <= f.end)
    else:
        query = select(SocialAccount.network, func.count()).where(
            SocialAccount.org_id.in_(reach.org_ids), SocialAccount.disconnected_at == None)
        query = query.where(SocialAccount.network.in_(f.networks)) if f.networks else query
        query = query.where(SocialAccount.id.in_(f.account_ids)) if f.account_ids else query
    return dict(db.exec(query.group_by(query.selected_columns[0])).all())


@dataclass(frozen=True)
class AccountRow:
    account_id: int
    org_id: int
    network: str
    handle: str
    name: str
    followers: int | None
    followers_delta: int | None
    posts: int
    impressions: int
    reach: int
    engagements: int
    engagement_rate: float
    clicks: int


def accounts_table(db: Session, actor: Actor, f: Filters) -> list[AccountRow]:
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    if reach.content_scoped or reach.level == "post":
        sums = _post_sums_per_account(db, reach)
    else:
        sums = _account_sums(db, reach)
    ids = set(sums)
    if not reach.content_scoped:
        query = select(SocialAccount.id).where(*_account_filter(reach))
        ids |= set(db.exec(query))
    accounts = {a.id: a for a in db.exec(select(SocialAccount).where(SocialAccount.id.in_(ids)))}
    followers, deltas = ({}, {}) if reach.content_scoped else _followers_per_account(db, reach)
    rows = []
    for account_id in ids:
        account, s = accounts[account_id], sums.get(account_id) or dict.fromkeys((*SUMMED, "posts"), 0)
        rows.append(AccountRow(account_id, account.org_id, account.network, account.handle, account.display_name,
                               None if reach.content_scoped else followers.get(account_id, 0),
                               None if reach.content_scoped else deltas.get(account_id, 0), s["posts"],
                               s["impressions"], s["reach"], s["engagements"],
                               mm.engagement_rate(s["engagements"], s["reach"]), s["clicks"]))
    return sorted(rows, key=lambda row: (row.network, row.name, row.account_id))


def _followers_per_account(db: Session, reach: Reach) -> tuple[dict[int, int], dict[int, int]]:
    """Each account's followers at the period's end (its latest row up to then) and their change within it."""
    f, mine = reach.filters, AccountDaily.org_id.in_(reach.org_ids)
    latest = (select(AccountDaily.account_id, func.max(AccountDaily.day).label("day"))
              .where(mine, AccountDaily.day <= f.end).group_by(AccountDaily.account_id).subquery())
    followers = dict(db.exec(select(AccountDaily.account_id, AccountDaily.followers).join(
        latest, and_(AccountDaily.account_id == latest.c.account_id, AccountDaily.day == latest.c.day))).all())
    deltas = dict(db.exec(select(AccountDaily.account_id, func.sum(AccountDaily.followers_delta)).where(
        mine, AccountDaily.day >= f.start, AccountDaily.day <= f.end).group_by(AccountDaily.account_id)).all())
    return followers, {account_id: int(delta or 0) for account_id, delta in deltas.items()}


def _account_filter(reach: Reach) -> list:
    f = reach.filters
    found = [SocialAccount.org_id.in_(reach.org_ids), SocialAccount.disconnected_at == None]
    if f.networks:
        found.append(SocialAccount.network.in_(f.networks))
    if f.account_ids:
        found.append(SocialAccount.id.in_(f.account_ids))
    return found


def _account_sums(db: Session, reach: Reach) -> dict[int, dict]:
    f = reach.filters
    columns = [func.coalesce(func.sum(getattr(AccountDaily, n)), 0) for n in (*SUMMED, "posts_published")]
    rows = db.exec(select(AccountDaily.account_id, *columns).where(
        *account_conditions(reach), AccountDaily.day >= f.start, AccountDaily.day <= f.end)
        .group_by(AccountDaily.account_id))
    return {account_id: dict(zip((*SUMMED, "posts"), map(int, values), strict=True))
            for account_id, *values in rows}


def _post_sums_per_account(db: Session, reach: Reach) -> dict[int, dict]:
    f = reach.filters
    columns = [func.coalesce(func.sum(getattr(PostDaily, f"delta_{n}")), 0) for n in SUMMED]
    rows = db.exec(select(PostDaily.account_id, *columns).where(
        *post_conditions(reach), PostDaily.day >= f.start, PostDaily.day <= f.end).group_by(PostDaily.account_id))
    found = {account_id: dict(zip(SUMMED, map(int, values), strict=True)) | {"posts": 0}
             for account_id, *values in rows}
    published = db.exec(select(PostTotal.account_id, func.count()).where(
        *post_conditions(reach, PostTotal), PostTotal.published_on >= f.start, PostTotal.published_on <= f.end)
        .group_by(PostTotal.account_id))
    for account_id, count in published:
        found.setdefault(account_id, dict.fromkeys(SUMMED, 0))["posts"] = int(count)
    return found


# --- agencies --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientRow:
    org_id: int
    name: str
    overview: Overview


def agency_overview(db: Session, actor: Actor, f: Filters) -> list[ClientRow]:
    """An agency's clients side by side (each with its own comparison): the clients in `f.org_ids`, or
    every client the agency owner reaches."""
    if f.org_ids:  # an organization out of reach answers NotFound before anything else
        reach_for(db, actor, f, Permission.multi_platform_insights)
    if scope_for(actor.role, Permission.multi_platform_insights) not in (Scope.agency_clients, Scope.all):
        raise PermissionDenied("Only agency owners compare their clients.")
    org_ids = f.org_ids or tuple(db.exec(select(Organization.id).where(
        Organization.parent_id == actor.org_id).order_by(Organization.name)))
    reach_for(db, actor, replace(f, org_ids=org_ids or (actor.org_id,)), Permission.multi_platform_insights)
    names = dict(db.exec(select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))).all())
    rows = [ClientRow(org_id, names[org_id], overview(db, actor, replace(f, org_ids=(org_id,))))
            for org_id in org_ids]
    return sorted(rows, key=lambda row: (-row.overview.total_reach, row.name))


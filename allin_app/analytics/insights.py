"""What the analytics page (/analytics) reads for one question (a Filters): headline figures, series for
the charts (and the previous period's, to compare), cross-network rows, follower growth, the best-hours
heatmap, seasonality, the best and weakest posts, and for agency owners their clients side by side.

Each part is read only when the role may read it (advanced analytics for the heatmap and follower
growth, cross-platform analytics for the network comparison), so the page never asks a question the
query service would refuse. Also the choices the page's filters offer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import queries
from allin_app.analytics.filters import Filters
from allin_app.analytics.periods import grain_for
from allin_app.analytics.rollups import CONTENT_TYPES
from allin_app.analytics.series import RATES, SUMMED
from allin_app.auth.models import User
from allin_app.content.campaigns import list_campaigns
from allin_app.core.rbac import Actor, Permission, Role, Scope, may_open, require, scope_for
from allin_app.orgs.models import Membership, Organization
from allin_app.platforms.limits import LABELS as NETWORK_LABELS

SERIES_METRICS = [m for m in (*SUMMED, *RATES) if m != "followers_delta"]
RANKED = 5  # posts in the best and weakest tables


@dataclass(frozen=True)
class Abilities:
    """Which parts of the page the role may read."""

    advanced: bool  # heatmap, follower growth (of the organization's accounts: not for content-scoped roles)
    cross_network: bool  # network comparison
    agency: bool  # clients side by side
    author_filter: bool  # roles whose figures are not forced to their own posts


def abilities(db: Session, actor: Actor) -> Abilities:
    agency_scope = scope_for(actor.role, Permission.multi_platform_insights) in (Scope.agency_clients, Scope.all)
    has_clients = db.exec(select(Organization.id).where(Organization.parent_id == actor.org_id)).first() is not None
    content_scoped = scope_for(actor.role, Permission.view_basic_analytics) in (Scope.own, Scope.assigned)
    return Abilities(may_open(actor.role, Permission.advanced_analytics),
                     may_open(actor.role, Permission.cross_platform_analytics),
                     agency_scope and has_clients and actor.role in (Role.agency_owner, Role.super_admin),
                     not content_scoped)


@dataclass(frozen=True)
class Options:
    networks: list[tuple[str, str]]
    accounts: list[tuple[int, str]]
    campaigns: list[tuple[int, str]]
    content_types: list[tuple[str, str]]
    authors: list[tuple[int, str]]


def filter_options(db: Session, actor: Actor) -> Options:
    """What the filters offer in the organization acted in: its networks, accounts, campaigns, content
    types and the people who write its posts."""
    require(actor, Permission.view_basic_analytics, write=False)
    accounts = list(db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id)
                            .order_by(SocialAccount.network, SocialAccount.display_name)))
    networks = [n for n in NETWORK_LABELS if any(a.network == n for a in accounts)]
    people = db.exec(select(User.id, User.full_name, User.email).join(Membership, Membership.user_id == User.id)
                     .where(Membership.org_id == actor.org_id).order_by(User.full_name, User.email))
    return Options(
        networks=[(n, NETWORK_LABELS[n]) for n in networks],
        accounts=[(a.id, f"{a.display_name or a.handle} ({NETWORK_LABELS.get(a.network, a.network)})"
                      + (" · disconnected" if a.disconnected_at else "")) for a in accounts],
        campaigns=[(c.id, c.name) for c in list_campaigns(db, actor)],
        content_types=list(CONTENT_TYPES.items()),
        authors=[(user_id, name or email) for user_id, name, email in people])


@dataclass(frozen=True)
class Insights:
    filters: Filters
    grain: str
    overview: queries.Overview
    series: list[dict]
    previous: list[dict] | None  # the previous period's series (compare on)
    daily: list[dict]  # day by day, for seasonality by weekday
    months: list[dict]  # month by month, for seasonality by month
    networks: list[queries.NetworkRow] | None
    followers: list[queries.FollowerSeries] | None
    heatmap: queries.Heatmap | None
    top: list[queries.PostRow]
    bottom: list[queries.PostRow]


def insights(db: Session, actor: Actor, f: Filters, can: Abilities) -> Insights:
    grain = grain_for(f.start, f.end)
    overview = queries.overview(db, actor, f)
    series = queries.timeseries(db, actor, f, SERIES_METRICS, grain)
    previous = None
    if f.compare:
        before_start, before_end = queries.previous_period(f.start, f.end)
        previous = queries.timeseries(db, actor, replace(f, start=before_start, end=before_end), SERIES_METRICS,
                                      grain)
    seasonal = ["engagements", "reach", "engagement_rate"]
    daily = series if grain == "day" else queries.timeseries(db, actor, f, seasonal, "day")
    months = series if grain == "month" else queries.timeseries(db, actor, f, seasonal, "month")
    return Insights(
        filters=f, grain=grain, overview=overview, series=series, previous=previous, daily=daily, months=months,
        networks=queries.by_network(db, actor, f) if can.cross_network else None,
        followers=queries.follower_growth(db, actor, f) if can.advanced and can.author_filter else None,
        heatmap=queries.heatmap(db, actor, f) if can.advanced else None,
        top=queries.top_posts(db, actor, f, limit=RANKED),
        bottom=queries.top_posts(db, actor, f, limit=RANKED, worst=True))


def clients(db: Session, actor: Actor, f: Filters) -> list[queries.ClientRow]:
    """The agency's clients side by side over the same period (without the organization's own filters)."""
    return queries.agency_overview(db, actor, Filters(f.start, f.end, compare=f.compare))

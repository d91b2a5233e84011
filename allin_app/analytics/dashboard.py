"""Everything the dashboard shows, read in one go for the actor's layout: the period's headline figures
against the previous period (queries.overview), recent posts, platform performance, and how far the
organization is from having figures at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session

from allin_app.analytics import layout as layouts
from allin_app.analytics import queries
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import preset_range
from allin_app.analytics.recent import Readiness, RecentPosts, readiness, recent_posts
from allin_app.core.clock import utcnow
from allin_app.core.rbac import Actor
from allin_app.orgs.models import Organization


@dataclass(frozen=True)
class Dashboard:
    layout: layouts.Layout
    org_name: str
    zone: ZoneInfo
    overview: queries.Overview | None  # None when the key figures are hidden
    recent: RecentPosts | None
    platforms: list[queries.NetworkRow] | None
    readiness: Readiness


def period_of(db: Session, actor: Actor, period: str) -> tuple[date, date]:
    """The inclusive local dates of a dashboard period, in the organization's zone."""
    return preset_range(period, today_of(db, actor))


def today_of(db: Session, actor: Actor) -> date:
    org = db.get(Organization, actor.org_id)
    return utcnow().astimezone(zone_of(org.timezone if org else None)).date()


def dashboard(db: Session, actor: Actor) -> Dashboard:
    """Only the widgets shown are read, so a hidden one costs nothing."""
    layout = layouts.layout_for(db, actor)
    org = db.get(Organization, actor.org_id)
    start, end = period_of(db, actor, layout.period)
    filters = queries.Filters(start, end)
    shown = set(layout.shown)
    return Dashboard(
        layout=layout, org_name=org.name if org else "", zone=zone_of(org.timezone if org else None),
        overview=queries.overview(db, actor, filters) if "kpis" in shown else None,
        recent=recent_posts(db, actor) if "recent_posts" in shown else None,
        platforms=queries.by_network(db, actor, filters) if "platforms" in shown else None,
        readiness=readiness(db, actor))

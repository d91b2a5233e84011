"""How analytics figures read on screen (dashboard and analytics page alike): counts, rates, changes
against the previous period with their trend, and the sentence saying whose figures a view covers."""

from __future__ import annotations

from dataclasses import dataclass

from allin_app.analytics.queries import Overview
from allin_app.core.rbac import Actor, Permission, Scope, scope_for

KPI_LABELS = {"total_posts": "Total posts", "total_reach": "Total reach", "engagement_rate": "Engagement rate",
              "scheduled_posts": "Scheduled posts", "total_impressions": "Impressions",
              "total_engagements": "Engagements", "clicks": "Clicks", "click_through": "Click-through rate",
              "followers": "Followers", "followers_delta": "New followers"}
RATES = ("engagement_rate", "click_through")
DASHBOARD_KPIS = ("total_posts", "total_reach", "engagement_rate", "scheduled_posts")


def count(value: float | None) -> str:
    return "—" if value is None else f"{value:,}"


def rate(value: float) -> str:
    return f"{value:.2f} %"


def unreached(reach: int, impressions: int) -> bool:
    """Seen but with no reach reported: networks like X count impressions only, so reach and engagement rate
    have no figure there (shown as "—", not as a misleading 0)."""
    return reach == 0 and impressions > 0


def reach_of(reach: int, impressions: int) -> str:
    return "—" if unreached(reach, impressions) else count(reach)


def rate_of(value: float, reach: int, impressions: int) -> str:
    return "—" if unreached(reach, impressions) else rate(value)


def change(pct: float | None) -> str:
    if pct is None:
        return "no earlier figures"
    return f"{pct:+.1f} %".replace("-", "−")


def direction(pct: float | None) -> str:
    """up, down or flat: the trend arrow beside a figure (flat too when there is nothing to compare with)."""
    if pct is None or pct == 0:
        return "flat"
    return "up" if pct > 0 else "down"


@dataclass
class KpiCard:
    key: str
    label: str
    value: str
    raw: str  # the unformatted figure, for tests and exports
    previous: str
    change: str
    direction: str


def kpi_cards(overview: Overview, keys: tuple[str, ...] = DASHBOARD_KPIS) -> list[KpiCard]:
    """One card per figure; figures the view does not have (followers of one's own posts) are left out."""
    cards = []
    for key in keys:
        value = getattr(overview, key)
        if value is None:
            continue
        shown = rate if key in RATES else count
        previous = getattr(overview, f"{key}_prev", None)
        pct = overview.change_pct.get(key) if overview.change_pct else None
        cards.append(KpiCard(key, KPI_LABELS[key], shown(value), str(value),
                             "" if overview.previous_start is None or previous is None else shown(previous),
                             change(pct) if overview.previous_start else "", direction(pct)))
    return cards


def scope_note(actor: Actor, org_name: str) -> str:
    """Whose figures the view shows, in the words of the role's reach."""
    scope = scope_for(actor.role, Permission.view_basic_analytics)
    if scope is Scope.own:
        return "Your posts: figures of the posts you wrote."
    if scope is Scope.assigned:
        return "Posts assigned to you: figures of the posts you work on."
    return f"All of {org_name}: every connected account and post."

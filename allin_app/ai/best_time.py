"""Best time to post: the weekday-hour slots whose posts drew the highest engagement rate, per network and
account, from the organization's own published posts (the same figures as analytics' heatmap: average
engagement rate of the posts published in each local hour), or industry defaults while that history is thin.

Industry defaults (local time of the audience). They are the slots that the public studies of 2023-2024
keep agreeing on, rounded to whole hours; they are starting points, not measurements of this organization:

| network   | best slots (weekday, hour)                      | source / assumption                               |
| --------- | ----------------------------------------------- | ------------------------------------------------- |
| facebook  | Tue-Thu 9-12                                    | Sprout Social 2024, Hootsuite 2024                 |
| instagram | Tue-Thu 11-13, Mon-Fri 19                       | Sprout Social 2024, Later 2024                     |
| twitter   | Tue-Thu 9-11                                    | Sprout Social 2024                                 |
| linkedin  | Tue-Thu 8-10, 12                                | Sprout Social 2024, Hootsuite 2024                 |
| tiktok    | Tue-Thu 14-17, Fri 19-21                        | Later 2024, Sprout Social 2024                     |
| youtube   | Thu-Sat 15-18                                   | Hootsuite 2024 (videos indexed before evening)     |
| pinterest | Fri-Sun 20-22                                   | Pinterest Business guidance, Later 2023            |
| snapchat  | Mon-Fri 19-22                                   | assumption: evening use, as for stories elsewhere  |
| reddit    | Mon-Fri 6-9                                     | Later 2023 (US morning, before the day's top list) |
| threads   | Tue-Thu 8-11                                    | assumption: as X, a text-first network             |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from allin_app.accounts.models import SocialAccount
from allin_app.ai.features import HistoryRow, history
from allin_app.analytics.metrics_math import zone_of
from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

MIN_POSTS = 20  # published posts (on the network/account asked about) before the org's own figures answer
MIN_SLOT_POSTS = 2  # a slot with fewer posts is noise, not a best time
SHRINK_POSTS = 3
LOOKBACK = timedelta(days=365)
MAX_SLOTS = 24
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TUE_THU, _MON_FRI = (1, 2, 3), (0, 1, 2, 3, 4)
INDUSTRY = {
    "facebook": [(d, h) for d in _TUE_THU for h in (9, 10, 11, 12)],
    "instagram": [(d, h) for d in _TUE_THU for h in (11, 12, 13)] + [(d, 19) for d in _MON_FRI],
    "twitter": [(d, h) for d in _TUE_THU for h in (9, 10, 11)],
    "linkedin": [(d, h) for d in _TUE_THU for h in (8, 9, 10, 12)],
    "tiktok": [(d, h) for d in _TUE_THU for h in (14, 15, 16, 17)] + [(4, h) for h in (19, 20, 21)],
    "youtube": [(d, h) for d in (3, 4, 5) for h in (15, 16, 17, 18)],
    "pinterest": [(d, h) for d in (4, 5, 6) for h in (20, 21, 22)],
    "snapchat": [(d, h) for d in _MON_FRI for h in (19, 20, 21, 22)],
    "reddit": [(d, h) for d in _MON_FRI for h in (6, 7, 8, 9)],
    "threads": [(d, h) for d in _TUE_THU for h in (8, 9, 10, 11)],
}


@dataclass(frozen=True)
class Slot:
    weekday: int  # Monday = 0, org's zone
    hour: int
    engagement_rate: float | None  # average of the org's posts then (%); None for an industry default
    posts: int
    next_at: datetime  # UTC: the next time this slot comes round

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.hour:02d}:00"


@dataclass(frozen=True)
class BestTimes:
    network: str | None
    account_id: int | None
    timezone: str
    source: str  # "history" or "industry"
    explanation: str
    posts_considered: int
    slots: list[Slot]


def history_scope(actor: Actor, permission: Permission) -> dict:
    """Whose posts a history question may read: a creator's own, a team member's assigned, else the org's."""
    scope = scope_for(actor.role, permission)
    if scope is Scope.own:
        return {"author_id": actor.user_id}
    if scope is Scope.assigned:
        return {"assignee_id": actor.user_id}
    return {}


def best_times(db: Session, actor: Actor, network: str | None = None, account_id: int | None = None,
               limit: int = 5, now: datetime | None = None) -> BestTimes:
    require(actor, Permission.ai_optimization, write=False)
    if network is not None and network not in ADAPTERS:
        raise ValidationFailed("network", f"Unknown network {network!r}: use one of {', '.join(ADAPTERS)}.")
    if not 1 <= limit <= MAX_SLOTS:
        raise ValidationFailed("limit", f"Ask for between 1 and {MAX_SLOTS} slots.")
    if account_id is not None:
        account = db.get(SocialAccount, account_id)
        if account is None or account.org_id != actor.org_id:
            raise NotFound("Account not found.")
        network = network or account.network
        if account.network != network:
            raise ValidationFailed("account_id", f"That account is on {account.network}, not {network}.")
    org = db.get(Organization, actor.org_id)
    zone, now = zone_of(org.timezone if org else None), now or utcnow()
    rows = [r for r in history(db, actor.org_id, zone, account_id=account_id, network=network,
                               **history_scope(actor, Permission.ai_optimization))
            if r.published_at >= now - LOOKBACK]
    if len(rows) >= MIN_POSTS:
        return _from_history(rows, network, account_id, zone, now, limit)
    return _from_industry(network, account_id, zone, now, limit, len(rows))


def _from_history(rows: list[HistoryRow], network, account_id, zone, now: datetime, limit: int) -> BestTimes:
    cells: dict[tuple[int, int], list[float]] = {}
    for row in rows:
        cells.setdefault((row.features.weekday, row.features.hour), []).append(row.engagement_rate)
    overall = sum(r.engagement_rate for r in rows) / len(rows)
    # Ranked on the slot's mean pulled towards the overall mean by SHRINK_POSTS imaginary posts, so a slot
    # with two lucky posts does not outrank one with twenty good ones; the shown rate is the plain mean.
    ranked = sorted((((sum(v) + SHRINK_POSTS * overall) / (len(v) + SHRINK_POSTS), sum(v) / len(v), len(v), key)
                     for key, v in cells.items() if len(v) >= MIN_SLOT_POSTS), reverse=True)
    slots = [Slot(d, h, round(rate, 2), n, next_occurrence(d, h, zone, now)) for _, rate, n, (d, h) in ranked[:limit]]
    where = _where(network, account_id)
    return BestTimes(network, account_id, str(zone), "history",
                     f"From the engagement rate of {len(rows)} published posts{where} over the last year, by "
                     f"weekday and hour in {zone}.", len(rows), slots)


def _from_industry(network, account_id, zone, now: datetime, limit: int, posts: int) -> BestTimes:
    pairs = INDUSTRY.get(network) if network else _common_industry_slots()
    slots = sorted((Slot(d, h, None, 0, next_occurrence(d, h, zone, now)) for d, h in pairs), key=lambda s: s.next_at)
    return BestTimes(network, account_id, str(zone), "industry",
                     f"Industry defaults: only {posts} published posts{_where(network, account_id)} so far, "
                     f"{MIN_POSTS} are needed before your own figures answer.", posts, slots[:limit])


def _common_industry_slots() -> list[tuple[int, int]]:
    """Across networks: the slots most networks' defaults share."""
    counts: dict[tuple[int, int], int] = {}
    for pairs in INDUSTRY.values():
        for pair in pairs:
            counts[pair] = counts.get(pair, 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], p))[:MAX_SLOTS]


def _where(network: str | None, account_id: int | None) -> str:
    if account_id is not None:
        return " on this account"
    return f" on {ADAPTERS[network].label}" if network else ""


def next_occurrence(weekday: int, hour: int, zone, now: datetime) -> datetime:
    local = now.astimezone(zone)
    days = (weekday - local.weekday()) % 7
    day = (local + timedelta(days=days)).date()
    candidate = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
    if candidate <= local:
        candidate += timedelta(days=7)
    return candidate.astimezone(now.tzinfo)


def slot_distance(times: BestTimes, weekday: int, hour: int) -> int | None:
    """Hours between (weekday, hour) and the nearest best slot, around the week; None without slots."""
    if not times.slots:
        return None
    moment = weekday * 24 + hour
    return min(min(abs(moment - (s.weekday * 24 + s.hour)), 168 - abs(moment - (s.weekday * 24 + s.hour)))
               for s in times.slots)

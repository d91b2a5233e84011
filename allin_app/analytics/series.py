"""Figures over time: followers at a day (every account's latest count carried forward), the
timeseries charts read (by day, week or month), and follower growth per account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.filters import Filters, Reach, account_conditions, conditions_for, reach_for, table_for
from allin_app.analytics.models import AccountDaily, OrgDaily, PostDaily, PostTotal
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission

SUMMED = ("posts", "impressions", "reach", "likes", "comments", "shares", "saves", "clicks", "video_views",
          "engagements", "followers_delta")
RATES = ("engagement_rate", "click_through", "frequency")
METRICS = (*SUMMED, *RATES, "followers")
REACHED = ("reached_engagements", "reached_impressions")
GRAINS = ("day", "week", "month")


def _follower_table(reach: Reach):
    """Followers by account when accounts are picked, else by organization and network."""
    if reach.filters.account_ids:
        return AccountDaily, (AccountDaily.account_id,)
    return OrgDaily, (OrgDaily.org_id, OrgDaily.network)


def _latest_rows(reach: Reach, before: date, *, inclusive: bool):
    table, keys = _follower_table(reach)
    limit = table.day <= before if inclusive else table.day < before
    latest = (select(*keys, func.max(table.day).label("day")).where(*account_conditions(reach, table), limit)
              .group_by(*keys).subquery())
    joined = and_(*(key == latest.c[key.key] for key in keys), table.day == latest.c.day)
    return table, joined, latest


def followers_at(db: Session, reach: Reach, day: date, by_network: bool = False) -> int | dict[str, int]:
    """Followers at the end of `day`: each account's (or organization-network's) latest count up to then."""
    table, joined, latest = _latest_rows(reach, day, inclusive=True)
    total = func.coalesce(func.sum(table.followers), 0)
    if by_network:
        rows = db.exec(select(table.network, total).join(latest, joined).group_by(table.network))
        return {network: int(value) for network, value in rows}
    return int(db.exec(select(total).join(latest, joined)).one())


def followers_delta(db: Session, reach: Reach, start: date, end: date) -> int:
    """How much the follower counts read within the period moved (an account's first reading adds nothing)."""
    table, _keys = _follower_table(reach)
    return int(db.exec(select(func.coalesce(func.sum(table.followers_delta), 0)).where(
        *account_conditions(reach, table), table.day >= start, table.day <= end)).one())


def _daily_followers(db: Session, reach: Reach, start: date, end: date) -> dict[date, int]:
    """Followers at the end of every day of the period, carried across days without a reading."""
    table, keys = _follower_table(reach)
    _table, joined, latest = _latest_rows(reach, start, inclusive=False)
    current: dict[tuple, int] = {tuple(row[:-1]): row[-1] for row in db.exec(
        select(*keys, table.followers).join(latest, joined))}
    changes: dict[date, list] = defaultdict(list)
    for *key, day, followers in db.exec(select(*keys, table.day, table.followers).where(
            *account_conditions(reach, table), table.day >= start, table.day <= end)):
        changes[day].append((tuple(key), followers))
    found = {}
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        for key, followers in changes.get(day, ()):
            current[key] = followers
        found[day] = sum(current.values())
    return found


def _daily_sums(db: Session, reach: Reach, start: date, end: date) -> dict[date, dict[str, int]]:
    table = table_for(reach)
    names = [n for n in SUMMED if n not in ("posts", "followers_delta")]
    columns = [func.coalesce(func.sum(getattr(table, f"delta_{n}" if table is PostDaily else n)), 0) for n in names]
    found: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys((*SUMMED, *REACHED), 0))
    for day, _network, *values in db.exec(select(table.day, table.network, *columns).where(
            *conditions_for(reach, table), table.day >= start, table.day <= end).group_by(table.day, table.network)):
        sums = dict(zip(names, map(int, values), strict=True))
        for name, value in sums.items():
            found[day][name] += value
        if sums["reach"]:  # rates over reach leave out networks that report none (X)
            found[day]["reached_engagements"] += sums["engagements"]
            found[day]["reached_impressions"] += sums["impressions"]
    if table is PostDaily:
        posts = select(PostTotal.published_on, func.count()).where(
            *conditions_for(reach, PostTotal), PostTotal.published_on >= start, PostTotal.published_on <= end)
        for day, count in db.exec(posts.group_by(PostTotal.published_on)):
            found[day]["posts"] = int(count)
    else:
        for day, count in db.exec(select(table.day, func.sum(table.posts_published)).where(
                *conditions_for(reach, table), table.day >= start, table.day <= end).group_by(table.day)):
            found[day]["posts"] = int(count or 0)
    if not reach.content_scoped:
        follower_table, _keys = _follower_table(reach)
        for day, delta in db.exec(select(follower_table.day, func.sum(follower_table.followers_delta)).where(
                *account_conditions(reach, follower_table), follower_table.day >= start, follower_table.day <= end)
                .group_by(follower_table.day)):
            found[day]["followers_delta"] = int(delta or 0)
    return found


def bucket_of(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def timeseries(db: Session, actor: Actor, f: Filters, metrics: list[str], grain: str = "day") -> list[dict]:
    """One dict per day, week (from Monday) or month of the period, oldest first, each with `day` (the
    bucket's first day) and the asked metrics; a bucket without data has zeros. Followers are the
    count at the bucket's last day; rates come from the bucket's sums."""
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    if unknown := [m for m in metrics if m not in METRICS]:
        raise ValidationFailed("metrics", f"Unknown metric {unknown[0]!r}: use any of {', '.join(METRICS)}.")
    if grain not in GRAINS:
        raise ValidationFailed("grain", "Group by day, week or month.")
    daily = _daily_sums(db, reach, f.start, f.end)
    followers = {} if reach.content_scoped or "followers" not in metrics else _daily_followers(db, reach, f.start,
                                                                                              f.end)
    buckets: dict[date, dict] = {}
    for offset in range((f.end - f.start).days + 1):
        day = f.start + timedelta(days=offset)
        bucket = buckets.setdefault(bucket_of(day, grain), dict.fromkeys((*SUMMED, *REACHED), 0))
        for name, value in daily.get(day, {}).items():
            bucket[name] += value
        bucket["followers"] = followers.get(day, 0)
    return [_point(start, sums, metrics) for start, sums in sorted(buckets.items())]


def _point(start: date, sums: dict, metrics: list[str]) -> dict:
    rates = {"engagement_rate": mm.engagement_rate(sums["reached_engagements"], sums["reach"]),
             "click_through": mm.click_through(sums["clicks"], sums["impressions"]),
             "frequency": mm.frequency(sums["reached_impressions"], sums["reach"])}
    return {"day": start, **{m: rates[m] if m in rates else sums[m] for m in metrics}}


@dataclass(frozen=True)
class FollowerSeries:
    account_id: int
    network: str
    name: str
    points: list[dict]  # {"day", "followers", "followers_delta"} for every day of the period


def follower_growth(db: Session, actor: Actor, f: Filters) -> list[FollowerSeries]:
    """Each account's followers day by day (carried across days without a reading)."""
    reach = reach_for(db, actor, f, Permission.advanced_analytics)
    if reach.content_scoped:
        return []
    query = select(SocialAccount).where(SocialAccount.org_id.in_(reach.org_ids))
    query = query.where(SocialAccount.network.in_(f.networks)) if f.networks else query
    query = query.where(SocialAccount.id.in_(f.account_ids)) if f.account_ids else query
    found = []
    for account in db.exec(query.order_by(SocialAccount.network, SocialAccount.display_name)):
        one = Reach(filters=Filters(f.start, f.end, account_ids=(account.id,)), org_ids=reach.org_ids,
                    zones=reach.zones)
        counts = _daily_followers(db, one, f.start, f.end)
        deltas = dict(db.exec(select(AccountDaily.day, AccountDaily.followers_delta).where(
            AccountDaily.account_id == account.id, AccountDaily.day >= f.start, AccountDaily.day <= f.end)).all())
        if not any(counts.values()) and account.disconnected_at is not None:
            continue
        found.append(FollowerSeries(account.id, account.network, account.display_name or account.handle,
                                    [{"day": day, "followers": counts[day], "followers_delta": deltas.get(day, 0)}
                                     for day in sorted(counts)]))
    return found

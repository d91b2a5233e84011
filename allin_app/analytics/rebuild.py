"""Rollups recomputed from the raw series: any local day of an organization, from scratch, with plain
set-based SQL. It must give exactly the rows the incremental path (`rollups.py`) gave (tests/analytics
check it on random data); use it after a change of the organization's time zone or a repair."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import and_, delete, func
from sqlmodel import Session, select

from allin_app.analytics import rollups
from allin_app.analytics.metrics_math import day_bounds, local_day, zone_of
from allin_app.analytics.models import (
    SUMMED,
    AccountDaily,
    AccountSnapshot,
    MetricSnapshot,
    OrgDaily,
    PostDaily,
    PostTotal,
)
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import as_utc
from allin_app.orgs.models import Organization

FAR_FUTURE = datetime(3000, 1, 1, tzinfo=UTC)


def rebuild_days(db: Session, org_id: int, days: Iterable[date]) -> None:
    """Throw away and recompute every rollup of these local days (oldest first), and the post totals."""
    zone = zone_of(db.get(Organization, org_id).timezone)
    for day in sorted(set(days)):
        start, end = day_bounds(day, zone)
        for table in (PostDaily, AccountDaily, OrgDaily):
            db.exec(delete(table).where(table.org_id == org_id, table.day == day))
        db.flush()
        _post_days(db, org_id, day, start, end, zone)
        db.flush()
        for account_id in _accounts_active_on(db, org_id, day, start, end, zone):
            _account_day(db, org_id, account_id, day, start, end)
        db.flush()
        for network in set(db.exec(select(AccountDaily.network).where(AccountDaily.org_id == org_id,
                                                                       AccountDaily.day == day))):
            rollups.refresh_org_day(db, org_id, day, network)
        db.flush()
    rebuild_totals(db, org_id)


def rebuild_all(db: Session, org_id: int) -> int:
    """Every day the organization has readings on; answers how many days."""
    zone = zone_of(db.get(Organization, org_id).timezone)
    moments = [*db.exec(select(MetricSnapshot.captured_at).where(MetricSnapshot.org_id == org_id)),
               *db.exec(select(AccountSnapshot.captured_at).where(AccountSnapshot.org_id == org_id))]
    days = {local_day(moment, zone) for moment in moments}
    days |= set(db.exec(select(PostTotal.published_on).where(PostTotal.org_id == org_id)))
    rebuild_days(db, org_id, days)
    return len(days)


def _last_reading_per_target(org_id: int, before: datetime, since: datetime | None = None):
    conditions = [MetricSnapshot.org_id == org_id, MetricSnapshot.captured_at < before]
    if since is not None:
        conditions.append(MetricSnapshot.captured_at >= since)
    return (select(MetricSnapshot.target_id, func.max(MetricSnapshot.captured_at).label("at"))
            .where(*conditions).group_by(MetricSnapshot.target_id).subquery())


def _readings(db: Session, org_id: int, before: datetime, since: datetime | None = None) -> dict[int, MetricSnapshot]:
    last = _last_reading_per_target(org_id, before, since)
    joined = select(MetricSnapshot).join(last, and_(MetricSnapshot.target_id == last.c.target_id,
                                                    MetricSnapshot.captured_at == last.c.at))
    return {row.target_id: row for row in db.exec(joined)}


def _post_days(db: Session, org_id: int, day: date, start: datetime, end: datetime, zone) -> None:
    closing = _readings(db, org_id, end, start)
    opening = _readings(db, org_id, start) if closing else {}
    for target_id, reading in closing.items():
        target = db.get(PostTarget, target_id)
        info = rollups.target_info(db, target, db.get(Post, target.post_id))
        values, previous = rollups.counters_of(reading), rollups.counters_of(opening.get(target_id))
        row = PostDaily(target_id=target_id, day=day, org_id=org_id, post_id=info.post_id, account_id=info.account_id,
                        network=info.network, published_on=local_day(info.published_at, zone),
                        as_of=reading.captured_at, **info.attributes)
        rollups._set_lifetime(row, values, previous)
        db.add(row)


def _accounts_active_on(db: Session, org_id: int, day: date, start: datetime, end: datetime, zone) -> set[int]:
    """Accounts with a post reading that day, a follower reading that day, or a read post published that day."""
    found = set(db.exec(select(PostDaily.account_id).where(PostDaily.org_id == org_id, PostDaily.day == day)))
    found |= set(db.exec(select(AccountSnapshot.account_id).where(
        AccountSnapshot.org_id == org_id, AccountSnapshot.captured_at >= start, AccountSnapshot.captured_at < end)))
    found |= {account_id for account_id, _ in _published_read_targets(db, org_id, start, end)}
    return found


def _published_read_targets(db: Session, org_id: int, start: datetime, end: datetime) -> list[tuple[int, int]]:
    """(account, target) of the targets published within [start, end) that have at least one reading."""
    read = select(MetricSnapshot.target_id).where(MetricSnapshot.org_id == org_id).distinct().subquery()
    return list(db.exec(select(PostTarget.account_id, PostTarget.id).join(read, read.c.target_id == PostTarget.id)
                        .where(PostTarget.org_id == org_id, PostTarget.published_at >= start,
                               PostTarget.published_at < end)))


def _account_day(db: Session, org_id: int, account_id: int, day: date, start: datetime, end: datetime) -> None:
    posts = db.exec(select(PostDaily).where(PostDaily.account_id == account_id, PostDaily.day == day)).all()
    published = sum(1 for account, _ in _published_read_targets(db, org_id, start, end) if account == account_id)
    network = posts[0].network if posts else db.exec(select(PostTarget.network).where(
        PostTarget.account_id == account_id)).first()
    closing = _last_account_reading(db, account_id, end)
    opening = _last_account_reading(db, account_id, start)
    if network is None:
        network = closing.network
    row = AccountDaily(account_id=account_id, day=day, org_id=org_id, network=network, posts_published=published)
    for name in SUMMED:
        setattr(row, name, sum(getattr(post, f"delta_{name}") for post in posts))
    row.followers = closing.followers if closing else 0
    if closing is not None and as_utc(closing.captured_at) >= start:
        row.followers_as_of = closing.captured_at
        row.followers_delta = closing.followers - opening.followers if opening else 0
    db.add(row)


def _last_account_reading(db: Session, account_id: int, before: datetime) -> AccountSnapshot | None:
    return db.exec(select(AccountSnapshot).where(AccountSnapshot.account_id == account_id,
                                                 AccountSnapshot.captured_at < before)
                   .order_by(AccountSnapshot.captured_at.desc()).limit(1)).first()


def rebuild_totals(db: Session, org_id: int) -> None:
    zone = zone_of(db.get(Organization, org_id).timezone)
    db.exec(delete(PostTotal).where(PostTotal.org_id == org_id))
    db.flush()
    for target_id, reading in _readings(db, org_id, FAR_FUTURE).items():
        target = db.get(PostTarget, target_id)
        info = rollups.target_info(db, target, db.get(Post, target.post_id))
        total = PostTotal(target_id=target_id, org_id=org_id, post_id=info.post_id, account_id=info.account_id,
                          network=info.network, published_at=info.published_at,
                          published_on=local_day(info.published_at, zone), last_collected_at=reading.captured_at,
                          **info.attributes)
        for name, value in rollups.counters_of(reading).items():
            setattr(total, name, value)
        db.add(total)
    db.flush()

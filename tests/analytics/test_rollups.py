"""Rollups: the incremental path (what the collector runs after each reading) and a rebuild from the raw
series give the same rows, and each rollup figure equals the plain SQL aggregate over the raw table."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func
from sqlmodel import select

from allin_app.analytics import collector, rebuild
from allin_app.analytics.metrics_math import day_bounds, zone_of
from allin_app.analytics.models import (
    AccountDaily,
    AccountSnapshot,
    MetricSnapshot,
    OrgDaily,
    PostDaily,
    PostTotal,
)
from allin_app.platforms.base import AccountMetrics, PostMetrics
from tests.analytics.rollup_data import add_account, add_published, bloom, user_id

START = datetime(2026, 3, 6, 12, tzinfo=UTC)  # spans the US change to summer time (March 8)
ROLLUPS = (PostDaily, PostTotal, AccountDaily, OrgDaily)
COUNTER = st.integers(min_value=0, max_value=5_000)


@pytest.fixture
def world(seeded):
    db = seeded
    org = bloom(db)
    org.timezone = "America/New_York"  # local days differ from UTC days
    accounts = [add_account(db, org.id, "twitter", "bloomx"), add_account(db, org.id, "facebook", "bloomfb"),
                add_account(db, org.id, "facebook", "bloomfb2")]
    manager = user_id(db, "manager")
    targets = []
    for number, moment in enumerate((START, START + timedelta(hours=20), START + timedelta(days=2))):
        targets += add_published(db, org.id, manager, accounts[: 1 + number % 3], moment, text=f"Post {number}")
    db.commit()
    return {"db": db, "org": org, "accounts": accounts, "targets": targets}


post_reading = st.tuples(st.just("post"), st.integers(0, 5), st.integers(0, 6 * 24 * 60),
                         st.tuples(COUNTER, COUNTER, COUNTER, COUNTER, COUNTER, COUNTER, COUNTER, COUNTER))
account_reading = st.tuples(st.just("account"), st.integers(0, 2), st.integers(0, 6 * 24 * 60),
                            st.integers(0, 100_000))
READINGS = st.lists(st.one_of(post_reading, account_reading), min_size=1, max_size=40)


def _clear(db, org_id):
    for table in (*ROLLUPS, MetricSnapshot, AccountSnapshot):
        db.exec(delete(table).where(table.org_id == org_id))
    db.flush()


def _record(world, readings) -> None:
    """Through the collector's own storing code, one moment at a time, in time order."""
    db, org, targets, accounts = world["db"], world["org"], world["targets"], world["accounts"]
    by_moment: dict[tuple, dict] = {}
    for kind, index, minute, values in readings:
        moment = START + timedelta(minutes=minute)
        if kind == "post":
            info = targets[index % len(targets)]
            if moment < info.published_at:
                continue
            entry = by_moment.setdefault((moment, info.account_id), {"posts": {}, "followers": None})
            entry["posts"][info.target_id] = (info, PostMetrics(*values))
        else:
            account = accounts[index]
            entry = by_moment.setdefault((moment, account.id), {"posts": {}, "followers": None})
            entry["followers"] = AccountMetrics(followers=values)
    for (moment, account_id), entry in sorted(by_moment.items()):
        collector.store_readings(db, org.id, account_id, moment, list(entry["posts"].values()), entry["followers"])
    db.flush()


def _rows(db, org_id) -> dict:
    found = {}
    for table in ROLLUPS:
        rows = db.exec(select(table).where(table.org_id == org_id)).all()
        found[table.__tablename__] = sorted(tuple(sorted((k, str(v)) for k, v in row.model_dump().items()))
                                            for row in rows)
    return found


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(readings=READINGS)
def test_rebuilding_from_the_raw_series_gives_the_incremental_rows(world, readings):
    db, org = world["db"], world["org"]
    _clear(db, org.id)
    _record(world, readings)
    db.expire_all()
    incremental = _rows(db, org.id)
    rebuild.rebuild_all(db, org.id)
    db.expire_all()
    assert _rows(db, org.id) == incremental


def _raw_growth(db, org_id, name: str, start: datetime, end: datetime) -> int:
    """Plain SQL over the raw table: per target, the last reading before `end` minus the last before `start`."""
    total = 0
    for target_id in db.exec(select(MetricSnapshot.target_id).where(MetricSnapshot.org_id == org_id).distinct()):
        def last(before, target_id=target_id):
            value = db.exec(select(getattr(MetricSnapshot, name)).where(
                MetricSnapshot.target_id == target_id, MetricSnapshot.captured_at < before)
                .order_by(MetricSnapshot.captured_at.desc()).limit(1)).first()
            return value or 0
        total += last(end) - last(start)
    return total


@SETTINGS
@given(readings=READINGS, first=st.integers(0, 6), length=st.integers(0, 6))
def test_each_rollup_figure_equals_the_aggregate_over_the_raw_table(world, readings, first, length):
    db, org = world["db"], world["org"]
    _clear(db, org.id)
    _record(world, readings)
    zone = zone_of(org.timezone)
    start_day = START.astimezone(zone).date() + timedelta(days=first)
    end_day = start_day + timedelta(days=length)
    begins, ends = day_bounds(start_day, zone)[0], day_bounds(end_day, zone)[1]
    for name in ("impressions", "likes", "clicks"):
        raw = _raw_growth(db, org.id, name, begins, ends)
        in_days = (PostDaily.org_id == org.id, PostDaily.day >= start_day, PostDaily.day <= end_day)
        assert db.exec(select(func.coalesce(func.sum(getattr(PostDaily, f"delta_{name}")), 0)).where(*in_days)).one() == raw
        org_sum = db.exec(select(func.coalesce(func.sum(getattr(OrgDaily, name)), 0)).where(
            OrgDaily.org_id == org.id, OrgDaily.day >= start_day, OrgDaily.day <= end_day)).one()
        assert org_sum == raw
    for row in db.exec(select(AccountDaily).where(AccountDaily.org_id == org.id)):
        last = db.exec(select(AccountSnapshot.followers).where(
            AccountSnapshot.account_id == row.account_id, AccountSnapshot.captured_at < day_bounds(row.day, zone)[1])
            .order_by(AccountSnapshot.captured_at.desc()).limit(1)).first()
        assert row.followers == (last or 0)
    for total in db.exec(select(PostTotal).where(PostTotal.org_id == org.id)):
        latest = db.exec(select(MetricSnapshot).where(MetricSnapshot.target_id == total.target_id)
                         .order_by(MetricSnapshot.captured_at.desc()).limit(1)).one()
        assert (total.impressions, total.reach, total.saves) == (latest.impressions, latest.reach, latest.saves)


def test_posts_published_count_on_their_local_day(world):
    db, org, targets = world["db"], world["org"], world["targets"]
    _record(world, [("post", index, 3 * 24 * 60, (10,) * 8) for index in range(len(targets))])
    published = db.exec(select(func.sum(OrgDaily.posts_published)).where(OrgDaily.org_id == org.id)).one()
    assert published == len(targets)
    # 12:00 UTC on March 6 is 07:00 in New York: the first post counts on March 6 there
    first = db.exec(select(AccountDaily).where(AccountDaily.account_id == targets[0].account_id,
                                               AccountDaily.day == date(2026, 3, 6))).one()
    assert first.posts_published == 1

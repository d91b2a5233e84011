"""Times the dashboard's data and each analytics query over 100,000 posts and 1,000,000 metric readings,
next to the same aggregate computed by a plain SQL query over the raw metric_snapshots table.

Builds a throwaway SQLite database (and a throwaway PostgreSQL database next to DB_URL's when one
answers, dropped afterwards) holding the demo seed plus, for Bloom Coffee, 8 accounts on 4 networks,
100,000 published posts spread over the last year (one target each) and 11 readings per post at the
collector's ages (15 min ... 60 days; fewer for the newest posts), inserted in bulk. The rollups are computed in bulk from those
readings with the collector's rules (a day's last reading gives its lifetime figures, its increments
are those minus the previous reading's). Then prints p50/p95 (ms) over repeated runs of: the
dashboard's data (overview + by_network + timeseries + top_posts, last 30 days), each query, and the
raw-table equivalent; the ratio says what the rollups buy. Goal: dashboard data under 150 ms p95.

    .venv/bin/python bench/analytics.py [--posts N] [--runs N] [--no-pg]
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
if "ALLIN_DATA_DIR" not in os.environ:
    os.environ["ALLIN_DATA_DIR"] = tempfile.mkdtemp(prefix="allin-bench-")
    atexit.register(shutil.rmtree, os.environ["ALLIN_DATA_DIR"], ignore_errors=True)
os.environ.setdefault("ALLIN_SECRET_KEY", "bench-secret-key")
os.environ.setdefault("ALLIN_BCRYPT_ROUNDS", "4")

from sqlalchemy import create_engine, func, insert, text
from sqlmodel import Session, SQLModel, select

import allin_app.core.models  # noqa: F401  (every table)
from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS, seed_demo
from allin_app.analytics import queries
from allin_app.analytics.metrics_math import engagements
from allin_app.analytics.models import (
    SUMMED,
    AccountDaily,
    AccountSnapshot,
    MetricSnapshot,
    OrgDaily,
    PostDaily,
    PostTotal,
)
from allin_app.auth import service as auth
from allin_app.content.models import Campaign, Post, PostTarget
from allin_app.core import db as core_db
from allin_app.orgs import service as orgs
from bench.library import post_text

BATCH = 20_000
READ_AGES = [timedelta(minutes=m) for m in (15, 60, 180, 720, 1440, 2880, 4320, 10080, 20160, 43200, 86400)]
NETWORKS = ("facebook", "instagram", "twitter", "linkedin")


def _counters(rng: random.Random, peak: float, age: timedelta) -> dict[str, int]:
    """Growth like the simulator's: most in the first hours, a slow tail after."""
    minutes = age.total_seconds() / 60
    seen = peak * ((1 - 2.718281828 ** (-minutes / 180)) + 0.25 * (minutes / 1440 + 1) ** 0.3 - 0.25)
    return {"impressions": int(seen), "reach": int(seen * 0.7), "likes": int(seen * 0.04),
            "comments": int(seen * 0.004), "shares": int(seen * 0.003), "clicks": int(seen * 0.01),
            "saves": int(seen * 0.002), "video_views": 0}


def fill(engine, count: int) -> dict:
    with Session(engine) as db:
        seed_demo(db)
        org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
        manager = auth.find_user_by_email(db, "manager@allin.demo")
        creator = auth.find_user_by_email(db, "creator@allin.demo")
        accounts = [SocialAccount(org_id=org.id, network=network, external_id=f"bench-{network}-{n}",
                                  handle=f"bloom{n}", display_name=f"Bloom {network} {n}", connected_by_user_id=manager.id)
                    for network in NETWORKS for n in range(2)]
        campaigns = [Campaign(org_id=org.id, name=name) for name in ("Autumn blend", "Cold brew summer", "Opening")]
        db.add_all(accounts + campaigns)
        db.commit()
        ids = {"org": org.id, "authors": [manager.id, creator.id], "accounts": [(a.id, a.network) for a in accounts],
               "campaigns": [c.id for c in campaigns], "manager": manager.id}
        first_id = (db.exec(select(func.max(Post.id))).one() or 0) + 1
    rng = random.Random(8)
    now = datetime.now(UTC).replace(microsecond=0)
    daily: dict[tuple[int, date], dict] = {}
    totals: dict[int, dict] = {}
    snapshots = 0
    with engine.begin() as conn:
        posts, targets, readings = [], [], []
        for number in range(count):
            post_id = first_id + number
            published = now - timedelta(seconds=rng.randint(3600, 365 * 86400))
            account_id, network = rng.choice(ids["accounts"])
            campaign = rng.choice([None, None, *ids["campaigns"]])
            author, link = rng.choice(ids["authors"]), rng.choice(["", "", "https://bloom.example/menu"])
            posts.append({"id": post_id, "org_id": ids["org"], "author_user_id": author, "campaign_id": campaign,
                          "status": "published", "text": post_text(rng), "overrides": {}, "title": "", "link": link,
                          "first_comment": "", "options": {}, "scheduled_at": published, "timezone": "", "version": 1,
                          "created_at": published, "updated_at": published})
            targets.append({"id": post_id, "post_id": post_id, "org_id": ids["org"], "account_id": account_id,
                            "network": network, "status": "published", "scheduled_at": published,
                            "published_at": published, "idempotency_key": secrets.token_hex(16),
                            "external_id": str(post_id), "error": ""})
            peak, previous = rng.uniform(300, 6000), dict.fromkeys(SUMMED, 0)
            attributes = {"org_id": ids["org"], "post_id": post_id, "account_id": account_id, "network": network,
                          "campaign_id": campaign, "author_user_id": author, "assignee_user_id": None,
                          "content_type": "link" if link else "text", "published_on": published.date()}
            for age in READ_AGES:
                at = published + age
                if at > now:
                    break
                values = _counters(rng, peak, age)
                readings.append({"org_id": ids["org"], "post_id": post_id, "target_id": post_id,
                                 "account_id": account_id, "network": network, "captured_at": at, **values})
                values["engagements"] = engagements(values["likes"], values["comments"], values["shares"],
                                                    values["saves"])
                _fold(daily, totals, attributes, post_id, at, values, previous, published)
                previous = values
            if len(readings) >= BATCH:
                snapshots += _flush(conn, posts, targets, readings)
        snapshots += _flush(conn, posts, targets, readings)
        _followers(conn, ids, now, rng)
        _insert(conn, PostDaily, list(daily.values()))
        _insert(conn, PostTotal, list(totals.values()))
        _account_and_org_days(conn, ids, daily, totals)
    ids["snapshots"] = snapshots
    return ids


def _fold(daily, totals, attributes, target_id, at, values, previous, published) -> None:
    row = daily.get((target_id, at.date()))
    start = {n: row[n] - row[f"delta_{n}"] for n in SUMMED} if row else previous
    daily[(target_id, at.date())] = {"target_id": target_id, "day": at.date(), **attributes, "as_of": at,
                                     **values, **{f"delta_{n}": values[n] - start[n] for n in SUMMED}}
    totals[target_id] = {"target_id": target_id, **attributes, "published_at": published, "last_collected_at": at,
                         **values}


def _flush(conn, posts, targets, readings) -> int:
    written = len(readings)
    _insert(conn, Post, posts)
    _insert(conn, PostTarget, targets)
    _insert(conn, MetricSnapshot, readings)
    posts.clear()
    targets.clear()
    readings.clear()
    return written


def _insert(conn, model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(model), rows[start:start + BATCH])


def _followers(conn, ids, now, rng) -> None:
    rows = []
    for account_id, network in ids["accounts"]:
        followers = rng.randint(2000, 40000)
        for quarter in range(365 * 4):
            followers += rng.randint(-3, 12)
            rows.append({"org_id": ids["org"], "account_id": account_id, "network": network, "followers": followers,
                         "captured_at": now - timedelta(hours=6 * (365 * 4 - quarter))})
    _insert(conn, AccountSnapshot, rows)
    ids["followers"] = rows


def _account_and_org_days(conn, ids, daily, totals) -> None:
    accounts: dict[tuple[int, date], dict] = {}

    def account_day(account_id: int, day: date, network: str) -> dict:
        return accounts.setdefault((account_id, day), {
            "account_id": account_id, "day": day, "org_id": ids["org"], "network": network, "posts_published": 0,
            "followers": 0, "followers_delta": 0, "followers_as_of": None, **dict.fromkeys(SUMMED, 0)})

    for row in daily.values():
        found = account_day(row["account_id"], row["day"], row["network"])
        for name in SUMMED:
            found[name] += row[f"delta_{name}"]
    for total in totals.values():  # a post first read the day after it went out still counts on its own day
        account_day(total["account_id"], total["published_on"], total["network"])["posts_published"] += 1
    last: dict[int, int] = {}
    for reading in ids.pop("followers"):  # oldest first: each day's last reading, delta against the one before
        key = (reading["account_id"], reading["captured_at"].date())
        row = account_day(*key, reading["network"])
        if row["followers_as_of"] is None:
            row["followers_delta"] = 0
        row["followers_delta"] += reading["followers"] - last.get(key[0], reading["followers"])
        row["followers"], row["followers_as_of"] = reading["followers"], reading["captured_at"]
        last[key[0]] = reading["followers"]
    _insert(conn, AccountDaily, list(accounts.values()))
    orgs_days: dict[tuple[date, str], dict] = defaultdict(lambda: dict.fromkeys((*SUMMED, "posts_published",
                                                                                 "followers", "followers_delta"), 0))
    for row in accounts.values():
        found = orgs_days[(row["day"], row["network"])]
        for name in (*SUMMED, "posts_published", "followers", "followers_delta"):
            found[name] += row[name]
    _insert(conn, OrgDaily, [{"org_id": ids["org"], "day": day, "network": network, **values}
                             for (day, network), values in orgs_days.items()])


# --- the raw-table equivalents -------------------------------------------------------------------

LAST = ("SELECT m.network, SUM(m.impressions) AS impressions, SUM(m.reach) AS reach, "
        "SUM(m.likes + m.comments + m.shares + m.saves) AS engaged, SUM(m.clicks) AS clicks "
        "FROM metric_snapshots m JOIN (SELECT target_id, MAX(captured_at) AS at FROM metric_snapshots "
        "WHERE org_id = :org AND captured_at < :before GROUP BY target_id) l "
        "ON m.target_id = l.target_id AND m.captured_at = l.at GROUP BY m.network")
RAW = {
    "overview (period growth)": lambda db, p: [db.execute(text(LAST), {**p, "before": p["end"]}).all(),
                                               db.execute(text(LAST), {**p, "before": p["start"]}).all()],
    "timeseries (daily growth)": lambda db, p: db.execute(text(
        "SELECT substr(CAST(captured_at AS TEXT), 1, 10) AS d, SUM(reach - prev) FROM (SELECT captured_at, reach, "
        "COALESCE(LAG(reach) OVER (PARTITION BY target_id ORDER BY captured_at), 0) AS prev FROM metric_snapshots "
        "WHERE org_id = :org AND captured_at < :end) g WHERE captured_at >= :start GROUP BY d ORDER BY d"), p).all(),
    "top posts (latest reading)": lambda db, p: db.execute(text(
        "SELECT m.target_id, m.likes + m.comments + m.shares + m.saves AS engaged FROM metric_snapshots m "
        "JOIN (SELECT s.target_id, MAX(s.captured_at) AS at FROM metric_snapshots s JOIN post_targets t "
        "ON t.id = s.target_id WHERE s.org_id = :org AND t.published_at >= :start AND t.published_at < :end "
        "GROUP BY s.target_id) l ON m.target_id = l.target_id AND m.captured_at = l.at "
        "ORDER BY engaged DESC LIMIT 10"), p).all(),
}


def timings(action, runs: int) -> tuple[float, float]:
    action()  # warm the caches once, as a running app would have them
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    found.sort()
    return statistics.median(found), found[min(len(found) - 1, round(0.95 * (len(found) - 1)))]


def measure(engine, label: str, ids: dict, runs: int) -> None:
    with Session(engine) as db:
        manager = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"), ids["org"])
        today = datetime.now(UTC).date()
        month = queries.Filters(today - timedelta(days=29), today)
        year = queries.Filters(today - timedelta(days=364), today)
        campaign = queries.Filters(month.start, month.end, campaign_ids=(ids["campaigns"][0],))
        metrics = ["reach", "impressions", "engagements", "engagement_rate", "followers"]

        def dashboard():
            queries.overview(db, manager, month)
            queries.by_network(db, manager, month)
            queries.timeseries(db, manager, month, metrics)
            queries.top_posts(db, manager, month)

        cases = {
            "DASHBOARD DATA (4 queries below)": dashboard,
            "overview, 30 days vs previous 30": lambda: queries.overview(db, manager, month),
            "by_network, 30 days": lambda: queries.by_network(db, manager, month),
            "timeseries by day, 30 days": lambda: queries.timeseries(db, manager, month, metrics),
            "top_posts, 30 days": lambda: queries.top_posts(db, manager, month),
            "overview, one campaign (post_daily)": lambda: queries.overview(db, manager, campaign),
            "timeseries by month, 365 days": lambda: queries.timeseries(db, manager, year, metrics, "month"),
            "heatmap, 365 days": lambda: queries.heatmap(db, manager, year),
            "follower_growth, 30 days": lambda: queries.follower_growth(db, manager, month),
            "accounts_table, 30 days": lambda: queries.accounts_table(db, manager, month),
            "posts_table first page, 30 days": lambda: queries.posts_table(db, manager, month),
        }
        start = datetime.combine(month.start, datetime.min.time(), UTC)
        end = datetime.combine(month.end + timedelta(days=1), datetime.min.time(), UTC)
        if engine.dialect.name == "sqlite":  # raw SQL compares the stored text form
            start, end = (moment.strftime("%Y-%m-%d %H:%M:%S.%f") for moment in (start, end))
        params = {"org": ids["org"], "start": start, "end": end}
        raw = {name: (lambda action=action: action(db, params)) for name, action in RAW.items()}
        counts = {t.__tablename__: db.exec(select(func.count()).select_from(t)).one()
                  for t in (Post, MetricSnapshot, PostDaily, PostTotal, AccountDaily, OrgDaily)}
        print(f"\n{label}: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
        print(f"  {'query (rollups)':<44} {'p50 ms':>8} {'p95 ms':>8}")
        for name, action in cases.items():
            p50, p95 = timings(action, runs)
            print(f"  {name:<44} {p50:8.1f} {p95:8.1f}")
        print(f"  {'same aggregate, plain SQL over the raw table':<44} {'p50 ms':>8} {'p95 ms':>8}")
        for name, action in raw.items():
            p50, p95 = timings(action, max(3, runs // 5))
            print(f"  {name:<44} {p50:8.1f} {p95:8.1f}")


def run(url: str, label: str, count: int, runs: int) -> None:
    engine = core_db.make_engine(url)
    core_db.use_engine(engine)
    SQLModel.metadata.create_all(engine)
    started = time.perf_counter()
    ids = fill(engine, count)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE") if engine.dialect.name == "postgresql" else text("PRAGMA wal_checkpoint(TRUNCATE)"))
    print(f"{label}: {count:,} posts, {ids['snapshots']:,} metric readings, filled in "
          f"{time.perf_counter() - started:.0f} s")
    measure(engine, label, ids, runs)
    engine.dispose()


def run_postgres(count: int, runs: int) -> None:
    admin_url = os.environ.get("DB_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin_url = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"allin_bench_analytics_{os.getpid()}"
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no server: SQLite only
        print(f"\nPostgreSQL not reachable ({exc.__class__.__name__}): skipped")
        return
    try:
        run(admin_url.rsplit("/", 1)[0] + "/" + name, "PostgreSQL", count, runs)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query (raw SQL: a fifth, at least 3)")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="allin-bench-db-") as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite", args.posts, args.runs)
    if not args.no_pg:
        run_postgres(args.posts, args.runs)


if __name__ == "__main__":
    main()

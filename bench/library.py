"""Times the content library's query (`list_posts`) over 100,000 posts in one organization.

Builds a throwaway SQLite database (and, with --pg, a throwaway PostgreSQL database next to DB_URL's,
dropped afterwards) holding the demo seed plus 100,000 posts of Bloom Coffee: realistic texts, every
status, targets on its X and LinkedIn accounts, spread over the last year. Then prints the median of
5 runs, in ms, of: the first page (default sort), page 200 (reached by walking the cursors), a filtered
search (words "espresso", status published, network X), the first page by the other two sorts, and
the /content page's own helpers (the query plus the rows it shows; the filter choices). With
--explain, prints the query plans too; with --proposed-indexes, first adds the indexes it proposes.

    .venv/bin/python bench/library.py [--pg] [--posts N] [--explain] [--proposed-indexes]
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
from datetime import UTC, datetime, timedelta
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
from allin_app.auth import service as auth
from allin_app.content import library
from allin_app.content.library import PostQuery
from allin_app.content.library_state import Filters, library_choices, library_page
from allin_app.content.models import Campaign, Post, PostStatus, PostTarget
from allin_app.core import db as core_db
from allin_app.orgs import service as orgs

RUNS = 5
BATCH = 5_000
OPENINGS = ["New on the menu:", "Weekend special:", "Behind the bar:", "From our roasters:", "Good morning!",
            "Meet the team:", "Customer favourite:", "Just in:", "Tip of the week:", "Thank you!"]
SUBJECTS = ["our single-origin espresso", "the oat milk flat white", "a cold brew on tap", "the cinnamon bun",
            "our Ethiopian pour-over", "the seasonal chai latte", "decaf done right", "a new grinder",
            "the autumn blend", "our barista Sam", "fresh croissants at 7", "the matcha tonic"]
ENDINGS = ["Come by and taste it.", "See you at the counter!", "Tag a friend who needs this.",
           "Open 7 to 7 every day.", "Limited batch, while it lasts.", "Order ahead in the app.",
           "Which one is your favourite?", "Thanks for a wonderful week."]
TAGS = ["#coffee", "#espresso", "#latte", "#coffeelover", "#bloomcoffee", "#barista", "#cafe", "#brunch"]
STATUSES = [(PostStatus.published, 55), (PostStatus.draft, 15), (PostStatus.scheduled, 10),
            (PostStatus.in_review, 6), (PostStatus.approved, 5), (PostStatus.failed, 4), (PostStatus.rejected, 4),
            (PostStatus.publishing, 1)]


def post_text(rng: random.Random) -> str:
    words = [rng.choice(OPENINGS), rng.choice(SUBJECTS) + ".", rng.choice(ENDINGS)]
    return " ".join(words + rng.sample(TAGS, rng.randint(0, 3)))


def _bloom(db: Session):
    org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    manager = auth.find_user_by_email(db, "manager@allin.demo")
    creator = auth.find_user_by_email(db, "creator@allin.demo")
    return org, manager, creator


def _accounts_and_campaigns(db: Session, org_id: int, user_id: int) -> tuple[list[tuple[int, str]], list[int]]:
    made = [SocialAccount(org_id=org_id, network=network, external_id=f"bench-{network}", handle="bloomcoffee",
                          display_name="Bloom Coffee", connected_by_user_id=user_id)
            for network in ("twitter", "linkedin")]
    campaigns = [Campaign(org_id=org_id, name=name) for name in ("Autumn blend", "Cold brew summer", "Grand opening")]
    db.add_all(made + campaigns)
    db.flush()
    return [(a.id, a.network) for a in made], [c.id for c in campaigns]


def fill(engine, count: int) -> None:
    """The demo seed, then `count` posts of Bloom Coffee with their targets, inserted in batches."""
    with Session(engine) as db:
        seed_demo(db)
        org, manager, creator = _bloom(db)
        accounts, campaign_ids = _accounts_and_campaigns(db, org.id, manager.id)
        db.commit()
        org_id, authors = org.id, [manager.id, creator.id]
        first_id = (db.exec(select(func.max(Post.id))).one() or 0) + 1
    rng = random.Random(5)
    now = datetime.now(UTC)
    statuses, weights = zip(*STATUSES, strict=True)
    with engine.begin() as conn:
        for start in range(0, count, BATCH):
            posts, targets = [], []
            for post_id in range(first_id + start, first_id + min(start + BATCH, count)):
                created = now - timedelta(seconds=rng.randint(0, 365 * 86400))
                updated = created + timedelta(seconds=rng.randint(0, 3 * 86400))
                status = rng.choices(statuses, weights)[0]
                scheduled = (updated + timedelta(hours=rng.randint(1, 240))
                             if status not in (PostStatus.draft, PostStatus.in_review, PostStatus.rejected) else None)
                posts.append({"id": post_id, "org_id": org_id, "author_user_id": rng.choice(authors),
                              "campaign_id": rng.choice([None, None, *campaign_ids]), "status": status,
                              "text": post_text(rng), "overrides": {}, "title": "", "link": "", "first_comment": "",
                              "options": {}, "scheduled_at": scheduled, "timezone": "", "version": 1,
                              "created_at": created, "updated_at": updated})
                for account_id, network in rng.sample(accounts, rng.choice([1, 1, 2])):
                    targets.append({"post_id": post_id, "org_id": org_id, "account_id": account_id,
                                    "network": network, "status": status, "scheduled_at": scheduled,
                                    "idempotency_key": secrets.token_hex(16), "error": ""})
            conn.execute(insert(Post), posts)
            conn.execute(insert(PostTarget), targets)


PROPOSED_INDEXES = {  # partial: only the posts that are not deleted, which is all the library ever reads
    "ix_posts_live_updated": ("org_id", "updated_at"),
    "ix_posts_live_status_updated": ("org_id", "status", "updated_at"),
    "ix_posts_live_created": ("org_id", "created_at"),
    "ix_posts_live_scheduled": ("org_id", "scheduled_at"),
    "ix_posts_live_author": ("org_id", "author_user_id"),
}


def add_proposed_indexes(engine) -> None:
    """With them the count is read from an index alone and every sort is an index walk (same SQL on both)."""
    with engine.begin() as conn:
        for name, columns in PROPOSED_INDEXES.items():
            conn.execute(text(f"CREATE INDEX {name} ON posts ({', '.join(columns)}) WHERE deleted_at IS NULL"))
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE posts"))


def median_ms(action) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def cursor_of_page(db: Session, actor, number: int) -> str:
    cursor = None
    for _ in range(number - 1):
        cursor = library.list_posts(db, actor, PostQuery(cursor=cursor)).next_cursor
    return cursor or ""


SEARCH = PostQuery(search="espresso", status="published", network="twitter")
BY_CREATED = PostQuery(sort="created")
BY_SCHEDULED = PostQuery(sort="scheduled", descending=False)


def measure(engine, label: str, explain: bool) -> None:
    with Session(engine) as db:
        org, manager, _ = _bloom(db)
        actor = orgs.actor_for(db, manager, org.id)
        page_200 = cursor_of_page(db, actor, 200)
        cases = {
            "first page (last change, newest first)": lambda: library.list_posts(db, actor, PostQuery()),
            "page 200 (keyset cursor)": lambda: library.list_posts(db, actor, PostQuery(cursor=page_200)),
            "search 'espresso' + published + X": lambda: library.list_posts(db, actor, SEARCH),
            "first page by created": lambda: library.list_posts(db, actor, BY_CREATED),
            "first page by scheduled, soonest first": lambda: library.list_posts(db, actor, BY_SCHEDULED),
            "/content first page incl. rows": lambda: library_page(db, actor, Filters()),
            "/content filter choices (on each load)": lambda: library_choices(db, actor),
        }
        total = db.exec(select(func.count()).select_from(Post)).one()
        print(f"{label}: {total:,} posts")
        for name, action in cases.items():
            print(f"  {name:<42} {median_ms(action):8.1f} ms  (median of {RUNS})")
        print(f"  search matches: {library.list_posts(db, actor, SEARCH).total:,}")
        if explain:
            _explain(db, actor, {"first page": PostQuery(), "page 200": PostQuery(cursor=page_200), "search": SEARCH,
                                 "by created": BY_CREATED, "by scheduled": BY_SCHEDULED})


def _explain(db: Session, actor, queries: dict[str, PostQuery]) -> None:
    """The plans of the count and the page query behind each case."""
    dialect = db.get_bind().dialect
    prefix = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
    for name, query in queries.items():
        conditions = library._conditions(actor, query)
        column = library.SORT_COLUMNS[query.sort]
        statement = select(Post).where(*conditions)
        if query.cursor:
            statement = statement.where(library._after(column, query.descending, *library._decode(query.cursor)))
        order = ((column.desc().nulls_last(), Post.id.desc()) if query.descending
                 else (column.asc().nulls_last(), Post.id.asc()))
        page = statement.order_by(*order).limit(26)
        count = select(func.count()).select_from(Post).where(*conditions)
        for part, sql in (("count", count), ("page", page)):
            compiled = sql.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
            print(f"  -- {name} / {part}")
            for row in db.execute(text(prefix + str(compiled))):
                print("     " + " | ".join(str(value) for value in row))


def run(url: str, label: str, count: int, explain: bool, indexes: bool) -> None:
    engine = core_db.make_engine(url)
    core_db.use_engine(engine)
    SQLModel.metadata.create_all(engine)
    started = time.perf_counter()
    fill(engine, count)
    if indexes:
        add_proposed_indexes(engine)
        label += " + proposed indexes"
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of a bulk load; until then the planner guesses one row
            # per filter and the search below takes minutes (a nested loop over post_targets).
            conn.execute(text("ANALYZE"))
        else:  # move the load out of the write-ahead log into the database file, as a running app would have
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    print(f"{label}: filled in {time.perf_counter() - started:.0f} s")
    measure(engine, label, explain)
    engine.dispose()


def run_postgres(count: int, explain: bool, indexes: bool) -> None:
    admin_url = os.environ.get("DB_URL", "postgresql://postgres@127.0.0.1:5432/test")
    admin_url = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"allin_bench_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        run(admin_url.rsplit("/", 1)[0] + "/" + name, "PostgreSQL", count, explain, indexes)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", action="store_true", help="also on PostgreSQL (DB_URL's server, a database of its own)")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--proposed-indexes", action="store_true",
                        help="add the partial indexes this script proposes (not in the migrations) before timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="allin-bench-db-") as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}", "SQLite", args.posts, args.explain, args.proposed_indexes)
    if args.pg:
        run_postgres(args.posts, args.explain, args.proposed_indexes)


if __name__ == "__main__":
    main()

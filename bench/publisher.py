"""How fast and how punctual the publisher is, against the local simulator (X), on SQLite.

1. Throughput: 10,000 due targets published by one worker, against a bare httpx loop sending the
   same 10,000 POST /2/tweets to the same simulator; the figure is their ratio (goal: >= 0.5).
2. Lateness: 300 posts due at random moments over 30 s, with the publisher ticking as it does in
   the app; the figures are p50 and p99 of (published - due) (goal: p99 under 2 s).

Run: .venv/bin/python bench/publisher.py [--targets N]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

DATA = Path(tempfile.mkdtemp(prefix="allin-bench-publisher-"))
os.environ["ALLIN_DATA_DIR"] = str(DATA)
os.environ["DB_URL"] = f"sqlite:///{DATA / 'allin.db'}"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, insert
from sqlmodel import SQLModel, select

import allin_app.core.models  # noqa: F401  (every table)
from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS, connect_demo_accounts, seed_demo
from allin_app.content.models import Post, PostTarget
from allin_app.core import db as core_db
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.orgs import service as orgs
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.autopilot import in_process_client
from allin_app.platforms.simulator.networks import PUBLISH_RULES, PublishRule
from allin_app.scheduling import publisher
from allin_app.scheduling.runner import PUBLISH_EVERY


def prepare() -> SocialAccount:
    SQLModel.metadata.create_all(core_db.get_engine())
    with session_scope() as db:
        seed_demo(db)
    with session_scope() as db:
        connect_demo_accounts(db)
    PUBLISH_RULES["twitter"] = PublishRule(280, posts=10**7, window=900)  # the bench measures us, not X's limit
    with session_scope() as db:
        org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
        return db.exec(select(SocialAccount).where(SocialAccount.org_id == org.id,
                                                   SocialAccount.network == "twitter")).one()


def due_targets(account: SocialAccount, times: list, prefix: str) -> None:
    with session_scope() as db:
        author = db.exec(select(Post.author_user_id)).first() or account.connected_by_user_id
        now = utcnow()
        post_ids = db.exec(insert(Post).returning(Post.id), params=[
            {"org_id": account.org_id, "author_user_id": author, "status": "scheduled", "text": f"{prefix} {n}",
             "overrides": {}, "options": {}, "scheduled_at": at, "created_at": now, "updated_at": now}
            for n, at in enumerate(times)]).scalars().all()
        db.exec(insert(PostTarget), params=[
            {"post_id": post_id, "org_id": account.org_id, "account_id": account.id, "network": "twitter",
             "status": "scheduled", "scheduled_at": at, "idempotency_key": secrets.token_hex(16)}
            for post_id, at in zip(post_ids, times, strict=True)])


def forget_simulated_posts() -> None:
    """The simulator checks each new post against the account's recent ones (X refuses duplicates):
    both runs start from an empty timeline, so neither pays for the other's posts."""
    with store.engine().begin() as conn:
        conn.execute(delete(store.posts))


def throughput(account: SocialAccount, count: int) -> tuple[float, float]:
    now = utcnow()
    due_targets(account, [now] * count, "Throughput post")
    forget_simulated_posts()
    with in_process_client() as client:
        started = time.perf_counter()
        while publisher.tick("bench", client=client):
            pass
        ours = time.perf_counter() - started
        forget_simulated_posts()  # the same starting point for the bare loop
        token = accounts.token_set(account).access_token
        started = time.perf_counter()
        for number in range(count):
            client.post("http://testserver/sim/twitter/2/tweets", json={"text": f"Bare loop post {number}"},
                        headers={"Authorization": f"Bearer {token}"}).raise_for_status()
        bare = time.perf_counter() - started
    return ours, bare


def lateness(account: SocialAccount, count: int = 300, spread: float = 30.0) -> list[float]:
    start = utcnow() + timedelta(seconds=2)
    times = sorted(start + timedelta(seconds=random.uniform(0, spread)) for _ in range(count))
    due_targets(account, times, "Punctual post")
    stop = threading.Event()

    def run() -> None:
        with in_process_client() as client:
            while not stop.is_set():
                publisher.tick("bench-clock", client=client)
                stop.wait(PUBLISH_EVERY)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(spread + 2 + 3 * PUBLISH_EVERY)
    stop.set()
    worker.join()
    with session_scope() as db:
        rows = db.exec(select(PostTarget.scheduled_at, PostTarget.published_at).join(Post)
                       .where(Post.text.like("Punctual post %"))).all()
    return sorted((as_utc(published) - as_utc(due)).total_seconds() for due, published in rows if published)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", type=int, default=10_000)
    count = parser.parse_args().targets
    account = prepare()
    ours, bare = throughput(account, count)
    print(f"Throughput, {count:,} targets, one worker: publisher {ours:.1f} s ({count / ours:,.0f}/s), "
          f"bare httpx loop {bare:.1f} s ({count / bare:,.0f}/s); ratio {bare / ours:.2f} (goal >= 0.5)")
    late = lateness(account)
    p50, p99 = statistics.median(late), late[int(0.99 * (len(late) - 1))]
    print(f"Lateness, {len(late)} posts due over 30 s, ticking every {PUBLISH_EVERY} s: p50 {p50:.2f} s, "
          f"p99 {p99:.2f} s (goal p99 < 2 s)")


if __name__ == "__main__":
    main()

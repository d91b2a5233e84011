"""Exactly once under load: four publisher workers racing over 2,000 due targets on PostgreSQL, and
the simulator's own records show each post made once."""

from __future__ import annotations

import secrets
import threading
from collections import Counter

import pytest
from sqlalchemy import insert, select

from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import utcnow
from allin_app.core.db import session_scope
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.autopilot import in_process_client
from allin_app.platforms.simulator.networks import PUBLISH_RULES, PublishRule
from allin_app.scheduling import publisher

TARGETS = 2_000
WORKERS = 4


def _due_targets(db, manager, account, count: int) -> None:
    """Scheduled posts in bulk (the services would take minutes for 2,000; these rows are what they make)."""
    now = utcnow()
    post_ids = db.execute(insert(Post).returning(Post.id), [
        {"org_id": manager.org_id, "author_user_id": manager.user_id, "status": "scheduled",
         "text": f"Race post {number}", "overrides": {}, "options": {}, "scheduled_at": now,
         "created_at": now, "updated_at": now} for number in range(count)]).scalars().all()
    db.execute(insert(PostTarget), [
        {"post_id": post_id, "org_id": manager.org_id, "account_id": account.id, "network": "twitter",
         "status": "scheduled", "scheduled_at": now, "idempotency_key": secrets.token_hex(16)} for post_id in post_ids])
    db.commit()


def test_four_workers_publish_two_thousand_targets_each_exactly_once(engine, seeded, actors, accounts, monkeypatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks; SQLite serialises every writer anyway")
    monkeypatch.setitem(PUBLISH_RULES, "twitter", PublishRule(280, posts=10 * TARGETS, window=900))
    monkeypatch.setattr(publisher, "BATCH", 50)
    _due_targets(seeded, actors["manager"], accounts["twitter"], TARGETS)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            with in_process_client() as client:
                while publisher.tick(name, client=client):
                    pass
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope() as db:
        statuses = Counter(db.exec(select(PostTarget.status)).scalars())
    assert statuses == {"published": TARGETS}
    made = Counter(p["text"] for p in store.profile_posts("twitter", accounts["twitter"].external_id, limit=5 * TARGETS))
    assert len(made) == TARGETS and set(made.values()) == {1}
    creates = [c for c in store.call_log("twitter") if c["method"] == "POST" and c["path"].endswith("/2/tweets")]
    assert len(creates) == TARGETS

"""Analytics tests publish through the real path (publisher -> adapter -> in-process simulator) at
chosen moments (`core.clock.clock_at`), or record readings straight into the rollups."""

from __future__ import annotations

from datetime import datetime

import pytest

from allin_app.analytics import collector
from allin_app.content import service as posts
from allin_app.core.clock import clock_at
from allin_app.platforms.simulator import faults
from allin_app.scheduling import publisher
from allin_app.scheduling import service as scheduling
from tests.accounts.test_connect import sim  # noqa: F401  (fixture)
from tests.content.conftest import accounts, actors  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _no_faults():
    faults.clear()
    yield
    faults.clear()


def publish_at(db, sim, actor, account_ids, when: datetime, text: str = "Fresh beans at nine", **extra):  # noqa: F811
    """Write, publish now and let the publisher send it, all at `when`."""
    with clock_at(when):
        post = posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=tuple(account_ids), **extra))
        scheduling.publish_now(db, actor, post.id)
        db.commit()
        publisher.tick(client=sim, now=when)
    db.expire_all()
    return post


def collect_at(sim, when: datetime) -> collector.Report:  # noqa: F811
    with clock_at(when):
        return collector.collect(now=when, client=sim)

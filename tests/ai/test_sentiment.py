"""Comment sentiment: the simulator lists made-up comments in each network's shape, the adapters read them,
VADER scores them per post and per day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from allin_app.ai import sentiment
from allin_app.content.models import PostTarget
from allin_app.core.clock import clock_at
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.platforms.simulator import comments as sim_comments
from allin_app.platforms.simulator import store
from tests.accounts.test_connect import connect
from tests.analytics.conftest import _no_faults, publish_at  # noqa: F401  (fixture)
from tests.content.conftest import accounts, actors, sim  # noqa: F401  (fixtures)

WHEN = datetime(2026, 5, 5, 9, tzinfo=UTC)
LATER = WHEN + timedelta(days=2)


def test_the_simulator_makes_the_same_comments_every_read_and_more_over_time():
    post = {"id": "1234567", "created_at": WHEN, "text": "Hello", "link": "", "extra": {}}
    early, late = sim_comments.made_up_comments(post, WHEN + timedelta(hours=1)), sim_comments.made_up_comments(post, LATER)
    assert sim_comments.made_up_comments(post, LATER) == late
    assert 0 < len(early) <= len(late)
    banks = set(sim_comments.POSITIVE) | set(sim_comments.NEUTRAL) | set(sim_comments.NEGATIVE)
    assert all(c["text"] in banks and WHEN <= c["created_at"] <= LATER for c in late)


def _made_up(db, post_id: int) -> int:
    """How many comments the simulator has for the post's targets at LATER."""
    targets = db.exec(select(PostTarget).where(PostTarget.post_id == post_id)).all()
    return sum(len(sim_comments.made_up_comments(store.get_post(t.network, t.external_id), LATER))
               for t in targets if t.network in ("twitter", "facebook", "reddit"))


def test_vader_moods():
    assert sentiment.mood(0.6) == "positive" and sentiment.mood(-0.6) == "negative" and sentiment.mood(0) == "neutral"


def test_post_sentiment_reads_x_comments_and_names_networks_without_a_read(seeded, sim, actors, accounts):  # noqa: F811
    post = publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id, accounts["linkedin"].id], WHEN)
    with clock_at(LATER):
        found = sentiment.post_sentiment(seeded, actors["manager"], post.id, client=sim)
        again = sentiment.post_sentiment(seeded, actors["manager"], post.id, client=sim)
    assert len(found.comments) == _made_up(seeded, post.id) and found.comments == again.comments
    assert found.unsupported == ["linkedin"] and found.failed == []
    assert set(found.by_network) == {"twitter"}
    assert sum(found.counts.values()) == len(found.comments)
    assert found.average == pytest.approx(sum(c.score for c in found.comments) / len(found.comments), abs=1e-3)
    loved = [c for c in found.comments if c.mood == "positive"]
    assert all(c.score >= 0.05 for c in loved)


@pytest.mark.parametrize("network", ["facebook", "reddit"])
def test_comments_on_other_networks(seeded, sim, actors, network):  # noqa: F811
    account = connect(seeded, sim, network)[0][0]
    extra = {"title": "Fresh beans"} if network == "reddit" else {}
    post = publish_at(seeded, sim, actors["manager"], [account.id], WHEN, **extra)
    with clock_at(LATER):
        found = sentiment.post_sentiment(seeded, actors["manager"], post.id, client=sim)
    assert found.failed == [] and found.unsupported == []
    assert len(found.comments) == _made_up(seeded, post.id)
    assert set(found.by_network) == ({network} if found.comments else set())


def test_sentiment_over_time_averages_each_day(seeded, sim, actors, accounts):  # noqa: F811
    publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id], WHEN)
    publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id], WHEN + timedelta(days=1))
    with clock_at(LATER + timedelta(days=3)):
        days = sentiment.sentiment_over_time(seeded, actors["manager"], WHEN.date(), (LATER + timedelta(days=3)).date(),
                                             client=sim)
    assert days and all(WHEN.date() <= d.day for d in days)
    assert all(-1 <= d.average <= 1 and d.comments > 0 for d in days)
    with pytest.raises(ValidationFailed):
        sentiment.sentiment_over_time(seeded, actors["manager"], LATER.date(), WHEN.date())


def test_who_may_read_comment_sentiment(seeded, sim, actors, accounts):  # noqa: F811
    post = publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id], WHEN)
    with pytest.raises(PermissionDenied):
        sentiment.post_sentiment(seeded, actors["client"], post.id, client=sim)
    with pytest.raises(PermissionDenied):  # a creator reads their own posts' sentiment only
        sentiment.post_sentiment(seeded, actors["creator"], post.id, client=sim)
    with pytest.raises(NotFound):
        sentiment.post_sentiment(seeded, actors["manager"], 10**6, client=sim)

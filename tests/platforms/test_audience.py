"""Simulated followers drift day by day and grow with what the profile publishes."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.audience import EPOCH, followers_now, organic_followers
from tests.platforms.test_publish_contract import connect


def test_organic_followers_start_at_the_seed_and_drift_believably():
    assert organic_followers("p1", 10_000, EPOCH) == 10_000
    readings = [organic_followers("p1", 10_000, EPOCH + timedelta(days=day)) for day in range(120)]
    assert readings == [organic_followers("p1", 10_000, EPOCH + timedelta(days=day)) for day in range(120)]
    changes = [later - earlier for earlier, later in pairwise(readings)]
    assert any(change < 0 for change in changes) and sum(changes) > 0  # some losing days, a rising trend
    assert all(abs(change) <= 40 for change in changes)  # at most 0.4 % of the audience a day


def test_followers_read_through_the_api_grow_with_published_posts(sim):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, "twitter")
        for number in range(10):  # enough posts that their likes surely bring at least one follower
            adapter.publish_text(tokens, profile, f"A post people like, number {number}")
        traveller.shift(timedelta(minutes=110))  # within the 2-hour life of X's access token
        row = next(p for p in store.network_profiles("twitter") if p["external_id"] == profile)
        after = adapter.account_metrics(tokens, profile).followers
        assert after == followers_now(row) > organic_followers(profile, row["followers"])  # the post brought some

"""Looking up accounts the organization does not own (competitors) through each adapter, against the
simulator's rivals: profiles, posts with their public counters, unknown handles, networks without lookups,
and the own-account endpoints that share a path still answering for the own account."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import AuthExpired, NotFound
from allin_app.platforms.public import POSTS, PROFILE, LookupUnsupported, bare_handle, hashtags_in
from allin_app.platforms.registry import ADAPTERS
from allin_app.platforms.simulator import rivals, store
from tests.platforms.conftest import make_adapter
from tests.platforms.test_publish_contract import TEXT, connect

PROFILE_NETWORKS = sorted(n for n, a in ADAPTERS.items() if PROFILE in a.public_lookup)
POST_NETWORKS = sorted(n for n, a in ADAPTERS.items() if POSTS in a.public_lookup)
DRIFTWOOD = rivals.RIVALS[0]


def test_which_networks_offer_lookups():
    assert PROFILE_NETWORKS == ["facebook", "instagram", "linkedin", "reddit", "threads", "tiktok", "twitter",
                                "youtube"]
    assert POST_NETWORKS == ["facebook", "instagram", "reddit", "threads", "tiktok", "twitter", "youtube"]


@pytest.mark.parametrize("network", PROFILE_NETWORKS)
def test_public_profile_of_a_rival(sim, network):
    adapter, tokens, own = connect(sim, network)
    typed = "@" + DRIFTWOOD.handle if network != "reddit" else "u/" + DRIFTWOOD.handle
    found = adapter.public_profile(tokens, own, typed)
    assert found.display_name == DRIFTWOOD.name
    assert found.followers == rivals.followers(network, DRIFTWOOD) > 0
    assert found.external_id and found.external_id != own
    if network in ("twitter", "instagram", "tiktok", "youtube"):  # the networks that show a post count
        assert found.posts == rivals.post_count(network, DRIFTWOOD)
    with pytest.raises(NotFound):
        adapter.public_profile(tokens, own, "nobody_by_that_name")


@pytest.mark.parametrize("network", POST_NETWORKS)
def test_public_posts_since_a_moment_newest_first(sim, network):
    with time_machine.travel(utcnow(), tick=False):
        adapter, tokens, own = connect(sim, network)
        since = utcnow() - timedelta(days=45)
        found = adapter.public_posts(tokens, own, DRIFTWOOD.handle, since)
        expected = rivals.posts(network, DRIFTWOOD, since=since)
        assert [p.external_id for p in found] == [p.id for p in expected]
        assert len(found) > 10 and all(p.created_at >= since for p in found)
        assert all(p.hashtags and set(p.hashtags) <= {f"#{t}" for t in DRIFTWOOD.hashtags} for p in found)
        if network == "threads":  # Threads shows other apps no counts
            assert not any(p.counted for p in found) and found[0].engagements is None
            return
        newest = found[0]
        seen = rivals.counters(network, DRIFTWOOD, expected[0])
        assert newest.counted and newest.likes == seen.likes and newest.comments == seen.comments
        assert newest.engagements >= newest.likes
        assert adapter.public_posts(tokens, own, DRIFTWOOD.handle, since) == found  # the same moment, the same answer


def test_counters_grow_with_time(sim):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, own = connect(sim, "twitter")
        since = utcnow() - timedelta(days=10)
        before = {p.external_id: p for p in adapter.public_posts(tokens, own, "morningritual", since)}
        traveller.shift(timedelta(hours=30))
        tokens = adapter.refresh(tokens)
        after = {p.external_id: p for p in adapter.public_posts(tokens, own, "morningritual", since)}
        assert set(before) <= set(after)
        assert all(after[i].likes >= before[i].likes for i in before)
        assert sum(after[i].likes for i in before) > sum(before[i].likes for i in before)


def test_tiktok_reads_more_than_one_research_window(sim):
    adapter, tokens, own = connect(sim, "tiktok")
    since = utcnow() - timedelta(days=75)
    found = adapter.public_posts(tokens, own, DRIFTWOOD.handle, since)
    assert found[-1].created_at < utcnow() - timedelta(days=31) and found[0].views is not None
    assert [p.external_id for p in found] == [p.id for p in rivals.posts("tiktok", DRIFTWOOD, since=since)]


@pytest.mark.parametrize("network", ["pinterest", "snapchat"])
def test_networks_without_lookups_say_why(sim, network):
    adapter = make_adapter(network, sim)
    with pytest.raises(LookupUnsupported, match="other accounts cannot be looked up"):
        adapter.public_profile(None, "me", "driftwoodroast")


def test_linkedin_shows_followers_but_not_posts(sim):
    adapter, tokens, own = connect(sim, "linkedin")
    assert adapter.public_profile(tokens, own, "driftwoodroast").followers > 0
    with pytest.raises(LookupUnsupported, match="not their posts"):
        adapter.public_posts(tokens, own, "driftwoodroast", utcnow() - timedelta(days=7))


def test_a_dead_token_cannot_look(sim):
    adapter, tokens, own = connect(sim, "twitter")
    store.revoke_token(tokens.access_token)
    with pytest.raises(AuthExpired):
        adapter.public_profile(tokens, own, DRIFTWOOD.handle)


@pytest.mark.parametrize("network", ["twitter", "reddit", "facebook", "threads"])
def test_own_account_endpoints_on_shared_paths_still_answer(sim, network):
    adapter, tokens, own = connect(sim, network)
    post = adapter.publish_text(tokens, own, TEXT)
    assert [p.external_id for p in adapter.recent_posts(tokens, own)] == [post.external_id]
    assert adapter.post_metrics(tokens, own, post.external_id).likes >= 0


def test_handles_as_people_type_them():
    assert bare_handle(" @bloom ") == "bloom" and bare_handle("u/bloom") == "bloom"
    assert bare_handle("https://x.com/bloom/") == "bloom"
    assert hashtags_in("Hot #Coffee and #coffee, #latte_art!", ("Brunch",)) == ("#coffee", "#latte_art", "#brunch")

"""Text publishing, listing, metrics and delete against the simulator, for every network, and the
failures a publisher must survive: limits, throttling, dead tokens, 5xx, and a lost reply."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import (
    AuthExpired,
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    RateLimited,
    TokenSet,
    Transient,
)
from allin_app.platforms.simulator import faults, store
from allin_app.platforms.simulator.metrics import engagement, impressions_at
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from tests.platforms.conftest import REDIRECT_URI, authorized_code, make_adapter

TEXT_NETWORKS = ("facebook", "twitter", "linkedin", "reddit", "threads")
MEDIA_NETWORKS = ("instagram", "tiktok", "youtube", "pinterest", "snapchat")
TOO_LONG = {"facebook": "at most 63206 characters", "twitter": "too long", "linkedin": "exceeds the maximum of 3000",
            "reddit": r"too long \(max: 40000\) \(text\)", "threads": "at most 500 characters"}
TEXT = "Fresh Ethiopian beans in today.\nCome by for a pour-over, first cup is on us."


def connect(sim, network: str) -> tuple[OAuth2Adapter, TokenSet, str]:
    """Connect through the consent page; LinkedIn posts as the company page, the others as the first profile."""
    adapter = make_adapter(network, sim)
    start, code = authorized_code(sim, adapter)
    tokens = adapter.exchange_code(code, REDIRECT_URI, start.code_verifier)
    profiles = adapter.list_profiles(tokens)
    profile = next((p for p in profiles if p.kind == "organization"), profiles[0])
    return adapter, tokens, profile.external_id


def fresh(adapter: OAuth2Adapter, tokens: TokenSet) -> TokenSet:
    return adapter.refresh(tokens) if tokens.expires_at and tokens.expires_at <= utcnow() else tokens


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_publish_list_grow_and_delete(sim, network):
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, network)
        post = adapter.publish_text(tokens, profile, TEXT, idempotency_key="target-1")
        assert post.external_id and post.url.startswith("https://") and post.text == TEXT

        recent = adapter.recent_posts(tokens, profile)
        assert [p.external_id for p in recent] == [post.external_id]
        assert recent[0].text == TEXT and recent[0].created_at is not None

        traveller.shift(timedelta(minutes=5))
        early = adapter.post_metrics(tokens, profile, post.external_id)
        assert adapter.post_metrics(tokens, profile, post.external_id) == early  # same moment, same numbers
        traveller.shift(timedelta(hours=6))
        tokens = fresh(adapter, tokens)
        later = adapter.post_metrics(tokens, profile, post.external_id)
        assert later.likes > early.likes and later.comments >= early.comments
        if network != "reddit":  # Reddit reports no impressions
            assert later.impressions > early.impressions
            assert 0.02 * later.impressions - 1 <= later.likes <= 0.06 * later.impressions + 1

        adapter.delete_post(tokens, profile, post.external_id)
        assert adapter.recent_posts(tokens, profile) == []
        with pytest.raises(NotFound):
            adapter.post_metrics(tokens, profile, post.external_id)


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_text_with_a_link(sim, network):
    adapter, tokens, profile = connect(sim, network)
    post = adapter.publish_text(tokens, profile, "Our autumn menu is out", link="https://bloom.example/menu")
    assert [p.external_id for p in adapter.recent_posts(tokens, profile)] == [post.external_id]


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_text_over_the_limit_is_rejected_with_the_networks_reason(sim, network):
    adapter, tokens, profile = connect(sim, network)
    limit = PUBLISH_RULES[network].text_limit
    with pytest.raises(ContentRejected, match=TOO_LONG[network]):
        adapter.publish_text(tokens, profile, "a" * (limit + 1))
    assert adapter.recent_posts(tokens, profile) == []
    adapter.publish_text(tokens, profile, "b" * limit)  # exactly at the limit is fine
    assert len(adapter.recent_posts(tokens, profile)) == 1


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_publish_rate_limit_gives_retry_after(sim, network, monkeypatch):
    monkeypatch.setitem(PUBLISH_RULES, network, replace(PUBLISH_RULES[network], posts=2, window=600))
    with time_machine.travel(utcnow(), tick=False) as traveller:
        adapter, tokens, profile = connect(sim, network)
        adapter.publish_text(tokens, profile, "first")
        traveller.shift(timedelta(seconds=30))
        adapter.publish_text(tokens, profile, "second")
        with pytest.raises(RateLimited) as throttled:
            adapter.publish_text(tokens, profile, "third")
        assert 1 <= throttled.value.retry_after <= 600
        assert len(adapter.recent_posts(tokens, profile)) == 2
        traveller.shift(timedelta(seconds=throttled.value.retry_after + 1))
        adapter.publish_text(fresh(adapter, tokens), profile, "third, later")


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_expired_token_is_auth_expired(sim, network):
    adapter, tokens, profile = connect(sim, network)
    with time_machine.travel(tokens.expires_at + timedelta(seconds=1), tick=False), pytest.raises(AuthExpired):
        adapter.publish_text(tokens, profile, TEXT)


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_revoked_grant_is_auth_expired(sim, network):
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, "revoked")
    with pytest.raises(AuthExpired):
        adapter.publish_text(tokens, profile, TEXT)
    with pytest.raises(AuthExpired):
        adapter.list_profiles(tokens)


@pytest.mark.parametrize("network", TEXT_NETWORKS)
@pytest.mark.parametrize("kind", ["5xx", "timeout"])
def test_server_failures_are_transient_and_create_nothing(sim, network, kind):
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, kind)
    with pytest.raises(Transient):
        adapter.publish_text(tokens, profile, TEXT)
    assert adapter.recent_posts(tokens, profile) == []
    adapter.publish_text(tokens, profile, TEXT)  # the fault was used up; the retry goes through
    assert len(adapter.recent_posts(tokens, profile)) == 1


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_injected_429_is_rate_limited(sim, network):
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, "429")
    with pytest.raises(RateLimited) as throttled:
        adapter.recent_posts(tokens, profile)
    assert throttled.value.retry_after >= 1


@pytest.mark.parametrize("network", TEXT_NETWORKS)
def test_lost_reply_is_transient_but_the_post_exists(sim, network):
    """What the publisher relies on to never post twice: after a Transient, look before retrying."""
    adapter, tokens, profile = connect(sim, network)
    faults.inject(network, "drop_reply")
    with pytest.raises(Transient):
        adapter.publish_text(tokens, profile, TEXT)
    assert [p.text for p in adapter.recent_posts(tokens, profile)] == [TEXT]


@pytest.mark.parametrize("network", MEDIA_NETWORKS)
def test_media_networks_refuse_text_only_posts(sim, network):
    adapter, tokens, profile = connect(sim, network)
    with pytest.raises(ContentRejected, match="image|video") as refused:
        adapter.publish_text(tokens, profile, TEXT, link="https://bloom.example/menu")
    assert refused.value.code == "media_required"


@pytest.mark.parametrize("network", TEXT_NETWORKS + MEDIA_NETWORKS)
def test_account_metrics_give_followers(sim, network):
    adapter, tokens, profile = connect(sim, network)
    assert adapter.account_metrics(tokens, profile).followers > 0
    with pytest.raises(NotFound):
        adapter.account_metrics(tokens, "not-a-profile")


def test_x_refuses_duplicate_text(sim):
    adapter, tokens, profile = connect(sim, "twitter")
    adapter.publish_text(tokens, profile, TEXT)
    with pytest.raises(ContentRejected, match="duplicate"):
        adapter.publish_text(tokens, profile, TEXT)


def test_facebook_page_posts_need_a_page_token(sim):
    _, tokens, page = connect(sim, "facebook")
    answer = sim.post(f"/sim/facebook/v19.0/{page}/feed", data={"message": TEXT},
                      headers={"Authorization": f"Bearer {tokens.access_token}"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == 200


def test_linkedin_requires_its_version_headers(sim):
    _, tokens, org = connect(sim, "linkedin")
    answer = sim.post("/sim/linkedin/rest/posts", json={"author": f"urn:li:organization:{org}", "commentary": "x"},
                      headers={"Authorization": f"Bearer {tokens.access_token}"})
    assert answer.status_code == 426


def test_every_call_is_logged(sim):
    adapter, tokens, profile = connect(sim, "twitter")
    adapter.publish_text(tokens, profile, TEXT)
    faults.inject("twitter", "5xx")
    with pytest.raises(Transient):
        adapter.recent_posts(tokens, profile)
    calls = [(c["method"], c["path"], c["status"]) for c in store.call_log("twitter")]
    assert ("POST", "/sim/twitter/2/tweets", 201) in calls
    assert ("GET", f"/sim/twitter/2/users/{profile}/tweets", 503) in calls
    assert ("POST", "/sim/twitter/2/oauth2/token", 200) in calls


def test_engagement_curve_rises_fast_then_slows():
    start = utcnow()
    hours = [impressions_at("1234567890", h * 60) for h in (0, 1, 3, 6, 24, 48, 96)]
    assert hours[0] == 0 and hours == sorted(hours)
    assert hours[2] > 0.5 * hours[5]  # most of two days' reach comes in the first three hours
    assert hours[3] - hours[2] > hours[6] - hours[5]  # and hour 3-6 adds more than day 2-4
    at_day = engagement("1234567890", start, now=start + timedelta(days=1))
    assert at_day.comments < at_day.likes and at_day.shares < at_day.likes
    assert engagement("another", start, now=start + timedelta(days=1)) != at_day

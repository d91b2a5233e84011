"""Every network's way of saying no ends up as one of four error kinds; configuration defaults to the simulator."""

from __future__ import annotations

import time

import httpx
import pytest

from allin_app.platforms.base import (
    AuthExpired,
    ContentRejected,
    PlatformError,
    RateLimited,
    Transient,
    error_for_response,
    new_pkce_pair,
    new_state,
    pkce_challenge,
)
from allin_app.platforms.config import network_config
from allin_app.platforms.registry import adapter_for


def test_429_with_retry_after_is_rate_limited_for_that_long():
    error = error_for_response(httpx.Response(429, headers={"Retry-After": "120"}, json={"title": "Too Many"}))
    assert isinstance(error, RateLimited) and error.retry_after == 120


def test_x_rate_limit_reset_header_gives_the_wait():
    reset = str(int(time.time()) + 300)
    error = error_for_response(httpx.Response(429, headers={"x-rate-limit-reset": reset}))
    assert isinstance(error, RateLimited) and 295 <= error.retry_after <= 300


def test_graph_throttling_code_is_rate_limited_even_on_400():
    body = {"error": {"message": "Application request limit reached", "type": "OAuthException", "code": 4}}
    assert isinstance(error_for_response(httpx.Response(400, json=body)), RateLimited)


@pytest.mark.parametrize("status, body", [
    (401, {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}),
    (400, {"error": "invalid_grant", "error_description": "Invalid refresh token"}),
    (400, {"error": {"message": "Error validating access token", "type": "OAuthException", "code": 190}}),
    (401, {"status": 401, "serviceErrorCode": 65601, "code": "REVOKED_ACCESS_TOKEN", "message": "revoked"}),
])
def test_dead_tokens_are_auth_expired(status, body):
    assert isinstance(error_for_response(httpx.Response(status, json=body)), AuthExpired)


def test_x_duplicate_post_is_content_rejected_with_the_networks_reason():
    body = {"detail": "You are not allowed to create a Tweet with duplicate content.", "status": 403}
    error = error_for_response(httpx.Response(403, json=body))
    assert isinstance(error, ContentRejected) and "duplicate content" in error.reason


def test_422_is_content_rejected():
    error = error_for_response(httpx.Response(422, json={"message": "Title is too long"}))
    assert isinstance(error, ContentRejected) and error.reason == "Title is too long"


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_server_failures_are_transient(status):
    assert isinstance(error_for_response(httpx.Response(status, text="upstream down")), Transient)


def test_refused_client_credentials_are_a_configuration_error_not_an_expired_grant():
    error = error_for_response(httpx.Response(401, json={"message": "Unauthorized", "error": 401}),
                               during_authorization=True)
    assert type(error) is PlatformError and error.code == "invalid_client"


def test_timeouts_become_transient():
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    adapter = adapter_for("twitter", client=httpx.Client(transport=httpx.MockTransport(time_out)))
    with pytest.raises(Transient):
        adapter.exchange_code("code", "http://localhost/cb", "verifier")


def test_pkce_pair_is_s256_of_the_verifier():
    verifier, challenge = new_pkce_pair()
    assert 43 <= len(verifier) <= 128 and challenge == pkce_challenge(verifier)
    # RFC 7636 appendix B
    assert pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    assert new_state() != new_state() and len(new_state()) >= 43


def test_defaults_point_at_the_simulator_on_allins_own_port(monkeypatch):
    monkeypatch.delenv("TIKTOK_CLIENT_ID", raising=False)
    config = network_config("tiktok")
    assert config.client_id == "allin-demo-tiktok" and config.client_secret == "allin-demo-secret"
    assert config.auth_base_url.endswith("/sim/tiktok") and config.api_base_url.endswith("/sim/tiktok")
    url = adapter_for("tiktok").authorization_url("http://localhost:3009/cb", "s")
    assert "/sim/tiktok/v2/auth/authorize/?client_key=allin-demo-tiktok" in url
    assert "scope=user.info.basic%2Cuser.info.profile" in url


def test_environment_overrides_the_simulator(monkeypatch):
    monkeypatch.setenv("TWITTER_CLIENT_ID", "real-id")
    monkeypatch.setenv("TWITTER_AUTH_BASE_URL", "https://x.com")
    monkeypatch.setenv("TWITTER_API_BASE_URL", "https://api.x.com")
    adapter = adapter_for("twitter")
    assert adapter.config.client_id == "real-id"
    assert adapter.authorization_url("https://allin.example/cb", "s", "c").startswith(
        "https://x.com/i/oauth2/authorize?client_id=real-id")
    assert adapter.token_base == "https://api.x.com"


def test_reddit_asks_for_a_permanent_grant():
    assert "duration=permanent" in adapter_for("reddit").authorization_url("http://localhost/cb", "s")

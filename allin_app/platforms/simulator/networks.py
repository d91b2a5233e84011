"""What the simulator imitates per network: paths, token lifetimes, PKCE, rotation, error style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DAY = 86_400


@dataclass(frozen=True)
class SimNetwork:
    name: str
    label: str
    authorize_path: str
    token_path: str
    revoke_path: str | None
    access_ttl: int  # seconds
    refresh_ttl: int | None  # None: valid until revoked
    issues_refresh_token: bool = True
    rotates_refresh_token: bool = False
    pkce_required: bool = False
    scope_separator: str = " "
    client_id_param: str = "client_id"
    # "oauth": RFC 6749 {"error", "error_description"}; "graph": Meta's {"error": {"message", "code", ...}}
    error_style: Literal["oauth", "graph"] = "oauth"
    revoke_method: str = "POST"


_GRAPH = "/v19.0"

SIM_NETWORKS: dict[str, SimNetwork] = {n.name: n for n in (
    # Short-lived user token ~2 h; fb_exchange_token gives the 60-day one. No refresh tokens.
    SimNetwork("facebook", "Facebook", f"{_GRAPH}/dialog/oauth", f"{_GRAPH}/oauth/access_token",
               f"{_GRAPH}/me/permissions", access_ttl=2 * 3600, refresh_ttl=None, issues_refresh_token=False,
               scope_separator=",", error_style="graph", revoke_method="DELETE"),
    SimNetwork("instagram", "Instagram (Facebook Login)", f"{_GRAPH}/dialog/oauth", f"{_GRAPH}/oauth/access_token",
               f"{_GRAPH}/me/permissions", access_ttl=2 * 3600, refresh_ttl=None, issues_refresh_token=False,
               scope_separator=",", error_style="graph", revoke_method="DELETE"),
    # X: 2 h access tokens; refresh tokens rotate on use (single use).
    SimNetwork("twitter", "X", "/i/oauth2/authorize", "/2/oauth2/token", "/2/oauth2/revoke",
               access_ttl=2 * 3600, refresh_ttl=None, rotates_refresh_token=True, pkce_required=True),
    # LinkedIn: 60-day access, 365-day refresh that refreshing does not extend.
    SimNetwork("linkedin", "LinkedIn", "/oauth/v2/authorization", "/oauth/v2/accessToken", "/oauth/v2/revoke",
               access_ttl=60 * DAY, refresh_ttl=365 * DAY, scope_separator=","),
    SimNetwork("tiktok", "TikTok", "/v2/auth/authorize/", "/v2/oauth/token/", "/v2/oauth/revoke/",
               access_ttl=DAY, refresh_ttl=365 * DAY, scope_separator=",", client_id_param="client_key"),
    SimNetwork("youtube", "Google (YouTube)", "/o/oauth2/v2/auth", "/token", "/revoke",
               access_ttl=3600, refresh_ttl=None),
    SimNetwork("pinterest", "Pinterest", "/oauth/", "/v5/oauth/token", None,
               access_ttl=30 * DAY, refresh_ttl=365 * DAY, scope_separator=","),
    SimNetwork("snapchat", "Snapchat", "/login/oauth2/authorize", "/login/oauth2/access_token", None,
               access_ttl=1800, refresh_ttl=None),
    # Reddit: duration=permanent gives a refresh token valid until revoked; 60 min access tokens.
    SimNetwork("reddit", "Reddit", "/api/v1/authorize", "/api/v1/access_token", "/api/v1/revoke_token",
               access_ttl=3600, refresh_ttl=None),
    # Threads: 1 h short-lived token, th_exchange_token to 60 days, th_refresh_token once >= 24 h old.
    SimNetwork("threads", "Threads", "/oauth/authorize", "/oauth/access_token", None,
               access_ttl=3600, refresh_ttl=None, issues_refresh_token=False, scope_separator=",",
               error_style="graph"),
)}

LONG_LIVED_TTL = 60 * DAY  # Meta's long-lived user tokens (Facebook, Instagram, Threads)
CODE_TTL = 60  # seconds an authorization code stays redeemable


@dataclass(frozen=True)
class PublishRule:
    """The simulator's text limit and publish rate limit for a network (❓ in platforms.md: a placeholder)."""

    text_limit: int  # counted with len(): code points, not X's weighted count (the composer does that)
    posts: int  # how many creates per `window` seconds per profile
    window: int


# Only the networks that take text-only posts; tests shrink these with monkeypatch.setitem.
PUBLISH_RULES: dict[str, PublishRule] = {
    "facebook": PublishRule(63_206, posts=50, window=3600),  # ❓ both: Page BUC limits scale with engagement
    "twitter": PublishRule(280, posts=200, window=900),  # POST /2/tweets: 200 / 15 min per user
    "linkedin": PublishRule(3000, posts=150, window=DAY),  # 150 posts / day per member (Ayrshare)
    "reddit": PublishRule(40_000, posts=10, window=3600),  # self-text 40,000; ❓ "doing that too much" throttle
    "threads": PublishRule(500, posts=250, window=DAY),  # 250 posts / 24 h moving window on threads_publish
}
REDDIT_TITLE_LIMIT = 300

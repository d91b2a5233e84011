"""Reddit: permanent OAuth grant (refresh token until revoked), HTTP Basic, and the user's profile."""

from __future__ import annotations

from typing import ClassVar

import httpx

from allin_app.platforms.base import DEFAULT_TIMEOUT, OAuth2Adapter, Profile, TokenSet
from allin_app.platforms.config import NetworkConfig

# Reddit blocks generic User-Agents; the rules ask for <platform>:<app id>:<version>.
USER_AGENT = "server:allin:1.0 (self-hosted social media manager)"


class RedditAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.reddit.com, API https://oauth.reddit.com."""

    network = "reddit"
    label = "Reddit"
    default_scopes = ("identity", "submit", "read")
    authorize_path = "/api/v1/authorize"
    token_path = "/api/v1/access_token"
    revoke_path = "/api/v1/revoke_token"
    client_auth = "basic"
    authorize_extra: ClassVar[dict[str, str]] = {"duration": "permanent"}

    def __init__(self, config: NetworkConfig | None = None, client: httpx.Client | None = None):
        super().__init__(config, client or httpx.Client(timeout=DEFAULT_TIMEOUT))
        self.http.headers["User-Agent"] = USER_AGENT

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/api/v1/me", token_set)
        own = me.get("subreddit") or {}
        return [Profile(external_id=me["id"], handle=f"u/{me['name']}", display_name=own.get("title") or me["name"],
                        avatar_url=me.get("icon_img", ""), followers=int(own.get("subscribers", 0)), kind="profile")]

"""X (Twitter) API v2: OAuth 2.0 with PKCE, confidential client (HTTP Basic), the signed-in user."""

from __future__ import annotations

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet


class TwitterAdapter(OAuth2Adapter):
    """Real hosts: auth https://x.com, API and tokens https://api.x.com."""

    network = "twitter"
    label = "X (Twitter)"
    uses_pkce = True
    default_scopes = ("tweet.read", "tweet.write", "users.read", "offline.access")
    authorize_path = "/i/oauth2/authorize"
    token_path = "/2/oauth2/token"
    revoke_path = "/2/oauth2/revoke"
    token_host = "api"
    client_auth = "basic"

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        user = self.get_json("/2/users/me", token_set, {"user.fields": "profile_image_url,public_metrics"})["data"]
        return [Profile(external_id=user["id"], handle=user["username"], display_name=user["name"],
                        avatar_url=user.get("profile_image_url", ""),
                        followers=int(user.get("public_metrics", {}).get("followers_count", 0)), kind="profile")]

"""Facebook Pages through Facebook Login: Graph API token dance and the user's Pages (/me/accounts)."""

from __future__ import annotations

from typing import Any

from allin_app.platforms.base import OAuth2Adapter, Profile, TokenSet

GRAPH_VERSION = "v19.0"


class FacebookAdapter(OAuth2Adapter):
    """Real hosts: auth https://www.facebook.com, API and tokens https://graph.facebook.com."""

    network = "facebook"
    label = "Facebook"
    default_scopes = ("pages_show_list", "pages_manage_posts", "pages_read_engagement")
    authorize_path = f"/{GRAPH_VERSION}/dialog/oauth"
    token_path = f"/{GRAPH_VERSION}/oauth/access_token"
    revoke_path = f"/{GRAPH_VERSION}/me/permissions"  # on the API host, with the user token
    token_host = "api"
    scope_separator = ","

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str | None = None) -> TokenSet:
        # The code buys a short-lived user token (~1-2 h); trade it at once for the 60-day one.
        short = self._graph_token({"redirect_uri": redirect_uri, "code": code})
        return self._long_lived(short["access_token"])

    def refresh(self, token_set: TokenSet) -> TokenSet:
        """Graph has no refresh tokens: a still-valid user token is exchanged for a fresh long-lived one."""
        return self._long_lived(token_set.access_token, previous=token_set)

    def revoke(self, token_set: TokenSet) -> None:
        self.send("DELETE", self.api_url(self.revoke_path),
                  params={"access_token": token_set.access_token})

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        fields = "id,name,username,access_token,followers_count,picture{url}"
        pages = self.get_json(f"/{GRAPH_VERSION}/me/accounts", token_set, {"fields": fields})["data"]
        return [Profile(external_id=page["id"], handle=page.get("username") or page["id"], display_name=page["name"],
                        avatar_url=page.get("picture", {}).get("data", {}).get("url", ""),
                        followers=int(page.get("followers_count", 0)), kind="page",
                        access_token=page.get("access_token")) for page in pages]

    def _long_lived(self, user_token: str, previous: TokenSet | None = None) -> TokenSet:
        payload = self._graph_token({"grant_type": "fb_exchange_token", "fb_exchange_token": user_token})
        return self.token_set_from(payload, previous)

    def _graph_token(self, params: dict[str, str]) -> dict[str, Any]:
        params = {**params, "client_id": self.config.client_id, "client_secret": self.config.client_secret}
        return self.send("GET", self.token_base + self.token_path, params=params, during_authorization=True).json()

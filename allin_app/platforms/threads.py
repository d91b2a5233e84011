"""Threads: code -> short-lived token -> 60-day token (th_exchange_token), refreshed in place."""

from __future__ import annotations

from typing import Any

from allin_app.platforms.base import AuthExpired, OAuth2Adapter, Profile, TokenSet


class ThreadsAdapter(OAuth2Adapter):
    """Real hosts: auth https://threads.net, API and tokens https://graph.threads.net."""

    network = "threads"
    label = "Threads"
    default_scopes = ("threads_basic", "threads_content_publish", "threads_manage_insights")
    authorize_path = "/oauth/authorize"
    token_path = "/oauth/access_token"
    token_host = "api"
    scope_separator = ","
    revoke_path = None  # no documented revocation endpoint

    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str | None = None) -> TokenSet:
        short = self.call_token_endpoint(self.token_path, {"grant_type": "authorization_code", "code": code,
                                                           "redirect_uri": redirect_uri})
        long_lived = self._graph_get("/access_token", {"grant_type": "th_exchange_token",
                                                       "client_secret": self.config.client_secret,
                                                       "access_token": short["access_token"]})
        return self.token_set_from(long_lived)

    def refresh(self, token_set: TokenSet) -> TokenSet:
        """Only a long-lived token at least 24 h old and not yet expired can be refreshed."""
        payload = self._graph_get("/refresh_access_token", {"grant_type": "th_refresh_token",
                                                            "access_token": token_set.access_token})
        return self.token_set_from(payload, token_set)

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/v1.0/me", token_set, {"fields": "id,username,name,threads_profile_picture_url"})
        insights = self.get_json(f"/v1.0/{me['id']}/threads_insights", token_set, {"metric": "followers_count"})
        followers = next((m["total_value"]["value"] for m in insights.get("data", [])
                          if m["name"] == "followers_count"), 0)
        return [Profile(external_id=me["id"], handle=me["username"], display_name=me.get("name") or me["username"],
                        avatar_url=me.get("threads_profile_picture_url", ""), followers=int(followers),
                        kind="profile")]

    def _graph_get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        payload = self.send("GET", self.token_base + path, params=params, during_authorization=True).json()
        if "access_token" not in payload:
            raise AuthExpired("Threads gave no token.")
        return payload

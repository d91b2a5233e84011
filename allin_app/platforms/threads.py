"""Threads: code -> short-lived token -> 60-day token (th_exchange_token), refreshed in place."""

from __future__ import annotations

from typing import Any

from allin_app.platforms.base import (
    AuthExpired,
    OAuth2Adapter,
    PlatformError,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    parse_time,
)


class ThreadsAdapter(OAuth2Adapter):
    """Real hosts: auth https://threads.net, API and tokens https://graph.threads.net."""

    network = "threads"
    renews_without_refresh_token = True
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

    # --- publishing: container, then threads_publish ------------------------------------------------
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """Two steps: a TEXT container, then threads_publish (the step that counts against the 250/24 h
        quota and the one that makes the post). Meta's docs suggest waiting ~30 s between them for media;
        text containers are ready at once. No idempotency key exists (ignored): a container publishes
        only once, but a retry of the whole call makes a new container."""
        user = profile_external_id
        form = {"media_type": "TEXT", "text": text} | ({"link_attachment": link} if link else {})
        container = self.call("POST", f"/v1.0/{user}/threads", token_set.access_token, data=form).json()["id"]
        post_id = self.call("POST", f"/v1.0/{user}/threads_publish", token_set.access_token,
                            data={"creation_id": container}).json()["id"]
        try:  # the post exists now: a failure to read its permalink must not look like a failed publish
            url = self.get_json(f"/v1.0/{post_id}", token_set, {"fields": "permalink"}).get("permalink", "")
        except PlatformError:
            url = ""
        return PublishedPost(post_id, url, text)

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/v1.0/{external_post_id}", token_set.access_token)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Media insights: views, likes, replies, reposts, quotes, shares. No reach or clicks per post."""
        answer = self.get_json(f"/v1.0/{external_post_id}/insights", token_set,
                               {"metric": "views,likes,replies,reposts,quotes,shares"})
        v = {m["name"]: int(m["values"][0]["value"]) for m in answer.get("data", [])}
        return PostMetrics(impressions=v.get("views", 0), likes=v.get("likes", 0), comments=v.get("replies", 0),
                           shares=v.get("reposts", 0) + v.get("quotes", 0) + v.get("shares", 0))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.get_json(f"/v1.0/{profile_external_id}/threads", token_set,
                               {"fields": "id,text,timestamp,permalink", "limit": limit})
        return [PublishedPost(p["id"], p.get("permalink", ""), p.get("text", ""), parse_time(p.get("timestamp")))
                for p in answer.get("data", [])[:limit]]

    def _graph_get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        payload = self.send("GET", self.token_base + path, params=params, during_authorization=True).json()
        if "access_token" not in payload:
            raise AuthExpired("Threads gave no token.")
        return payload

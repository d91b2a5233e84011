"""X (Twitter) API v2: OAuth 2.0 with PKCE, confidential client (HTTP Basic), the signed-in user."""

from __future__ import annotations

from typing import Any

from allin_app.platforms.base import (
    NotFound,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    parse_time,
)


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

    # --- publishing ----------------------------------------------------------------------------
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """POST /2/tweets {"text"}. X has no link field: the link goes at the end of the text (t.co counts
        it as 23). X has no idempotency key (the key is ignored) but refuses duplicate text with a 403."""
        body = {"text": f"{text} {link}" if link else text}
        data = self.call("POST", "/2/tweets", token_set.access_token, json=body).json()["data"]
        return PublishedPost(data["id"], self.post_url(data["id"]), data.get("text", body["text"]))

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self._data(self.call("DELETE", f"/2/tweets/{external_post_id}", token_set.access_token).json())

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """public_metrics for everyone's posts; non_public_metrics (link clicks) only for the author's own
        posts younger than 30 days. X reports no reach; reposts + quotes count as shares."""
        data = self._data(self.get_json(f"/2/tweets/{external_post_id}", token_set,
                                        {"tweet.fields": "public_metrics,non_public_metrics"}))
        public, private = data.get("public_metrics", {}), data.get("non_public_metrics", {})
        return PostMetrics(impressions=int(public.get("impression_count", private.get("impression_count", 0))),
                           likes=int(public.get("like_count", 0)), comments=int(public.get("reply_count", 0)),
                           shares=int(public.get("retweet_count", 0)) + int(public.get("quote_count", 0)),
                           saves=int(public.get("bookmark_count", 0)), clicks=int(private.get("url_link_clicks", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.get_json(f"/2/users/{profile_external_id}/tweets", token_set,
                               {"max_results": min(100, max(5, limit)), "tweet.fields": "created_at"})
        return [PublishedPost(t["id"], self.post_url(t["id"]), t["text"], parse_time(t.get("created_at")))
                for t in answer.get("data", [])[:limit]]

    @staticmethod
    def post_url(tweet_id: str) -> str:
        return f"https://x.com/i/web/status/{tweet_id}"

    def _data(self, answer: dict[str, Any]) -> dict[str, Any]:
        """X answers a missing post with 200 and an `errors` list instead of `data`."""
        if "data" not in answer:
            error = (answer.get("errors") or [{}])[0]
            raise NotFound(error.get("detail", "Post not found"), code=error.get("title"), status=200)
        return answer["data"]

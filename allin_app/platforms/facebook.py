"""Facebook Pages through Facebook Login: Graph API token dance and the user's Pages (/me/accounts)."""

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

GRAPH_VERSION = "v19.0"


class FacebookAdapter(OAuth2Adapter):
    """Real hosts: auth https://www.facebook.com, API and tokens https://graph.facebook.com."""

    network = "facebook"
    renews_without_refresh_token = True
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

    # --- publishing: every call uses the Page token, looked up with the user token each time --------
    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        """POST /{page-id}/feed with `message` (+ `link`: Facebook scrapes its Open Graph preview).
        Graph takes no idempotency key; the key is ignored."""
        form = {"message": text} | ({"link": link} if link else {})
        answer = self.call("POST", f"/{GRAPH_VERSION}/{profile_external_id}/feed",
                           self.page_token(token_set, profile_external_id), data=form).json()
        return PublishedPost(answer["id"], self.post_url(answer["id"]), text)

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/{GRAPH_VERSION}/{external_post_id}", self.page_token(token_set, profile_external_id))

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Insights (impressions, unique impressions, clicks) plus the post's reaction/comment/share counts.
        ❓ Meta is retiring `post_impressions*` in favour of `post_media_view`; swap the names when it does."""
        page_token = self.page_token(token_set, profile_external_id)
        insights = self.call("GET", f"/{GRAPH_VERSION}/{external_post_id}/insights", page_token,
                             params={"metric": "post_impressions,post_impressions_unique,post_clicks"}).json()
        values = {m["name"]: int(m["values"][0]["value"]) for m in insights.get("data", [])}
        fields = "reactions.summary(total_count),comments.summary(total_count),shares"
        post = self.call("GET", f"/{GRAPH_VERSION}/{external_post_id}", page_token, params={"fields": fields}).json()
        return PostMetrics(impressions=values.get("post_impressions", 0), reach=values.get("post_impressions_unique", 0),
                           clicks=values.get("post_clicks", 0),
                           likes=int(post.get("reactions", {}).get("summary", {}).get("total_count", 0)),
                           comments=int(post.get("comments", {}).get("summary", {}).get("total_count", 0)),
                           shares=int(post.get("shares", {}).get("count", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.call("GET", f"/{GRAPH_VERSION}/{profile_external_id}/published_posts",
                           self.page_token(token_set, profile_external_id),
                           params={"fields": "id,message,created_time,permalink_url", "limit": limit}).json()
        return [PublishedPost(p["id"], p.get("permalink_url") or self.post_url(p["id"]), p.get("message", ""),
                              parse_time(p.get("created_time"))) for p in answer.get("data", [])[:limit]]

    def page_token(self, token_set: TokenSet, page_id: str) -> str:
        """Pages publish with a Page token; it comes with /me/accounts for the user token."""
        pages = self.get_json(f"/{GRAPH_VERSION}/me/accounts", token_set, {"fields": "id,access_token"})["data"]
        token = next((page.get("access_token") for page in pages if page["id"] == page_id), None)
        if not token:
            raise NotFound(f"{self.label}: Page {page_id} is not among the Pages this login manages.")
        return token

    @staticmethod
    def post_url(post_id: str) -> str:
        page_id, _, story = post_id.partition("_")  # Page post ids are <page id>_<story id>
        return f"https://www.facebook.com/{page_id}/posts/{story}" if story else f"https://www.facebook.com/{post_id}"

    def _long_lived(self, user_token: str, previous: TokenSet | None = None) -> TokenSet:
        payload = self._graph_token({"grant_type": "fb_exchange_token", "fb_exchange_token": user_token})
        return self.token_set_from(payload, previous)

    def _graph_token(self, params: dict[str, str]) -> dict[str, Any]:
        params = {**params, "client_id": self.config.client_id, "client_secret": self.config.client_secret}
        return self.send("GET", self.token_base + self.token_path, params=params, during_authorization=True).json()

"""X (Twitter) API v2: OAuth 2.0 with PKCE, confidential client (HTTP Basic), the signed-in user."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any, ClassVar

from allin_app.platforms import comment_reads
from allin_app.platforms.base import (
    AuthExpired,
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    Transient,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.posts import FIRST_COMMENT, IMAGE, IMAGES, LINK, TEXT, THREAD, VIDEO
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

MEDIA_CATEGORIES = {"image": "tweet_image", "gif": "tweet_gif", "video": "tweet_video"}
STATUS_POLLS = 60  # at most this many STATUS checks (each waits check_after_secs, at most MAX_WAIT) per video
MAX_WAIT = 10


class TwitterAdapter(OAuth2Adapter):
    """Real hosts: auth https://x.com, API and tokens https://api.x.com."""

    network = "twitter"
    label = "X (Twitter)"
    uses_pkce = True
    default_scopes = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")
    # X allows 4 photos, or 1 GIF, or 1 video per post; the network (and limits.toml) say which mixes fail.
    capabilities = frozenset({TEXT, LINK, IMAGE, IMAGES, VIDEO, THREAD, FIRST_COMMENT})
    public_lookup = frozenset({PROFILE, POSTS})
    authorize_path = "/i/oauth2/authorize"
    token_path = "/2/oauth2/token"
    revoke_path = "/2/oauth2/revoke"
    token_host = "api"
    client_auth = "basic"
    pause: ClassVar = staticmethod(time.sleep)  # between STATUS polls; tests replace it

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
        return self._create_tweet(token_set, self._with_link(text, link), reply_to=reply_to)

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """Upload each file (needs the media.write scope), then POST /2/tweets with `media.media_ids`."""
        if token_set.scopes and "media.write" not in token_set.scopes:
            raise AuthExpired("X needs the media.write permission to post photos and videos: reconnect the "
                              "account.", code="missing_scope")
        media_ids = [self._upload(token_set, item) for item in content.media]
        return self._create_tweet(token_set, self._with_link(content.text, content.link), media_ids=media_ids,
                                  reply_to=content.reply_to)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """X has no comments: the first comment is a reply from the same account."""
        return self._create_tweet(token_set, text, reply_to=external_post_id).external_id

    def _create_tweet(self, token_set: TokenSet, text: str, *, media_ids: list[str] | None = None,
                      reply_to: str | None = None) -> PublishedPost:
        body: dict[str, Any] = {"text": text} if text else {}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        if reply_to:
            body["reply"] = {"in_reply_to_tweet_id": reply_to}
        data = self.call("POST", "/2/tweets", token_set.access_token, json=body).json()["data"]
        return PublishedPost(data["id"], self.post_url(data["id"]), data.get("text", text))

    @staticmethod
    def _with_link(text: str, link: str | None) -> str:
        return f"{text} {link}".strip() if link else text

    # --- media upload --------------------------------------------------------------------------
    def _upload(self, token_set: TokenSet, item: MediaFile) -> str:
        """Images go in one request; GIFs and videos in chunks, then X processes them. Alt text (images and
        GIFs; X takes none for videos) is set through the metadata endpoint. Answers the media id."""
        media_id = self._upload_image(token_set, item) if item.kind == "image" else self._upload_chunked(token_set, item)
        if item.alt_text and item.kind != "video":
            self.call("POST", "/2/media/metadata", token_set.access_token,
                      json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text}}})
        return media_id

    def _upload_image(self, token_set: TokenSet, item: MediaFile) -> str:
        answer = self.call("POST", "/2/media/upload", token_set.access_token,
                           data={"media_category": MEDIA_CATEGORIES["image"], "media_type": item.mime},
                           files={"media": (item.filename, item.read(), item.mime)})
        return answer.json()["data"]["id"]

    def _upload_chunked(self, token_set: TokenSet, item: MediaFile) -> str:
        init = {"media_type": item.mime, "total_bytes": item.size, "media_category": MEDIA_CATEGORIES[item.kind]}
        media_id = self.call("POST", "/2/media/upload/initialize", token_set.access_token, json=init).json()["data"]["id"]
        for index, chunk in enumerate(item.chunks()):
            self.call("POST", f"/2/media/upload/{media_id}/append", token_set.access_token,
                      data={"segment_index": str(index)}, files={"media": ("chunk", chunk, "application/octet-stream")})
        final = self.call("POST", f"/2/media/upload/{media_id}/finalize", token_set.access_token).json()["data"]
        self._wait_for_processing(token_set, media_id, final.get("processing_info"))
        return media_id

    def _wait_for_processing(self, token_set: TokenSet, media_id: str, info: dict[str, Any] | None) -> None:
        """Poll STATUS while X processes the file; a failed state is X's refusal of the file itself."""
        for _ in range(STATUS_POLLS):
            if not info or info.get("state") == "succeeded":
                return
            if info.get("state") == "failed":
                error = info.get("error") or {}
                raise ContentRejected(error.get("message") or "X could not process the file.", code=error.get("name"))
            self.pause(min(int(info.get("check_after_secs", 1)), MAX_WAIT))
            info = self.get_json("/2/media/upload", token_set,
                                 {"command": "STATUS", "media_id": media_id})["data"].get("processing_info")
        raise Transient("X is still processing the video; try again in a few minutes.")

    # --- reading -------------------------------------------------------------------------------
    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self._data(self.call("DELETE", f"/2/tweets/{external_post_id}", token_set.access_token).json())

    def post_comments(self, token_set: TokenSet, profile_external_id: str, external_post_id: str,
                      limit: int = comment_reads.MAX_COMMENTS) -> list[comment_reads.PostComment]:
        return comment_reads.twitter(self, token_set, external_post_id, limit)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """public_metrics for everyone's posts; non_public_metrics (link clicks) only for the author's own
        posts younger than 30 days. X reports no reach; reposts + quotes count as shares; video views are
        the `view_count` of the attached video (expansions=attachments.media_keys)."""
        answer = self.get_json(f"/2/tweets/{external_post_id}", token_set, {
            "tweet.fields": "public_metrics,non_public_metrics", "expansions": "attachments.media_keys",
            "media.fields": "public_metrics"})
        data = self._data(answer)
        public, private = data.get("public_metrics", {}), data.get("non_public_metrics", {})
        views = sum(int(m.get("public_metrics", {}).get("view_count", 0))
                    for m in answer.get("includes", {}).get("media", []))
        return PostMetrics(impressions=int(public.get("impression_count", private.get("impression_count", 0))),
                           likes=int(public.get("like_count", 0)), comments=int(public.get("reply_count", 0)),
                           shares=int(public.get("retweet_count", 0)) + int(public.get("quote_count", 0)),
                           saves=int(public.get("bookmark_count", 0)), clicks=int(private.get("url_link_clicks", 0)),
                           video_views=views)

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.get_json(f"/2/users/{profile_external_id}/tweets", token_set,
                               {"max_results": min(100, max(5, limit)), "tweet.fields": "created_at"})
        return [PublishedPost(t["id"], self.post_url(t["id"]), t["text"], parse_time(t.get("created_at")))
                for t in answer.get("data", [])[:limit]]

    @staticmethod
    def post_url(tweet_id: str) -> str:
        return f"https://x.com/i/web/status/{tweet_id}"

    # --- other accounts ------------------------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """GET /2/users/by/username/:username with public_metrics (followers, tweet count)."""
        user = self._data(self.get_json(f"/2/users/by/username/{bare_handle(handle)}", token_set,
                                        {"user.fields": "profile_image_url,public_metrics"}))
        metrics = user.get("public_metrics", {})
        return PublicProfile(user["id"], user["username"], user.get("name") or user["username"],
                             user.get("profile_image_url", ""), int(metrics.get("followers_count", 0)),
                             int(metrics["tweet_count"]) if "tweet_count" in metrics else None)

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """The user's timeline from `since`, 100 a page: public_metrics are open for anyone's posts (views
        are impressions; reposts and quotes are shares; bookmarks are saves)."""
        user_id = self.public_profile(token_set, profile_external_id, handle).external_id
        found: list[PublicPost] = []
        params = {"max_results": 100, "tweet.fields": "created_at,public_metrics",
                  "start_time": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        while len(found) < MAX_PUBLIC_POSTS:
            answer = self.get_json(f"/2/users/{user_id}/tweets", token_set, params)
            for tweet in answer.get("data", []):
                m = tweet.get("public_metrics", {})
                found.append(PublicPost(tweet["id"], self.post_url(tweet["id"]), tweet.get("text", ""),
                                        parse_time(tweet["created_at"]), likes=int(m.get("like_count", 0)),
                                        comments=int(m.get("reply_count", 0)),
                                        shares=int(m.get("retweet_count", 0)) + int(m.get("quote_count", 0)),
                                        saves=int(m.get("bookmark_count", 0)), views=int(m.get("impression_count", 0))))
            if not (token := answer.get("meta", {}).get("next_token")):
                break
            params["pagination_token"] = token
        return found[:MAX_PUBLIC_POSTS]

    def _data(self, answer: dict[str, Any]) -> dict[str, Any]:
        """X answers a missing post with 200 and an `errors` list instead of `data`."""
        if "data" not in answer:
            error = (answer.get("errors") or [{}])[0]
            raise NotFound(error.get("detail", "Post not found"), code=error.get("title"), status=200)
        return answer["data"]

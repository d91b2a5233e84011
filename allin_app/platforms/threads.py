"""Threads: code -> short-lived token -> 60-day token (th_exchange_token), refreshed in place; posts with
text, a link, images, videos or a carousel, replies (threads), and the 250-posts-a-day quota."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from allin_app.platforms.base import (
    AuthExpired,
    OAuth2Adapter,
    PlatformError,
    PostMetrics,
    Profile,
    PublishedPost,
    PublishingQuota,
    TokenSet,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.facebook import (
    CONTAINER_POLL_SECONDS,
    require_public_urls,
    text_with_link,
    wait_for_container,
)
from allin_app.platforms.posts import CAROUSEL, FIRST_COMMENT, IMAGE, IMAGES, LINK, TEXT, THREAD, VIDEO
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

# Threads' container error_message codes (its troubleshooting doc), said in words.
CONTAINER_ERRORS = {
    "FAILED_DOWNLOADING_VIDEO": "Threads could not download the video from its URL",
    "FAILED_PROCESSING_AUDIO": "Threads could not process the video's audio",
    "FAILED_PROCESSING_VIDEO": "Threads could not process the video (its format, codec or size)",
    "INVALID_ASPEC_RATIO": "the video's aspect ratio is not one Threads accepts",
    "INVALID_BIT_RATE": "the video's bit rate is not one Threads accepts",
    "INVALID_DURATION": "the video is longer (or shorter) than Threads allows",
    "INVALID_FRAME_RATE": "the video's frame rate is not one Threads accepts",
    "INVALID_AUDIO_CHANNELS": "the video's number of audio channels is not one Threads accepts",
    "INVALID_AUDIO_CHANNEL_LAYOUT": "the video's audio channel layout is not one Threads accepts",
}


class ThreadsAdapter(OAuth2Adapter):
    """Real hosts: auth https://threads.net, API and tokens https://graph.threads.net."""

    network = "threads"
    renews_without_refresh_token = True
    label = "Threads"
    capabilities = frozenset({TEXT, LINK, IMAGE, IMAGES, VIDEO, CAROUSEL, THREAD, FIRST_COMMENT})
    # Profile Discovery (threads_profile_discovery): other profiles and their posts, without their counts
    public_lookup = frozenset({PROFILE, POSTS})
    # threads_read_replies: list the account's replies (thread parts, first comments); threads_manage_replies:
    # publish replies and read their quota.
    default_scopes = ("threads_basic", "threads_content_publish", "threads_manage_insights", "threads_read_replies",
                      "threads_manage_replies")
    authorize_path = "/oauth/authorize"
    token_path = "/oauth/access_token"
    token_host = "api"
    scope_separator = ","
    revoke_path = None  # no documented revocation endpoint
    container_poll_seconds: tuple[float, ...] = CONTAINER_POLL_SECONDS

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
        quota and the one that makes the post). Text containers are ready at once. No idempotency key
        exists (ignored): a container publishes only once, but a retry of the whole call makes a new one."""
        form = {"media_type": "TEXT", "text": text} | ({"link_attachment": link} if link else {})
        container = self._container(token_set, profile_external_id, form | self._reply(reply_to))
        return self._publish(token_set, profile_external_id, container, text)

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """IMAGE or VIDEO containers (a carousel's items first, then the CAROUSEL), polled until FINISHED
        (Threads fetches and processes videos first), then threads_publish. A link joins the text: only
        TEXT posts take link_attachment."""
        require_public_urls(self.label, content.media)
        user = profile_external_id
        form = {"text": text_with_link(content.text, content.link)} | self._reply(content.reply_to)
        if content.is_carousel:
            items = [self._container(token_set, user, self._media_form(m) | {"is_carousel_item": "true"})
                     for m in content.media]
            for item_id, item in zip(items, content.media, strict=True):
                if item.kind == "video":  # a carousel takes only finished items
                    self._wait_until_ready(token_set, item_id)
            form |= {"media_type": "CAROUSEL", "children": ",".join(items)}
        else:
            form |= self._media_form(content.media[0])
        container = self._container(token_set, user, form)
        self._wait_until_ready(token_set, container)
        return self._publish(token_set, user, container, content.text)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """Threads has no comments apart from replies: the first comment is the account's reply to its post."""
        return self.publish_text(token_set, profile_external_id, text, reply_to=external_post_id).external_id

    def publishing_quota(self, token_set: TokenSet, profile_external_id: str) -> PublishingQuota:
        answer = self.get_json(f"/v1.0/{profile_external_id}/threads_publishing_limit", token_set,
                               {"fields": "quota_usage,config"})
        usage = answer["data"][0]
        return PublishingQuota(used=int(usage["quota_usage"]), total=int(usage["config"]["quota_total"]),
                               window_seconds=int(usage["config"]["quota_duration"]))

    @staticmethod
    def _reply(reply_to: str | None) -> dict[str, str]:
        return {"reply_to_id": reply_to} if reply_to else {}

    @staticmethod
    def _media_form(media: MediaFile) -> dict[str, str]:
        form = ({"media_type": "VIDEO", "video_url": str(media.url)} if media.kind == "video"
                else {"media_type": "IMAGE", "image_url": str(media.url)})
        return form | ({"alt_text": media.alt_text} if media.alt_text else {})

    def _container(self, token_set: TokenSet, user: str, form: dict[str, str]) -> str:
        return self.call("POST", f"/v1.0/{user}/threads", token_set.access_token, data=form).json()["id"]

    def _wait_until_ready(self, token_set: TokenSet, container: str) -> None:
        def read_status() -> tuple[str, str]:
            answer = self.get_json(f"/v1.0/{container}", token_set, {"fields": "status,error_message"})
            code = answer.get("error_message", "")
            return answer.get("status", ""), f"{CONTAINER_ERRORS.get(code, 'the media was refused')} ({code})."

        wait_for_container(read_status, self.label, self.container_poll_seconds)

    def _publish(self, token_set: TokenSet, user: str, container: str, text: str) -> PublishedPost:
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
        """The account's posts and its replies (Threads lists them apart), newest first: a thread's later
        parts and first comments are replies."""
        params = {"fields": "id,text,timestamp,permalink", "limit": limit}
        found = [p for edge in ("threads", "replies")
                 for p in self.get_json(f"/v1.0/{profile_external_id}/{edge}", token_set, params).get("data", [])]
        posts = [PublishedPost(p["id"], p.get("permalink", ""), p.get("text", ""), parse_time(p.get("timestamp")))
                 for p in found]
        return sorted(posts, key=lambda post: post.created_at or datetime.min.replace(tzinfo=UTC),
                      reverse=True)[:limit]

    # --- other profiles: Profile Discovery ---------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """GET /profile_lookup?username=: a public profile's followers (Threads has no public id for it)."""
        name = bare_handle(handle)
        found = self.get_json("/v1.0/profile_lookup", token_set, {
            "username": name, "fields": "username,name,profile_picture_url,follower_count"})
        return PublicProfile(found.get("username", name), found.get("username", name), found.get("name") or name,
                             found.get("profile_picture_url", ""), int(found.get("follower_count", 0)))

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """GET /profile_posts: text, time and topic tag; Threads shows other apps no counts (they stay None)."""
        params: dict[str, Any] = {"username": bare_handle(handle), "fields": "id,text,timestamp,permalink,topic_tag",
                                  "since": int(since.timestamp()), "limit": 100}
        found: list[PublicPost] = []
        while len(found) < MAX_PUBLIC_POSTS:
            answer = self.get_json("/v1.0/profile_posts", token_set, params)
            found += [PublicPost(p["id"], p.get("permalink", ""), p.get("text", ""), parse_time(p["timestamp"]),
                                 tags=(p["topic_tag"],) if p.get("topic_tag") else ()) for p in answer.get("data", [])]
            paging = answer.get("paging", {})
            if "next" not in paging:
                break
            params["after"] = paging["cursors"]["after"]
        return found[:MAX_PUBLIC_POSTS]

    def _graph_get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        payload = self.send("GET", self.token_base + path, params=params, during_authorization=True).json()
        if "access_token" not in payload:
            raise AuthExpired("Threads gave no token.")
        return payload

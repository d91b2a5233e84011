"""TikTok Login Kit v2 (`client_key`, comma-separated scopes), the creator's user info, and publishing
through the Content Posting API: creator info, video (chunked FILE_UPLOAD, or PULL_FROM_URL when the file
has a public URL) and photo posts (URLs only), then the publish status until TikTok is done. Recent posts
and metrics come from the Display API (`video.list` scope). TikTok's API cannot delete a post.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from allin_app.core.clock import utcnow
from allin_app.platforms.base import (
    AuthExpired,
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    PlatformError,
    PostMetrics,
    Profile,
    PublishedPost,
    RateLimited,
    TokenSet,
    Transient,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.media_only import MediaOnlyPublishing
from allin_app.platforms.posts import IMAGE, IMAGES, VIDEO
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

PRIVATE = "SELF_ONLY"
# AllIN's own words for a privacy choice, besides TikTok's names.
PRIVACY_NAMES = {"public": "PUBLIC_TO_EVERYONE", "friends": "MUTUAL_FOLLOW_FRIENDS",
                 "followers": "FOLLOWER_OF_CREATOR", "private": PRIVATE}
UNAUDITED = "unaudited_client_can_only_post_to_private_accounts"
MIB = 1024 * 1024
MIN_CHUNK = 5 * MIB  # smaller videos go in one piece
RESEARCH_WINDOW_DAYS = 30  # the Research API answers at most 30 days per query
RESEARCH_FIELDS = "id,create_time,video_description,like_count,comment_count,share_count,view_count,hashtag_names"
DAILY_CAP_WAIT = 3600  # TikTok says when its daily cap is reached, not when it lifts: look again in an hour
FAIL_REASONS = {
    "file_format_check_failed": "the file's format or size is not one TikTok takes",
    "duration_check_failed": "the video is shorter or longer than TikTok allows",
    "frame_rate_check_failed": "the video's frame rate is not supported",
    "picture_size_check_failed": "the picture size or aspect ratio is outside TikTok's limits",
    "video_pull_failed": "TikTok could not download the video from its URL",
    "photo_pull_failed": "TikTok could not download a photo from its URL",
    "spam_risk_text": "TikTok took the caption for spam",
    "spam_risk": "TikTok took the post for spam",
    "publish_cancelled": "the post was cancelled",
}


class TikTokAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://www.tiktok.com, API and tokens https://open.tiktokapis.com."""

    network = "tiktok"
    label = "TikTok"
    media_reason = "TikTok posts are videos or photo carousels: there is no text-only post."
    capabilities = frozenset({IMAGE, IMAGES, VIDEO})
    public_lookup = frozenset({PROFILE, POSTS})
    default_scopes = ("user.info.basic", "user.info.profile", "user.info.stats", "video.publish", "video.list")
    authorize_path = "/v2/auth/authorize/"
    token_path = "/v2/oauth/token/"
    revoke_path = "/v2/oauth/revoke/"
    token_host = "api"
    scope_separator = ","
    client_id_param = "client_key"
    upload_chunk_bytes: ClassVar[int] = 10 * MIB  # TikTok takes 5 to 64 MB chunks
    poll_interval: ClassVar[float] = 3.0  # seconds between status checks
    poll_attempts: ClassVar[int] = 100  # moderation of a public post usually takes under a minute

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        fields = "open_id,union_id,avatar_url,display_name,username,follower_count"
        user = self.get_json("/v2/user/info/", token_set, {"fields": fields})["data"]["user"]
        return [Profile(external_id=user["open_id"], handle=user.get("username", ""), display_name=user["display_name"],
                        avatar_url=user.get("avatar_url", ""), followers=int(user.get("follower_count", 0)),
                        kind="profile")]

    # --- publishing ----------------------------------------------------------------------------

    def creator_info(self, token_set: TokenSet) -> dict[str, Any]:
        """Privacy levels, the longest video and the interaction toggles for this creator, as TikTok asks
        apps to read them before every post."""
        return self._data("/v2/post/publish/creator_info/query/", token_set, {})

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        creator = self.creator_info(token_set)
        downgraded = False
        try:
            publish_id = self._start(token_set, content, creator, self._privacy(content, creator))
        except ContentRejected as refused:
            if refused.code != UNAUDITED or "privacy" in content.options:
                raise
            downgraded = True  # the app has not passed TikTok's audit: its posts can only be private
            publish_id = self._start(token_set, content, creator, PRIVATE)
        status = self._wait_for(token_set, publish_id)
        return self._published(content, creator, publish_id, status, downgraded)

    def _privacy(self, content: PostContent, creator: dict[str, Any]) -> str:
        allowed = creator.get("privacy_level_options") or [PRIVATE]
        asked = content.options.get("privacy")
        if asked is None:
            return allowed[0]
        wanted = PRIVACY_NAMES.get(asked, asked)
        if wanted not in allowed:
            raise ContentRejected(f"TikTok: this creator can post as {', '.join(allowed)}, not {asked}.",
                                  code="privacy_level_option_mismatch")
        return wanted

    def _start(self, token_set: TokenSet, content: PostContent, creator: dict[str, Any], privacy: str) -> str:
        if content.videos:
            return self._start_video(token_set, content, creator, privacy)
        return self._start_photos(token_set, content, creator, privacy)

    def _start_video(self, token_set: TokenSet, content: PostContent, creator: dict[str, Any], privacy: str) -> str:
        video = content.videos[0]
        longest = creator.get("max_video_post_duration_sec")
        if longest and video.duration and video.duration > longest:
            raise ContentRejected(f"TikTok: the video lasts {video.duration:.0f} s; this creator may post at most "
                                  f"{longest} s.", code="duration_check_failed")
        post_info = {"title": content.text, "privacy_level": privacy, **self._interactions(creator)}
        if video.url:
            source = {"source": "PULL_FROM_URL", "video_url": video.url}
            return self._data("/v2/post/publish/video/init/", token_set,
                              {"post_info": post_info, "source_info": source})["publish_id"]
        chunk, count = self._chunking(video.size)
        source = {"source": "FILE_UPLOAD", "video_size": video.size, "chunk_size": chunk, "total_chunk_count": count}
        started = self._data("/v2/post/publish/video/init/", token_set, {"post_info": post_info, "source_info": source})
        self._upload(started["upload_url"], video, chunk, count)
        return started["publish_id"]

    def _start_photos(self, token_set: TokenSet, content: PostContent, creator: dict[str, Any], privacy: str) -> str:
        if missing := [m.filename for m in content.images if not m.url]:
            raise ContentRejected(f"TikTok fetches photos from a public URL, and {', '.join(missing)} has none.",
                                  code="url_required")
        post_info = {"title": content.title or "", "description": content.text, "privacy_level": privacy,
                     "disable_comment": creator.get("comment_disabled", False), "auto_add_music": True}
        source = {"source": "PULL_FROM_URL", "photo_cover_index": 0, "photo_images": [m.url for m in content.images]}
        return self._data("/v2/post/publish/content/init/", token_set, {
            "post_info": post_info, "source_info": source, "post_mode": "DIRECT_POST", "media_type": "PHOTO"})["publish_id"]

    @staticmethod
    def _interactions(creator: dict[str, Any]) -> dict[str, bool]:
        """Where the creator turned comments, duets or stitches off, the post may not turn them on."""
        return {f"disable_{name}": bool(creator.get(f"{name}_disabled")) for name in ("comment", "duet", "stitch")}

    def _chunking(self, size: int) -> tuple[int, int]:
        """(chunk_size, total_chunk_count): whole under 5 MB, else full chunks with the rest in the last one."""
        chunk = max(MIN_CHUNK, self.upload_chunk_bytes)
        return (size, 1) if size <= chunk else (chunk, size // chunk)

    def _upload(self, upload_url: str, video: MediaFile, chunk: int, count: int) -> None:
        with video.path.open("rb") as handle:
            for index in range(count):
                start = index * chunk
                end = video.size if index == count - 1 else start + chunk
                data = handle.read(end - start)
                self.send("PUT", upload_url, content=data, headers={
                    "Content-Type": video.mime, "Content-Range": f"bytes {start}-{end - 1}/{video.size}"})

    def _wait_for(self, token_set: TokenSet, publish_id: str) -> dict[str, Any]:
        for attempt in range(self.poll_attempts):
            if attempt:
                time.sleep(self.poll_interval)
            status = self._data("/v2/post/publish/status/fetch/", token_set, {"publish_id": publish_id})
            if status["status"] == "PUBLISH_COMPLETE":
                return status
            if status["status"] == "FAILED":
                raise self._failure(status.get("fail_reason") or "unknown")
        raise Transient(f"TikTok is still processing the post (publish_id {publish_id}); look for it before "
                        "posting it again.")

    @staticmethod
    def _failure(reason: str) -> PlatformError:
        if reason == "auth_removed":
            return AuthExpired("TikTok: the user removed AllIN's access while the post was processing.", code=reason)
        if reason == "internal":
            return Transient("TikTok failed while processing the post.", code=reason)
        if reason.startswith("spam_risk_too_many"):
            return RateLimited("TikTok: the creator's daily limit of API posts is reached.", DAILY_CAP_WAIT,
                               code=reason)
        explained = FAIL_REASONS.get(reason, "TikTok did not say why")
        return ContentRejected(f"TikTok refused the post: {reason} ({explained}).", code=reason)

    def _published(self, content: PostContent, creator: dict[str, Any], publish_id: str, status: dict[str, Any],
                   downgraded: bool) -> PublishedPost:
        handle = creator.get("creator_username", "")
        ids = status.get("publicaly_available_post_id") or []  # TikTok's own spelling
        notes = []
        if downgraded:
            notes.append("TikTok keeps this post private (SELF_ONLY): AllIN's TikTok app has not passed TikTok's "
                         "audit, and until then its posts can only be private.")
        if not ids:
            notes.append("TikTok gave no post id (it gives none for private posts), so AllIN cannot show its "
                         "metrics.")
            return PublishedPost(external_id=publish_id, url=f"https://www.tiktok.com/@{handle}", text=content.text,
                                 warning=" ".join(notes))
        kind = "video" if content.videos else "photo"
        return PublishedPost(external_id=str(ids[0]), url=f"https://www.tiktok.com/@{handle}/{kind}/{ids[0]}",
                             text=content.text, warning=" ".join(notes) or None)

    # --- reading back --------------------------------------------------------------------------

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        raise PlatformError("TikTok's API cannot delete posts: delete it in the TikTok app.", code="unsupported")

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """A TikTok view counts when the post starts playing in the feed, so views are its impressions too."""
        fields = "id,view_count,like_count,comment_count,share_count"
        videos = self._data("/v2/video/query/", token_set, {"filters": {"video_ids": [external_post_id]}},
                            fields)["videos"]
        if not videos:
            raise NotFound(f"TikTok has no public post {external_post_id}.")
        found = videos[0]
        views = int(found.get("view_count", 0))
        return PostMetrics(impressions=views, video_views=views, likes=int(found.get("like_count", 0)),
                           comments=int(found.get("comment_count", 0)), shares=int(found.get("share_count", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        """The creator's public posts, newest first, 20 a page."""
        fields = "id,title,video_description,create_time,share_url"
        posts: list[PublishedPost] = []
        cursor = None
        while len(posts) < limit:
            body = {"max_count": min(20, limit - len(posts))} | ({"cursor": cursor} if cursor is not None else {})
            page = self._data("/v2/video/list/", token_set, body, fields)
            posts += [PublishedPost(external_id=str(v["id"]), url=v.get("share_url", ""),
                                    text=v.get("video_description") or v.get("title", ""),
                                    created_at=parse_time(v.get("create_time"))) for v in page["videos"]]
            if not page.get("has_more") or not page["videos"]:
                break
            cursor = page.get("cursor")
        return posts[:limit]

    # --- other accounts: the Research API ------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """POST /v2/research/user/info/. The real Research API needs an approved research client (its own
        client token); the simulator takes the account's token."""
        name = bare_handle(handle)
        user = self._data("/v2/research/user/info/", token_set, {"username": name},
                          "display_name,avatar_url,follower_count,video_count")
        return PublicProfile(name, name, user.get("display_name") or name, user.get("avatar_url", ""),
                             int(user.get("follower_count", 0)),
                             int(user["video_count"]) if "video_count" in user else None)

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """POST /v2/research/video/query/ for the username, one window of at most 30 days at a time, newest
        window first, 100 videos a page."""
        name, found = bare_handle(handle), []
        end = utcnow().date()
        while end >= since.date() and len(found) < MAX_PUBLIC_POSTS:
            start = max(since.date(), end - timedelta(days=RESEARCH_WINDOW_DAYS - 1))
            found += self._research_window(token_set, name, start, end, since)
            end = start - timedelta(days=1)
        return sorted(found, key=lambda post: post.created_at, reverse=True)[:MAX_PUBLIC_POSTS]

    def _research_window(self, token_set: TokenSet, name: str, start: date, end: date,
                         since: datetime) -> list[PublicPost]:
        query = {"and": [{"operation": "EQ", "field_name": "username", "field_values": [name]}]}
        body: dict[str, Any] = {"query": query, "start_date": f"{start:%Y%m%d}", "end_date": f"{end:%Y%m%d}",
                                "max_count": 100}
        found: list[PublicPost] = []
        while True:
            page = self._data("/v2/research/video/query/", token_set, body, RESEARCH_FIELDS)
            for v in page.get("videos", []):
                created = parse_time(v["create_time"])
                if created >= since:
                    found.append(PublicPost(str(v["id"]), f"https://www.tiktok.com/@{name}/video/{v['id']}",
                                            v.get("video_description", ""), created, likes=int(v.get("like_count", 0)),
                                            comments=int(v.get("comment_count", 0)),
                                            shares=int(v.get("share_count", 0)), views=int(v.get("view_count", 0)),
                                            tags=tuple(v.get("hashtag_names") or ())))
            if not page.get("has_more"):
                return found
            body |= {"cursor": page["cursor"], "search_id": page.get("search_id", "")}

    def _data(self, path: str, token_set: TokenSet, body: dict[str, Any], fields: str | None = None) -> dict[str, Any]:
        """POST a JSON body; TikTok's `data`, with a daily-cap refusal made a rate limit."""
        params = {"fields": fields} if fields else None
        try:
            answer = self.call("POST", path, token_set.access_token, json=body, params=params).json()
        except ContentRejected as refused:
            if refused.code == "spam_risk_too_many_posts":
                raise RateLimited(refused.message, DAILY_CAP_WAIT, code=refused.code, status=refused.status) from None
            raise
        error = answer.get("error") or {}
        if error.get("code", "ok") != "ok":
            raise PlatformError(error.get("message") or error["code"], code=error["code"])
        return answer.get("data") or {}

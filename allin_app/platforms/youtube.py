"""YouTube through Google OAuth 2.0 (offline access, PKCE), the user's channels, and video publishing with
the Data API v3: a resumable videos.insert (metadata first, then the bytes in chunks), the first comment as
a comment thread, metrics from videos.list, recent posts from the channel's uploads playlist (1 quota unit
a page, where search.list costs 100).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import httpx

from allin_app.core.clock import utcnow
from allin_app.platforms import comment_reads
from allin_app.platforms.base import (
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
    error_for_response,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.limits import HASHTAG
from allin_app.platforms.media_only import MediaOnlyPublishing
from allin_app.platforms.posts import FIRST_COMMENT, VIDEO
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

PACIFIC = ZoneInfo("America/Los_Angeles")  # Google resets daily quotas at midnight Pacific time
TAGS_LIMIT = 500  # characters over all tags
PAGE_LIMIT = 50  # playlistItems.list maxResults
REFUSALS = {  # status.failureReason / rejectionReason, in words
    "length": "it is shorter or longer than YouTube allows", "codec": "its format or codec is not supported",
    "invalidFile": "YouTube could not read the file", "emptyFile": "the file is empty",
    "tooSmall": "the file is too small", "conversion": "YouTube could not convert it",
    "duplicate": "it duplicates a video already on the channel", "uploadAborted": "the upload was aborted",
}


def _seconds_to_pacific_midnight() -> int:
    now = utcnow().astimezone(PACIFIC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((midnight - now).total_seconds()) + 1


def _google_reason(response: httpx.Response) -> str | None:
    try:
        errors = response.json()["error"]["errors"]
    except (ValueError, KeyError, TypeError):
        return None
    return errors[0].get("reason") if errors else None


class YouTubeAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://accounts.google.com, tokens https://oauth2.googleapis.com
    (set YOUTUBE_TOKEN_BASE_URL), API and uploads https://www.googleapis.com."""

    network = "youtube"
    label = "YouTube"
    media_reason = "YouTube publishes videos (videos.insert): there is no text-only post through the API."
    capabilities = frozenset({VIDEO, FIRST_COMMENT})
    public_lookup = frozenset({PROFILE, POSTS})
    uses_pkce = True
    # force-ssl: deleting videos and posting the first comment; youtube.upload alone cannot.
    default_scopes = ("https://www.googleapis.com/auth/youtube.upload",
                      "https://www.googleapis.com/auth/youtube.readonly",
                      "https://www.googleapis.com/auth/youtube.force-ssl")
    authorize_path = "/o/oauth2/v2/auth"
    token_path = "/token"
    revoke_path = "/revoke"
    # Without prompt=consent Google sends no refresh token on a second connect.
    authorize_extra: ClassVar[dict[str, str]] = {"access_type": "offline", "prompt": "consent", "include_granted_scopes": "true"}
    upload_chunk_bytes: ClassVar[int] = 8 * 1024 * 1024  # Google wants multiples of 256 KiB

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        answer = self.get_json("/youtube/v3/channels", token_set, {"part": "snippet,statistics", "mine": "true"})
        return [Profile(external_id=item["id"], handle=item["snippet"].get("customUrl", item["id"]),
                        display_name=item["snippet"]["title"],
                        avatar_url=item["snippet"].get("thumbnails", {}).get("default", {}).get("url", ""),
                        followers=int(item.get("statistics", {}).get("subscriberCount", 0)), kind="channel")
                for item in answer.get("items", [])]

    def error_for(self, response: httpx.Response, *, during_authorization: bool = False) -> PlatformError:
        """Google's `errors[].reason` refines the kind: the quota refusals (403 quotaExceeded, 400
        uploadLimitExceeded) become RateLimited, and any other refusal carries its reason as the code."""
        reason = _google_reason(response)
        error = error_for_response(response, during_authorization=during_authorization)
        if reason in ("quotaExceeded", "dailyLimitExceeded"):
            return RateLimited(error.message, _seconds_to_pacific_midnight(), code=reason, status=error.status)
        if reason == "uploadLimitExceeded":  # per channel per 24 h; YouTube says "try again in 24 hours"
            return RateLimited(error.message, 86_400, code=reason, status=error.status)
        error.code = reason or error.code
        return error

    # --- publishing ----------------------------------------------------------------------------

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        video = content.videos[0]
        session_url = self._start_upload(token_set, content, video)
        resource = self._upload(token_set, session_url, video)
        status = resource.get("status", {})
        if status.get("uploadStatus") in ("failed", "rejected"):
            reason = status.get("failureReason") or status.get("rejectionReason") or "unknown"
            raise ContentRejected(f"YouTube {status['uploadStatus']} the video: {reason} "
                                  f"({REFUSALS.get(reason, 'YouTube did not say more')}).", code=reason)
        return self._post(resource["id"], resource.get("snippet", {}))

    @staticmethod
    def _metadata(content: PostContent) -> dict[str, Any]:
        """snippet and status for videos.insert; the hashtags of the text become tags."""
        tags: list[str] = []
        for tag in dict.fromkeys(match[1:] for match in HASHTAG.findall(content.text)):
            if sum(map(len, tags)) + len(tag) <= TAGS_LIMIT:
                tags.append(tag)
        snippet = {"title": content.title or "", "description": content.text, "tags": tags, "categoryId": "22"}
        status = {"privacyStatus": content.options.get("privacy", "public"), "selfDeclaredMadeForKids": False}
        return {"snippet": snippet, "status": status}

    def _start_upload(self, token_set: TokenSet, content: PostContent, video: MediaFile) -> str:
        response = self.call("POST", "/upload/youtube/v3/videos", token_set.access_token,
                             params={"uploadType": "resumable", "part": "snippet,status"}, json=self._metadata(content),
                             headers={"X-Upload-Content-Type": video.mime, "X-Upload-Content-Length": str(video.size)})
        return response.headers["location"]

    def _upload(self, token_set: TokenSet, session_url: str, video: MediaFile) -> dict[str, Any]:
        """PUT chunks; 308 Resume Incomplete says (in Range) how much arrived, so the next chunk starts there."""
        sent = 0
        with video.path.open("rb") as handle:
            while True:
                handle.seek(sent)
                chunk = handle.read(self.upload_chunk_bytes)
                response = self.send("PUT", session_url, content=chunk, follow_redirects=False, headers={
                    "Authorization": f"Bearer {token_set.access_token}", "Content-Type": video.mime,
                    "Content-Range": f"bytes {sent}-{sent + len(chunk) - 1}/{video.size}"})
                if response.status_code != 308:
                    return response.json()
                received = int(response.headers.get("range", "bytes=0--1").rpartition("-")[2]) + 1
                if received <= sent:
                    raise Transient(f"YouTube stopped taking the upload at byte {received}.")
                sent = received

    def _post(self, video_id: str, snippet: dict[str, Any]) -> PublishedPost:
        return PublishedPost(external_id=video_id, url=f"https://www.youtube.com/watch?v={video_id}",
                             text=snippet.get("description", ""), created_at=parse_time(snippet.get("publishedAt")))

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        body = {"snippet": {"videoId": external_post_id, "topLevelComment": {"snippet": {"textOriginal": text}}}}
        return self.call("POST", "/youtube/v3/commentThreads", token_set.access_token, params={"part": "snippet"},
                         json=body).json()["id"]

    # --- reading back --------------------------------------------------------------------------

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", "/youtube/v3/videos", token_set.access_token, params={"id": external_post_id})

    def post_comments(self, token_set: TokenSet, profile_external_id: str, external_post_id: str,
                      limit: int = comment_reads.MAX_COMMENTS) -> list[comment_reads.PostComment]:
        return comment_reads.youtube(self, token_set, external_post_id, limit)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """The Data API has views, likes and comments; impressions live in YouTube Analytics only."""
        items = self.get_json("/youtube/v3/videos", token_set, {"part": "statistics", "id": external_post_id})["items"]
        if not items:
            raise NotFound(f"YouTube has no video {external_post_id}.")
        stats = items[0].get("statistics", {})
        return PostMetrics(video_views=int(stats.get("viewCount", 0)), likes=int(stats.get("likeCount", 0)),
                           comments=int(stats.get("commentCount", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        playlist = self._uploads_playlist(token_set, profile_external_id)
        posts: list[PublishedPost] = []
        page_token = None
        while len(posts) < limit:
            params = {"part": "snippet,contentDetails", "playlistId": playlist,
                      "maxResults": min(PAGE_LIMIT, limit - len(posts))} | ({"pageToken": page_token} if page_token else {})
            page = self.get_json("/youtube/v3/playlistItems", token_set, params)
            posts += [self._post(item["contentDetails"]["videoId"], item["snippet"]
                                 | {"publishedAt": item["contentDetails"].get("videoPublishedAt")})
                      for item in page.get("items", [])]
            if not (page_token := page.get("nextPageToken")):
                break
        return posts[:limit]

    # --- other channels ---------------------------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """channels.list forHandle=@name: subscribers and video count (hidden subscriber counts read 0)."""
        name = "@" + bare_handle(handle)
        items = self.get_json("/youtube/v3/channels", token_set,
                              {"part": "snippet,statistics", "forHandle": name}).get("items", [])
        if not items:
            raise NotFound(f"YouTube has no channel {name}.")
        channel, stats = items[0], items[0].get("statistics", {})
        return PublicProfile(channel["id"], channel["snippet"].get("customUrl") or name, channel["snippet"]["title"],
                             channel["snippet"].get("thumbnails", {}).get("default", {}).get("url", ""),
                             int(stats.get("subscriberCount", 0)),
                             int(stats["videoCount"]) if "videoCount" in stats else None)

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """The channel's uploads playlist from `since` (newest first), then videos.list for their statistics,
        50 ids a call: 1 quota unit a page where search.list costs 100."""
        channel = self.public_profile(token_set, profile_external_id, handle)
        playlist = self._uploads_playlist(token_set, channel.external_id)
        uploads: list[tuple[str, datetime]] = []
        params: dict[str, Any] = {"part": "contentDetails", "playlistId": playlist, "maxResults": PAGE_LIMIT}
        while len(uploads) < MAX_PUBLIC_POSTS:
            page = self.get_json("/youtube/v3/playlistItems", token_set, params)
            fresh = [(i["contentDetails"]["videoId"], parse_time(i["contentDetails"]["videoPublishedAt"]))
                     for i in page.get("items", [])]
            uploads += [(video_id, at) for video_id, at in fresh if at >= since]
            if not (token := page.get("nextPageToken")) or any(at < since for _, at in fresh):
                break
            params["pageToken"] = token
        return [post for start in range(0, len(uploads), PAGE_LIMIT)
                for post in self._video_statistics(token_set, [v for v, _ in uploads[start:start + PAGE_LIMIT]])]

    def _video_statistics(self, token_set: TokenSet, ids: list[str]) -> list[PublicPost]:
        items = self.get_json("/youtube/v3/videos", token_set, {"part": "snippet,statistics", "id": ",".join(ids)})
        found = []
        for item in items.get("items", []):
            stats, snippet = item.get("statistics", {}), item["snippet"]
            found.append(PublicPost(item["id"], f"https://www.youtube.com/watch?v={item['id']}",
                                    snippet.get("description") or snippet.get("title", ""),
                                    parse_time(snippet["publishedAt"]), likes=int(stats.get("likeCount", 0)),
                                    comments=int(stats.get("commentCount", 0)), views=int(stats.get("viewCount", 0)),
                                    tags=tuple(snippet.get("tags") or ())))
        return found

    def _uploads_playlist(self, token_set: TokenSet, channel_id: str) -> str:
        """channels.list names the uploads playlist; "UU" + the channel id's tail is the same id by YouTube's
        convention, used when the answer leaves contentDetails out."""
        answer = self.get_json("/youtube/v3/channels", token_set, {"part": "contentDetails", "id": channel_id})
        channel = next((item for item in answer.get("items", []) if item["id"] == channel_id), {})
        uploads = channel.get("contentDetails", {}).get("relatedPlaylists", {}).get("uploads")
        return uploads or "UU" + channel_id[2:]


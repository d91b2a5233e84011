"""Pinterest API v5: OAuth code flow with HTTP Basic client auth, the user account, boards, and Pins.

A Pin goes on a board (`options["board_id"]`, else the account's first board). Images go by URL when they
have a public one (Pinterest fetches them) and as base64 otherwise; 2 to 5 images make a carousel. A video is
registered with `POST /v5/media`, sent to the upload URL as a multipart form with the parameters Pinterest
gave, and pinned by `video_id` once Pinterest has processed it.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, ClassVar

from allin_app.core.clock import utcnow
from allin_app.platforms.base import (
    ContentRejected,
    OAuth2Adapter,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    Transient,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.media_only import MediaOnlyPublishing
from allin_app.platforms.posts import IMAGE, IMAGES, LINK, VIDEO

PAGE_LIMIT = 250
ANALYTICS_DAYS = 90  # Pinterest reports the last 90 days
METRICS = ("IMPRESSION", "SAVE", "PIN_CLICK", "VIDEO_MRC_VIEW", "TOTAL_REACTIONS", "TOTAL_COMMENTS")


@dataclass(frozen=True)
class Board:
    id: str
    name: str
    privacy: str  # "PUBLIC", "PROTECTED" or "SECRET"


class PinterestAdapter(MediaOnlyPublishing, OAuth2Adapter):
    """Real hosts: auth https://www.pinterest.com, API and tokens https://api.pinterest.com."""

    network = "pinterest"
    label = "Pinterest"
    media_reason = "A Pin needs an image or a video (media_source): text and a link alone cannot make a Pin."
    capabilities = frozenset({IMAGE, IMAGES, VIDEO, LINK})
    default_scopes = ("boards:read", "boards:write", "pins:read", "pins:write", "user_accounts:read")
    authorize_path = "/oauth/"
    token_path = "/v5/oauth/token"
    revoke_path = None  # no documented revocation endpoint: the user removes the app on pinterest.com
    token_host = "api"
    scope_separator = ","
    client_auth = "basic"
    poll_interval: ClassVar[float] = 2.0  # seconds between looks at a processing video
    poll_attempts: ClassVar[int] = 90

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        # The account is what connects; boards are picked per Pin when publishing.
        user = self.get_json("/v5/user_account", token_set)
        return [Profile(external_id=user["id"], handle=user["username"],
                        display_name=user.get("business_name") or user["username"],
                        avatar_url=user.get("profile_image", ""), followers=int(user.get("follower_count", 0)),
                        kind="profile")]

    def boards(self, token_set: TokenSet) -> list[Board]:
        """Every board of the account, for the composer to offer."""
        return [Board(id=item["id"], name=item["name"], privacy=item.get("privacy", "PUBLIC"))
                for item in self._pages("/v5/boards", token_set, limit=10_000)]

    # --- publishing ----------------------------------------------------------------------------

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        board_id = content.options.get("board_id") or self._first_board(token_set)
        source = self._video_source(token_set, content.videos[0]) if content.videos else _image_source(content.images)
        pin = {"board_id": board_id, "title": content.title, "description": content.text, "link": content.link,
               "alt_text": content.media[0].alt_text or None, "media_source": source}
        answer = self.call("POST", "/v5/pins", token_set.access_token,
                           json={key: value for key, value in pin.items() if value is not None}).json()
        return _published(answer)

    def _first_board(self, token_set: TokenSet) -> str:
        page = self.get_json("/v5/boards", token_set, {"page_size": 1})["items"]
        if not page:
            raise ContentRejected("Pinterest: a Pin goes on a board, and this account has none yet; create one on "
                                  "pinterest.com first.", code="no_board")
        return page[0]["id"]

    def _video_source(self, token_set: TokenSet, video: MediaFile) -> dict[str, Any]:
        media = self.call("POST", "/v5/media", token_set.access_token, json={"media_type": "video"}).json()
        with video.path.open("rb") as handle:
            self.send("POST", media["upload_url"], data=media["upload_parameters"],
                      files={"file": (video.filename, handle, video.mime)})
        self._wait_until_processed(token_set, media["media_id"])
        # No cover image is at hand (a Pin does not mix images and a video): the first frame is the cover.
        return {"source_type": "video_id", "media_id": media["media_id"], "cover_image_key_frame_time": 0}

    def _wait_until_processed(self, token_set: TokenSet, media_id: str) -> None:
        for attempt in range(self.poll_attempts):
            if attempt:
                time.sleep(self.poll_interval)
            status = self.get_json(f"/v5/media/{media_id}", token_set)["status"]
            if status == "succeeded":
                return
            if status == "failed":
                raise ContentRejected(f"Pinterest could not process the video (media {media_id}).",
                                      code="media_failed")
        raise Transient(f"Pinterest is still processing the video (media {media_id}).")

    # --- reading back --------------------------------------------------------------------------

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/v5/pins/{external_post_id}", token_set.access_token)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Totals over the 90 days Pinterest reports, which covers a Pin's life in AllIN's use. PIN_CLICK counts
        every click, outbound ones included; reactions are Pinterest's likes."""
        today = utcnow().date()
        params = {"start_date": (today - timedelta(days=ANALYTICS_DAYS - 1)).isoformat(), "end_date": today.isoformat(),
                  "metric_types": ",".join(METRICS)}
        totals = self.get_json(f"/v5/pins/{external_post_id}/analytics", token_set, params)["all"]["summary_metrics"]
        return PostMetrics(impressions=totals.get("IMPRESSION", 0), saves=totals.get("SAVE", 0),
                           clicks=totals.get("PIN_CLICK", 0), video_views=totals.get("VIDEO_MRC_VIEW", 0),
                           likes=totals.get("TOTAL_REACTIONS", 0), comments=totals.get("TOTAL_COMMENTS", 0))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        return [_published(pin) for pin in self._pages("/v5/pins", token_set, limit)]

    def _pages(self, path: str, token_set: TokenSet, limit: int) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        bookmark = None
        while len(items) < limit:
            params = {"page_size": min(PAGE_LIMIT, limit - len(items))} | ({"bookmark": bookmark} if bookmark else {})
            page = self.get_json(path, token_set, params)
            items += page.get("items", [])
            if not (bookmark := page.get("bookmark")):
                break
        return items[:limit]


def _image_source(images: tuple[MediaFile, ...]) -> dict[str, Any]:
    """By URL where every image has one, else the bytes in base64."""
    by_url = all(image.url for image in images)
    if len(images) == 1:
        image = images[0]
        return ({"source_type": "image_url", "url": image.url} if by_url else
                {"source_type": "image_base64", "content_type": image.mime, "data": _base64(image)})
    if by_url:
        return {"source_type": "multiple_image_urls", "items": [{"url": image.url} for image in images]}
    return {"source_type": "multiple_image_base64",
            "items": [{"content_type": image.mime, "data": _base64(image)} for image in images]}


def _base64(image: MediaFile) -> str:
    return base64.b64encode(image.read()).decode("ascii")


def _published(pin: dict[str, Any]) -> PublishedPost:
    created = parse_time(pin.get("created_at"))
    if created is not None and created.tzinfo is None:  # Pinterest writes UTC without an offset
        created = created.replace(tzinfo=UTC)
    return PublishedPost(external_id=pin["id"], url=f"https://www.pinterest.com/pin/{pin['id']}/",
                         text=pin.get("description") or "", created_at=created)


"""Facebook Pages through Facebook Login: Graph API token dance, the user's Pages (/me/accounts), and
Page posts with text, a link, photos or a video.

Also here, for the other Meta networks: Instagram and Threads pull media from public URLs into
containers that must finish processing before they publish (`require_public_urls`, `wait_for_container`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from allin_app.platforms import comment_reads
from allin_app.platforms.base import (
    ContentRejected,
    NotFound,
    OAuth2Adapter,
    PlatformError,
    PostMetrics,
    Profile,
    PublishedPost,
    TokenSet,
    Transient,
    parse_time,
)
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.posts import FIRST_COMMENT, IMAGE, IMAGES, LINK, TEXT, VIDEO, AccountMetrics
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

GRAPH_VERSION = "v19.0"
# Seconds between status reads of a media container: soon at first, then about once a minute, as Meta
# advises, for roughly five minutes in all.
CONTAINER_POLL_SECONDS = (2, 3, 5, 10, 20, 30, 60, 60, 60, 60)


def text_with_link(text: str, link: str | None) -> str:
    """Media posts have no link field on Meta's networks: the link goes at the end of the text."""
    if not link or link in text:
        return text
    return f"{text}\n\n{link}" if text else link


def require_public_urls(label: str, media: Sequence[MediaFile]) -> None:
    if missing := [item.filename for item in media if not item.url]:
        raise ContentRejected(f"{label} fetches media from a public URL, and {', '.join(missing)} has none: AllIN "
                              "needs ALLIN_PUBLIC_URL set to an address reachable from the internet.",
                              code="media_url_required")


def wait_for_container(read_status: Callable[[], tuple[str, str]], label: str, pauses: Sequence[float]) -> None:
    """Read a container's (status, detail) until it is ready to publish, pausing `pauses` seconds between reads.
    ERROR is the network refusing the media; still processing after the last read is worth a retry later."""
    for pause in (0, *pauses):
        if pause:
            time.sleep(pause)
        status, detail = read_status()
        if status == "FINISHED":
            return
        if status == "ERROR":
            raise ContentRejected(f"{label} could not use the media: {detail}", code="media_error")
        if status == "EXPIRED":
            raise Transient(f"{label}: the media container expired before it was published.")
    raise Transient(f"{label} is still processing the media; try again in a few minutes.")


class FacebookAdapter(OAuth2Adapter):
    """Real hosts: auth https://www.facebook.com, API and tokens https://graph.facebook.com."""

    network = "facebook"
    renews_without_refresh_token = True
    label = "Facebook"
    capabilities = frozenset({TEXT, LINK, IMAGE, IMAGES, VIDEO, FIRST_COMMENT})
    public_lookup = frozenset({PROFILE, POSTS})  # with Meta's Page Public Content Access feature
    # pages_manage_engagement: comment as the Page (first comments); read_insights: post insights.
    default_scopes = ("pages_show_list", "pages_manage_posts", "pages_read_engagement", "pages_manage_engagement",
                      "read_insights")
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
        """Graph has no refresh tokens: a still-valid user token is exchanged for a fresh long-lived one.
        A Page token needs nothing: taken from a long-lived user token it does not expire, and if Meta
        ends it (password change, app removed, role lost) the next call answers AuthExpired."""
        if token_set.page_token:
            return token_set
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

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        """One photo on /photos, several as unpublished photos attached to a /feed post, or a video on /videos.
        A file with a public URL is pulled by Facebook; one without is uploaded as multipart `source`."""
        page_token = self.page_token(token_set, profile_external_id)
        message = text_with_link(content.text, content.link)
        if content.videos:
            return self._publish_video(page_token, profile_external_id, content.videos[0], message, content.text)
        if len(content.media) == 1:
            answer = self._upload_photo(page_token, profile_external_id, content.media[0], message=message)
            return PublishedPost(answer["post_id"], self.post_url(answer["post_id"]), content.text)
        photo_ids = [self._upload_photo(page_token, profile_external_id, photo, published="false")["id"]
                     for photo in content.media]
        form = {"message": message} | {f"attached_media[{number}]": json.dumps({"media_fbid": photo_id})
                                       for number, photo_id in enumerate(photo_ids)}
        answer = self.call("POST", f"/{GRAPH_VERSION}/{profile_external_id}/feed", page_token, data=form).json()
        return PublishedPost(answer["id"], self.post_url(answer["id"]), content.text)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        """As the Page (needs pages_manage_engagement)."""
        answer = self.call("POST", f"/{GRAPH_VERSION}/{external_post_id}/comments",
                           self.page_token(token_set, profile_external_id), data={"message": text}).json()
        return answer["id"]

    def _upload_photo(self, page_token: str, page_id: str, photo: MediaFile, **form: str) -> dict[str, Any]:
        form |= {"alt_text_custom": photo.alt_text} if photo.alt_text else {}
        return self._upload(page_token, f"/{GRAPH_VERSION}/{page_id}/photos", photo, "url", form)

    def _publish_video(self, page_token: str, page_id: str, video: MediaFile, description: str,
                       text: str) -> PublishedPost:
        """/videos answers the video's id; the Page post it makes is read from the video (`post_id`)."""
        video_id = self._upload(page_token, f"/{GRAPH_VERSION}/{page_id}/videos", video, "file_url",
                                {"description": description})["id"]
        try:  # the post exists now: failing to read its id must not look like a failed publish
            post_id = self.call("GET", f"/{GRAPH_VERSION}/{video_id}", page_token,
                                params={"fields": "post_id"}).json().get("post_id")
        except PlatformError:
            post_id = None
        if not post_id:  # not known while Facebook still processes the video; its own id still deletes it
            return PublishedPost(video_id, f"https://www.facebook.com/{page_id}/videos/{video_id}", text)
        return PublishedPost(post_id, self.post_url(post_id), text)

    def _upload(self, page_token: str, path: str, media: MediaFile, url_field: str,
                form: dict[str, str]) -> dict[str, Any]:
        if media.url:
            return self.call("POST", path, page_token, data=form | {url_field: media.url}).json()
        with media.path.open("rb") as source:
            return self.call("POST", path, page_token, data=form,
                             files={"source": (media.filename, source, media.mime)}).json()

    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("DELETE", f"/{GRAPH_VERSION}/{external_post_id}", self.page_token(token_set, profile_external_id))

    def post_comments(self, token_set: TokenSet, profile_external_id: str, external_post_id: str,
                      limit: int = comment_reads.MAX_COMMENTS) -> list[comment_reads.PostComment]:
        return comment_reads.facebook(self, token_set, profile_external_id, external_post_id, limit)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Insights (impressions, unique impressions, clicks, video views) plus the post's reaction/comment/share
        counts. ❓ Meta is retiring `post_impressions*` in favour of `post_media_view`; swap the names when it does."""
        page_token = self.page_token(token_set, profile_external_id)
        metrics = "post_impressions,post_impressions_unique,post_clicks,post_video_views"
        insights = self.call("GET", f"/{GRAPH_VERSION}/{external_post_id}/insights", page_token,
                             params={"metric": metrics}).json()
        values = {m["name"]: int(m["values"][0]["value"]) for m in insights.get("data", [])}
        fields = "reactions.summary(total_count),comments.summary(total_count),shares"
        post = self.call("GET", f"/{GRAPH_VERSION}/{external_post_id}", page_token, params={"fields": fields}).json()
        return PostMetrics(impressions=values.get("post_impressions", 0), reach=values.get("post_impressions_unique", 0),
                           clicks=values.get("post_clicks", 0), video_views=values.get("post_video_views", 0),
                           likes=int(post.get("reactions", {}).get("summary", {}).get("total_count", 0)),
                           comments=int(post.get("comments", {}).get("summary", {}).get("total_count", 0)),
                           shares=int(post.get("shares", {}).get("count", 0)))

    def account_metrics(self, token_set: TokenSet, profile_external_id: str) -> AccountMetrics:
        """GET /{page-id}?fields=followers_count with the Page token: the token an account keeps speaks for
        the Page only, so /me/accounts (the generic way) is not open to it."""
        page = self.call("GET", f"/{GRAPH_VERSION}/{profile_external_id}", self.page_token(token_set, profile_external_id),
                         params={"fields": "id,followers_count"}).json()
        return AccountMetrics(followers=int(page.get("followers_count", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        answer = self.call("GET", f"/{GRAPH_VERSION}/{profile_external_id}/published_posts",
                           self.page_token(token_set, profile_external_id),
                           params={"fields": "id,message,created_time,permalink_url", "limit": limit}).json()
        return [PublishedPost(p["id"], p.get("permalink_url") or self.post_url(p["id"]), p.get("message", ""),
                              parse_time(p.get("created_time"))) for p in answer.get("data", [])[:limit]]

    # --- other Pages (Page Public Content Access) -----------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """GET /{page-username}: a public Page's name and followers."""
        page = self.call("GET", f"/{GRAPH_VERSION}/{bare_handle(handle)}", self.page_token(token_set, profile_external_id),
                         params={"fields": "id,name,username,fan_count,followers_count,picture"}).json()
        return PublicProfile(page["id"], page.get("username") or bare_handle(handle), page.get("name", ""),
                             page.get("picture", {}).get("data", {}).get("url", ""),
                             int(page.get("followers_count", page.get("fan_count", 0))))

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """GET /{page-id}/posts with reaction, comment and share counts, 100 a page, from `since`."""
        token = self.page_token(token_set, profile_external_id)
        page_id = self.public_profile(token_set, profile_external_id, handle).external_id
        fields = ("id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0),"
                  "comments.summary(total_count).limit(0)")
        params: dict[str, Any] = {"fields": fields, "limit": 100, "since": int(since.timestamp())}
        found: list[PublicPost] = []
        while len(found) < MAX_PUBLIC_POSTS:
            answer = self.call("GET", f"/{GRAPH_VERSION}/{page_id}/posts", token, params=params).json()
            found += [PublicPost(p["id"], p.get("permalink_url") or self.post_url(p["id"]), p.get("message", ""),
                                 parse_time(p["created_time"]),
                                 likes=int(p.get("reactions", {}).get("summary", {}).get("total_count", 0)),
                                 comments=int(p.get("comments", {}).get("summary", {}).get("total_count", 0)),
                                 shares=int(p.get("shares", {}).get("count", 0))) for p in answer.get("data", [])]
            paging = answer.get("paging", {})
            if "next" not in paging:
                break
            params["after"] = paging["cursors"]["after"]
        return found[:MAX_PUBLIC_POSTS]

    def page_token(self, token_set: TokenSet, page_id: str) -> str:
        """Pages publish with a Page token: the one the account keeps, or from /me/accounts for a user token."""
        if token_set.page_token:
            return token_set.access_token
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

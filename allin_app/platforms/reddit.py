"""Reddit: permanent OAuth grant (refresh token until revoked), HTTP Basic, and the user's profile."""

from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from datetime import datetime
from typing import Any, BinaryIO, ClassVar
from urllib.parse import urljoin
from xml.etree import ElementTree

import httpx
from PIL import Image

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
    parse_time,
    shared_client,
)
from allin_app.platforms.config import NetworkConfig
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.posts import FIRST_COMMENT, IMAGE, IMAGES, LINK, TEXT, VIDEO
from allin_app.platforms.public import MAX_PUBLIC_POSTS, POSTS, PROFILE, PublicPost, PublicProfile, bare_handle

# Reddit blocks generic User-Agents; the rules ask for <platform>:<app id>:<version>.
USER_AGENT = "server:allin:1.0 (self-hosted social media manager)"
TITLE_LIMIT = 300
GALLERY_CAPTION_LIMIT = 180
FIND_POLLS = 10  # listings read while looking for a new media post
POLL_SECONDS = 3
CLOCK_SLACK = 300  # seconds Reddit's clock may lag ours when matching a new post by its time


def split_title(text: str) -> tuple[str, str]:
    """A Reddit post needs a title: the first line, and the rest is the body. A first line over 300
    characters is cut at a word with "…" and the whole text becomes the body."""
    first, _, rest = text.strip().partition("\n")
    if len(first) <= TITLE_LIMIT:
        return first.strip(), rest.strip()
    return first[:TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip() + "…", text.strip()


def join_title(title: str, body: str) -> str:
    """The text `split_title` was given, back from a title and a body."""
    if title.endswith("…") and body:
        return body
    return f"{title}\n{body}" if body else title


class RedditAdapter(OAuth2Adapter):
    """Real hosts: auth and tokens https://www.reddit.com, API https://oauth.reddit.com."""

    network = "reddit"
    label = "Reddit"
    default_scopes = ("identity", "submit", "read")
    capabilities = frozenset({TEXT, LINK, IMAGE, IMAGES, VIDEO, FIRST_COMMENT})
    public_lookup = frozenset({PROFILE, POSTS})
    authorize_path = "/api/v1/authorize"
    token_path = "/api/v1/access_token"
    revoke_path = "/api/v1/revoke_token"
    client_auth = "basic"
    authorize_extra: ClassVar[dict[str, str]] = {"duration": "permanent"}
    pause: ClassVar = staticmethod(time.sleep)  # between listing reads; tests replace it

    def __init__(self, config: NetworkConfig | None = None, client: httpx.Client | None = None):
        super().__init__(config, client or shared_client("reddit", {"User-Agent": USER_AGENT}))
        self.http.headers["User-Agent"] = USER_AGENT

    def list_profiles(self, token_set: TokenSet) -> list[Profile]:
        me = self.get_json("/api/v1/me", token_set)
        own = me.get("subreddit") or {}
        return [Profile(external_id=me["id"], handle=f"u/{me['name']}", display_name=own.get("title") or me["name"],
                        avatar_url=me.get("icon_img", ""), followers=int(own.get("subscribers", 0)), kind="profile")]

    # --- publishing: to the user's profile (sr=u_<name>) unless options["subreddit"] names one ----------
    def publish(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                idempotency_key: str | None = None) -> PublishedPost:
        """As for every network, except that text posts too go through `_submit`, so `content.title` and
        `options["subreddit"]` apply to them. Reddit has no idempotency key (ignored)."""
        self._refuse_unsupported(content)
        post = self._submit(token_set, content)
        if content.first_comment:
            post = self._with_first_comment(token_set, profile_external_id, post, content.first_comment)
        return post

    def publish_text(self, token_set: TokenSet, profile_external_id: str, text: str, link: str | None = None,
                     idempotency_key: str | None = None, reply_to: str | None = None) -> PublishedPost:
        return self._submit(token_set, PostContent(text=text, link=link))

    def publish_media(self, token_set: TokenSet, profile_external_id: str, content: PostContent,
                      idempotency_key: str | None = None) -> PublishedPost:
        return self._submit(token_set, content)

    def add_comment(self, token_set: TokenSet, profile_external_id: str, external_post_id: str, text: str) -> str:
        answer = self.call("POST", "/api/comment", token_set.access_token,
                           data={"api_type": "json", "thing_id": f"t3_{external_post_id}", "text": text})
        data = self._checked(answer.json())
        return data["things"][0]["data"]["id"]

    def _submit(self, token_set: TokenSet, content: PostContent) -> PublishedPost:
        name = self._username(token_set)
        sr = content.options.get("subreddit") or f"u_{name}"
        if len(content.media) > 1:
            return self._submit_gallery(token_set, sr, content)
        if content.media:
            return self._submit_media(token_set, name, sr, content)
        form = {"sr": sr, "api_type": "json", "resubmit": "true"}
        if content.link:  # a link post, titled with the text
            form |= {"kind": "link", "title": (content.title or content.text).strip(), "url": content.link}
        else:
            title, body = self._title_and_body(content)
            form |= {"kind": "self", "title": title, "text": body}
        data = self._checked(self.call("POST", "/api/submit", token_set.access_token, data=form).json())
        return PublishedPost(data["id"], data["url"], content.text)

    @staticmethod
    def _title_and_body(content: PostContent) -> tuple[str, str]:
        """`content.title` when given, else the first line; a link without a link post goes in the body."""
        title, body = (content.title.strip(), content.text.strip()) if content.title else split_title(content.text)
        if content.link and content.media:
            body = f"{body}\n\n{content.link}".strip()
        return title, body

    # --- media posts ---------------------------------------------------------------------------------
    def _submit_media(self, token_set: TokenSet, name: str, sr: str, content: PostContent) -> PublishedPost:
        """kind=image (photos and GIFs) or kind=video with the uploaded file's URL. ❓ `text` under the media is
        what Reddit's site allows; its API docs only describe `text` for self posts."""
        item, (title, body) = content.media[0], self._title_and_body(content)
        with item.path.open("rb") as handle:
            url = self._upload(token_set, item.filename, item.mime, handle)[0]
        form = {"sr": sr, "api_type": "json", "resubmit": "true", "title": title, "url": url,
                "kind": "video" if item.kind == "video" else "image"}
        if item.kind == "video":
            form["video_poster_url"] = self._upload(token_set, "poster.jpg", "image/jpeg", poster_frame(item))[0]
        if body:
            form["text"] = body
        since = utcnow().timestamp()
        self._checked(self.call("POST", "/api/submit", token_set.access_token, data=form).json())
        return self._find_submitted(token_set, name, title, since, content.text)

    def _submit_gallery(self, token_set: TokenSet, sr: str, content: PostContent) -> PublishedPost:
        """POST /api/submit_gallery_post.json. Reddit has no alt text: each file's alt text becomes its
        caption (at most 180 characters); a link becomes every item's outbound URL."""
        title, body = self._title_and_body(replace(content, link=None))
        items = []
        for item in content.media:
            with item.path.open("rb") as handle:
                asset_id = self._upload(token_set, item.filename, item.mime, handle)[1]
            items.append({"media_id": asset_id, "caption": item.alt_text[:GALLERY_CAPTION_LIMIT],
                          "outbound_url": content.link or ""})
        payload = {"sr": sr, "title": title, "api_type": "json", "show_error_list": True, "items": items,
                   "sendreplies": True, "nsfw": False, "spoiler": False} | ({"text": body} if body else {})
        url = self._checked(self.call("POST", "/api/submit_gallery_post.json", token_set.access_token,
                                      json=payload).json())["url"]
        return PublishedPost(url.rstrip("/").rsplit("/", 1)[1], url, content.text)

    def _find_submitted(self, token_set: TokenSet, name: str, title: str, since: float, text: str) -> PublishedPost:
        """Reddit names a new image or video post only over a websocket, once the media is processed; AllIN
        finds it instead among the user's newest submissions, by title and time."""
        for _ in range(FIND_POLLS):
            for post in self._submitted(token_set, name, 10):
                if post["title"] == title and float(post.get("created_utc", 0)) >= since - CLOCK_SLACK:
                    return PublishedPost(post["id"], "https://www.reddit.com" + post["permalink"], text,
                                         parse_time(post.get("created_utc")))
            self.pause(POLL_SECONDS)
        raise Transient("Reddit took the post but has not listed it yet; look for it before posting it again.")

    def _upload(self, token_set: TokenSet, filename: str, mime: str, data: bytes | BinaryIO) -> tuple[str, str]:
        """The media asset lease, then the file to its bucket as a form with the lease's fields (no token: the
        lease's signed policy is the permission). Answers the file's URL and its asset id."""
        lease = self.call("POST", "/api/media/asset.json", token_set.access_token,
                          data={"filepath": filename, "mimetype": mime}).json()
        if "args" not in lease:
            self._checked(lease)
            raise PlatformError("Reddit answered the upload lease without one.")
        bucket = urljoin(self.config.api_base_url, lease["args"]["action"])  # scheme-relative: //host/...
        fields = {field["name"]: field["value"] for field in lease["args"]["fields"]}
        try:
            answer = self.http.post(bucket, data=fields, files={"file": (filename, data, mime)})
        except httpx.TransportError as exc:
            raise Transient(f"Reddit's media storage did not answer: {exc.__class__.__name__}") from exc
        if answer.status_code != 201:
            raise bucket_refusal(answer, filename)
        return f"{bucket}/{fields['key']}", lease["asset"]["asset_id"]

    # --- reading -------------------------------------------------------------------------------------
    def delete_post(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> None:
        self.call("POST", "/api/del", token_set.access_token, data={"id": f"t3_{external_post_id}"})

    def post_comments(self, token_set: TokenSet, profile_external_id: str, external_post_id: str,
                      limit: int = comment_reads.MAX_COMMENTS) -> list[comment_reads.PostComment]:
        return comment_reads.reddit(self, token_set, external_post_id, limit)

    def post_metrics(self, token_set: TokenSet, profile_external_id: str, external_post_id: str) -> PostMetrics:
        """Score and comment count; Reddit reports no impressions (view_count is null), no reach and no
        video views."""
        listing = self.get_json("/api/info", token_set, {"id": f"t3_{external_post_id}"})
        things = listing.get("data", {}).get("children", [])
        if not things or things[0]["data"].get("removed_by_category") == "deleted":
            raise NotFound(f"Reddit post {external_post_id} does not exist or was deleted.")
        post = things[0]["data"]
        return PostMetrics(impressions=int(post.get("view_count") or 0), likes=int(post.get("ups", 0)),
                           comments=int(post.get("num_comments", 0)), shares=int(post.get("num_crossposts", 0)))

    def recent_posts(self, token_set: TokenSet, profile_external_id: str, limit: int = 10) -> list[PublishedPost]:
        return [PublishedPost(p["id"], "https://www.reddit.com" + p["permalink"], join_title(p["title"], p["selftext"]),
                              parse_time(p.get("created_utc")))
                for p in self._submitted(token_set, self._username(token_set), limit)][:limit]

    def _submitted(self, token_set: TokenSet, name: str, limit: int) -> list[dict[str, Any]]:
        listing = self.get_json(f"/user/{name}/submitted", token_set, {"limit": limit})
        return [thing["data"] for thing in listing.get("data", {}).get("children", [])]

    # --- other users -------------------------------------------------------------------------------
    def public_profile(self, token_set: TokenSet, profile_external_id: str, handle: str) -> PublicProfile:
        """GET /user/:name/about: the followers of a user's profile are its profile subreddit's subscribers."""
        about = self.get_json(f"/user/{bare_handle(handle)}/about", token_set).get("data", {})
        sub = about.get("subreddit") or {}
        return PublicProfile(about["id"], about["name"], sub.get("title") or about["name"], about.get("icon_img", ""),
                             int(sub.get("subscribers", 0)))

    def public_posts(self, token_set: TokenSet, profile_external_id: str, handle: str,
                     since: datetime) -> list[PublicPost]:
        """GET /user/:name/submitted, newest first, 100 a page: score counts as likes, crossposts as shares."""
        params: dict[str, Any] = {"limit": 100, "sort": "new"}
        found: list[PublicPost] = []
        while len(found) < MAX_PUBLIC_POSTS:
            listing = self.get_json(f"/user/{bare_handle(handle)}/submitted", token_set, params).get("data", {})
            for p in (thing["data"] for thing in listing.get("children", [])):
                created = parse_time(p["created_utc"])
                if created < since:
                    return found
                found.append(PublicPost(p["id"], "https://www.reddit.com" + p["permalink"],
                                        join_title(p.get("title", ""), p.get("selftext", "")), created,
                                        likes=int(p.get("score", 0)), comments=int(p.get("num_comments", 0)),
                                        shares=int(p.get("num_crossposts", 0))))
            if not listing.get("after"):
                break
            params["after"] = listing["after"]
        return found[:MAX_PUBLIC_POSTS]

    def _username(self, token_set: TokenSet) -> str:
        return self.get_json("/api/v1/me", token_set)["name"]

    def _checked(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Reddit refuses with 200 and `json.errors`; answers `json.data` when there are none."""
        body = answer.get("json", {})
        self._raise_for_errors(body)
        return body.get("data", {})

    @staticmethod
    def _raise_for_errors(answer: dict[str, Any]) -> None:
        if not (errors := answer.get("errors")):
            return
        code, message, field = (list(errors[0]) + ["", "", ""])[:3]
        if code == "RATELIMIT":
            wait = re.search(r"(\d+) (minute|second)", message)
            seconds = int(wait.group(1)) * (60 if wait.group(2) == "minute" else 1) if wait else 600
            raise RateLimited(message, int(answer.get("ratelimit") or seconds), code=code)
        raise ContentRejected(f"{message} ({field})" if field else message, code=code)


def poster_frame(item: MediaFile) -> bytes:
    """Reddit wants a poster image with a video; AllIN extracts no frames, so it sends a plain dark frame in
    the video's proportions."""
    width, height = item.width or 1280, item.height or 720
    scale = 640 / max(width, height)
    frame = Image.new("RGB", (max(1, round(width * scale)), max(1, round(height * scale))), (24, 24, 24))
    buffer = io.BytesIO()
    frame.save(buffer, "JPEG")
    return buffer.getvalue()


def bucket_refusal(answer: httpx.Response, filename: str) -> PlatformError:
    """Reddit's media bucket (S3) refuses in XML: <Error><Code/><Message/>[<ProposedSize/><MaxSizeAllowed/>]."""
    try:
        error = ElementTree.fromstring(answer.text)
    except ElementTree.ParseError:
        error = ElementTree.Element("Error")
    code, message = error.findtext("Code"), error.findtext("Message") or answer.reason_phrase
    if answer.status_code >= 500 or code in ("SlowDown", "InternalError", "ServiceUnavailable"):
        return Transient(f"Reddit's media storage failed: {message}", code=code, status=answer.status_code)
    if proposed := error.findtext("ProposedSize"):
        message += f" ({int(proposed):,} bytes; at most {int(error.findtext('MaxSizeAllowed') or 0):,})"
    return ContentRejected(f"Reddit refused {filename}: {message}", code=code, status=answer.status_code)

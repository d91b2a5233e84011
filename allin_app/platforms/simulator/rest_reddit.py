"""Reddit in its own shapes: /api/submit (self, link, image, video), gallery posts, comments, listings, and
the media asset lease with its S3-style upload bucket.

Reddit answers most refusals with 200 and `json.errors`, a list of [code, message, field] triples.
Image and video submissions answer without the new post's id (Reddit tells it over a websocket once the
media is processed), so clients find the post in the user's submissions.
"""

from __future__ import annotations

import random
import re
import secrets
import string
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allin_app.platforms.limits import limits_for
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import describe, problems
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.networks import PUBLISH_RULES, REDDIT_TITLE_LIMIT
from allin_app.platforms.simulator.publishing import Call, endpoint, publish_wait
from allin_app.platforms.simulator.rest_shapes import (
    add_comment,
    comment_count,
    expired,
    has_video,
    mark_used,
    own_post,
)

BUCKET_PATH = "/reddit/media-uploads"  # stands in for reddit-uploaded-media.s3-accelerate.amazonaws.com
GALLERY_CAPTION_LIMIT = 180


def _errors(*errors: list[str]) -> JSONResponse:
    return JSONResponse({"json": {"errors": list(errors)}})


def _me(call: Call) -> dict[str, Any]:
    return next(x for x in store.network_profiles("reddit") if x["external_id"] == call.grant["profile_ids"][0])


def _thing(post: dict[str, Any]) -> dict[str, Any]:
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]), has_video=has_video(post))
    gone, extra = post["deleted"], post["extra"]
    kind = extra.get("kind", "link" if post["link"] else "self")
    data = {
        "id": post["id"], "name": f"t3_{post['id']}", "subreddit": extra["sr"], "title": extra["title"],
        "selftext": "[deleted]" if gone else post["text"], "author": "[deleted]" if gone else extra["author"],
        "removed_by_category": "deleted" if gone else None, "url": post["link"] or extra["url"],
        "permalink": extra["permalink"], "created_utc": post["created_at"].timestamp(),
        "score": seen.likes, "ups": seen.likes, "upvote_ratio": 0.97, "num_comments": seen.comments + comment_count(post),
        "num_crossposts": seen.shares, "view_count": None, "is_self": kind == "self", "is_video": kind == "video",
        "is_gallery": kind == "gallery"}
    if kind in ("image", "video"):
        data["post_hint"] = "image" if kind == "image" else "hosted:video"
    if kind == "gallery":
        data["gallery_data"] = {"items": [{"media_id": item["id"], "id": number, "caption": item["alt_text"]}
                                          for number, item in enumerate(extra["media"], start=1)]}
    return {"kind": "t3", "data": data}


def _listing(things: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": None, "before": None, "dist": len(things), "children": things}}


def _refused(me: dict[str, Any], title: str, text: str, sr: str) -> JSONResponse | None:
    """The checks every submission passes: title, body length, subreddit, and Reddit's "doing that a lot"."""
    if not title:
        return _errors(["NO_TEXT", "we need something here", "title"])
    if len(title) > REDDIT_TITLE_LIMIT:
        return _errors(["TOO_LONG", f"this is too long (max: {REDDIT_TITLE_LIMIT})", "title"])
    if len(text) > (limit := PUBLISH_RULES["reddit"].text_limit):
        return _errors(["TOO_LONG", f"this is too long (max: {limit})", "text"])
    if not sr:
        return _errors(["BAD_SR_NAME", "that field is required", "sr"])
    if wait := publish_wait("reddit", me["external_id"]):
        minutes = max(1, -(-wait // 60))
        message = (f"Looks like you've been doing that a lot. Take a break for {minutes} "
                   f"minute{'s' if minutes > 1 else ''} before trying again.")
        return _errors(["RATELIMIT", message, "ratelimit"])
    return None


def _create(me: dict[str, Any], sr: str, title: str, text: str, link: str | None, kind: str,
            media: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    media = media or []
    post_id = "".join(random.choices(string.digits + string.ascii_lowercase, k=7))
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:50]
    permalink = f"/r/{sr}/comments/{post_id}/{slug}/"
    url = {"image": f"https://i.redd.it/{post_id}{secrets.token_hex(4)}.jpg", "video": f"https://v.redd.it/{post_id}",
           "gallery": f"https://www.reddit.com/gallery/{post_id}"}.get(kind, f"https://www.reddit.com{permalink}")
    post = store.create_post("reddit", me["external_id"], post_id, text, link, extra={
        "sr": sr, "title": title, "author": me["handle"], "permalink": permalink, "url": url, "kind": kind,
        "media": describe(media)})
    mark_used("reddit", media, post_id)
    return post


# --- uploads: the media asset lease and the bucket --------------------------------------------


def lease(call: Call) -> Response:
    """POST /api/media/asset.json (filepath, mimetype): where and how to upload one file."""
    filepath, mimetype = str(call.params.get("filepath", "")), str(call.params.get("mimetype", ""))
    if not filepath or not mimetype.startswith(("image/", "video/")):
        return _errors(["INVALID_MEDIA_TYPE", "an image or video file is required", "mimetype"])  # ❓ the code
    asset_id = "".join(random.choices(string.ascii_lowercase + string.digits, k=13))
    key = f"{'rte_images' if mimetype.startswith('image/') else 'rte_videos'}/{asset_id}/{filepath}"
    signature = secrets.token_hex(32)
    store.create_media("reddit", _me(call)["external_id"], asset_id,
                       extra={"key": key, "mimetype": mimetype, "filepath": filepath, "signature": signature})
    fields = {"acl": "private", "key": key, "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "success_action_status": "201",
              "Content-Type": mimetype, "policy": secrets.token_urlsafe(48), "X-Amz-Signature": signature}
    return JSONResponse({
        "args": {"action": f"//{call.request.url.netloc}/sim{BUCKET_PATH}",
                 "fields": [{"name": name, "value": value} for name, value in fields.items()]},
        "asset": {"asset_id": asset_id, "processing_state": "incomplete", "payload": {"filepath": filepath},
                  "websocket_url": f"wss://ws-{secrets.token_hex(8)}.wss.redditmedia.com/rte_images/{asset_id}"}})


def _s3_error(status: int, code: str, message: str, **more: int) -> Response:
    extra = "".join(f"<{name}>{value}</{name}>" for name, value in more.items())
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{escape(message)}</Message>'
            f"{extra}<RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>")
    return Response(body, status_code=status, media_type="application/xml")


async def bucket_upload(request: Request) -> Response:
    """The S3 POST upload: the lease's fields plus `file`, checked against the lease's signature and size cap."""
    form = await request.form()
    key, upload = str(form.get("key", "")), form.get("file")
    parts = key.split("/")
    row = store.get_media("reddit", parts[1]) if len(parts) == 3 else None
    if row is None or row["extra"]["signature"] != form.get("X-Amz-Signature") or expired(row) or \
            row["state"] != "uploading" or not hasattr(upload, "read"):
        return _s3_error(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed")
    data = await upload.read()
    rule = limits_for("reddit").rules["image" if row["extra"]["mimetype"].startswith("image/") else "video"]
    if len(data) > rule.max_bytes:
        return _s3_error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
                         ProposedSize=len(data), MaxSizeAllowed=rule.max_bytes)
    store.media_path("reddit", row["id"]).write_bytes(data)
    store.probe_media("reddit", row["id"])  # "ready", or "failed" when unreadable: refused at submit
    location = f"{str(request.base_url).rstrip('/')}/sim{BUCKET_PATH}/{quote(key)}"
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse><Location>{escape(location)}</Location>'
            f"<Bucket>reddit-uploaded-media</Bucket><Key>{escape(key)}</Key><ETag>\"{secrets.token_hex(16)}\"</ETag>"
            "</PostResponse>")
    return Response(body, status_code=201, media_type="application/xml")


def _uploaded(owner: str, asset_id: str, kinds: tuple[str, ...]) -> dict[str, Any] | None:
    """The owner's uploaded, unused file of one of `kinds`; unreadable files pass, to be refused as such."""
    row = store.get_media("reddit", asset_id)
    if row is None or row["profile_id"] != owner or expired(row) or row["state"] not in ("ready", "failed"):
        return None
    return row if row["state"] == "failed" or row["kind"] in kinds else None


def _asset_of(url: str) -> str:
    key = url.partition(f"{BUCKET_PATH}/")[2].split("/")
    return key[1] if len(key) == 3 else ""


def _media_refusal(rows: list[dict[str, Any] | None], field: str) -> JSONResponse | None:
    if any(row is None for row in rows):
        return _errors(["INVALID_MEDIA", "that media was not uploaded by you, or was already used", field])
    if refusal := problems("reddit", rows):  # ❓ the code: Reddit's media refusals are undocumented
        return _errors(["INVALID_MEDIA", " ".join(refusal), field])
    return None


# --- posts ------------------------------------------------------------------------------------


def submit(call: Call) -> Response:
    p, me = call.params, _me(call)
    title, kind, sr = str(p.get("title", "")), p.get("kind"), str(p.get("sr", ""))
    text, url = str(p.get("text", "")), p.get("url")
    if refused := _refused(me, title, text, sr):
        return refused
    if kind not in ("self", "link", "image", "video") or (kind != "self" and not url):
        return _errors(["NO_URL", "that field is required", "url"])
    if kind in ("image", "video"):
        return _submit_media(call, me, kind, sr, title, text)
    post = _create(me, sr, title, text, url if kind == "link" else None, kind)
    return JSONResponse({"json": {"errors": [], "data": {"url": post["extra"]["url"], "drafts_count": 0,
                                                         "id": post["id"], "name": f"t3_{post['id']}"}}})


def _submit_media(call: Call, me: dict[str, Any], kind: str, sr: str, title: str, text: str) -> Response:
    owner = me["external_id"]
    rows = [_uploaded(owner, _asset_of(str(call.params["url"])), ("video",) if kind == "video" else ("image", "gif"))]
    if refused := _media_refusal(rows, "url"):
        return refused
    poster = []
    if kind == "video":
        poster = [_uploaded(owner, _asset_of(str(call.params.get("video_poster_url", ""))), ("image",))]
        if refused := _media_refusal(poster, "video_poster_url"):
            return refused
    post = _create(me, sr, title, text, None, kind, rows)
    mark_used("reddit", poster, post["id"])
    socket = f"wss://ws-{secrets.token_hex(8)}.wss.redditmedia.com/rte_images/{rows[0]['id']}?m={secrets.token_hex(8)}"
    return JSONResponse({"json": {"errors": [], "data": {
        "user_submitted_page": f"https://www.reddit.com/user/{me['handle']}/submitted/", "websocket_url": socket}}})


def submit_gallery(call: Call) -> Response:
    """POST /api/submit_gallery_post.json {sr, title, items: [{media_id, caption, outbound_url}], ...}."""
    p, me = call.params, _me(call)
    title, sr, text, items = str(p.get("title", "")), str(p.get("sr", "")), str(p.get("text", "")), p.get("items")
    if refused := _refused(me, title, text, sr):
        return refused
    items = items if isinstance(items, list) else []
    if any(len(str(item.get("caption", ""))) > GALLERY_CAPTION_LIMIT for item in items):
        return _errors(["TOO_LONG", f"this is too long (max: {GALLERY_CAPTION_LIMIT})", "caption"])
    rows = [_uploaded(me["external_id"], str(item.get("media_id", "")), ("image", "gif")) for item in items]
    if refused := _media_refusal(rows, "items"):
        return refused
    if len(rows) < 2:
        return _errors(["NOT_ENOUGH_ITEMS", "a gallery needs at least 2 images", "items"])  # ❓ the code
    for row, item in zip(rows, items, strict=True):
        row["extra"]["alt_text"] = str(item.get("caption", ""))
    post = _create(me, sr, title, text, None, "gallery", rows)
    return JSONResponse({"json": {"errors": [], "data": {"url": post["extra"]["url"], "id": f"t3_{post['id']}"}}})


def comment(call: Call) -> Response:
    """POST /api/comment (thing_id, text): a reply to a post."""
    text, parent = str(call.params.get("text", "")), str(call.params.get("thing_id", ""))
    if not text.strip():
        return _errors(["NO_TEXT", "we need something here", "text"])
    post = store.get_post("reddit", parent.removeprefix("t3_")) if parent.startswith("t3_") else None
    if post is None or post["deleted"]:
        return _errors(["DELETED_LINK", "the link you are commenting on has been deleted", "parent"])
    comment_id = "".join(random.choices(string.ascii_lowercase + string.digits, k=7))
    add_comment("reddit", post, {"id": comment_id, "text": text})
    data = {"id": comment_id, "name": f"t1_{comment_id}", "body": text, "link_id": parent, "parent_id": parent,
            "author": _me(call)["handle"], "permalink": f"{post['extra']['permalink']}{comment_id}/"}
    return JSONResponse({"json": {"errors": [], "data": {"things": [{"kind": "t1", "data": data}]}}})


def delete(call: Call) -> Response:
    post_id = str(call.params.get("id", "")).removeprefix("t3_")
    if own_post(call, post_id) is not None:
        store.update_post("reddit", post_id, deleted=True)
    return JSONResponse({})  # Reddit answers {} whether or not there was anything to delete


def info(call: Call) -> Response:
    ids = [i.removeprefix("t3_") for i in str(call.params.get("id", "")).split(",") if i]
    posts = [p for i in ids if (p := store.get_post("reddit", i))]
    return JSONResponse(_listing([_thing(p) for p in posts]))


def submitted(call: Call) -> Response:
    name = call.request.path_params["name"]
    me = next((x for x in store.network_profiles("reddit") if x["handle"] == name), None)
    rows = store.profile_posts("reddit", me["external_id"], int(call.params.get("limit", 25))) if me else []
    return JSONResponse(_listing([_thing(p) for p in rows]))


def add_reddit_routes(router: APIRouter) -> None:
    for path, handler, method, creates in (
        ("/reddit/api/submit", submit, "POST", True),
        ("/reddit/api/submit_gallery_post.json", submit_gallery, "POST", True),
        ("/reddit/api/comment", comment, "POST", False),
        ("/reddit/api/del", delete, "POST", False),
        ("/reddit/api/info", info, "GET", False),
        ("/reddit/user/{name}/submitted", submitted, "GET", False),
        ("/reddit/api/media/asset.json", lease, "POST", False),
    ):
        router.add_api_route(path, endpoint("reddit", handler, creates=creates), methods=[method])
    router.add_api_route(BUCKET_PATH, bucket_upload, methods=["POST"])  # S3 checks the lease, not a token

"""Facebook Page posts in Graph API shapes: text and link posts on /feed, photos (one on /photos, or
several uploaded with published=false and attached to a /feed post), videos, comments, listings and
insights. Threads is in graph_threads.py (registered from here), Instagram in graph_media.py.

Photos and videos come as a URL Facebook pulls (`url`, `file_url`) or as a multipart `source`; they
are read for what they are and refused, in Graph's error shape, when they break Facebook's limits."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.audience import followers_now
from allin_app.platforms.simulator.graph_common import (
    delete_post,
    graph_time,
    has_scope,
    insights_body,
    is_video_post,
    listing,
    missing,
    missing_permission,
    own_post,
    received_media,
    record_comment,
    seen,
    too_long,
    wanted_metrics,
)
from allin_app.platforms.simulator.graph_threads import add_threads_routes
from allin_app.platforms.simulator.media import FetchFailed, describe, problems
from allin_app.platforms.simulator.publishing import Call, endpoint, graph_error, new_id, throttle

FB = "/v19.0"
COMMENT_SCOPE = "pages_manage_engagement"  # commenting as the Page
COMMENT_LIMIT = 8000
ATTACHED_MEDIA = re.compile(r"attached_media\[(\d+)\]")
# Graph's codes for a file it cannot use: 324 "Missing or invalid image file", 352 unsupported video file.
REFUSAL_CODES = {"photo": 324, "video": 352}


def _permalink(post_id: str) -> str:
    page_id, _, story = post_id.partition("_")
    return f"https://www.facebook.com/{page_id}/posts/{story}"


def _not_the_page(call: Call, page_id: str) -> JSONResponse | None:
    if call.token_kind == "page" and call.may_act_for(page_id):
        return None
    return graph_error("(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts "
                       "as an admin with sufficient administrative permission", 200, status=403)


def _refused(kind: str, found: list[str]) -> JSONResponse:
    message = " ".join(found)
    code = REFUSAL_CODES[kind]
    return graph_error(f"(#{code}) {message}", code, error_user_title=f"Invalid {kind} file", error_user_msg=message)


def _create_post(page_id: str, message: str, link: str | None = None, rows: list[dict[str, Any]] | None = None,
                 media_type: str = "status") -> dict[str, Any]:
    """A Page post; the photos or video in it are marked used and point back at it."""
    post = store.create_post("facebook", page_id, f"{page_id}_{new_id(16)}", message, link,
                             extra={"media": describe(rows or []), "media_type": media_type})
    for row in rows or []:
        store.update_media("facebook", row["id"], state="used", extra=row["extra"] | {"post_id": post["id"]})
    return post


def _attached_photos(call: Call, page_id: str) -> tuple[list[dict[str, Any]], JSONResponse | None]:
    """The unpublished photos named by `attached_media[i]={"media_fbid": ...}`, in order."""
    entries = sorted((int(m.group(1)), value) for key, value in call.params.items()
                     if (m := ATTACHED_MEDIA.fullmatch(key)))
    rows = []
    for index, value in entries:
        try:
            fbid = str(json.loads(value)["media_fbid"])
        except (ValueError, TypeError, KeyError):
            fbid = ""
        row = store.get_media("facebook", fbid) if fbid else None
        if row is None or row["profile_id"] != page_id or row["state"] != "ready":
            return [], graph_error(f"(#100) param attached_media[{index}] has an invalid media_fbid.", 100)
        rows.append(row)
    found = problems("facebook", rows) if rows else []
    return rows, _refused("photo", found) if found else None


def fb_feed(call: Call) -> JSONResponse:
    page_id = call.request.path_params["page_id"]
    if refused := _not_the_page(call, page_id):
        return refused
    message, link = str(call.params.get("message", "")), call.params.get("link")
    rows, refused = _attached_photos(call, page_id)
    if refused:
        return refused
    if not message and not link and not rows:
        return graph_error("(#100) Missing message or attachment", 100)
    if refused := too_long(call, message, "message") or throttle(call.network, page_id):
        return refused
    post = _create_post(page_id, message, link, rows, "album" if rows else "status")
    return JSONResponse({"id": post["id"]})


async def fb_photos(call: Call) -> JSONResponse:
    """One photo: published at once as a post, or (published=false) kept for a /feed post's attached_media."""
    page_id = call.request.path_params["page_id"]
    message = str(call.params.get("message") or call.params.get("caption") or "")
    published = str(call.params.get("published", "true")).lower() != "false"
    if refused := _not_the_page(call, page_id) or too_long(call, message, "message"):
        return refused
    if published and (refused := throttle(call.network, page_id)):
        return refused
    try:
        row = await received_media(call, page_id, "url", {"alt_text": str(call.params.get("alt_text_custom", ""))})
    except FetchFailed as failure:
        return graph_error(f"(#324) Missing or invalid image file: {failure}", 324)
    if row is None:
        return graph_error("(#324) Requires upload file", 324)
    if found := problems("facebook", [row]):
        return _refused("photo", found)
    if not published:
        return JSONResponse({"id": row["id"]})
    post = _create_post(page_id, message, rows=[row], media_type="photo")
    return JSONResponse({"id": row["id"], "post_id": post["id"]})


async def fb_videos(call: Call) -> JSONResponse:
    page_id = call.request.path_params["page_id"]
    description = str(call.params.get("description", ""))
    if refused := _not_the_page(call, page_id) or too_long(call, description, "description") \
            or throttle(call.network, page_id):
        return refused
    try:
        row = await received_media(call, page_id, "file_url")
    except FetchFailed as failure:
        return graph_error(f"(#351) There was a problem downloading the video file: {failure}", 351)
    if row is None:
        return graph_error("(#100) A video needs file_url or a source upload.", 100)
    if found := problems("facebook", [row]):
        return _refused("video", found)
    _create_post(page_id, description, rows=[row], media_type="video")
    return JSONResponse({"id": row["id"]})


def fb_published_posts(call: Call) -> JSONResponse:
    page_id = call.request.path_params["page_id"]
    if not call.may_act_for(page_id):
        return missing(page_id)
    rows = store.profile_posts("facebook", page_id, int(call.params.get("limit", 25)))
    return listing([{"id": p["id"], "message": p["text"], "created_time": graph_time(p["created_at"]),
                     "permalink_url": _permalink(p["id"])} for p in rows])


def _post_body(post: dict[str, Any]) -> dict[str, Any]:
    s = seen(post)
    return {"id": post["id"], "message": post["text"], "created_time": graph_time(post["created_at"]),
            "permalink_url": _permalink(post["id"]),
            "reactions": {"data": [], "summary": {"total_count": s.likes, "viewer_reaction": "NONE"}},
            "comments": {"data": [], "summary": {"order": "ranked", "total_count": s.comments, "can_comment": True}},
            "shares": {"count": s.shares}}


def fb_node(call: Call) -> JSONResponse:
    """A post, or a photo or video node (`fields=post_id,permalink_url` gives the post it made)."""
    object_id = call.request.path_params["post_id"]
    if (post := own_post(call, object_id)) is not None:
        return JSONResponse(_post_body(post))
    if call.may_act_for(object_id) and (page := _page(object_id)) is not None:
        return JSONResponse({"id": object_id, "name": page["display_name"], "followers_count": followers_now(page),
                             "fan_count": followers_now(page)})
    media = store.get_media("facebook", object_id)
    if media is None or not call.may_act_for(media["profile_id"]):
        return missing(object_id)
    post_id = media["extra"].get("post_id")
    return JSONResponse({"id": object_id, "created_time": graph_time(media["created_at"])}
                        | ({"post_id": post_id, "permalink_url": _permalink(post_id)} if post_id else {}))


def _page(page_id: str) -> dict[str, Any] | None:
    return next((p for p in store.network_profiles("facebook") if p["external_id"] == page_id), None)


def fb_insights(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := own_post(call, post_id)) is None:
        return missing(post_id)
    s = seen(post)
    known = {"post_impressions": s.impressions, "post_impressions_unique": s.reach, "post_clicks": s.clicks,
             "post_reactions_by_type_total": s.likes, "post_video_views": s.video_views if is_video_post(post) else 0}
    wanted, unknown = wanted_metrics(call, known)
    if unknown:
        return graph_error(f"(#100) The value must be a valid insights metric: {unknown}", 100)
    return JSONResponse(insights_body(post, {m: known[m] for m in wanted}))


def fb_comment(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := own_post(call, post_id)) is None:
        return missing(post_id, "post")
    if not has_scope(call, COMMENT_SCOPE):
        return missing_permission(COMMENT_SCOPE)
    message = str(call.params.get("message", ""))
    if not message:
        return graph_error("(#100) Missing message or attachment", 100)
    if refused := too_long(call, message, "message", COMMENT_LIMIT):
        return refused
    return record_comment(post, f"{post_id.partition('_')[2]}_{new_id(16)}", message)


def add_graph_post_routes(router: APIRouter) -> None:
    fb = "/facebook" + FB
    for path, handler, method, creates in (
        ("/{page_id}/feed", fb_feed, "POST", True),
        ("/{page_id}/photos", fb_photos, "POST", True),
        ("/{page_id}/videos", fb_videos, "POST", True),
        ("/{page_id}/published_posts", fb_published_posts, "GET", False),
        ("/{post_id}/insights", fb_insights, "GET", False),
        ("/{post_id}/comments", fb_comment, "POST", False),
        ("/{post_id}", fb_node, "GET", False),
        ("/{post_id}", delete_post, "DELETE", False),
    ):
        router.add_api_route(fb + path, endpoint("facebook", handler, creates=creates,
                                                 token_kinds=("page", "access")), methods=[method])
    add_threads_routes(router)

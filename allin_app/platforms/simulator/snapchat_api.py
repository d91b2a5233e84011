"""Snapchat Public Profile content: one image or video per post, as a Story, a Saved Story or Spotlight.

Snap's Public Profile API is allowlist-only and its endpoint names are not public, so these shapes are a
best guess in the Snap Marketing API's style (to be checked against Snap's allowlisted docs): create a
media object, upload its file, then create a post that places it; Snap's `request_status` envelope with
`sub_request_status` per item, and `{"request_status": "ERROR", "display_message", "error_code"}` errors.
Snap also asks for media encrypted with AES-256-CBC before upload (🔶); the simulator takes it plain.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import describe, problems
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.publishing import Call
from allin_app.platforms.simulator.video_api import (
    DAY,
    PostCap,
    cap_wait,
    created,
    is_video,
    own_post,
    profile_row,
    snapchat_error,
    throttled,
    video_endpoint,
)

PLACEMENTS = ("STORY", "SAVED_STORY", "SPOTLIGHT")
TITLE_LIMIT, DESCRIPTION_LIMIT = 45, 160  # Saved Story title; Spotlight description, hashtags included
STORY_HOURS = 24
POST_CAP = PostCap(posts=100, window=DAY)  # ❓ Snap publishes no posting limit
STATS = ("impressions", "uniques", "video_views", "shares", "favorites", "replies")


def _envelope(key: str, item_key: str, items: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"request_status": "SUCCESS", "request_id": secrets.token_hex(12),
                         key: [{"sub_request_status": "SUCCESS", item_key: item} for item in items]})


def _invalid(message: str) -> JSONResponse:
    return snapchat_error(400, "E1001", message)


def _missing(kind: str, object_id: str) -> JSONResponse:
    return snapchat_error(404, "E1004", f"{kind} {object_id} was not found.")


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _profile(call: Call) -> str | None:
    profile_id = call.request.path_params["profile_id"]
    return profile_id if call.may_act_for(profile_id) else None


# --- media ------------------------------------------------------------------------------------


def create_media(call: Call) -> Response:
    if (profile_id := _profile(call)) is None:
        return _missing("Public profile", call.request.path_params["profile_id"])
    wanted = (call.params.get("media") or [{}])[0]
    if wanted.get("type") not in ("IMAGE", "VIDEO") or not wanted.get("name"):
        return _invalid("media[0] needs a name and a type of IMAGE or VIDEO.")
    media_id = str(uuid.uuid4())
    store.create_media("snapchat", profile_id, media_id, state="pending",
                       extra={"name": wanted["name"], "type": wanted["type"]})
    return _envelope("media", "media", [{"id": media_id, "name": wanted["name"], "type": wanted["type"],
                                         "public_profile_id": profile_id, "media_status": "PENDING_UPLOAD"}])


async def upload_media(call: Call) -> Response:
    media_id = call.request.path_params["media_id"]
    row = store.get_media("snapchat", media_id)
    if row is None or not call.may_act_for(row["profile_id"]):
        return _missing("Media", media_id)
    upload = call.params.get("file")
    if row["state"] != "pending" or upload is None or isinstance(upload, str):
        return _invalid("Upload one file, once, as the multipart field `file`.")
    data = await upload.read()
    store.append_media("snapchat", media_id, data)
    probed = store.probe_media("snapchat", media_id)
    return JSONResponse({"request_status": "SUCCESS", "request_id": secrets.token_hex(12), "result": {
        "id": media_id, "file_name": row["extra"]["name"], "file_size_in_bytes": len(data),
        "media_status": "READY" if probed["state"] == "ready" else "FAILED"}})


# --- posts ------------------------------------------------------------------------------------


def _text_problem(wanted: dict[str, Any], row: dict[str, Any]) -> str | None:
    placement = wanted.get("placement")
    if placement not in PLACEMENTS:
        return f"placement must be one of {', '.join(PLACEMENTS)}."
    title, description = str(wanted.get("title") or ""), str(wanted.get("description") or "")
    if placement == "SAVED_STORY" and not (0 < len(title) <= TITLE_LIMIT):
        return f"A Saved Story needs a title of 1 to {TITLE_LIMIT} characters."
    if placement == "SPOTLIGHT" and len(description) > DESCRIPTION_LIMIT:
        return f"A Spotlight description is at most {DESCRIPTION_LIMIT} characters, hashtags included."
    if placement == "SPOTLIGHT" and row["kind"] != "video":
        return "Spotlight takes videos only."
    return None


def create_post(call: Call) -> Response:
    if (profile_id := _profile(call)) is None:
        return _missing("Public profile", call.request.path_params["profile_id"])
    wanted = (call.params.get("posts") or [{}])[0]
    row = store.get_media("snapchat", str(wanted.get("media_id", "")))
    if row is None or row["profile_id"] != profile_id or row["state"] == "pending":
        return _invalid("media_id is not an uploaded media of this public profile.")
    if problem := " ".join(problems("snapchat", [row])) or _text_problem(wanted, row):
        return _invalid(problem)
    if wait := cap_wait("snapchat", profile_id, POST_CAP):
        return throttled("snapchat", wait)
    store.update_media("snapchat", row["id"], state="used")
    post = store.create_post("snapchat", profile_id, str(uuid.uuid4()), str(wanted.get("description") or ""),
                             extra={"placement": wanted["placement"], "title": wanted.get("title") or "",
                                    "media": describe([row]), "media_id": row["id"]})
    return created("snapchat", _envelope("posts", "post", [_post(post)]))


def _post(post: dict[str, Any]) -> dict[str, Any]:
    extra = post["extra"]
    handle = profile_row("snapchat", post["profile_id"])["handle"]
    share_url = (f"https://www.snapchat.com/spotlight/{post['id']}" if extra["placement"] == "SPOTLIGHT"
                 else f"https://www.snapchat.com/add/{handle}")
    item = {"id": post["id"], "public_profile_id": post["profile_id"], "placement": extra["placement"],
            "media_id": extra["media_id"], "title": extra["title"], "description": post["text"],
            "created_at": _time(post["created_at"]), "share_url": share_url}
    if extra["placement"] == "STORY":
        item["expires_at"] = _time(post["created_at"] + timedelta(hours=STORY_HOURS))
    return item


def _live(post: dict[str, Any]) -> bool:
    """Stories disappear a day after posting; Saved Stories and Spotlight stay."""
    return post["extra"]["placement"] != "STORY" or utcnow() - post["created_at"] < timedelta(hours=STORY_HOURS)


def list_posts(call: Call) -> Response:
    if (profile_id := _profile(call)) is None:
        return _missing("Public profile", call.request.path_params["profile_id"])
    limit = int(call.params.get("limit", 50))
    if not 1 <= limit <= 1000:
        return _invalid("limit is 1 to 1000.")
    posts = [p for p in store.profile_posts("snapchat", profile_id, 10_000) if _live(p)][:limit]
    return _envelope("posts", "post", [_post(p) for p in posts])


def delete_post(call: Call) -> Response:
    post_id = call.request.path_params["post_id"]
    if (post := own_post(call, post_id)) is None:
        return _missing("Post", post_id)
    if post["extra"]["placement"] == "STORY":
        return _invalid("A Story cannot be deleted through the API; it disappears 24 hours after posting.")
    store.update_post("snapchat", post_id, deleted=True)
    return JSONResponse({"request_status": "SUCCESS", "request_id": secrets.token_hex(12)})


def post_stats(call: Call) -> Response:
    post_id = call.request.path_params["post_id"]
    if (post := own_post(call, post_id)) is None:
        return _missing("Post", post_id)
    wanted = [f for f in str(call.params.get("fields", "")).split(",") if f] or list(STATS)
    if any(f not in STATS for f in wanted):
        return _invalid(f"fields must be some of {', '.join(STATS)}.")
    video = is_video(post)
    seen = engagement(post["id"], post["created_at"], has_video=video)
    known = {"impressions": seen.impressions, "uniques": seen.reach, "video_views": seen.video_views,
             "shares": seen.shares, "favorites": seen.likes, "replies": seen.comments}
    stat = {"id": post_id, "type": "POST", "granularity": "TOTAL", "stats": {f: known[f] for f in wanted}}
    return JSONResponse({"request_status": "SUCCESS", "request_id": secrets.token_hex(12),
                         "total_stats": [{"sub_request_status": "SUCCESS", "total_stat": stat}]})


def add_snapchat_routes(router: APIRouter) -> None:
    for path, handler, method in (("/v1/public_profiles/{profile_id}/media", create_media, "POST"),
                                  ("/v1/media/{media_id}/upload", upload_media, "POST"),
                                  ("/v1/public_profiles/{profile_id}/posts", create_post, "POST"),
                                  ("/v1/public_profiles/{profile_id}/posts", list_posts, "GET"),
                                  ("/v1/posts/{post_id}", delete_post, "DELETE"),
                                  ("/v1/posts/{post_id}/stats", post_stats, "GET")):
        router.add_api_route(f"/snapchat{path}", video_endpoint("snapchat", handler), methods=[method])

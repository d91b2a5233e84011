"""TikTok's Content Posting API v2 and the Display API's video list and query, in TikTok's envelope.

Creator info tells the creator's privacy levels and longest allowed video. A video arrives as a chunked
FILE_UPLOAD (init, then PUT chunks to `upload_url`) or by PULL_FROM_URL; photos only by URL. The post is
made once its media is complete (the last chunk, or the init that pulls), then the status endpoint says
PROCESSING once before PUBLISH_COMPLETE or FAILED, as TikTok takes a moment to process. Private
(SELF_ONLY) posts get no public post id and are left out of the video list, as on TikTok.
"""

from __future__ import annotations

import random
import re
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allin_app.platforms.base import split_scopes
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import FetchFailed, describe, fetch_into, problems
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.publishing import Call, bearer_token, new_id
from allin_app.platforms.simulator.video_api import (
    DAY,
    CallWindow,
    PostCap,
    cap_wait,
    created,
    is_video,
    profile_row,
    site_url,
    throttled,
    tiktok_envelope,
    upload_fault,
    video_endpoint,
)

PRIVACY_LEVELS = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY")
MAX_VIDEO_POST_SECONDS = 300  # the demo creator's own cap (creator_info); TikTok's ceiling is 600 s
APP_AUDITED = True  # "content posted by unaudited clients will be restricted to private viewing mode"
INIT_CALLS_PER_MINUTE = 6  # per user access token, on video/init and content/init
DAILY_CAP = PostCap(posts=15, window=DAY)  # API posts per creator a day (Ayrshare, 🔶)
MIB = 1024 * 1024
MIN_CHUNK, MAX_CHUNK, MAX_FINAL_CHUNK, MAX_CHUNKS = 5 * MIB, 64 * MIB, 128 * MIB, 1000
MAX_PHOTOS = 35
VIDEO_TEXT = {"title": 2200}
PHOTO_TEXT = {"title": 90, "description": 4000}
VIDEO_FIELDS = ("id", "create_time", "title", "video_description", "duration", "cover_image_url", "share_url",
                "embed_link", "width", "height", "view_count", "like_count", "comment_count", "share_count")

_init_calls = CallWindow()


def _invalid(message: str) -> JSONResponse:
    return tiktok_envelope({}, 400, "invalid_params", message)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _creator_id(call: Call) -> str:
    return call.grant["profile_ids"][0]


def _scope_missing(call: Call, scope: str) -> JSONResponse | None:
    if scope in split_scopes(call.grant["scopes"]):
        return None
    return tiktok_envelope({}, 401, "scope_not_authorized", f"The user did not authorize the scope {scope}.")


def _video_id() -> str:
    """TikTok's ids are int64 numbers starting with 7 these days."""
    return str(random.SystemRandom().randint(7 * 10**18, 9 * 10**18))


# --- creator info and the init checks ----------------------------------------------------------


def creator_info(call: Call) -> Response:
    creator = profile_row("tiktok", _creator_id(call))
    return tiktok_envelope({
        "creator_avatar_url": f"{site_url(call)}/sim/tiktok/avatar/{creator['handle']}.svg",
        "creator_username": creator["handle"], "creator_nickname": creator["display_name"],
        "privacy_level_options": list(PRIVACY_LEVELS), "comment_disabled": False, "duet_disabled": False,
        "stitch_disabled": True, "max_video_post_duration_sec": MAX_VIDEO_POST_SECONDS})


def _refusal(call: Call, post_info: dict[str, Any], text_limits: dict[str, int]) -> Response | None:
    """What TikTok refuses on an init before looking at any media: rate, daily cap, privacy, text lengths."""
    token = bearer_token(call.request, call.params)
    if wait := _init_calls.wait(token, INIT_CALLS_PER_MINUTE, 60):
        return throttled("tiktok", wait)
    _init_calls.record(token)
    if refused := _scope_missing(call, "video.publish"):
        return refused
    if cap_wait("tiktok", _creator_id(call), DAILY_CAP):
        return tiktok_envelope({}, 403, "spam_risk_too_many_posts",
                               "The daily post cap from the API is reached for the current user.")
    privacy = post_info.get("privacy_level")
    if privacy not in PRIVACY_LEVELS:
        return tiktok_envelope({}, 400, "privacy_level_option_mismatch",
                               f"privacy_level {privacy!r} is not one of the creator's privacy_level_options.")
    if privacy != "SELF_ONLY" and not APP_AUDITED:
        return tiktok_envelope({}, 403, "unaudited_client_can_only_post_to_private_accounts",
                               "Unaudited clients can only post to a private account: use SELF_ONLY.")
    for field, limit in text_limits.items():
        if _utf16_length(str(post_info.get(field) or "")) > limit:
            return _invalid(f"post_info.{field} is longer than {limit} characters.")
    return None


def _chunk_problem(size: Any, chunk: Any, count: Any) -> str | None:
    """TikTok's chunk rules (Media Transfer Guide)."""
    if not all(isinstance(n, int) and n > 0 for n in (size, chunk, count)):
        return "source_info needs video_size, chunk_size and total_chunk_count for FILE_UPLOAD."
    if size < MIN_CHUNK:
        return None if chunk == size and count == 1 else "A video under 5 MB is sent whole: chunk_size = video_size."
    if not MIN_CHUNK <= chunk <= MAX_CHUNK:
        return "chunk_size must be between 5 MB and 64 MB."
    if count != size // chunk or count > MAX_CHUNKS:
        return "total_chunk_count must be video_size / chunk_size rounded down (at most 1000)."
    if size - chunk * (count - 1) > MAX_FINAL_CHUNK:
        return "The final chunk may not exceed 128 MB."
    return None


# --- publish tasks: a posts row (published=False) per publish_id -----------------------------------


def _new_task(call: Call, prefix: str, media_type: str, post_info: dict[str, Any], text: str,
              **extra: Any) -> dict[str, Any]:
    publish_id = f"{prefix}~v2-1.{_video_id()}"
    return store.create_post("tiktok", _creator_id(call), publish_id, text, published=False, extra={
        "task": True, "media_type": media_type, "post_info": post_info, "status": "PROCESSING_UPLOAD",
        "polls": 0, **extra})


def _fail_reason(problem: str) -> str:
    """TikTok reports a refusal as a fail_reason code; pick the one that fits the rule that was broken."""
    if "lasts" in problem or "may post at most" in problem:
        return "duration_check_failed"
    if re.search(r"px|ratio|pixels", problem):
        return "picture_size_check_failed"
    return "file_format_check_failed"


def _finish(task: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """The media is all there: refuse it as TikTok would, or make the post."""
    refusals = problems("tiktok", rows) + [
        f"TikTok: the video lasts {row['duration']:.0f} s; this creator may post at most {MAX_VIDEO_POST_SECONDS} s."
        for row in rows if row["kind"] == "video" and (row["duration"] or 0) > MAX_VIDEO_POST_SECONDS]
    extra = task["extra"]
    if refusals:
        extra |= {"status": "FAILED", "fail_reason": _fail_reason(refusals[0]), "problems": refusals}
    else:
        post_id = _video_id()
        info = extra["post_info"]
        store.create_post("tiktok", task["profile_id"], post_id, task["text"], extra={
            "media": describe(rows), "title": info.get("title", "") if extra["media_type"] == "PHOTO" else "",
            "privacy": info["privacy_level"], "media_type": extra["media_type"], "publish_id": task["id"]})
        extra |= {"status": "PUBLISH_COMPLETE", "post_id": post_id}
    store.update_post("tiktok", task["id"], extra=extra)


async def _pull(task: dict[str, Any], urls: list[str], reason: str) -> list[dict[str, Any]] | None:
    rows = []
    for url in urls:
        try:
            rows.append(await fetch_into("tiktok", task["profile_id"], str(url)))
        except FetchFailed as failure:
            store.update_post("tiktok", task["id"], extra=task["extra"] | {
                "status": "FAILED", "fail_reason": reason, "problems": [str(failure)]})
            return None
    return rows


# --- init, upload, status --------------------------------------------------------------------------


async def video_init(call: Call) -> Response:
    post_info, source = call.params.get("post_info") or {}, call.params.get("source_info") or {}
    if refused := _refusal(call, post_info, VIDEO_TEXT):
        return refused
    caption = str(post_info.get("title") or "")
    if source.get("source") == "FILE_UPLOAD":
        return _open_upload(call, post_info, source, caption)
    if source.get("source") != "PULL_FROM_URL" or not source.get("video_url"):
        return _invalid("source_info.source must be FILE_UPLOAD, or PULL_FROM_URL with a video_url.")
    task = _new_task(call, "v_pub_url", "VIDEO", post_info, caption, pulled=True)
    if rows := await _pull(task, [source["video_url"]], "video_pull_failed"):
        _finish(task, rows)
    return created("tiktok", tiktok_envelope({"publish_id": task["id"]}))


def _open_upload(call: Call, post_info: dict[str, Any], source: dict[str, Any], caption: str) -> Response:
    size, chunk, count = source.get("video_size"), source.get("chunk_size"), source.get("total_chunk_count")
    if problem := _chunk_problem(size, chunk, count):
        return _invalid(problem)
    upload_id, upload_token = new_id(17), secrets.token_urlsafe(16)
    task = _new_task(call, "v_pub_file", "VIDEO", post_info, caption, upload_id=upload_id, video_size=size,
                     chunk_size=chunk, total_chunk_count=count)
    store.create_media("tiktok", task["profile_id"], upload_id, extra={
        "publish_id": task["id"], "upload_token": upload_token, "grant_id": call.grant["id"]})
    upload_url = f"{site_url(call)}/sim/tiktok/upload/video/?upload_id={upload_id}&upload_token={upload_token}"
    return tiktok_envelope({"publish_id": task["id"], "upload_url": upload_url})


def _content_range(header: str) -> tuple[int, int, int] | None:
    found = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", header.strip())
    return (int(found[1]), int(found[2]), int(found[3])) if found else None


async def upload_chunk(request: Request) -> Response:
    """PUT one chunk to the upload_url: 206 while parts are missing, 201 once the video is complete."""
    upload_id = request.query_params.get("upload_id", "")
    upload = store.get_media("tiktok", upload_id)
    if upload is None or not secrets.compare_digest(upload["extra"]["upload_token"],
                                                    request.query_params.get("upload_token", "")):
        return tiktok_envelope({}, 404, "invalid_params", "The upload_url is not valid or has expired.")
    if refused := upload_fault("tiktok", upload["extra"]["grant_id"]):
        return refused
    task = store.get_post("tiktok", upload["extra"]["publish_id"])
    size, chunk, count = (task["extra"][k] for k in ("video_size", "chunk_size", "total_chunk_count"))
    body, span = await request.body(), _content_range(request.headers.get("content-range", ""))
    index = min(upload["size"] // chunk, count - 1)
    expected = size - chunk * (count - 1) if index == count - 1 else chunk
    if span is None or span[2] != size or span[0] != upload["size"] or len(body) != expected \
            or span[1] - span[0] + 1 != len(body):
        return Response(status_code=416, headers={"content-range": f"bytes */{size}"})
    if store.append_media("tiktok", upload_id, body) < size:
        return Response(status_code=206)
    _finish(task, [store.probe_media("tiktok", upload_id)])
    return created("tiktok", Response(status_code=201))


async def content_init(call: Call) -> Response:
    p = call.params
    post_info, source = p.get("post_info") or {}, p.get("source_info") or {}
    if refused := _refusal(call, post_info, PHOTO_TEXT):
        return refused
    images = source.get("photo_images") or []
    if p.get("media_type") != "PHOTO" or p.get("post_mode") != "DIRECT_POST":
        return _invalid("media_type must be PHOTO and post_mode DIRECT_POST.")
    if source.get("source") != "PULL_FROM_URL" or not 1 <= len(images) <= MAX_PHOTOS:
        return _invalid(f"Photos come by PULL_FROM_URL, 1 to {MAX_PHOTOS} photo_images.")
    if not 0 <= int(source.get("photo_cover_index", 0)) < len(images):
        return _invalid("photo_cover_index is outside photo_images.")
    task = _new_task(call, "p_pub_url", "PHOTO", post_info, str(post_info.get("description") or ""), pulled=True)
    if rows := await _pull(task, images, "photo_pull_failed"):
        _finish(task, rows)
    return created("tiktok", tiktok_envelope({"publish_id": task["id"]}))


def status_fetch(call: Call) -> Response:
    publish_id = str(call.params.get("publish_id", ""))
    task = store.get_post("tiktok", publish_id)
    if task is None or not task["extra"].get("task") or not call.may_act_for(task["profile_id"]):
        return _invalid(f"publish_id {publish_id!r} was not found for this user.")
    extra = task["extra"]
    processing = "PROCESSING_DOWNLOAD" if extra.get("pulled") else "PROCESSING_UPLOAD"
    status = extra["status"] if extra["polls"] else processing
    store.update_post("tiktok", publish_id, extra=extra | {"polls": extra["polls"] + 1})
    data: dict[str, Any] = {"status": status}
    if extra.get("upload_id"):
        data["uploaded_bytes"] = (store.get_media("tiktok", extra["upload_id"]) or {}).get("size", 0)
    if status == "FAILED":
        data["fail_reason"] = extra["fail_reason"]
    if status == "PUBLISH_COMPLETE":
        public = extra["post_info"]["privacy_level"] != "SELF_ONLY"
        data["publicaly_available_post_id"] = [int(extra["post_id"])] if public else []
    return tiktok_envelope(data)


# --- the Display API: list and query ---------------------------------------------------------------


def _public_posts(creator_id: str) -> list[dict[str, Any]]:
    return [p for p in store.profile_posts("tiktok", creator_id, 1000) if p["extra"].get("privacy") != "SELF_ONLY"]


def _fields(call: Call) -> list[str] | None:
    wanted = [f for f in str(call.params.get("fields", "")).split(",") if f]
    return wanted if wanted and all(f in VIDEO_FIELDS for f in wanted) else None


def _video(post: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    handle = profile_row("tiktok", post["profile_id"])["handle"]
    video = is_video(post)
    first = post["extra"]["media"][0]
    seen = engagement(post["id"], post["created_at"], has_video=video)
    kind = "video" if video else "photo"
    full = {"id": post["id"], "create_time": int(post["created_at"].timestamp()), "title": post["extra"]["title"],
            "video_description": post["text"], "duration": int(first["duration"] or 0) if video else 0,
            "cover_image_url": f"https://p16-sign.tiktokcdn-us.com/obj/{post['id']}~tplv-cover.jpeg", "share_url": f"https://www.tiktok.com/@{handle}/{kind}/{post['id']}",
            "embed_link": f"https://www.tiktok.com/player/v1/{post['id']}", "width": first["width"],
            "height": first["height"], "view_count": seen.video_views if video else seen.impressions,
            "like_count": seen.likes, "comment_count": seen.comments, "share_count": seen.shares}
    return {field: full[field] for field in fields}


def video_list(call: Call) -> Response:
    fields, count, cursor = _fields(call), int(call.params.get("max_count", 10)), int(call.params.get("cursor", 0))
    if refused := _scope_missing(call, "video.list"):
        return refused
    if fields is None or not 1 <= count <= 20:
        return _invalid(f"fields must name some of {', '.join(VIDEO_FIELDS)}; max_count is 1 to 20.")
    posts = _public_posts(_creator_id(call))
    page = posts[cursor:cursor + count]
    return tiktok_envelope({"videos": [_video(p, fields) for p in page], "cursor": cursor + len(page),
                            "has_more": cursor + len(page) < len(posts)})


def video_query(call: Call) -> Response:
    fields, ids = _fields(call), [str(i) for i in (call.params.get("filters") or {}).get("video_ids") or []]
    if refused := _scope_missing(call, "video.list"):
        return refused
    if fields is None or not 1 <= len(ids) <= 20:
        return _invalid("fields are required, and filters.video_ids takes 1 to 20 ids.")
    mine = {p["id"]: p for p in _public_posts(_creator_id(call))}
    return tiktok_envelope({"videos": [_video(mine[i], fields) for i in ids if i in mine]})


def add_tiktok_routes(router: APIRouter) -> None:
    for path, handler in (("/v2/post/publish/creator_info/query/", creator_info),
                          ("/v2/post/publish/video/init/", video_init),
                          ("/v2/post/publish/content/init/", content_init),
                          ("/v2/post/publish/status/fetch/", status_fetch),
                          ("/v2/video/list/", video_list), ("/v2/video/query/", video_query)):
        router.add_api_route(f"/tiktok{path}", video_endpoint("tiktok", handler), methods=["POST"])
    router.add_api_route("/tiktok/upload/video/", upload_chunk, methods=["PUT"])

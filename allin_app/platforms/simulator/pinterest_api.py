"""Pinterest API v5 boards, Pins, video media and Pin analytics, with Pinterest's `{"code", "message"}` errors.

Images come by URL (Pinterest fetches them while it creates the Pin) or as base64; a carousel is 2 to 5
images of one size. A video is registered (`POST /v5/media`), sent as a multipart form with the
`upload_parameters` it came with (to S3 in real life), processed (`GET /v5/media/{id}` says "processing"
once), then pinned by `video_id`. The error codes (1 invalid, 8 rate limit, 50 Pin not found) are the
ones seen in Pinterest's answers; its docs list only the HTTP statuses (❓).
"""

from __future__ import annotations

import base64
import binascii
import random
import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import FetchFailed, describe, fetch_into, problems
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.publishing import Call, new_id
from allin_app.platforms.simulator.video_api import (
    PostCap,
    cap_wait,
    created,
    is_video,
    own_post,
    pinterest_error,
    profile_row,
    site_url,
    throttled,
    upload_fault,
    video_endpoint,
)

BOARD_NAMES = ("Coffee at home", "Café interiors", "Seasonal menu")
PIN_CAP = PostCap(posts=100, window=1)  # 🔶 about 100 calls a second per user and app
TEXT_LIMITS = {"title": 100, "description": 500, "link": 2048, "alt_text": 500}
CAROUSEL = (2, 5)
METRICS = ("IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK", "VIDEO_MRC_VIEW", "TOTAL_REACTIONS",
           "TOTAL_COMMENTS")
ANALYTICS_DAYS = 90


def _invalid(message: str) -> JSONResponse:
    return pinterest_error(400, 1, message)


def _owner(call: Call) -> str:
    return call.grant["profile_ids"][0]


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")  # Pinterest's own: UTC without an offset


def boards_of(profile_id: str) -> list[dict[str, Any]]:
    """The demo account's boards: the same ids on every run."""
    owner = profile_row("pinterest", profile_id)["handle"]
    return [{"id": str(random.Random(f"{profile_id}:{name}").randint(10**17, 10**18 - 1)), "name": name,
             "description": "", "privacy": "PUBLIC", "owner": {"username": owner}, "pin_count": 40 + 17 * n,
             "follower_count": 120 + 31 * n, "created_at": "2024-03-01T09:30:00"}
            for n, name in enumerate(BOARD_NAMES)]


def _bookmark(offset: int, total: int) -> str | None:
    return base64.urlsafe_b64encode(str(offset).encode()).decode() if offset < total else None


def _offset(bookmark: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(bookmark.encode()).decode()) if bookmark else 0
    except (ValueError, binascii.Error):
        return -1


def _page(call: Call, items: list[dict[str, Any]]) -> Response:
    size, offset = int(call.params.get("page_size", 25)), _offset(str(call.params.get("bookmark", "")))
    if not 1 <= size <= 250 or offset < 0:
        return _invalid("page_size is 1 to 250 and bookmark must come from a previous answer.")
    return JSONResponse({"items": items[offset:offset + size], "bookmark": _bookmark(offset + size, len(items))})


def list_boards(call: Call) -> Response:
    return _page(call, boards_of(_owner(call)))


# --- video media ------------------------------------------------------------------------------


def register_media(call: Call) -> Response:
    if call.params.get("media_type") != "video":
        return _invalid("media_type must be video.")
    media_id, signature = new_id(19), secrets.token_hex(32)
    key = f"uploads/{secrets.token_hex(2)}/{secrets.token_hex(2)}/{media_id}"
    store.create_media("pinterest", _owner(call), media_id, state="registered",
                       extra={"key": key, "signature": signature, "grant_id": call.grant["id"], "polls": 0})
    parameters = {"x-amz-date": utcnow().strftime("%Y%m%dT%H%M%SZ"), "x-amz-signature": signature,
                  "x-amz-security-token": secrets.token_urlsafe(48), "x-amz-algorithm": "AWS4-HMAC-SHA256",
                  "key": key, "policy": base64.b64encode(b'{"conditions": []}').decode(),
                  "x-amz-credential": f"ASIA{secrets.token_hex(8).upper()}/us-east-1/s3/aws4_request",
                  "Content-Type": "multipart/form-data"}
    return JSONResponse({"media_id": media_id, "media_type": "video", "upload_parameters": parameters,
                         "upload_url": f"{site_url(call)}/sim/pinterest/media-upload/"}, status_code=201)


def _s3_denied(message: str) -> Response:
    return Response(f"<Error><Code>AccessDenied</Code><Message>{message}</Message></Error>", status_code=403,
                    media_type="application/xml")


async def s3_upload(request: Request) -> Response:
    """The S3 POST form: the parameters Pinterest handed out, then the file; 204 when stored."""
    form = await request.form()
    media_id = str(form.get("key", "")).rsplit("/", 1)[-1]
    row = store.get_media("pinterest", media_id)
    if row is None or row["state"] != "registered" or form.get("x-amz-signature") != row["extra"]["signature"]:
        return _s3_denied("Invalid according to Policy: Policy Condition failed")
    if refused := upload_fault("pinterest", row["extra"]["grant_id"]):
        return refused
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return _s3_denied("The request has no file field.")
    store.append_media("pinterest", media_id, await upload.read())
    store.probe_media("pinterest", media_id)
    return Response(status_code=204)


def media_status(call: Call) -> Response:
    row = store.get_media("pinterest", call.request.path_params["media_id"])
    if row is None or not call.may_act_for(row["profile_id"]) or "signature" not in row["extra"]:
        return pinterest_error(404, 3, "Media not found.")
    status = {"registered": "registered", "ready": "succeeded", "failed": "failed", "used": "succeeded"}[row["state"]]
    if status != "registered" and not row["extra"]["polls"]:
        status = "processing"
        store.update_media("pinterest", row["id"], extra=row["extra"] | {"polls": 1})
    return JSONResponse({"media_id": row["id"], "media_type": "video", "status": status})


# --- Pins -------------------------------------------------------------------------------------


async def _fetched(profile_id: str, urls: list[Any]) -> list[dict[str, Any]] | JSONResponse:
    rows = []
    for url in urls:
        try:
            rows.append(await fetch_into("pinterest", profile_id, str(url)))
        except FetchFailed:
            return _invalid(f"Sorry, we could not fetch the image at {url}.")
    return rows


def _decoded(profile_id: str, items: list[dict[str, Any]]) -> list[dict[str, Any]] | JSONResponse:
    rows = []
    for item in items:
        try:
            data = base64.b64decode(str(item.get("data", "")), validate=True)
        except binascii.Error:
            return _invalid("media_source data is not valid base64.")
        media_id = new_id(19)
        store.create_media("pinterest", profile_id, media_id, data=data)
        rows.append(store.probe_media("pinterest", media_id))
    return rows


def _video(profile_id: str, source: dict[str, Any]) -> list[dict[str, Any]] | JSONResponse:
    row = store.get_media("pinterest", str(source.get("media_id", "")))
    if row is None or row["profile_id"] != profile_id or row["state"] not in ("ready", "failed"):
        return _invalid("media_id is not an uploaded video of this account.")
    if not any(source.get(k) is not None for k in ("cover_image_url", "cover_image_data", "cover_image_key_frame_time")):
        return _invalid("A video Pin needs cover_image_url, cover_image_data or cover_image_key_frame_time.")
    store.update_media("pinterest", row["id"], state="used")
    return [row]


async def _media_rows(profile_id: str, source: dict[str, Any]) -> list[dict[str, Any]] | JSONResponse:
    kind, items = source.get("source_type"), source.get("items") or []
    if kind in ("multiple_image_urls", "multiple_image_base64") and len(items) < CAROUSEL[0]:
        return _invalid(f"A carousel Pin takes {CAROUSEL[0]} to {CAROUSEL[1]} images.")
    if kind == "image_url":
        return await _fetched(profile_id, [source.get("url")])
    if kind == "multiple_image_urls":
        return await _fetched(profile_id, [item.get("url") for item in items])
    if kind == "image_base64":
        return _decoded(profile_id, [source])
    if kind == "multiple_image_base64":
        return _decoded(profile_id, items)
    if kind == "video_id":
        return _video(profile_id, source)
    return _invalid("media_source.source_type must be image_url, image_base64, multiple_image_urls, "
                    "multiple_image_base64 or video_id.")


def _pin_refusal(call: Call, owner: str) -> Response | None:
    p = call.params
    if p.get("board_id") not in {board["id"] for board in boards_of(owner)}:
        return _invalid(f"Invalid board_id {p.get('board_id')!r}: not a board of this account.")
    for field, limit in TEXT_LIMITS.items():
        if len(str(p.get(field) or "")) > limit:
            return _invalid(f"Invalid parameters: {field} is longer than {limit:,} characters.")
    wait = cap_wait("pinterest", owner, PIN_CAP)
    return throttled("pinterest", wait) if wait else None


async def create_pin(call: Call) -> Response:
    owner = _owner(call)
    if refused := _pin_refusal(call, owner):
        return refused
    source = call.params.get("media_source") or {}
    rows = await _media_rows(owner, source)
    if isinstance(rows, JSONResponse):
        return rows
    if refusal := problems("pinterest", rows):
        return _invalid(f"Invalid Pin media: {' '.join(refusal)}")
    media_type = {"video_id": "video", "multiple_image_urls": "multiple_images",
                  "multiple_image_base64": "multiple_images"}.get(source["source_type"], "image")
    p = call.params
    post = store.create_post("pinterest", owner, new_id(18), str(p.get("description") or ""), p.get("link"), extra={
        "board_id": p["board_id"], "title": p.get("title") or "", "alt_text": p.get("alt_text") or "",
        "media_type": media_type, "media": describe(rows), "cover_image_url": source.get("cover_image_url")})
    return created("pinterest", JSONResponse(_pin(post), status_code=201))


def _pin(post: dict[str, Any]) -> dict[str, Any]:
    extra = post["extra"]
    images = [{"600x": {"url": m.get("url") or f"https://i.pinimg.com/600x/{post['id']}.jpg",
                        "width": m["width"], "height": m["height"]}} for m in extra["media"]]
    media: dict[str, Any] = {"media_type": extra["media_type"]}
    if extra["media_type"] == "video":
        first = extra["media"][0]
        media |= {"cover_image_url": extra.get("cover_image_url") or "", "duration": (first["duration"] or 0) * 1000,
                  "width": first["width"], "height": first["height"]}
    elif extra["media_type"] == "multiple_images":
        media["items"] = [{"item_type": "image", "images": image} for image in images]
    else:
        media["images"] = images[0]
    return {"id": post["id"], "created_at": _time(post["created_at"]), "link": post["link"],
            "title": extra["title"], "description": post["text"], "alt_text": extra["alt_text"],
            "board_id": extra["board_id"], "board_section_id": None, "dominant_color": "#b4783c",
            "board_owner": {"username": profile_row("pinterest", post["profile_id"])["handle"]},
            "media": media, "parent_pin_id": None, "is_owner": True, "is_standard": True, "has_been_promoted": False,
            "creative_type": {"video": "VIDEO", "multiple_images": "CAROUSEL"}.get(extra["media_type"], "REGULAR")}


def _missing_pin(pin_id: str) -> JSONResponse:
    return pinterest_error(404, 50, f"Pin not found: {pin_id}.")


def delete_pin(call: Call) -> Response:
    pin_id = call.request.path_params["pin_id"]
    if own_post(call, pin_id) is None:
        return _missing_pin(pin_id)
    store.update_post("pinterest", pin_id, deleted=True)
    return Response(status_code=204)


def list_pins(call: Call) -> Response:
    return _page(call, [_pin(post) for post in store.profile_posts("pinterest", _owner(call), 10_000)])


# --- analytics --------------------------------------------------------------------------------


def _counters(post: dict[str, Any], moment: datetime) -> dict[str, int]:
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]), has_video=is_video(post),
                      now=moment)
    return {"IMPRESSION": seen.impressions, "SAVE": seen.saves, "PIN_CLICK": seen.clicks,
            "OUTBOUND_CLICK": seen.clicks // 2 if post["link"] else 0, "VIDEO_MRC_VIEW": seen.video_views,
            "TOTAL_REACTIONS": seen.likes, "TOTAL_COMMENTS": seen.comments}


def _between(post: dict[str, Any], first: date, last: date, wanted: list[str]) -> dict[str, int]:
    """What the metrics grew by from the start of `first` to the end of `last` (or now), UTC days."""
    start = datetime.combine(first, time(), UTC)
    end = min(datetime.combine(last + timedelta(days=1), time(), UTC), utcnow())
    before, after = _counters(post, start), _counters(post, end)
    return {name: max(0, after[name] - before[name]) for name in wanted}


def _dates(call: Call) -> tuple[date, date] | None:
    try:
        first, last = (date.fromisoformat(str(call.params.get(k, ""))) for k in ("start_date", "end_date"))
    except ValueError:
        return None
    today = utcnow().date()
    return (first, last) if today - timedelta(days=ANALYTICS_DAYS) <= first <= last <= today else None


def pin_analytics(call: Call) -> Response:
    pin_id = call.request.path_params["pin_id"]
    if (post := own_post(call, pin_id)) is None:
        return _missing_pin(pin_id)
    span, wanted = _dates(call), [m for m in str(call.params.get("metric_types", "")).split(",") if m]
    if span is None:
        return _invalid(f"start_date and end_date (YYYY-MM-DD) are required, at most {ANALYTICS_DAYS} days back.")
    if not wanted or any(m not in METRICS for m in wanted):
        return _invalid(f"metric_types must be some of {', '.join(METRICS)}.")
    days = [span[0] + timedelta(days=n) for n in range((span[1] - span[0]).days + 1)]
    daily = [{"date": day.isoformat(), "data_status": "READY", "metrics": _between(post, day, day, wanted)}
             for day in days]
    lifetime = _counters(post, utcnow())
    return JSONResponse({"all": {"daily_metrics": daily, "summary_metrics": _between(post, *span, wanted),
                                 "lifetime_metrics": {name: lifetime[name] for name in wanted}}})


def add_pinterest_routes(router: APIRouter) -> None:
    for path, handler, method in (("/v5/boards", list_boards, "GET"), ("/v5/media", register_media, "POST"),
                                  ("/v5/media/{media_id}", media_status, "GET"), ("/v5/pins", create_pin, "POST"),
                                  ("/v5/pins", list_pins, "GET"), ("/v5/pins/{pin_id}", delete_pin, "DELETE"),
                                  ("/v5/pins/{pin_id}/analytics", pin_analytics, "GET")):
        router.add_api_route(f"/pinterest{path}", video_endpoint("pinterest", handler), methods=[method])
    router.add_api_route("/pinterest/media-upload/", s3_upload, methods=["POST"])

"""Media uploads for X (the v2 media endpoints: one-shot for images; initialize, append, finalize and
STATUS for GIFs and videos; alt text through metadata), and the routes of every upload endpoint:
LinkedIn's are in `rest_linkedin_media.py`, Reddit's with its posts in `rest_reddit.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.platforms.base import split_scopes
from allin_app.platforms.content import MediaKind
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import problems
from allin_app.platforms.simulator.publishing import Call, endpoint, new_id
from allin_app.platforms.simulator.rest_linkedin_media import LINKEDIN_UPLOAD_ROUTES
from allin_app.platforms.simulator.rest_shapes import (
    MEDIA_TTL,
    advance_processing,
    after_upload,
    declared_problems,
    expired,
    usable_media,
    x_invalid,
    x_problem,
)

X_CATEGORIES: dict[str, MediaKind] = {"tweet_image": "image", "tweet_gif": "gif", "tweet_video": "video"}
X_KEY_PREFIX = {"image": "3", "gif": "16", "video": "7"}  # media_key = <type>_<media id>


# --- X ----------------------------------------------------------------------------------------


def _x_owner(call: Call) -> str:
    return call.grant["profile_ids"][0]


def _x_scope_missing(call: Call) -> JSONResponse | None:
    if "media.write" in split_scopes(call.grant["scopes"]):
        return None
    return x_problem(403, "Forbidden", "Uploading media needs the media.write scope, which this token was not granted.")


def _x_data(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "media_key": row["extra"]["media_key"], "size": row["size"],
            "expires_after_secs": int(MEDIA_TTL.total_seconds())}


def _x_own_media(call: Call, media_id: str) -> tuple[dict[str, Any] | None, JSONResponse | None]:
    row = store.get_media("twitter", media_id)
    if row is None or row["profile_id"] != _x_owner(call):
        return None, x_invalid(f"Media id {media_id} does not exist or does not belong to this user.")
    if expired(row):
        return None, x_invalid(f"Media id {media_id} has expired; upload the file again.")
    return row, None


def _x_session(call: Call) -> tuple[dict[str, Any] | None, JSONResponse | None]:
    """The caller's open upload session named in the path, or X's refusal."""
    if refused := _x_scope_missing(call):
        return None, refused
    row, refused = _x_own_media(call, call.request.path_params["media_id"])
    if row is not None and row["state"] != "uploading":
        return None, x_invalid(f"The upload of media id {row['id']} is already finalized.")
    return row, refused


async def x_upload_image(call: Call) -> Response:
    """POST /2/media/upload: the one-shot upload, for images only (media_category tweet_image)."""
    if refused := _x_scope_missing(call):
        return refused
    upload, category = call.params.get("media"), str(call.params.get("media_category", "tweet_image"))
    if not hasattr(upload, "read"):
        return x_invalid("The media field (the file, as multipart form data) is required.")
    if category != "tweet_image":
        return x_invalid(f"media_category {category} needs the chunked upload (initialize, append, finalize).")
    media_id = new_id(19)
    row = store.create_media("twitter", _x_owner(call), media_id, data=await upload.read(),
                             extra={"category": category, "media_key": f"3_{media_id}"})
    if refusal := after_upload("twitter", row, ("image",), processes=False):
        return x_invalid(refusal)
    row = store.get_media("twitter", media_id) or row
    image = {"image_type": row["mime"], "w": row["width"], "h": row["height"]}
    return JSONResponse({"data": _x_data(row) | {"image": image}})


def x_initialize(call: Call) -> Response:
    if refused := _x_scope_missing(call):
        return refused
    category, mime = str(call.params.get("media_category", "")), str(call.params.get("media_type", ""))
    total = str(call.params.get("total_bytes", ""))
    if category not in X_CATEGORIES or not total.isdigit() or int(total) <= 0:
        return x_invalid(f"media_category must be one of {', '.join(X_CATEGORIES)}, and total_bytes a positive number.")
    kind, media_id = X_CATEGORIES[category], new_id(19)
    if refusal := declared_problems("twitter", media_id, kind, mime, int(total)):
        return x_invalid(" ".join(refusal))
    row = store.create_media("twitter", _x_owner(call), media_id, extra={
        "category": category, "media_type": mime, "total_bytes": int(total), "segments": {},
        "media_key": f"{X_KEY_PREFIX[kind]}_{media_id}"})
    return JSONResponse({"data": _x_data(row)})


def _segment_path(media_id: str, index: str) -> Path:
    return store.media_path("twitter", f"{media_id}.segment{int(index):03d}")


async def x_append(call: Call) -> Response:
    row, refused = _x_session(call)
    if row is None:
        return refused
    index, upload = str(call.params.get("segment_index", "")), call.params.get("media")
    if not index.isdigit() or int(index) > 999 or not hasattr(upload, "read"):
        return x_invalid("segment_index (0 to 999) and media (the chunk) are required.")
    data = await upload.read()
    segments = {**row["extra"]["segments"], index: len(data)}
    if sum(segments.values()) > row["extra"]["total_bytes"]:
        return x_invalid(f"The segments exceed the declared total_bytes ({row['extra']['total_bytes']}).")
    _segment_path(row["id"], index).write_bytes(data)
    store.update_media("twitter", row["id"], extra={**row["extra"], "segments": segments})
    return JSONResponse({"data": {"expires_at": int((row["created_at"] + MEDIA_TTL).timestamp())}})


def x_finalize(call: Call) -> Response:
    row, refused = _x_session(call)
    if row is None:
        return refused
    extra = row["extra"]
    if (received := sum(extra["segments"].values())) != extra["total_bytes"]:
        return x_invalid(f"Received {received} bytes; the upload declared total_bytes {extra['total_bytes']}.")
    with store.media_path("twitter", row["id"]).open("wb") as whole:
        for index in sorted(extra["segments"], key=int):
            whole.write(_segment_path(row["id"], index).read_bytes())
            _segment_path(row["id"], index).unlink()
    kind = X_CATEGORIES[extra["category"]]
    processes = kind != "image"
    refusal = after_upload("twitter", row, (kind,), processes=processes)
    if refusal and not processes:
        return x_invalid(refusal)
    data = _x_data(store.get_media("twitter", row["id"]) or row)
    if processes:
        data["processing_info"] = {"state": "pending", "check_after_secs": 1}
    return JSONResponse({"data": data})


def _x_processing_info(row: dict[str, Any]) -> dict[str, Any]:
    state = advance_processing("twitter", row)
    if state == "processing":
        return {"state": "in_progress", "check_after_secs": 1, "progress_percent": 50}
    if state == "rejected":
        return {"state": "failed", "progress_percent": 100,
                "error": {"code": 1, "name": "InvalidMedia", "message": row["extra"]["refusal"]}}
    return {"state": "succeeded", "progress_percent": 100}


def x_status(call: Call) -> Response:
    """GET /2/media/upload?command=STATUS&media_id=..."""
    if refused := _x_scope_missing(call):
        return refused
    if call.params.get("command") != "STATUS":
        return x_invalid("command must be STATUS.")
    row, refused = _x_own_media(call, str(call.params.get("media_id", "")))
    if row is None:
        return refused
    data = {"id": row["id"], "media_key": row["extra"]["media_key"]}
    if row["extra"]["category"] != "tweet_image" and row["state"] != "uploading":
        data["processing_info"] = _x_processing_info(row)
    return JSONResponse({"data": data})


def x_metadata(call: Call) -> Response:
    """POST /2/media/metadata {"id", "metadata": {"alt_text": {"text"}}}: alt text, up to 1,000 characters."""
    if refused := _x_scope_missing(call):
        return refused
    row, refused = _x_own_media(call, str(call.params.get("id", "")))
    if row is None:
        return refused
    text = str(((call.params.get("metadata") or {}).get("alt_text") or {}).get("text", ""))
    if len(text) > 1000:
        return x_invalid(f"alt_text.text is {len(text)} characters; at most 1000 are allowed.")
    store.update_media("twitter", row["id"], extra={**row["extra"], "alt_text": text})
    return JSONResponse({"data": {"id": row["id"], "associated_metadata": {"alt_text": {"text": text}}}})


def x_tweet_media(owner: str, media_ids: list[Any]) -> tuple[list[dict[str, Any]], JSONResponse | None]:
    """The files a new post names in `media.media_ids`, or X's refusal."""
    rows = [usable_media("twitter", str(media_id), owner) for media_id in media_ids]
    if any(row is None for row in rows):
        return [], x_invalid("Your media IDs are invalid.")
    if refusal := problems("twitter", rows):
        return [], x_invalid(" ".join(refusal))
    return rows, None


def add_rest_media_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`, after the post routes."""
    for path, handler, method in (
        ("/twitter/2/media/upload", x_upload_image, "POST"),
        ("/twitter/2/media/upload", x_status, "GET"),
        ("/twitter/2/media/upload/initialize", x_initialize, "POST"),
        ("/twitter/2/media/upload/{media_id}/append", x_append, "POST"),
        ("/twitter/2/media/upload/{media_id}/finalize", x_finalize, "POST"),
        ("/twitter/2/media/metadata", x_metadata, "POST"),
        *LINKEDIN_UPLOAD_ROUTES,
    ):
        network = path.split("/")[1]
        router.add_api_route(path, endpoint(network, handler), methods=[method])

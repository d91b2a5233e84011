"""LinkedIn's Images and Videos APIs: initialize an upload, PUT the bytes (videos in 4 MB parts with ETags),
finalize, and poll the status until AVAILABLE."""

from __future__ import annotations

import math
import secrets
import string
from typing import Any

from fastapi.responses import JSONResponse, Response

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import problems
from allin_app.platforms.simulator.publishing import Call
from allin_app.platforms.simulator.rest_shapes import (
    MEDIA_TTL,
    advance_processing,
    after_upload,
    declared_problems,
    expired,
    li_error,
    li_headers_missing,
    li_time,
    li_unprocessable,
    usable_media,
)

LI_PART_BYTES = 4 * 1024 * 1024  # LinkedIn splits video uploads into 4 MB parts


def _li_id() -> str:
    return "D4" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20))


def _li_owner(call: Call, urn: str) -> str | None:
    """The profile id of the `owner` URN, when the caller may act for it."""
    profile = urn.rsplit(":", 1)[-1]
    ok = urn.startswith(("urn:li:person:", "urn:li:organization:")) and call.may_act_for(profile)
    return profile if ok else None


def _li_upload_url(call: Call, media_id: str, part: int | None = None) -> str:
    base = f"{str(call.request.base_url).rstrip('/')}/sim/linkedin/dms-uploads/{media_id}"
    return base if part is None else f"{base}/{part}"


def _li_media_row(call: Call, urn: str) -> dict[str, Any] | None:
    row = store.get_media("linkedin", urn.rsplit(":", 1)[-1])
    return row if row and row["extra"].get("urn") == urn and call.may_act_for(row["profile_id"]) else None


def li_images(call: Call) -> Response:
    """POST /rest/images?action=initializeUpload {"initializeUploadRequest": {"owner"}}."""
    if refused := li_headers_missing(call):
        return refused
    owner = str((call.params.get("initializeUploadRequest") or {}).get("owner", ""))
    if call.params.get("action") != "initializeUpload":
        return li_error(400, "action must be initializeUpload")
    if (profile := _li_owner(call, owner)) is None:
        return li_error(403, f"Not enough permissions to upload images as {owner}")
    image_id = _li_id()
    row = store.create_media("linkedin", profile, image_id,
                             extra={"urn": f"urn:li:image:{image_id}", "owner": owner, "kind": "image"})
    return JSONResponse({"value": {"uploadUrlExpiresAt": li_time(row["created_at"] + MEDIA_TTL),
                                   "uploadUrl": _li_upload_url(call, image_id), "image": row["extra"]["urn"]}})


def _li_video_init(call: Call) -> Response:
    request = call.params.get("initializeUploadRequest") or {}
    owner, size = str(request.get("owner", "")), request.get("fileSizeBytes")
    if (profile := _li_owner(call, owner)) is None:
        return li_error(403, f"Not enough permissions to upload videos as {owner}")
    if not isinstance(size, int) or size <= 0:
        return li_error(400, "/initializeUploadRequest/fileSizeBytes must be a positive number")
    video_id = _li_id()
    if refusal := declared_problems("linkedin", video_id, "video", "video/mp4", size):
        return li_unprocessable(" ".join(refusal))
    row = store.create_media("linkedin", profile, video_id, extra={
        "urn": f"urn:li:video:{video_id}", "owner": owner, "kind": "video", "file_size": size, "etags": {}})
    instructions = [{"uploadUrl": _li_upload_url(call, video_id, part), "firstByte": part * LI_PART_BYTES,
                     "lastByte": min(size, (part + 1) * LI_PART_BYTES) - 1}
                    for part in range(math.ceil(size / LI_PART_BYTES))]
    return JSONResponse({"value": {"uploadUrlsExpireAt": li_time(row["created_at"] + MEDIA_TTL),
                                   "video": row["extra"]["urn"], "uploadInstructions": instructions,
                                   "uploadToken": ""}})


def _li_video_finalize(call: Call) -> Response:
    request = call.params.get("finalizeUploadRequest") or {}
    row = _li_media_row(call, str(request.get("video", "")))
    if row is None or row["state"] != "uploading":
        return li_error(404, f"No video upload {request.get('video')} waiting to be finalized")
    parts = math.ceil(row["extra"]["file_size"] / LI_PART_BYTES)
    if request.get("uploadedPartIds") != [row["extra"]["etags"].get(str(part)) for part in range(parts)]:
        return li_error(400, "/finalizeUploadRequest/uploadedPartIds must hold the ETag of every part, in order")
    after_upload("linkedin", row, ("video",), processes=True)
    return Response(status_code=200)  # LinkedIn answers the finalize action with an empty body


def li_videos(call: Call) -> Response:
    """POST /rest/videos?action=initializeUpload | finalizeUpload."""
    if refused := li_headers_missing(call):
        return refused
    action = call.params.get("action")
    if action == "initializeUpload":
        return _li_video_init(call)
    if action == "finalizeUpload":
        return _li_video_finalize(call)
    return li_error(400, "action must be initializeUpload or finalizeUpload")


def _li_put_part(row: dict[str, Any], part: str, data: bytes) -> Response:
    size = row["extra"]["file_size"]
    if not part.isdigit() or int(part) * LI_PART_BYTES >= size:
        return li_error(400, f"No part {part} in this upload")
    first = int(part) * LI_PART_BYTES
    if len(data) != min(size, first + LI_PART_BYTES) - first:
        return li_error(400, f"Part {part} must hold bytes {first} to {min(size, first + LI_PART_BYTES) - 1}")
    with store.media_path("linkedin", row["id"]).open("r+b") as whole:
        whole.seek(first)
        whole.write(data)
    etag = f"/ETag-{secrets.token_hex(12)}"
    store.update_media("linkedin", row["id"], extra={**row["extra"], "etags": {**row["extra"]["etags"], part: etag}})
    return Response(status_code=200, headers={"ETag": etag})


async def li_upload(call: Call) -> Response:
    """PUT the bytes to an `uploadUrl`: a whole image, or one part of a video."""
    row = store.get_media("linkedin", call.request.path_params["media_id"])
    if row is None or not call.may_act_for(row["profile_id"]) or expired(row) or row["state"] != "uploading":
        return li_error(404, "This upload URL is unknown, used or expired")
    data = await call.request.body()
    if row["extra"]["kind"] == "video":
        return _li_put_part(row, call.request.path_params.get("part", ""), data)
    store.media_path("linkedin", row["id"]).write_bytes(data)
    after_upload("linkedin", row, ("image", "gif"), processes=False)
    return Response(status_code=201)


def _li_status(row: dict[str, Any]) -> str:
    state = advance_processing("linkedin", row)
    return {"uploading": "WAITING_UPLOAD", "processing": "PROCESSING", "rejected": "PROCESSING_FAILED"}.get(
        state, "AVAILABLE")


def li_media_status(call: Call) -> Response:
    """GET /rest/images/{urn} or /rest/videos/{urn}."""
    if refused := li_headers_missing(call):
        return refused
    urn = call.request.path_params["urn"]
    if (row := _li_media_row(call, urn)) is None:
        return li_error(404, f"{urn} not found")
    body: dict[str, Any] = {"id": urn, "owner": row["extra"]["owner"], "status": _li_status(row)}
    if body["status"] == "PROCESSING_FAILED":
        body["processingFailureReason"] = row["extra"]["refusal"]
    if body["status"] == "AVAILABLE":
        body |= {"downloadUrl": _li_upload_url(call, row["id"]),
                 "downloadUrlExpiresAt": li_time(row["created_at"] + MEDIA_TTL)}
        if row["kind"] == "video":
            body |= {"duration": int((row["duration"] or 0) * 1000), "aspectRatioWidth": row["width"],
                     "aspectRatioHeight": row["height"]}
    return JSONResponse(body)


def li_post_media(profile: str, content: dict[str, Any]) -> tuple[list[dict[str, Any]], JSONResponse | None]:
    """The files a new post names in `content.media` or `content.multiImage`, their alt text noted, or the refusal."""
    if "media" in content:
        entries = [content["media"]]
    elif "multiImage" in content:
        entries = list(content["multiImage"].get("images", []))
    else:
        return [], None
    rows = [usable_media("linkedin", str(entry.get("id", "")).rsplit(":", 1)[-1], profile) for entry in entries]
    if any(row is None for row in rows):
        return [], li_unprocessable("/content: every media id must be an AVAILABLE image or video of the author")
    if refusal := problems("linkedin", rows):
        return [], li_unprocessable(" ".join(refusal))
    if "multiImage" in content and len(rows) < 2:
        return [], li_unprocessable("/content/multiImage/images must hold 2 to 20 images")
    for row, entry in zip(rows, entries, strict=True):
        row["extra"]["alt_text"] = str(entry.get("altText", ""))
    return rows, None


LINKEDIN_UPLOAD_ROUTES = (
    ("/linkedin/rest/images", li_images, "POST"),
    ("/linkedin/rest/videos", li_videos, "POST"),
    ("/linkedin/rest/images/{urn}", li_media_status, "GET"),
    ("/linkedin/rest/videos/{urn}", li_media_status, "GET"),
    ("/linkedin/dms-uploads/{media_id}", li_upload, "PUT"),
    ("/linkedin/dms-uploads/{media_id}/{part}", li_upload, "PUT"),
)

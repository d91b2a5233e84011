"""What the X, LinkedIn and Reddit simulators share: their error shapes, the checks on an own post, and
how an uploaded file is checked and "processed".

Files are read for what they really are and checked with `media.problems` against limits.toml, as the
networks would. Videos (and X GIFs) then process: the first status poll answers in progress, the next one
the outcome, so clients must poll as they do on the real networks.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.responses import JSONResponse

from allin_app.core.clock import utcnow
from allin_app.platforms.content import MediaFile, MediaKind
from allin_app.platforms.limits import check_media
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import problems
from allin_app.platforms.simulator.publishing import Call

X_INVALID_REQUEST = "https://api.twitter.com/2/problems/invalid-request"
# How long an uploaded file may wait for its post: X says 24 h (`expires_after_secs`); LinkedIn's upload URLs
# and Reddit's leases live about as long (❓ neither documents it).
MEDIA_TTL = timedelta(hours=24)


def own_post(call: Call, post_id: str) -> dict[str, Any] | None:
    post = store.get_post(call.network, post_id)
    return post if post and not post["deleted"] and call.may_act_for(post["profile_id"]) else None


def x_time(moment: datetime) -> str:
    """A time as X and LinkedIn's REST answers write it (UTC, milliseconds, Z)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def iso(post: dict[str, Any]) -> str:
    return x_time(post["created_at"])


def has_video(post: dict[str, Any]) -> bool:
    return any(item["kind"] == "video" for item in post["extra"].get("media", []))


def add_comment(network: str, post: dict[str, Any], comment: dict[str, Any]) -> None:
    """Comments live on their post (`extra["comments"]`), so they never show up as posts themselves."""
    extra = post["extra"]
    store.update_post(network, post["id"], extra={**extra, "comments": [*extra.get("comments", []), comment]})


def comment_count(post: dict[str, Any]) -> int:
    return len(post["extra"].get("comments", []))


# --- files uploaded for a post ---------------------------------------------------------------


def expired(row: dict[str, Any]) -> bool:
    return utcnow() >= row["created_at"] + MEDIA_TTL


def usable_media(network: str, media_id: str, owner: str) -> dict[str, Any] | None:
    """The owner's uploaded, processed, not yet used and not expired file, else None."""
    row = store.get_media(network, media_id)
    if row is None or row["profile_id"] != owner or row["state"] != "ready" or expired(row):
        return None
    return row


def declared_problems(network: str, media_id: str, kind: MediaKind, mime: str, size: int) -> list[str]:
    """The rules a file breaks by its declared type and size alone (checked before any byte arrives)."""
    return check_media(network, (MediaFile(path=Path(media_id), kind=kind, mime=mime, size=size),))


def refusal_of(network: str, row: dict[str, Any], expected: tuple[str, ...]) -> str:
    """Why the network refuses an uploaded file ("" when it takes it): unreadable, breaking a rule, or
    not the kind the upload was declared as."""
    refusal = problems(network, [row])
    if not refusal and row["kind"] not in expected:
        refusal = [f"the file is a {row['kind']}, but the upload was declared as {' or '.join(expected)}."]
    return " ".join(refusal)


def advance_processing(network: str, row: dict[str, Any]) -> str:
    """One status poll: a file stays "processing" for `polls_left` more polls, then is "ready" or "rejected"."""
    if row["state"] != "processing":
        return row["state"]
    left = row["extra"].get("polls_left", 0)
    if left > 0:
        store.update_media(network, row["id"], extra={**row["extra"], "polls_left": left - 1})
        return "processing"
    state = "rejected" if row["extra"].get("refusal") else "ready"
    store.update_media(network, row["id"], state=state)
    return state


def after_upload(network: str, row: dict[str, Any], expected: tuple[str, ...], *, processes: bool) -> str:
    """Probe the bytes, note the refusal, and start processing (or settle at once); answers the refusal."""
    refusal = refusal_of(network, store.probe_media(network, row["id"]), expected)
    state = "processing" if processes else ("rejected" if refusal else "ready")
    store.update_media(network, row["id"], state=state, extra={**row["extra"], "refusal": refusal, "polls_left": 1})
    return refusal


def mark_used(network: str, rows: list[dict[str, Any]], post_id: str) -> None:
    """A file goes into one post only."""
    for row in rows:
        store.update_media(network, row["id"], state="used", extra={**row["extra"], "post_id": post_id})


# --- X --------------------------------------------------------------------------------------


def x_problem(status: int, title: str, detail: str, kind: str = "about:blank") -> JSONResponse:
    return JSONResponse({"title": title, "detail": detail, "type": kind, "status": status}, status_code=status)


def x_invalid(detail: str) -> JSONResponse:
    """X's 400 for a request it will not take, the reason both in `detail` and in `errors`."""
    return JSONResponse({"errors": [{"message": detail}], "title": "Invalid Request", "detail": detail,
                         "type": X_INVALID_REQUEST, "status": 400}, status_code=400)


def x_not_found(tweet_id: str) -> JSONResponse:  # X answers 200 with an `errors` list
    return JSONResponse({"errors": [{"value": tweet_id, "detail": f"Could not find tweet with id: [{tweet_id}].",
                                     "title": "Not Found Error", "resource_type": "tweet", "parameter": "id",
                                     "resource_id": tweet_id,
                                     "type": "https://api.twitter.com/2/problems/resource-not-found"}]})


# --- LinkedIn -------------------------------------------------------------------------------


def li_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"status": status, "message": message}, status_code=status)


def li_unprocessable(message: str) -> JSONResponse:
    return JSONResponse({"errorDetailType": "com.linkedin.common.error.BadRequest", "status": 422,
                         "message": message}, status_code=422)


def li_headers_missing(call: Call) -> JSONResponse | None:
    headers = call.request.headers
    if not re.fullmatch(r"\d{6}", headers.get("linkedin-version", "")):
        return JSONResponse({"status": 426, "code": "NONEXISTENT_VERSION",
                             "message": "Requested version is not active"}, status_code=426)
    if headers.get("x-restli-protocol-version") != "2.0.0":
        return li_error(400, "X-Restli-Protocol-Version 2.0.0 is required")
    return None


def li_profile(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


def li_time(moment: Any) -> int:
    return int(moment.timestamp() * 1000)

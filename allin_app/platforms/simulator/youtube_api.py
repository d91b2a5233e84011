"""YouTube Data API v3 uploads and reads, in Google's shapes.

videos.insert is a resumable upload: POST the metadata (`uploadType=resumable`) for a session URL in
`Location`, then PUT the bytes whole, or in chunks with `Content-Range` that are answered 308 Resume
Incomplete with a `Range` header until the last. The developer project has 100 videos.insert calls a day,
reset at midnight Pacific (403 quotaExceeded); each channel also has a daily upload limit (400
uploadLimitExceeded). A video YouTube cannot take comes back with `status.uploadStatus` "failed" or
"rejected" and the reason, as YouTube's processing reports it; the simulator keeps no such video.

An access token speaks for one channel on YouTube; where the consent page granted several, the upload
goes to the first, as `mine=true` would have named it.
"""

from __future__ import annotations

import base64
import random
import re
import secrets
import string
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import as_utc, utcnow
from allin_app.platforms.base import split_scopes
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import describe, problems
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.publishing import Call
from allin_app.platforms.simulator.video_api import (
    DAY,
    PostCap,
    cap_wait,
    created,
    google_error,
    own_post,
    profile_row,
    site_url,
    video_endpoint,
)

DAILY_INSERTS = 100  # videos.insert calls per developer project a day: their own quota bucket
CHANNEL_CAP = PostCap(posts=15, window=DAY)  # ❓ YouTube does not publish the per-channel number
CHUNK_MULTIPLE = 256 * 1024  # every chunk but the last is a multiple of 256 KiB
TITLE_LIMIT, DESCRIPTION_BYTES, TAGS_LIMIT = 100, 5000, 500
PRIVACY = ("public", "unlisted", "private")
PACIFIC = ZoneInfo("America/Los_Angeles")
INSERT_PATH = "/upload/youtube/v3/videos"
FULL_ACCESS = ("https://www.googleapis.com/auth/youtube", "https://www.googleapis.com/auth/youtube.force-ssl")

def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _video_id() -> str:
    return "".join(random.SystemRandom().choices(string.ascii_letters + string.digits + "-_", k=11))


def _pacific_midnight() -> datetime:
    return utcnow().astimezone(PACIFIC).replace(hour=0, minute=0, second=0, microsecond=0)


def _inserts_today() -> int:
    """videos.insert calls the project made since midnight Pacific, from the call log: the simulator serves one
    developer project, AllIN's. Calls refused for quota or auth cost nothing."""
    since = _pacific_midnight()
    return sum(1 for c in store.call_log("youtube") if c["method"] == "POST" and c["path"].endswith(INSERT_PATH)
               and c["status"] in (200, 400) and as_utc(c["at"]) >= since)


def _scope_missing(call: Call, scopes: tuple[str, ...]) -> JSONResponse | None:
    if set(scopes) & set(split_scopes(call.grant["scopes"])):
        return None
    return google_error(403, "insufficientPermissions", "Request had insufficient authentication scopes.",
                        domain="global")


def _not_found(video_id: str) -> JSONResponse:
    return google_error(404, "videoNotFound", f"The video identified by the id parameter {video_id!r} could not "
                        "be found.")


# --- videos.insert ----------------------------------------------------------------------------


def _metadata_problem(params: dict[str, Any]) -> JSONResponse | None:
    snippet, status = params.get("snippet") or {}, params.get("status") or {}
    title, description = str(snippet.get("title") or ""), str(snippet.get("description") or "")
    if not title.strip() or len(title) > TITLE_LIMIT or re.search("[<>]", title):
        return google_error(400, "invalidTitle", "The request metadata specifies an invalid or empty video title "
                            f"(required, at most {TITLE_LIMIT} characters, no < or >).")
    if len(description.encode()) > DESCRIPTION_BYTES or re.search("[<>]", description):
        return google_error(400, "invalidDescription", "The request metadata specifies an invalid video description "
                            f"(at most {DESCRIPTION_BYTES} bytes, no < or >).")
    if sum(len(tag) for tag in snippet.get("tags") or []) > TAGS_LIMIT:
        return google_error(400, "invalidTags", f"The request metadata specifies invalid video keywords (at most "
                            f"{TAGS_LIMIT} characters in all).")
    if status.get("privacyStatus", "public") not in PRIVACY:
        return google_error(400, "invalidVideoMetadata", "The request metadata is invalid: privacyStatus must be "
                            "public, unlisted or private.")
    return None


def insert_start(call: Call) -> Response:
    if call.params.get("uploadType") != "resumable" or "snippet" not in str(call.params.get("part", "")):
        return google_error(400, "invalidParameter", "The simulator takes uploadType=resumable with part=snippet,"
                            "status.", domain="global")
    if _inserts_today() >= DAILY_INSERTS:
        return google_error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your "
                            '<a href="/youtube/v3/getting-started#quota">quota</a>.', domain="youtube.quota")
    channel = call.grant["profile_ids"][0]
    if refused := _metadata_problem(call.params):
        return refused
    if cap_wait("youtube", channel, CHANNEL_CAP):
        return google_error(400, "uploadLimitExceeded", "The user has exceeded the number of videos they may upload.")
    upload_id = secrets.token_urlsafe(24)
    store.create_media("youtube", channel, upload_id, extra={
        "snippet": call.params.get("snippet") or {}, "status": call.params.get("status") or {},
        "declared_size": call.request.headers.get("x-upload-content-length")})
    location = f"{site_url(call)}/sim/youtube/upload/youtube/v3/videos?uploadType=resumable&upload_id={upload_id}"
    return Response(status_code=200, headers={"location": location, "x-guploader-uploadid": upload_id})


def _span(header: str, body_size: int) -> tuple[int | None, int | None]:
    """(first byte, total) from Content-Range; (None, total) for a `bytes */total` status query."""
    if not header:
        return 0, body_size
    if found := re.fullmatch(r"bytes (\d+)-\d+/(\d+)", header.strip()):
        return int(found[1]), int(found[2])
    if found := re.fullmatch(r"bytes \*/(\d+)", header.strip()):
        return None, int(found[1])
    return None, None


def _resume_incomplete(size: int) -> Response:
    return Response(status_code=308, headers={"range": f"bytes=0-{size - 1}"} if size else {})


async def insert_upload(call: Call) -> Response:
    upload_id = str(call.params.get("upload_id", ""))
    session = store.get_media("youtube", upload_id)
    if session is None or session["state"] != "uploading" or not call.may_act_for(session["profile_id"]):
        return google_error(404, "notFound", "The upload session does not exist or has ended.", domain="global")
    body = await call.request.body()
    start, total = _span(call.request.headers.get("content-range", ""), len(body))
    if total is None:
        return google_error(400, "badContent", "Content-Range is malformed.", domain="global")
    if start != session["size"]:  # a status query, or a chunk out of order: say what arrived
        return _resume_incomplete(session["size"])
    last = start + len(body) >= total
    if not last and len(body) % CHUNK_MULTIPLE:
        return google_error(400, "badContent", "Every chunk but the last must be a multiple of 256 KiB.",
                            domain="global")
    if store.append_media("youtube", upload_id, body) < total:
        return _resume_incomplete(start + len(body))
    return created("youtube", _processed(store.probe_media("youtube", upload_id)))


def _refusal_reason(problem: str) -> tuple[str, str]:
    """(uploadStatus, reason) the way YouTube's processing reports a file it will not take."""
    if "lasts" in problem:
        return "rejected", "length"
    if "; it takes" in problem:
        return "failed", "codec"
    return "failed", "invalidFile"


def _processed(row: dict[str, Any]) -> JSONResponse:
    snippet, status = row["extra"]["snippet"], row["extra"]["status"]
    refusal = problems("youtube", [row])
    store.update_media("youtube", row["id"], state="used")
    if refusal:
        upload_status, reason = _refusal_reason(refusal[0])
        key = "rejectionReason" if upload_status == "rejected" else "failureReason"
        return JSONResponse({"kind": "youtube#video", "etag": secrets.token_urlsafe(12), "id": _video_id(),
                             "snippet": snippet, "status": status | {"uploadStatus": upload_status, key: reason}})
    post = store.create_post("youtube", row["profile_id"], _video_id(), str(snippet.get("description") or ""),
                             extra={"title": snippet["title"], "tags": snippet.get("tags") or [],
                                    "privacy": status.get("privacyStatus", "public"), "media": describe([row]),
                                    "comments": []})
    resource = _resource(post, {"snippet", "status"})
    resource["status"]["uploadStatus"] = "uploaded"  # processing follows; "processed" on later reads
    return JSONResponse(resource)


# --- reading, deleting, commenting ------------------------------------------------------------


def _resource(post: dict[str, Any], parts: set[str]) -> dict[str, Any]:
    extra, channel = post["extra"], profile_row("youtube", post["profile_id"])
    item: dict[str, Any] = {"kind": "youtube#video", "etag": secrets.token_urlsafe(12), "id": post["id"]}
    if "snippet" in parts:
        item["snippet"] = {"publishedAt": _iso(post["created_at"]), "channelId": channel["external_id"],
                           "title": extra["title"], "description": post["text"], "tags": extra["tags"],
                           "categoryId": "22", "channelTitle": channel["display_name"], "liveBroadcastContent": "none",
                           "thumbnails": {"default": {"url": f"https://i.ytimg.com/vi/{post['id']}/default.jpg",
                                                      "width": 120, "height": 90}}}
    if "status" in parts:
        item["status"] = {"uploadStatus": "processed", "privacyStatus": extra["privacy"], "license": "youtube",
                          "embeddable": True, "publicStatsViewable": True, "madeForKids": False}
    if "statistics" in parts:
        seen = engagement(post["id"], post["created_at"], has_video=True)
        item["statistics"] = {"viewCount": str(seen.video_views), "likeCount": str(seen.likes), "dislikeCount": "0",
                              "favoriteCount": "0", "commentCount": str(seen.comments + len(extra["comments"]))}
    if "contentDetails" in parts:
        item["contentDetails"] = {"duration": f"PT{round(extra['media'][0]['duration'] or 0)}S", "dimension": "2d",
                                  "definition": "hd", "caption": "false", "licensedContent": False}
    return item


def _parts(call: Call) -> set[str]:
    return set(str(call.params.get("part", "")).split(","))


def videos_list(call: Call) -> Response:
    ids = [i for i in str(call.params.get("id", "")).split(",") if i]
    found = [post for i in ids if (post := own_post(call, i))]
    return JSONResponse({"kind": "youtube#videoListResponse", "etag": secrets.token_urlsafe(12),
                         "items": [_resource(post, _parts(call)) for post in found],
                         "pageInfo": {"totalResults": len(found), "resultsPerPage": len(found)}})


def videos_delete(call: Call) -> Response:
    video_id = str(call.params.get("id", ""))
    if refused := _scope_missing(call, FULL_ACCESS):
        return refused
    if own_post(call, video_id) is None:
        return _not_found(video_id)
    store.update_post("youtube", video_id, deleted=True)
    return Response(status_code=204)


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(token: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("offset:")) if token else 0
    except ValueError:
        return -1


def playlist_items(call: Call) -> Response:
    playlist = str(call.params.get("playlistId", ""))
    channel = "UC" + playlist[2:]
    count, offset = int(call.params.get("maxResults", 5)), _offset(str(call.params.get("pageToken", "")))
    if not playlist.startswith("UU") or not call.may_act_for(channel):
        return google_error(404, "playlistNotFound", f"The playlist identified with the request's playlistId "
                            f"parameter cannot be found: {playlist}.")
    if not 0 <= count <= 50 or offset < 0:
        return google_error(400, "invalidValue", "maxResults is 0 to 50 and pageToken must come from a previous "
                            "answer.", domain="global")
    posts = store.profile_posts("youtube", channel, 10_000)
    page = posts[offset:offset + count]
    items = [{"kind": "youtube#playlistItem", "etag": secrets.token_urlsafe(12), "id": _page_token(offset + n),
              "snippet": _resource(p, {"snippet"})["snippet"] | {"playlistId": playlist, "position": offset + n,
                                                                 "resourceId": {"kind": "youtube#video",
                                                                                "videoId": p["id"]}},
              "contentDetails": {"videoId": p["id"], "videoPublishedAt": _iso(p["created_at"])}}
             for n, p in enumerate(page)]
    answer: dict[str, Any] = {"kind": "youtube#playlistItemListResponse", "etag": secrets.token_urlsafe(12),
                              "items": items, "pageInfo": {"totalResults": len(posts), "resultsPerPage": count}}
    if offset + count < len(posts):
        answer["nextPageToken"] = _page_token(offset + count)
    return JSONResponse(answer)


def comment_threads(call: Call) -> Response:
    snippet = call.params.get("snippet") or {}
    video_id = str(snippet.get("videoId", ""))
    text = str(((snippet.get("topLevelComment") or {}).get("snippet") or {}).get("textOriginal") or "")
    if refused := _scope_missing(call, FULL_ACCESS[1:]):
        return refused
    if (post := own_post(call, video_id)) is None:
        return _not_found(video_id)
    if not text.strip() or len(text) > 10_000:
        return google_error(400, "invalidCommentMetadata", "The comment text is empty or too long.")
    channel = profile_row("youtube", post["profile_id"])
    thread_id = "Ug" + secrets.token_urlsafe(18)[:22] + "4AaABAg"
    store.update_post("youtube", video_id, extra=post["extra"] | {"comments": [*post["extra"]["comments"], text]})
    comment = {"kind": "youtube#comment", "id": thread_id, "snippet": {
        "channelId": channel["external_id"], "videoId": video_id, "textDisplay": text, "textOriginal": text,
        "authorDisplayName": channel["handle"], "authorChannelId": {"value": channel["external_id"]},
        "canRate": True, "viewerRating": "none", "likeCount": 0, "publishedAt": _iso(utcnow()),
        "updatedAt": _iso(utcnow())}}
    return JSONResponse({"kind": "youtube#commentThread", "etag": secrets.token_urlsafe(12), "id": thread_id,
                         "snippet": {"channelId": channel["external_id"], "videoId": video_id,
                                     "topLevelComment": comment, "canReply": True, "totalReplyCount": 0,
                                     "isPublic": True}})


def add_youtube_routes(router: APIRouter) -> None:
    for path, handler, method in (("/upload/youtube/v3/videos", insert_start, "POST"),
                                  ("/upload/youtube/v3/videos", insert_upload, "PUT"),
                                  ("/youtube/v3/videos", videos_list, "GET"),
                                  ("/youtube/v3/videos", videos_delete, "DELETE"),
                                  ("/youtube/v3/playlistItems", playlist_items, "GET"),
                                  ("/youtube/v3/commentThreads", comment_threads, "POST")):
        router.add_api_route(f"/youtube{path}", video_endpoint("youtube", handler), methods=[method])

"""Public lookups on the video networks: TikTok's Research API (user info, video query over at most 30
days), YouTube's channels by handle, their uploads playlist and the videos' statistics."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import rivals
from allin_app.platforms.simulator.competitor_common import avatar_url, cursor_after, offset_of, page_of
from allin_app.platforms.simulator.publishing import Call
from allin_app.platforms.simulator.video_api import google_error, tiktok_envelope

RESEARCH_DAYS = 30  # the Research API's longest start_date..end_date range
MAX_VIDEOS = 100
MAX_RESULTS = 50  # YouTube's page size cap


# --- TikTok ------------------------------------------------------------------------------------


def _fields(call: Call) -> list[str]:
    return [f for f in str(call.params.get("fields", "")).split(",") if f]


def tiktok_user_info(call: Call) -> Response:
    name = str(call.params.get("username", ""))
    rival = rivals.find("tiktok", name)
    if not _fields(call):
        return tiktok_envelope({}, 400, "invalid_params", "fields is required.")
    if rival is None:
        return tiktok_envelope({}, 404, "user_not_found", f"The user {name!r} does not exist or is private.")
    now = utcnow()
    found = {"display_name": rival.name, "bio_description": "", "avatar_url": avatar_url(call, "tiktok", rival),
             "is_verified": False, "follower_count": rivals.followers("tiktok", rival, now), "following_count": 210,
             "likes_count": sum(rivals.counters("tiktok", rival, p, now).likes
                                for p in rivals.posts("tiktok", rival, since=now - timedelta(days=90), now=now)),
             "video_count": rivals.post_count("tiktok", rival, now)}
    return tiktok_envelope({key: value for key, value in found.items() if key in _fields(call)})


def _research_day(value: Any) -> date | None:
    try:
        return datetime.strptime(str(value), "%Y%m%d").date()
    except ValueError:
        return None


def _queried_username(query: Any) -> str:
    for condition in (query or {}).get("and", []) if isinstance(query, dict) else []:
        if condition.get("field_name") == "username" and condition.get("operation") in ("EQ", "IN"):
            return str((condition.get("field_values") or [""])[0])
    return ""


def tiktok_video_query(call: Call) -> Response:
    start, end = _research_day(call.params.get("start_date")), _research_day(call.params.get("end_date"))
    if start is None or end is None or end < start or (end - start).days + 1 > RESEARCH_DAYS:
        return tiktok_envelope({}, 400, "invalid_params",
                               f"start_date and end_date (YYYYMMDD) span at most {RESEARCH_DAYS} days.")
    rival = rivals.find("tiktok", _queried_username(call.params.get("query")))
    now = utcnow()
    since = datetime.combine(start, datetime.min.time(), UTC)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC)
    posts = [p for p in rivals.posts("tiktok", rival, since=since, now=min(now, until))] if rival else []
    size = max(1, min(MAX_VIDEOS, int(call.params.get("max_count") or 20)))
    chunk, following = page_of(posts, int(call.params.get("cursor") or 0), size)
    wanted = _fields(call) or ["id"]
    videos = [{key: value for key, value in _video(rival, post, now).items() if key in wanted} for post in chunk]
    return tiktok_envelope({"videos": videos, "cursor": following or int(call.params.get("cursor") or 0) + len(chunk),
                            "has_more": following is not None,
                            "search_id": str(call.params.get("search_id") or secrets.token_hex(8))})


def _video(rival: rivals.Rival, post: rivals.RivalPost, now: datetime) -> dict[str, Any]:
    seen = rivals.counters("tiktok", rival, post, now)
    return {"id": int(post.id), "create_time": int(post.created_at.timestamp()), "username": rival.handle,
            "region_code": "US", "video_description": post.text, "like_count": seen.likes,
            "comment_count": seen.comments, "share_count": seen.shares, "view_count": seen.video_views,
            "hashtag_names": list(post.tags)}


# --- YouTube -----------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _uploads(channel_id: str) -> str:
    return "UU" + channel_id[2:]


def wants_channel(params: dict[str, str]) -> bool:
    return bool(params.get("forHandle") or params.get("forUsername")) or any(
        rivals.find_by_id("youtube", i) for i in params.get("id", "").split(",") if i)


def youtube_channels(call: Call) -> Response:
    wanted = str(call.params.get("forHandle") or call.params.get("forUsername") or "")
    found = [rivals.find("youtube", wanted)] if wanted else [
        rivals.find_by_id("youtube", i) for i in str(call.params.get("id", "")).split(",")]
    now = utcnow()
    items = []
    for rival in filter(None, found):
        channel_id = rivals.external_id_of("youtube", rival)
        items.append({"kind": "youtube#channel", "etag": secrets.token_urlsafe(12), "id": channel_id,
                      "snippet": {"title": rival.name, "customUrl": rivals.handle_on("youtube", rival),
                                  "description": "", "publishedAt": "2019-03-04T10:00:00Z",
                                  "thumbnails": {"default": {"url": avatar_url(call, "youtube", rival),
                                                             "width": 88, "height": 88}}},
                      "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": _uploads(channel_id)}},
                      "statistics": {"subscriberCount": str(rivals.followers("youtube", rival, now)),
                                     "hiddenSubscriberCount": False,
                                     "videoCount": str(rivals.post_count("youtube", rival, now)), "viewCount": str(
                                         rivals.followers("youtube", rival, now) * 40)}})
    return JSONResponse({"kind": "youtube#channelListResponse", "etag": secrets.token_urlsafe(12),
                         "pageInfo": {"totalResults": len(items), "resultsPerPage": 5}, "items": items})


def _rival_of_playlist(playlist_id: str) -> rivals.Rival | None:
    return next((r for r in rivals.RIVALS if _uploads(rivals.external_id_of("youtube", r)) == playlist_id), None)


def wants_playlist(params: dict[str, str]) -> bool:
    return _rival_of_playlist(params.get("playlistId", "")) is not None


def youtube_playlist_items(call: Call) -> Response:
    playlist = str(call.params.get("playlistId", ""))
    rival = _rival_of_playlist(playlist)
    channel_id = rivals.external_id_of("youtube", rival)
    size = max(1, min(MAX_RESULTS, int(call.params.get("maxResults") or 5)))
    uploads = rivals.posts("youtube", rival)
    chunk, following = page_of(uploads, offset_of(str(call.params.get("pageToken", ""))), size)
    items = [{"kind": "youtube#playlistItem", "etag": secrets.token_urlsafe(12), "id": secrets.token_urlsafe(16),
              "snippet": {"publishedAt": _iso(p.created_at), "channelId": channel_id, "title": p.text[:100],
                          "description": p.text, "playlistId": playlist,
                          "resourceId": {"kind": "youtube#video", "videoId": p.id}},
              "contentDetails": {"videoId": p.id, "videoPublishedAt": _iso(p.created_at)}} for p in chunk]
    answer = {"kind": "youtube#playlistItemListResponse", "etag": secrets.token_urlsafe(12), "items": items,
              "pageInfo": {"totalResults": len(uploads), "resultsPerPage": size}}
    if following is not None:
        answer["nextPageToken"] = cursor_after(following)
    return JSONResponse(answer)


def _rival_videos(ids: list[str]) -> dict[str, tuple[rivals.Rival, rivals.RivalPost]]:
    wanted, found = set(ids), {}
    for rival in rivals.RIVALS:
        for post in rivals.posts("youtube", rival):
            if post.id in wanted:
                found[post.id] = (rival, post)
    return found


def wants_videos(params: dict[str, str]) -> bool:
    return bool(_rival_videos([i for i in params.get("id", "").split(",") if i]))


def youtube_videos(call: Call) -> Response:
    ids = [i for i in str(call.params.get("id", "")).split(",") if i]
    if len(ids) > MAX_RESULTS:
        return google_error(400, "invalidParameter", f"id takes at most {MAX_RESULTS} videos.")
    found, now = _rival_videos(ids), utcnow()
    items = []
    for video_id in ids:
        if video_id not in found:
            continue
        rival, post = found[video_id]
        seen = rivals.counters("youtube", rival, post, now)
        items.append({"kind": "youtube#video", "etag": secrets.token_urlsafe(12), "id": video_id,
                      "snippet": {"publishedAt": _iso(post.created_at), "title": post.text[:100],
                                  "description": post.text, "tags": list(post.tags),
                                  "channelId": rivals.external_id_of("youtube", rival), "channelTitle": rival.name},
                      "statistics": {"viewCount": str(seen.video_views), "likeCount": str(seen.likes),
                                     "favoriteCount": "0", "commentCount": str(seen.comments)}})
    return JSONResponse({"kind": "youtube#videoListResponse", "etag": secrets.token_urlsafe(12), "items": items,
                         "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}})

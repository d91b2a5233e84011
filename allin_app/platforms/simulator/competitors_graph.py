"""Public lookups on Meta's networks, in Graph's shapes: a Facebook Page by its username and its posts
(Page Public Content Access), an Instagram business account through `business_discovery`, a Threads
profile through Profile Discovery (`profile_lookup`, `profile_posts`)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import rivals
from allin_app.platforms.simulator.competitor_common import avatar_url, cursor_after, offset_of, page_of
from allin_app.platforms.simulator.graph_common import graph_time, missing
from allin_app.platforms.simulator.publishing import Call, graph_error

MAX_LIMIT = 100
DISCOVERY_USER = re.compile(r"business_discovery\.username\(([^)]*)\)")
DISCOVERY_MEDIA = re.compile(r"\bmedia((?:\.\w+\([^)]*\))*)\{")


def _since(call: Call) -> datetime | None:
    value = str(call.params.get("since", ""))
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None


def _limit(call: Call, default: int = 25) -> int:
    value = str(call.params.get("limit", default))
    return max(1, min(MAX_LIMIT, int(value))) if value.isdigit() else default


def _paged(call: Call, items: list[dict[str, Any]], size: int, offset: int) -> JSONResponse:
    """Graph's listing with cursors; `next` repeats the call one page further, as Graph's does."""
    chunk, following = page_of(items, offset, size)
    paging: dict[str, Any] = {"cursors": {"before": cursor_after(offset), "after": cursor_after(offset + len(chunk))}}
    if following is not None:
        paging["next"] = str(call.request.url.include_query_params(after=cursor_after(following)))
    return JSONResponse({"data": chunk, "paging": paging})


# --- Facebook ----------------------------------------------------------------------------------


def wants_page(path_params: dict[str, str]) -> bool:
    node = path_params.get("post_id", "")
    return rivals.find("facebook", node) is not None or rivals.find_by_id("facebook", node) is not None


def fb_page(call: Call) -> Response:
    node = call.request.path_params["post_id"]
    rival = rivals.find("facebook", node) or rivals.find_by_id("facebook", node)
    page_id = rivals.external_id_of("facebook", rival)
    count = rivals.followers("facebook", rival)
    return JSONResponse({"id": page_id, "name": rival.name, "username": rival.handle, "fan_count": count,
                         "followers_count": count, "link": f"https://www.facebook.com/{rival.handle}",
                         "picture": {"data": {"url": avatar_url(call, "facebook", rival)}}})


def fb_page_posts(call: Call) -> Response:
    page_id = call.request.path_params["page_id"]
    rival = rivals.find_by_id("facebook", page_id) or rivals.find("facebook", page_id)
    if rival is None:
        return missing(page_id)
    now = utcnow()
    items = []
    for post in rivals.posts("facebook", rival, since=_since(call), now=now):
        seen = rivals.counters("facebook", rival, post, now)
        items.append({"id": post.id, "message": post.text, "created_time": graph_time(post.created_at),
                      "permalink_url": f"https://www.facebook.com/{rival.handle}/posts/{post.id.partition('_')[2]}",
                      "shares": {"count": seen.shares},
                      "reactions": {"data": [], "summary": {"total_count": seen.likes, "viewer_reaction": "NONE"}},
                      "comments": {"data": [], "summary": {"order": "ranked", "total_count": seen.comments,
                                                           "can_comment": False}}})
    return _paged(call, items, _limit(call), offset_of(str(call.params.get("after", ""))))


# --- Instagram ---------------------------------------------------------------------------------


def wants_discovery(params: dict[str, str]) -> bool:
    return "business_discovery" in params.get("fields", "")


def ig_business_discovery(call: Call) -> Response:
    """GET /{our-ig-user-id}?fields=business_discovery.username(x){followers_count,media_count,media{...}}"""
    node_id, fields = call.request.path_params["node_id"], str(call.params.get("fields", ""))
    if not call.may_act_for(node_id):
        return missing(node_id)
    wanted = DISCOVERY_USER.search(fields)
    rival = rivals.find("instagram", wanted.group(1)) if wanted else None
    if rival is None:
        name = wanted.group(1) if wanted else ""
        return graph_error(f"(#110) Invalid user id: cannot find a business or creator account {name!r}.", 110,
                           subcode=2207013)
    now = utcnow()
    found: dict[str, Any] = {
        "id": rivals.external_id_of("instagram", rival), "username": rival.handle, "name": rival.name,
        "followers_count": rivals.followers("instagram", rival, now),
        "media_count": rivals.post_count("instagram", rival, now),
        "profile_picture_url": avatar_url(call, "instagram", rival)}
    if media := DISCOVERY_MEDIA.search(fields.split("{", 1)[1] if "{" in fields else ""):
        found["media"] = _ig_media(rival, media.group(1), now)
    return JSONResponse({"business_discovery": found, "id": node_id})


def _ig_media(rival: rivals.Rival, modifiers: str, now: datetime) -> dict[str, Any]:
    options = dict(re.findall(r"\.(\w+)\(([^)]*)\)", modifiers))
    size = max(1, min(MAX_LIMIT, int(options["limit"]))) if options.get("limit", "").isdigit() else 25
    offset = offset_of(options.get("after", ""))
    items = []
    for post in rivals.posts("instagram", rival, now=now):
        seen = rivals.counters("instagram", rival, post, now)
        items.append({"id": post.id, "caption": post.text, "like_count": seen.likes, "comments_count": seen.comments,
                      "timestamp": graph_time(post.created_at), "media_type": "IMAGE",
                      "permalink": f"https://www.instagram.com/p/{post.id[-11:]}/"})
    chunk, following = page_of(items, offset, size)
    cursors = {"before": cursor_after(offset), "after": cursor_after(offset + len(chunk))}
    return {"data": chunk, "paging": {"cursors": cursors} | ({"next": cursors["after"]} if following else {})}


# --- Threads -----------------------------------------------------------------------------------


def wants_discovery_path(path_params: dict[str, str]) -> bool:
    return path_params.get("post_id") in ("profile_lookup", "profile_posts")


def threads_discovery(call: Call) -> Response:
    name = str(call.params.get("username", ""))
    rival = rivals.find("threads", name)
    if rival is None:
        return graph_error(f"Unsupported get request. Profile '{name}' does not exist or is not public.", 100,
                           subcode=33)
    if call.request.path_params["post_id"] == "profile_lookup":
        return _threads_profile(call, rival)
    now = utcnow()
    items = [{"id": post.id, "text": post.text, "timestamp": graph_time(post.created_at), "media_type": "TEXT_POST",
              "username": rival.handle, "topic_tag": post.tags[0] if post.tags else None,
              "permalink": f"https://www.threads.net/@{rival.handle}/post/{post.id[-11:]}"}
             for post in rivals.posts("threads", rival, since=_since(call), now=now)]
    return _paged(call, items, _limit(call), offset_of(str(call.params.get("after", ""))))


def _threads_profile(call: Call, rival: rivals.Rival) -> Response:
    return JSONResponse({"username": rival.handle, "name": rival.name, "is_verified": False,
                         "profile_picture_url": avatar_url(call, "threads", rival), "biography": "",
                         "follower_count": rivals.followers("threads", rival)})

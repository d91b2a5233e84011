"""Comments people left on a published post, listed in each network's own shape: X (recent search by
conversation_id), Facebook and Instagram (Graph /{id}/comments), YouTube (commentThreads.list) and Reddit
(/comments/{article}). LinkedIn, TikTok, Pinterest, Snapchat and Threads list none here.

The comments are made up, the same for every read: how many is the post's comment count at this moment
(metrics.engagement), each one's text is drawn from a small bank of positive, neutral or negative phrases by
(post id, number), and each post has its own mood (the share of positive and negative comments, from its
id), so sentiment differs from post to post and over time.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import as_utc, utcnow
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.graph_common import graph_time
from allin_app.platforms.simulator.metrics import engagement, seeded_rng
from allin_app.platforms.simulator.publishing import Call, endpoint
from allin_app.platforms.simulator.rest_shapes import has_video, own_post, x_not_found, x_time

MAX_LISTED = 100
POSITIVE = ("Love this!", "This looks amazing, can't wait to try it.", "Best in town, honestly.",
            "So good, thank you!", "Great idea, count me in!", "Absolutely wonderful.", "This made my day :)",
            "Fantastic as always.", "Brilliant, well done!", "Yes please! Looks delicious.")
NEUTRAL = ("What time do you open on Sundays?", "Is this available every day?", "How much is it?",
           "Saw this on my way in.", "Is there parking nearby?", "Tagging my sister.", "Do you ship?",
           "Same as last week?")
NEGATIVE = ("Too expensive for what it is.", "Waited 20 minutes last time, not great.", "Disappointed, it was cold.",
            "Meh, not for me.", "The old one was better, sadly.", "Terrible service yesterday.",
            "This is a bad change.")
AUTHORS = ("alex", "sam", "jordan", "maria", "li", "noah", "emma", "yusuf", "chloe", "ravi", "ines", "tom")


def made_up_comments(post: dict[str, Any], now: datetime | None = None) -> list[dict[str, Any]]:
    """[{id, text, author, created_at}] oldest first, as many as the post's comment count now."""
    now = now or utcnow()
    created = as_utc(post["created_at"])
    link = bool(post.get("link")) or "http" in post.get("text", "")
    count = min(MAX_LISTED, engagement(post["id"], created, has_link=link, has_video=has_video(post), now=now).comments)
    mood = seeded_rng(post["id"], "mood")
    positive, negative = mood.uniform(0.35, 0.85), mood.uniform(0.05, 0.3)
    found = []
    for number in range(count):
        draw = seeded_rng(post["id"], number)
        roll = draw.random()
        bank = POSITIVE if roll < positive else NEGATIVE if roll < positive + negative else NEUTRAL
        minutes = 180 * -math.log(1 - draw.random() * 0.999) * (1 + number / 10)
        found.append({"id": f"{post['id']}{number:04d}", "text": draw.choice(bank), "author": draw.choice(AUTHORS),
                      "created_at": min(now, created + timedelta(minutes=minutes))})
    return sorted(found, key=lambda c: (c["created_at"], c["id"]))


def _limit(call: Call, key: str, default: int) -> int:
    try:
        return max(1, min(MAX_LISTED, int(call.params.get(key, default))))
    except (TypeError, ValueError):
        return default


def x_replies(call: Call) -> Response:
    """GET /2/tweets/search/recent?query=conversation_id:{id}: the replies to one of the caller's posts."""
    query = str(call.params.get("query", ""))
    tweet_id = query.removeprefix("conversation_id:").strip()
    if not query.startswith("conversation_id:") or (post := own_post(call, tweet_id)) is None:
        return x_not_found(tweet_id)
    rows = made_up_comments(post)[:_limit(call, "max_results", 10)]
    body: dict[str, Any] = {"meta": {"result_count": len(rows)}}
    if rows:
        handle = next((p["handle"] for p in store.network_profiles("twitter")
                       if p["external_id"] == post["profile_id"]),
                      post["profile_id"]).lstrip("@")
        body["data"] = [{"id": c["id"], "text": f"@{handle} {c['text']}", "author_id": c["author"],
                         "created_at": x_time(c["created_at"]), "conversation_id": tweet_id} for c in rows]
    return JSONResponse(body)


def _graph_comments(call: Call, node: str, text_key: str, time_key: str, who) -> Response:
    post = own_post(call, call.request.path_params[node])
    if post is None:
        return JSONResponse({"error": {"message": "Unsupported get request.", "type": "GraphMethodException",
                                       "code": 100, "error_subcode": 33}}, status_code=400)
    rows = made_up_comments(post)[:_limit(call, "limit", 25)]
    return JSONResponse({"data": [{"id": c["id"], text_key: c["text"], time_key: graph_time(c["created_at"]),
                                   **who(c)} for c in rows], "paging": {"cursors": {"before": "", "after": ""}}})


def fb_comments(call: Call) -> Response:
    return _graph_comments(call, "post_id", "message", "created_time",
                           lambda c: {"from": {"id": c["author"], "name": c["author"].title()}})


def ig_comments(call: Call) -> Response:
    return _graph_comments(call, "media_id", "text", "timestamp", lambda c: {"username": c["author"]})


def yt_threads(call: Call) -> Response:
    post = own_post(call, str(call.params.get("videoId", "")))
    if post is None:
        return JSONResponse({"error": {"code": 404, "message": "The video identified by the videoId parameter "
                                                               "could not be found.",
                                       "errors": [{"reason": "videoNotFound"}]}}, status_code=404)
    rows = made_up_comments(post)[:_limit(call, "maxResults", 20)]
    items = [{"kind": "youtube#commentThread", "id": c["id"], "snippet": {
        "videoId": post["id"], "totalReplyCount": 0, "topLevelComment": {"kind": "youtube#comment", "id": c["id"],
            "snippet": {"textDisplay": c["text"], "textOriginal": c["text"], "authorDisplayName": c["author"],
                        "publishedAt": x_time(c["created_at"]), "updatedAt": x_time(c["created_at"])}}}} for c in rows]
    return JSONResponse({"kind": "youtube#commentThreadListResponse", "items": items,
                         "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}})


def reddit_comments(call: Call) -> Response:
    post = store.get_post("reddit", call.request.path_params["article"])
    if post is None or post["deleted"]:
        return JSONResponse({"message": "Not Found", "error": 404}, status_code=404)
    rows = made_up_comments(post)[:_limit(call, "limit", 50)]
    things = [{"kind": "t1", "data": {"id": c["id"], "name": f"t1_{c['id']}", "body": c["text"],
                                      "author": c["author"], "created_utc": c["created_at"].timestamp(),
                                      "link_id": f"t3_{post['id']}"}} for c in rows]
    listing = {"kind": "Listing", "data": {"children": things, "after": None, "before": None}}
    article = {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"id": post["id"]}}]}}
    return JSONResponse([article, listing])


def add_comment_routes(router: APIRouter) -> None:
    for network, path, handler, kinds in (
        ("twitter", "/twitter/2/tweets/search/recent", x_replies, ("access",)),
        ("facebook", "/facebook/v19.0/{post_id}/comments", fb_comments, ("page", "access")),
        ("instagram", "/instagram/v19.0/{media_id}/comments", ig_comments, ("page", "access")),
        ("youtube", "/youtube/youtube/v3/commentThreads", yt_threads, ("access",)),
        ("reddit", "/reddit/comments/{article}", reddit_comments, ("access",)),
    ):
        router.add_api_route(path, endpoint(network, handler, token_kinds=kinds), methods=["GET"])

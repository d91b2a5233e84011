"""The simulator's public lookups of accounts AllIN does not manage (see platforms/public.py for who offers
what): X, LinkedIn and Reddit here, Meta's networks in competitors_graph.py, TikTok and YouTube in
competitors_video.py. Any live token of the network may look (as with an app's own credentials on the
real networks); the rivals come from rivals.py.

Where a lookup shares a path with an endpoint for one's own account (X's timeline, Reddit's submitted,
YouTube's channels, a Graph node), it answers for rivals and hands every other call to that endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import as_utc, utcnow
from allin_app.platforms.simulator import competitors_graph as graph
from allin_app.platforms.simulator import competitors_video as video
from allin_app.platforms.simulator import rivals
from allin_app.platforms.simulator.competitor_common import ahead_of, avatar_url, offset_of, page_of
from allin_app.platforms.simulator.publishing import Call, endpoint
from allin_app.platforms.simulator.rest_shapes import li_error, x_invalid, x_time

X_PAGE = (5, 100)  # max_results bounds of X's timeline


# --- X -----------------------------------------------------------------------------------------


def x_user_by_username(call: Call) -> Response:
    name = call.request.path_params["username"]
    rival = rivals.find("twitter", name)
    if rival is None:  # X answers a missing user with 200 and an `errors` list
        return JSONResponse({"errors": [{"value": name, "detail": f"Could not find user with username: [{name}].",
                                         "title": "Not Found Error", "resource_type": "user", "parameter": "username",
                                         "resource_id": name,
                                         "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
    now = utcnow()
    metrics = {"followers_count": rivals.followers("twitter", rival, now), "following_count": 412,
               "tweet_count": rivals.post_count("twitter", rival, now), "listed_count": 37, "like_count": 2150}
    return JSONResponse({"data": {"id": rivals.external_id_of("twitter", rival), "name": rival.name,
                                  "username": rival.handle, "description": "", "verified": False,
                                  "profile_image_url": avatar_url(call, "twitter", rival), "public_metrics": metrics}})


def x_rival_timeline(call: Call) -> Response:
    rival = rivals.find_by_id("twitter", call.request.path_params["user_id"])
    raw = str(call.params.get("max_results", "10"))
    if not raw.isdigit() or not X_PAGE[0] <= int(raw) <= X_PAGE[1]:
        return x_invalid(f"The `max_results` query parameter value [{raw}] is not between {X_PAGE[0]} and {X_PAGE[1]}")
    start = str(call.params.get("start_time", ""))
    since = as_utc(datetime.fromisoformat(start)) if start else None
    now = utcnow()
    found = rivals.posts("twitter", rival, since=since, now=now)
    chunk, following = page_of(found, offset_of(str(call.params.get("pagination_token", ""))), int(raw))
    data = []
    for post in chunk:
        seen = rivals.counters("twitter", rival, post, now)
        data.append({"id": post.id, "text": post.text, "created_at": x_time(post.created_at),
                     "edit_history_tweet_ids": [post.id], "public_metrics": {
                         "retweet_count": seen.shares - seen.shares // 3, "reply_count": seen.comments,
                         "like_count": seen.likes, "quote_count": seen.shares // 3, "bookmark_count": seen.saves,
                         "impression_count": seen.impressions}})
    meta = {"result_count": len(data)} | ({"newest_id": data[0]["id"], "oldest_id": data[-1]["id"]} if data else {})
    if following is not None:
        meta["next_token"] = str(following)
    return JSONResponse({"data": data, "meta": meta} if data else {"meta": meta})


# --- LinkedIn ----------------------------------------------------------------------------------


def li_organizations_by_vanity(call: Call) -> Response:
    if call.params.get("q") != "vanityName":
        return li_error(400, "Only the vanityName finder is supported here.")
    rival = rivals.find("linkedin", str(call.params.get("vanityName", "")))
    elements = [{"id": int(rivals.external_id_of("linkedin", rival)), "localizedName": rival.name,
                 "vanityName": rival.handle, "localizedWebsite": ""}] if rival else []
    return JSONResponse({"elements": elements, "paging": {"count": 10, "start": 0, "links": []}})


def _rival_of_urn(urn: str) -> rivals.Rival | None:
    return rivals.find_by_id("linkedin", urn.rsplit(":", 1)[-1])


def li_network_size(call: Call) -> Response:
    rival = _rival_of_urn(call.request.path_params["urn"])
    return JSONResponse({"firstDegreeSize": rivals.followers("linkedin", rival)})


# --- Reddit ------------------------------------------------------------------------------------


def reddit_about(call: Call) -> Response:
    rival = rivals.find("reddit", call.request.path_params["name"])
    if rival is None:
        return JSONResponse({"message": "Not Found", "error": 404}, status_code=404)
    now = utcnow()
    subscribers = rivals.followers("reddit", rival, now)
    return JSONResponse({"kind": "t2", "data": {
        "id": rivals.external_id_of("reddit", rival), "name": rival.handle, "icon_img": avatar_url(call, "reddit", rival),
        "total_karma": subscribers * 3, "link_karma": subscribers * 2, "comment_karma": subscribers,
        "created_utc": 1_546_300_800.0, "subreddit": {
            "display_name_prefixed": f"u/{rival.handle}", "title": rival.name, "subscribers": subscribers}}})


def reddit_rival_submitted(call: Call) -> Response:
    rival = rivals.find("reddit", call.request.path_params["name"])
    now = utcnow()
    size = max(1, min(100, int(call.params.get("limit") or 25)))
    found = rivals.posts("reddit", rival, now=now)
    after = str(call.params.get("after", "")).removeprefix("t3_")
    start = next((n + 1 for n, post in enumerate(found) if post.id == after), 0) if after else 0
    chunk, following = page_of(found, start, size)
    children = []
    for post in chunk:
        seen = rivals.counters("reddit", rival, post, now)
        children.append({"kind": "t3", "data": {
            "id": post.id, "name": f"t3_{post.id}", "title": post.text[:300], "selftext": "",
            "created_utc": post.created_at.timestamp(), "score": seen.likes, "ups": seen.likes,
            "num_comments": seen.comments, "num_crossposts": seen.shares, "author": rival.handle,
            "subreddit": f"u_{rival.handle}", "view_count": None,
            "permalink": f"/user/{rival.handle}/comments/{post.id}/", "url": f"https://www.reddit.com/user/"
                                                                             f"{rival.handle}/comments/{post.id}/"}})
    return JSONResponse({"kind": "Listing", "data": {
        "after": f"t3_{chunk[-1].id}" if following is not None and chunk else None, "before": None,
        "dist": len(children), "children": children}})


# --- routes ------------------------------------------------------------------------------------


def _query_wants(wanted: Callable[[dict[str, str]], bool]) -> Callable[[Request], bool]:
    return lambda request: wanted(dict(request.query_params))


def _path_wants(wanted: Callable[[dict[str, str]], bool]) -> Callable[[Request], bool]:
    return lambda request: wanted(dict(request.path_params))


def add_competitor_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py` last, so the endpoints they go ahead of exist."""
    new_routes = (
        ("twitter", "/2/users/by/username/{username}", "GET", x_user_by_username),
        ("linkedin", "/rest/organizations", "GET", li_organizations_by_vanity),
        ("facebook", "/v19.0/{page_id}/posts", "GET", graph.fb_page_posts),
        ("tiktok", "/v2/research/user/info/", "POST", video.tiktok_user_info),
        ("tiktok", "/v2/research/video/query/", "POST", video.tiktok_video_query),
        ("reddit", "/user/{name}/about", "GET", reddit_about),
    )
    for network, path, method, handler in new_routes:
        kinds = ("page", "access") if network == "facebook" else ("access",)
        router.add_api_route(f"/{network}{path}", endpoint(network, handler, token_kinds=kinds), methods=[method])
    shared_paths = (
        ("twitter", "/2/users/{user_id}/tweets", _path_wants(lambda p: rivals.find_by_id(
            "twitter", p.get("user_id", "")) is not None), x_rival_timeline, ("access",)),
        ("linkedin", "/rest/networkSizes/{urn}", _path_wants(lambda p: _rival_of_urn(p.get("urn", "")) is not None),
         li_network_size, ("access",)),
        ("reddit", "/user/{name}/submitted", _path_wants(lambda p: rivals.find("reddit", p.get("name", ""))
                                                         is not None), reddit_rival_submitted, ("access",)),
        ("facebook", "/v19.0/{post_id}", _path_wants(graph.wants_page), graph.fb_page, ("page", "access")),
        ("instagram", "/v19.0/{node_id}", _query_wants(graph.wants_discovery), graph.ig_business_discovery,
         ("page", "access")),
        ("threads", "/v1.0/{post_id}", _path_wants(graph.wants_discovery_path), graph.threads_discovery, ("access",)),
        ("youtube", "/youtube/v3/channels", _query_wants(video.wants_channel), video.youtube_channels, ("access",)),
        ("youtube", "/youtube/v3/playlistItems", _query_wants(video.wants_playlist), video.youtube_playlist_items,
         ("access",)),
        ("youtube", "/youtube/v3/videos", _query_wants(video.wants_videos), video.youtube_videos, ("access",)),
    )
    for network, path, wanted, handler, kinds in shared_paths:
        ahead_of(router, f"/{network}{path}", "GET", wanted, endpoint(network, handler, token_kinds=kinds))

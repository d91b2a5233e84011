"""X and LinkedIn posts in their own shapes (X API v2, LinkedIn Posts API): text, links, media, replies and
comments, listings and metrics. Uploads are in `rest_media.py`; Reddit, whose routes are added here, in
`rest_reddit.py`."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.base import split_scopes
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import describe
from allin_app.platforms.simulator.metrics import Engagement, engagement
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from allin_app.platforms.simulator.publishing import Call, endpoint, new_id, throttle
from allin_app.platforms.simulator.rest_linkedin_media import li_post_media
from allin_app.platforms.simulator.rest_media import x_tweet_media
from allin_app.platforms.simulator.rest_reddit import add_reddit_routes
from allin_app.platforms.simulator.rest_shapes import (
    X_INVALID_REQUEST,
    add_comment,
    comment_count,
    has_video,
    iso,
    li_error,
    li_headers_missing,
    li_profile,
    li_time,
    li_unprocessable,
    mark_used,
    own_post,
    x_not_found,
    x_problem,
)

X_MEDIA_TYPES = {"image": "photo", "gif": "animated_gif", "video": "video"}


def _seen(post: dict[str, Any]) -> Engagement:
    link = bool(post["link"]) or "http" in post["text"]
    return engagement(post["id"], post["created_at"], has_link=link, has_video=has_video(post))


# --- X ----------------------------------------------------------------------------------------


def _x_text_refused(text: str, with_media: bool) -> JSONResponse | None:
    limit = PUBLISH_RULES["twitter"].text_limit
    if (text or with_media) and len(text) <= limit:
        return None
    detail = f"Tweet text is too long: {len(text)} characters (the limit is {limit})." if text else "text is empty"
    return JSONResponse({"errors": [{"parameters": {"text": [text[:50]]}, "message": detail}],
                         "title": "Invalid Request", "detail": detail, "type": X_INVALID_REQUEST}, status_code=400)


def _x_reply_refused(reply_to: str) -> JSONResponse | None:
    target = store.get_post("twitter", reply_to) if reply_to else None
    if not reply_to or (target is not None and not target["deleted"]):
        return None
    return x_problem(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you.")


def x_create(call: Call) -> Response:
    """POST /2/tweets {text, media.media_ids, reply.in_reply_to_tweet_id}."""
    user_id = call.grant["profile_ids"][0]
    text = str(call.params.get("text", ""))
    media_ids = (call.params.get("media") or {}).get("media_ids") or []
    reply_to = str((call.params.get("reply") or {}).get("in_reply_to_tweet_id") or "")
    if refused := _x_text_refused(text, bool(media_ids)):
        return refused
    if text and any(p["text"] == text for p in store.profile_posts("twitter", user_id, 200)):
        return x_problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
    rows, refused = x_tweet_media(user_id, list(media_ids)) if media_ids else ([], None)
    if refused := refused or _x_reply_refused(reply_to) or throttle("twitter", user_id):
        return refused
    post = store.create_post("twitter", user_id, new_id(19), text, extra={
        "media": describe(rows), "media_keys": [row["extra"]["media_key"] for row in rows],
        "reply_to": reply_to or None})
    mark_used("twitter", rows, post["id"])
    return JSONResponse({"data": {"id": post["id"], "text": text, "edit_history_tweet_ids": [post["id"]]}},
                        status_code=201)


def x_delete(call: Call) -> Response:
    tweet_id = call.request.path_params["tweet_id"]
    if own_post(call, tweet_id) is None:
        return x_not_found(tweet_id)
    store.update_post("twitter", tweet_id, deleted=True)
    return JSONResponse({"data": {"deleted": True}})


def _x_tweet(post: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """A post as X lists it: the default fields, plus `attachments` and `referenced_tweets` when asked for."""
    tweet: dict[str, Any] = {"id": post["id"], "text": post["text"], "edit_history_tweet_ids": [post["id"]]}
    if "created_at" in fields:
        tweet["created_at"] = iso(post)
    if "attachments" in fields and post["extra"].get("media_keys"):
        tweet["attachments"] = {"media_keys": post["extra"]["media_keys"]}
    if "referenced_tweets" in fields and post["extra"].get("reply_to"):
        tweet["referenced_tweets"] = [{"type": "replied_to", "id": post["extra"]["reply_to"]}]
    return tweet


def _x_media_objects(post: dict[str, Any], seen: Engagement, fields: list[str]) -> list[dict[str, Any]]:
    """`includes.media` for expansions=attachments.media_keys; views come with media.fields=public_metrics."""
    objects = []
    for key, item in zip(post["extra"].get("media_keys", []), post["extra"].get("media", []), strict=True):
        media = {"media_key": key, "type": X_MEDIA_TYPES[item["kind"]], "width": item["width"],
                 "height": item["height"]}
        if "alt_text" in fields and item["alt_text"]:
            media["alt_text"] = item["alt_text"]
        if item["kind"] == "video":
            media["duration_ms"] = int((item["duration"] or 0) * 1000)
            if "public_metrics" in fields:
                media["public_metrics"] = {"view_count": seen.video_views}
        objects.append(media)
    return objects


def x_lookup(call: Call) -> Response:
    tweet_id = call.request.path_params["tweet_id"]
    if (post := own_post(call, tweet_id)) is None:
        return x_not_found(tweet_id)
    seen = _seen(post)
    fields = str(call.params.get("tweet.fields", "")).split(",")
    data = _x_tweet(post, [*fields, "created_at"])
    if "public_metrics" in fields:
        data["public_metrics"] = {"retweet_count": seen.shares * 2 // 3, "quote_count": seen.shares // 3,
                                  "reply_count": seen.comments, "like_count": seen.likes,
                                  "bookmark_count": seen.saves, "impression_count": seen.impressions}
    if "non_public_metrics" in fields:  # only for the author's own posts younger than 30 days
        data["non_public_metrics"] = {"impression_count": seen.impressions, "url_link_clicks": seen.clicks,
                                      "user_profile_clicks": seen.clicks // 3}
    body: dict[str, Any] = {"data": data}
    if "attachments.media_keys" in str(call.params.get("expansions", "")) and post["extra"].get("media_keys"):
        body["includes"] = {"media": _x_media_objects(post, seen, str(call.params.get("media.fields", "")).split(","))}
    return JSONResponse(body)


def x_timeline(call: Call) -> Response:
    user_id = call.request.path_params["user_id"]
    count = int(call.params.get("max_results", 10))
    if not 5 <= count <= 100:
        detail = f"The `max_results` query parameter value [{count}] is not between 5 and 100"
        return x_problem(400, "Invalid Request", detail, X_INVALID_REQUEST)
    rows = store.profile_posts("twitter", user_id, count) if call.may_act_for(user_id) else []
    fields = str(call.params.get("tweet.fields", "")).split(",")
    body: dict[str, Any] = {"meta": {"result_count": len(rows)}}
    if rows:  # X leaves `data` out when there is nothing
        body["data"] = [_x_tweet(p, fields) for p in rows]
        body["meta"] |= {"newest_id": rows[0]["id"], "oldest_id": rows[-1]["id"]}
    return JSONResponse(body)


# --- LinkedIn ---------------------------------------------------------------------------------


def li_create(call: Call) -> Response:
    if refused := li_headers_missing(call):
        return refused
    author, text = str(call.params.get("author", "")), str(call.params.get("commentary", ""))
    if not re.fullmatch(r"urn:li:(person|organization):[\w-]+", author) or not call.may_act_for(li_profile(author)):
        return li_error(403, f"Not enough permissions to create a post as {author}")
    if call.params.get("lifecycleState") != "PUBLISHED" or "distribution" not in call.params:
        return li_unprocessable("/lifecycleState must be PUBLISHED and /distribution is required")
    limit = PUBLISH_RULES["linkedin"].text_limit
    if len(text) > limit:
        return li_unprocessable(f"/commentary :: length {len(text)} exceeds the maximum of {limit}")
    content = call.params.get("content") or {}
    rows, refused = li_post_media(li_profile(author), content)
    if refused := refused or throttle("linkedin", li_profile(author)):
        return refused
    kind = "ugcPost" if any(row["kind"] == "video" for row in rows) else "share"
    post = store.create_post("linkedin", li_profile(author), f"urn:li:{kind}:{new_id(19)}", text,
                             content.get("article", {}).get("source"),
                             extra={"author": author, "content": content, "media": describe(rows)})
    mark_used("linkedin", rows, post["id"])
    return Response(status_code=201, headers={"x-restli-id": post["id"], "x-linkedin-id": post["id"]})


def li_delete(call: Call) -> Response:
    urn = call.request.path_params["urn"]
    if refused := li_headers_missing(call):
        return refused
    if own_post(call, urn) is None:
        return li_error(404, f"Post {urn} not found")
    store.update_post("linkedin", urn, deleted=True)
    return Response(status_code=204)


def _li_element(post: dict[str, Any], author: str) -> dict[str, Any]:
    element = {"id": post["id"], "author": author, "commentary": post["text"], "visibility": "PUBLIC",
               "lifecycleState": "PUBLISHED", "createdAt": li_time(post["created_at"]),
               "publishedAt": li_time(post["created_at"])}
    if post["extra"].get("content"):
        element["content"] = post["extra"]["content"]
    return element


def li_by_author(call: Call) -> Response:
    author = str(call.params.get("author", ""))
    if (refused := li_headers_missing(call)) or call.params.get("q") != "author":
        return refused or li_error(400, "q=author is required")
    rows = store.profile_posts("linkedin", li_profile(author), int(call.params.get("count", 10)))
    elements = [_li_element(post, author) for post in rows]
    return JSONResponse({"elements": elements, "paging": {"start": 0, "count": len(elements), "links": []}})


def li_social_actions(call: Call) -> Response:
    urn = call.request.path_params["urn"]
    if (post := own_post(call, urn)) is None:
        return li_error(404, f"{urn} not found")
    seen = _seen(post)
    comments = seen.comments + comment_count(post)
    return JSONResponse({"target": urn, "likesSummary": {"totalLikes": seen.likes, "likedByCurrentUser": False},
                         "commentsSummary": {"totalFirstLevelComments": comments,
                                             "aggregatedTotalComments": comments}})


def li_comment(call: Call) -> Response:
    """POST /rest/socialActions/{urn}/comments {actor, object, message.text}."""
    if refused := li_headers_missing(call):
        return refused
    urn, actor = call.request.path_params["urn"], str(call.params.get("actor", ""))
    text = str((call.params.get("message") or {}).get("text", ""))
    post = store.get_post("linkedin", urn)
    if post is None or post["deleted"]:
        return li_error(404, f"{urn} not found")
    if not actor.startswith("urn:li:") or not call.may_act_for(li_profile(actor)):
        return li_error(403, f"Not enough permissions to comment as {actor}")
    if not text.strip():
        return li_unprocessable("/message/text is required")
    comment_urn = f"urn:li:comment:({urn},{new_id(19)})"
    add_comment("linkedin", post, {"id": comment_urn, "actor": actor, "text": text})
    body = {"actor": actor, "object": urn, "message": {"text": text}, "id": comment_urn.rsplit(",", 1)[1][:-1],
            "$URN": comment_urn, "created": {"actor": actor, "time": li_time(utcnow())}}
    return JSONResponse(body, status_code=201, headers={"x-restli-id": comment_urn})


def li_share_statistics(call: Call) -> Response:
    """Share URNs go in `shares=List(...)`, ugcPost URNs (video posts) in `ugcPosts=List(...)`."""
    org = str(call.params.get("organizationalEntity", ""))
    listed = str(call.params.get("shares") or call.params.get("ugcPosts") or "")
    urn = listed.removeprefix("List(").removesuffix(")")
    if (post := own_post(call, urn)) is None or post["extra"].get("author") != org:
        return li_error(404, f"{urn} not found for {org}")
    seen = _seen(post)
    stats = {"uniqueImpressionsCount": seen.reach, "shareCount": seen.shares, "clickCount": seen.clicks,
             "likeCount": seen.likes, "impressionCount": seen.impressions,
             "commentCount": seen.comments + comment_count(post),
             "engagement": round((seen.likes + seen.comments + seen.shares + seen.clicks)
                                 / max(1, seen.impressions), 4)}
    return JSONResponse({"elements": [{"organizationalEntity": org, "share": urn, "totalShareStatistics": stats}],
                         "paging": {"start": 0, "count": 10, "links": []}})


def li_video_analytics(call: Call) -> Response:
    """GET /rest/videoAnalytics?q=entity&entity={ugcPost urn}&type=VIDEO_VIEW&aggregation=ALL (organizations,
    with r_organization_social)."""
    if refused := li_headers_missing(call):
        return refused
    if call.params.get("q") != "entity" or call.params.get("type") != "VIDEO_VIEW":
        return li_error(400, "q=entity and type=VIDEO_VIEW are required")
    if "r_organization_social" not in split_scopes(call.grant["scopes"]):
        return JSONResponse({"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                             "message": "Not enough permissions to access: videoAnalytics.FINDER-entity"},
                            status_code=403)
    urn = str(call.params.get("entity", ""))
    post = own_post(call, urn)
    if post is None or not has_video(post) or not post["extra"]["author"].startswith("urn:li:organization:"):
        return li_error(404, f"No organization video post {urn}")
    seen = _seen(post)
    element = {"entity": urn, "type": "VIDEO_VIEW", "value": seen.video_views,
               "timeRange": {"start": li_time(post["created_at"]), "end": li_time(utcnow())}}
    return JSONResponse({"elements": [element], "paging": {"start": 0, "count": 10, "links": []}})


def add_rest_post_routes(router: APIRouter) -> None:
    for path, handler, method, creates in (
        ("/twitter/2/tweets", x_create, "POST", True),
        ("/twitter/2/tweets/{tweet_id}", x_delete, "DELETE", False),
        ("/twitter/2/tweets/{tweet_id}", x_lookup, "GET", False),
        ("/twitter/2/users/{user_id}/tweets", x_timeline, "GET", False),
        ("/linkedin/rest/posts", li_create, "POST", True),
        ("/linkedin/rest/posts", li_by_author, "GET", False),
        ("/linkedin/rest/posts/{urn}", li_delete, "DELETE", False),
        ("/linkedin/rest/socialActions/{urn}", li_social_actions, "GET", False),
        ("/linkedin/rest/socialActions/{urn}/comments", li_comment, "POST", False),
        ("/linkedin/rest/organizationalEntityShareStatistics", li_share_statistics, "GET", False),
        ("/linkedin/rest/videoAnalytics", li_video_analytics, "GET", False),
    ):
        network = path.split("/")[1]
        router.add_api_route(path, endpoint(network, handler, creates=creates), methods=[method])
    add_reddit_routes(router)

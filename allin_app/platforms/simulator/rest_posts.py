"""X, LinkedIn and Reddit posts in their own shapes (X API v2, LinkedIn Posts API, Reddit /api/submit)."""

from __future__ import annotations

import random
import re
import string
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.networks import PUBLISH_RULES, REDDIT_TITLE_LIMIT
from allin_app.platforms.simulator.publishing import Call, endpoint, new_id, publish_wait, throttle


def _own_post(call: Call, post_id: str) -> dict[str, Any] | None:
    post = store.get_post(call.network, post_id)
    return post if post and not post["deleted"] and call.may_act_for(post["profile_id"]) else None


def _iso(post: dict[str, Any]) -> str:
    return post["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z")


# --- X ----------------------------------------------------------------------------------------


def _x_problem(status: int, title: str, detail: str, kind: str = "about:blank") -> JSONResponse:
    return JSONResponse({"title": title, "detail": detail, "type": kind, "status": status}, status_code=status)


def _x_not_found(tweet_id: str) -> JSONResponse:  # X answers 200 with an `errors` list
    return JSONResponse({"errors": [{"value": tweet_id, "detail": f"Could not find tweet with id: [{tweet_id}].",
                                     "title": "Not Found Error", "resource_type": "tweet", "parameter": "id",
                                     "resource_id": tweet_id,
                                     "type": "https://api.twitter.com/2/problems/resource-not-found"}]})


def x_create(call: Call) -> Response:
    user_id = call.grant["profile_ids"][0]
    text = str(call.params.get("text", ""))
    limit = PUBLISH_RULES["twitter"].text_limit
    if not text or len(text) > limit:
        detail = f"Tweet text is too long: {len(text)} characters (the limit is {limit})." if text else "text is empty"
        return JSONResponse({"errors": [{"parameters": {"text": [text[:50]]}, "message": detail}],
                             "title": "Invalid Request", "detail": detail,
                             "type": "https://api.twitter.com/2/problems/invalid-request"}, status_code=400)
    if any(p["text"] == text for p in store.profile_posts("twitter", user_id, 200)):
        return _x_problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.")
    if refused := throttle("twitter", user_id):
        return refused
    post = store.create_post("twitter", user_id, new_id(19), text)
    return JSONResponse({"data": {"id": post["id"], "text": text, "edit_history_tweet_ids": [post["id"]]}},
                        status_code=201)


def x_delete(call: Call) -> Response:
    tweet_id = call.request.path_params["tweet_id"]
    if _own_post(call, tweet_id) is None:
        return _x_not_found(tweet_id)
    store.update_post("twitter", tweet_id, deleted=True)
    return JSONResponse({"data": {"deleted": True}})


def x_lookup(call: Call) -> Response:
    tweet_id = call.request.path_params["tweet_id"]
    if (post := _own_post(call, tweet_id)) is None:
        return _x_not_found(tweet_id)
    seen = engagement(post["id"], post["created_at"], has_link="http" in post["text"])
    data: dict[str, Any] = {"id": tweet_id, "text": post["text"], "created_at": _iso(post),
                            "edit_history_tweet_ids": [tweet_id]}
    fields = str(call.params.get("tweet.fields", "")).split(",")
    if "public_metrics" in fields:
        data["public_metrics"] = {"retweet_count": seen.shares * 2 // 3, "quote_count": seen.shares // 3,
                                  "reply_count": seen.comments, "like_count": seen.likes,
                                  "bookmark_count": seen.saves, "impression_count": seen.impressions}
    if "non_public_metrics" in fields:  # only for the author's own posts younger than 30 days
        data["non_public_metrics"] = {"impression_count": seen.impressions, "url_link_clicks": seen.clicks,
                                      "user_profile_clicks": seen.clicks // 3}
    return JSONResponse({"data": data})


def x_timeline(call: Call) -> Response:
    user_id = call.request.path_params["user_id"]
    count = int(call.params.get("max_results", 10))
    if not 5 <= count <= 100:
        detail = f"The `max_results` query parameter value [{count}] is not between 5 and 100"
        return _x_problem(400, "Invalid Request", detail, "https://api.twitter.com/2/problems/invalid-request")
    rows = store.profile_posts("twitter", user_id, count) if call.may_act_for(user_id) else []
    body: dict[str, Any] = {"meta": {"result_count": len(rows)}}
    if rows:  # X leaves `data` out when there is nothing
        body["data"] = [{"id": p["id"], "text": p["text"], "created_at": _iso(p),
                         "edit_history_tweet_ids": [p["id"]]} for p in rows]
        body["meta"] |= {"newest_id": rows[0]["id"], "oldest_id": rows[-1]["id"]}
    return JSONResponse(body)


# --- LinkedIn ---------------------------------------------------------------------------------


def _li_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"status": status, "message": message}, status_code=status)


def _li_headers_missing(call: Call) -> JSONResponse | None:
    headers = call.request.headers
    if not re.fullmatch(r"\d{6}", headers.get("linkedin-version", "")):
        return JSONResponse({"status": 426, "code": "NONEXISTENT_VERSION",
                             "message": "Requested version is not active"}, status_code=426)
    if headers.get("x-restli-protocol-version") != "2.0.0":
        return _li_error(400, "X-Restli-Protocol-Version 2.0.0 is required")
    return None


def _li_profile(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


def li_create(call: Call) -> Response:
    if refused := _li_headers_missing(call):
        return refused
    author, text = str(call.params.get("author", "")), str(call.params.get("commentary", ""))
    if not re.fullmatch(r"urn:li:(person|organization):[\w-]+", author) or not call.may_act_for(_li_profile(author)):
        return _li_error(403, f"Not enough permissions to create a post as {author}")
    if call.params.get("lifecycleState") != "PUBLISHED" or "distribution" not in call.params:
        return _li_error(422, "/lifecycleState must be PUBLISHED and /distribution is required")
    limit = PUBLISH_RULES["linkedin"].text_limit
    if len(text) > limit:
        return JSONResponse({"errorDetailType": "com.linkedin.common.error.BadRequest", "status": 422,
                             "message": f"/commentary :: length {len(text)} exceeds the maximum of {limit}"},
                            status_code=422)
    if refused := throttle("linkedin", _li_profile(author)):
        return refused
    link = (call.params.get("content") or {}).get("article", {}).get("source")
    post = store.create_post("linkedin", _li_profile(author), f"urn:li:share:{new_id(19)}", text, link,
                             extra={"author": author})
    return Response(status_code=201, headers={"x-restli-id": post["id"], "x-linkedin-id": post["id"]})


def li_delete(call: Call) -> Response:
    urn = call.request.path_params["urn"]
    if refused := _li_headers_missing(call):
        return refused
    if _own_post(call, urn) is None:
        return _li_error(404, f"Post {urn} not found")
    store.update_post("linkedin", urn, deleted=True)
    return Response(status_code=204)


def li_by_author(call: Call) -> Response:
    author = str(call.params.get("author", ""))
    if (refused := _li_headers_missing(call)) or call.params.get("q") != "author":
        return refused or _li_error(400, "q=author is required")
    rows = store.profile_posts("linkedin", _li_profile(author), int(call.params.get("count", 10)))
    elements = [{"id": p["id"], "author": author, "commentary": p["text"], "visibility": "PUBLIC",
                 "lifecycleState": "PUBLISHED", "createdAt": int(p["created_at"].timestamp() * 1000),
                 "publishedAt": int(p["created_at"].timestamp() * 1000)} for p in rows]
    return JSONResponse({"elements": elements, "paging": {"start": 0, "count": len(elements), "links": []}})


def li_social_actions(call: Call) -> Response:
    urn = call.request.path_params["urn"]
    if (post := _own_post(call, urn)) is None:
        return _li_error(404, f"{urn} not found")
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    return JSONResponse({"target": urn, "likesSummary": {"totalLikes": seen.likes, "likedByCurrentUser": False},
                         "commentsSummary": {"totalFirstLevelComments": seen.comments,
                                             "aggregatedTotalComments": seen.comments}})


def li_share_statistics(call: Call) -> Response:
    org = str(call.params.get("organizationalEntity", ""))
    urn = str(call.params.get("shares", "")).removeprefix("List(").removesuffix(")")
    if (post := _own_post(call, urn)) is None or post["extra"].get("author") != org:
        return _li_error(404, f"{urn} not found for {org}")
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    stats = {"uniqueImpressionsCount": seen.reach, "shareCount": seen.shares, "clickCount": seen.clicks,
             "likeCount": seen.likes, "impressionCount": seen.impressions, "commentCount": seen.comments,
             "engagement": round((seen.likes + seen.comments + seen.shares + seen.clicks)
                                 / max(1, seen.impressions), 4)}
    return JSONResponse({"elements": [{"organizationalEntity": org, "share": urn, "totalShareStatistics": stats}],
                         "paging": {"start": 0, "count": 10, "links": []}})


# --- Reddit -----------------------------------------------------------------------------------


def _reddit_errors(*errors: list[str]) -> JSONResponse:  # Reddit refuses with 200 and a list of triples
    return JSONResponse({"json": {"errors": list(errors)}})


def _reddit_thing(post: dict[str, Any]) -> dict[str, Any]:
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    gone = post["deleted"]
    sr = post["extra"]["sr"]
    return {"kind": "t3", "data": {
        "id": post["id"], "name": f"t3_{post['id']}", "subreddit": sr, "title": post["extra"]["title"],
        "selftext": "[deleted]" if gone else post["text"], "author": "[deleted]" if gone else post["extra"]["author"],
        "removed_by_category": "deleted" if gone else None, "url": post["link"] or post["extra"]["url"],
        "permalink": post["extra"]["permalink"], "created_utc": post["created_at"].timestamp(),
        "score": seen.likes, "ups": seen.likes, "upvote_ratio": 0.97, "num_comments": seen.comments,
        "num_crossposts": seen.shares, "view_count": None, "is_self": post["link"] is None}}


def _listing(things: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "Listing", "data": {"after": None, "before": None, "dist": len(things), "children": things}}


def reddit_submit(call: Call) -> Response:
    p = call.params
    me = next(x for x in store.network_profiles("reddit") if x["external_id"] == call.grant["profile_ids"][0])
    title, kind, sr = str(p.get("title", "")), p.get("kind"), str(p.get("sr", ""))
    text, url = str(p.get("text", "")), p.get("url")
    if not title:
        return _reddit_errors(["NO_TEXT", "we need something here", "title"])
    if len(title) > REDDIT_TITLE_LIMIT:
        return _reddit_errors(["TOO_LONG", f"this is too long (max: {REDDIT_TITLE_LIMIT})", "title"])
    if len(text) > (limit := PUBLISH_RULES["reddit"].text_limit):
        return _reddit_errors(["TOO_LONG", f"this is too long (max: {limit})", "text"])
    if kind not in ("self", "link") or (kind == "link" and not url) or not sr:
        return _reddit_errors(["BAD_SR_NAME" if not sr else "NO_URL", "that field is required", "sr" if not sr
                               else "url"])
    if wait := publish_wait("reddit", me["external_id"]):
        minutes = max(1, -(-wait // 60))
        message = (f"Looks like you've been doing that a lot. Take a break for {minutes} "
                   f"minute{'s' if minutes > 1 else ''} before trying again.")
        return _reddit_errors(["RATELIMIT", message, "ratelimit"])
    post_id = "".join(random.choices(string.digits + string.ascii_lowercase, k=7))
    slug = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:50]
    permalink = f"/r/{sr}/comments/{post_id}/{slug}/"
    full_url = f"https://www.reddit.com{permalink}"
    store.create_post("reddit", me["external_id"], post_id, text, url if kind == "link" else None,
                      extra={"sr": sr, "title": title, "author": me["handle"], "permalink": permalink,
                             "url": full_url})
    return JSONResponse({"json": {"errors": [], "data": {"url": full_url, "drafts_count": 0, "id": post_id,
                                                         "name": f"t3_{post_id}"}}})


def reddit_delete(call: Call) -> Response:
    post_id = str(call.params.get("id", "")).removeprefix("t3_")
    if _own_post(call, post_id) is not None:
        store.update_post("reddit", post_id, deleted=True)
    return JSONResponse({})  # Reddit answers {} whether or not there was anything to delete


def reddit_info(call: Call) -> Response:
    ids = [i.removeprefix("t3_") for i in str(call.params.get("id", "")).split(",") if i]
    posts = [p for i in ids if (p := store.get_post("reddit", i))]
    return JSONResponse(_listing([_reddit_thing(p) for p in posts]))


def reddit_submitted(call: Call) -> Response:
    name = call.request.path_params["name"]
    me = next((x for x in store.network_profiles("reddit") if x["handle"] == name), None)
    rows = store.profile_posts("reddit", me["external_id"], int(call.params.get("limit", 25))) if me else []
    return JSONResponse(_listing([_reddit_thing(p) for p in rows]))


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
        ("/linkedin/rest/organizationalEntityShareStatistics", li_share_statistics, "GET", False),
        ("/reddit/api/submit", reddit_submit, "POST", True),
        ("/reddit/api/del", reddit_delete, "POST", False),
        ("/reddit/api/info", reddit_info, "GET", False),
        ("/reddit/user/{name}/submitted", reddit_submitted, "GET", False),
    ):
        network = path.split("/")[1]
        router.add_api_route(path, endpoint(network, handler, creates=creates), methods=[method])

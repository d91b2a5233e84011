"""Facebook Page posts and Threads posts, in Graph API shapes (ids, `data` lists, insights, errors)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.metrics import engagement
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from allin_app.platforms.simulator.publishing import Call, endpoint, graph_error, new_id, throttle

FB = "/v19.0"
TH = "/v1.0"


def graph_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def _missing(object_id: str) -> JSONResponse:
    return graph_error(f"Unsupported get request. Object with ID '{object_id}' does not exist, cannot be loaded due "
                       "to missing permissions, or does not support this operation.", 100, subcode=33)


def _own_post(call: Call, post_id: str) -> dict[str, Any] | None:
    post = store.get_post(call.network, post_id)
    ok = post is not None and post["published"] and not post["deleted"] and call.may_act_for(post["profile_id"])
    return post if ok else None


def _too_long(call: Call, text: str, field: str) -> JSONResponse | None:
    limit = PUBLISH_RULES[call.network].text_limit
    if len(text) <= limit:
        return None
    return graph_error(f"(#100) Param {field} must be at most {limit} characters long.", 100)


def _insights(post: dict[str, Any], names: dict[str, int]) -> dict[str, Any]:
    return {"data": [{"name": name, "period": "lifetime", "title": name, "values": [{"value": value}],
                      "id": f"{post['id']}/insights/{name}/lifetime"} for name, value in names.items()]}


def _delete(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if _own_post(call, post_id) is None:
        return _missing(post_id)
    store.update_post(call.network, post_id, deleted=True)
    return JSONResponse({"success": True})


# --- Facebook ---------------------------------------------------------------------------------


def _fb_permalink(post_id: str) -> str:
    page_id, _, story = post_id.partition("_")
    return f"https://www.facebook.com/{page_id}/posts/{story}"


def fb_feed(call: Call) -> JSONResponse:
    page_id = call.request.path_params["page_id"]
    if call.token_kind != "page" or not call.may_act_for(page_id):
        return graph_error("(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts "
                           "as an admin with sufficient administrative permission", 200, status=403)
    message, link = str(call.params.get("message", "")), call.params.get("link")
    if not message and not link:
        return graph_error("(#100) Missing message or attachment", 100)
    if refused := _too_long(call, message, "message") or throttle(call.network, page_id):
        return refused
    post = store.create_post("facebook", page_id, f"{page_id}_{new_id(16)}", message, link)
    return JSONResponse({"id": post["id"]})


def fb_published_posts(call: Call) -> JSONResponse:
    page_id = call.request.path_params["page_id"]
    if not call.may_act_for(page_id):
        return _missing(page_id)
    rows = store.profile_posts("facebook", page_id, int(call.params.get("limit", 25)))
    data = [{"id": p["id"], "message": p["text"], "created_time": graph_time(p["created_at"]),
             "permalink_url": _fb_permalink(p["id"])} for p in rows]
    return JSONResponse({"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}})


def fb_post(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := _own_post(call, post_id)) is None:
        return _missing(post_id)
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    return JSONResponse({"id": post_id, "message": post["text"], "created_time": graph_time(post["created_at"]),
                         "permalink_url": _fb_permalink(post_id),
                         "reactions": {"data": [], "summary": {"total_count": seen.likes, "viewer_reaction": "NONE"}},
                         "comments": {"data": [], "summary": {"order": "ranked", "total_count": seen.comments,
                                                             "can_comment": True}},
                         "shares": {"count": seen.shares}})


def fb_insights(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := _own_post(call, post_id)) is None:
        return _missing(post_id)
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    known = {"post_impressions": seen.impressions, "post_impressions_unique": seen.reach,
             "post_clicks": seen.clicks, "post_reactions_by_type_total": seen.likes}
    wanted = [m for m in str(call.params.get("metric", "")).split(",") if m] or list(known)
    if unknown := [m for m in wanted if m not in known]:
        return graph_error(f"(#100) The value must be a valid insights metric: {unknown[0]}", 100)
    return JSONResponse(_insights(post, {m: known[m] for m in wanted}))


# --- Threads ----------------------------------------------------------------------------------


def _th_permalink(post: dict[str, Any]) -> str:
    handle = next((p["handle"] for p in store.network_profiles("threads") if p["external_id"] == post["profile_id"]),
                  "")
    code = base64.urlsafe_b64encode(int(post["id"]).to_bytes(8, "big")).decode().rstrip("=")
    return f"https://www.threads.net/@{handle}/post/{code}"


def th_container(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return _missing(user_id)
    if call.params.get("media_type", "TEXT") != "TEXT":
        return graph_error("(#100) The simulator takes only media_type=TEXT for now.", 100)
    text = str(call.params.get("text", ""))
    if not text:
        return graph_error("(#100) Param text is required for TEXT posts.", 100)
    if refused := _too_long(call, text, "text"):
        return refused
    container = store.create_post("threads", user_id, new_id(17), text, call.params.get("link_attachment"),
                                  published=False, extra={"container": True})
    return JSONResponse({"id": container["id"]})


def th_publish(call: Call) -> JSONResponse:
    user_id, creation_id = call.request.path_params["user_id"], str(call.params.get("creation_id", ""))
    container = store.get_post("threads", creation_id)
    if container is None or container["published"] or container["profile_id"] != user_id or container["deleted"]:
        return _missing(creation_id)  # unknown, or already published (a container publishes once)
    if refused := throttle("threads", user_id):
        return refused
    post = store.create_post("threads", user_id, new_id(17), container["text"], container["link"])
    store.update_post("threads", creation_id, deleted=True, extra={"container": True, "published_as": post["id"]})
    return JSONResponse({"id": post["id"]})


def th_list(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return _missing(user_id)
    rows = store.profile_posts("threads", user_id, int(call.params.get("limit", 25)))
    data = [{"id": p["id"], "media_type": "TEXT_POST", "text": p["text"], "timestamp": graph_time(p["created_at"]),
             "permalink": _th_permalink(p)} for p in rows]
    return JSONResponse({"data": data, "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}})


def th_post(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := _own_post(call, post_id)) is None:
        return _missing(post_id)
    return JSONResponse({"id": post_id, "media_type": "TEXT_POST", "text": post["text"],
                         "timestamp": graph_time(post["created_at"]), "permalink": _th_permalink(post)})


def th_insights(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := _own_post(call, post_id)) is None:
        return _missing(post_id)
    seen = engagement(post["id"], post["created_at"], has_link=bool(post["link"]))
    known = {"views": seen.impressions, "likes": seen.likes, "replies": seen.comments,
             "reposts": seen.shares // 2, "quotes": seen.shares // 4, "shares": seen.shares - seen.shares // 2
             - seen.shares // 4}
    wanted = [m for m in str(call.params.get("metric", "")).split(",") if m] or list(known)
    if unknown := [m for m in wanted if m not in known]:
        return graph_error(f"(#100) metric[0] must be one of the following values: {', '.join(known)}; "
                           f"got {unknown[0]}", 100)
    return JSONResponse(_insights(post, {m: known[m] for m in wanted}))


def add_graph_post_routes(router: APIRouter) -> None:
    fb, th = "/facebook" + FB, "/threads" + TH
    page_or_user = ("page", "access")
    router.add_api_route(f"{fb}/{{page_id}}/feed", endpoint("facebook", fb_feed, creates=True,
                                                            token_kinds=page_or_user), methods=["POST"])
    router.add_api_route(f"{fb}/{{page_id}}/published_posts",
                         endpoint("facebook", fb_published_posts, token_kinds=page_or_user), methods=["GET"])
    router.add_api_route(f"{fb}/{{post_id}}/insights", endpoint("facebook", fb_insights, token_kinds=page_or_user),
                         methods=["GET"])
    router.add_api_route(f"{fb}/{{post_id}}", endpoint("facebook", fb_post, token_kinds=page_or_user),
                         methods=["GET"])
    router.add_api_route(f"{fb}/{{post_id}}", endpoint("facebook", _delete, token_kinds=page_or_user),
                         methods=["DELETE"])
    router.add_api_route(f"{th}/{{user_id}}/threads", endpoint("threads", th_container), methods=["POST"])
    router.add_api_route(f"{th}/{{user_id}}/threads_publish", endpoint("threads", th_publish, creates=True),
                         methods=["POST"])
    router.add_api_route(f"{th}/{{user_id}}/threads", endpoint("threads", th_list), methods=["GET"])
    router.add_api_route(f"{th}/{{post_id}}/insights", endpoint("threads", th_insights), methods=["GET"])
    router.add_api_route(f"{th}/{{post_id}}", endpoint("threads", th_post), methods=["GET"])
    router.add_api_route(f"{th}/{{post_id}}", endpoint("threads", _delete), methods=["DELETE"])

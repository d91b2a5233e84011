"""Threads in Graph API shapes (graph.threads.net/v1.0): containers (TEXT, IMAGE, VIDEO, CAROUSEL;
`reply_to_id` for replies), their `status`/`error_message`, `threads_publish` under the 250 posts
per 24 h moving window, listings of posts and of replies, insights, the publishing quota, delete.

Threads pulls media from the URLs it is given. A bad image is refused when the container is made; a
video is fetched and checked while it "processes", and a bad one ends in status ERROR with one of
Threads' error_message codes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from allin_app.core.clock import utcnow
from allin_app.platforms.limits import limits_for
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.graph_common import (
    delete_post,
    graph_time,
    insights_body,
    listing,
    missing,
    own_post,
    seen,
    short_code,
    too_long,
    wanted_metrics,
)
from allin_app.platforms.simulator.graph_containers import (
    carousel_children,
    container_of,
    create_container,
    media_rows,
    poll,
    publish,
)
from allin_app.platforms.simulator.media import FetchFailed, fetch_into, problems
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from allin_app.platforms.simulator.publishing import Call, endpoint, graph_error, throttle

TH = "/v1.0"
POST_TYPES = {"TEXT": "TEXT_POST", "IMAGE": "IMAGE", "VIDEO": "VIDEO", "CAROUSEL": "CAROUSEL_ALBUM"}
LISTED = 1000  # posts read before splitting them into threads and replies


def _permalink(post: dict[str, Any]) -> str:
    handle = next((p["handle"] for p in store.network_profiles("threads") if p["external_id"] == post["profile_id"]),
                  "")
    return f"https://www.threads.net/@{handle}/post/{short_code(post['id'])}"


def _post_body(post: dict[str, Any]) -> dict[str, Any]:
    return {"id": post["id"], "media_type": post["extra"].get("media_type", "TEXT_POST"), "text": post["text"],
            "timestamp": graph_time(post["created_at"]), "permalink": _permalink(post),
            "is_reply": bool(post["extra"].get("reply_to"))}


def _refused(message: str) -> JSONResponse:
    return graph_error(f"(#100) {message}", 100, error_user_title="Media not accepted", error_user_msg=message)


def _video_error(row: dict[str, Any]) -> str:
    """Threads names what is wrong with a video by one of its error_message codes."""
    rule = limits_for("threads").rules["video"]
    if row["duration"] is not None and rule.max_seconds is not None and row["duration"] > rule.max_seconds:
        return "INVALID_DURATION"
    return "FAILED_PROCESSING_VIDEO"


def _reply_target_missing(call: Call) -> JSONResponse | None:
    if not (reply_to := call.params.get("reply_to_id")):
        return None
    target = store.get_post("threads", str(reply_to))
    return None if target and target["published"] and not target["deleted"] else missing(str(reply_to))


async def th_container(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    media_type, text = str(call.params.get("media_type", "TEXT")).upper(), str(call.params.get("text", ""))
    if refused := too_long(call, text, "text") or _reply_target_missing(call):
        return refused
    item = str(call.params.get("is_carousel_item", "false")).lower() == "true"
    extra = {"is_carousel_item": item, "reply_to": call.params.get("reply_to_id")}
    if media_type == "CAROUSEL":
        return _carousel(call, user_id, text, extra)
    if media_type in ("IMAGE", "VIDEO"):
        return await _media_container(call, user_id, text, media_type, extra)
    if media_type != "TEXT":
        return graph_error(f"(#100) media_type must be one of TEXT, IMAGE, VIDEO, CAROUSEL; got {media_type}.", 100)
    if not text:
        return graph_error("(#100) Param text is required for TEXT posts.", 100)
    container = create_container(call, user_id, text, "TEXT", [], link=call.params.get("link_attachment"), extra=extra)
    return JSONResponse({"id": container["id"]})


async def _media_container(call: Call, user_id: str, text: str, media_type: str, extra: dict[str, Any]
                           ) -> JSONResponse:
    url_field = "image_url" if media_type == "IMAGE" else "video_url"
    if not (url := call.params.get(url_field)):
        return graph_error(f"(#100) Param {url_field} is required for {media_type} posts.", 100)
    try:
        row = await fetch_into("threads", user_id, str(url), {"alt_text": str(call.params.get("alt_text", ""))})
    except FetchFailed as failure:
        if media_type == "IMAGE":
            return _refused(f"The image could not be downloaded from {url} ({failure}).")
        row = None
    found = problems("threads", [row]) if row else []
    if media_type == "IMAGE" and found:
        return _refused(" ".join(found))
    error = "FAILED_DOWNLOADING_VIDEO" if row is None else _video_error(row) if found else ""
    container = create_container(call, user_id, text, media_type, [row] if row else [], error=error,
                                 processing=media_type == "VIDEO", extra=extra)
    return JSONResponse({"id": container["id"]})


def _carousel(call: Call, user_id: str, text: str, extra: dict[str, Any]) -> JSONResponse:
    ids = [i for i in str(call.params.get("children", "")).split(",") if i]
    if len(ids) < 2:
        return graph_error("(#100) A carousel needs at least 2 children.", 100)
    children, why = carousel_children(call, user_id, ids)
    if why:
        return graph_error(f"(#100) {why}", 100)
    rows = media_rows("threads", children)
    if found := problems("threads", rows):
        return _refused(" ".join(found))
    container = create_container(call, user_id, text, "CAROUSEL", rows, extra=extra)
    return JSONResponse({"id": container["id"]})


def th_publish(call: Call) -> JSONResponse:
    user_id, creation_id = call.request.path_params["user_id"], str(call.params.get("creation_id", ""))
    container = container_of(call, creation_id)
    state = container["extra"] if container else {}
    if container is None or container["profile_id"] != user_id or state["is_carousel_item"] \
            or state["status"] == "PUBLISHED":
        return missing(creation_id)  # unknown, or already published (a container publishes once)
    if state["status"] != "FINISHED":
        return graph_error("Media ID is not available", 9007, subcode=2207027,
                           error_user_msg=f"The media is {state['status']}: " + (state["error"] or "not ready yet."))
    if refused := throttle("threads", user_id):
        return refused
    post = publish(call, user_id, container, media_type=POST_TYPES[state["media_type"]], reply_to=state["reply_to"])
    return JSONResponse({"id": post["id"]})


def _posts(user_id: str, limit: int, *, replies: bool) -> list[dict[str, Any]]:
    rows = store.profile_posts("threads", user_id, LISTED)
    return [p for p in rows if bool(p["extra"].get("reply_to")) == replies][:limit]


def _listing(call: Call, *, replies: bool) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    return listing([_post_body(p) for p in _posts(user_id, int(call.params.get("limit", 25)), replies=replies)])


def th_list(call: Call) -> JSONResponse:
    """GET /{user}/threads: the account's posts, without its replies."""
    return _listing(call, replies=False)


def th_replies(call: Call) -> JSONResponse:
    return _listing(call, replies=True)


def th_node(call: Call) -> JSONResponse:
    """A post, or a container's publishing status (`fields=status,error_message`)."""
    object_id = call.request.path_params["post_id"]
    if (container := container_of(call, object_id)) is not None:
        state = poll("threads", container)
        body = {"id": object_id, "status": state["status"]}
        return JSONResponse(body | ({"error_message": state["error"]} if state["status"] == "ERROR" else {}))
    if (post := own_post(call, object_id)) is None:
        return missing(object_id)
    return JSONResponse(_post_body(post))


def th_quota(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    rule = PUBLISH_RULES["threads"]
    used = len(store.publish_times("threads", user_id, utcnow() - timedelta(seconds=rule.window)))
    return JSONResponse({"data": [{"quota_usage": used,
                                   "config": {"quota_total": rule.posts, "quota_duration": rule.window}}]})


def th_insights(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if (post := own_post(call, post_id)) is None:
        return missing(post_id)
    s = seen(post)
    known = {"views": s.impressions, "likes": s.likes, "replies": s.comments, "reposts": s.shares // 2,
             "quotes": s.shares // 4, "shares": s.shares - s.shares // 2 - s.shares // 4}
    wanted, unknown = wanted_metrics(call, known)
    if unknown:
        return graph_error(f"(#100) metric[0] must be one of the following values: {', '.join(known)}; "
                           f"got {unknown}", 100)
    return JSONResponse(insights_body(post, {m: known[m] for m in wanted}))


def add_threads_routes(router: APIRouter) -> None:
    th = "/threads" + TH
    for path, handler, method, creates in (
        ("/{user_id}/threads", th_container, "POST", False),
        ("/{user_id}/threads_publish", th_publish, "POST", True),
        ("/{user_id}/threads", th_list, "GET", False),
        ("/{user_id}/replies", th_replies, "GET", False),
        ("/{user_id}/threads_publishing_limit", th_quota, "GET", False),
        ("/{post_id}/insights", th_insights, "GET", False),
        ("/{post_id}", th_node, "GET", False),
        ("/{post_id}", delete_post, "DELETE", False),
    ):
        router.add_api_route(th + path, endpoint("threads", handler, creates=creates), methods=[method])

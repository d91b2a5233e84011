"""Instagram's content publishing endpoints in Graph API shapes (Facebook Login variant, on the same
graph.facebook.com/v19.0 as Facebook): containers from pulled media (`image_url`, REELS `video_url`,
carousels of `is_carousel_item` children), their `status_code`, `media_publish` under the 24-hour
moving-window quota, the account's media listing, insights and comments.

As on Instagram, an image is fetched and checked when its container is made (a bad one is a 400
with Instagram's error codes); a video is fetched and checked while it "processes" and a bad one ends
in status_code ERROR. The API has no way to delete a post."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from allin_app.core.clock import utcnow
from allin_app.platforms.limits import hashtag_count, limits_for, text_length
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.graph_common import (
    graph_time,
    has_scope,
    insights_body,
    listing,
    missing,
    missing_permission,
    own_post,
    record_comment,
    seen,
    short_code,
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
from allin_app.platforms.simulator.publishing import Call, endpoint, graph_error, new_id

FB = "/v19.0"
QUOTA_POSTS = 50  # content_publishing_limit's quota_total (the docs' example); tests shrink it
QUOTA_WINDOW = 86_400
COMMENT_SCOPE = "instagram_manage_comments"
# what the container's media_type becomes on the published media: (media_type, media_product_type)
PUBLISHED_AS = {"IMAGE": ("IMAGE", "FEED"), "REELS": ("VIDEO", "REELS"), "CAROUSEL": ("CAROUSEL_ALBUM", "FEED")}
STATUS_TEXT = {"IN_PROGRESS": "In Progress: Media is still being processed.",
               "FINISHED": "Finished: Media has been uploaded and it is ready to be published.",
               "PUBLISHED": "Published: Media has been successfully published."}


def _refused(message: str, code: int, subcode: int, title: str) -> JSONResponse:
    return graph_error(message, code, subcode=subcode, is_transient=False, error_user_title=title,
                       error_user_msg=message)


def _image_refused(row: dict[str, Any], found: list[str]) -> JSONResponse:
    rule = limits_for("instagram").rules["image"]
    if row["state"] == "failed" or row["mime"] not in rule.formats:
        code, subcode, title = 36001, 2207005, "Unsupported image format"
    elif row["size"] > rule.max_bytes:
        code, subcode, title = 36000, 2207004, "Image size too large"
    else:
        code, subcode, title = 36003, 2207009, "Invalid image dimensions"
    return _refused(" ".join(found), code, subcode, title)


def _not_fetched(url: str, failure: FetchFailed) -> str:
    return f"The media could not be fetched from this URI: {url} ({failure})."


def _caption_refused(caption: str) -> JSONResponse | None:
    limits = limits_for("instagram")
    if (length := text_length("instagram", caption)) > limits.text_limit:
        return graph_error(f"(#100) The caption is {length} characters; the limit is {limits.text_limit}.", 100)
    if limits.max_hashtags is not None and (tags := hashtag_count(caption)) > limits.max_hashtags:
        return graph_error(f"(#100) The caption has {tags} hashtags; at most {limits.max_hashtags} are allowed.", 100)
    return None


async def ig_create(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    media_type = str(call.params.get("media_type", "IMAGE")).upper()
    item = str(call.params.get("is_carousel_item", "false")).lower() == "true"
    caption = "" if item else str(call.params.get("caption", ""))
    if refused := _caption_refused(caption):
        return refused
    if media_type == "CAROUSEL":
        return _carousel(call, user_id, caption)
    if media_type == "VIDEO" and not item:
        return graph_error("(#100) The VIDEO media type is only for carousel items; single videos are published as "
                           "REELS.", 100)
    if media_type in ("REELS", "VIDEO"):
        return await _video(call, user_id, caption, media_type, item)
    if media_type == "IMAGE":
        return await _image(call, user_id, caption, item)
    return graph_error(f"(#100) The media type {media_type} is unknown.", 100, subcode=2207023)


async def _image(call: Call, user_id: str, caption: str, item: bool) -> JSONResponse:
    if not (url := call.params.get("image_url")):
        return graph_error("(#100) The parameter image_url is required.", 100)
    try:
        row = await fetch_into("instagram", user_id, str(url), {"alt_text": str(call.params.get("alt_text", ""))})
    except FetchFailed as failure:
        return _refused(_not_fetched(str(url), failure), 9004, 2207052, "Media download has failed")
    if found := problems("instagram", [row]):
        return _image_refused(row, found)
    container = create_container(call, user_id, caption, "IMAGE", [row], extra={"is_carousel_item": item})
    return JSONResponse({"id": container["id"]})


async def _video(call: Call, user_id: str, caption: str, media_type: str, item: bool) -> JSONResponse:
    if not (url := call.params.get("video_url")):
        return graph_error("(#100) The parameter video_url is required.", 100)
    rows: list[dict[str, Any]] = []
    try:
        rows = [await fetch_into("instagram", user_id, str(url))]
        found = problems("instagram", rows)
        error = f"Error: Media upload has failed with error code 2207026. {' '.join(found)}" if found else ""
    except FetchFailed as failure:
        error = f"Error: Media upload has failed with error code 2207052. {_not_fetched(str(url), failure)}"
    container = create_container(call, user_id, caption, media_type, rows, error=error, processing=True,
                                 extra={"is_carousel_item": item})
    return JSONResponse({"id": container["id"]})


def _carousel(call: Call, user_id: str, caption: str) -> JSONResponse:
    ids = [i for i in str(call.params.get("children", "")).split(",") if i]
    if len(ids) < 2:
        return graph_error("(#100) A carousel needs at least 2 children.", 100)
    children, why = carousel_children(call, user_id, ids)
    if why:
        return _refused(why, 9007, 2207027, "Media not ready")
    rows = media_rows("instagram", children)
    if found := problems("instagram", rows):
        return _refused(" ".join(found), 100, 2207028, "Carousel not accepted")
    container = create_container(call, user_id, caption, "CAROUSEL", rows, extra={"is_carousel_item": False})
    return JSONResponse({"id": container["id"]})


def quota_used(user_id: str) -> int:
    return len(store.publish_times("instagram", user_id, utcnow() - timedelta(seconds=QUOTA_WINDOW)))


def ig_publish(call: Call) -> JSONResponse:
    user_id, creation_id = call.request.path_params["user_id"], str(call.params.get("creation_id", ""))
    container = container_of(call, creation_id)
    state = container["extra"] if container else {}
    if container is None or container["profile_id"] != user_id or state["is_carousel_item"] \
            or state["status"] == "PUBLISHED":
        return missing(creation_id)  # unknown, or already published (a container publishes once)
    if state["status"] != "FINISHED":
        return _refused(f"The media is {state['status']}: " + (state["error"] or "not ready for publishing, please "
                                                               "wait for a moment."), 9007, 2207027, "Media not ready")
    if quota_used(user_id) >= QUOTA_POSTS:
        return _refused("You reached maximum number of posts that is allowed to be published by Content Publishing "
                        "API.", 9, 2207042, "Reached publishing limit")
    media_type, product = PUBLISHED_AS[state["media_type"]]
    post = publish(call, user_id, container, media_type=media_type, media_product_type=product)
    return JSONResponse({"id": post["id"]})


def _media_body(post: dict[str, Any]) -> dict[str, Any]:
    path = "reel" if post["extra"]["media_product_type"] == "REELS" else "p"
    return {"id": post["id"], "caption": post["text"], "media_type": post["extra"]["media_type"],
            "media_product_type": post["extra"]["media_product_type"], "timestamp": graph_time(post["created_at"]),
            "permalink": f"https://www.instagram.com/{path}/{short_code(post['id'])}/"}


def ig_node(call: Call) -> JSONResponse:
    """A container's `status_code` (and `status` text), or a published media object."""
    node_id = call.request.path_params["node_id"]
    if (container := container_of(call, node_id)) is not None:
        state = poll("instagram", container)
        return JSONResponse({"id": node_id, "status_code": state["status"],
                             "status": state["error"] or STATUS_TEXT[state["status"]]})
    if (post := own_post(call, node_id)) is None:
        return missing(node_id)
    s = seen(post)
    return JSONResponse(_media_body(post) | {"like_count": s.likes, "comments_count": s.comments})


def ig_list(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    return listing([_media_body(p) for p in store.profile_posts("instagram", user_id, int(call.params.get("limit", 25)))])


def ig_quota(call: Call) -> JSONResponse:
    user_id = call.request.path_params["user_id"]
    if not call.may_act_for(user_id):
        return missing(user_id)
    return JSONResponse({"data": [{"quota_usage": quota_used(user_id),
                                   "config": {"quota_total": QUOTA_POSTS, "quota_duration": QUOTA_WINDOW}}]})


def ig_insights(call: Call) -> JSONResponse:
    """Current metric names: `views` replaced impressions, plays and video_views (Graph v22)."""
    media_id = call.request.path_params["media_id"]
    if (post := own_post(call, media_id)) is None:
        return missing(media_id)
    s = seen(post)
    known = {"views": s.impressions, "reach": s.reach, "likes": s.likes, "comments": s.comments, "saved": s.saves,
             "shares": s.shares, "total_interactions": s.likes + s.comments + s.saves + s.shares}
    wanted, unknown = wanted_metrics(call, known)
    if unknown:
        return graph_error(f"(#100) metric[{wanted.index(unknown)}] must be one of the following values: "
                           f"{', '.join(known)}", 100)
    return JSONResponse(insights_body(post, {m: known[m] for m in wanted}))


def ig_comment(call: Call) -> JSONResponse:
    media_id = call.request.path_params["media_id"]
    if (post := own_post(call, media_id)) is None:
        return missing(media_id, "post")
    if not has_scope(call, COMMENT_SCOPE):
        return missing_permission(COMMENT_SCOPE)
    if not (message := str(call.params.get("message", ""))):
        return graph_error("(#100) The parameter message is required.", 100)
    return record_comment(post, new_id(17), message)


def ig_delete(call: Call) -> JSONResponse:
    return missing(call.request.path_params["media_id"], "delete")


PAGE_OR_USER = ("page", "access")  # the Page token the account keeps, or the user's


def _add_node_route(router: APIRouter) -> None:
    """GET /{node-id} is a container or a media object here and an IG user in profiles.py. Starlette answers
    with the first route that matches, so this one goes ahead of the profile route and hands users to it."""
    path = f"/instagram{FB}/{{node_id}}"
    profile_route = next(r for r in router.routes if isinstance(r, APIRoute) and r.path == router.prefix + path
                         and "GET" in r.methods)
    media_node = endpoint("instagram", ig_node, token_kinds=PAGE_OR_USER)

    async def node(request: Request) -> Response:
        if store.get_post("instagram", request.path_params["node_id"]) is None:
            return profile_route.endpoint(request)
        return await media_node(request)

    router.add_api_route(path, node, methods=["GET"])
    router.routes.insert(router.routes.index(profile_route), router.routes.pop())


def add_graph_media_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`, after the profile routes."""
    ig = "/instagram" + FB
    for path, handler, method, creates in (
        ("/{user_id}/media", ig_create, "POST", False),
        ("/{user_id}/media", ig_list, "GET", False),
        ("/{user_id}/media_publish", ig_publish, "POST", True),
        ("/{user_id}/content_publishing_limit", ig_quota, "GET", False),
        ("/{media_id}/insights", ig_insights, "GET", False),
        ("/{media_id}/comments", ig_comment, "POST", False),
        ("/{media_id}", ig_delete, "DELETE", False),
    ):
        router.add_api_route(ig + path, endpoint("instagram", handler, creates=creates, token_kinds=PAGE_OR_USER),
                             methods=[method])
    _add_node_route(router)

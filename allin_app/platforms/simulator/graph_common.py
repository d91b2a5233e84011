"""What the simulated Graph API networks (Facebook, Instagram, Threads) share: Graph's times, ids,
listings and insights bodies, its "does not exist" answer, permissions, and media received either
as a URL the network pulls or as a multipart `source` upload."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from allin_app.platforms.base import split_scopes
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import fetch_into
from allin_app.platforms.simulator.metrics import Engagement, engagement
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from allin_app.platforms.simulator.publishing import Call, graph_error, new_id

PAGING = {"cursors": {"before": "QVFI", "after": "QVFI"}}


def graph_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def listing(data: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"data": data, "paging": PAGING})


def missing(object_id: str, verb: str = "get") -> JSONResponse:
    return graph_error(f"Unsupported {verb} request. Object with ID '{object_id}' does not exist, cannot be loaded due "
                       "to missing permissions, or does not support this operation.", 100, subcode=33)


def own_post(call: Call, post_id: str) -> dict[str, Any] | None:
    post = store.get_post(call.network, post_id)
    ok = post is not None and post["published"] and not post["deleted"] and call.may_act_for(post["profile_id"])
    return post if ok else None


def too_long(call: Call, text: str, field: str, limit: int | None = None) -> JSONResponse | None:
    limit = limit or PUBLISH_RULES[call.network].text_limit
    if len(text) <= limit:
        return None
    return graph_error(f"(#100) Param {field} must be at most {limit} characters long.", 100)


def has_scope(call: Call, scope: str) -> bool:
    return scope in split_scopes(call.grant["scopes"])


def missing_permission(scope: str) -> JSONResponse:
    return graph_error(f"(#200) This endpoint requires the '{scope}' permission.", 200, status=403)


def is_video_post(post: dict[str, Any]) -> bool:
    return any(item["kind"] == "video" for item in post["extra"].get("media", []))


def seen(post: dict[str, Any]) -> Engagement:
    return engagement(post["id"], post["created_at"], has_link=bool(post["link"]), has_video=is_video_post(post))


def insights_body(post: dict[str, Any], names: dict[str, int]) -> dict[str, Any]:
    return {"data": [{"name": name, "period": "lifetime", "title": name, "values": [{"value": value}],
                      "id": f"{post['id']}/insights/{name}/lifetime"} for name, value in names.items()]}


def wanted_metrics(call: Call, known: dict[str, int]) -> tuple[list[str], str | None]:
    """The metrics asked for (all known ones when none are named) and the first unknown name, if any."""
    wanted = [m for m in str(call.params.get("metric", "")).split(",") if m] or list(known)
    return wanted, next((m for m in wanted if m not in known), None)


def delete_post(call: Call) -> JSONResponse:
    post_id = call.request.path_params["post_id"]
    if own_post(call, post_id) is None:
        return missing(post_id, "delete")
    store.update_post(call.network, post_id, deleted=True)
    return JSONResponse({"success": True})


def record_comment(post: dict[str, Any], comment_id: str, message: str) -> JSONResponse:
    """Comments are kept as unpublished rows pointing at their post, out of every listing."""
    store.create_post(post["network"], post["profile_id"], comment_id, message, published=False,
                      extra={"comment_on": post["id"]})
    return JSONResponse({"id": comment_id})


def short_code(post_id: str) -> str:
    """The letters of a post's public URL (instagram.com/p/<code>, threads.net/@user/post/<code>)."""
    return base64.urlsafe_b64encode(int(post_id).to_bytes(8, "big")).decode().rstrip("=")


async def received_media(call: Call, profile_id: str, url_field: str, extra: dict[str, Any] | None = None
                         ) -> dict[str, Any] | None:
    """The probed media row for a URL to pull (`url_field`) or a multipart `source`; None when neither came.
    Raises `media.FetchFailed` when the URL gives no file."""
    if url := call.params.get(url_field):
        return await fetch_into(call.network, profile_id, str(url), extra)
    source = call.params.get("source")
    if not isinstance(source, UploadFile):
        return None
    media_id = new_id(16)
    store.create_media(call.network, profile_id, media_id, data=await source.read(),
                       extra={"filename": source.filename, **(extra or {})})
    return store.probe_media(call.network, media_id)

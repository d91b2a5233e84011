"""Media containers as Instagram and Threads keep them: made from media the network pulled, processed
(a video reads IN_PROGRESS for its first status polls, then FINISHED or ERROR), gathered into
carousels, and published once. Each network module answers in its own fields and error codes."""

from __future__ import annotations

from typing import Any

from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.media import describe
from allin_app.platforms.simulator.publishing import Call, new_id

VIDEO_POLLS_IN_PROGRESS = 2  # status reads that still see a video container processing


def create_container(call: Call, user_id: str, text: str, media_type: str, rows: list[dict[str, Any]], *,
                     link: str | None = None, error: str = "", processing: bool = False,
                     extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A container ends FINISHED, or ERROR when `error` says why; `processing` ones pass through IN_PROGRESS."""
    outcome = "ERROR" if error else "FINISHED"
    state = {"container": True, "media_type": media_type, "media": describe(rows),
             "media_ids": [row["id"] for row in rows], "status": "IN_PROGRESS" if processing else outcome,
             "outcome": outcome, "error": error, "polls_left": VIDEO_POLLS_IN_PROGRESS if processing else 0,
             **(extra or {})}
    return store.create_post(call.network, user_id, new_id(17), text, link, published=False, extra=state)


def container_of(call: Call, container_id: str) -> dict[str, Any] | None:
    row = store.get_post(call.network, container_id)
    return row if row and row["extra"].get("container") and call.may_act_for(row["profile_id"]) else None


def poll(network: str, container: dict[str, Any]) -> dict[str, Any]:
    """The container's state as one status read sees it; each read moves processing a step on."""
    state = container["extra"]
    if state["status"] == "IN_PROGRESS":
        step = {"polls_left": state["polls_left"] - 1} if state["polls_left"] else {"status": state["outcome"]}
        state = state | step
        store.update_post(network, container["id"], extra=state)
    return state


def carousel_children(call: Call, user_id: str, ids: list[str]) -> tuple[list[dict[str, Any]], str | None]:
    """The item containers named in `children`, or why they cannot go into a carousel."""
    children = []
    for child_id in ids:
        child = container_of(call, child_id)
        if child is None or child["profile_id"] != user_id or not child["extra"].get("is_carousel_item"):
            return [], f"{child_id} is not a carousel item container of this account."
        state = child["extra"]
        if state["status"] != "FINISHED":
            return [], f"Carousel item {child_id} is {state['status']}" + (f": {state['error']}" if state["error"]
                                                                           else ", not ready yet.")
        children.append(child)
    return children, None


def media_rows(network: str, containers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored files behind these containers, for `media.problems`."""
    return [row for c in containers for media_id in c["extra"]["media_ids"]
            if (row := store.get_media(network, media_id))]


def publish(call: Call, user_id: str, container: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The post made from a FINISHED container; the container reads PUBLISHED from now on."""
    state = container["extra"]
    post = store.create_post(call.network, user_id, new_id(17), container["text"], container["link"],
                             extra={"media": state["media"], **extra})
    store.update_post(call.network, container["id"], extra=state | {"status": "PUBLISHED", "published_as": post["id"]})
    return post

"""What the TikTok, YouTube, Pinterest and Snapchat endpoints share: the call guard (auth, injected
faults, each network's own throttle and outage answers), creates that may lose their reply, posting caps
counted from the posts table, and call windows counted in memory (per token, per developer project).

`publishing.endpoint` serves the text networks; these networks need two things it lacks: 429 answers in
their own shapes (it reads `PUBLISH_RULES`, which has only the text networks), and a create that the
handler recognises from the request (TikTok's init creates the post when it pulls from a URL, not when it
opens a file upload), so a handler passes its answer through `created()` to honour "drop_reply".
"""

from __future__ import annotations

import inspect
import math
import secrets
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import faults, store
from allin_app.platforms.simulator.publishing import (
    Call,
    authorized_call,
    gateway_timeout,
    read_params,
    unauthorized,
)

DAY = 86_400


# --- answers in each network's shape ----------------------------------------------------------


def tiktok_envelope(data: dict[str, Any], status: int = 200, code: str = "ok", message: str = "") -> JSONResponse:
    """TikTok wraps every answer, success or not, in `{"data", "error": {"code", "message", "log_id"}}`."""
    error = {"code": code, "message": message, "log_id": secrets.token_hex(16).upper()}
    return JSONResponse({"data": data, "error": error}, status_code=status)


def google_error(status: int, reason: str, message: str, domain: str = "youtube.video") -> JSONResponse:
    return JSONResponse({"error": {"code": status, "message": message, "errors": [
        {"message": message, "domain": domain, "reason": reason}]}}, status_code=status)


def pinterest_error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


def snapchat_error(status: int, error_code: str, message: str) -> JSONResponse:
    return JSONResponse({"request_status": "ERROR", "request_id": secrets.token_hex(12), "debug_message": message,
                         "display_message": message, "error_code": error_code}, status_code=status)


def throttled(network: str, wait: int) -> JSONResponse:
    """The network's 429. None of the four documents a Retry-After header (❓); the simulator sends one so a
    caller can tell how long its window has left."""
    answers = {
        "tiktok": lambda: tiktok_envelope({}, 429, "rate_limit_exceeded",
                                          "API rate limit exceeded, please try again later."),
        "youtube": lambda: google_error(429, "rateLimitExceeded", "The request cannot be completed because you "
                                        "have exceeded your quota rate.", domain="usageLimits"),
        "pinterest": lambda: pinterest_error(429, 8, "You have exceeded your rate limit. Try again later."),
        "snapchat": lambda: snapchat_error(429, "E1008", "Too many requests. Please retry later."),
    }
    response = answers[network]()
    response.headers["retry-after"] = str(max(1, wait))
    return response


def unavailable(network: str) -> JSONResponse:
    answers = {
        "tiktok": lambda: tiktok_envelope({}, 500, "internal_error", "Something went wrong. Please try again later."),
        "youtube": lambda: google_error(503, "backendError", "Backend Error", domain="global"),
        "pinterest": lambda: pinterest_error(500, 5, "Something went wrong on our end. Sorry about that."),
        "snapchat": lambda: snapchat_error(503, "E9999", "Service unavailable. Please retry later."),
    }
    return answers[network]()


def _fault_answer(network: str, fault: str) -> Response:
    if fault == "timeout":
        return gateway_timeout()
    if fault == "429":
        return throttled(network, 60)
    return unavailable(network)


# --- the guard --------------------------------------------------------------------------------

Handler = Callable[[Call], Response | Awaitable[Response]]


def video_endpoint(network: str, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """A bearer-token call: auth, then injected faults (except "drop_reply", see `created`), then the handler."""

    async def run(request: Request) -> Response:
        params = await read_params(request)
        fault = faults.take(network, creates=False)
        caller = authorized_call(network, request, params, fault)
        if caller is None:
            return unauthorized(network)
        if fault:
            return _fault_answer(network, fault)
        response = handler(caller)
        return await response if inspect.isawaitable(response) else response

    return run


def upload_fault(network: str, grant_id: int) -> Response | None:
    """Faults and auth for upload URLs that carry their own credentials instead of a bearer token (TikTok's
    upload_url, Pinterest's S3 form); the handler passes a completing answer through `created`."""
    fault = faults.take(network, creates=False)
    if fault == "revoked":
        store.revoke_grant(grant_id)
    grant = store.get_grant(grant_id)
    if grant is None or grant["revoked"]:
        return unauthorized(network)
    return _fault_answer(network, fault) if fault else None


def created(network: str, response: Response) -> Response:
    """What a create answers: its own response, or a 5xx when a "drop_reply" fault is queued (the post stays).

    The guard took every other kind of fault before the handler ran, so only "drop_reply" can be left."""
    if response.status_code < 400 and faults.take(network, creates=True) == "drop_reply":
        return unavailable(network)
    return response


# --- caps and windows -------------------------------------------------------------------------


@dataclass(frozen=True)
class PostCap:
    """At most `posts` published per `window` seconds per profile (deleted posts count too)."""

    posts: int
    window: int


def cap_wait(network: str, profile_id: str, cap: PostCap) -> int:
    """0 when another post fits the cap, else seconds until the oldest one in the window ages out."""
    now = utcnow()
    recent = store.publish_times(network, profile_id, now - timedelta(seconds=cap.window), cap.posts)
    if len(recent) < cap.posts:
        return 0
    return _seconds_until(recent[-cap.posts] + timedelta(seconds=cap.window))


def _seconds_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - utcnow()).total_seconds()))


class CallWindow:
    """Calls per key (an access token, a developer project) kept in memory: the store has no table for calls
    by token, and these windows are a minute or a day, so a restart forgetting them is harmless."""

    def __init__(self) -> None:
        self._calls: dict[str, list[datetime]] = defaultdict(list)
        self._lock = threading.Lock()

    def count_since(self, key: str, since: datetime) -> list[datetime]:
        with self._lock:
            self._calls[key] = [at for at in self._calls[key] if at > utcnow() - timedelta(seconds=DAY)]
            return [at for at in self._calls[key] if at > since]

    def record(self, key: str) -> None:
        with self._lock:
            self._calls[key].append(utcnow())

    def wait(self, key: str, limit: int, window: int) -> int:
        """0 when a call fits `limit` per `window` seconds, else seconds until one does."""
        recent = self.count_since(key, utcnow() - timedelta(seconds=window))
        if len(recent) < limit:
            return 0
        return _seconds_until(recent[-limit] + timedelta(seconds=window))


# --- small shared reads -----------------------------------------------------------------------


def own_post(call: Call, post_id: str) -> dict[str, Any] | None:
    post = store.get_post(call.network, post_id)
    ok = post is not None and post["published"] and not post["deleted"] and call.may_act_for(post["profile_id"])
    return post if ok else None


def profile_row(network: str, profile_id: str) -> dict[str, Any]:
    return next(p for p in store.network_profiles(network) if p["external_id"] == profile_id)


def site_url(call: Call) -> str:
    """Where this simulator is reachable, for upload URLs it hands out."""
    return str(call.request.base_url).rstrip("/")


def is_video(post: dict[str, Any]) -> bool:
    return any(item["kind"] == "video" for item in post["extra"].get("media", []))

"""What every simulated publishing endpoint shares: who is calling, injected faults, the publish
rate limit, each network's error shapes, and the call log.

The network modules (`graph_*.py` for Facebook, Instagram and Threads, `rest_*.py` for X, LinkedIn
and Reddit, `*_api.py` for TikTok, YouTube, Pinterest and Snapchat) only describe their routes. Idempotency keys are ignored: none of these networks has one.
"""

from __future__ import annotations

import inspect
import json
import random
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import faults, store
from allin_app.platforms.simulator.networks import PUBLISH_RULES
from allin_app.platforms.simulator.profiles import _UNAUTHORIZED


class LoggedRoute(APIRoute):
    """Writes every answered call under /sim/<network>/ to the simulator's call log."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def logged(request: Request) -> Response:
            response = await handler(request)
            parts = request.url.path.split("/")
            if len(parts) > 2 and parts[1] == "sim":
                store.log_call(parts[2], request.method, request.url.path, response.status_code)
            return response

        return logged


@dataclass
class Call:
    network: str
    request: Request
    params: dict[str, Any]  # query, form and JSON body together
    grant: dict[str, Any]
    token_kind: str  # "access", or "page" for a Facebook Page token

    def may_act_for(self, profile_id: str) -> bool:
        return profile_id in self.grant["profile_ids"]


def bearer_token(request: Request, params: dict[str, Any]) -> str:
    header = request.headers.get("authorization", "")
    return header[7:] if header.lower().startswith("bearer ") else str(params.get("access_token", ""))


async def read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query_params)
    kind = request.headers.get("content-type", "")
    if "json" in kind:
        body = await request.json()
        params |= body if isinstance(body, dict) else {}
    elif "form" in kind:
        params |= dict(await request.form())
    return params


# --- error answers in each network's shape ----------------------------------------------------


def graph_error(message: str, code: int, status: int = 400, subcode: int | None = None, **extra: Any) -> JSONResponse:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": secrets.token_urlsafe(8)}
    if subcode is not None:
        error["error_subcode"] = subcode
    return JSONResponse({"error": error | extra}, status_code=status)


def unauthorized(network: str) -> JSONResponse:
    status, body = _UNAUTHORIZED[network]
    return JSONResponse(body, status_code=status)


GRAPH_NETWORKS = ("facebook", "instagram", "threads")


def server_error(network: str) -> JSONResponse:
    if network in GRAPH_NETWORKS:
        return graph_error("An unexpected error has occurred. Please retry your request later.", 2, status=500,
                           is_transient=True)
    if network == "twitter":
        return JSONResponse({"title": "Service Unavailable", "detail": "Service Unavailable", "type": "about:blank",
                             "status": 503}, status_code=503)
    return JSONResponse({"status": 500, "message": "Internal Server Error"}, status_code=500)


def gateway_timeout() -> JSONResponse:
    return JSONResponse({"message": "upstream request timeout"}, status_code=504)


def rate_limited(network: str, wait: int, limit: int) -> JSONResponse:
    """The network's throttle answer; `wait` seconds until a slot frees up."""
    wait = max(1, wait)
    if network in GRAPH_NETWORKS:  # Graph: 400 + code; Business Use Case header tells the wait
        usage = {"0": [{"type": "pages", "call_count": 100, "total_cputime": 10, "total_time": 10,
                        "estimated_time_to_regain_access": max(1, -(-wait // 60))}]}
        response = graph_error("(#32) Page request limit reached" if network == "facebook"
                               else "Application request limit reached", 32 if network == "facebook" else 4)
        response.headers["x-business-use-case-usage"] = json.dumps(usage)
        return response
    if network == "twitter":
        headers = {"x-rate-limit-limit": str(limit), "x-rate-limit-remaining": "0",
                   "x-rate-limit-reset": str(int(utcnow().timestamp()) + wait)}
        return JSONResponse({"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank",
                             "status": 429}, status_code=429, headers=headers)
    if network == "reddit":
        headers = {"x-ratelimit-used": str(limit), "x-ratelimit-remaining": "0", "x-ratelimit-reset": str(wait)}
        return JSONResponse({"message": "Too Many Requests", "error": 429}, status_code=429, headers=headers)
    # LinkedIn sends no Retry-After; the daily limits reset at midnight UTC. ❓ we add Retry-After here.
    return JSONResponse({"status": 429, "message": "Resource level throttle limit for calls to this resource is "
                                                   "reached."}, status_code=429, headers={"retry-after": str(wait)})


def publish_wait(network: str, profile_id: str) -> int:
    """0 when a post may be created now, else seconds until the oldest post in the window ages out."""
    rule = PUBLISH_RULES[network]
    now = utcnow()
    recent = store.publish_times(network, profile_id, now - timedelta(seconds=rule.window), rule.posts)
    if len(recent) < rule.posts:
        return 0
    return int((recent[-rule.posts] + timedelta(seconds=rule.window) - now).total_seconds()) + 1


def throttle(network: str, profile_id: str) -> JSONResponse | None:
    wait = publish_wait(network, profile_id)
    return rate_limited(network, wait, PUBLISH_RULES[network].posts) if wait else None


def new_id(digits: int) -> str:
    return str(random.SystemRandom().randint(10 ** (digits - 1), 10**digits - 1))


# --- routing ----------------------------------------------------------------------------------

Handler = Callable[[Call], Response | Awaitable[Response]]  # async when it fetches media from a URL


def authorized_call(network: str, request: Request, params: dict[str, Any], fault: str | None,
                    token_kinds: tuple[str, ...] = ("access",)) -> Call | None:
    """The call as its live token's grant allows it, or None (unknown, expired or revoked token, another
    network's grant). An injected "revoked" fault revokes the grant first, as the user would at the network."""
    row = next((r for kind in token_kinds if (r := store.live_token(bearer_token(request, params), kind))), None)
    grant = store.get_grant(row["grant_id"]) if row else None
    if grant is not None and fault == "revoked":
        store.revoke_grant(grant["id"])
        return None
    if grant is None or grant["revoked"] or grant["network"] != network:
        return None
    return Call(network, request, params, grant, row["kind"])


def endpoint(network: str, handler: Handler, *, creates: bool = False,
             token_kinds: tuple[str, ...] = ("access",)) -> Callable[[Request], Awaitable[Response]]:
    """Auth, then injected faults, then the handler; "drop_reply" keeps what the handler did and answers 500."""

    async def run(request: Request) -> Response:
        params = await read_params(request)
        fault = faults.take(network, creates=creates)
        caller = authorized_call(network, request, params, fault, token_kinds)
        if caller is None:
            return unauthorized(network)
        if fault == "5xx":
            return server_error(network)
        if fault == "timeout":
            return gateway_timeout()
        if fault == "429":
            rule = PUBLISH_RULES.get(network)
            return rate_limited(network, 60, rule.posts if rule else 100)
        response = handler(caller)
        if inspect.isawaitable(response):
            response = await response
        if fault == "drop_reply" and response.status_code < 400:
            return server_error(network)
        return response

    return run

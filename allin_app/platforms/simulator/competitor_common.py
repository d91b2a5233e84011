"""What the simulator's public-lookup endpoints share: paging cursors, rivals' avatars, and answering on a
path an existing endpoint already serves (the lookup goes ahead of it and hands other calls back)."""

from __future__ import annotations

import base64
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from allin_app.platforms.simulator import rivals
from allin_app.platforms.simulator.publishing import Call


def avatar_url(call: Call, network: str, rival: rivals.Rival) -> str:
    return f"{str(call.request.base_url).rstrip('/')}/sim/{network}/avatar/{rival.handle}.svg"


def cursor_after(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def offset_of(cursor: str) -> int:
    """The position a cursor (or a plain number, as X's tokens and Reddit's counts are read) points at."""
    if cursor.isdigit():
        return int(cursor)
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return 0
    number = text.removeprefix("offset:")
    return int(number) if text.startswith("offset:") and number.isdigit() else 0


def page_of(items: list[Any], offset: int, size: int) -> tuple[list[Any], int | None]:
    """One page, and where the next one starts (None: this was the last)."""
    chunk = items[offset:offset + size]
    return chunk, offset + size if offset + size < len(items) else None


Endpoint = Callable[[Request], Awaitable[Response]]


def ahead_of(router: APIRouter, path: str, method: str, wanted: Callable[[Request], bool], lookup: Endpoint) -> None:
    """Serve `path` with `lookup` when `wanted(request)`, else with the endpoint already there. Starlette answers
    with the first route that matches, so the new one is moved in front of the old."""
    full = router.prefix + path
    existing = next(r for r in router.routes if isinstance(r, APIRoute) and r.path == full and method in r.methods)

    async def route(request: Request) -> Response:
        if wanted(request):
            return await lookup(request)
        answer = existing.endpoint(request)
        return await answer if inspect.isawaitable(answer) else answer

    router.add_api_route(path, route, methods=[method])
    router.routes.insert(router.routes.index(existing), router.routes.pop())

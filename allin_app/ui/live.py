"""Live pages: one polling loop per browser tab that stops by itself when the tab closes or leaves the page.

A page starts its loop from a background event (`@rx.event(background=True)`) in its on_load and calls
`leave()` from an on_unmount handler. The loop asks the database (the source of truth, so several workers on
Redis are fine) for a cheap signature each tick and only takes the state lock when something changed.

How a closed tab is noticed: Reflex's websocket namespace keeps a token manager that knows which client tokens
have a connected socket (`TokenManager.is_token_connected`, across workers with Redis). A socket can drop for a
moment (network blip, server restart) and come back with the same token; the loop waits `GRACE_SECONDS` before
it gives up, and a reconnect re-runs the page's on_load, which starts a loop again if this one had ended.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
GRACE_SECONDS = 10.0


@dataclass
class _Loop:
    task: asyncio.Task | None
    tag: str
    stop: bool = False

    def alive(self) -> bool:
        return not self.stop and self.task is not None and not self.task.done() and not self.task.cancelling()


# (client token, loop name) -> the one loop running for it in this process
_loops: dict[tuple[str, str], _Loop] = {}


def client_token(state) -> str:
    return state.router.session.client_token


def _event_namespace():
    from reflex_base.registry import RegistrationContext

    try:
        return RegistrationContext.get().app.event_namespace
    except Exception:  # noqa: BLE001 - no registration context here: fall back to the app module
        from reflex.utils import prerequisites

        try:
            return prerequisites.get_app().app.event_namespace
        except Exception:  # noqa: BLE001 - no running app (unit tests): nothing is connected
            return None


async def tab_is_open(state) -> bool:
    """Whether this state's browser tab still has a connected websocket (on any worker)."""
    namespace = _event_namespace()
    if namespace is None:
        return False
    return await namespace._token_manager.is_token_connected(client_token(state))


def is_running(state, name: str) -> bool:
    loop = _loops.get((client_token(state), name))
    return loop is not None and loop.alive()


def _claim(key: tuple[str, str], tag: str) -> _Loop | None:
    """Register the current task as the tab's loop, unless an equal one already runs (then None)."""
    current = _loops.get(key)
    if current is not None and current.alive():
        if current.tag == tag:
            return None
        current.stop = True  # it watches something else (e.g. another organization): replace it
    mine = _Loop(task=asyncio.current_task(), tag=tag)
    _loops[key] = mine
    return mine


def leave(state, name: str) -> None:
    """The tab left the page: its loop ends at its next tick."""
    loop = _loops.get((client_token(state), name))
    if loop is not None:
        loop.stop = True


async def ticks(state, name: str, *, tag: str = "", interval: float = POLL_SECONDS) -> AsyncIterator[int]:
    """A tab's loop as an async iterator, for background events (which may yield events, toasts, scripts):
    `async for n in ticks(self, "bell"): ...` counts 0, 1, 2... every `interval` seconds while the tab is open
    and on the page (see `leave`); nothing when this tab already runs an equal loop (one `tag`: another tag
    replaces the running loop). Breaking out of the `async for` ends it."""
    key = (client_token(state), name)
    me = _claim(key, tag)
    if me is None:
        return
    count, last_connected = 0, time.monotonic()
    try:
        while not me.stop:
            if await tab_is_open(state):
                last_connected = time.monotonic()
                yield count
                count += 1
            elif time.monotonic() - last_connected > GRACE_SECONDS:
                break
            await asyncio.sleep(interval)
    finally:
        if _loops.get(key) is me:
            del _loops[key]

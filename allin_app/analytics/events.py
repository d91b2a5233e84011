"""A tiny in-process hook list: code that wants to hear about something (webhooks later) subscribes to an
event name; the producer emits it with a payload. A failing subscriber is logged and never stops the
producer or the other subscribers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
ANALYTICS_UPDATED = "analytics.updated"

Handler = Callable[[str, dict[str, Any]], None]
_handlers: dict[str, list[Handler]] = {}
_lock = threading.Lock()


def subscribe(event: str, handler: Handler) -> Callable[[], None]:
    """Call `handler(event, payload)` on every `emit(event, ...)`; answers a function that unsubscribes."""
    with _lock:
        _handlers.setdefault(event, []).append(handler)

    def unsubscribe() -> None:
        with _lock:
            if handler in _handlers.get(event, []):
                _handlers[event].remove(handler)

    return unsubscribe


def emit(event: str, payload: dict[str, Any]) -> int:
    """Hand `payload` to every subscriber of `event`; answers how many took it without failing."""
    with _lock:
        handlers = list(_handlers.get(event, []))
    delivered = 0
    for handler in handlers:
        try:
            handler(event, payload)
            delivered += 1
        except Exception:
            log.exception("a subscriber of %s failed", event)
    return delivered

"""Failure injection for tests and demos: the next call(s) to a network's publishing API misbehave.

    from allin_app.platforms.simulator import faults
    faults.inject("twitter", "5xx", times=2)

Kinds:
- "5xx": the network's own 503/500 answer.
- "429": the network's rate-limit answer (with its rate headers).
- "timeout": answered at once with 504 Gateway Timeout, as a proxy in front of the network would.
  Sleeping past the client timeout would make every test slow; the adapter maps 504 to Transient
  exactly as it maps httpx timeouts.
- "revoked": the caller's grant is revoked (as if the user removed the app), then the call is
  answered like any call with a dead token.
- "drop_reply": only on calls that create a post: the post IS created, then the answer is a 500,
  so the caller cannot know it succeeded. Other calls leave this fault queued.

Faults live in this process only and apply to the publishing, delete, metrics and listing
endpoints, not to OAuth or profile endpoints. `clear()` forgets them all.
"""

from __future__ import annotations

import threading
from collections import defaultdict

KINDS = ("5xx", "429", "timeout", "revoked", "drop_reply")

_queue: dict[str, list[str]] = defaultdict(list)
_lock = threading.Lock()


def inject(network: str, kind: str, times: int = 1) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown fault {kind!r}; one of {', '.join(KINDS)}")
    with _lock:
        _queue[network].extend([kind] * times)


def take(network: str, *, creates: bool) -> str | None:
    """The next fault for this call, removed from the queue; "drop_reply" waits for a create."""
    with _lock:
        queue = _queue[network]
        for index, kind in enumerate(queue):
            if kind != "drop_reply" or creates:
                return queue.pop(index)
        return None


def pending(network: str) -> list[str]:
    with _lock:
        return list(_queue[network])


def clear() -> None:
    with _lock:
        _queue.clear()

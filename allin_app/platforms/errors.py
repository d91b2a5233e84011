"""The one set of error kinds every adapter maps a network's refusals to."""

from __future__ import annotations

from typing import Any


class PlatformError(Exception):
    """A network refused or failed a call. `code` is the network's own error code when it gave one."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.published: list[Any] = []  # publish_thread: the parts that went up before this one failed


class RateLimited(PlatformError):
    def __init__(self, message: str, retry_after: int, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = max(1, int(retry_after))


class AuthExpired(PlatformError):
    """The token or grant is no longer good: refresh, or send the user back through consent."""


class ContentRejected(PlatformError):
    def __init__(self, reason: str, **kwargs: Any):
        super().__init__(reason, **kwargs)
        self.reason = reason


class Transient(PlatformError):
    """Worth retrying later as is: 5xx, timeouts, dropped connections.

    `maybe_sent` is False only when the request never reached the network (no connection): then a
    retry cannot post twice. Otherwise the network may have acted before failing to answer."""

    def __init__(self, message: str, *, maybe_sent: bool = True, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.maybe_sent = maybe_sent


class NotFound(PlatformError):
    """The post (or object) does not exist, or no longer does."""

"""The one clock: timezone-aware UTC now, so tests can move time with time-machine."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_fixed: datetime | None = None


def utcnow() -> datetime:
    return _fixed if _fixed is not None else datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Databases like SQLite hand back naive datetimes; everything we store is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Every `utcnow()` in this process answers `moment` until the block ends: the demo history replays a
    past year through the real publish and collect code (`analytics/history.py`). Process-wide, so only
    for one-off tools and tests, never inside the running app."""
    global _fixed
    previous, _fixed = _fixed, as_utc(moment)
    try:
        yield
    finally:
        _fixed = previous

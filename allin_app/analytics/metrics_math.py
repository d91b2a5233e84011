"""The few formulas every analytics figure uses, defined once: engagements, engagement rate,
click-through, frequency, change against the previous period, and the local days a period covers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RATE_DECIMALS = 2  # percentages like 4.37 %
CHANGE_DECIMALS = 1  # +12.5 %


def engagements(likes: int, comments: int, shares: int, saves: int) -> int:
    """What people did with a post: likes (reactions), comments, shares and saves. Clicks and views are not
    engagements here; they have their own figures."""
    return likes + comments + shares + saves


def percent(part: float, whole: float) -> float:
    return round(100 * part / whole, RATE_DECIMALS) if whole else 0.0


def engagement_rate(engaged: int, reach: int) -> float:
    """Engagements per person reached, as a percentage; 0 when nobody was reached. Where several networks
    are added up, pass only the engagements of the ones that report reach (X does not; see queries.combined)."""
    return percent(engaged, reach)


def click_through(clicks: int, impressions: int) -> float:
    """Clicks per impression, as a percentage; 0 without impressions."""
    return percent(clicks, impressions)


def frequency(impressions: int, reach: int) -> float:
    """How often each person reached saw the posts on average; 0 when nobody was reached."""
    return round(impressions / reach, RATE_DECIMALS) if reach else 0.0


def change_pct(current: float, previous: float) -> float | None:
    """Relative change against the previous period, in percent; None when the previous figure is 0 (no base)."""
    if not previous:
        return None
    return round(100 * (current - previous) / abs(previous), CHANGE_DECIMALS)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start` (both ends inclusive)."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def zone_of(name: str | None) -> ZoneInfo:
    """An organization's zone; an unknown or empty name falls back to UTC rather than failing a rollup."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The local day `moment` (UTC, aware or naive) falls on."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return aware.astimezone(zone).date()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) of a local day, in UTC."""
    start = datetime.combine(day, time(), zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end

"""What a report can hold and when it runs: its sections, metrics, date range presets and formats, the
period a report covers on a given day, and when a schedule next sends (in the organization's zone)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# key -> title; the order is the order in the document
SECTIONS = {
    "overview": "Overview",
    "engagement": "Engagement over time",
    "reach": "Reach and impressions",
    "followers": "Follower growth",
    "networks": "Network comparison",
    "top_posts": "Top posts",
    "heatmap": "Best days and hours",
    "campaigns": "Campaigns and ROI",
}
# A content creator's "Basic reports" (the matrix): the sections about their own posts' figures.
BASIC_SECTIONS = ("overview", "engagement", "reach", "top_posts")

# key -> label; the figures the overview and the tables show
METRICS = {
    "posts": "Posts",
    "impressions": "Impressions",
    "reach": "Reach",
    "engagements": "Engagements",
    "engagement_rate": "Engagement rate (%)",
    "clicks": "Clicks",
    "click_through": "Click-through (%)",
    "likes": "Likes",
    "comments": "Comments",
    "shares": "Shares",
    "saves": "Saves",
    "video_views": "Video views",
    "followers": "Followers",
}
DEFAULT_METRICS = ("posts", "impressions", "reach", "engagements", "engagement_rate", "clicks", "followers")

PRESETS = {
    "last_7_days": "Last 7 days",
    "last_30_days": "Last 30 days",
    "last_month": "Last month",
    "last_quarter": "Last quarter",
    "custom": "Fixed dates",
}

FORMATS = {  # key -> (label, media type, file extension)
    "pdf": ("PDF", "application/pdf", "pdf"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": ("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "csv": ("CSV", "text/csv", "csv"),
}

FREQUENCIES = {"weekly": "Every week", "monthly": "Every month"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def period_for(preset: str, today: date, start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """The days (inclusive) a report covers when made on `today` (the organization's local date). Rolling
    ranges end yesterday: a report speaks of complete days, so a Monday-morning one has the whole week."""
    yesterday = today - timedelta(days=1)
    if preset == "last_7_days":
        return yesterday - timedelta(days=6), yesterday
    if preset == "last_30_days":
        return yesterday - timedelta(days=29), yesterday
    if preset == "last_month":
        last_of_previous = today.replace(day=1) - timedelta(days=1)
        return last_of_previous.replace(day=1), last_of_previous
    if preset == "last_quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        end_of_previous = date(today.year, first_month, 1) - timedelta(days=1)
        return date(end_of_previous.year, end_of_previous.month - 2, 1), end_of_previous
    if start is None or end is None:
        raise ValueError("a fixed range needs both dates")
    return start, end


def grain_for(start: date, end: date) -> str:
    """Days for up to two months, weeks for up to a year, months beyond: charts stay readable."""
    days = (end - start).days + 1
    return "day" if days <= 62 else "week" if days <= 366 else "month"


def _local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """`hour` o'clock on `day` in `zone`, as UTC. An hour the clocks skip (spring forward) becomes the same
    wall-clock hour after the change: zoneinfo reads it with the offset in force before the change."""
    return datetime.combine(day, time(hour), zone).astimezone(UTC)


def _month_day(year: int, month: int, day_of_month: int) -> date:
    return date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))


def next_send_after(frequency: str, weekday: int, day_of_month: int, hour: int, zone: ZoneInfo,
                    after: datetime) -> datetime:
    """The first sending moment (UTC) strictly after `after`, at `hour` local time on the chosen weekday or
    day of the month; across a daylight-saving change the local hour stays, the UTC hour moves."""
    local_today = after.astimezone(zone).date()
    if frequency == "weekly":
        for offset in range(8):
            day = local_today + timedelta(days=offset)
            if day.weekday() == weekday and (moment := _local(day, hour, zone)) > after:
                return moment
    else:
        year, month = local_today.year, local_today.month
        for _ in range(3):
            moment = _local(_month_day(year, month, day_of_month), hour, zone)
            if moment > after:
                return moment
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise ValueError(f"no sending moment for {frequency!r}")  # unreachable with valid settings

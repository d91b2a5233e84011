"""The named periods the dashboard and the analytics page offer (last 7/30/90 days, this month, last
month, this year), as inclusive local dates, and how finely a chart of a period is grouped."""

from __future__ import annotations

from datetime import date, timedelta

from allin_app.core.errors import ValidationFailed

PRESETS = {"7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", "month": "This month",
           "last_month": "Last month", "year": "This year"}
CUSTOM = "custom"
DAYS_BY_DAY = 92  # longer periods are charted by week
DAYS_BY_WEEK = 366  # and longer still by month


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The inclusive (start, end) of a named period that ends today (last month: the whole month before)."""
    if preset in ("7d", "30d", "90d"):
        return today - timedelta(days=int(preset[:-1]) - 1), today
    if preset == "month":
        return today.replace(day=1), today
    if preset == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "year":
        return today.replace(month=1, day=1), today
    raise ValidationFailed("period", f"Pick one of: {', '.join(PRESETS.values())}.")


def parse_day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed(field, "Give the date as YYYY-MM-DD.") from None


def grain_for(start: date, end: date) -> str:
    """day, week or month: enough points to read a trend, few enough to keep a chart light."""
    days = (end - start).days + 1
    return "day" if days <= DAYS_BY_DAY else "week" if days <= DAYS_BY_WEEK else "month"


def describe(start: date, end: date) -> str:
    """"3 Mar – 1 Apr 2026" (the year once when both ends share it)."""
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"

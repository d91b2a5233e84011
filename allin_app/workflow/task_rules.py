"""Repeating tasks: an RFC 5545 RRULE (python-dateutil, as scheduling/recurring.py uses), expanded in the
organization's time zone so a task due at 09:00 stays due at 09:00 across daylight-saving changes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed

FREQUENCIES = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
REPEATS = {"daily": "FREQ=DAILY", "weekly": "FREQ=WEEKLY", "monthly": "FREQ=MONTHLY"}  # the form's choices
MAX_RULE = 500
HELP = "Repeat daily, weekly, monthly or yearly, as an RFC 5545 rule such as FREQ=WEEKLY;BYDAY=MO."


def _fields(rule: str) -> dict[str, str]:
    parts = [part.split("=", 1) for part in rule.split(";") if part]
    if any(len(part) != 2 or not part[0] for part in parts):
        raise ValidationFailed("recurrence", HELP)
    return dict(parts)


def checked_rule(text: str | None, field: str = "recurrence") -> str:
    """The rule, tidied ("" when the task does not repeat), or ValidationFailed saying what to write."""
    rule = (text or "").strip().upper().removeprefix("RRULE:")
    if not rule:
        return ""
    if len(rule) > MAX_RULE:
        raise ValidationFailed(field, f"Keep the rule under {MAX_RULE} characters.")
    try:
        fields = _fields(rule)
        if fields.get("FREQ") not in FREQUENCIES or "DTSTART" in fields:
            raise ValidationFailed(field, HELP)
        rrulestr(_local_until(rule, ZoneInfo("UTC")), dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, ValidationFailed):
        raise ValidationFailed(field, HELP) from None
    return rule


def _local_until(rule: str, zone: ZoneInfo) -> str:
    """An UNTIL given in UTC ("...Z") as the zone's wall-clock time, since the rule is expanded in local time."""
    fields = _fields(rule)
    until = fields.get("UNTIL", "")
    if until.endswith("Z"):
        moment = datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=ZoneInfo("UTC"))
        fields["UNTIL"] = moment.astimezone(zone).strftime("%Y%m%dT%H%M%S")
    return ";".join(f"{key}={value}" for key, value in fields.items())


def next_due(rule: str, series_start: datetime, after: datetime, zone: ZoneInfo) -> datetime | None:
    """The rule's first occurrence after `after` (UTC), counting from the series' first due date; None
    when the rule has run out (COUNT or UNTIL)."""
    local_start = as_utc(series_start).astimezone(zone).replace(tzinfo=None)
    local_after = as_utc(after).astimezone(zone).replace(tzinfo=None)
    found = rrulestr(_local_until(rule, zone), dtstart=local_start).after(local_after)
    return as_utc(found.replace(tzinfo=zone)) if found else None


def repeat_of(rule: str) -> str:
    """The form's choice for a stored rule: none, daily, weekly, monthly, or custom (set over the API)."""
    if not rule:
        return "none"
    return next((choice for choice, text in REPEATS.items() if text == rule), "custom")


def describe(rule: str) -> str:
    """In words: "Every week", "Every 2 months", or the rule itself when it says more."""
    if not rule:
        return ""
    fields = _fields(rule)
    unit, interval = FREQUENCIES.get(fields.get("FREQ", ""), ""), fields.get("INTERVAL", "1")
    if not unit or set(fields) - {"FREQ", "INTERVAL"} or not interval.isdigit():
        return rule
    return f"Every {unit}" if interval == "1" else f"Every {interval} {unit}s"

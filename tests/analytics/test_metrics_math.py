"""The formulas every figure uses, and the period comparison."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from allin_app.analytics import metrics_math as mm


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    assert mm.previous_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 1, 29), date(2026, 2, 28))
    assert mm.previous_period(date(2026, 1, 1), date(2026, 1, 1)) == (date(2025, 12, 31), date(2025, 12, 31))
    start, end = mm.previous_period(date(2024, 2, 1), date(2024, 3, 1))  # 30 days across a leap day
    assert (end - start).days == 29 and end == date(2024, 1, 31)


def test_change_against_the_previous_period():
    assert mm.change_pct(150, 100) == 50.0
    assert mm.change_pct(50, 100) == -50.0
    assert mm.change_pct(1, 3) == -66.7  # rounded to one decimal
    assert mm.change_pct(2, 3) == -33.3
    assert mm.change_pct(10, 0) is None  # no base, no percentage
    assert mm.change_pct(0, 0) is None
    assert mm.change_pct(-5, -10) == 50.0  # a smaller loss is an improvement


def test_rates_are_percentages_and_zero_without_a_base():
    assert mm.engagements(likes=10, comments=3, shares=2, saves=1) == 16
    assert mm.engagement_rate(16, 400) == 4.0
    assert mm.engagement_rate(1, 3) == 33.33
    assert mm.engagement_rate(5, 0) == 0.0
    assert mm.click_through(3, 1000) == 0.3
    assert mm.click_through(3, 0) == 0.0
    assert mm.frequency(1500, 1000) == 1.5
    assert mm.frequency(10, 0) == 0.0


def test_local_days_follow_the_zone_across_daylight_saving():
    zone = ZoneInfo("America/New_York")
    assert mm.local_day(datetime(2026, 3, 9, 3, 30, tzinfo=UTC), zone) == date(2026, 3, 8)
    start, end = mm.day_bounds(date(2026, 3, 8), zone)  # clocks go forward: a 23-hour day
    assert (end - start).total_seconds() == 23 * 3600
    assert start == datetime(2026, 3, 8, 5, tzinfo=UTC)
    assert mm.zone_of("Not/AZone").key == "UTC"

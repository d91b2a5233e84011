"""Competitors and ROI in the browser: a client viewer reads the seeded competitors' benchmark and charts; a
manager tracks one more by handle and removes it; a manager imports conversions from a CSV (one bad row shown
with its problem) and the ROI figures count them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import rivals

pytestmark = pytest.mark.browser

CLIENT = ("client@allin.demo", "Client123!@#")
MANAGER = ("manager@allin.demo", "Manager123!@#")


def _has_traces(page, chart_id: str) -> None:
    expect(page.locator(f"#{chart_id}.js-plotly-plot")).to_be_visible(timeout=30_000)
    page.wait_for_function(f"() => (document.getElementById('{chart_id}')?.data || []).length > 0", timeout=30_000)


def test_the_client_reads_the_competitor_benchmark(sign_in):
    page = sign_in(*CLIENT)
    expect(page.locator("#nav-analytics")).to_be_visible(timeout=30_000)
    page.click("#nav-analytics")
    page.click("#analytics-tab-competitors")
    expect(page.locator("#competitor-benchmark")).to_be_visible(timeout=30_000)
    expect(page.locator("#competitor-add")).to_have_count(0)  # a client viewer reads, nobody's list changes
    rows = page.locator("#competitor-benchmark .contender-row")
    expect(rows.filter(has_text="Morning Ritual Coffee")).to_have_count(1)  # the first network: Facebook
    expect(rows.filter(has_text="You")).to_have_count(1)
    page.locator(".competitor-network-tab", has_text="X (Twitter)").click()
    expect(rows.filter(has_text=rivals.RIVALS[0].name)).to_have_count(1, timeout=30_000)
    expect(rows).to_have_count(3)  # the organization and its two competitors on X
    for chart in ("chart-competitor-followers", "chart-competitor-frequency", "chart-competitor-rate",
                  "chart-competitor-voice"):
        _has_traces(page, chart)
    page.locator(".competitor-network-tab", has_text="Instagram").click()
    expect(rows.filter(has_text="Copper Kettle Café")).to_have_count(1, timeout=30_000)


def test_a_manager_tracks_a_competitor_by_handle_and_stops(sign_in, live_app):
    page = sign_in(*MANAGER)
    expect(page.locator("#nav-analytics")).to_be_visible(timeout=30_000)
    page.goto(f"{live_app.url}/analytics/competitors")
    expect(page.locator("#competitor-add")).to_be_visible(timeout=30_000)
    page.click("#competitor-network")
    page.get_by_role("option", name="X (Twitter)").click()
    page.fill("#competitor-handle", "@nobody_at_all")
    page.click("#add-competitor")
    expect(page.locator("#competitor-error")).to_contain_text("no public account", timeout=30_000)
    page.fill("#competitor-handle", "@copperkettle")
    page.click("#add-competitor")
    tracked = page.locator(".tracked-competitor", has_text="Copper Kettle Café")
    expect(tracked).to_be_visible(timeout=30_000)
    expect(page.locator("#competitor-benchmark .contender-row", has_text="Copper Kettle Café")).to_be_visible()
    tracked.locator(".remove-competitor").click()
    expect(tracked).to_have_count(0, timeout=30_000)


def _conversions_csv() -> bytes:
    day = (utcnow() - timedelta(days=1)).date().isoformat()
    return (f"order_id,date,revenue,utm_campaign,utm_source\n"
            f"BR-1,{day} 10:00,120.00,,twitter\n"
            f"BR-2,{day} 11:00,80.50,,facebook\n"
            f"BR-3,whenever,10,,\n").encode()


def test_a_manager_imports_conversions_and_sees_the_revenue(sign_in, live_app):
    page = sign_in(*MANAGER)
    expect(page.locator("#nav-analytics")).to_be_visible(timeout=30_000)
    page.goto(f"{live_app.url}/analytics/roi")
    expect(page.locator("#roi-cards")).to_be_visible(timeout=30_000)
    page.locator("#conversions-upload input[type=file]").set_input_files(
        {"name": "orders.csv", "mimeType": "text/csv", "buffer": _conversions_csv()})
    expect(page.locator("#conversions-summary")).to_contain_text("2 of 3 rows ready")
    expect(page.locator("#conversion-row-4 .row-error")).to_contain_text("'whenever' is not a date")
    page.click("#confirm-conversions")
    expect(page.locator("#conversions-notice")).to_contain_text("2 new, 0 updated, 0 already there; 1 row",
                                                                timeout=30_000)
    expect(page.locator("#roi-revenue .roi-value")).to_contain_text("$200.50")
    expect(page.locator("#roi-conversions .roi-value")).to_have_text("2")
    _has_traces(page, "chart-roi-daily")

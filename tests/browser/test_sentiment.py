"""Comment sentiment on /analytics: a manager sees the daily chart for the period and a published post's
comments with their moods (read from the simulator); a client viewer sees neither."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MANAGER = ("manager@allin.demo", "Manager123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
MOODS = ("positive", "neutral", "negative")


def _open_analytics(page) -> None:
    expect(page.locator("#nav-analytics")).to_be_visible(timeout=30_000)
    page.click("#nav-analytics")
    expect(page.locator("#analytics-kpis")).to_be_visible(timeout=30_000)


def _count(page, mood: str) -> int:
    text = page.locator(f"#sentiment-count-{mood}").inner_text()
    return int(re.match(r"\d+", text).group())


def test_manager_sees_the_sentiment_chart_and_a_posts_comment_moods(sign_in):
    page = sign_in(*MANAGER)
    _open_analytics(page)
    expect(page.locator("#sentiment-section")).to_have_attribute("data-access", "granted", timeout=30_000)
    expect(page.locator("#chart-sentiment.js-plotly-plot")).to_be_visible(timeout=60_000)
    page.wait_for_function("() => (document.getElementById('chart-sentiment')?.data || []).length === 2",
                           timeout=30_000)  # comments per day, and their average mood
    names = page.evaluate("() => document.getElementById('chart-sentiment').data.map(t => t.name)")
    assert names == ["Comments", "Average sentiment"]
    expect(page.locator("#sentiment-chart-error")).to_have_count(0)

    buttons = page.locator("#top-posts .post-sentiment")
    expect(buttons.first).to_be_visible()
    for index in range(buttons.count()):  # the first ranked post with comments (newer ones may have none yet)
        buttons.nth(index).click()
        dialog = page.locator("#sentiment-dialog")
        expect(dialog).to_be_visible()
        expect(page.locator("#sentiment-comments, #sentiment-no-comments")).to_be_visible(timeout=30_000)
        if page.locator("#sentiment-comments").count():
            break
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
    rows = page.locator(".sentiment-comment")
    expect(rows.first).to_be_visible()
    assert sum(_count(page, mood) for mood in MOODS) == rows.count()
    for mood in MOODS:
        assert page.locator(f".sentiment-comment[data-mood='{mood}']").count() == _count(page, mood)
    expect(page.locator("#sentiment-average")).to_have_text(re.compile(r"^[+-]\d\.\d\d$"))
    expect(page.locator("#sentiment-by-network")).to_be_visible()
    expect(page.locator("#sentiment-failed")).to_have_count(0)


def test_a_client_viewer_sees_no_comment_sentiment(sign_in):
    page = sign_in(*CLIENT)
    _open_analytics(page)
    expect(page.locator("#sentiment-section")).to_have_attribute("data-access", "denied", timeout=30_000)
    expect(page.locator("#sentiment-card")).to_have_count(0)
    expect(page.locator(".post-sentiment")).to_have_count(0)

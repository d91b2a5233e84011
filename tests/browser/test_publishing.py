"""From the composer to the network: schedule, publish now, see the delivery and hear about it."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from allin_app.content.models import Post
from tests.browser.approval_setup import fast_track

pytestmark = pytest.mark.browser


def _cleared(page, live_app, text: str) -> None:
    """Bloom Coffee publishes approved posts only: the composed draft, once saved in full, is fast-tracked."""
    expect(page).to_have_url(re.compile(r"post=\d+"))
    post_id = int(re.search(r"post=(\d+)", page.url).group(1))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with live_app.db() as db:
            if db.get(Post, post_id).text == text:
                break
        time.sleep(0.2)
    fast_track(live_app, post_id)


def test_publish_now_goes_out_and_the_bell_says_so(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").click()
    page.locator("#composer-text").click()
    page.locator("#composer-text").press_sequentially("Publishing from the browser test", delay=5)
    expect(page.locator("#saved-note")).to_contain_text("Saved")
    _cleared(page, live_app, "Publishing from the browser test")
    page.click("#publish-now")
    expect(page.locator("#deliveries")).to_be_visible()
    page.wait_for_timeout(8000)  # the publisher ticks every 5 seconds
    page.reload()
    row = page.locator(".delivery-row", has_text="X (Twitter)").or_(page.locator(".delivery-row").first)
    expect(row.locator(".delivery-status")).to_have_text("published", timeout=15_000)
    expect(row.get_by_role("link", name="View post")).to_have_attribute("href", re.compile(r"^https://x\.com/"))
    expect(row.locator(".delivery-timeline")).to_contain_text("published")  # the delivery ledger
    expect(page.locator("#unread-count")).to_be_visible()
    page.click("#notifications-bell")
    expect(page.locator("#notifications-list")).to_contain_text("Published: Publishing from the browser test")


def test_schedule_for_tomorrow_shows_the_time_in_the_organizations_zone(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").click()
    page.locator("#composer-text").click()
    page.locator("#composer-text").press_sequentially("Tomorrow's special", delay=5)
    expect(page.locator("#saved-note")).to_contain_text("Saved")
    _cleared(page, live_app, "Tomorrow's special")
    page.click("#open-schedule")
    page.get_by_role("button", name="Tomorrow 09:00").click()
    page.click("#confirm-schedule")
    expect(page.locator("#scheduled-for")).to_contain_text("09:00")
    expect(page.locator("#post-status")).to_have_text("scheduled")
    page.click("#unschedule")
    expect(page.locator("#post-status")).to_have_text("approved")  # off the schedule, still approved

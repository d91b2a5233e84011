"""Calendar > Import: a CSV with one bad row shows that row's problem, the good rows import and appear in
the content library; the export downloads them; a calendar feed is made, read without signing in, revoked."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from allin_app.core.clock import utcnow
from tests.browser.approval_setup import approvals_off

pytestmark = pytest.mark.browser

MARK = "CSV walk"  # every post this file imports starts with it


def _csv() -> bytes:
    later = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    rows = ["text,accounts,scheduled_at",
            f"{MARK}: oat flat white,twitter,{later.isoformat()}",
            f"{MARK}: nobody reads this,myspace,{later.isoformat()}",
            f"{MARK}: cortado Friday,facebook,{(later + timedelta(hours=3)).isoformat()}"]
    return "\n".join(rows).encode("utf-8-sig")


def _open_import(page: Page, live_app) -> None:
    page.goto(f"{live_app.url}/calendar/import")
    expect(page.locator("#page-title")).to_have_text("Import and export")


@pytest.fixture
def no_approvals(live_app):
    """Imported rows with a time are scheduled only where approvals are off (they are new, unapproved posts)."""
    with approvals_off(live_app):
        yield


def test_manager_imports_the_good_rows_of_a_csv_and_finds_them_in_the_library(sign_in, live_app, no_approvals):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-content")).to_be_visible()
    _open_import(page, live_app)
    page.locator("#csv-upload input[type=file]").set_input_files(
        {"name": "posts.csv", "mimeType": "text/csv", "buffer": _csv()})
    expect(page.locator("#preview-summary")).to_contain_text("2 of 3 rows ready to import")
    expect(page.locator(".preview-row-bad")).to_have_count(1)
    expect(page.locator("#preview-row-3 .row-error")).to_contain_text("Unknown account 'myspace'")
    expect(page.locator(".preview-row-ok")).to_have_count(2)
    page.click("#confirm-import")
    expect(page.locator("#import-notice")).to_contain_text("Imported 2 posts; 1 row with problems left out.")
    page.click("#see-imported")
    expect(page.locator("#page-title")).to_have_text("Content")
    page.fill("#library-search", MARK)
    expect(page.locator(".post-row")).to_have_count(2)
    expect(page.locator(".post-row .status-badge").first).to_have_text("Scheduled")


def test_manager_exports_posts_and_makes_a_calendar_feed(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-content")).to_be_visible()
    _open_import(page, live_app)
    page.click("#export-format")
    page.get_by_role("option", name="JSON", exact=True).click()
    with page.expect_download() as download:
        page.click("#export-download")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert all(post["status"] in ("scheduled", "publishing", "published") for post in exported["posts"])

    page.click("#create-feed")
    url = page.locator("#new-feed-url").input_value()
    assert "/ical/" in url and url.endswith(".ics")
    served = httpx.get(url)  # a calendar app: no session
    assert served.status_code == 200
    uids = {str(event["uid"]).split("@")[0] for event in Calendar.from_ical(served.content).walk("VEVENT")}
    assert {f"post-{post['id']}" for post in exported["posts"] if post["status"] == "scheduled"} <= uids
    page.locator(".revoke-feed").first.click()
    expect(page.locator(".feed-row")).to_have_count(0)
    assert httpx.get(url).status_code == 404


def test_a_client_sees_only_the_calendar_feed(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#nav-calendar")).to_be_visible()
    _open_import(page, live_app)
    expect(page.locator("#feed-section")).to_be_visible()
    expect(page.locator("#import-section")).to_have_count(0)
    expect(page.locator("#export-section")).to_have_count(0)

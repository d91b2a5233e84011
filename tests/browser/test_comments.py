"""Comments in the composer: a creator @mentions the manager (picked from the suggestions) and the
manager's bell says so."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MANAGER_NAME = "Morgan Manager"  # the demo manager (admin/seed.py)


def test_a_creator_mentions_the_manager_and_the_managers_bell_shows_it(sign_in, live_app, browser):
    page = sign_in("creator@allin.demo", "Creator123!@#")
    page.click("#nav-create")
    page.locator("#composer-text").click()
    page.locator("#composer-text").press_sequentially("Oat latte launch on Friday", delay=5)
    expect(page.locator("#saved-note")).to_contain_text("Saved")

    box = page.locator("#comment-body")
    expect(box).to_be_visible()  # a saved draft has comments
    box.click()
    box.press_sequentially("@Morg", delay=20)
    suggestion = page.locator(".mention-suggestion", has_text=MANAGER_NAME)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(box).to_have_value(f"@{MANAGER_NAME} ")
    box.focus()
    box.press("End")
    box.press_sequentially("is the price right?", delay=5)
    page.click("#comment-body-send")

    thread = page.locator(".comment-thread")
    expect(thread).to_have_count(1)
    expect(thread.locator(".comment-mention")).to_have_text(f"@{MANAGER_NAME}")
    expect(thread.locator(".comment-body")).to_contain_text("is the price right?")
    expect(box).to_have_value("")

    manager = browser.new_context().new_page()
    manager.goto(f"{live_app.url}/auth/login")
    manager.fill("#email", "manager@allin.demo")
    manager.fill("#password", "Manager123!@#")
    manager.click("#sign-in")
    expect(manager.locator("#unread-count")).to_be_visible()
    manager.click("#notifications-bell")
    expect(manager.locator("#notifications-list")).to_contain_text("Casey Creator mentioned you on")
    assert "is the price right?" in live_app.inbox.wait_for("manager@allin.demo", "mentioned you").get_content()

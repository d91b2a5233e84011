"""Team chat in two browsers at once: the manager writes in #general and the creator, on the same page in
another browser, sees it arrive without reloading; when the creator is in another channel, #general shows
an unread count instead (and so does Chat in the sidebar) until they open it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _open_chat(browser, live_app, email: str, password: str):
    page = browser.new_context().new_page()
    page.goto(f"{live_app.url}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    page.locator("#nav-chat").click()
    expect(page.locator("#chat-title")).to_have_text("#general")
    return page


def _say(page, text: str) -> None:
    box = page.locator("#chat-input")
    box.click()
    box.press_sequentially(text, delay=5)
    box.press("Enter")  # Enter sends
    expect(box).to_have_value("")


def test_a_message_arrives_in_another_open_browser_and_counts_as_unread_elsewhere(browser, live_app):
    manager = _open_chat(browser, live_app, "manager@allin.demo", "Manager123!@#")
    creator = _open_chat(browser, live_app, "creator@allin.demo", "Creator123!@#")

    _say(manager, "Morning team, the oat milk is in")
    expect(manager.locator(".chat-message").last).to_contain_text("Morning team, the oat milk is in")
    arrived = creator.locator(".chat-message").last  # no reload: the live loop brings it in
    expect(arrived).to_contain_text("Morning team, the oat milk is in", timeout=10_000)
    expect(arrived).to_contain_text("Morgan Manager")
    expect(creator.locator("#chat-unread-total")).to_have_count(0)  # seen where it arrived: read

    creator.click("#chat-new-channel")
    creator.fill("#name", "Captions")
    creator.fill("#topic", "Words for the spring posts")
    creator.click("#chat-create-channel")
    expect(creator.locator("#chat-title")).to_have_text("#captions")

    _say(manager, "@Casey Creator can you draft the menu captions?")
    general = creator.locator(".chat-channel", has_text="general")
    expect(general.locator(".chat-unread")).to_have_text("1", timeout=10_000)
    expect(creator.locator("#chat-unread-total")).to_have_text("1")

    general.click()
    expect(creator.locator("#chat-title")).to_have_text("#general")
    latest = creator.locator(".chat-message").last
    expect(latest.locator(".chat-mention")).to_have_text("@Casey Creator")
    expect(general.locator(".chat-unread")).to_have_count(0)
    expect(creator.locator("#chat-unread-total")).to_have_count(0)
    manager.context.close()
    creator.context.close()

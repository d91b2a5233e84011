"""The composer: pick accounts, watch counters and previews, autosave, reload, restore a version."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _type(page, text: str) -> None:
    box = page.locator("#composer-text")
    box.click()
    box.press_sequentially(text, delay=5)


def test_write_for_two_networks_with_counters_previews_autosave_and_versions(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").click()
    page.locator(".account-choice[data-network='facebook']").first.click()
    _type(page, "Autumn blend is here #coffee")
    expect(page.locator("#saved-note")).to_contain_text("Saved")
    expect(page).to_have_url(re.compile(r"/create\?post=\d+"))
    x_counter = page.locator(".char-counter[data-network='twitter']")
    expect(x_counter).to_contain_text("28 / 280")
    x_preview = page.locator(".network-preview[data-network='twitter']")
    expect(x_preview.locator(".preview-hashtag")).to_have_text("#coffee")
    expect(page.locator(".network-preview[data-network='facebook']")).to_contain_text("Autumn blend is here")

    page.locator(".customize-switch[data-network='twitter']").click()
    x_words = page.locator("textarea[data-network='twitter']")
    x_words.fill("日本のお客様へ" * 21)  # 147 CJK characters weigh 294 on X
    expect(x_counter).to_have_attribute("data-over", "yes")
    expect(x_preview.locator(".fit-problem")).to_contain_text("the limit is 280")
    x_words.fill("Short for X #coffee")
    expect(x_counter).to_have_attribute("data-over", "no")

    _type(page, " and pastries")
    page.reload()  # mid-typing, before the pause that saves: nothing may be lost
    expect(page.locator("#composer-text")).to_have_value("Autumn blend is here #coffee and pastries")
    expect(page.locator("textarea[data-network='twitter']")).to_have_value("Short for X #coffee")

    page.click("#open-versions")
    first = page.locator(".version-row[data-number='1']")
    expect(first).to_be_visible()
    first.get_by_role("button", name="Compare").click()
    expect(page.locator("#version-diff .diff-added")).to_contain_text("pastries")
    first.locator(".restore-version").click()
    expect(page.locator("#composer-text")).not_to_have_value(re.compile("pastries"))
    expect(page.locator("#saved-note")).to_contain_text("Restored version 1")


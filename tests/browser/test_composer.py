"""The composer: pick accounts, watch counters and previews, autosave, reload, restore a version."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect
from sqlmodel import select

from allin_app.content.models import Template
from tests.platforms.media_files import image

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
    expect(page.locator("#saved-note")).to_contain_text("Saved")  # the recovered words reached the server

    page.click("#open-versions")
    first = page.locator(".version-row[data-number='1']")
    expect(first).to_be_visible()
    first.get_by_role("button", name="Compare").click()
    expect(page.locator("#version-diff .diff-added")).to_contain_text("pastries")
    first.locator(".restore-version").click()
    expect(page.locator("#composer-text")).not_to_have_value(re.compile("pastries"))
    expect(page.locator("#saved-note")).to_contain_text("Restored version 1")



def test_a_post_for_x_and_linkedin_with_an_uploaded_image(sign_in, live_app, tmp_path):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")  # Bloom Coffee has no LinkedIn page yet: connect it first
    page.click("#connect-account")
    page.click("#connect-linkedin")
    page.click("#allow")
    expect(page.locator(".account-row", has_text="LinkedIn").first).to_be_visible()

    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").click()
    page.locator(".account-choice[data-network='linkedin']").first.click()
    _type(page, "Our new pastry case")
    page.locator("#composer-upload input[type=file]").set_input_files(str(image(tmp_path, "pastries.jpg")))
    expect(page.locator(".attached-media")).to_have_count(1)
    for network in ("twitter", "linkedin"):
        card = page.locator(f".network-preview[data-network='{network}']")
        expect(card.locator(".preview-media")).to_have_count(1)
        expect(card).to_contain_text("Our new pastry case")
    page.fill("#composer-link", "https://bloom.example/pastries")
    page.click("#utm-switch")
    page.click("#shorten-switch")
    x_link = page.locator(".network-preview[data-network='twitter'] .preview-link-url")
    expect(x_link).to_contain_text("/l/")
    short = x_link.inner_text().strip()
    assert httpx.get(short, follow_redirects=False).headers["location"] == (
        "https://bloom.example/pastries?utm_source=twitter&utm_medium=social")
    page.reload()
    expect(page.locator(".attached-media")).to_have_count(1)


def test_starting_from_a_template_asks_for_its_variables(sign_in, live_app):
    with live_app.db() as db:
        template_id = db.exec(select(Template.id).where(Template.name == "Event promotion")).one()
    page = sign_in("creator@allin.demo", "Creator123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/create?template={template_id}")
    expect(page.locator("[data-variable='event_name']")).to_be_visible()
    page.locator("[data-variable='event_name']").fill("Latte art night")
    page.click("#use-template")
    expect(page.locator("#template-error")).to_contain_text("Fill in")
    for name, value in (("date", "Friday 12 Dec"), ("location", "Bloom Coffee"), ("what_to_expect", "Free tastings"),
                        ("link", "https://bloom.example/latte")):
        page.locator(f"[data-variable='{name}']").fill(value)
    page.click("#use-template")
    expect(page.locator("#composer-text")).to_have_value(re.compile("^Join us for Latte art night on Friday 12 Dec"))
    expect(page.locator("#saved-note")).to_contain_text("Saved")

"""Content > Media: upload two images at once, see their thumbnails, file one in a new folder, and
save a copy resized to an Instagram preset next to its original."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.platforms.media_files import image

pytestmark = pytest.mark.browser


def _card(page, name: str):
    return page.locator(".media-card", has_text=name)


def _thumbnail_loaded(card) -> None:
    thumb = card.locator("img.media-thumb")
    expect(thumb).to_be_visible()
    thumb.evaluate("img => img.decode()")  # rejects when the bytes are not an image the browser can draw
    assert thumb.evaluate("img => img.naturalWidth") > 0


def test_manager_uploads_files_a_folder_and_an_instagram_copy(sign_in, live_app, tmp_path):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-content")
    page.click("#tab-media")
    expect(page.locator("#page-title")).to_have_text("Media")
    latte = image(tmp_path, "browser-latte.png", (1203, 803))
    beans = image(tmp_path, "browser-beans.jpg", (907, 1211))
    page.locator("#media-upload input[type=file]").set_input_files([latte, beans])

    expect(page.locator("#media-notice")).to_have_text("Uploaded 2 files.")
    for name in ("browser-latte.png", "browser-beans.jpg"):
        expect(_card(page, name)).to_have_count(1)
        _thumbnail_loaded(_card(page, name))
    expect(_card(page, "browser-latte.png").locator(".media-facts")).to_contain_text("1203×803")

    page.click("#new-folder")
    page.fill("#folder-name", "Browser spring")
    page.click("#save-folder")
    expect(page.locator(".folder-link", has_text="Browser spring")).to_have_count(1)
    expect(page.locator("#media-empty")).to_be_visible()  # the new folder is open, and empty

    page.click("#folder-all")
    _card(page, "browser-beans.jpg").locator(".select-media").click()
    page.click("#bulk-folder")
    page.get_by_role("option", name="Browser spring").click()
    page.click("#bulk-move")
    expect(page.locator("#media-notice")).to_have_text("Moved 1 file.")
    page.locator(".folder-link", has_text="Browser spring").click()
    expect(page.locator(".media-card")).to_have_count(1)
    expect(_card(page, "browser-beans.jpg")).to_have_count(1)

    _card(page, "browser-beans.jpg").locator(".open-media").click()
    page.click("#edit-preset")
    page.get_by_role("option", name="Instagram square 1080×1080").click()
    page.click("#save-edit")
    versions = page.locator("#media-versions .media-version")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("Original")
    expect(versions.nth(1)).to_contain_text("1080×1080")
    expect(page.locator("#detail-title")).to_contain_text("Instagram square 1080×1080")
    page.keyboard.press("Escape")
    expect(page.locator(".media-card")).to_have_count(2)  # the copy sits in the original's folder, beside it
    copy = page.locator(".media-card", has_text="Edited copy")
    expect(copy.locator(".media-facts")).to_contain_text("1080×1080")
    _thumbnail_loaded(copy)

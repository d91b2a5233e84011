"""An agency white-labels AllIN; its client's people see the agency's brand at sign-in and in the app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import delete

from allin_app.orgs.models import WhiteLabel

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" \
      b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.fixture
def restore_allin_brand(live_app):
    yield
    with live_app.db() as db:  # other tests expect the demo unbranded
        db.exec(delete(WhiteLabel))
        db.commit()


def test_client_sees_the_agencys_white_label(sign_in, live_app, browser, tmp_path, restore_allin_brand):
    owner = sign_in("agency@allin.demo", "Agency123!@#")
    expect(owner.locator("#sidebar-nav")).to_be_visible()
    owner.goto(f"{live_app.url}/settings/brand")
    expect(owner.locator("#white-label")).to_be_visible()
    owner.fill("#app_name", "Northwind Studio")
    owner.fill("#primary_color", "teal")
    owner.click("#save-white-label")
    expect(owner.locator("#primary_color-error")).to_contain_text("#1A2B3C")
    owner.fill("#primary_color", "#0A7E55")
    owner.click("#hide-analytics")
    owner.click("#save-white-label")
    expect(owner.locator("#brand-name")).to_have_text("Northwind Studio")
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    owner.locator("#upload-logo input[type=file]").set_input_files(str(logo))
    owner.click("#upload-logo-submit")
    expect(owner.locator("#logo-preview")).to_be_visible()

    client = browser.new_context().new_page()
    client.goto(f"{live_app.url}/auth/login?org=bloom-coffee-co")
    expect(client.locator("#brand-name")).to_have_text("Northwind Studio")
    expect(client.locator("#brand-logo")).to_be_visible()
    client.fill("#email", "client@allin.demo")
    client.fill("#password", "Client123!@#")
    client.click("#sign-in")
    expect(client.locator("#sidebar #brand-name")).to_have_text("Northwind Studio")
    expect(client.locator("#nav-calendar")).to_be_visible()
    expect(client.locator("#nav-analytics")).to_have_count(0)

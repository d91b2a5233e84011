"""Settings > Organization as the agency owner edits it and a manager reads it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_agency_owner_renames_the_agency_and_a_bad_website_is_refused(sign_in, live_app):
    page = sign_in("agency@allin.demo", "Agency123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/settings/organization")
    expect(page.locator("#name")).to_have_value("Northwind Social Agency")
    page.fill("#website", "not a url")
    page.click("#save-organization")
    expect(page.locator("#website-error")).to_contain_text("full web address")
    page.fill("#website", "https://northwind.example")
    page.fill("#name", "Northwind Social & Co")
    page.click("#save-organization")
    expect(page.locator("#org-switcher")).to_contain_text("Northwind Social & Co")
    page.reload()
    expect(page.locator("#website")).to_have_value("https://northwind.example")
    page.fill("#name", "Northwind Social Agency")  # leave the demo as other tests expect it
    page.click("#save-organization")
    expect(page.locator("#org-switcher")).to_contain_text("Northwind Social Agency")


def test_manager_sees_the_profile_read_only(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/settings/organization")
    expect(page.locator("#org-read-only")).to_be_visible()
    expect(page.locator("#save-organization")).to_have_count(0)


def test_owner_turns_off_approval_emails_for_the_organization(sign_in, live_app):
    page = sign_in("agency@allin.demo", "Agency123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/settings/organization")
    switch = page.locator("#notify-email-approvals")
    expect(switch).to_have_attribute("data-state", "checked")
    switch.click()
    page.click("#save-notifications")
    page.reload()
    expect(page.locator("#notify-email-approvals")).to_have_attribute("data-state", "unchecked")
    page.locator("#notify-email-approvals").click()  # leave the demo as it was
    page.click("#save-notifications")
    page.reload()
    expect(page.locator("#notify-email-approvals")).to_have_attribute("data-state", "checked")


def test_agency_owner_sets_the_publishing_rules(sign_in, live_app):
    page = sign_in("agency@allin.demo", "Agency123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/settings/organization")
    page.fill("#grace_minutes", "90")
    page.click("#save-publishing")
    expect(page.get_by_text("Publishing settings saved.")).to_be_visible()
    page.reload()
    expect(page.locator("#grace_minutes")).to_have_value("90")

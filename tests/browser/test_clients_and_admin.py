"""The agency owner's Clients page and the super admin's organization directory."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_agency_owner_onboards_a_client_and_opens_it(sign_in, live_app):
    page = sign_in("agency@allin.demo", "Agency123!@#")
    page.click("#nav-clients")
    expect(page.locator("#clients-table .client-row")).to_have_count(2)
    page.click("#new-client")
    page.fill("#name", "Bloom Coffee Co.")
    page.click("#create-client")
    expect(page.locator("#name-error")).to_contain_text("already has a client")
    page.fill("#name", "Lumen Opticians")
    page.fill("#industry", "Retail")
    page.click("#create-client")
    expect(page.locator("#clients-table .client-row")).to_have_count(3)
    page.locator(".client-row", has_text="Lumen Opticians").get_by_role("button", name="Open").click()
    expect(page.locator("#org-switcher")).to_contain_text("Lumen Opticians")


def test_manager_has_no_clients_page(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    expect(page.locator("#nav-clients")).to_have_count(0)
    page.goto(f"{live_app.url}/clients")
    expect(page.locator("#not-allowed")).to_be_visible()


def test_super_admin_searches_creates_suspends_and_deletes(sign_in, live_app):
    page = sign_in("admin@allin.demo", "Admin123!@#")
    page.click("#nav-admin")
    page.fill("#org-search", "peak")
    page.keyboard.press("Enter")
    expect(page.locator("#orgs-table .org-row")).to_have_count(1)
    page.fill("#org-search", "")
    page.keyboard.press("Enter")
    page.fill("#new-org-name", "Short-lived Shop")
    page.click("#create-org")
    row = page.locator(".org-row", has_text="Short-lived Shop")
    expect(row).to_contain_text("Active")
    row.locator(".suspend-org").click()
    expect(row).to_contain_text("Suspended")
    row.locator(".delete-org").click()
    page.fill("#confirm-name", "wrong name")
    page.click("#confirm-delete")
    expect(page.locator("#orgs-error")).to_contain_text("to confirm")
    page.fill("#confirm-name", "Short-lived Shop")
    page.click("#confirm-delete")
    expect(page.locator(".org-row", has_text="Short-lived Shop")).to_have_count(0)


def test_agency_staff_see_only_the_clients_they_are_assigned_to(sign_in, live_app, browser, page):
    from tests.browser.test_org_security import _join
    from tests.browser.test_two_factor import _register_and_verify

    email, password = "sky.staff@example.com", "Bright-Harbor-88"
    _register_and_verify(page, live_app, email, password)
    _join(live_app, email, "Northwind Social Agency", "content_manager")

    owner = browser.new_context().new_page()
    owner.goto(f"{live_app.url}/auth/login")
    owner.fill("#email", "agency@allin.demo")
    owner.fill("#password", "Agency123!@#")
    owner.click("#sign-in")
    owner.click("#nav-clients")
    owner.locator(".client-row", has_text="Peak Fitness Studio").locator(".client-staff").click()
    staff_row = owner.locator(".staff-row", has_text="Robin Browser")
    staff_row.locator(".assign-switch").click()
    expect(staff_row.locator(".assign-switch")).to_have_attribute("data-state", "checked")

    staff = browser.new_context().new_page()
    staff.goto(f"{live_app.url}/auth/login")
    staff.fill("#email", email)
    staff.fill("#password", password)
    staff.click("#sign-in")
    staff.click("#org-switcher")
    expect(staff.get_by_role("option", name="Peak Fitness Studio")).to_be_visible()
    expect(staff.get_by_role("option", name="Bloom Coffee Co.")).to_have_count(0)

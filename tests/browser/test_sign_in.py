"""What a person does at /auth/login: the six demo logins, a wrong password, forbidden pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from allin_app.admin.seed import DEMO_LOGINS
from allin_app.ui.nav import SECTIONS, sections_for

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=[d.email.split("@")[0] for d in DEMO_LOGINS])
def test_demo_login_sees_its_roles_sidebar(sign_in, login):
    page = sign_in(login.email, login.password)
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    expect(page.locator("#sidebar-nav")).to_be_visible()
    allowed = {s.key for s in sections_for(login.role)}
    for section in SECTIONS:
        link = page.locator(f"#nav-{section.key}")
        if section.key in allowed:
            expect(link).to_be_visible()
        else:
            expect(link).to_have_count(0)
    page.click("#user-menu")
    expect(page.locator("#role-badge")).to_have_text(login.role.label)


def test_wrong_password_shows_error_and_stays(sign_in):
    page = sign_in("manager@allin.demo", "Wrong-password-1")
    expect(page.locator("#form-error")).to_contain_text("Incorrect email or password.")
    expect(page).to_have_url(re.compile(r"/auth/login/?$"))
    expect(page.locator("#sidebar")).to_have_count(0)


def test_client_viewer_opening_admin_by_url_sees_not_allowed(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    for path in ("/admin", "/create", "/team"):
        page.goto(f"{live_app.url}{path}")
        expect(page.locator("#not-allowed")).to_be_visible()
        expect(page.locator("#not-allowed")).to_contain_text("Not allowed")


def test_signed_out_visitor_is_sent_to_login_and_back(page, live_app):
    page.goto(f"{live_app.url}/calendar")
    expect(page).to_have_url(re.compile(r"/auth/login/?\?next=%2Fcalendar|/auth/login/?\?next=/calendar"))
    page.fill("#email", "creator@allin.demo")
    page.fill("#password", "Creator123!@#")
    page.click("#sign-in")
    expect(page).to_have_url(re.compile(r"/calendar/?$"))
    expect(page.locator("#page-title")).to_have_text("Calendar")


def test_sign_out_ends_the_session(sign_in, live_app):
    page = sign_in("team@allin.demo", "Team123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.click("#user-menu")
    page.click("#menu-sign-out")
    expect(page).to_have_url(re.compile(r"/auth/login"))
    page.goto(f"{live_app.url}/dashboard")
    expect(page).to_have_url(re.compile(r"/auth/login"))


def test_agency_owner_switches_to_a_client_organization(sign_in):
    page = sign_in("agency@allin.demo", "Agency123!@#")
    expect(page.locator("#org-switcher")).to_be_visible()
    page.click("#org-switcher")
    page.get_by_role("option", name="Peak Fitness Studio").click()
    expect(page.locator("#org-switcher")).to_contain_text("Peak Fitness Studio")


def test_manager_sees_the_team_of_the_organization(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.click("#nav-team")
    expect(page.locator("#team-table tbody tr")).to_have_count(4)
    expect(page.locator("#team-table")).to_contain_text("creator@allin.demo")

"""An owner requires 2FA for a client organization; its member is sent to set it up first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from allin_app.auth.models import User
from allin_app.orgs.models import Membership, Organization
from tests.browser.test_two_factor import _register_and_verify

pytestmark = pytest.mark.browser


def _join(live_app, email: str, org_name: str, role: str) -> None:
    with live_app.db() as db:
        user = db.exec(select(User).where(User.email == email)).one()
        org = db.exec(select(Organization).where(Organization.name == org_name)).one()
        db.add(Membership(user_id=user.id, org_id=org.id, role=role))
        user.home_org_id = org.id
        db.commit()


def test_required_2fa_sends_a_member_to_set_it_up(page, browser, sign_in, live_app):
    member_email, password = "sam.secure@example.com", "Quiet-Lake-77"
    _register_and_verify(page, live_app, member_email, password)
    _join(live_app, member_email, "Peak Fitness Studio", "content_creator")

    owner = sign_in("agency@allin.demo", "Agency123!@#")
    owner.click("#org-switcher")
    owner.get_by_role("option", name="Peak Fitness Studio").click()
    expect(owner.locator("#org-switcher")).to_contain_text("Peak Fitness Studio")
    owner.goto(f"{live_app.url}/settings/organization")
    expect(owner.locator("#security-policy")).to_be_visible()
    owner.fill("#ip_allowlist", "the office")
    owner.click("#save-security")
    expect(owner.locator("#ip_allowlist-error")).to_contain_text("the office")
    owner.fill("#ip_allowlist", "")
    owner.click("#require-2fa")
    owner.click("#save-security")
    expect(owner.locator("#require-2fa")).to_have_attribute("data-state", "checked")

    member = browser.new_context().new_page()
    member.goto(f"{live_app.url}/auth/login")
    member.fill("#email", member_email)
    member.fill("#password", password)
    member.click("#sign-in")
    expect(member.locator("#two-factor-required")).to_be_visible()
    member.click("#enroll-2fa")
    expect(member).to_have_url(re.compile(r"/settings/security/?$"))
    expect(member.locator("#enable-2fa")).to_be_visible()

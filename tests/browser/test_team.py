"""Team > Invite people: the agency owner invites into a client organization, the mail arrives over SMTP,
and the invited person signs up through the link, or signs in and accepts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

OWNER = ("agency@allin.demo", "Agency123!@#")
PASSWORD = "Harbor-Lights-58"
SUBJECT = "invited you to join"


def _open_team_of(page: Page, org_name: str) -> None:
    expect(page.locator("#org-switcher")).to_be_visible()
    if org_name not in page.locator("#org-switcher").inner_text():
        page.click("#org-switcher")
        page.get_by_role("option", name=org_name).click()
        expect(page.locator("#org-switcher")).to_contain_text(org_name)
    page.click("#nav-team")
    expect(page.locator("#page-title")).to_have_text("Team")


def _invite(page: Page, emails: str, role: str, message: str = "") -> None:
    page.click("#invite-open")
    page.fill("#invite-emails", emails)
    page.click("#invite-role")
    page.get_by_role("option", name=role).click()
    page.fill("#invite-message", message)
    page.click("#invite-submit")


def _invite_link(live_app, email: str, after: int = 0) -> str:
    mail = live_app.inbox.wait_for(email, SUBJECT, after=after)
    link = re.search(r"https?://\S+/auth/invite\?token=\S+", mail.get_content()).group(0)
    assert link.startswith(f"{live_app.url}/auth/invite?token=")
    return link


def _sign_up_through(page: Page, link: str, email: str, name: str) -> None:
    page.goto(link)
    expect(page.locator("#invite-email")).to_have_value(email)
    page.fill("#full_name", name)
    page.fill("#password", PASSWORD)
    page.fill("#password_confirm", PASSWORD)
    page.click("#invite-register")
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))


def test_owner_invites_into_a_client_org_and_the_new_person_lands_there(sign_in, live_app, browser):
    email = "jordan.new@example.com"
    page = sign_in(*OWNER)
    _open_team_of(page, "Bloom Coffee Co.")
    expect(page.locator("#team-table")).to_contain_text("creator@allin.demo")

    _invite(page, f"creator@allin.demo\n{email}", "Content Creator", "Welcome to the Bloom crew!")
    expect(page.locator("#invite-error")).to_contain_text("Already a member of Bloom Coffee Co.: creator@allin.demo")
    expect(page.locator("#invite-message")).to_have_value("Welcome to the Bloom crew!")  # nothing typed is lost
    page.fill("#invite-emails", email)
    page.click("#invite-submit")
    expect(page.locator("#invitations-table")).to_contain_text(email)
    expect(page.locator("#invitations-table")).to_contain_text("Content Creator")

    link = _invite_link(live_app, email)
    newcomer = browser.new_context().new_page()
    newcomer.goto(link)
    expect(newcomer.locator("#invite-summary")).to_have_text(
        "Avery Agency invited you to join Bloom Coffee Co. as Content Creator.")
    expect(newcomer.locator("#invite-note")).to_have_text("Welcome to the Bloom crew!")
    _sign_up_through(newcomer, link, email, "Jordan Newcomer")
    expect(newcomer.locator("#org-name")).to_have_text("Bloom Coffee Co.")
    newcomer.click("#user-menu")
    expect(newcomer.locator("#role-badge")).to_have_text("Content Creator")

    newcomer.goto(link)  # the link works once
    expect(newcomer.locator("#invite-invalid")).to_contain_text("already used")
    newcomer.context.close()

    page.reload()
    expect(page.locator("#team-table")).to_contain_text(email)
    expect(page.locator("#no-invitations")).to_be_visible()

    # and out again (which also leaves the demo client team as other tests expect it)
    page.locator("#team-table tr", has_text=email).get_by_role("button", name="Remove").click()
    page.click("#confirm-remove")
    expect(page.locator("#team-table")).not_to_contain_text(email)


def test_existing_user_signs_in_from_the_link_and_accepts(sign_in, live_app, browser):
    email = "sam.two@example.com"
    page = sign_in(*OWNER)
    _open_team_of(page, "Peak Fitness Studio")
    _invite(page, email, "Team Member")
    expect(page.locator("#invitations-table")).to_contain_text(email)
    sam_context = browser.new_context()
    _sign_up_through(sam_context.new_page(), _invite_link(live_app, email), email, "Sam Two")
    sam_context.close()

    _open_team_of(page, "Northwind Social Agency")
    _invite(page, email, "Client Viewer")
    expect(page.locator("#invitations-table")).to_contain_text(email)
    sam = browser.new_context().new_page()  # signed out
    sam.goto(_invite_link(live_app, email, after=1))
    expect(sam.locator("#invite-summary")).to_contain_text("Northwind Social Agency as Client Viewer")
    sam.click("#invite-sign-in")
    expect(sam).to_have_url(re.compile(r"/auth/login/?\?next=%2Fauth%2Finvite%3Ftoken%3D"))
    sam.fill("#email", email)
    sam.fill("#password", PASSWORD)
    sam.click("#sign-in")
    sam.click("#invite-accept")
    expect(sam).to_have_url(re.compile(r"/dashboard/?$"))
    expect(sam.locator("#org-switcher")).to_contain_text("Northwind Social Agency")
    sam.context.close()


def test_unknown_invitation_link_says_so(page, live_app):
    page.goto(f"{live_app.url}/auth/invite?token=not-a-real-token")
    expect(page.locator("#invite-invalid")).to_contain_text("not valid")
    expect(page.locator("#full_name")).to_have_count(0)


def test_owner_onboards_a_new_client_whose_invited_person_lands_in_it(sign_in, live_app, browser):
    email = "casey.client@fernfig.example"
    page = sign_in(*OWNER)
    page.click("#nav-clients")
    page.click("#new-client")
    page.fill("#name", "Fern & Fig Bakery")
    page.fill("#invite_emails", email)
    page.click("#create-client")
    expect(page.locator(".client-row", has_text="Fern & Fig Bakery")).to_contain_text("1")  # pending invitation

    newcomer = browser.new_context().new_page()
    _sign_up_through(newcomer, _invite_link(live_app, email), email, "Casey Client")
    expect(newcomer.locator("#org-name")).to_have_text("Fern & Fig Bakery")
    newcomer.click("#user-menu")
    expect(newcomer.locator("#role-badge")).to_have_text("Client Viewer")

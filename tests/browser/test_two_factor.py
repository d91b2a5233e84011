"""Settings > Security > Enable 2FA, then signing in with a code; and the forgot-password path."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from allin_app.admin.models import OutboxMail

pytestmark = pytest.mark.browser


def _register_and_verify(page, live_app, email: str, password: str) -> None:
    page.goto(f"{live_app.url}/auth/register")
    page.fill("#full_name", "Robin Browser")
    page.fill("#email", email)
    page.fill("#password", password)
    page.fill("#password_confirm", password)
    page.click("#register")
    expect(page.locator("#register-done")).to_be_visible()
    page.goto(_link_from_outbox(live_app, email, "/auth/verify"))
    expect(page.locator("#verify-ok")).to_be_visible()


def _link_from_outbox(live_app, email: str, path: str) -> str:
    with live_app.db() as db:
        mail = db.exec(select(OutboxMail).where(OutboxMail.to_email == email)
                       .order_by(col(OutboxMail.id).desc())).first()
    match = re.search(rf"https?://\S+{re.escape(path)}\?token=\S+", mail.body)
    return live_app.url + match.group(0)[match.group(0).index(path):]


def _sign_in(page, live_app, email: str, password: str) -> None:
    page.goto(f"{live_app.url}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")


def test_enable_2fa_then_sign_in_with_a_code(page, live_app):
    email, password = "robin.2fa@example.com", "Blue-Harbor-42"
    _register_and_verify(page, live_app, email, password)
    _sign_in(page, live_app, email, password)
    expect(page.locator("#sidebar-nav")).to_be_visible()

    page.goto(f"{live_app.url}/settings/security")
    page.click("#enable-2fa")
    expect(page.locator("#totp-qr")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    totp = pyotp.TOTP(secret)
    page.fill("#totp-confirm-code", totp.now())
    page.click("#confirm-2fa")
    expect(page.locator("#backup-codes .backup-code")).to_have_count(10)
    expect(page.locator("#two-factor-status")).to_have_text("On")

    page.click("#user-menu")
    page.click("#menu-sign-out")
    expect(page).to_have_url(re.compile(r"/auth/login"))

    _sign_in(page, live_app, email, password)
    expect(page.locator("#code")).to_be_visible()
    page.fill("#code", "000000")
    page.click("#verify-code")
    expect(page.locator("#form-error")).to_contain_text("not valid")
    # The code of the next 30-second step: later than the one spent at set-up, inside the drift window.
    page.fill("#code", totp.at(time.time() + 30))
    page.click("#verify-code")
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    expect(page.locator("#sidebar-nav")).to_be_visible()


def test_forgot_password_link_sets_a_new_password_and_signs_in(page, live_app):
    email = "robin.reset@example.com"
    _register_and_verify(page, live_app, email, "Old-Harbor-42")
    page.goto(f"{live_app.url}/auth/login")
    page.click("#forgot-link")
    expect(page.locator("#page-title")).to_have_text("Reset your password")
    page.fill("#email", email)
    page.click("#send-reset")
    expect(page.locator("#reset-sent")).to_be_visible()

    page.goto(_link_from_outbox(live_app, email, "/auth/reset"))
    page.fill("#password", "New-Harbor-43")
    page.fill("#password_confirm", "New-Harbor-43")
    page.click("#set-password")
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    expect(page.locator("#sidebar-nav")).to_be_visible()


def test_sign_up_with_a_common_password_says_why_next_to_the_field(page, live_app):
    page.goto(f"{live_app.url}/auth/register")
    page.fill("#full_name", "Robin Browser")
    page.fill("#email", "robin.weak@example.com")
    page.fill("#password", "Password1")
    page.fill("#password_confirm", "Password1")
    page.click("#register")
    expect(page.locator("#password-error")).to_contain_text("too common")
    expect(page.locator("#full_name")).to_have_value("Robin Browser")  # nothing typed is lost

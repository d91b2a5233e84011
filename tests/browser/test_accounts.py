"""Accounts > Connect account: through the network's consent page and back, then disconnect."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_manager_connects_an_x_account_through_the_consent_page(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")
    page.click("#connect-account")
    page.click("#connect-twitter")
    expect(page).to_have_url(re.compile(r"/sim/twitter/i/oauth2/authorize"))
    expect(page.locator("h1")).to_contain_text("wants to access your X account")
    page.click("#allow")
    expect(page).to_have_url(re.compile(r"/accounts/?\?connected="))
    expect(page.locator("#accounts-notice")).to_contain_text("Connected")
    row = page.locator(".account-row", has_text="X (Twitter)")
    expect(row).to_have_count(1)
    expect(row.locator(".health-badge")).to_have_text("Active")

    row.locator(".disconnect-account").click()
    page.click("#confirm-disconnect")
    expect(page.locator(".account-row", has_text="X (Twitter)")).to_have_count(0)

    page.click("#connect-account")  # connecting again brings the same account back, history and all
    page.click("#connect-twitter")
    page.click("#allow")
    expect(page.locator(".account-row", has_text="X (Twitter)")).to_have_count(1)


def test_denying_at_the_network_connects_nothing_and_says_so(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")
    page.click("#connect-account")
    page.click("#connect-linkedin")
    page.click("#deny")
    expect(page.locator("#accounts-error")).to_contain_text("did not grant access")


def test_a_creator_sees_accounts_but_cannot_connect(sign_in, live_app):
    page = sign_in("creator@allin.demo", "Creator123!@#")
    page.click("#nav-accounts")
    expect(page.locator("#page-title")).to_have_text("Accounts")
    expect(page.locator("#connect-account")).to_have_count(0)


def test_an_expired_account_offers_reconnect(sign_in, live_app):
    from sqlmodel import select

    from allin_app.accounts.models import SocialAccount

    with live_app.db() as db:  # the network ended access (as the renewal job records it)
        account = db.exec(select(SocialAccount).where(SocialAccount.network == "youtube",
                                                      SocialAccount.handle == "@bloomcoffeeco")).one()
        account.status, account.status_reason = "expired", "The network ended access: token revoked"
        db.commit()
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")
    row = page.locator(".account-row", has_text="YouTube").filter(has_text="@bloomcoffeeco")
    expect(row.locator(".health-badge")).to_have_text("Expired")
    row.locator(".reconnect-account").click()
    expect(page).to_have_url(re.compile(r"/sim/youtube/o/oauth2/v2/auth"))
    page.click("#allow")
    expect(page.locator("#accounts-notice")).to_contain_text("Connected")
    expect(row.locator(".health-badge")).to_have_text("Active")


def test_the_owner_reconnects_from_a_mailed_link_without_an_allin_login(sign_in, live_app, browser):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")
    row = page.locator(".account-row", has_text="Facebook").filter(has_text="@bloomcoffeeco")
    row.locator(".send-reconnect-link").click()
    page.fill("#reconnect-email", "owner@bloom.example")
    page.click("#send-link")
    mail = live_app.inbox.wait_for("owner@bloom.example", "Please reconnect")
    link = re.search(r"https?://\S+/connect/reconnect\?token=\S+", mail.get_content()).group(0)

    owner = browser.new_context().new_page()  # no AllIN session at all
    owner.goto(link)
    expect(owner.locator("#reconnect-summary")).to_contain_text("Morgan Manager asks you to reconnect")
    owner.click("#reconnect-go")
    expect(owner).to_have_url(re.compile(r"/sim/facebook/"))
    owner.click("#allow")
    expect(owner.locator("#reconnect-done")).to_contain_text("connected again")
    owner.goto(link)  # once only
    expect(owner.locator("#reconnect-error")).to_contain_text("no longer valid")


def test_manager_exports_an_accounts_posts_before_disconnecting(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    page.click("#nav-accounts")
    page.click("#connect-account")
    page.click("#connect-linkedin")
    page.click("#allow")
    rows = page.locator(".account-row", has_text="LinkedIn")
    expect(rows.first.locator(".posting-quota")).to_have_text("0 of 150 in 24 h")
    connected = rows.count()
    row = rows.first

    row.locator(".disconnect-account").click()
    with page.expect_download() as download:
        page.click("#export-csv")
    assert re.fullmatch(r"linkedin-.+-\d{8}\.csv", download.value.suggested_filename)
    header = download.value.path().read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("post_id,published_at,url,text,impressions")
    page.click("#confirm-disconnect")
    expect(rows).to_have_count(connected - 1)

"""Approvals in the browser, on the demo client Bloom Coffee (Internal review -> Client review, seeded):
a creator submits, the manager approves, the client rejects with feedback and a comment, the creator
reads the feedback; a fast-track shows in the history; a review link opened without signing in
approves a post; the workflows card edits a workflow."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from allin_app.accounts.models import SocialAccount
from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.orgs import service as orgs
from allin_app.workflow import approvals

pytestmark = pytest.mark.browser

PASSWORDS = {"creator": "Creator123!@#", "manager": "Manager123!@#", "client": "Client123!@#",
             "agency": "Agency123!@#"}


def _person(browser: Browser, live_app, name: str) -> Page:
    """A fresh browser (own cookies) signed in as a demo person."""
    page = browser.new_context().new_page()
    page.goto(f"{live_app.url}/auth/login")
    page.fill("#email", f"{name}@allin.demo")
    page.fill("#password", PASSWORDS[name])
    page.click("#sign-in")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    return page


def _draft(live_app, text: str, submit: bool = False) -> int:
    """A Bloom Coffee draft on X by the creator (submitted for review when asked)."""
    with live_app.db() as db:
        creator = orgs.actor_for(db, auth.find_user_by_email(db, "creator@allin.demo"))
        twitter = db.exec(select(SocialAccount.id).where(SocialAccount.org_id == creator.org_id,
                                                         SocialAccount.network == "twitter")).first()
        post = posts.create_post(db, creator, posts.PostDraft(text=text, account_ids=(twitter,)))
        db.flush()
        if submit:
            approvals.submit(db, creator, [post.id])
        db.commit()
        return post.id


def _decide(page: Page, button: str, words: str = "") -> None:
    page.click(f"#{button}")
    expect(page.locator("#decision-feedback")).to_be_visible()
    if words:
        page.fill("#decision-feedback", words)
    page.click("#decision-send")


def test_creator_submits_manager_approves_client_rejects_creator_reads_why(browser, live_app):
    post_id = _draft(live_app, "Pumpkin spice is back, and it is better than ever #bloom")
    creator = _person(browser, live_app, "creator")
    creator.goto(f"{live_app.url}/create?post={post_id}")
    expect(creator.locator("#composer-text")).to_have_value("Pumpkin spice is back, and it is better than ever #bloom")
    creator.click("#submit-post")
    expect(creator.locator("#review-status")).to_contain_text("Stage 1 of 2: Internal review")
    expect(creator.locator("#review-status")).to_contain_text("decided by Content Manager")

    client = _person(browser, live_app, "client")  # not sent to the client yet: not listed, not opened
    client.goto(f"{live_app.url}/approvals?post={post_id}")
    expect(client.locator("#page-title")).to_have_text("Approvals")
    expect(client.locator(f".awaiting-row[data-post='{post_id}']")).to_have_count(0)
    expect(client.locator("#opened-post")).to_have_count(0)

    manager = _person(browser, live_app, "manager")
    expect(manager.locator("#approvals-count")).to_be_visible()
    manager.click("#nav-approvals")
    row = manager.locator(f".awaiting-row[data-post='{post_id}']")
    expect(row.locator(".awaiting-stage")).to_have_text("Stage 1 of 2: Internal review")
    expect(row).to_contain_text("Casey Creator")
    row.locator(".open-awaiting").click()
    expect(manager.locator("#opened-stage")).to_have_text("Stage 1 of 2: Internal review")
    expect(manager.locator("#first-look")).to_be_visible()
    expect(manager.locator("#opened-post .network-preview[data-network='twitter']")).to_contain_text("Pumpkin")
    expect(manager.locator("#comments-panel")).to_be_visible()
    _decide(manager, "decide-approve")
    expect(row).to_have_count(0)
    expect(manager.locator("#opened-stage")).to_have_text("Stage 2 of 2: Client review")

    client.goto(f"{live_app.url}/approvals")
    row = client.locator(f".awaiting-row[data-post='{post_id}']")
    expect(row.locator(".awaiting-stage")).to_have_text("Stage 2 of 2: Client review")
    row.locator(".open-awaiting").click()
    expect(client.locator("#opened-post .history-row[data-decision='approved']")).to_contain_text("Morgan Manager")
    _decide(client, "decide-reject")  # no feedback: refused, and it says so
    expect(client.locator("#decision-error")).to_contain_text("Feedback is required")
    client.fill("#decision-feedback", "Too pushy: drop 'better than ever'.")
    client.click("#decision-send")
    expect(client.locator("#decision-feedback")).to_have_count(0)
    expect(client.locator("#opened-status")).to_have_text("Rejected")
    client.fill("#comment-body", "Happy to approve a calmer version.")
    client.click("#comment-body-send")
    expect(client.locator("#comments-panel")).to_contain_text("Happy to approve a calmer version.")

    creator.goto(f"{live_app.url}/create?post={post_id}")
    expect(creator.locator("#review-status")).to_have_attribute("data-status", "rejected")
    expect(creator.locator("#review-feedback")).to_have_text("Too pushy: drop 'better than ever'.")
    expect(creator.locator("#review-status")).to_contain_text("Chris Client")
    expect(creator.locator("#comments-panel")).to_contain_text("Happy to approve a calmer version.")
    expect(creator.locator("#unread-count")).to_be_visible()


def test_a_fast_track_needs_a_reason_and_shows_in_the_history(browser, live_app):
    post_id = _draft(live_app, "Flash sale: two for one on cold brew, today only", submit=True)
    manager = _person(browser, live_app, "manager")
    manager.goto(f"{live_app.url}/approvals?post={post_id}")
    expect(manager.locator("#opened-post")).to_have_attribute("data-post", str(post_id))
    _decide(manager, "decide-fast-track")
    expect(manager.locator("#decision-error")).to_contain_text("reason is required")
    manager.fill("#decision-feedback", "The heatwave is today; the client agreed by phone.")
    manager.click("#decision-send")
    expect(manager.locator("#fast-tracked-badge")).to_be_visible()
    expect(manager.locator("#opened-status")).to_have_text("Approved")
    fast = manager.locator("#opened-post .history-row[data-decision='fast_tracked']")
    expect(fast).to_contain_text("Fast-tracked")
    expect(fast).to_contain_text("The heatwave is today")
    manager.click("#approvals-tab-history")
    expect(manager.locator(f".decided-row[data-post='{post_id}'] .decided-badge")).to_have_text("Fast-tracked")


def test_a_review_link_opened_without_signing_in_approves_a_post(browser, live_app):
    post_id = _draft(live_app, "Meet Lena, our new head roaster, this Thursday at 5", submit=True)
    manager = _person(browser, live_app, "manager")
    manager.goto(f"{live_app.url}/approvals?post={post_id}")
    manager.click("#send-review-link")
    manager.click("#create-review-link")
    expect(manager.locator("#link-reviewer_name-error")).to_be_visible()
    manager.fill("#link-reviewer_name", "Rita Reviewer")
    manager.fill("#link-reviewer_email", "rita@bloom.example")
    manager.fill("#link-days", "45")
    manager.click("#create-review-link")
    expect(manager.locator("#link-days-error")).to_contain_text("1 to 30")
    manager.fill("#link-days", "3")
    manager.click("#create-review-link")
    url_box = manager.locator("#review-link-url")
    expect(url_box).to_be_visible()
    url = url_box.input_value()
    assert "/review/" in url
    assert url in live_app.inbox.wait_for("rita@bloom.example", "please review").get_content()

    reviewer = browser.new_context().new_page()  # no AllIN session at all
    reviewer.goto(url)
    expect(reviewer.locator("#review-org")).to_have_text("Bloom Coffee Co.")
    expect(reviewer.locator("#review-greeting")).to_contain_text("Rita Reviewer")
    card = reviewer.locator(f".link-post[data-post='{post_id}']")
    expect(card.locator(".network-preview")).to_contain_text("head roaster")
    card.locator(".link-approve").click()
    reviewer.click("#link-decision-send")
    expect(card.locator(".history-row[data-decision='approved']")).to_contain_text("Rita Reviewer")
    box = card.locator("textarea[name='body']")
    box.fill("Lovely photo idea, go ahead.")
    card.locator(".link-comment-send").click()
    expect(box).to_have_value("")
    expect(card.locator(".link-comment-row")).to_contain_text("Lovely photo idea, go ahead.")

    manager.goto(f"{live_app.url}/approvals?post={post_id}")
    expect(manager.locator("#opened-stage")).to_have_text("Stage 2 of 2: Client review")
    expect(manager.locator("#opened-post .history-row[data-decision='approved']")).to_contain_text("review link")
    expect(manager.locator("#comments-panel")).to_contain_text("Lovely photo idea")
    manager.locator(".review-link-row[data-state='active'] .revoke-link").click()
    expect(manager.locator(".review-link-row[data-state='revoked']")).to_have_count(1)
    reviewer.goto(url)
    expect(reviewer.locator("#review-invalid")).to_contain_text("not valid or has expired")
    expect(reviewer.locator(".link-post")).to_have_count(0)


def test_the_agency_owner_edits_workflows_and_the_client_only_reads_them(browser, live_app):
    owner = _person(browser, live_app, "agency")
    owner.click("#org-switcher")
    owner.get_by_role("option", name="Bloom Coffee Co.").click()
    expect(owner.locator("#org-switcher")).to_contain_text("Bloom Coffee Co.")
    owner.goto(f"{live_app.url}/settings/organization")
    card = owner.locator("#approval-workflows")
    expect(card).to_be_visible()
    expect(owner.locator("#approvals-enabled")).to_have_attribute("data-state", "checked")
    expect(owner.locator("#require-approval")).to_have_count(0)  # one switch, in this card
    owner.click("#add-workflow")
    owner.click("#save-workflow")
    expect(owner.locator("#workflow-name-error")).to_contain_text("Name the workflow")
    owner.fill("#workflow-name", "Video sign-off")
    owner.locator(".choice-content_types[data-value='video']").click()
    owner.click("#add-stage")
    owner.locator(".stage-name input").nth(1).fill("")
    owner.click("#save-workflow")
    expect(owner.locator("#stage-error-2")).to_contain_text("Name stage 2")
    owner.locator(".stage-name input").nth(1).fill("Client review")
    owner.locator(".stage-editor").nth(1).locator(".stage-roles[data-value='client_viewer']").click()
    owner.locator(".stage-up").nth(1).click()
    expect(owner.locator(".stage-name input").nth(0)).to_have_value("Client review")
    owner.click("#save-workflow")
    row = owner.locator(".workflow-row[data-name='Video sign-off']")
    expect(row).to_contain_text("Video")
    expect(row).to_contain_text("Client review")

    client = _person(browser, live_app, "client")
    client.goto(f"{live_app.url}/settings/organization")
    expect(client.locator(".workflow-row[data-name='Video sign-off']")).to_be_visible()
    expect(client.locator("#workflows-read-only")).to_be_visible()
    expect(client.locator("#add-workflow")).to_have_count(0)
    expect(client.locator("#approvals-enabled")).to_be_disabled()

    row.locator(".delete-workflow").click()
    owner.locator(".confirm-delete-workflow").click()
    expect(row).to_have_count(0)

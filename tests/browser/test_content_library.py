"""Content > Posts: filter, search, page through, move and delete posts; a client only reads."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from allin_app.accounts.models import SocialAccount
from allin_app.auth import service as auth
from allin_app.content import library
from allin_app.content import service as posts
from allin_app.content.models import Campaign, PostStatus
from allin_app.orgs import service as orgs

pytestmark = pytest.mark.browser

MARK = "Library walk"  # every post this file writes starts with it


@pytest.fixture(scope="module")
def library_posts(live_app):
    """31 posts of Bloom Coffee by its manager: 4 about cortado, 3 published, one too long for X, the rest
    drafts; and a campaign."""
    with live_app.db() as db:
        manager = auth.find_user_by_email(db, "manager@allin.demo")
        actor = orgs.actor_for(db, manager)
        twitter = db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id,
                                                      SocialAccount.network == "twitter",
                                                      SocialAccount.disconnected_at == None)).first()
        db.add(Campaign(org_id=actor.org_id, name="Winter menu"))
        posts.create_post(db, actor, posts.PostDraft(text=f"{MARK}: a macchiato " + "and more words " * 20,
                                                     account_ids=(twitter.id,)))  # too long for X
        for number in range(30):
            words = "a cortado for the road" if number % 8 == 0 else "oat milk flat white"
            post = posts.create_post(db, actor, posts.PostDraft(
                text=f"{MARK} {number}: {words}", account_ids=(twitter.id,) if twitter and number % 2 else ()))
            if number in (3, 10, 17):
                post.status = PostStatus.published
        db.commit()
    return actor


def _total(live_app, actor, **query) -> int:
    with live_app.db() as db:
        return library.list_posts(db, actor, library.PostQuery(**query)).total


def _pick(page: Page, select_id: str, option: str) -> None:
    page.click(f"#{select_id}")
    page.get_by_role("option", name=option, exact=True).click()


def _open_library(page: Page) -> None:
    page.click("#nav-content")
    expect(page.locator("#page-title")).to_have_text("Content")
    expect(page.locator(".post-row").first).to_be_visible()


def test_manager_filters_searches_pages_moves_and_deletes(sign_in, live_app, library_posts):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    _open_library(page)
    everything = _total(live_app, library_posts)
    expect(page.locator(".post-row")).to_have_count(min(everything, 25))
    expect(page.locator("#library-range")).to_have_text(f"1–25 of {everything:,}")

    _pick(page, "filter-status", "Published")
    published = _total(live_app, library_posts, status="published")
    expect(page.locator(".post-row")).to_have_count(min(published, 25))
    expect(page.locator(".post-row .status-badge").first).to_have_text("Published")
    _pick(page, "filter-status", "Every status")

    page.fill("#library-search", "cortado")  # debounced: the list follows once typing stops
    expect(page.locator(".post-row")).to_have_count(_total(live_app, library_posts, search="cortado"))
    expect(page.locator(".post-excerpt").first).to_contain_text("cortado")
    page.fill("#library-search", "no such word anywhere")
    expect(page.locator("#no-match")).to_contain_text("No posts match these filters")
    page.click("#clear-filters-empty")
    expect(page.locator("#library-range")).to_have_text(f"1–25 of {everything:,}")
    expect(page.locator("#library-search")).to_have_value("")

    first_on_page_one = page.locator(".post-excerpt").first.inner_text()
    page.click("#next-page")
    expect(page.locator("#library-range")).to_contain_text(f"26–{min(everything, 50)} of {everything:,}")
    expect(page.locator(".post-excerpt").first).not_to_have_text(first_on_page_one)
    page.click("#previous-page")
    expect(page.locator("#library-range")).to_have_text(f"1–25 of {everything:,}")
    expect(page.locator(".post-excerpt").first).to_have_text(first_on_page_one)
    expect(page.locator("#previous-page")).to_be_disabled()

    rows = page.locator(".post-row")
    chosen = [rows.nth(0).get_attribute("data-post-id"), rows.nth(1).get_attribute("data-post-id")]
    rows.nth(0).locator(".select-post").click()
    rows.nth(1).locator(".select-post").click()
    expect(page.locator("#selected-count")).to_have_text("2 selected")
    page.click("#bulk-move")
    _pick(page, "move-campaign", "Winter menu")
    page.click("#confirm-move")
    expect(page.locator("#library-notice")).to_have_text("Moved 2 posts to Winter menu.")
    for post_id in chosen:
        expect(page.locator(f'.post-row[data-post-id="{post_id}"] .post-campaign')).to_have_text("Winter menu")

    doomed = page.locator(".post-row").nth(2)
    doomed_id = doomed.get_attribute("data-post-id")
    doomed.locator(".select-post").click()
    page.click("#bulk-delete")
    expect(page.get_by_role("alertdialog")).to_contain_text("Delete the selected post?")
    page.click("#confirm-delete")
    expect(page.locator("#library-notice")).to_have_text("Deleted 1 post.")
    expect(page.locator(f'.post-row[data-post-id="{doomed_id}"]')).to_have_count(0)
    expect(page.locator("#library-range")).to_have_text(f"1–25 of {everything - 1:,}")


def test_a_client_viewer_reads_the_list_and_may_only_approve(sign_in, live_app, library_posts):
    page = sign_in("client@allin.demo", "Client123!@#")
    _open_library(page)
    with live_app.db() as db:  # drafts nobody sent the client for review are not theirs to see
        client = orgs.actor_for(db, auth.find_user_by_email(db, "client@allin.demo"))
    assert _total(live_app, client) < _total(live_app, library_posts)
    expect(page.locator("#library-range")).to_contain_text(f"of {_total(live_app, client):,}")
    expect(page.locator("#bulk-approve")).to_have_count(1)  # the client reviews its own organization's posts
    for action in ("#bulk-delete", "#bulk-submit", "#bulk-move", "#bulk-queue"):
        expect(page.locator(action)).to_have_count(0)
    expect(page.locator(".duplicate-post")).to_have_count(0)
    expect(page.locator(".edit-post")).to_have_count(0)


def test_a_refused_submit_says_why_and_a_duplicate_opens_in_the_composer(sign_in, live_app, library_posts):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    _open_library(page)
    page.fill("#library-search", "macchiato")
    row = page.locator(".post-row")
    expect(row).to_have_count(1)
    row.locator(".select-post").click()
    page.click("#bulk-submit")
    expect(page.locator("#library-error")).to_contain_text("X (Twitter): the text is")
    expect(page.locator("#library-error")).to_contain_text("the limit is 280")
    expect(row.locator(".status-badge")).to_have_text("Draft")

    original = row.get_attribute("data-post-id")
    row.locator(".duplicate-post").click()
    expect(page).to_have_url(re.compile(r"/create/?\?post=\d+$"))
    assert page.url.rsplit("=", 1)[1] != original


def test_an_organization_without_posts_is_invited_to_write_the_first(sign_in, live_app):
    page = sign_in("agency@allin.demo", "Agency123!@#")  # the agency's own organization has no posts
    page.click("#nav-content")
    expect(page.locator("#no-posts")).to_contain_text("No posts yet")
    page.click("#write-first-post")
    expect(page).to_have_url(re.compile(r"/create/?$"))

"""Tasks in the browser: a manager gives the team member a task; the team member finds it on My tasks, opens
it from the link they were sent, and marks it done."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func
from sqlmodel import select

from allin_app.auth.models import User
from allin_app.content.models import Post

pytestmark = pytest.mark.browser

TITLE = "Film the latte art reel"


def _signed_in(browser, live_app, email: str, password: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(f"{live_app.url}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    expect(page.locator("#nav-tasks")).to_be_visible()
    return page


def _pick(page: Page, select_id: str, option: str) -> None:
    page.click(f"#{select_id}")
    page.get_by_role("option", name=option, exact=True).click()


def test_a_manager_gives_a_task_and_the_team_member_marks_it_done(browser, live_app):
    manager = _signed_in(browser, live_app, "manager@allin.demo", "Manager123!@#")
    manager.locator("#nav-tasks").click()
    expect(manager.locator("#page-title")).to_have_text("Tasks")
    manager.click("#new-task")
    manager.click("#save-task")
    expect(manager.get_by_text("Give the task a title.")).to_be_visible()
    manager.fill("#task-title-input", TITLE)
    manager.fill("#task-description-input", "Thirty seconds, vertical, for Instagram and TikTok.")
    _pick(manager, "task-assignee", "Taylor Team")
    _pick(manager, "task-priority", "High")
    manager.fill("#task-due-date", "2030-05-06")
    manager.fill("#task-due-time", "10:00")
    manager.click("#save-task")
    expect(manager.get_by_role("dialog")).to_have_count(0)

    manager.click("#tab-all")
    row = manager.locator(".task-row", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row.locator(".task-assignee")).to_have_text("Taylor Team")
    expect(row.locator(".task-due")).to_have_text(re.compile(r"^Mon 6 May 2030, 10:00$"))
    expect(manager.locator(".task-group[data-group='upcoming']")).to_contain_text(TITLE)

    team = _signed_in(browser, live_app, "team@allin.demo", "Team123!@#")
    team.locator("#nav-tasks").click()
    expect(team.locator("#tab-all")).to_have_count(0)
    expect(team.locator("#new-task")).to_have_count(0)
    mine = team.locator(".task-row", has_text=TITLE)
    expect(mine).to_have_count(1)
    expect(mine.locator(".task-priority")).to_have_text("High")

    mine.locator(".task-title").click()  # read-only for them: the status is theirs to change, not the rest
    expect(team.locator("#task-title-input")).to_have_value(TITLE)
    expect(team.locator("#task-title-input")).to_be_disabled()
    expect(team.locator("#save-task")).to_have_count(0)
    team.keyboard.press("Escape")

    mine.locator(".task-status").click()
    expect(team.get_by_role("option", name="Cancelled", exact=True)).to_have_count(0)
    team.get_by_role("option", name="Done", exact=True).click()
    done = team.locator(".task-group[data-group='done']")
    expect(done).to_contain_text(TITLE)
    expect(team.locator(".task-group[data-group='upcoming']")).to_have_count(0)

    manager.reload()
    manager.click("#tab-all")
    expect(manager.locator(".task-group[data-group='done']")).to_contain_text(TITLE)


def test_a_draft_assigned_in_the_composer_and_in_the_library_reaches_the_team_member(browser, live_app):
    manager = _signed_in(browser, live_app, "manager@allin.demo", "Manager123!@#")
    for words in ("Pumpkin spice returns on Monday", "Our baristas' autumn playlist"):
        manager.locator("#nav-create").click()
        expect(manager.locator("#composer-text")).to_have_value("")
        box = manager.locator("#composer-text")
        box.click()
        box.press_sequentially(words, delay=5)
        expect(manager).to_have_url(re.compile(r"/create\?post=\d+"))
    _pick(manager, "composer-assignee", "Taylor Team")  # the second draft, in the composer
    expect(manager.get_by_text("Assigned to Taylor Team.")).to_be_visible()

    manager.locator("#nav-content").click()
    manager.locator(".post-row", has_text="Pumpkin spice").locator(".select-post").click()
    manager.click("#bulk-assign")
    _pick(manager, "assign-to", "Taylor Team")
    manager.click("#confirm-assign")
    expect(manager.locator("#library-notice")).to_have_text("Assigned 1 post to Taylor Team.")

    team = _signed_in(browser, live_app, "team@allin.demo", "Team123!@#")
    team.locator("#nav-content").click()
    with live_app.db() as db:  # earlier tests may have assigned the team member other posts too
        assigned = db.exec(select(func.count()).select_from(Post).where(
            Post.assignee_user_id == User.id, User.email == "team@allin.demo", Post.deleted_at == None)).one()
    expect(team.locator(".post-row")).to_have_count(assigned)
    expect(team.locator(".post-row", has_text="Pumpkin spice")).to_have_count(1)
    expect(team.locator(".post-row", has_text="autumn playlist")).to_have_count(1)

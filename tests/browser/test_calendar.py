"""The calendar in the browser: a post dragged to another day stays there; a viewer's drag is refused."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from allin_app.accounts.models import SocialAccount
from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.core.clock import utcnow
from allin_app.orgs import service as orgs
from allin_app.scheduling import service
from allin_app.workflow import approvals

pytestmark = pytest.mark.browser


def _scheduled_post(live_app, text: str, days_ahead: int) -> tuple[int, ZoneInfo]:
    """A post on Bloom Coffee's X account, due at 10:00 (organization time) in a few days."""
    with live_app.db() as db:
        actor = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"))
        account = db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id,
                                                      SocialAccount.network == "twitter")).one()
        post = posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=(account.id,)))
        approvals.fast_track(db, actor, [post.id], "Cleared for a calendar test")  # Bloom requires approval
        where = service.post_zone(db, post)
        day = utcnow().astimezone(where).date() + timedelta(days=days_ahead)
        service.schedule_post(db, actor, post.id, datetime.combine(day, time(10), where))
        db.commit()
        return post.id, where


def _cell(page, day):
    return page.locator(f".calendar-cell[data-day='{day.isoformat()}']")


def _open_on(page, live_app, day):
    """The calendar, moved on to the month holding `day`."""
    page.goto(f"{live_app.url}/calendar")
    expect(page.locator("#calendar-grid")).to_be_visible()
    if _cell(page, day).count() == 0:
        page.click("#calendar-next")
    expect(_cell(page, day)).to_be_visible()


def test_a_post_dragged_to_another_day_is_there_after_reload(sign_in, live_app):
    post_id, where = _scheduled_post(live_app, "Calendar drag test", days_ahead=2)
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-calendar")).to_be_visible()
    due = utcnow().astimezone(where).date() + timedelta(days=2)
    _open_on(page, live_app, due)
    chip = page.locator(f".calendar-post[data-post='{post_id}']")
    expect(_cell(page, due).locator(chip)).to_be_visible()
    expect(chip).to_contain_text("10:00")
    expect(chip.locator(".network-mark[data-network='twitter']")).to_be_visible()
    chip.hover()
    expect(page.locator(".post-preview")).to_contain_text("Calendar drag test")
    target = due + timedelta(days=1) if _cell(page, due + timedelta(days=1)).count() else due - timedelta(days=1)
    chip.drag_to(_cell(page, target))
    expect(page.get_by_text("Moved to")).to_be_visible()
    expect(_cell(page, target).locator(chip)).to_be_visible()
    page.reload()
    expect(_cell(page, target).locator(f".calendar-post[data-post='{post_id}']")).to_contain_text("10:00")
    expect(_cell(page, due).locator(f".calendar-post[data-post='{post_id}']")).to_have_count(0)


def test_a_client_viewer_sees_the_post_but_its_drag_is_refused(sign_in, live_app):
    post_id, where = _scheduled_post(live_app, "Viewer cannot move this", days_ahead=3)
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#nav-calendar")).to_be_visible()
    due = utcnow().astimezone(where).date() + timedelta(days=3)
    _open_on(page, live_app, due)
    expect(page.locator("#calendar-view-only")).to_be_visible()
    chip = page.locator(f".calendar-post[data-post='{post_id}']")
    target = due + timedelta(days=1) if _cell(page, due + timedelta(days=1)).count() else due - timedelta(days=1)
    chip.drag_to(_cell(page, target))
    expect(page.get_by_text("You are not allowed to schedule content.")).to_be_visible()
    page.reload()
    expect(_cell(page, due).locator(f".calendar-post[data-post='{post_id}']")).to_be_visible()


def test_week_view_and_a_click_on_an_empty_hour_opens_the_composer_for_that_time(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-calendar")).to_be_visible()
    page.goto(f"{live_app.url}/calendar")
    page.get_by_role("radio", name="Week").click()
    expect(page.locator("#calendar-grid")).to_have_attribute("data-view", "week")
    this_week = page.locator("#calendar-title").inner_text()
    page.click("#calendar-next")
    expect(page.locator("#calendar-title")).not_to_have_text(this_week)
    slot = page.locator(".calendar-cell[data-hour='15']").nth(2)
    day = slot.get_attribute("data-day")
    slot.click()
    expect(page).to_have_url(re.compile(rf"/create\?at={day}T15%3A00&tz="))

"""The live bell: a notification made while the manager's tabs are open shows in both of them (count, list,
toast) without a reload, and nowhere else; opening the bell marks nothing read; "Mark all read" and the
notifications centre keep the count honest."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from allin_app.auth import service as auth
from allin_app.orgs import service as orgs
from allin_app.workflow import notifications

pytestmark = pytest.mark.browser

LIVE = 10_000  # ms: the bell looks every 1.5 s


def _signed_in(browser, live_app, email: str, password: str):
    page = browser.new_context().new_page()
    page.goto(f"{live_app.url}/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in")
    expect(page.locator("#notifications-bell")).to_be_visible(timeout=LIVE)
    return page


def _tell(live_app, email: str, title: str, event: str = "approvals") -> None:
    """What the app does when something concerns this person (here: straight through the service)."""
    with live_app.db() as db:
        user = auth.find_user_by_email(db, email)
        notifications.notify(db, orgs.actor_for(db, user).org_id, [user.id], event, "test", title,
                             "Sent while the page was open", "/content", email=False)
        db.commit()


def _read_all(live_app, email: str) -> None:
    """Whatever the demo left for this person is read (elsewhere: the open tabs must follow)."""
    with live_app.db() as db:
        notifications.mark_all_read(db, orgs.actor_for(db, auth.find_user_by_email(db, email)))
        db.commit()


def test_a_new_notification_reaches_every_open_tab_of_its_person_without_a_reload(browser, live_app):
    manager = _signed_in(browser, live_app, "manager@allin.demo", "Manager123!@#")
    second_tab = manager.context.new_page()
    second_tab.goto(f"{live_app.url}/calendar")
    expect(second_tab.locator("#notifications-bell")).to_be_visible(timeout=LIVE)
    creator = _signed_in(browser, live_app, "creator@allin.demo", "Creator123!@#")
    for email, tabs in (("manager@allin.demo", (manager, second_tab)), ("creator@allin.demo", (creator,))):
        _read_all(live_app, email)
        for tab in tabs:
            expect(tab.locator("#unread-count")).to_have_count(0, timeout=LIVE)

    _tell(live_app, "manager@allin.demo", "Approve: Spring menu")
    for tab in (manager, second_tab):
        expect(tab.locator("#unread-count")).to_have_text("1", timeout=LIVE)
    expect(manager.locator(".notification-toast")).to_contain_text("Approve: Spring menu")
    creator.wait_for_timeout(3000)  # a few of its looks: the creator's bell stays quiet
    expect(creator.locator("#unread-count")).to_have_count(0)

    manager.click("#notifications-bell")
    item = manager.locator("#notifications-list .notification.unread")
    expect(item).to_contain_text("Approve: Spring menu")
    manager.keyboard.press("Escape")
    expect(manager.locator("#unread-count")).to_have_text("1")  # looking is not reading

    _tell(live_app, "manager@allin.demo", "Rejected: Summer menu")  # arrives while the manager reads the list
    expect(manager.locator("#unread-count")).to_have_text("2", timeout=LIVE)
    manager.click("#notifications-bell")
    expect(manager.locator("#notifications-list .notification.unread")).to_have_count(2)
    manager.click("#bell-mark-all-read")
    expect(manager.locator("#unread-count")).to_have_count(0)
    expect(second_tab.locator("#unread-count")).to_have_count(0, timeout=LIVE)  # the other tab follows

    _tell(live_app, "creator@allin.demo", "Your post went out", event="publishing")
    expect(creator.locator("#unread-count")).to_have_text("1", timeout=LIVE)


def test_the_notifications_centre_filters_and_marks_read_and_unread(browser, live_app):
    manager = _signed_in(browser, live_app, "manager@allin.demo", "Manager123!@#")
    _read_all(live_app, "manager@allin.demo")
    _tell(live_app, "manager@allin.demo", "Casey mentioned you", event="mentions")
    expect(manager.locator("#unread-count")).to_have_text("1", timeout=LIVE)
    manager.click("#notifications-bell")
    manager.click("#notifications-see-all")
    expect(manager.locator("#page-title")).to_have_text("Notifications")
    rows = manager.locator(".notification-row")
    expect(rows.first).to_contain_text("Casey mentioned you")

    manager.click("#notifications-type")
    manager.get_by_role("option", name="Mentions of you in comments").click()
    # only mentions are left (earlier tests may have mentioned the manager too)
    expect(rows.filter(has_text="Casey mentioned you")).to_have_count(1)
    expect(rows.filter(has_not_text="mentioned")).to_have_count(0)
    rows.first.locator(".mark-read").click()
    expect(rows.first.locator(".mark-unread")).to_be_visible()
    expect(manager.locator("#unread-count")).to_have_count(0)
    rows.first.locator(".mark-unread").click()
    expect(manager.locator("#unread-count")).to_have_text("1")

    manager.click("#notifications-unread-only")
    expect(rows).to_have_count(1)
    _tell(live_app, "manager@allin.demo", "Mentioned again", event="mentions")  # the open list grows by itself
    expect(rows).to_have_count(2, timeout=LIVE)
    rows.first.locator(".notification-title").click()
    expect(manager).to_have_url(f"{live_app.url}/content", timeout=LIVE)

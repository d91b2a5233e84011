"""Calendar › Queues: give X two posting times, add a post to the queue, see it at the first slot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import select

pytestmark = pytest.mark.browser


def _draft_for_x(live_app, text: str) -> None:
    """A draft on Bloom Coffee's X account, written through the composer's own service."""
    from allin_app.accounts.models import SocialAccount
    from allin_app.auth import service as auth
    from allin_app.content import service as posts
    from allin_app.orgs import service as orgs
    from allin_app.workflow import approvals

    with live_app.db() as db:
        actor = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"))
        x = db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id, SocialAccount.network == "twitter",
                                                SocialAccount.disconnected_at == None)).first()
        post = posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=(x.id,)))
        approvals.fast_track(db, actor, [post.id], "Cleared for a queue test")  # Bloom requires approval
        db.commit()


def _slot_times_clear_of_now() -> tuple[str, str]:
    """Two daily times hours away from now and at odd minutes: other tests schedule posts for about now."""
    hour = datetime.now(UTC).hour
    return f"{(hour + 6) % 24:02d}:17", f"{(hour + 12) % 24:02d}:43"


def test_a_post_added_to_the_queue_shows_at_the_first_of_two_slots(sign_in, live_app):
    _draft_for_x(live_app, "Fresh from the queue")
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/calendar/queues")
    expect(page.locator("#page-title")).to_have_text("Queues")
    card = page.locator(".queue-account", has_text="twitter")
    for at, chips in zip(_slot_times_clear_of_now(), (7, 14)):
        card.locator(".slot-day").select_option("every")
        card.locator(".slot-time input").fill(at)
        card.locator(".add-slot").click()
        expect(card.locator(".slot-chip")).to_have_count(chips)
    expect(card.locator(".upcoming-slot").first).to_contain_text("free")

    page.select_option("#queue-post", label="Fresh from the queue")
    page.click("#add-to-queue")
    expect(card.locator(".upcoming-slot").first).to_contain_text("Fresh from the queue")
    expect(card.locator(".upcoming-slot").nth(1)).to_contain_text("free")

    card.locator(".pause-queue").click()
    expect(card.locator(".paused-badge")).to_be_visible()
    expect(card).to_contain_text("Posts it already scheduled keep their time")
    expect(card.locator(".upcoming-slot").first).to_contain_text("Fresh from the queue")

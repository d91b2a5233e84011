"""The publisher and approvals: a post due while its review is pending is held (not published, not
missed, not failed), its author and reviewers hear it once, and the approval sends it at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import utcnow
from allin_app.scheduling import publisher
from allin_app.scheduling import service as scheduling
from allin_app.workflow import approvals
from allin_app.workflow.models import Notification
from tests.workflow.approval_helpers import approve, bloom_people, draft, two_stages


@pytest.fixture
def people(seeded):
    return bloom_people(seeded)


def _fresh(db, post) -> Post:
    db.expire_all()
    return db.get(Post, post.id)


def _held_notes(db, actor) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == actor.user_id,
                                                   Notification.kind == "post_held")))


def _approved_and_scheduled(db, people, accounts, when, text="Autumn blend is back"):
    post = draft(db, people["creator"], accounts, text)
    approve(db, post, people["creator"], people["manager"], people["client"])
    scheduling.schedule_post(db, people["creator"], post.id, when)
    db.commit()
    return post


def test_a_post_edited_back_into_review_is_held_at_its_time_and_released_by_the_approval(seeded, sim, people,
                                                                                          accounts):
    db, creator = seeded, people["creator"]
    two_stages(db, people)
    when = utcnow() + timedelta(hours=1)
    post = _approved_and_scheduled(db, people, accounts, when)
    posts.update_post(db, creator, post.id, posts.PostDraft(text="Autumn blend is back, with oat milk",
                                                            account_ids=(accounts["twitter"].id,)))
    db.commit()
    assert publisher.tick(client=sim) == 0  # not due yet: nothing happens
    assert _fresh(db, post).status == PostStatus.in_review

    late = when + timedelta(hours=3)  # far beyond the grace window: still held, never missed
    assert publisher.tick(client=sim, now=late) == 0
    post = _fresh(db, post)
    assert post.status == PostStatus.held and PostStatus(post.status).label == "Held for approval"
    assert {t.status for t in posts.targets_of(db, post)} == {PostStatus.held}
    assert len(_held_notes(db, creator)) == 1 and len(_held_notes(db, people["manager"])) == 1
    assert _held_notes(db, people["client"]) == []  # the client's stage has not come yet
    assert publisher.tick(client=sim, now=late + timedelta(minutes=5)) == 0
    assert len(_held_notes(db, creator)) == 1  # heard once

    approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert post.status == PostStatus.scheduled and post.scheduled_at <= utcnow()
    approved_note = db.exec(select(Notification).where(Notification.user_id == creator.user_id,
                                                       Notification.kind == "post_approved")
                            .order_by(Notification.id.desc())).first()
    assert "published now" in approved_note.body
    db.commit()
    assert publisher.tick(client=sim) == 1
    assert _fresh(db, post).status == PostStatus.published


def test_a_pending_post_with_a_time_ahead_returns_to_the_schedule_on_approval(seeded, sim, people, accounts):
    db = seeded
    two_stages(db, people)
    when = utcnow() + timedelta(hours=5)
    post = _approved_and_scheduled(db, people, accounts, when)
    posts.update_post(db, people["creator"], post.id, posts.PostDraft(text="New words",
                                                                      account_ids=(accounts["twitter"].id,)))
    approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert post.status == PostStatus.scheduled and post.scheduled_at == when
    db.commit()
    assert publisher.tick(client=sim) == 0


def test_a_post_scheduled_before_approvals_were_switched_on_is_held_not_published(seeded, sim, people, accounts):
    db, manager = seeded, people["manager"]
    post = draft(db, manager, accounts, "Scheduled while approvals were off")
    scheduling.schedule_post(db, manager, post.id, utcnow())
    approvals.set_approvals_enabled(db, people["agency"], True)
    db.commit()
    assert publisher.claim("test-worker", utcnow() + timedelta(seconds=1), PostStatus.scheduled) == []
    assert publisher.tick(client=sim) == 0
    post = _fresh(db, post)
    assert post.status == PostStatus.held
    assert "never approved" in _held_notes(db, manager)[0].body
    approvals.submit(db, manager, [post.id])  # held without a review: it may be sent to review
    assert post.status == PostStatus.held
    approvals.decide(db, manager, [post.id], "approve")  # the implicit path: one stage
    db.commit()
    assert publisher.tick(client=sim) == 1
    assert _fresh(db, post).status == PostStatus.published


def test_a_rejected_held_post_is_not_published(seeded, sim, people, accounts):
    db = seeded
    two_stages(db, people)
    post = _approved_and_scheduled(db, people, accounts, utcnow() + timedelta(minutes=30))
    posts.update_post(db, people["creator"], post.id, posts.PostDraft(text="Changed",
                                                                      account_ids=(accounts["twitter"].id,)))
    db.commit()
    publisher.tick(client=sim, now=utcnow() + timedelta(hours=1))
    post = _fresh(db, post)
    approvals.decide(db, people["manager"], [post.id], "reject", "Not this")
    db.commit()
    assert publisher.tick(client=sim, now=utcnow() + timedelta(hours=2)) == 0
    post = _fresh(db, post)
    assert post.status == PostStatus.rejected
    assert {t.status for t in posts.targets_of(db, post)} == {PostStatus.rejected}


def test_approvals_off_publishing_is_unchanged(seeded, sim, people, accounts):
    db, manager = seeded, people["manager"]
    post = draft(db, manager, accounts, "No approvals here")
    scheduling.schedule_post(db, manager, post.id, utcnow())
    db.commit()
    assert publisher.tick(client=sim) == 1
    assert _fresh(db, post).status == PostStatus.published


def test_a_held_post_can_be_taken_off_the_schedule_and_stays_in_review(seeded, sim, people, accounts):
    db = seeded
    two_stages(db, people)
    post = _approved_and_scheduled(db, people, accounts, utcnow() + timedelta(minutes=10))
    posts.update_post(db, people["creator"], post.id, posts.PostDraft(text="Changed",
                                                                      account_ids=(accounts["twitter"].id,)))
    db.commit()
    publisher.tick(client=sim, now=utcnow() + timedelta(hours=1))
    post = _fresh(db, post)
    assert post.status == PostStatus.held
    scheduling.unschedule(db, people["creator"], post.id)
    assert (post.status, post.scheduled_at) == (PostStatus.in_review, None)
    assert {(t.status, t.scheduled_at) for t in posts.targets_of(db, post)} == {(PostStatus.in_review, None)}
    approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert post.status == PostStatus.approved  # no time: it waits to be scheduled

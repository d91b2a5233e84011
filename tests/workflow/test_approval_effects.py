"""What approvals change elsewhere: an edit after approval starts a new round, only approved posts are
scheduled or published, a client viewer sees only what was sent to them, a reviewer sees what changed
since they last looked, and the demo seed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from allin_app.content import library
from allin_app.content import service as posts
from allin_app.content.models import PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.scheduling import calendar, csv_io, queues
from allin_app.scheduling import service as scheduling
from allin_app.workflow import approvals
from allin_app.workflow.approval_models import PostReview, ReviewRequest
from tests.workflow.approval_helpers import approve, audits, bloom_people, decisions, draft, notes, two_stages


@pytest.fixture
def people(seeded):
    return bloom_people(seeded)


@pytest.fixture
def standard(seeded, people):
    return two_stages(seeded, people)


# --- edits after approval ------------------------------------------------------------------------


def _edit(db, actor, post, text=None, accounts=None):
    account_ids = tuple(a.id for a in accounts) if accounts else tuple(t.account_id for t in posts.targets_of(db, post))
    return posts.update_post(db, actor, post.id, posts.PostDraft(text=text or post.text, account_ids=account_ids))


def test_editing_an_approved_post_starts_a_new_round_at_the_first_stage(seeded, people, accounts, standard):
    db, creator = seeded, people["creator"]
    post = draft(db, creator, accounts)
    approve(db, post, creator, people["manager"], people["client"])
    first = approvals.approved_review(db, post)
    _edit(db, creator, post, "Autumn blend is back, now with oat milk")
    assert post.status == PostStatus.in_review and not approvals.is_cleared(db, post)
    assert first.status == "cancelled"
    status = approvals.review_status(db, creator, post.id)
    assert (status.status, status.stage_name) == ("pending", "Internal review")
    assert [d for d, _stage, _who in decisions(db, post)][-2:] == ["reset", "submitted"]
    assert "post.review_reset" in audits(db, post)
    assert len(notes(db, people["manager"], "approval_needed")) == 2
    _edit(db, creator, post, "Autumn blend is back, now with oat milk!")  # nobody decided yet: same round
    assert db.exec(select(PostReview).where(PostReview.post_id == post.id, PostReview.status == "pending")).one() \
        .post_version == post.version
    assert len(notes(db, people["manager"], "approval_needed")) == 2


def test_an_approved_scheduled_post_keeps_its_time_when_edited(seeded, people, accounts, standard):
    db, creator = seeded, people["creator"]
    post = draft(db, creator, accounts)
    approve(db, post, creator, people["manager"], people["client"])
    when = utcnow() + timedelta(days=1)
    scheduling.schedule_post(db, creator, post.id, when)
    _edit(db, creator, post, accounts=(accounts["twitter"], accounts["linkedin"]))  # accounts count too
    assert post.status == PostStatus.in_review and post.scheduled_at == when
    assert {(t.status, t.scheduled_at) for t in posts.targets_of(db, post)} == {(PostStatus.in_review, when)}
    approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert post.status == PostStatus.scheduled  # its time is still ahead: back on the schedule
    assert {t.status for t in posts.targets_of(db, post)} == {PostStatus.scheduled}
    assert "goes out as scheduled" in notes(db, creator, "post_approved")[-1].body


def test_with_approvals_off_an_edit_sends_a_post_in_review_back_to_draft(seeded, people, accounts):
    db, manager = seeded, people["manager"]
    post = draft(db, manager, accounts)
    approvals.submit(db, manager, [post.id])
    _edit(db, manager, post, "Other words")
    assert post.status == PostStatus.draft
    assert db.exec(select(PostReview).where(PostReview.post_id == post.id)).one().status == "cancelled"


# --- publishing respects approvals ---------------------------------------------------------------


def test_only_cleared_posts_are_scheduled_published_or_queued(seeded, people, accounts, standard):
    db, manager = seeded, people["manager"]
    post = draft(db, manager, accounts)
    later = utcnow() + timedelta(hours=3)
    for attempt in (lambda: scheduling.schedule_post(db, manager, post.id, later),
                    lambda: scheduling.publish_now(db, manager, post.id),
                    lambda: queues.add_to_queue(db, manager, post.id)):
        with pytest.raises(Conflict, match="approved posts only"):
            attempt()
    approvals.submit(db, manager, [post.id])
    with pytest.raises(Conflict):  # in review: not yet
        scheduling.schedule_post(db, manager, post.id, later)
    approvals.decide(db, manager, [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert scheduling.schedule_post(db, manager, post.id, later).post.status == PostStatus.scheduled
    assert scheduling.unschedule(db, manager, post.id).status == PostStatus.approved


def test_a_creator_publishes_approved_content_only_even_with_approvals_off(seeded, people, accounts):
    db, creator = seeded, people["creator"]
    post = draft(db, creator, accounts)
    with pytest.raises(Conflict, match="Creators publish approved content only"):
        scheduling.publish_now(db, creator, post.id)
    assert scheduling.schedule_post(db, people["manager"], post.id, utcnow() + timedelta(hours=1))  # managers may
    scheduling.unschedule(db, people["manager"], post.id)
    approve(db, post, creator, people["manager"])  # the implicit path: one stage, managers
    assert scheduling.publish_now(db, creator, post.id).post.status == PostStatus.scheduled
    row = f"text,accounts,scheduled_at\nMine,twitter,{(utcnow() + timedelta(days=1)):%Y-%m-%d %H:%M}\n".encode()
    assert "Creators publish approved content only" in csv_io.preview_import(db, creator, row).rows[0].errors[0]


def test_approvals_on_refuses_imported_rows_with_a_time(seeded, people, accounts, standard):
    row = f"text,accounts,scheduled_at\nMine,twitter,{(utcnow() + timedelta(days=1)):%Y-%m-%d %H:%M}\n".encode()
    errors = csv_io.preview_import(seeded, people["manager"], row).rows[0].errors
    assert "approved posts only" in errors[0]


def test_queueable_posts_are_the_cleared_ones(seeded, people, accounts, standard):
    db, manager = seeded, people["manager"]
    waiting, cleared = draft(db, manager, accounts, "Waiting"), draft(db, manager, accounts, "Cleared")
    approve(db, cleared, manager, manager, people["client"])
    assert [p.id for p in queues.queueable_posts(db, manager)] == [cleared.id]
    assert waiting.status == PostStatus.draft


# --- what a client viewer sees -------------------------------------------------------------------


def test_a_client_sees_drafts_and_reviews_only_when_sent_to_them(seeded, people, accounts, standard):
    db, creator, client = seeded, people["creator"], people["client"]
    when = utcnow() + timedelta(days=2)
    internal, sent, never = (draft(db, creator, accounts, text) for text in ("Internal", "Sent", "Never sent"))
    done = draft(db, people["manager"], accounts, "Published soon")
    approve(db, done, people["manager"], people["manager"], client)
    scheduling.schedule_post(db, people["manager"], done.id, when)
    approvals.submit(db, creator, [internal.id, sent.id])
    approvals.decide(db, people["manager"], [sent.id], "approve")
    for post in (internal, sent, never):  # the composer's time, kept while in review
        post.scheduled_at = when
    db.flush()

    visible = {sent.id, done.id}
    assert {p.id for p in (internal, sent, never, done) if posts.may_see(client, p, db)} == visible
    with pytest.raises(NotFound):
        posts.get_post(db, client, internal.id)
    assert {p.id for p in library.list_posts(db, client, library.PostQuery(limit=100)).items} == visible
    day = when.date()
    shown = calendar.calendar_posts(db, client, calendar.CalendarQuery(day - timedelta(days=1), day + timedelta(days=1)))
    assert {e.post.id for e in shown.entries} == visible
    assert {p.id for p in library.list_posts(db, people["manager"], library.PostQuery(limit=100)).items} >= \
        {internal.id, sent.id, never.id, done.id}
    approvals.decide(db, client, [sent.id], "reject", "Not this week")  # decided by them: still theirs to see
    assert posts.get_post(db, client, sent.id).status == PostStatus.rejected
    assert db.exec(select(ReviewRequest).where(ReviewRequest.post_id == sent.id,
                                               ReviewRequest.user_id == client.user_id)).one()


def test_team_members_still_see_only_what_they_are_assigned(seeded, people, accounts, standard):
    db = seeded
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    with pytest.raises(NotFound):
        approvals.review_status(db, people["team"], post.id)
    assert approvals.awaiting_me(db, people["team"]) == []


# --- changes since last seen ---------------------------------------------------------------------


def test_the_review_shows_what_changed_since_the_reviewer_last_saw_it(seeded, people, accounts, standard):
    db, creator, manager = seeded, people["creator"], people["manager"]
    post = draft(db, creator, accounts, "Autumn blend is back today")
    approvals.submit(db, creator, [post.id])
    assert approvals.review_status(db, manager, post.id).last_seen_version is None
    approvals.mark_seen(db, manager, post.id)
    posts.update_post(db, creator, post.id, posts.PostDraft(
        text="Autumn blend is back tomorrow", overrides={"linkedin": "Our autumn blend returns"},
        account_ids=(accounts["twitter"].id,)))
    status = approvals.review_status(db, manager, post.id)
    assert status.last_seen_version == 1
    assert [(c.kind, c.text) for c in status.changes] == [
        ("same", "Autumn blend is back"), ("removed", "today"),
        ("added", "tomorrow [LinkedIn] Our autumn blend returns")]
    approvals.mark_seen(db, manager, post.id)
    assert approvals.review_status(db, manager, post.id).changes == []


def test_deciding_counts_as_seeing(seeded, people, accounts, standard):
    db = seeded
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    approvals.decide(db, people["manager"], [post.id], "approve")
    assert approvals.review_status(db, people["manager"], post.id).last_seen_version == post.version


def test_the_delegating_content_service_keeps_working(seeded, people, accounts):
    db = seeded
    post = draft(db, people["creator"], accounts)
    assert posts.submit_for_approval(db, people["creator"], [post.id]) == 1
    with pytest.raises(ValidationFailed):
        posts.review_posts(db, people["manager"], [post.id], approve=False)
    assert posts.review_posts(db, people["manager"], [post.id], approve=True) == 1
    assert post.status == PostStatus.approved


def test_the_demo_seed_turns_approvals_on_for_the_client_with_history(seeded, sim):
    from allin_app.admin.seed import DEMO_ACCOUNTS, seed_demo_approvals
    from tests.accounts.test_connect import connect

    for network in ("twitter", "facebook"):
        assert network in DEMO_ACCOUNTS[next(iter(DEMO_ACCOUNTS))][1]
        connect(seeded, sim, network)
    made = seed_demo_approvals(seeded)
    assert len(made) == 3 and seed_demo_approvals(seeded) == []
    people = bloom_people(seeded)
    assert approvals.approvals_enabled(seeded, people["client"].org_id)
    waiting = approvals.awaiting_me(seeded, people["client"])
    assert len(waiting) == 1 and approvals.review_status(seeded, people["client"], waiting[0].id).stage_name == \
        "Client review"
    approved = [p for p in library.list_posts(seeded, people["client"], library.PostQuery()).items
                if p.status == PostStatus.approved]
    assert len(approved) == 1
    assert [h.decision for h in approvals.history(seeded, approved[0])] == ["submitted", "approved", "approved"]

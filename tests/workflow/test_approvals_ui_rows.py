"""What the approvals page, the composer and review links show, built from the database as their states
build it: the queue, an opened post, the reviewer's decisions, the author's view of the review."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from allin_app.content import service as posts
from allin_app.core.errors import NotFound
from allin_app.workflow import approvals, review_links
from allin_app.workflow.approvals_state import _links, _opened, _queue
from allin_app.workflow.review_rows import decided_rows, review_summary
from tests.workflow.approval_helpers import bloom_people, draft, two_stages

UTC = ZoneInfo("UTC")


@pytest.fixture
def people(seeded, accounts):
    found = bloom_people(seeded)
    two_stages(seeded, found)
    return found


@pytest.fixture
def submitted(seeded, accounts, people):
    post = draft(seeded, people["creator"], accounts, "Autumn blend is back in every shop")
    approvals.submit(seeded, people["creator"], [post.id])
    seeded.flush()
    return post


def test_the_queue_names_stage_submitter_and_networks(seeded, people, submitted):
    rows = _queue(seeded, people["manager"])
    row = next(r for r in rows if r.post_id == submitted.id)
    assert (row.stage, row.submitted_by, row.networks) == ("Stage 1 of 2: Internal review", "Casey Creator",
                                                           ["X (Twitter)"])
    assert row.submitted_at and row.excerpt == "Autumn blend is back in every shop"
    assert all(r.post_id != submitted.id for r in _queue(seeded, people["client"]))


def test_an_opened_post_is_seen_and_the_next_look_shows_what_changed(seeded, people, accounts, submitted):
    first = _opened(seeded, people["manager"], submitted.id)
    assert first.first_look and not first.changed and first.may_decide and first.may_fast_track
    assert [c.network for c in first.previews] == ["twitter"]
    assert first.previews[0].name and first.previews[0].count == len("Autumn blend is back in every shop")
    assert (first.submitted_by, first.stage, first.stages) == ("Casey Creator", "Stage 1 of 2: Internal review",
                                                               ["Internal review", "Client review"])
    posts.update_post(seeded, people["creator"], submitted.id, posts.PostDraft(
        text="Autumn blend is back in every Bloom shop", account_ids=(accounts["twitter"].id,)))
    seeded.flush()
    again = _opened(seeded, people["manager"], submitted.id)
    assert not again.first_look and again.changed
    assert ("added", "Bloom") in [(p.kind, p.text) for p in again.changes]
    assert not _opened(seeded, people["manager"], submitted.id).changed  # seen now


def test_a_client_cannot_open_a_post_not_yet_sent_to_them(seeded, people, submitted):
    with pytest.raises(NotFound):
        _opened(seeded, people["client"], submitted.id)


def test_fast_track_marks_the_opened_post(seeded, people, submitted):
    approvals.fast_track(seeded, people["manager"], [submitted.id], "Launch is today")
    seeded.flush()
    opened = _opened(seeded, people["manager"], submitted.id)
    assert opened.fast_tracked and opened.status_label == "Approved"
    assert opened.history[0].label == "Fast-tracked" and opened.history[0].feedback == "Launch is today"


def test_the_author_sees_the_stage_who_decides_and_the_clients_feedback(seeded, people, submitted):
    summary = review_summary(seeded, people["creator"], submitted.id)
    assert (summary.status, summary.stage, summary.deciders) == ("pending", "Stage 1 of 2: Internal review",
                                                                 "Content Manager")
    approvals.decide(seeded, people["manager"], [submitted.id], "approve")
    seeded.flush()
    assert review_summary(seeded, people["creator"], submitted.id).deciders == "Client Viewer"
    approvals.decide(seeded, people["client"], [submitted.id], "reject", "Too pushy")
    seeded.flush()
    summary = review_summary(seeded, people["creator"], submitted.id)
    assert (summary.status, summary.feedback, summary.feedback_by, summary.feedback_label) == (
        "rejected", "Too pushy", "Chris Client", "Rejected")
    assert summary.may_submit


def test_a_reviewers_history_lists_their_decisions_with_where_each_post_stands(seeded, people, submitted):
    approvals.decide(seeded, people["manager"], [submitted.id], "approve")
    seeded.flush()
    rows = decided_rows(seeded, people["manager"], UTC)
    assert [(r.post_id, r.label, r.stage, r.outcome) for r in rows] == [
        (submitted.id, "Approved", "Internal review", "In review")]
    assert decided_rows(seeded, people["client"], UTC) == []


def test_review_links_are_listed_with_their_state(seeded, people, submitted):
    link, path = review_links.create_review_link(seeded, people["manager"], [submitted.id], "Rita", "rita@example.com")
    seeded.flush()
    assert path.startswith("/review/")
    rows = _links(seeded, people["manager"], submitted.id)
    assert [(r.id, r.reviewer, r.state) for r in rows] == [(link.id, "Rita", "active")]
    review_links.revoke_review_link(seeded, people["manager"], link.id)
    seeded.flush()
    assert _links(seeded, people["manager"], submitted.id)[0].state == "revoked"

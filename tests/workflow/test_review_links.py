"""Review links: signed, expiring links for reviewers without a seat, showing exactly the posts sent,
deciding in the reviewer's name, refused once expired or revoked."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from sqlmodel import select

from allin_app.admin.models import AuditEvent, OutboxMail
from allin_app.content import service as posts
from allin_app.content.models import PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.workflow import approvals, review_links
from allin_app.workflow.approval_models import ApprovalDecision, ReviewLink
from allin_app.workflow.models import Notification
from tests.workflow.approval_helpers import bloom_people, draft, two_stages


@pytest.fixture
def people(seeded):
    people = bloom_people(seeded)
    two_stages(seeded, people)
    return people


@pytest.fixture
def at_client_stage(seeded, people, accounts):
    """Two posts waiting for the client, and one still at the internal stage."""
    made = [draft(seeded, people["creator"], accounts, text) for text in ("First post", "Second post", "Internal")]
    approvals.submit(seeded, people["creator"], [p.id for p in made])
    approvals.decide(seeded, people["manager"], [made[0].id, made[1].id], "approve")
    return made


def _token(path: str) -> str:
    assert path.startswith("/review/")
    return path.removeprefix("/review/")


def test_a_link_is_mailed_stored_hashed_and_shows_exactly_its_posts(seeded, people, at_client_stage):
    first, second, _internal = at_client_stage
    link, path = review_links.create_review_link(seeded, people["manager"], [first.id, second.id], "Dana Owner",
                                                 "Dana@Bloom.example", days=3)
    token = _token(path)
    assert len(token) >= 43 and link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(seeded.get(ReviewLink, link.id).model_dump())
    mail = seeded.exec(select(OutboxMail).where(OutboxMail.to_email == "dana@bloom.example")).one()
    assert path in mail.body and "please review 2 posts" in mail.subject
    assert seeded.exec(select(AuditEvent).where(AuditEvent.action == "review_link.created")).one()

    view = review_links.open_review_link(seeded, token)
    assert (view.reviewer_name, view.reviewer_email, view.org_name) == ("Dana Owner", "dana@bloom.example",
                                                                        "Bloom Coffee Co.")
    assert [(p.post_id, p.stage_name, p.decidable) for p in view.posts] == [(first.id, "Client review", True),
                                                                          (second.id, "Client review", True)]
    assert view.posts[0].texts == {"twitter": "First post"}
    assert [h.decision for h in view.posts[0].history] == ["submitted", "approved"]


def test_a_link_decision_counts_for_the_current_stage_in_the_reviewers_name(seeded, people, at_client_stage):
    first, second, _internal = at_client_stage
    _link, path = review_links.create_review_link(seeded, people["manager"], [first.id, second.id], "Dana Owner",
                                                  "dana@bloom.example")
    review_links.decide_by_link(seeded, _token(path), first.id, "approve")
    assert first.status == PostStatus.approved
    decision = seeded.exec(select(ApprovalDecision).where(ApprovalDecision.post_id == first.id)
                           .order_by(ApprovalDecision.id.desc())).first()
    assert (decision.user_id, decision.reviewer_name, decision.reviewer_email, decision.stage_name) == (
        None, "Dana Owner", "dana@bloom.example", "Client review")
    event = seeded.exec(select(AuditEvent).where(AuditEvent.action == "post.approved")
                        .order_by(AuditEvent.id.desc())).first()
    assert event.actor_type == "review_link" and "dana@bloom.example" in event.detail
    note = seeded.exec(select(Notification).where(Notification.user_id == people["creator"].user_id,
                                                  Notification.kind == "post_approved")
                       .order_by(Notification.id.desc())).first()
    assert "Dana Owner (dana@bloom.example) decided by review link" in note.body
    assert approvals.history(seeded, first)[-1].who == "Dana Owner (dana@bloom.example, review link)"

    with pytest.raises(ValidationFailed):
        review_links.decide_by_link(seeded, _token(path), second.id, "reject", "")
    review_links.decide_by_link(seeded, _token(path), second.id, "request_changes", "Use our new logo")
    assert second.status == PostStatus.draft
    with pytest.raises(Conflict, match="no longer in review"):
        review_links.decide_by_link(seeded, _token(path), second.id, "approve")
    assert not review_links.open_review_link(seeded, _token(path)).posts[1].decidable


def test_a_link_refuses_other_posts_bad_tokens_expired_and_revoked(seeded, people, at_client_stage):
    first, second, _internal = at_client_stage
    link, path = review_links.create_review_link(seeded, people["manager"], [first.id], "Dana", "dana@bloom.example",
                                                 days=1)
    token = _token(path)
    with pytest.raises(NotFound, match="not part of this review"):
        review_links.decide_by_link(seeded, token, second.id, "approve")
    for bad in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B")):
        with pytest.raises(NotFound, match="not valid or has expired"):
            review_links.open_review_link(seeded, bad)
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=False):
        with pytest.raises(NotFound, match="not valid or has expired"):
            review_links.open_review_link(seeded, token)
        with pytest.raises(NotFound):
            review_links.decide_by_link(seeded, token, first.id, "approve")
    review_links.revoke_review_link(seeded, people["manager"], link.id)
    with pytest.raises(NotFound, match="not valid or has expired"):
        review_links.open_review_link(seeded, token)
    assert first.status == PostStatus.in_review


def test_who_may_send_which_posts_for_how_long(seeded, people, accounts, at_client_stage):
    first, _second, internal = at_client_stage
    with pytest.raises(PermissionDenied):  # a creator decides nothing
        review_links.create_review_link(seeded, people["creator"], [first.id], "Dana", "dana@bloom.example")
    with pytest.raises(Conflict, match="Only posts in review"):
        review_links.create_review_link(seeded, people["manager"], [draft(seeded, people["manager"], accounts).id],
                                        "Dana", "dana@bloom.example")
    for days in (0, 31):
        with pytest.raises(ValidationFailed) as refused:
            review_links.create_review_link(seeded, people["manager"], [first.id], "Dana", "dana@bloom.example", days)
        assert refused.value.errors[0]["field"] == "days"
    with pytest.raises(ValidationFailed, match="email"):
        review_links.create_review_link(seeded, people["manager"], [first.id], "Dana", "not an address")
    with pytest.raises(ValidationFailed):
        review_links.create_review_link(seeded, people["manager"], [first.id], "  ", "dana@bloom.example")
    # the client decides its stage; the manager approves organization-wide, so may send the internal one too
    review_links.create_review_link(seeded, people["client"], [first.id], "Dana", "dana@bloom.example")
    review_links.create_review_link(seeded, people["manager"], [internal.id], "Ola", "ola@bloom.example")
    listed = review_links.list_review_links(seeded, people["manager"], first.id)
    assert [link.reviewer_name for link in listed] == ["Dana"]
    with pytest.raises(PermissionDenied):
        review_links.list_review_links(seeded, people["creator"], first.id)


def test_the_link_shows_what_changed_since_its_reviewer_decided(seeded, people, accounts, at_client_stage):
    first, _second, _internal = at_client_stage
    _link, path = review_links.create_review_link(seeded, people["manager"], [first.id], "Dana", "dana@bloom.example")
    token = _token(path)
    assert review_links.open_review_link(seeded, token).posts[0].changes == []
    review_links.decide_by_link(seeded, token, first.id, "request_changes", "Say which post")
    posts.update_post(seeded, people["creator"], first.id, posts.PostDraft(text="First post of the autumn",
                                                                           account_ids=(accounts["twitter"].id,)))
    approvals.submit(seeded, people["creator"], [first.id])
    approvals.decide(seeded, people["manager"], [first.id], "approve")
    changes = review_links.open_review_link(seeded, token).posts[0].changes
    assert [(c.kind, c.text) for c in changes] == [("same", "First post"), ("added", "of the autumn")]

"""The approvals engine: the review state machine by role, conditional paths and fast-track (what it
changes elsewhere: test_approval_effects.py)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.content import service as posts
from allin_app.content.models import Campaign, MediaAsset, PostMedia, PostStatus
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Role
from allin_app.workflow import approvals
from allin_app.workflow.approval_models import PostReview
from tests.workflow.approval_helpers import STANDARD, audits, bloom_people, decisions, draft, notes, two_stages

Spec, Stage = approvals.WorkflowSpec, approvals.StageSpec


@pytest.fixture
def people(seeded):
    return bloom_people(seeded)


@pytest.fixture
def standard(seeded, people):
    return two_stages(seeded, people)


# --- the state machine ---------------------------------------------------------------------------


def test_creator_submits_manager_approves_internal_then_client_approves(seeded, people, accounts, standard):
    db, creator, manager, client = seeded, people["creator"], people["manager"], people["client"]
    post = draft(db, creator, accounts)
    assert approvals.submit(db, creator, [post.id], "Ready") == 1
    assert post.status == PostStatus.in_review
    assert {t.status for t in posts.targets_of(db, post)} == {PostStatus.in_review}
    assert [n.link for n in notes(db, manager, "approval_needed")] == [f"/approvals?post={post.id}"]
    assert notes(db, client, "approval_needed") == []  # the client's stage comes second

    approvals.decide(db, manager, [post.id], "approve")
    status = approvals.review_status(db, manager, post.id)
    assert (status.status, status.stage_name, status.stage_position, status.stages) == (
        "pending", "Client review", 1, ["Internal review", "Client review"])
    assert post.status == PostStatus.in_review and len(notes(db, client, "approval_needed")) == 1
    assert [n.title for n in notes(db, creator, "post_approved")] == [f"Approved at Internal review: {post.text}"]

    approvals.decide(db, client, [post.id], "approve", "Lovely")
    assert post.status == PostStatus.approved and approvals.is_cleared(db, post)
    assert decisions(db, post) == [("submitted", "Internal review", creator.user_id),
                                    ("approved", "Internal review", manager.user_id),
                                    ("approved", "Client review", client.user_id)]
    assert audits(db, post)[-3:] == ["post.submitted", "post.approved", "post.approved"]
    assert "Lovely" in notes(db, creator, "post_approved")[-1].body
    history = approvals.review_status(db, creator, post.id).history
    assert [(h.who, h.decision) for h in history] == [("Casey Creator", "submitted"), ("Morgan Manager", "approved"),
                                                      ("Chris Client", "approved")]


def test_who_may_not_decide(seeded, people, accounts, standard):
    db = seeded
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    with pytest.raises(PermissionDenied):
        approvals.decide(db, people["creator"], [post.id], "approve")  # creators never approve
    post.assignee_user_id = people["team"].user_id
    with pytest.raises(PermissionDenied):
        approvals.decide(db, people["team"], [post.id], "approve")
    with pytest.raises(NotFound):  # the internal stage was not sent to the client: they do not even see it
        approvals.decide(db, people["client"], [post.id], "approve")
    for owner in ("agency", "admin"):  # no silent bypass: the stage names content managers only
        with pytest.raises(PermissionDenied, match="Internal review is not yours"):
            approvals.decide(db, people[owner], [post.id], "approve")
    approvals.decide(db, people["manager"], [post.id], "approve")
    with pytest.raises(PermissionDenied):  # and the client stage is the client's
        approvals.decide(db, people["manager"], [post.id], "approve")
    assert post.status == PostStatus.in_review


def test_a_stage_naming_their_role_lets_agency_owners_and_admins_decide(seeded, people, accounts):
    db = seeded
    approvals.save_workflow(db, people["agency"], None, Spec("Owners", stages=(
        Stage("Agency", (Role.agency_owner.value,)), Stage("Platform", (Role.super_admin.value,)))))
    post = draft(db, people["manager"], accounts)
    approvals.submit(db, people["manager"], [post.id])
    approvals.decide(db, people["agency"], [post.id], "approve")
    approvals.decide(db, people["admin"], [post.id], "approve")
    assert post.status == PostStatus.approved


def test_named_members_decide_and_must_be_able_to_approve(seeded, people, accounts):
    db = seeded
    with pytest.raises(ValidationFailed, match="may not approve"):  # a creator cannot be named
        approvals.save_workflow(db, people["agency"], None, Spec("X", stages=(
            Stage("Creator", user_ids=(people["creator"].user_id,)),)))
    with pytest.raises(ValidationFailed, match="Unknown role"):
        approvals.save_workflow(db, people["agency"], None, Spec("X", stages=(Stage("C", ("content_creator",)),)))
    approvals.save_workflow(db, people["agency"], None, Spec("Named", stages=(
        Stage("Chris only", user_ids=(people["client"].user_id,)),)))
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    with pytest.raises(PermissionDenied):
        approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "approve")
    assert post.status == PostStatus.approved


def test_deciding_a_post_not_in_review_and_rejecting_without_feedback_are_refused(seeded, people, accounts, standard):
    db, manager = seeded, people["manager"]
    post = draft(db, people["creator"], accounts)
    with pytest.raises(Conflict, match="Only posts in review"):
        approvals.decide(db, manager, [post.id], "approve")
    approvals.submit(db, people["creator"], [post.id])
    for decision in ("reject", "request_changes"):
        with pytest.raises(ValidationFailed) as refused:
            approvals.decide(db, manager, [post.id], decision, "   ")
        assert refused.value.errors[0]["field"] == "feedback"
    with pytest.raises(ValidationFailed):
        approvals.decide(db, manager, [post.id], "maybe")
    with pytest.raises(Conflict):  # submitted twice
        approvals.submit(db, people["creator"], [post.id])


def test_rejected_goes_back_to_its_author_with_the_feedback(seeded, people, accounts, standard):
    db, creator = seeded, people["creator"]
    post = draft(db, creator, accounts)
    approvals.submit(db, creator, [post.id])
    approvals.decide(db, people["manager"], [post.id], "approve")
    approvals.decide(db, people["client"], [post.id], "reject", "Wrong price")
    assert post.status == PostStatus.rejected and {t.status for t in posts.targets_of(db, post)} == {"rejected"}
    assert db.exec(select(PostReview).where(PostReview.post_id == post.id)).one().status == "rejected"
    note = notes(db, creator, "post_rejected")[0]
    assert "Wrong price" in note.body and note.link == f"/create?post={post.id}"
    assert audits(db, post)[-1] == "post.rejected"
    approvals.submit(db, creator, [post.id])  # a rejected post may be submitted again: a new round
    assert approvals.review_status(db, creator, post.id).stage_name == "Internal review"


def test_request_changes_sends_it_back_to_draft(seeded, people, accounts, standard):
    db, creator = seeded, people["creator"]
    post = draft(db, creator, accounts)
    approvals.submit(db, creator, [post.id])
    approvals.decide(db, people["manager"], [post.id], "request_changes", "Shorter, please")
    assert post.status == PostStatus.draft
    assert "Shorter, please" in notes(db, creator, "changes_requested")[0].body
    assert audits(db, post)[-1] == "post.changes_requested"


def test_bulk_decisions_are_all_or_nothing(seeded, people, accounts, standard):
    db = seeded
    first, second = draft(db, people["creator"], accounts, "One"), draft(db, people["creator"], accounts, "Two")
    approvals.submit(db, people["creator"], [first.id])
    with pytest.raises(Conflict):
        approvals.decide(db, people["manager"], [first.id, second.id], "approve")
    assert first.status == PostStatus.in_review
    assert decisions(db, first) == [("submitted", "Internal review", people["creator"].user_id)]
    approvals.submit(db, people["creator"], [second.id])
    assert approvals.decide(db, people["manager"], [first.id, second.id], "approve") == 2
    assert {p.id for p in approvals.awaiting_me(db, people["client"])} == {first.id, second.id}
    assert approvals.awaiting_me(db, people["manager"]) == []


def test_submit_refuses_posts_without_accounts_or_over_a_limit(seeded, people, accounts, standard):
    db, creator = seeded, people["creator"]
    empty = posts.create_post(db, creator, posts.PostDraft(text="No accounts"))
    with pytest.raises(ValidationFailed, match="at least one account"):
        approvals.submit(db, creator, [empty.id])
    long = draft(db, creator, accounts, "x" * 300)
    with pytest.raises(ValidationFailed) as refused:
        approvals.submit(db, creator, [long.id])
    assert refused.value.errors[0]["field"] == "text.twitter"
    with pytest.raises(NotFound):  # clients do not submit: they do not even see drafts
        approvals.submit(db, people["client"], [draft(db, creator, accounts).id])


# --- conditional paths ---------------------------------------------------------------------------


def test_the_first_matching_workflow_wins_and_the_default_path_catches_the_rest(seeded, people, accounts):
    db, owner, manager = seeded, people["agency"], people["manager"]
    launch = Campaign(org_id=manager.org_id, name="Launch")
    db.add(launch)
    db.flush()
    one = (Stage("Review", ("content_manager",)),)
    approvals.save_workflow(db, owner, None, Spec("Off", enabled=False, stages=one))
    approvals.save_workflow(db, owner, None, Spec("LinkedIn", networks=("linkedin",), stages=one))
    approvals.save_workflow(db, owner, None, Spec("Launch links", campaign_ids=(launch.id,), content_types=("link",),
                                                  stages=one))
    approvals.save_workflow(db, owner, None, Spec("Everything else", stages=one))

    def path(post) -> str:
        workflow, _stages = approvals.path_for(db, post)
        return workflow.name if workflow else "(default)"

    assert path(draft(db, manager, accounts, networks=("linkedin", "twitter"))) == "LinkedIn"
    assert path(draft(db, manager, accounts, "See https://bloom.example", campaign_id=launch.id)) == "Launch links"
    assert path(draft(db, manager, accounts, "No link", campaign_id=launch.id)) == "Everything else"
    assert path(draft(db, manager, accounts, "Plain")) == "Everything else"
    everything = next(w for w in approvals.list_workflows(db, manager) if w.name == "Everything else")
    approvals.delete_workflow(db, owner, everything.id)
    workflow, stages = approvals.path_for(db, draft(db, manager, accounts, "Plain"))
    assert workflow is None and [s.name for s in stages] == ["Review"]
    assert set(stages[0].roles) == {"content_manager", "agency_owner"}


def test_content_types_come_from_media_and_links(seeded, people, accounts):
    db = seeded
    post = draft(db, people["manager"], accounts, "Just words")
    assert approvals.content_type(db, post) == "text"
    post.link = "https://bloom.example"
    assert approvals.content_type(db, post) == "link"

    def attach(kind: str, position: int) -> None:
        asset = MediaAsset(org_id=post.org_id, name=f"{kind}{position}", kind=kind, mime="image/jpeg", size=1,
                           sha256=f"{position:064d}", storage_key=f"x/{position}")
        db.add(asset)
        db.flush()
        db.add(PostMedia(post_id=post.id, media_id=asset.id, position=position))
        db.flush()

    attach("image", 0)
    assert approvals.content_type(db, post) == "image"
    attach("image", 1)
    assert approvals.content_type(db, post) == "carousel"
    attach("video", 2)
    assert approvals.content_type(db, post) == "video"
    approvals.save_workflow(db, people["agency"], None, Spec("Videos", content_types=("video",), stages=(
        Stage("Video desk", ("agency_owner",)),)))
    assert approvals.path_for(db, post)[0].name == "Videos"


def test_a_round_keeps_its_stages_when_the_workflow_changes(seeded, people, accounts, standard):
    db = seeded
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    approvals.save_workflow(db, people["agency"], standard.id, Spec("Standard", stages=(Stage("Only", ("agency_owner",)),)))
    approvals.decide(db, people["manager"], [post.id], "approve")
    assert approvals.review_status(db, people["manager"], post.id).stage_name == "Client review"


def test_workflows_are_set_up_by_owners_and_read_by_approvers(seeded, people, standard):
    db = seeded
    with pytest.raises(PermissionDenied):
        approvals.save_workflow(db, people["manager"], None, STANDARD)
    with pytest.raises(PermissionDenied):
        approvals.list_workflows(db, people["creator"])
    views = approvals.list_workflows(db, people["client"])
    assert [(s.name, s.approvers_label) for s in views[0].stages] == [("Internal review", "Content Manager"),
                                                                      ("Client review", "Client Viewer")]
    roles, members = approvals.approver_choices(db, people["agency"])
    assert "content_creator" not in dict(roles) and "client_viewer" in dict(roles)
    assert {name for _id, name in members} >= {"Morgan Manager", "Chris Client", "Avery Agency"}
    assert "Casey Creator" not in {name for _id, name in members}
    with pytest.raises(Conflict):
        approvals.save_workflow(db, people["agency"], None, STANDARD)  # the name is taken
    with pytest.raises(ValidationFailed):
        approvals.save_workflow(db, people["agency"], None, Spec("Empty"))


# --- fast-track ----------------------------------------------------------------------------------


def test_fast_track_needs_an_allowed_role_and_a_reason_and_is_recorded(seeded, people, accounts, standard):
    db = seeded
    post = draft(db, people["creator"], accounts)
    approvals.submit(db, people["creator"], [post.id])
    with pytest.raises(ValidationFailed) as refused:
        approvals.fast_track(db, people["manager"], [post.id], " ")
    assert refused.value.errors[0]["field"] == "reason"
    for role in ("creator", "team"):
        with pytest.raises((PermissionDenied, NotFound)):
            approvals.fast_track(db, people[role], [post.id], "Urgent")
    approvals.decide(db, people["manager"], [post.id], "approve")
    with pytest.raises(PermissionDenied):  # clients approve, but fast-tracking is not theirs
        approvals.fast_track(db, people["client"], [post.id], "Urgent")
    approvals.fast_track(db, people["manager"], [post.id], "Store closed today: the post must go now")
    assert post.status == PostStatus.approved and approvals.is_cleared(db, post)
    review = db.exec(select(PostReview).where(PostReview.post_id == post.id)).one()
    assert review.fast_tracked and review.status == "approved"
    assert decisions(db, post)[-1] == ("fast_tracked", "Client review", people["manager"].user_id)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "post.fast_tracked")).one()
    assert event.actor_user_id == people["manager"].user_id and "Store closed" in event.detail


def test_fast_track_follows_the_workflows_roles_and_works_on_a_draft(seeded, people, accounts):
    db = seeded
    approvals.save_workflow(db, people["agency"], None, Spec("Strict", fast_track_roles=("agency_owner",),
                                                             stages=(Stage("Review", ("content_manager",)),)))
    post = draft(db, people["creator"], accounts)
    with pytest.raises(PermissionDenied):
        approvals.fast_track(db, people["manager"], [post.id], "Urgent")
    approvals.fast_track(db, people["agency"], [post.id], "Urgent")
    assert post.status == PostStatus.approved
    other = draft(db, people["creator"], accounts, "Another")
    approvals.fast_track(db, people["admin"], [other.id], "Platform emergency")
    assert other.status == PostStatus.approved

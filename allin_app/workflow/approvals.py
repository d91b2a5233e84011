"""Approvals: a post goes through its organization's review stages before it may be published.

Configuration (workflows, stages, conditions) lives in `approval_paths.py`, the mechanics of a round in
`review_rounds.py`, what a reviewer reads in `approval_status.py`; this module is the service the UI
and the API call, and re-exports the rest so `approvals.<name>` is the one place to look.

- submit: a draft (or a rejected post) starts a round at the first stage of its path.
- decide: whoever the current stage names approves (the next stage, or the post is approved),
  rejects (back to the author) or requests changes (back to draft); feedback is required for both.
- fast_track: roles the workflow allows approve a post at once, with a reason, recorded as such.
- an edit of a post in review or approved starts a new round (`restart_after_edit`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, select

from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, require
from allin_app.workflow.approval_models import ApprovalDecision, PostReview
from allin_app.workflow.approval_paths import (  # noqa: F401  (re-exported: the contract's names)
    CONTENT_TYPE_LABELS,
    CONTENT_TYPES,
    StageSpec,
    StageView,
    WorkflowSpec,
    WorkflowView,
    approvals_enabled,
    approver_choices,
    choose_workflow,
    content_type,
    delete_workflow,
    fast_track_roles,
    list_workflows,
    may_decide_stage,
    move_workflow,
    path_for,
    replace_workflows,
    save_workflow,
    set_approvals_enabled,
    stage_dicts,
)
from allin_app.workflow.approval_status import (  # noqa: F401  (re-exported)
    DecisionView,
    DiffPart,
    ReviewStatus,
    history,
    mark_seen,
    review_status,
)
from allin_app.workflow.review_rounds import (  # noqa: F401  (re-exported)
    IN_REVIEW,
    RESUBMITTABLE,
    SUBMITTABLE,
    Reviewer,
    apply_decision,
    approved_review,
    cancel,
    cleared_for,
    current_stage,
    ensure_requests,
    is_approved,
    is_cleared,
    may_decide,
    may_fast_track,
    may_submit,
    may_submit_status,
    open_review,
    pending_review,
    record,
    release,
    release_note,
    set_status,
    start_round,
    tell_author,
)

DECISIONS = {"approve": "approved", "reject": "rejected", "request_changes": "changes_requested"}
MAX_BATCH = 500


def _batch(db: Session, actor: Actor, post_ids: Iterable[int]) -> list[Post]:
    ids = list(dict.fromkeys(post_ids))
    if not ids:
        raise ValidationFailed("post_ids", "Pick at least one post.")
    if len(ids) > MAX_BATCH:
        raise ValidationFailed("post_ids", f"Act on at most {MAX_BATCH} posts at once.")
    return [posts.get_post(db, actor, post_id) for post_id in ids]


def _check_fit(db: Session, post: Post) -> None:
    if not posts.targets_of(db, post):
        raise ValidationFailed("account_ids", "Pick at least one account before submitting.")
    if problems := posts.post_problems(db, post):
        raise posts.invalid([(f"text.{n}", p) for n, found in problems.items() for p in found])


# --- submitting ------------------------------------------------------------------------------


def submit(db: Session, actor: Actor, post_ids: Iterable[int], note: str = "") -> int:
    """Send drafts (and rejected posts) to the first stage of their path, all or none."""
    batch = _batch(db, actor, post_ids)
    for post in batch:
        require(actor, Permission.edit_content, posts.target_of(post))
        if not may_submit_status(db, post):
            raise Conflict(f"Only drafts and rejected posts can be submitted; this one is "
                           f"{PostStatus(post.status).label.lower()}.")
        _check_fit(db, post)
    for post in batch:
        start_round(db, Reviewer.of(actor), post, note[:2000])
    return len(batch)


def submit_scheduled(db: Session, actor: Actor, post: Post, when: datetime, timezone: str = "") -> PostReview:
    """A post made with a time but not cleared (an occurrence of a series with new words): it goes to
    review keeping its time, and is held if nobody approved it by then."""
    post.scheduled_at, post.timezone = when, timezone
    for target in posts.targets_of(db, post):
        target.scheduled_at = when
    return start_round(db, Reviewer.of(actor), post, "A recurring series made this post with new words.")


# --- deciding --------------------------------------------------------------------------------


def decide(db: Session, actor: Actor, post_ids: Iterable[int], decision: str, feedback: str = "") -> int:
    """Approve, reject or request changes on each post's current stage, all or none."""
    if decision not in DECISIONS:
        raise ValidationFailed("decision", "Approve, reject or request changes.")
    if decision != "approve" and not feedback.strip():
        raise ValidationFailed("feedback", "Say why, so the author knows what to change.")
    batch = _batch(db, actor, post_ids)
    reviews = [_decidable(db, actor, post, decision) for post in batch]
    for post, review in zip(batch, reviews, strict=True):
        apply_decision(db, post, review, DECISIONS[decision], feedback[:4000], Reviewer.of(actor))
    return len(batch)


def _decidable(db: Session, actor: Actor, post: Post, decision: str) -> PostReview:
    review = pending_review(db, post.id)
    if post.status not in IN_REVIEW or review is None:
        verb = {"approve": "approved", "reject": "rejected", "request_changes": "sent back"}[decision]
        raise Conflict(f"Only posts in review can be {verb}; this one is {PostStatus(post.status).label.lower()}.")
    require(actor, Permission.approve_content, posts.target_of(post))
    stage = current_stage(review)
    if not may_decide_stage(actor, post.org_id, stage):
        raise PermissionDenied(f"{stage['name']} is not yours to decide.")
    return review


def fast_track(db: Session, actor: Actor, post_ids: Iterable[int], reason: str) -> int:
    """Approve at once, skipping the remaining stages: an emergency route, recorded with its reason."""
    if not reason.strip():
        raise ValidationFailed("reason", "Say why this post skips review.")
    batch = _batch(db, actor, post_ids)
    for post in batch:
        if not (post.status in IN_REVIEW or may_submit_status(db, post)):
            raise Conflict(f"This post is {PostStatus(post.status).label.lower()}; only drafts and posts in "
                           "review can be fast-tracked.")
        if not may_fast_track(db, actor, post):
            raise PermissionDenied("Your role may not fast-track posts in this organization.")
        if post.status not in IN_REVIEW:
            _check_fit(db, post)
    for post in batch:
        _fast_track_one(db, actor, post, reason.strip()[:2000])
    return len(batch)


def _fast_track_one(db: Session, actor: Actor, post: Post, reason: str) -> None:
    review = pending_review(db, post.id) or open_review(db, post, actor.user_id)
    who = Reviewer.of(actor)
    record(db, review, post, "fast_tracked", reason, who)
    review.fast_tracked, review.post_version = True, post.version
    review.status, review.finished_at = "approved", utcnow()
    outcome = release(db, post, utcnow())
    tell_author(db, post, who, "post_approved", f"Fast-tracked: {' '.join(post.text.split())[:60]}",
                release_note(post, outcome), reason)


# --- edits -----------------------------------------------------------------------------------


def restart_after_edit(db: Session, actor: Actor, post: Post) -> bool:
    """The words, media or accounts of a post in review or approved changed. With approvals on, what
    was decided no longer holds: the round is reset and a new one starts at the first stage (the time
    is kept). A round nobody has decided on yet simply carries on with the new version. Answers
    whether approvals took care of it (False: approvals are off, or the post is not under review)."""
    if not approvals_enabled(db, post.org_id):
        return False
    if post.status not in (*IN_REVIEW, PostStatus.approved, PostStatus.scheduled):
        return False
    review = pending_review(db, post.id)
    if review is not None and _undecided(db, review):
        review.post_version = post.version
        return True
    old = review or _latest_approved(db, post)
    who = Reviewer.of(actor)
    if old is not None:
        cancel(db, old, post, who, f"Changed after review (now version {post.version}): back to the first stage.")
    start_round(db, who, post, "Changed after review.")
    return True


def cancel_pending(db: Session, actor: Actor, post: Post) -> None:
    """Approvals are off and the post went back to draft: its open round ends."""
    if (review := pending_review(db, post.id)) is not None:
        cancel(db, review, post, Reviewer.of(actor), "Changed during review: back to draft.")


def _undecided(db: Session, review: PostReview) -> bool:
    decided = db.exec(select(ApprovalDecision.id).where(ApprovalDecision.review_id == review.id,
                                                        ApprovalDecision.decision != "submitted")).first()
    return review.stage_position == 0 and decided is None


def _latest_approved(db: Session, post: Post) -> PostReview | None:
    return db.exec(select(PostReview).where(PostReview.post_id == post.id, PostReview.status == "approved")
                   .order_by(PostReview.id.desc())).first()


# --- the review queue ------------------------------------------------------------------------


def awaiting_me(db: Session, actor: Actor) -> list[Post]:
    """Posts whose current stage the actor may decide, oldest submission first. Someone who joined after
    a stage was sent gets it now (so the post shows for them everywhere)."""
    rows = db.exec(select(PostReview, Post).join(Post, Post.id == PostReview.post_id).where(
        PostReview.org_id == actor.org_id, PostReview.status == "pending", Post.deleted_at == None,
        Post.status.in_(IN_REVIEW)).order_by(PostReview.submitted_at, PostReview.id)).all()
    mine = [(review, post) for review, post in rows if may_decide_stage(actor, post.org_id, current_stage(review))]
    for review, _post in mine:
        ensure_requests(db, review, [actor.user_id])
    return [post for _review, post in mine]


# --- recurring series ------------------------------------------------------------------------


def copy_approval(db: Session, source: Post, post: Post) -> bool:
    """An occurrence of a series carries its model's approval when it says exactly what was approved
    (same words, link, media and accounts). Answers whether it did."""
    approved = approved_review(db, source)
    if approved is None or _content(db, source) != _content(db, post):
        return False
    db.add(PostReview(org_id=post.org_id, post_id=post.id, workflow_id=approved.workflow_id,
                      stage_position=approved.stage_position, stage_count=approved.stage_count,
                      stages=approved.stages, status="approved", post_version=post.version,
                      submitted_by_user_id=approved.submitted_by_user_id, finished_at=utcnow(),
                      carried_from_review_id=approved.id))
    set_status(db, post, PostStatus.approved)
    return True


def _content(db: Session, post: Post) -> tuple:
    return (post.text, dict(post.overrides), post.title, post.link, post.first_comment,
            sorted(t.account_id for t in posts.targets_of(db, post)), [m.id for m in posts.media_of(db, post)])

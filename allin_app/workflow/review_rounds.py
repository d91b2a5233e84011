"""The mechanics of a review round, shared by the approvals service, review links and the publisher:
start a round, send a stage to its people, record a decision, finish, and release an approved post.

Targets follow their post: while a post is in review, held, rejected or a draft, its undelivered
targets carry the same status (keeping their time), so the publisher, which only takes "scheduled"
targets, never sends words nobody cleared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.rbac import Actor, Permission, Role, allows
from allin_app.workflow.approval_models import ApprovalDecision, PostReview, ReviewRequest, ReviewSeen
from allin_app.workflow.approval_paths import (
    approvals_enabled,
    choose_workflow,
    fast_track_roles,
    may_decide_stage,
    stage_dicts,
    stage_people,
)
from allin_app.workflow.notifications import notify

IN_REVIEW = (PostStatus.in_review, PostStatus.held)
# target statuses that follow their post (the others are deliveries under way or done)
FOLLOWING = (PostStatus.draft, PostStatus.in_review, PostStatus.approved, PostStatus.scheduled, PostStatus.held,
             PostStatus.rejected)
AUDIT_ACTIONS = {"submitted": "post.submitted", "approved": "post.approved", "rejected": "post.rejected",
                 "changes_requested": "post.changes_requested", "fast_tracked": "post.fast_tracked",
                 "reset": "post.review_reset"}
SUBMITTABLE = (PostStatus.draft, PostStatus.rejected)
# without an approval of their version and not in review (approvals were switched on after they were
# approved or scheduled; a held one came due that way)
RESUBMITTABLE = (PostStatus.approved, PostStatus.scheduled, PostStatus.failed, PostStatus.held)


@dataclass(frozen=True)
class Reviewer:
    """Who decides: a user, or the person a review link was sent to."""

    user_id: int | None
    name: str = ""
    email: str = ""
    link_id: int | None = None

    @classmethod
    def of(cls, actor: Actor) -> Reviewer:
        return cls(user_id=actor.user_id)


# --- reading ---------------------------------------------------------------------------------


def pending_review(db: Session, post_id: int) -> PostReview | None:
    return db.exec(select(PostReview).where(PostReview.post_id == post_id, PostReview.status == "pending")
                   .order_by(PostReview.id.desc())).first()


def latest_review(db: Session, post_id: int) -> PostReview | None:
    return db.exec(select(PostReview).where(PostReview.post_id == post_id).order_by(PostReview.id.desc())).first()


def approved_review(db: Session, post: Post) -> PostReview | None:
    """The finished review that approved the post's current version, if any."""
    return db.exec(select(PostReview).where(PostReview.post_id == post.id, PostReview.status == "approved",
                                            PostReview.post_version == post.version)
                   .order_by(PostReview.id.desc())).first()


def is_approved(db: Session, post: Post) -> bool:
    return approved_review(db, post) is not None


def is_cleared(db: Session, post: Post) -> bool:
    """May go out: approvals are off in its organization, or a review approved this very version."""
    return not approvals_enabled(db, post.org_id) or is_approved(db, post)


def cleared_for(db: Session, actor: Actor, post: Post) -> bool:
    """May this actor schedule or publish it: cleared, and for a creator approved whatever the setting
    (the matrix: creators publish approved content only)."""
    if actor.role is Role.content_creator:
        return is_approved(db, post)
    return is_cleared(db, post)


# --- who may do what ---------------------------------------------------------------------


def may_submit(db: Session, actor: Actor, post: Post) -> bool:
    return allows(actor, Permission.edit_content, posts.target_of(post)) and may_submit_status(db, post)


def may_decide(db: Session, actor: Actor, post: Post) -> bool:
    review = pending_review(db, post.id)
    return review is not None and may_decide_stage(actor, post.org_id, current_stage(review))


def may_fast_track(db: Session, actor: Actor, post: Post) -> bool:
    """The roles the post's workflow names may skip its review (platform admins too: the emergency
    route is theirs, and it is recorded like everyone's)."""
    if actor.org_id != post.org_id or not allows(actor, Permission.approve_content, posts.target_of(post)):
        return False
    if not (post.status in IN_REVIEW or may_submit_status(db, post)):
        return False
    review = pending_review(db, post.id)
    workflow_id = review.workflow_id if review else getattr(choose_workflow(db, post), "id", None)
    return actor.role is Role.super_admin or actor.role.value in fast_track_roles(db, workflow_id)


def may_submit_status(db: Session, post: Post) -> bool:
    if post.status in SUBMITTABLE:
        return True
    return post.status in RESUBMITTABLE and pending_review(db, post.id) is None and not is_approved(db, post)


def current_stage(review: PostReview) -> dict:
    return review.stages[min(review.stage_position, len(review.stages) - 1)]


def excerpt(post: Post, size: int = 60) -> str:
    return " ".join(post.text.split())[:size] or f"Post {post.id}"


# --- changing state --------------------------------------------------------------------------


def set_status(db: Session, post: Post, status: PostStatus) -> None:
    """The post and its undelivered targets take `status`; their times stay."""
    post.status, post.updated_at = status, utcnow()
    for target in posts.targets_of(db, post):
        if target.status in FOLLOWING:
            target.status = status


def record(db: Session, review: PostReview, post: Post, decision: str, feedback: str, who: Reviewer) -> None:
    """The decision row and its audit event."""
    db.add(ApprovalDecision(org_id=post.org_id, review_id=review.id, post_id=post.id,
                            stage_position=review.stage_position, stage_name=current_stage(review)["name"],
                            decision=decision, feedback=feedback.strip(), user_id=who.user_id,
                            reviewer_name=who.name, reviewer_email=who.email, link_id=who.link_id,
                            post_version=post.version))
    detail = feedback.strip()[:300] if who.user_id else f"{who.name} <{who.email}> by review link: {feedback[:240]}"
    record_audit(db, AUDIT_ACTIONS[decision], actor_user_id=who.user_id, org_id=post.org_id, target=f"post:{post.id}",
                 detail=detail, actor_type="user" if who.user_id else "review_link")


def open_review(db: Session, post: Post, submitted_by_user_id: int | None) -> PostReview:
    """A pending review of the post's current version along the path its workflow gives it."""
    workflow = choose_workflow(db, post)
    stages = stage_dicts(db, workflow)
    review = PostReview(org_id=post.org_id, post_id=post.id, workflow_id=workflow.id if workflow else None,
                        stage_count=len(stages), stages=stages, post_version=post.version,
                        submitted_by_user_id=submitted_by_user_id)
    db.add(review)
    db.flush()
    return review


def start_round(db: Session, who: Reviewer, post: Post, note: str = "") -> PostReview:
    """A new review round at the first stage of the post's path, sent to that stage's people."""
    review = open_review(db, post, who.user_id)
    record(db, review, post, "submitted", note, who)
    if post.status != PostStatus.held:  # a held post stays held: it is due, and waits for this round
        set_status(db, post, PostStatus.in_review)
    enter_stage(db, post, review, skip_user_id=who.user_id)
    return review


def enter_stage(db: Session, post: Post, review: PostReview, skip_user_id: int | None = None) -> list[int]:
    """Send the review's current stage to the people who may decide it, and tell them."""
    stage = current_stage(review)
    people = stage_people(db, post.org_id, stage)
    ensure_requests(db, review, people)
    label = f"{stage['name']} (stage {review.stage_position + 1} of {review.stage_count})"
    notify(db, post.org_id, [p for p in people if p != skip_user_id], "approvals", "approval_needed",
           f"Approval needed: {excerpt(post)}", f"{label}. Version {post.version}.", f"/approvals?post={post.id}")
    return people


def ensure_requests(db: Session, review: PostReview, user_ids: list[int]) -> None:
    have = set(db.exec(select(ReviewRequest.user_id).where(ReviewRequest.review_id == review.id,
                                                           ReviewRequest.stage_position == review.stage_position)))
    for user_id in user_ids:
        if user_id not in have:
            db.add(ReviewRequest(org_id=review.org_id, post_id=review.post_id, review_id=review.id,
                                 stage_position=review.stage_position, user_id=user_id))
    db.flush()


def finish(review: PostReview, status: str) -> None:
    review.status, review.finished_at = status, utcnow()


def cancel(db: Session, review: PostReview, post: Post, who: Reviewer, why: str) -> None:
    """The round ends without a verdict (the post changed under it)."""
    record(db, review, post, "reset", why, who)
    finish(review, "cancelled")


def apply_decision(db: Session, post: Post, review: PostReview, decision: str, feedback: str,
                   who: Reviewer) -> str:
    """approved / rejected / changes_requested on the current stage; answers what became of the post:
    "advanced" (to the next stage), "approved", "scheduled", "now" (going out at once), "rejected",
    "changes_requested"."""
    record(db, review, post, decision, feedback, who)
    seen(db, post, user_id=who.user_id, link_id=who.link_id)
    decided_stage = current_stage(review)["name"]
    if decision == "approved" and review.stage_position + 1 < review.stage_count:
        review.stage_position += 1
        enter_stage(db, post, review, skip_user_id=who.user_id)
        tell_author(db, post, who, "post_approved", f"Approved at {decided_stage}: {excerpt(post)}",
                    f"Next: {current_stage(review)['name']}.", feedback)
        return "advanced"
    finish(review, decision)
    if decision == "approved":
        outcome = release(db, post, utcnow())
        tell_author(db, post, who, "post_approved", f"Approved: {excerpt(post)}", release_note(post, outcome), feedback)
        return outcome
    set_status(db, post, PostStatus.rejected if decision == "rejected" else PostStatus.draft)
    kind, title = (("post_rejected", f"Rejected: {excerpt(post)}") if decision == "rejected"
                   else ("changes_requested", f"Changes requested: {excerpt(post)}"))
    tell_author(db, post, who, kind, title, f"At {decided_stage}.", feedback)
    return decision


def release(db: Session, post: Post, now: datetime) -> str:
    """An approved post: "approved" without a time; back to "scheduled" for a time still ahead; "now"
    (due at once) when it was held or its time has passed."""
    if post.scheduled_at is None:
        set_status(db, post, PostStatus.approved)
        return "approved"
    due = post.status == PostStatus.held or as_utc(post.scheduled_at) <= now
    moved = [t for t in posts.targets_of(db, post) if t.status in FOLLOWING]
    if not moved:  # every delivery already happened or failed: nothing left to send
        set_status(db, post, PostStatus.approved)
        return "approved"
    for target in moved:
        when = as_utc(target.scheduled_at) if target.scheduled_at else as_utc(post.scheduled_at)
        goes_now = target.status == PostStatus.held or (due and when <= now)
        target.status, target.scheduled_at = PostStatus.scheduled, now if goes_now else when
        target.next_attempt_at, target.error, target.attempts = None, "", 0
    post.status, post.updated_at = PostStatus.scheduled, utcnow()
    post.scheduled_at = min(as_utc(t.scheduled_at) for t in moved)
    return "now" if due else "scheduled"


def release_note(post: Post, outcome: str) -> str:
    if outcome == "now":
        return "It was waiting for this approval and is being published now."
    if outcome == "scheduled":
        return f"It goes out as scheduled, {as_utc(post.scheduled_at):%d %b %Y %H:%M} UTC."
    return "It may now be scheduled or published."


def tell_author(db: Session, post: Post, who: Reviewer, kind: str, title: str, body: str, feedback: str) -> None:
    if post.author_user_id == who.user_id:
        return
    by = f" {who.name} ({who.email}) decided by review link." if who.user_id is None else ""
    words = f"{body}{by}" + (f"\n\nFeedback: {feedback.strip()}" if feedback.strip() else "")
    notify(db, post.org_id, [post.author_user_id], "approvals", kind, title, words, f"/create?post={post.id}")


def seen(db: Session, post: Post, *, user_id: int | None = None, link_id: int | None = None) -> None:
    """Remember that this reviewer (a user or a review link) saw the post's current version."""
    if user_id is None and link_id is None:
        return
    found = db.exec(select(ReviewSeen).where(ReviewSeen.post_id == post.id, ReviewSeen.user_id == user_id,
                                             ReviewSeen.link_id == link_id)).first()
    if found is None:
        found = ReviewSeen(org_id=post.org_id, post_id=post.id, user_id=user_id, link_id=link_id)
        db.add(found)
    found.version, found.seen_at = post.version, utcnow()

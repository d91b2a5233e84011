"""The publisher's side of approvals: a post due while its review is pending (or never approved, in an
organization that requires approval) is held, not published and not failed, and its author and
reviewers hear it once; the approval that clears it sends it at once (review_rounds.release)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.scheduling.models import PublishingSettings
from allin_app.workflow.approval_models import PostReview
from allin_app.workflow.approval_paths import stage_people
from allin_app.workflow.notifications import managers, notify
from allin_app.workflow.review_rounds import current_stage, excerpt, is_cleared, pending_review

HOLDABLE = (PostStatus.scheduled, PostStatus.in_review)


def _approvals_on():
    return select(PublishingSettings.org_id).where(PublishingSettings.require_approval == True)


def cleared_condition():
    """SQL on PostTarget: its post may go out (approvals off in its organization, or a review approved
    the post's current version). The publisher claims only such targets, whatever happens between
    its hold pass and its claim."""
    approved = select(PostReview.post_id).join(Post, Post.id == PostReview.post_id).where(
        PostReview.status == "approved", PostReview.post_version == Post.version)
    return or_(PostTarget.org_id.not_in(_approvals_on()), PostTarget.post_id.in_(approved))


def hold_due(db: Session, now: datetime) -> int:
    """Hold every post that came due without clearance; answers how many were held."""
    due = select(PostTarget.post_id).where(PostTarget.scheduled_at <= now, or_(
        PostTarget.status == PostStatus.in_review,
        and_(PostTarget.status == PostStatus.scheduled, PostTarget.org_id.in_(_approvals_on()),
             or_(PostTarget.next_attempt_at == None, PostTarget.next_attempt_at <= now))))
    held = 0
    for post in db.exec(select(Post).where(Post.id.in_(due), Post.deleted_at == None)):
        if post.status != PostStatus.held and (pending_review(db, post.id) is not None or not is_cleared(db, post)):
            hold(db, post)
            held += 1
    return held


def hold(db: Session, post: Post) -> None:
    post.status = PostStatus.held
    for target in posts.targets_of(db, post):
        if target.status in HOLDABLE:
            target.status = PostStatus.held
    review = pending_review(db, post.id)
    if review is not None:
        stage = current_stage(review)
        reviewers, waiting = stage_people(db, post.org_id, stage), f"{stage['name']} has not approved it yet"
    else:
        reviewers, waiting = managers(db, post.org_id), "it was never approved"
    body = f"It came due, but {waiting}. It goes out as soon as it is approved."
    title = f"Held for approval: {excerpt(post)}"
    notify(db, post.org_id, [post.author_user_id], "approvals", "post_held", title, body, f"/create?post={post.id}")
    notify(db, post.org_id, [r for r in reviewers if r != post.author_user_id], "approvals", "post_held", title,
           body, f"/approvals?post={post.id}")

"""What a client viewer may see of posts not yet approved: only those sent to them for review (a
review request for them) or that they decided on. Approved, scheduled, published and failed posts
stay visible to the whole organization, as before. One rule for the single post, the library and
the calendar, so a list never shows what the post page would refuse."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from allin_app.content.models import Post, PostStatus
from allin_app.core.rbac import Actor, Role
from allin_app.workflow.approval_models import ApprovalDecision, ReviewRequest

UNREVIEWED = (PostStatus.draft, PostStatus.in_review, PostStatus.rejected, PostStatus.held)


def restricted(actor: Actor) -> bool:
    return actor.role is Role.client_viewer


def sent_to(db: Session, user_id: int, post_id: int) -> bool:
    requested = db.exec(select(ReviewRequest.id).where(ReviewRequest.post_id == post_id,
                                                       ReviewRequest.user_id == user_id)).first()
    return requested is not None or db.exec(select(ApprovalDecision.id).where(
        ApprovalDecision.post_id == post_id, ApprovalDecision.user_id == user_id)).first() is not None


def may_see_unreviewed(db: Session, actor: Actor, post: Post) -> bool:
    return not restricted(actor) or post.status not in UNREVIEWED or sent_to(db, actor.user_id, post.id)


def visible_condition(actor: Actor):
    """The SQL twin of `may_see_unreviewed` for lists; None when the actor sees every status."""
    if not restricted(actor):
        return None
    requested = select(ReviewRequest.post_id).where(ReviewRequest.user_id == actor.user_id,
                                                    ReviewRequest.org_id == actor.org_id)
    decided = select(ApprovalDecision.post_id).where(ApprovalDecision.user_id == actor.user_id,
                                                     ApprovalDecision.org_id == actor.org_id)
    return or_(Post.status.not_in(UNREVIEWED), Post.id.in_(requested), Post.id.in_(decided))

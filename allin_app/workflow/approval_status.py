"""What a reviewer reads about a post's review: where it stands, who decided what and why, and which
words changed since the version this reviewer last saw."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.content import service as posts
from allin_app.content.composer_view import DiffPart
from allin_app.content.models import Post, PostVersion
from allin_app.core.rbac import Actor
from allin_app.platforms.limits import LABELS
from allin_app.workflow.approval_models import ApprovalDecision, PostReview, ReviewSeen
from allin_app.workflow.approval_paths import choose_workflow, stage_dicts
from allin_app.workflow.review_rounds import (
    current_stage,
    latest_review,
    may_decide,
    may_fast_track,
    may_submit,
    seen,
)

__all__ = ["DecisionView", "DiffPart", "ReviewStatus", "changes_between", "history", "last_seen_version",
           "mark_seen", "review_status"]


@dataclass
class DecisionView:
    when: datetime
    who: str
    decision: str  # submitted, approved, rejected, changes_requested, fast_tracked, reset
    stage_name: str
    feedback: str
    version: int


@dataclass
class ReviewStatus:
    review_id: int | None
    status: str  # the latest round's: pending, approved, rejected, changes_requested, cancelled; "" = none yet
    stage_name: str
    stage_position: int  # from 0
    stage_count: int
    stages: list[str]
    may_decide: bool
    may_fast_track: bool
    may_submit: bool
    history: list[DecisionView] = field(default_factory=list)
    changes: list[DiffPart] = field(default_factory=list)  # since the version this viewer last saw
    last_seen_version: int | None = None


def review_status(db: Session, actor: Actor, post_id: int) -> ReviewStatus:
    post = posts.get_post(db, actor, post_id)
    review = latest_review(db, post.id)
    stages = review.stages if review else stage_dicts(db, choose_workflow(db, post))
    last_seen = last_seen_version(db, post, user_id=actor.user_id)
    return ReviewStatus(
        review_id=review.id if review else None, status=review.status if review else "",
        stage_name=current_stage(review)["name"] if review else "",
        stage_position=review.stage_position if review else 0, stage_count=len(stages),
        stages=[stage["name"] for stage in stages], may_decide=may_decide(db, actor, post),
        may_fast_track=may_fast_track(db, actor, post), may_submit=may_submit(db, actor, post),
        history=history(db, post), changes=changes_between(db, post, last_seen), last_seen_version=last_seen)


def mark_seen(db: Session, actor: Actor, post_id: int) -> None:
    """The actor has read the post's current version (its changes are shown from here on)."""
    post = posts.get_post(db, actor, post_id)
    seen(db, post, user_id=actor.user_id)


def last_seen_version(db: Session, post: Post, *, user_id: int | None = None, link_id: int | None = None) -> int | None:
    return db.exec(select(ReviewSeen.version).where(ReviewSeen.post_id == post.id, ReviewSeen.user_id == user_id,
                                                    ReviewSeen.link_id == link_id)).first()


# --- history ---------------------------------------------------------------------------------


def history(db: Session, post: Post) -> list[DecisionView]:
    """Every decision on the post, oldest first; an occurrence of a series also shows the decisions on
    its model post's approval it carries."""
    review_ids = list(db.exec(select(PostReview.id).where(PostReview.post_id == post.id)))
    carried = [r for r in db.exec(select(PostReview.carried_from_review_id).where(
        PostReview.post_id == post.id, PostReview.carried_from_review_id != None))]
    rows = db.exec(select(ApprovalDecision).where(ApprovalDecision.review_id.in_(review_ids + carried))
                   .order_by(ApprovalDecision.created_at, ApprovalDecision.id)).all()
    names = {u.id: u.full_name or u.email for u in db.exec(select(User).where(
        User.id.in_({row.user_id for row in rows if row.user_id})))}
    return [DecisionView(row.created_at, _who(row, names), row.decision, row.stage_name, row.feedback,
                         row.post_version) for row in rows]


def _who(row: ApprovalDecision, names: dict[int, str]) -> str:
    if row.user_id is None:
        return f"{row.reviewer_name} ({row.reviewer_email}, review link)"
    return names.get(row.user_id, "A former member")


# --- changes since last seen -----------------------------------------------------------------


def changes_between(db: Session, post: Post, since: int | None) -> list[DiffPart]:
    """Word by word, from version `since` to the current one: the shared text, then each network's own
    words and the title, labelled. Nothing when the viewer never saw it or saw this very version."""
    if since is None or since >= post.version:
        return []
    versions = {v.number: v for v in db.exec(select(PostVersion).where(PostVersion.post_id == post.id,
                                                                       PostVersion.number.in_((since, post.version))))}
    if since not in versions or post.version not in versions:
        return []
    return word_diff(_words(versions[since]), _words(versions[post.version]))


def _words(version: PostVersion) -> list[str]:
    words = version.text.split()
    if version.title:
        words += ["[Title]", *version.title.split()]
    for network in sorted(version.overrides):
        words += [f"[{LABELS.get(network, network)}]", *version.overrides[network].split()]
    return words


def word_diff(old: list[str], new: list[str]) -> list[DiffPart]:
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", " ".join(new[j1:j2])))
    return parts

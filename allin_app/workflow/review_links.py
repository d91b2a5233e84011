"""Review links: a signed, expiring link for a reviewer without an AllIN seat. It shows exactly the posts
sent with it and lets its reviewer approve, reject or request changes on each post's current stage,
recorded under their name and email.

The token (256 random bits) exists only in the URL mailed to the reviewer; the database keeps its
SHA-256, so a leaked database opens no review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.auth.service import validate_email_address
from allin_app.content import service as posts
from allin_app.content.media_store import public_url
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import new_token, token_digest
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Permission, Scope, Target, allows, scope_for
from allin_app.orgs.models import Organization
from allin_app.workflow.approval_models import ReviewLink
from allin_app.workflow.approval_status import DecisionView, DiffPart, changes_between, history, last_seen_version
from allin_app.workflow.approvals import DECISIONS
from allin_app.workflow.review_rounds import (
    IN_REVIEW,
    Reviewer,
    apply_decision,
    current_stage,
    may_decide,
    pending_review,
    seen,
)

INVALID = "This review link is not valid or has expired."
MAX_DAYS, MAX_POSTS = 30, 50
ORG_WIDE = (Scope.org, Scope.agency_clients, Scope.all)


@dataclass
class LinkPost:
    post_id: int
    texts: dict[str, str]  # network -> the words it gets
    networks: list[str]
    media: list[str]  # signed URLs, valid for an hour
    stage_name: str
    status: str  # the post's: in_review, held, approved, rejected, ...
    title: str = ""
    link: str = ""
    history: list[DecisionView] = field(default_factory=list)
    changes: list[DiffPart] = field(default_factory=list)  # since this link last decided on it
    decidable: bool = False  # still in review: the reviewer may decide it


@dataclass
class LinkView:
    reviewer_name: str
    reviewer_email: str
    org_name: str
    expires_at: datetime
    posts: list[LinkPost]


def may_send_links(db: Session, actor: Actor, post: Post) -> bool:
    """Whoever may decide the post's current stage, or approves content organization-wide."""
    org_wide = scope_for(actor.role, Permission.approve_content) in ORG_WIDE
    return may_decide(db, actor, post) or (org_wide and allows(actor, Permission.approve_content,
                                                               Target(org_id=post.org_id)))


def create_review_link(db: Session, actor: Actor, post_ids: Iterable[int], reviewer_name: str, reviewer_email: str,
                       days: int = 7) -> tuple[ReviewLink, str]:
    """A link carrying these posts (all in review), mailed to the reviewer; answers it and its URL path
    (the only place the token appears)."""
    name = " ".join(reviewer_name.split())
    if not 1 <= len(name) <= 120:
        raise ValidationFailed("reviewer_name", "Enter the reviewer's name (at most 120 characters).")
    try:
        email = validate_email_address(reviewer_email)
    except ValidationFailed:
        raise ValidationFailed("reviewer_email", "Enter the reviewer's email address, like name@example.com.") from None
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed("days", f"A review link lasts 1 to {MAX_DAYS} days.")
    ids = list(dict.fromkeys(post_ids))
    if not 1 <= len(ids) <= MAX_POSTS:
        raise ValidationFailed("post_ids", f"Send 1 to {MAX_POSTS} posts with a link.")
    batch = [posts.get_post(db, actor, post_id) for post_id in ids]
    for post in batch:
        if post.status not in IN_REVIEW or pending_review(db, post.id) is None:
            raise Conflict("Only posts in review can be sent for review; this one is "
                           f"{PostStatus(post.status).label.lower()}.")
        if not may_send_links(db, actor, post):
            raise PermissionDenied("You may not send this post for review.")
    token = new_token(32)
    link = ReviewLink(org_id=actor.org_id, token_hash=token_digest(token), post_ids=ids, reviewer_name=name,
                      reviewer_email=email, created_by_user_id=actor.user_id, expires_at=utcnow() + timedelta(days=days))
    db.add(link)
    db.flush()
    path = f"/review/{token}"
    _mail(db, actor, link, path)
    record_audit(db, "review_link.created", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"review_link:{link.id}", detail=f"to {email}, posts {', '.join(map(str, ids))}")
    return link, path


def _mail(db: Session, actor: Actor, link: ReviewLink, path: str) -> None:
    org = db.get(Organization, link.org_id)
    sender = db.get(User, actor.user_id)
    count = len(link.post_ids)
    what = "a post" if count == 1 else f"{count} posts"
    body = (f"Hello {link.reviewer_name},\n\n{sender.full_name or sender.email} of {org.name} asks you to review "
            f"{what} before it goes out. Open this link to read, approve, reject or ask for changes:\n\n"
            f"{settings.base_url}{path}\n\nThe link works until {as_utc(link.expires_at):%d %b %Y %H:%M} UTC. "
            "Keep it to yourself: whoever has it may decide in your name.")
    send_mail(db, link.reviewer_email, f"{org.name}: please review {what}", body)


def live_link(db: Session, token: str) -> ReviewLink:
    """The link behind a token, if it is still valid (comments by link use it too)."""
    link = db.exec(select(ReviewLink).where(ReviewLink.token_hash == token_digest(token or ""))).first() \
        if token else None
    if link is None or link.revoked_at is not None or as_utc(link.expires_at) <= utcnow():
        raise NotFound(INVALID)
    return link


def _carried(db: Session, link: ReviewLink) -> list[Post]:
    found = [db.get(Post, post_id) for post_id in link.post_ids]
    return [post for post in found if post is not None and post.org_id == link.org_id and post.deleted_at is None]


def carried_post(db: Session, link: ReviewLink, post_id: int) -> Post:
    """One of the posts sent with the link; any other answers not found."""
    post = next((p for p in _carried(db, link) if p.id == post_id), None)
    if post is None:
        raise NotFound("This post is not part of this review.")
    return post


def open_review_link(db: Session, token: str) -> LinkView:
    """What the link's reviewer sees: exactly the posts sent with it, as each network gets them."""
    link = live_link(db, token)
    org = db.get(Organization, link.org_id)
    return LinkView(link.reviewer_name, link.reviewer_email, org.name, as_utc(link.expires_at),
                    [_link_post(db, link, post) for post in _carried(db, link)])


def _link_post(db: Session, link: ReviewLink, post: Post) -> LinkPost:
    networks = list(dict.fromkeys(t.network for t in posts.targets_of(db, post)))
    review = pending_review(db, post.id)
    media = [public_url(asset.id) for asset in posts.media_of(db, post) if asset.kind != "pdf"]
    return LinkPost(post.id, {network: posts.text_for(post, network) for network in networks}, networks, media,
                    current_stage(review)["name"] if review else "", post.status, post.title, post.link,
                    history(db, post), changes_between(db, post, last_seen_version(db, post, link_id=link.id)),
                    review is not None and post.status in IN_REVIEW)


def decide_by_link(db: Session, token: str, post_id: int, decision: str, feedback: str = "") -> None:
    """The link's reviewer decides a post's current stage, in their name."""
    link = live_link(db, token)
    if decision not in DECISIONS:
        raise ValidationFailed("decision", "Approve, reject or request changes.")
    if decision != "approve" and not feedback.strip():
        raise ValidationFailed("feedback", "Say why, so the author knows what to change.")
    post = carried_post(db, link, post_id)
    review = pending_review(db, post.id)
    if review is None or post.status not in IN_REVIEW:
        raise Conflict(f"This post is no longer in review; it is {PostStatus(post.status).label.lower()}.")
    who = Reviewer(user_id=None, name=link.reviewer_name, email=link.reviewer_email, link_id=link.id)
    apply_decision(db, post, review, DECISIONS[decision], feedback[:4000], who)


def mark_seen_by_link(db: Session, token: str, post_id: int) -> None:
    link = live_link(db, token)
    seen(db, carried_post(db, link, post_id), link_id=link.id)


def list_review_links(db: Session, actor: Actor, post_id: int) -> list[ReviewLink]:
    """The links that carry this post, newest first."""
    post = posts.get_post(db, actor, post_id)
    if not allows(actor, Permission.approve_content, posts.target_of(post)):
        raise PermissionDenied("You are not allowed to see this post's review links.")
    links = db.exec(select(ReviewLink).where(ReviewLink.org_id == post.org_id).order_by(ReviewLink.id.desc()))
    return [link for link in links if post.id in link.post_ids]


def revoke_review_link(db: Session, actor: Actor, link_id: int) -> ReviewLink:
    link = db.get(ReviewLink, link_id)
    if link is None or link.org_id != actor.org_id:
        raise NotFound("Review link not found.")
    if link.created_by_user_id != actor.user_id and not (
            scope_for(actor.role, Permission.approve_content) in ORG_WIDE
            and allows(actor, Permission.approve_content, Target(org_id=link.org_id))):
        raise PermissionDenied("You may not revoke this review link.")
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        record_audit(db, "review_link.revoked", actor_user_id=actor.user_id, org_id=actor.org_id,
                     target=f"review_link:{link.id}", detail=link.reviewer_email)
    return link

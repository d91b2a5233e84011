"""Comments on posts: threads with replies, @mentions that notify, resolved or open.

Whoever may see a post may comment on it (content.service.get_post decides: a team member only on
posts assigned to them). "@First Last" or "@email-local-part" mentions one of the people who may see
the post; a mention of anyone else is plain text and tells nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, scope_for
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Membership, Organization
from allin_app.workflow import review_links
from allin_app.workflow.comment_models import CommentMention, PostComment
from allin_app.workflow.notifications import notify

MAX_BODY = 5000
MANAGING_SCOPES = (Scope.all, Scope.agency_clients, Scope.org)  # who answers for every post of the org
_MENTION_START = re.compile(r"(?<![\w@.])@")  # not the @ inside an email address


@dataclass(frozen=True)
class Person:
    """Someone who may see a post, as a mention names them."""

    user_id: int
    name: str
    handle: str  # the local part of their email: "@handle" mentions them too


@dataclass
class CommentView:
    id: int
    post_id: int
    parent_id: int | None
    author_user_id: int | None
    author_name: str
    author_email: str  # only for a reviewer who came through a review link
    body: str
    mentions: list[Person]
    created_at: datetime
    edited_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str
    deleted: bool  # a deleted first comment still holds its thread's replies
    can_edit: bool
    can_delete: bool
    can_resolve: bool
    replies: list[CommentView] = field(default_factory=list)


# --- mentions --------------------------------------------------------------------------------


def _name_of(user: User) -> str:
    return " ".join(user.full_name.split()) or user.email.split("@")[0]


def person(user: User) -> Person:
    return Person(user.id, _name_of(user), user.email.split("@")[0])


def mention_spans(body: str, people: Iterable[Person]) -> list[tuple[int, int, Person]]:
    """Where `body` mentions one of `people`: (start of the @, end, who). At each @ the longest
    name or handle that matches wins, so "@Ann Lee" is Ann Lee even when someone's handle is "ann"."""
    keys = sorted({(key, p) for p in people for key in (p.name, p.handle) if key}, key=lambda kp: -len(kp[0]))
    spans = []
    for at in _MENTION_START.finditer(body):
        start = at.end()
        for key, who in keys:
            end = start + len(key)
            if body[start:end].casefold() == key.casefold() and not (end < len(body) and _is_word(body[end])):
                spans.append((at.start(), end, who))
                break
    return spans


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_mentions(body: str, people: Iterable[Person]) -> list[Person]:
    return list({who.user_id: who for _start, _end, who in mention_spans(body, people)}.values())


def split_mentions(body: str, people: Iterable[Person]) -> list[tuple[str, str]]:
    """The body as ("text" | "mention", words) pieces, for showing mentions highlighted."""
    pieces, at = [], 0
    for start, end, _who in mention_spans(body, people):
        if start > at:
            pieces.append(("text", body[at:start]))
        pieces.append(("mention", body[start:end]))
        at = end
    if at < len(body):
        pieces.append(("text", body[at:]))
    return pieces


def people_who_see(db: Session, post: Post) -> list[Person]:
    """Everyone who may open this post: its organization's people (and its agency's, where they work
    in it), each checked with the same rule that answers their own requests."""
    org = db.get(Organization, post.org_id)
    org_ids = [org.id] + ([org.parent_id] if org.parent_id else [])
    member_ids = set(db.exec(select(Membership.user_id).where(Membership.org_id.in_(org_ids))))
    users = db.exec(select(User).where(User.id.in_(member_ids), User.is_active == True)
                    .order_by(User.full_name, User.email)) if member_ids else []
    return [person(user) for user in users if _sees(db, user, post)]


def _sees(db: Session, user: User, post: Post) -> bool:
    try:
        posts.get_post(db, orgs.actor_for(db, user, post.org_id), post.id)
    except (NotFound, PermissionDenied):
        return False
    return True


def mention_candidates(db: Session, actor: Actor, post_id: int) -> list[Person]:
    """Whom the actor may @mention on this post: the others who may see it."""
    post = posts.get_post(db, actor, post_id)
    return [p for p in people_who_see(db, post) if p.user_id != actor.user_id]


# --- reading ---------------------------------------------------------------------------------


def list_comments(db: Session, actor: Actor, post_id: int) -> list[CommentView]:
    """The post's threads, oldest first, each with its replies oldest first; resolved ones too."""
    return _threads(db, posts.get_post(db, actor, post_id), actor)


def _threads(db: Session, post: Post, actor: Actor | None) -> list[CommentView]:
    rows = list(db.exec(select(PostComment).where(PostComment.post_id == post.id)
                        .order_by(PostComment.created_at, PostComment.id)))
    names = _names(db, {r.author_user_id for r in rows} | {r.resolved_by_user_id for r in rows})
    mentioned = _mentions_of(db, [r.id for r in rows])
    threads = {r.id: _view(r, post, actor, names, mentioned) for r in rows if r.parent_id is None}
    for reply in (r for r in rows if r.parent_id is not None and r.deleted_at is None):
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(_view(reply, post, actor, names, mentioned))
    return [t for t in threads.values() if not t.deleted or t.replies]


def comment_view(db: Session, actor: Actor, comment: PostComment) -> CommentView:
    """One comment as the actor sees it (without its replies)."""
    post = posts.get_post(db, actor, comment.post_id)
    names = _names(db, {comment.author_user_id, comment.resolved_by_user_id})
    return _view(comment, post, actor, names, _mentions_of(db, [comment.id]))


def _names(db: Session, user_ids: set[int | None]) -> dict[int, User]:
    wanted = {i for i in user_ids if i is not None}
    return {u.id: u for u in db.exec(select(User).where(User.id.in_(wanted)))} if wanted else {}


def _mentions_of(db: Session, comment_ids: list[int]) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = {}
    if not comment_ids:
        return found
    rows = db.exec(select(CommentMention.comment_id, User).join(User, User.id == CommentMention.user_id)
                   .where(CommentMention.comment_id.in_(comment_ids)))
    for comment_id, user in rows:
        found.setdefault(comment_id, []).append(person(user))
    return found


def _view(row: PostComment, post: Post, actor: Actor | None, users: dict[int, User],
          mentioned: dict[int, list[Person]]) -> CommentView:
    author = users.get(row.author_user_id) if row.author_user_id else None
    resolver = users.get(row.resolved_by_user_id) if row.resolved_by_user_id else None
    deleted = row.deleted_at is not None
    return CommentView(
        id=row.id, post_id=row.post_id, parent_id=row.parent_id, author_user_id=row.author_user_id,
        author_name=_name_of(author) if author else row.author_name,
        author_email="" if row.author_user_id else row.author_email,
        body="" if deleted else row.body, mentions=[] if deleted else mentioned.get(row.id, []),
        created_at=row.created_at, edited_at=row.edited_at, resolved_at=row.resolved_at,
        resolved_by=_name_of(resolver) if resolver else "", deleted=deleted,
        can_edit=actor is not None and not deleted and _is_own(actor, row),
        can_delete=actor is not None and not deleted and _may_delete(actor, row),
        can_resolve=actor is not None and row.parent_id is None and _may_resolve(actor, post, row))


# --- who may do what -------------------------------------------------------------------------


def _is_own(actor: Actor, comment: PostComment) -> bool:
    return comment.author_user_id is not None and comment.author_user_id == actor.user_id


def _is_manager(actor: Actor) -> bool:
    return scope_for(actor.role, Permission.edit_content) in MANAGING_SCOPES


def _may_delete(actor: Actor, comment: PostComment) -> bool:
    return _is_own(actor, comment) or _is_manager(actor)


def _may_resolve(actor: Actor, post: Post, root: PostComment) -> bool:
    return post.author_user_id == actor.user_id or _is_manager(actor) or _is_own(actor, root)


def _comment(db: Session, actor: Actor, comment_id: int, *, deleted_too: bool = False) -> tuple[PostComment, Post]:
    """The comment and its post, when the actor may see that post; else NotFound."""
    comment = db.get(PostComment, comment_id)
    if comment is None or (comment.deleted_at is not None and not deleted_too):
        raise NotFound("Comment not found.")
    try:
        return comment, posts.get_post(db, actor, comment.post_id)
    except NotFound:
        raise NotFound("Comment not found.") from None


# --- writing ---------------------------------------------------------------------------------


def clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationFailed("body", "Write a comment first.")
    if len(text) > MAX_BODY:
        raise ValidationFailed("body", f"A comment can hold at most {MAX_BODY:,} characters; this one has "
                                       f"{len(text):,}.")
    return text


def add_comment(db: Session, actor: Actor, post_id: int, body: str, parent_id: int | None = None) -> PostComment:
    """A new thread, or a reply (a reply to a reply joins the same thread)."""
    post = posts.get_post(db, actor, post_id)
    text = clean_body(body)
    root = thread_root(db, post, parent_id) if parent_id is not None else None
    author = db.get(User, actor.user_id)
    comment = PostComment(org_id=post.org_id, post_id=post.id, parent_id=root.id if root else None,
                          author_user_id=actor.user_id, author_name=_name_of(author), body=text)
    db.add(comment)
    db.flush()
    announce(db, post, comment, root)
    _record(db, "comment.added", post, actor.user_id, text)
    return comment


def add_link_comment(db: Session, token: str, post_id: int, body: str, parent_id: int | None = None) -> PostComment:
    """A reviewer without a seat comments through their review link, under their name and email, on
    one of the posts the link carries."""
    link = review_links.live_link(db, token)
    post = review_links.carried_post(db, link, post_id)
    text = clean_body(body)
    root = thread_root(db, post, parent_id) if parent_id is not None else None
    comment = PostComment(org_id=post.org_id, post_id=post.id, parent_id=root.id if root else None,
                          author_name=link.reviewer_name, author_email=link.reviewer_email, body=text)
    db.add(comment)
    db.flush()
    announce(db, post, comment, root)
    _record(db, "comment.added", post, None, text, reviewer=f"{link.reviewer_name} <{link.reviewer_email}>")
    return comment


def list_link_comments(db: Session, token: str, post_id: int) -> list[CommentView]:
    """The threads of a post as its review link's reviewer reads them (they may reply, nothing more)."""
    link = review_links.live_link(db, token)
    return _threads(db, review_links.carried_post(db, link, post_id), None)


def thread_root(db: Session, post: Post, parent_id: int) -> PostComment:
    parent = db.get(PostComment, parent_id)
    if parent is None or parent.post_id != post.id or parent.deleted_at is not None:
        raise NotFound("The comment you are replying to is not there any more.")
    return db.get(PostComment, parent.parent_id) if parent.parent_id else parent


def edit_comment(db: Session, actor: Actor, comment_id: int, body: str) -> PostComment:
    """Authors edit their own words; someone newly mentioned hears about it."""
    comment, post = _comment(db, actor, comment_id)
    if not _is_own(actor, comment):
        raise PermissionDenied("You can only edit your own comments.")
    text = clean_body(body)
    if text != comment.body:
        comment.body, comment.edited_at = text, utcnow()
        audience = people_who_see(db, post)
        newly = _sync_mentions(db, comment, audience)
        _tell_mentioned(db, post, comment, newly)
    return comment


def delete_comment(db: Session, actor: Actor, comment_id: int) -> None:
    """Authors delete their own comments, managers anyone's. A deleted first comment keeps its
    thread's replies readable."""
    comment, post = _comment(db, actor, comment_id)
    if not _may_delete(actor, comment):
        raise PermissionDenied("You can only delete your own comments.")
    comment.deleted_at = utcnow()
    _record(db, "comment.deleted", post, actor.user_id, comment.body)


def set_resolved(db: Session, actor: Actor, comment_id: int, resolved: bool) -> PostComment:
    """Resolve or reopen a thread: the post's author, a manager, or whoever started the thread."""
    comment, post = _comment(db, actor, comment_id, deleted_too=True)
    if comment.parent_id is not None:
        raise Conflict("Replies are resolved with their thread: resolve the thread's first comment.")
    if not _may_resolve(actor, post, comment):
        raise PermissionDenied("Only the post's author, a manager or whoever started the thread can resolve it.")
    if resolved and comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by_user_id = utcnow(), actor.user_id
        _record(db, "comment.resolved", post, actor.user_id, comment.body)
    elif not resolved and comment.resolved_at is not None:
        comment.resolved_at = comment.resolved_by_user_id = None
        _record(db, "comment.reopened", post, actor.user_id, comment.body)
    return comment


def _record(db: Session, action: str, post: Post, user_id: int | None, words: str, reviewer: str = "") -> None:
    """For the team's activity feed (comments are collaboration there, not security). A review link's
    reviewer is named in the detail, as the feed reads it: "Name <email> by review link: …"."""
    flat = " ".join(words.split())[:200]
    record_audit(db, action, actor_user_id=user_id, org_id=post.org_id, target=f"post:{post.id}",
                 detail=f"{reviewer} by review link: {flat}" if reviewer else flat,
                 actor_type="review_link" if reviewer else "user")


# --- telling people --------------------------------------------------------------------------


def link_to(post: Post) -> str:
    """Where a notification about the post's comments opens it: its review while in review."""
    return f"/approvals?post={post.id}" if post.status == PostStatus.in_review else f"/create?post={post.id}"


def _excerpt(post: Post) -> str:
    words = " ".join((post.title or post.text).split())
    return (words[:60] + "…") if len(words) > 60 else (words or f"post #{post.id}")


def announce(db: Session, post: Post, comment: PostComment, root: PostComment | None) -> None:
    """After a comment is written: the people it mentions, then the post's author (a new thread) or
    the thread's other participants (a reply). Nobody hears twice, the commenter never."""
    audience = people_who_see(db, post)
    mentioned = _sync_mentions(db, comment, audience)
    _tell_mentioned(db, post, comment, mentioned)
    told = {comment.author_user_id} | {p.user_id for p in mentioned}
    sees = {p.user_id for p in audience}
    if root is None:
        wanted, kind, verb = [post.author_user_id], "comment", "commented on"
    else:
        wanted, kind, verb = participants(db, root), "comment_reply", "replied on"
    others = [user_id for user_id in wanted if user_id in sees and user_id not in told]
    if others:
        notify(db, post.org_id, others, "comments", kind, f"{comment.author_name} {verb} “{_excerpt(post)}”",
               comment.body, link_to(post))


def participants(db: Session, root: PostComment) -> list[int]:
    """Who wrote in a thread (people with a seat; link reviewers have no bell)."""
    replies = db.exec(select(PostComment.author_user_id).where(PostComment.parent_id == root.id,
                                                               PostComment.deleted_at == None)
                      .order_by(PostComment.created_at))
    authors = [root.author_user_id] if root.deleted_at is None else []
    return [user_id for user_id in dict.fromkeys([*authors, *replies]) if user_id is not None]


def _sync_mentions(db: Session, comment: PostComment, audience: list[Person]) -> list[Person]:
    """Record whom the comment mentions now; returns the people it did not mention before."""
    now = {p.user_id: p for p in find_mentions(comment.body, audience)}
    before = {row.user_id: row for row in db.exec(select(CommentMention)
                                                  .where(CommentMention.comment_id == comment.id))}
    for user_id, row in before.items():
        if user_id not in now:
            db.delete(row)
    newly = [p for user_id, p in now.items() if user_id not in before]
    db.add_all([CommentMention(comment_id=comment.id, user_id=p.user_id) for p in newly])
    return newly


def _tell_mentioned(db: Session, post: Post, comment: PostComment, mentioned: list[Person]) -> None:
    others = [p.user_id for p in mentioned if p.user_id != comment.author_user_id]
    if others:
        notify(db, post.org_id, others, "mentions", "mention",
               f"{comment.author_name} mentioned you on “{_excerpt(post)}”", comment.body, link_to(post))

"""Reflex state of /review/<token>, the public page of a review link.

The token is read from the address on every action and the link is opened again through the service,
so an expired or revoked link stops working at once; no state var holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.content import preview
from allin_app.content.campaigns import org_zone
from allin_app.content.composer_view import DiffPart
from allin_app.content.models import Post, PostStatus
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError
from allin_app.workflow import comments, review_links
from allin_app.workflow.approval_status import last_seen_version
from allin_app.workflow.review_rows import (
    HistoryRow,
    diff_rows,
    history_rows,
    stamp,
    text_previews,
)

DECISIONS = {"approve": ("Approve", False), "reject": ("Reject", True), "request_changes": ("Request changes", True)}


@dataclass
class LinkCommentRow:
    who: str
    when: str
    body: str
    reply: bool


def comment_rows(threads, zone: ZoneInfo) -> list[LinkCommentRow]:
    """The post's threads, oldest first, each followed by its replies."""
    rows = []
    for thread in threads:
        for view in (thread, *thread.replies):
            body = "This comment was deleted." if view.deleted else view.body
            rows.append(LinkCommentRow(view.author_name, stamp(view.created_at, zone), body, view is not thread))
    return rows


@dataclass
class LinkPostRow:
    post_id: int = 0
    stage: str = ""
    status: str = ""
    status_label: str = ""
    in_review: bool = False
    first_look: bool = True
    changed: bool = False
    previews: list[preview.NetworkPreview] = field(default_factory=list)
    changes: list[DiffPart] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    comments: list[LinkCommentRow] = field(default_factory=list)


def post_status_label(status: str) -> str:
    """The post's status as its reviewer reads it (a post sent back for changes is a draft again)."""
    return "Sent back for changes" if status == PostStatus.draft else PostStatus(status).label


def _row(item, seen_version: int | None, org_name: str, zone: ZoneInfo) -> LinkPostRow:
    changes = diff_rows(item.changes)
    return LinkPostRow(
        post_id=item.post_id, stage=item.stage_name, status=item.status, status_label=post_status_label(item.status),
        in_review=item.decidable, first_look=seen_version is None, changed=any(p.kind != "same" for p in changes),
        previews=text_previews(dict(item.texts), org_name, list(item.media), item.title, item.link),
        changes=changes, history=history_rows(item.history, zone))


class ReviewLinkState(rx.State):
    loaded: bool = False
    invalid: str = ""  # why the link cannot be used; empty when it can
    org_name: str = ""
    reviewer_name: str = ""
    expires: str = ""
    posts: list[LinkPostRow] = []
    dialog: str = ""
    dialog_post: int = 0
    dialog_error: str = ""

    def _token(self) -> str:
        path = str(self.router.url.path or "").rstrip("/")
        return path.rsplit("/", 1)[-1] if path.startswith("/review/") else ""

    def _read(self, db: Session) -> None:
        """Open the link (NotFound when it is bad, expired or revoked) and show what it carries. What changed
        is what the reviewer found on opening the page: acting on one post does not clear it from the others."""
        token = self._token()
        view, link = review_links.open_review_link(db, token), review_links.live_link(db, token)
        zone = org_zone(db, link.org_id)
        self.org_name, self.reviewer_name = view.org_name, view.reviewer_name
        self.expires = stamp(view.expires_at, zone)
        before = {row.post_id: row for row in self.posts}
        rows = []
        for item in view.posts:
            row = _row(item, last_seen_version(db, db.get(Post, item.post_id), link_id=link.id), view.org_name, zone)
            row.comments = comment_rows(comments.list_link_comments(db, token, item.post_id), zone)
            if item.post_id in before:
                row.changes, row.changed, row.first_look = (before[item.post_id].changes,
                                                            before[item.post_id].changed,
                                                            before[item.post_id].first_look)
            else:
                review_links.mark_seen_by_link(db, token, item.post_id)
            rows.append(row)
        self.posts = rows

    def _run(self, action=None) -> str:
        """Do `action(db, token)` (if any) and re-read the link in one transaction; answers an error or ""."""
        try:
            with session_scope() as db:
                if action is not None:
                    action(db, self._token())
                    db.flush()
                self._read(db)
        except DomainError as exc:
            return exc.message
        return ""

    @rx.event
    def open_page(self):
        self.loaded, self.dialog, self.posts = False, "", []
        self.invalid = self._run()
        if self.invalid:
            self.posts, self.org_name, self.reviewer_name = [], "", ""
        self.loaded = True

    @rx.event
    def ask(self, kind: str, post_id: int):
        if kind in DECISIONS:
            self.dialog, self.dialog_post, self.dialog_error = kind, post_id, ""

    @rx.event
    def close_dialog(self, _open: bool = False):
        self.dialog, self.dialog_error = "", ""

    @rx.event
    def send(self, form: dict):
        kind, post_id, words = self.dialog, self.dialog_post, str(form.get("feedback", "")).strip()
        if kind not in DECISIONS:
            return None
        if DECISIONS[kind][1] and not words:
            self.dialog_error = "Feedback is required: say what to change and why, so the team knows."
            return None
        error = self._run(lambda db, token: review_links.decide_by_link(db, token, post_id, kind, words))
        if error:
            self.dialog_error = error
            return None
        self.dialog = ""
        return rx.toast.success({"approve": "Approved. Thank you!", "reject": "Rejected; the team hears why.",
                                 "request_changes": "Sent back with your feedback."}[kind])

    @rx.event
    def comment(self, form: dict):
        """A comment on one of the link's posts (the service refuses any other post)."""
        post_id = int(form["post_id"]) if str(form.get("post_id", "")).isdigit() else 0
        body = str(form.get("body", "")).strip()
        if not body:
            return rx.toast.error("Write a comment first.")
        error = self._run(lambda db, token: comments.add_link_comment(db, token, post_id, body))
        if error:
            return rx.toast.error(error)
        clear = f"(e=>{{if(e)e.value='';}})(document.getElementById('link-comment-{post_id}'))"
        return [rx.call_script(clear), rx.toast.success("Comment sent to the team.")]

    @rx.var
    def dialog_button(self) -> str:
        return DECISIONS[self.dialog][0] if self.dialog in DECISIONS else ""

"""Reflex state of /approvals: the queue of posts awaiting the signed-in reviewer, one opened post
with its previews, stage, changes and history, the decisions, and the posts this reviewer decided on.

Every handler goes through the approvals service as the signed-in actor; a post id from the browser
is only ever a question the service answers (a post not sent to this reviewer is "not found").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.ai.insight_state import ReviewOutlookState
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import preview
from allin_app.content import service as posts
from allin_app.content.campaigns import org_zone
from allin_app.content.composer_view import DiffPart
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.rbac import Actor
from allin_app.workflow import approvals, review_links
from allin_app.workflow.comments_state import CommentsState
from allin_app.workflow.review_rows import (
    DecidedRow,
    HistoryRow,
    LinkRow,
    QueueRow,
    decided_rows,
    diff_rows,
    excerpt,
    history_rows,
    link_state,
    network_label,
    post_previews,
    stage_label,
    stamp,
    status_label,
    submitted,
)

DECISIONS = {  # dialog kind -> (title, button, whether words are required, what they are called)
    "approve": ("Approve this post", "Approve", False, "Feedback (optional)"),
    "reject": ("Reject this post", "Reject", True, "Feedback"),
    "request_changes": ("Request changes", "Request changes", True, "Feedback"),
    "fast_track": ("Fast-track this post", "Fast-track", True, "Reason"),
}
DONE = {"approve": "Approved.", "reject": "Rejected; the author hears why.",
        "request_changes": "Changes requested; the author hears what to change.",
        "fast_track": "Fast-tracked past the remaining stages."}


@dataclass
class OpenedPost:
    post_id: int = 0
    excerpt: str = ""
    status: str = ""
    status_label: str = ""
    stage: str = ""
    stages: list[str] = field(default_factory=list)
    submitted_by: str = ""
    submitted_at: str = ""
    first_look: bool = True
    changed: bool = False  # any word added or removed since the last look
    fast_tracked: bool = False
    may_decide: bool = False
    may_fast_track: bool = False
    version: int = 0
    previews: list[preview.NetworkPreview] = field(default_factory=list)
    changes: list[DiffPart] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)


def _zone(db: Session, actor: Actor) -> ZoneInfo:
    return org_zone(db, actor.org_id)


def _queue(db: Session, actor: Actor) -> list[QueueRow]:
    zone, rows = _zone(db, actor), []
    for post in approvals.awaiting_me(db, actor):
        status = approvals.review_status(db, actor, post.id)
        who, when = submitted(status.history)
        networks = list(dict.fromkeys(network_label(t.network) for t in posts.targets_of(db, post)))
        rows.append(QueueRow(post.id, excerpt(post.text), networks,
                             stage_label(status.stage_position, status.stage_count, status.stage_name),
                             who, stamp(when, zone)))
    return rows


def _opened(db: Session, actor: Actor, post_id: int) -> OpenedPost:
    """The post as its reviewer sees it now; then it counts as seen (the next look diffs from here)."""
    status = approvals.review_status(db, actor, post_id)  # NotFound for a post not sent to this actor
    post = posts.get_post(db, actor, post_id)
    zone = _zone(db, actor)
    who, when = submitted(status.history)
    rounds = [i for i, d in enumerate(status.history) if d.decision == "submitted"]
    since = status.history[rounds[-1]:] if rounds else status.history  # the current round's decisions
    opened = OpenedPost(
        post_id=post.id, excerpt=excerpt(post.text, 80), status=status.status, status_label=status_label(status.status),
        stage=stage_label(status.stage_position, status.stage_count, status.stage_name), stages=list(status.stages),
        submitted_by=who, submitted_at=stamp(when, zone), first_look=status.last_seen_version is None,
        fast_tracked=any(d.decision == "fast_tracked" for d in since), may_decide=status.may_decide,
        may_fast_track=status.may_fast_track, version=post.version, previews=post_previews(db, post),
        changes=diff_rows(status.changes), changed=any(p.kind != "same" for p in status.changes or ()),
        history=history_rows(status.history, zone))
    approvals.mark_seen(db, actor, post_id)
    return opened


class AwaitingCountState(rx.State):
    """The sidebar's badge: how many posts await the signed-in reviewer's decision."""

    count: int = 0

    @rx.event
    @requires_sign_in
    async def refresh(self):
        found, error = await act_as_signed_in(self, lambda db, actor: len(approvals.awaiting_me(db, actor)))
        self.count = 0 if error else found


class ApprovalsState(rx.State):
    tab: str = "queue"  # "queue" or "history"
    queue: list[QueueRow] = []
    selected: list[int] = []
    decided: list[DecidedRow] = []
    opened: OpenedPost = OpenedPost()
    error: str = ""
    loaded: bool = False
    dialog: str = ""  # a key of DECISIONS while its dialog is open
    dialog_error: str = ""
    busy: bool = False
    _dialog_posts: list[int] = []

    # --- loading ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def load(self):
        wanted = self.router.url.query_parameters.get("post", "")
        self.tab, self.selected, self.dialog, self.opened = "queue", [], "", OpenedPost()
        await self._reload()
        self.loaded = True
        if wanted.isdigit():
            return await self._open(int(wanted))
        return None

    async def _reload(self) -> None:
        rows, error = await act_as_signed_in(self, _queue)
        self.queue, self.error = rows or [], error.message if error else ""
        (await self.get_state(AwaitingCountState)).count = len(self.queue)
        waiting = {row.post_id for row in self.queue}
        self.selected = [post_id for post_id in self.selected if post_id in waiting]

    @rx.event
    @requires_sign_in
    async def show_tab(self, tab: str):
        self.tab = "history" if tab == "history" else "queue"
        if self.tab == "history":
            rows, error = await act_as_signed_in(self, lambda db, actor: decided_rows(db, actor, _zone(db, actor)))
            self.decided, self.error = rows or [], error.message if error else ""
        else:
            await self._reload()

    # --- one post -----------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def open_post(self, post_id: int):
        return await self._open(post_id)

    async def _open(self, post_id: int):
        opened, error = await act_as_signed_in(self, lambda db, actor: _opened(db, actor, post_id))
        if error:
            self.opened = OpenedPost()
            return rx.toast.error(error.message)
        self.opened, self.error = opened, ""
        return [rx.call_script(f"window.history.replaceState(null, '', '/approvals?post={post_id}')"),
                *self._companions(post_id)]

    def _companions(self, post_id: int) -> list:
        """The comments and review links beside the opened post load with it."""
        return [ReviewLinksState.load(post_id), CommentsState.load(post_id), ReviewOutlookState.load(post_id)]

    @rx.event
    def close_post(self):
        self.opened = OpenedPost()
        return rx.call_script("window.history.replaceState(null, '', '/approvals')")

    # --- selecting ----------------------------------------------------------------------
    @rx.event
    def toggle_row(self, post_id: int, checked: bool):
        others = [i for i in self.selected if i != post_id]
        self.selected = [*others, post_id] if checked else others

    @rx.event
    def toggle_all(self, checked: bool):
        self.selected = [row.post_id for row in self.queue] if checked else []

    # --- deciding -----------------------------------------------------------------------
    @rx.event
    def ask(self, kind: str):
        """Open the dialog for a decision on the opened post."""
        if kind not in DECISIONS or not self.opened.post_id:
            return
        self.dialog, self.dialog_error = kind, ""
        self._dialog_posts = [self.opened.post_id]

    @rx.event
    def close_dialog(self, _open: bool = False):
        self.dialog, self.dialog_error, self.busy = "", "", False

    @rx.event
    @requires_sign_in
    async def send(self, form: dict):
        kind, words, post_ids = self.dialog, str(form.get("feedback", "")).strip(), list(self._dialog_posts)
        if kind not in DECISIONS or not post_ids:
            return None
        if DECISIONS[kind][2] and not words:
            self.dialog_error = ("A reason is required: say why this post cannot wait for the review."
                                 if kind == "fast_track" else
                                 "Feedback is required: say what to change and why, so the author knows.")
            return None
        return await self._decide(kind, post_ids, words, close_dialog=True)

    @rx.event
    @requires_sign_in
    async def approve_selected(self):
        if not self.selected:
            return rx.toast.info("Select posts to approve first.")
        return await self._decide("approve", list(self.selected), "", close_dialog=False)

    async def _decide(self, kind: str, post_ids: list[int], words: str, *, close_dialog: bool):
        def act(db: Session, actor: Actor) -> int:
            if kind == "fast_track":
                return approvals.fast_track(db, actor, post_ids, words)
            return approvals.decide(db, actor, post_ids, kind, words)

        self.busy = True
        done, error = await act_as_signed_in(self, act)
        self.busy = False
        if error:
            if getattr(error, "field", "") in ("feedback", "reason"):
                self.dialog_error = error.message
                return None
            return rx.toast.error(error.message)
        if close_dialog:
            self.dialog = ""
        self.selected = [i for i in self.selected if i not in post_ids]
        await self._reload()
        toast = rx.toast.success(DONE[kind] if done == 1 else f"{done} posts: {DONE[kind].lower()}")
        if self.opened.post_id in post_ids:
            refreshed = await self._open(self.opened.post_id)
            return [toast, *(refreshed if isinstance(refreshed, list) else [refreshed])]
        return toast

    # --- what the page shows ------------------------------------------------------------
    @rx.var
    def dialog_title(self) -> str:
        return DECISIONS[self.dialog][0] if self.dialog in DECISIONS else ""

    @rx.var
    def dialog_button(self) -> str:
        return DECISIONS[self.dialog][1] if self.dialog in DECISIONS else ""

    @rx.var
    def dialog_label(self) -> str:
        return DECISIONS[self.dialog][3] if self.dialog in DECISIONS else ""

    @rx.var
    def all_selected(self) -> bool:
        return bool(self.queue) and len(self.selected) == len(self.queue)


def _links(db: Session, actor: Actor, post_id: int) -> list[LinkRow]:
    zone, now = _zone(db, actor), utcnow()
    return [LinkRow(link.id, link.reviewer_name, link.reviewer_email, stamp(link.expires_at, zone),
                    link_state(link.expires_at, link.revoked_at, now))
            for link in review_links.list_review_links(db, actor, post_id)]


class ReviewLinksState(rx.State):
    """"Send review link" beside the opened post: a link for a reviewer without a seat, and the post's links."""

    post_id: int = 0
    may_send: bool = False
    links: list[LinkRow] = []
    form_open: bool = False
    error: str = ""
    error_field: str = ""
    new_url: str = ""  # shown once to the sender, to copy; the service keeps only the token's hash

    @rx.event
    @requires_sign_in
    async def load(self, post_id: int):
        self.post_id, self.new_url, self.form_open = post_id, "", False
        rows, error = await act_as_signed_in(self, lambda db, actor: _links(db, actor, post_id))
        self.links, self.may_send = rows or [], error is None

    @rx.event
    def open_form(self):
        self.form_open, self.error, self.error_field, self.new_url = True, "", "", ""

    @rx.event
    def close_form(self, _open: bool = False):
        self.form_open = False

    @rx.event
    @requires_sign_in
    async def create(self, form: dict):
        name, email = str(form.get("reviewer_name", "")).strip(), str(form.get("reviewer_email", "")).strip()
        days_raw, post_id = str(form.get("days", "")).strip(), self.post_id
        if not days_raw.isdigit() or not 1 <= int(days_raw) <= 30:
            self.error, self.error_field = "Enter a number of days from 1 to 30.", "days"
            return None

        def send(db: Session, actor: Actor) -> tuple[str, list[LinkRow]]:
            _link, url_path = review_links.create_review_link(db, actor, [post_id], name, email, int(days_raw))
            db.flush()
            return url_path, _links(db, actor, post_id)

        made, error = await act_as_signed_in(self, send)
        if error:
            self.error, self.error_field = error.message, getattr(error, "field", "")
            return None
        url_path, self.links = made
        self.new_url, self.error, self.error_field = f"{settings.base_url}{url_path}", "", ""
        return rx.toast.success(f"Review link sent to {email}.")

    @rx.event
    @requires_sign_in
    async def revoke(self, link_id: int):
        post_id = self.post_id

        def revoke(db: Session, actor: Actor) -> list[LinkRow]:
            review_links.revoke_review_link(db, actor, link_id)
            db.flush()
            return _links(db, actor, post_id)

        rows, error = await act_as_signed_in(self, revoke)
        if error:
            return rx.toast.error(error.message)
        self.links = rows
        return rx.toast.success("Link revoked: it no longer opens.")

"""Reflex state of the comments panel (composer and approval view): a post's threads, writing,
replying, editing, resolving, and @mention suggestions while typing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.campaigns import org_zone
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor
from allin_app.workflow import comments
from allin_app.workflow.comments import CommentView

SUGGESTED = 6
# the "@word" or "@First Last" being typed at the end of a box
_TYPING_MENTION = re.compile(r"(?:^|(?<=\s))@([\w.'-]*(?: [\w.'-]*)?)$")


@dataclass
class Piece:
    kind: str  # "text" or "mention"
    text: str


@dataclass
class CommentRow:
    id: int
    author: str
    when: str
    edited: bool
    body: str
    pieces: list[Piece]
    deleted: bool
    can_edit: bool
    can_delete: bool


@dataclass
class ThreadRow:
    root: CommentRow
    replies: list[CommentRow]
    resolved: bool
    resolved_by: str
    can_resolve: bool


@dataclass
class Suggestion:
    name: str
    handle: str


def _row(view: CommentView, zone: ZoneInfo) -> CommentRow:
    pieces = [Piece(kind, text) for kind, text in comments.split_mentions(view.body, view.mentions)]
    return CommentRow(view.id, view.author_name, f"{as_utc(view.created_at).astimezone(zone):%d %b %H:%M}",
                      view.edited_at is not None, view.body, pieces, view.deleted, view.can_edit, view.can_delete)


def _thread(view: CommentView, zone: ZoneInfo) -> ThreadRow:
    return ThreadRow(_row(view, zone), [_row(reply, zone) for reply in view.replies], view.resolved_at is not None,
                     view.resolved_by, view.can_resolve)


def _post_id(value) -> int:
    """A post id as the browser sent it (anything at all): the services still check who may see it."""
    return int(value) if str(value).isdigit() else 0


def typed_mention(text: str) -> str | None:
    """What follows an @ being typed at the end of `text`, or None when no mention is being typed."""
    found = _TYPING_MENTION.search(text)
    return found.group(1) if found else None


def matching(candidates: list[dict[str, str]], query: str) -> list[Suggestion]:
    folded = query.casefold()
    hits = [c for c in candidates if c["handle"].casefold().startswith(folded)
            or c["name"].casefold().startswith(folded)
            or any(word.startswith(folded) for word in c["name"].casefold().split())]
    return [Suggestion(c["name"], c["handle"]) for c in hits[:SUGGESTED]]


class CommentsState(rx.State):
    post_id: int = 0
    open_threads: list[ThreadRow] = []
    resolved_threads: list[ThreadRow] = []
    show_resolved: bool = False
    draft: str = ""
    reply_to: int = 0  # the thread being answered
    reply_draft: str = ""
    editing: int = 0  # the comment being edited
    edit_draft: str = ""
    suggestions: list[Suggestion] = []
    suggest_for: str = ""  # which box the suggestions complete: "new", "reply" or "edit"
    _candidates: list[dict[str, str]] = []

    # --- loading ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def load(self, post_id: int):
        """Show this post's comments (0: none)."""
        return await self._load(post_id)

    @rx.event
    @requires_sign_in
    async def show(self, post_id: int):
        """Like load, unless this post is already shown (a panel mounting after its page loaded it)."""
        return await self._load(post_id) if _post_id(post_id) != self.post_id else None

    async def _load(self, post_id: int):
        self.post_id = _post_id(post_id)
        self.draft = self.reply_draft = self.edit_draft = self.suggest_for = ""
        self.reply_to = self.editing = 0
        self.suggestions, self.show_resolved = [], False
        return await self._reload(with_candidates=True)

    async def _reload(self, with_candidates: bool = False):
        post_id = self.post_id
        if not post_id:
            self.open_threads, self.resolved_threads, self._candidates = [], [], []
            return None

        def read(db: Session, actor: Actor):
            zone = org_zone(db, actor.org_id)
            threads = [_thread(view, zone) for view in comments.list_comments(db, actor, post_id)]
            people = comments.mention_candidates(db, actor, post_id) if with_candidates else None
            return threads, people

        found, error = await act_as_signed_in(self, read)
        if error:
            self.open_threads, self.resolved_threads = [], []
            return rx.toast.error(error.message)
        threads, people = found
        self.open_threads = [t for t in threads if not t.resolved]
        self.resolved_threads = [t for t in threads if t.resolved]
        if people is not None:
            self._candidates = [{"name": p.name, "handle": p.handle} for p in people]
        return None

    async def _act(self, action, success: str = ""):
        """Run a comment action for the signed-in caller, then show the threads as they now are."""
        _, error = await act_as_signed_in(self, action)
        if error:
            return rx.toast.error(error.message)
        await self._reload()
        return rx.toast.success(success) if success else None

    # --- writing ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def add(self, form: dict):
        post_id, body = self.post_id, str(form.get("body", ""))
        result = await self._act(lambda db, actor: comments.add_comment(db, actor, post_id, body))
        if result is None:
            self.draft, self.suggestions = "", []
        return result

    @rx.event
    def start_reply(self, thread_id: int):
        self.reply_to, self.reply_draft, self.editing = thread_id, "", 0

    @rx.event
    def cancel_reply(self):
        self.reply_to, self.reply_draft = 0, ""

    @rx.event
    @requires_sign_in
    async def reply(self, form: dict):
        post_id, thread_id, body = self.post_id, self.reply_to, str(form.get("body", ""))
        result = await self._act(lambda db, actor: comments.add_comment(db, actor, post_id, body, thread_id))
        if result is None:
            self.reply_to, self.reply_draft, self.suggestions = 0, "", []
        return result

    @rx.event
    def start_edit(self, comment_id: int, body: str):
        self.editing, self.edit_draft, self.reply_to = comment_id, body, 0

    @rx.event
    def cancel_edit(self):
        self.editing, self.edit_draft = 0, ""

    @rx.event
    @requires_sign_in
    async def save_edit(self, form: dict):
        comment_id, body = self.editing, str(form.get("body", ""))
        result = await self._act(lambda db, actor: comments.edit_comment(db, actor, comment_id, body))
        if result is None:
            self.editing, self.edit_draft, self.suggestions = 0, "", []
        return result

    @rx.event
    @requires_sign_in
    async def delete(self, comment_id: int):
        return await self._act(lambda db, actor: comments.delete_comment(db, actor, comment_id), "Comment deleted.")

    @rx.event
    @requires_sign_in
    async def resolve(self, comment_id: int, resolved: bool):
        return await self._act(lambda db, actor: comments.set_resolved(db, actor, comment_id, resolved),
                               "Thread resolved." if resolved else "Thread reopened.")

    @rx.event
    def toggle_resolved(self):
        self.show_resolved = not self.show_resolved

    # --- @mention suggestions -----------------------------------------------------------
    @rx.event
    def set_draft(self, value: str):
        self.draft = value
        self._suggest("new", value)

    @rx.event
    def set_reply_draft(self, value: str):
        self.reply_draft = value
        self._suggest("reply", value)

    @rx.event
    def set_edit_draft(self, value: str):
        self.edit_draft = value
        self._suggest("edit", value)

    def _suggest(self, box: str, text: str) -> None:
        query = typed_mention(text)
        self.suggestions = matching(self._candidates, query) if query is not None else []
        self.suggest_for = box if self.suggestions else ""

    @rx.event
    def mention(self, name: str):
        """Complete the @ being typed with this person's name."""
        box = {"new": "draft", "reply": "reply_draft", "edit": "edit_draft"}.get(self.suggest_for)
        if box is None:
            return
        text = getattr(self, box)
        found = _TYPING_MENTION.search(text)
        if found:
            setattr(self, box, f"{text[:found.start()]}@{name} ")
        self.suggestions, self.suggest_for = [], ""

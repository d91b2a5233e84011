"""Reflex state for assigning posts: the composer's "Assigned to" select of a saved post, and the content
library's bulk "Assign to" (which runs through the library's own bulk action, so its list refreshes)."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.models import User
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import service as posts
from allin_app.content.library_state import Choice, LibraryState
from allin_app.workflow import assignments

NOBODY = "none"  # a select item cannot have an empty value


def _choices(db, actor) -> list[Choice]:
    return [Choice(str(u.id), assignments.display_name(u)) for u in assignments.assignable_people(db, actor.org_id)]


class PostAssigneeState(rx.State):
    """The composer's select; mounted with the post's id once the draft is saved."""

    assignee: str = NOBODY
    assignee_name: str = ""
    choices: list[Choice] = []
    may_assign: bool = False
    _post_id: int = 0

    def _read(self, db, actor, post_id: int) -> None:
        post = posts.get_post(db, actor, post_id)
        self._post_id, self.may_assign = post.id, assignments.may_assign(actor, post)
        self.assignee = str(post.assignee_user_id) if post.assignee_user_id else NOBODY
        assignee = db.get(User, post.assignee_user_id) if post.assignee_user_id else None
        self.assignee_name = assignments.display_name(assignee)
        self.choices = _choices(db, actor) if self.may_assign else []

    @rx.event
    @requires_sign_in
    async def show(self, post_id: int):
        self.may_assign, self.choices, self.assignee, self.assignee_name = False, [], NOBODY, ""
        if isinstance(post_id, int) and post_id > 0:
            await act_as_signed_in(self, lambda db, actor: self._read(db, actor, post_id))

    @rx.event
    @requires_sign_in
    async def assign(self, value: str):
        if value != NOBODY and not value.isdigit():
            return None
        post_id, user_id = self._post_id, int(value) if value.isdigit() else None

        def assign(db, actor):
            assignments.assign_post(db, actor, post_id, user_id)
            self._read(db, actor, post_id)

        _, error = await act_as_signed_in(self, assign)
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(f"Assigned to {self.assignee_name}." if user_id else "No longer assigned.")


class LibraryAssignState(rx.State):
    """The content library's "Assign to" dialog for the selected posts."""

    available: bool = False
    dialog_open: bool = False
    to: str = ""
    choices: list[Choice] = []

    @rx.event
    @requires_sign_in
    async def load(self):
        def read(db, actor) -> list[Choice]:
            return _choices(db, actor) if assignments.may_assign_any(actor) else []

        found, error = await act_as_signed_in(self, read)
        self.choices, self.dialog_open = found or [], False
        self.available = error is None and bool(self.choices)

    @rx.event
    async def ask(self):
        library = await self.get_state(LibraryState)
        self.dialog_open, self.to = bool(library.selected), ""

    @rx.event
    def close(self, _open: bool = False):
        self.dialog_open = False

    @rx.event
    def set_to(self, value: str):
        self.to = value

    @rx.event
    @requires_sign_in
    async def assign(self):
        if self.to != NOBODY and not self.to.isdigit():
            return
        user_id = int(self.to) if self.to.isdigit() else None
        name = next((c.label for c in self.choices if c.value == self.to), "")
        self.dialog_open = False
        library = await self.get_state(LibraryState)
        # The library's own bulk action: its refusal shows above the list, its success as the list's notice.
        await library._bulk(lambda db, actor, ids: assignments.assign_posts(db, actor, ids, user_id),
                            lambda counted: f"Assigned {counted} to {name}." if user_id
                            else f"{counted.capitalize()} no longer assigned.")

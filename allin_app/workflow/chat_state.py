"""Reflex state of team chat (/chat): the conversation list with unread counts, the open conversation, the
composer with files from the media library, and a live loop that brings changes in while the page is open
(allin_app/ui/live.py: one loop per tab, it ends when the tab closes or leaves the page)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.composer_view import MediaChoice, media_choice
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn
from allin_app.core.rbac import Actor
from allin_app.ui import live
from allin_app.workflow import chat
from allin_app.workflow import chat_messages as messages
from allin_app.workflow.chat_rows import (
    ChannelRow,
    ChatView,
    MessageRow,
    PersonRow,
    build_view,
    older_rows,
    person_row,
)

LOOP = "chat"
IN_VIEW = "document.visibilityState === 'visible'"
log = logging.getLogger(__name__)
# The composer empties as soon as a message is sent (so typing on is never lost), and gets the words back if the
# message was refused.
CLEAR_INPUT = "(el => { if (el) { el.value = ''; el.focus(); } })(document.getElementById('chat-input'))"


def restore_input(body: str):
    return rx.call_script(f"(el => {{ if (el && !el.value) el.value = {json.dumps(body)}; }})"
                          "(document.getElementById('chat-input'))")


def _signature(actor: Actor) -> tuple:
    with session_scope() as db:
        return chat.change_signature(db, actor)


class ChatBadgeState(rx.State):
    """The unread count next to Chat in the sidebar."""

    total: int = 0

    @rx.event
    @requires_sign_in
    async def refresh(self):
        total, error = await act_as_signed_in(self, chat.unread_total)
        self.total = 0 if error else total


class ChatState(rx.State):
    loaded: bool = False
    can_create: bool = False
    channels: list[ChannelRow] = []
    browse: list[ChannelRow] = []
    directs: list[ChannelRow] = []
    total_unread: int = 0
    current: ChannelRow = ChannelRow(0, "", "", 0, False, False, False, "")
    archived: bool = False
    can_archive: bool = False
    messages: list[MessageRow] = []
    has_older: bool = False
    editing_id: int = 0
    attached: list[MediaChoice] = []
    picker_open: bool = False
    library: list[MediaChoice] = []
    picked: list[int] = []
    channel_form_open: bool = False
    form_error: str = ""
    form_field: str = ""
    people_open: bool = False
    people: list[PersonRow] = []
    _older_before: int | None = None
    _signature: tuple = ()

    # --- showing -------------------------------------------------------------------------------
    async def _show(self, channel_id: int | None, *, refresh: bool = False, before: Callable | None = None,
                    follow: bool = False, mark_read: bool = True) -> DomainError | None:
        """Rebuild the page for `channel_id` in one transaction, after `before(db, actor)` if given (`follow`:
        then show the conversation it returned)."""
        shown_from = self.messages[0].id if refresh and self.messages else None

        def build(db: Session, actor: Actor) -> tuple[ChatView, bool]:
            done = before(db, actor) if before else None
            target = done.id if follow else channel_id
            view = build_view(db, actor, target, shown_from=shown_from, mark_read=mark_read)
            return view, chat.may_create_channels(actor)

        found, error = await act_as_signed_in(self, build)
        if error:
            return error
        view, self.can_create = found
        self._apply(view)
        await self._sync_badge()
        return None

    def _apply(self, view: ChatView) -> None:
        self.channels, self.browse, self.directs = view.channels, view.browse, view.directs
        self.total_unread, self.archived, self.can_archive = view.total_unread, view.archived, view.can_archive
        if view.channel.id != self.current.id:
            self.editing_id = 0
        self.current, self.messages, self._signature = view.channel, view.messages, view.signature
        if not view.reloaded:
            self._older_before, self.has_older = view.older_before, view.older_before is not None
        self.loaded = True

    async def _sync_badge(self):
        (await self.get_state(ChatBadgeState)).total = self.total_unread

    async def _act(self, action: Callable, success: str = ""):
        """Do `action(db, actor)` and show the page again, in one transaction; the outcome as a toast."""
        error = await self._show(self.current.id or None, refresh=True, before=action)
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(success) if success else None

    def _address(self):
        return rx.call_script(f"window.history.replaceState(null, '', '/chat?channel={self.current.id}')")

    @rx.event
    @requires_sign_in
    async def load(self):
        """on_load: open the conversation of ?channel= (else the last one, else #general); start the live loop."""
        wanted = self.router.url.query_parameters.get("channel", "")
        error = await self._show(int(wanted) if wanted.isdigit() else (self.current.id or None))
        return rx.toast.error(error.message) if error else ChatState.watch

    @rx.event
    @requires_sign_in
    async def open_channel(self, channel_id: int):
        error = await self._show(int(channel_id))
        return rx.toast.error(error.message) if error else self._address()

    @rx.event
    @requires_sign_in
    async def load_older(self):
        if self._older_before is None:
            return None
        found, error = await act_as_signed_in(
            self, lambda db, actor: older_rows(db, actor, self.current.id, self._older_before))
        if error:
            return rx.toast.error(error.message)
        rows, self._older_before = found
        self.messages, self.has_older = rows + self.messages, self._older_before is not None
        return None

    # --- live ----------------------------------------------------------------------------------
    @rx.event(background=True)
    async def watch(self):
        """While this tab shows the page: each second one cheap query, and the page is rebuilt only when it
        changed. New messages in the open conversation count as read only if the tab is in view."""
        try:
            async with self:
                actor, error = await act_as_signed_in(self, lambda db, actor: actor)
                seen = self._signature
        except NotSignedIn:
            return
        if error:
            return
        async for _tick in live.ticks(self, LOOP, tag=f"{actor.user_id}:{actor.org_id}"):
            try:
                now = await asyncio.to_thread(_signature, actor)
                if now == seen:
                    continue
                async with self:
                    if now != self._signature:  # not already shown by the tab's own action
                        await self._show(self.current.id or None, refresh=True, mark_read=False)
                    seen, waiting = self._signature, self.current.unread > 0
            except NotSignedIn:  # signed out in another tab: this one is sent to sign in on its next click
                return
            except Exception:
                log.exception("the chat's live loop stopped")
                return
            if waiting:
                yield rx.call_script(IN_VIEW, callback=ChatState.seen_if_in_view)

    @rx.event
    @requires_sign_in
    async def seen_if_in_view(self, in_view: bool):
        if in_view is True and self.current.unread > 0:
            await self._show(self.current.id, refresh=True)

    @rx.event
    @requires_sign_in
    async def mark_seen(self):
        await self._show(self.current.id, refresh=True)

    @rx.event
    def leave_page(self):
        live.leave(self, LOOP)

    # --- writing -------------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def send(self, form: dict):
        channel_id, body, files = self.current.id, str(form.get("body", "")), [m.id for m in self.attached]
        if not body.strip() and not files:  # Enter in an empty box
            return None
        error = await self._show(channel_id, refresh=True, before=lambda db, actor: messages.post_message(
            db, actor, channel_id, body, files))
        if error:
            return [restore_input(body), rx.toast.error(error.message)]
        self.attached = []
        return None

    @rx.event
    def start_edit(self, message_id: int):
        self.editing_id = int(message_id)

    @rx.event
    def cancel_edit(self):
        self.editing_id = 0

    @rx.event
    @requires_sign_in
    async def save_edit(self, form: dict):
        message_id, body = self.editing_id, str(form.get("body", ""))
        error = await self._show(self.current.id, refresh=True, before=lambda db, actor: messages.edit_message(
            db, actor, message_id, body))
        if error:
            return rx.toast.error(error.message)
        self.editing_id = 0
        return None

    @rx.event
    @requires_sign_in
    async def delete_message(self, message_id: int):
        return await self._act(lambda db, actor: messages.delete_message(db, actor, int(message_id)),
                               "Message deleted.")

    # --- channels and people -------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def join(self):
        channel_id = self.current.id
        return await self._act(lambda db, actor: chat.join_channel(db, actor, channel_id),
                               f"You joined {self.current.label}.")

    @rx.event
    @requires_sign_in
    async def leave(self):
        label, channel_id = self.current.label, self.current.id
        return await self._act(lambda db, actor: chat.leave_channel(db, actor, channel_id), f"You left {label}.")

    @rx.event
    @requires_sign_in
    async def archive(self):
        channel_id = self.current.id
        return await self._act(lambda db, actor: chat.archive_channel(db, actor, channel_id),
                               "Channel archived: it stays readable.")

    @rx.event
    def toggle_channel_form(self, opened: bool):
        self.channel_form_open, self.form_error, self.form_field = bool(opened), "", ""

    @rx.event
    @requires_sign_in
    async def create_channel(self, form: dict):
        name, topic = str(form.get("name", "")), str(form.get("topic", ""))
        error = await self._show(None, before=lambda db, actor: chat.create_channel(db, actor, name, topic),
                                 follow=True)
        if error:
            self.form_error, self.form_field = error.message, getattr(error, "field", "")
            return None
        self.channel_form_open = False
        return self._address()

    @rx.event
    @requires_sign_in
    async def toggle_people(self, opened: bool):
        self.people_open = bool(opened)
        if not opened:
            return None

        def everyone(db: Session, actor: Actor) -> list[PersonRow]:
            return [person_row(user) for user in chat.chat_people(db, actor)]

        found, error = await act_as_signed_in(self, everyone)
        self.people = found or []
        return rx.toast.error(error.message) if error else None

    @rx.event
    @requires_sign_in
    async def write_to(self, user_id: int):
        error = await self._show(None, before=lambda db, actor: chat.open_direct(db, actor, int(user_id)),
                                 follow=True)
        if error:
            return rx.toast.error(error.message)
        self.people_open = False
        return self._address()

    # --- files from the media library ----------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def toggle_picker(self, opened: bool):
        self.picker_open, self.picked = bool(opened), [m.id for m in self.attached]
        if not opened:
            return None
        found, error = await act_as_signed_in(
            self, lambda db, actor: [media_choice(a) for a in messages.attachable_assets(db, actor)])
        self.library = found or []
        return rx.toast.error(error.message) if error else None

    @rx.event
    def toggle_pick(self, asset_id: int):
        asset_id = int(asset_id)
        if asset_id in self.picked:
            self.picked = [i for i in self.picked if i != asset_id]
        elif len(self.picked) < messages.MAX_ATTACHMENTS:
            self.picked = [*self.picked, asset_id]
        else:
            return rx.toast.warning(f"Attach at most {messages.MAX_ATTACHMENTS} files to one message.")
        return None

    @rx.event
    def attach_picked(self):
        chosen = {m.id: m for m in [*self.library, *self.attached]}
        self.attached = [chosen[i] for i in self.picked if i in chosen]
        self.picker_open = False

    @rx.event
    def detach(self, asset_id: int):
        self.attached = [m for m in self.attached if m.id != int(asset_id)]

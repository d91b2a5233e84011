"""Reflex state of the notification bell in the top bar (live: new items arrive without a reload) and of the
notifications centre (/notifications)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.campaigns import org_zone
from allin_app.core.clock import as_utc
from allin_app.core.db import session_scope
from allin_app.core.errors import NotSignedIn
from allin_app.orgs.notifications import EVENTS
from allin_app.ui import live
from allin_app.workflow import notifications
from allin_app.workflow.models import Notification

WATCH_EVERY = 1.5  # seconds between the bell's looks at the database
RECHECK_SESSION_EVERY = 80  # ticks (about two minutes): a signed-out session stops the loop
ALL = "all"  # the type filter's "every type" (a select item cannot have an empty value)


@dataclass
class NotificationRow:
    id: int
    title: str
    body: str
    link: str
    when: str
    unread: bool
    event_label: str


def rows_of(db, org_id: int, items: list[Notification]) -> list[NotificationRow]:
    zone = org_zone(db, org_id)
    return [NotificationRow(n.id, n.title, n.body, n.link, f"{as_utc(n.created_at).astimezone(zone):%d %b %H:%M}",
                            n.read_at is None, EVENTS.get(n.event, "")) for n in items]


def _bell_rows(db, user_id: int, org_id: int) -> tuple[list[NotificationRow], int]:
    """The popover's rows and the unread count."""
    items, unread = notifications.bell(db, user_id, org_id)
    return rows_of(db, org_id, items), unread


def _bell(user_id: int, org_id: int) -> tuple[list[NotificationRow], int]:
    """The same, read on a worker thread (never blocks the event loop)."""
    with session_scope() as db:
        return _bell_rows(db, user_id, org_id)


def _latest(user_id: int, org_id: int) -> tuple[int, int]:
    with session_scope() as db:
        return notifications.latest(db, user_id, org_id)


def _whom(db, actor) -> tuple[int, int]:
    return actor.user_id, actor.org_id


class NotificationsState(rx.State):
    unread: int = 0
    rows: list[NotificationRow] = []
    _newest_seen: int = -1  # the newest id this tab has shown; -1 before its first look (no toast then)

    def _show(self, rows: list[NotificationRow], unread: int) -> list[NotificationRow]:
        """Show these rows; returns the ones newer than what this tab had seen (to toast)."""
        fresh = [r for r in rows if r.unread and r.id > self._newest_seen] if self._newest_seen >= 0 else []
        self.rows, self.unread = rows, unread
        self._newest_seen = max([self._newest_seen, *(r.id for r in rows)])
        return fresh

    async def _reload(self) -> None:
        found, error = await act_as_signed_in(self, lambda db, actor: _bell_rows(db, actor.user_id, actor.org_id))
        if not error:
            self._show(*found)

    @rx.event
    @requires_sign_in
    async def refresh(self):
        await self._reload()

    @rx.event(background=True)
    async def watch(self):
        """Started by every signed-in page's on_load; one loop per tab (ui/live.py) that looks every
        WATCH_EVERY seconds at (newest id, unread count) and only then reads and pushes the list."""
        async with self:
            try:
                (user_id, org_id), error = await act_as_signed_in(self, _whom)
            except NotSignedIn:
                return
        if error:
            return
        last = None
        async for tick in live.ticks(self, "notifications", tag=f"{user_id}:{org_id}", interval=WATCH_EVERY):
            if tick and tick % RECHECK_SESSION_EVERY == 0 and not await self._still_signed_in(user_id, org_id):
                break
            seen = await asyncio.to_thread(_latest, user_id, org_id)
            if seen == last:
                continue
            last = seen
            rows, unread = await asyncio.to_thread(_bell, user_id, org_id)
            async with self:
                fresh = self._show(rows, unread)
                center = await self.get_state(NotificationCenterState)
                if center.loaded:
                    await center._load()
            if fresh:
                yield _toast(fresh)

    async def _still_signed_in(self, user_id: int, org_id: int) -> bool:
        async with self:
            try:
                who, error = await act_as_signed_in(self, _whom)
            except NotSignedIn:
                return False
        return error is None and who == (user_id, org_id)

    @rx.event
    @requires_sign_in
    async def opened(self, is_open: bool):
        """Opening the bell shows the latest; it marks nothing read (the count stays honest)."""
        if is_open:
            await self._reload()

    @rx.event
    @requires_sign_in
    async def open_item(self, notification_id: int):
        link, error = await act_as_signed_in(self, lambda db, actor: notifications.open_notification(
            db, actor, int(notification_id)))
        if error:
            return rx.toast.error(error.message)
        await self._reload()
        return rx.redirect(link) if link.startswith("/") and not link.startswith("//") else None

    @rx.event
    @requires_sign_in
    async def mark_all_read(self):
        done, error = await act_as_signed_in(self, notifications.mark_all_read)
        if error:
            return rx.toast.error(error.message)
        await self._reload()
        center = await self.get_state(NotificationCenterState)
        if center.loaded:
            await center._load()
        return rx.toast.success(f"{done} marked read." if done else "Nothing was unread.")


def _toast(fresh: list[NotificationRow]) -> rx.event.EventSpec:
    title, description = (fresh[0].title, fresh[0].body[:140]) if len(fresh) == 1 else (
        f"{len(fresh)} new notifications", fresh[0].title)
    return rx.toast.info(title, **({"description": description} if description else {}),
                         class_name="notification-toast")


class NotificationCenterState(rx.State):
    """/notifications: every notification of the organization acted in, filtered and paged."""

    rows: list[NotificationRow] = []
    unread_only: bool = False
    event: str = ALL
    page: int = 1
    pages: int = 1
    total: int = 0
    loaded: bool = False
    error: str = ""

    async def _load(self) -> None:
        def read(db, actor):
            found = notifications.list_notifications(db, actor, unread_only=self.unread_only, page=self.page,
                                                     event="" if self.event == ALL else self.event)
            return found, rows_of(db, actor.org_id, found.items)

        result, error = await act_as_signed_in(self, read)
        if error:
            self.error = error.message
            return
        found, self.rows = result
        self.page, self.pages, self.total, self.error, self.loaded = found.page, found.pages, found.total, "", True

    async def _act(self, change, done: str = ""):
        _, error = await act_as_signed_in(self, change)
        if error:
            return rx.toast.error(error.message)
        await self._load()
        bell = await self.get_state(NotificationsState)
        await bell._reload()
        return rx.toast.success(done) if done else None

    @rx.event
    @requires_sign_in
    async def load(self):
        self.page = 1
        await self._load()

    @rx.event
    def leave(self):
        """The page is gone: the bell stops refreshing its list."""
        self.loaded = False

    @rx.event
    @requires_sign_in
    async def set_unread_only(self, on: bool):
        self.unread_only, self.page = bool(on), 1
        await self._load()

    @rx.event
    @requires_sign_in
    async def set_event(self, event: str):
        self.event, self.page = (event if event in EVENTS else ALL), 1
        await self._load()

    @rx.event
    @requires_sign_in
    async def go_to_page(self, page: int):
        self.page = int(page)
        await self._load()

    @rx.event
    @requires_sign_in
    async def set_read(self, notification_id: int, read: bool):
        return await self._act(lambda db, actor: notifications.mark_read(db, actor, int(notification_id), bool(read)))

    @rx.event
    @requires_sign_in
    async def mark_all_read(self):
        return await self._act(notifications.mark_all_read, "Everything is marked read.")

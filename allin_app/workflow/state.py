"""Reflex state of the notification bell in the top bar."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.core.clock import as_utc
from allin_app.orgs.models import Organization
from allin_app.workflow import notifications


@dataclass
class NotificationRow:
    title: str
    body: str
    link: str
    when: str
    unread: bool


class NotificationsState(rx.State):
    unread: int = 0
    rows: list[NotificationRow] = []

    @rx.event
    @requires_sign_in
    async def refresh(self):
        count, error = await act_as_signed_in(self, notifications.unread_count)
        self.unread = 0 if error else count

    @rx.event
    @requires_sign_in
    async def open(self, opened: bool):
        """Opening the bell lists the latest and marks them read."""
        if not opened:
            return

        def read(db, actor) -> list[NotificationRow]:
            zone = ZoneInfo(db.get(Organization, actor.org_id).timezone or "UTC")
            rows = [NotificationRow(n.title, n.body, n.link, f"{as_utc(n.created_at).astimezone(zone):%d %b %H:%M}",
                                    n.read_at is None) for n in notifications.recent(db, actor)]
            notifications.mark_all_read(db, actor)
            return rows

        rows, error = await act_as_signed_in(self, read)
        self.rows, self.unread = (rows or []), 0 if not error else self.unread

"""Reflex state of Calendar › Queues: each account's posting times, its next slots and what fills
them, conflicts to resolve, and adding a post to the queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import service as posts
from allin_app.core.rbac import Actor, Permission, Target, allows
from allin_app.scheduling import queues

UPCOMING = 8
DAY_CHOICES = {**{str(n): [n] for n in range(7)}, "every": list(range(7)), "weekdays": list(range(5))}


@dataclass
class SlotRow:
    id: int
    label: str  # "Mon 09:00"


@dataclass
class UpcomingRow:
    when: str
    free: bool
    excerpt: str


@dataclass
class ConflictRow:
    text: str
    post_id: int  # the post "resolve" moves; 0 when both were scheduled by hand


@dataclass
class AccountRow:
    id: int
    name: str
    network: str
    paused: bool
    slots: list[SlotRow]
    upcoming: list[UpcomingRow]
    conflicts: list[ConflictRow]


@dataclass
class PostChoice:
    id: str
    label: str


def _local(moment: datetime, view: queues.QueueView, db: Session) -> str:
    return moment.astimezone(queues.org_zone(db, view.queue.account.org_id)).strftime("%a %d %b, %H:%M")


def _row(db: Session, actor: Actor, view: queues.QueueView) -> AccountRow:
    def filled(slot: queues.SlotView) -> UpcomingRow:
        post = slot.booking.post if slot.booking else None
        words = (queues.excerpt(post) if posts.may_see(actor, post) else "A post you cannot open") if post else ""
        return UpcomingRow(_local(slot.when, view, db), post is None, words)

    def clash(conflict: queues.ConflictView) -> ConflictRow:
        text = (f"{_local(conflict.earlier.when, view, db)} and {_local(conflict.later.when, view, db)} are closer "
                f"than {queues.min_gap(db, account.org_id).seconds // 60} minutes.")
        movable = conflict.movable
        return ConflictRow(text, movable.post.id if movable and posts.may_see(actor, movable.post) else 0)

    account = view.queue.account
    return AccountRow(account.id, account.display_name or account.handle, account.network, view.queue.paused,
                      [SlotRow(s.id, f"{queues.WEEKDAYS[s.weekday][:3]} {s.at:%H:%M}") for s in view.queue.slots],
                      [filled(slot) for slot in view.upcoming], [clash(c) for c in view.conflicts])


class QueueState(rx.State):
    rows: list[AccountRow] = []
    choices: list[PostChoice] = []
    zone_name: str = ""
    can_manage: bool = False
    error: str = ""

    async def _act(self, change=None, done: str = ""):
        """Run `change(db, actor)` (if any), then read every queue again, in one transaction."""
        def run(db: Session, actor: Actor):
            result = change(db, actor) if change else None
            views = queues.queue_views(db, actor, UPCOMING)
            return result, [_row(db, actor, v) for v in views], [
                PostChoice(str(p.id), queues.excerpt(p, 60)) for p in queues.queueable_posts(db, actor)], (
                queues.org_zone(db, actor.org_id).key, allows(actor, Permission.manage_calendar,
                                                              Target(org_id=actor.org_id)))

        outcome, error = await act_as_signed_in(self, run)
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        result, self.rows, self.choices, (self.zone_name, self.can_manage) = outcome
        self.error = ""
        return rx.toast.success(done(result) if callable(done) else done) if done else None

    @rx.event
    @requires_sign_in
    async def load(self):
        await self._act()

    @rx.event
    @requires_sign_in
    async def add_slot(self, form: dict):
        days = DAY_CHOICES.get(str(form.get("weekday", "")))
        try:
            at = time.fromisoformat(str(form.get("at", "")))
            account_id = int(form.get("account_id", ""))
        except ValueError:
            self.error = "Pick a time of day, like 09:00."
            return None
        if days is None:
            self.error = "Pick a day of the week."
            return None
        return await self._act(lambda db, actor: queues.add_slots(db, actor, account_id, days, at), "Time added.")

    @rx.event
    @requires_sign_in
    async def remove_slot(self, slot_id: int):
        return await self._act(lambda db, actor: queues.remove_slot(db, actor, int(slot_id)), "Time removed.")

    @rx.event
    @requires_sign_in
    async def set_paused(self, account_id: int, paused: bool):
        return await self._act(lambda db, actor: queues.set_paused(db, actor, int(account_id), bool(paused)),
                               "Queue paused." if paused else "Queue resumed.")

    @rx.event
    @requires_sign_in
    async def add_to_queue(self, form: dict):
        if not str(form.get("post_id", "")).isdigit():
            self.error = "Pick a post to add to the queue."
            return None
        post_id, priority = int(form["post_id"]), form.get("priority") in ("on", "true", True)
        return await self._act(lambda db, actor: queues.add_to_queue(db, actor, post_id, priority),
                               lambda done: "Added to the queue." + (f" {' '.join(done.warnings)}"
                                                                     if done.warnings else ""))

    @rx.event
    @requires_sign_in
    async def resolve(self, post_id: int, account_id: int):
        return await self._act(lambda db, actor: queues.resolve_conflict(db, actor, int(post_id), int(account_id)),
                               "Moved to the next free slot.")

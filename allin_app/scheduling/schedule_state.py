"""The composer's scheduling panel: pick a time (in the post's time zone) or publish now, see the
warnings, and follow each account's delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import reflex as rx
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.ai import best_time
from allin_app.ai.best_time import BestTimes
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import service as posts
from allin_app.content.composer_state import ComposerState
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.scheduling import service
from allin_app.scheduling.calendar_state import COMMON_ZONES
from allin_app.scheduling.models import DeliveryAttempt

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> speaks
BEST_PICKS = 3


@dataclass
class DeliveryRow:
    account: str
    network: str
    status: str
    url: str
    error: str
    timeline: list[str]  # the delivery ledger, oldest first: when, what happened


def _timeline(db: Session, target_id: int, where) -> list[str]:
    attempts = db.exec(select(DeliveryAttempt).where(DeliveryAttempt.target_id == target_id)
                       .order_by(DeliveryAttempt.number)).all()
    return [f"{as_utc(a.started_at).astimezone(where):%d %b %H:%M:%S} · {OUTCOMES.get(a.outcome, a.outcome)}"
            + (f" · {a.detail}" if a.detail else "") for a in attempts]


OUTCOMES = {"published": "published", "retry": "failed, will retry", "failed": "refused", "": "in progress",
            "unknown": "no answer: checking the network", "found": "found on the network",
            "not_found": "not on the network: trying again"}


@dataclass
class BestSlot:
    label: str  # "Tue 01 Dec, 09:00" in the panel's zone
    when_local: str
    hint: str  # why this slot: the org's own engagement then, or an industry default


def _best_slots(found: BestTimes, where) -> list[BestSlot]:
    slots = []
    for slot in found.slots:
        local = as_utc(slot.next_at).astimezone(where)
        hint = (f"{slot.engagement_rate:.2f} % average engagement on {slot.posts} posts"
                if slot.engagement_rate is not None else "an industry default for this network")
        slots.append(BestSlot(f"{local:%a %d %b, %H:%M}", local.strftime(LOCAL_FORMAT), hint))
    return slots


class ScheduleState(rx.State):
    when_local: str = ""
    zone_name: str = "UTC"
    scheduled_for: str = ""
    warnings: list[str] = []
    deliveries: list[DeliveryRow] = []
    error: str = ""
    best_slots: list[BestSlot] = []
    best_note: str = ""

    @rx.event
    @requires_sign_in
    async def open(self, opened: bool = True):
        if opened:
            await self._show()

    async def _show(self):
        composer = await self.get_state(ComposerState)
        post_id = composer.post_id

        def read(db: Session, actor: Actor):
            if not post_id:
                return None
            post = posts.get_post(db, actor, post_id)
            where = service.post_zone(db, post)
            rows = [DeliveryRow(_account_name(db, t.account_id), t.network, t.status, t.url or "", t.error,
                                _timeline(db, t.id, where)) for t in posts.targets_of(db, post)]
            when = as_utc(post.scheduled_at).astimezone(where) if post.scheduled_at else None
            return where.key, when, rows, post.status

        found, error = await act_as_signed_in(self, read)
        self.error = error.message if error else ""
        if found:
            self.zone_name, when, self.deliveries, composer.status = found
            self.scheduled_for = f"{when:%a %d %b %Y, %H:%M} ({self.zone_name})" if when else ""
            if when and not self.when_local:
                self.when_local = when.strftime(LOCAL_FORMAT)
            elif not self.when_local and composer.start_at:  # opened from an empty calendar slot
                self.when_local = composer.start_at
                self.zone_name = composer.start_zone or self.zone_name
        await self._show_best_times(composer)

    async def _show_best_times(self, composer: ComposerState) -> None:
        """Quick picks: the next best slots of the first chosen account (AI optimization; else none)."""
        account_id = next((int(i) for i in composer.selected if i.isdigit()), None)
        found = None
        if account_id is not None:
            found, _error = await act_as_signed_in(self, lambda db, actor: best_time.best_times(
                db, actor, account_id=account_id, limit=BEST_PICKS))
        self.best_slots = _best_slots(found, service.zone(self.zone_name)) if found else []
        self.best_note = found.explanation if found else ""

    @rx.event
    def set_when(self, value: str):
        self.when_local = value

    @rx.event
    def set_zone(self, value: str):
        self.zone_name = value

    @rx.var
    def zones(self) -> list[str]:
        return list(dict.fromkeys([self.zone_name, *COMMON_ZONES]))

    @rx.event
    def quick(self, choice: str):
        """In an hour, or tomorrow at 09:00, in the post's time zone."""
        now = utcnow().astimezone(service.zone(self.zone_name))
        when = now + timedelta(hours=1) if choice == "hour" else (now + timedelta(days=1)).replace(
            hour=9, minute=0, second=0, microsecond=0)
        self.when_local = when.strftime(LOCAL_FORMAT)

    @rx.event
    @requires_sign_in
    async def schedule(self):
        try:
            when = datetime.strptime(self.when_local, LOCAL_FORMAT).replace(tzinfo=service.zone(self.zone_name))
        except (ValueError, ValidationFailed):  # no date typed, or an unknown zone
            self.error = "Pick a date and a time." if not self.when_local else f"Unknown time zone {self.zone_name}."
            return None
        zone_name = self.zone_name
        return await self._act(lambda db, actor, post_id: service.schedule_post(db, actor, post_id, when, zone_name),
                               "Scheduled.")

    @rx.event
    @requires_sign_in
    async def publish_now(self):
        return await self._act(lambda db, actor, post_id: service.publish_now(db, actor, post_id),
                               "Publishing now: it goes out within seconds.")

    @rx.event
    @requires_sign_in
    async def unschedule(self):
        self.warnings = []
        return await self._act(lambda db, actor, post_id: service.Scheduled(service.unschedule(db, actor, post_id)),
                               "Taken off the schedule.")

    async def _act(self, action, done: str):
        composer = await self.get_state(ComposerState)
        if not composer.post_id:
            self.error = "Write the post first: it is saved as you type."
            return None
        post_id = composer.post_id
        result, error = await act_as_signed_in(self, lambda db, actor: action(db, actor, post_id))
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        self.error, self.warnings = "", result.warnings
        await self._show()
        return rx.toast.success(done)


def _account_name(db: Session, account_id: int) -> str:
    account = db.get(SocialAccount, account_id)
    return account.display_name or account.handle if account else ""

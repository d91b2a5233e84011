"""Reflex state of the composer's "Repeat" dialog: make the post recurring, change the series ("all"),
take one occurrence out of it ("this one"), or stop it."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import service as posts
from allin_app.content.composer_state import ComposerState
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.scheduling import recurring, service

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _parse_dates(text: str) -> tuple[date, ...]:
    found = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        try:
            found.append(date.fromisoformat(word))
        except ValueError:
            raise ValidationFailed("skip_dates", f"{word!r} is not a date like 2026-12-25.") from None
    return tuple(found)


def _number(text: str, field: str, label: str) -> int:
    if not text.strip().isdigit():
        raise ValidationFailed(field, f"{label} must be a whole number.")
    return int(text)


class SeriesState(rx.State):
    series_id: int = 0
    is_occurrence: bool = False  # the open post is one occurrence of the series
    summary: str = ""
    upcoming: list[str] = []
    frequency: str = "weekly"
    interval: str = "1"
    weekdays: list[int] = []
    month_day: str = "1"
    starts_on: str = ""
    at: str = "09:00"
    end_mode: str = "never"  # never, until, count
    until: str = ""
    count: str = "10"
    skip_dates: str = ""
    variants: list[str] = []
    error: str = ""

    @rx.event
    @requires_sign_in
    async def open(self, opened: bool = True):
        if opened:
            await self._load()

    async def _post_id(self) -> int:
        return (await self.get_state(ComposerState)).post_id

    async def _load(self):
        post_id = await self._post_id()

        def read(db: Session, actor: Actor):
            if not post_id:
                return None
            post = posts.get_post(db, actor, post_id)
            series = recurring.series_for_post(db, actor, post_id)
            return post, series, (recurring.rule_of(series) if series else self._default_rule(db, post)), (
                [f"{as_utc(p.scheduled_at).astimezone(service.zone(series.timezone)):%a %d %b %Y, %H:%M}"
                 for p in recurring.occurrence_posts(db, series) if p.scheduled_at][:6] if series else [])

        found, error = await act_as_signed_in(self, read)
        self.error = error.message if error else ""
        if not found:
            return
        post, series, rule, self.upcoming = found
        self.series_id = series.id if series else 0
        self.is_occurrence = post.series_id is not None
        self.summary = recurring.describe(series) if series else ""
        self._show_rule(rule)

    def _default_rule(self, db: Session, post) -> recurring.SeriesRule:
        where = service.post_zone(db, post)
        start = as_utc(post.scheduled_at).astimezone(where) if post.scheduled_at else \
            (utcnow().astimezone(where) + timedelta(days=1)).replace(hour=9, minute=0)
        return recurring.SeriesRule(frequency="weekly", weekdays=(start.weekday(),), month_day=start.day,
                                    starts_on=start.date(), at=start.time())

    def _show_rule(self, rule: recurring.SeriesRule) -> None:
        self.frequency, self.interval, self.weekdays = rule.frequency, str(rule.interval), list(rule.weekdays)
        self.month_day = str(rule.month_day or (rule.starts_on.day if rule.starts_on else 1))
        self.starts_on = rule.starts_on.isoformat() if rule.starts_on else ""
        self.at = f"{rule.at:%H:%M}" if rule.at else "09:00"
        self.end_mode = "count" if rule.count else "until" if rule.until else "never"
        self.count, self.until = str(rule.count or 10), rule.until.isoformat() if rule.until else ""
        self.skip_dates = ", ".join(day.isoformat() for day in rule.skip_dates)
        self.variants = list(rule.variants)

    def _rule(self) -> recurring.SeriesRule:
        try:
            starts_on = date.fromisoformat(self.starts_on)
        except ValueError:
            raise ValidationFailed("starts_on", "Pick the first date.") from None
        try:
            at = time.fromisoformat(self.at)
        except ValueError:
            raise ValidationFailed("at", "Pick a time of day, like 09:00.") from None
        until = None
        if self.end_mode == "until":
            try:
                until = date.fromisoformat(self.until)
            except ValueError:
                raise ValidationFailed("until", "Pick the last date.") from None
        return recurring.SeriesRule(
            frequency=self.frequency, interval=_number(self.interval, "interval", "Every"),
            weekdays=tuple(sorted(self.weekdays)), month_day=_number(self.month_day, "month_day", "The day"),
            starts_on=starts_on, at=at, until=until,
            count=_number(self.count, "count", "The number of times") if self.end_mode == "count" else None,
            skip_dates=_parse_dates(self.skip_dates), variants=tuple(self.variants))

    @rx.event
    def set_field(self, name: str, value: str):
        if name in ("frequency", "interval", "month_day", "starts_on", "at", "end_mode", "until", "count",
                    "skip_dates"):
            setattr(self, name, value)

    @rx.event
    def toggle_day(self, day: int):
        self.weekdays = sorted(set(self.weekdays) ^ {int(day)})

    @rx.event
    def add_variant(self):
        self.variants = [*self.variants, ""]

    @rx.event
    def set_variant(self, index: int, text: str):
        self.variants = [text if n == index else v for n, v in enumerate(self.variants)]

    @rx.event
    def remove_variant(self, index: int):
        self.variants = [v for n, v in enumerate(self.variants) if n != index]

    @rx.event
    @requires_sign_in
    async def save(self):
        post_id, series_id = await self._post_id(), self.series_id
        if not post_id:
            self.error = "Write the post first: it is saved as you type."
            return None
        try:
            rule = self._rule()
        except ValidationFailed as exc:
            self.error = exc.message
            return None
        return await self._act(lambda db, actor: recurring.update_series(db, actor, series_id, rule) if series_id
                               else recurring.create_series(db, actor, post_id, rule),
                               "Series changed: its upcoming posts follow." if series_id else "The post repeats now.")

    @rx.event
    @requires_sign_in
    async def stop(self):
        series_id = self.series_id
        return await self._act(lambda db, actor: recurring.delete_series(db, actor, series_id),
                               "The series stopped; its upcoming posts were deleted.")

    @rx.event
    @requires_sign_in
    async def detach(self):
        post_id = await self._post_id()
        return await self._act(lambda db, actor: recurring.detach_occurrence(db, actor, post_id),
                               "This post left its series: changes to it stay its own.")

    async def _act(self, change, done: str):
        _result, error = await act_as_signed_in(self, change)
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        self.error = ""
        await self._load()
        return rx.toast.success(done)


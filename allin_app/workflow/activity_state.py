"""Reflex state of the team's activity feed (/team/activity)."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.campaigns import org_zone
from allin_app.core.clock import as_utc
from allin_app.workflow import activity

ALL = "all"  # the filters' "everyone" / "every kind" (a select item cannot have an empty value)
PAGE = activity.PAGE_SIZE


def _rows(db, actor, found: activity.ActivityFeed) -> list[dict[str, str]]:
    zone = org_zone(db, actor.org_id)
    return [{"id": str(line.id), "text": line.text, "detail": line.detail, "link": line.link,
             "when": f"{as_utc(line.at).astimezone(zone):%d %b %Y %H:%M}", "org": line.org_name,
             "kind": activity.KINDS[line.kind][0] if line.kind else ""} for line in found.lines]


class ActivityState(rx.State):
    rows: list[dict[str, str]] = []
    people: list[dict[str, str]] = []
    kinds: list[dict[str, str]] = []
    person: str = ALL
    kind: str = ALL
    page: int = 1
    pages: int = 1
    total: int = 0
    several_orgs: bool = False
    error: str = ""

    async def _load(self) -> None:
        person = int(self.person) if self.person.isdigit() else None
        kind = "" if self.kind == ALL else self.kind

        def read(db, actor):
            found = activity.feed(db, actor, person_id=person, kind=kind, offset=(max(1, self.page) - 1) * PAGE,
                                  limit=PAGE)
            options = ([{"id": str(u.id), "name": u.full_name or u.email} for u in activity.people(db, actor)],
                       [{"key": k, "label": label} for k, label in activity.kinds_for(actor).items()],
                       len(activity.visibility(actor).org_ids) > 1)
            return found, _rows(db, actor, found), options

        result, error = await act_as_signed_in(self, read)
        if error:
            self.rows, self.error = [], error.message
            return
        found, self.rows, (self.people, self.kinds, self.several_orgs) = result
        self.pages, self.total, self.error = max(1, -(-found.total // PAGE)), found.total, ""
        self.page = min(max(1, self.page), self.pages)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.person, self.kind, self.page = ALL, ALL, 1
        await self._load()

    @rx.event
    @requires_sign_in
    async def set_person(self, person: str):
        self.person, self.page = person, 1
        await self._load()

    @rx.event
    @requires_sign_in
    async def set_kind(self, kind: str):
        self.kind, self.page = kind, 1
        await self._load()

    @rx.event
    @requires_sign_in
    async def go_to_page(self, page: int):
        self.page = int(page)
        await self._load()

"""Reflex state of the content calendar (/calendar): the visible month, week or day as a grid of cells
holding post chips, its filters and zone, and moving a post by drag and drop.

The grid is built here from `calendar.calendar_posts` (only the visible range is read); a drop calls
`calendar.move_post`, which checks who may move what.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.accounts import service as accounts
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import campaigns
from allin_app.content.library_state import ALL, Choice, error_text, excerpt
from allin_app.content.models import PostStatus
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.rbac import Actor, Permission, Target, allows
from allin_app.platforms.limits import LABELS
from allin_app.scheduling import calendar
from allin_app.scheduling.calendar import CalendarEntry, CalendarQuery

VIEWS = ("month", "week", "day")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COMPOSE_HOUR = 9  # a day clicked in the month view is composed for 09:00
COMMON_ZONES = ("UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
                "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata",
                "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney")
STATE_COLORS = {"draft": "gray", "in_review": "amber", "approved": "teal", "scheduled": "blue",
                "publishing": "violet", "published": "green", "failed": "red", "rejected": "orange",
                "held": "pink", calendar.MISSED: "crimson"}
STATE_LABELS = {**{s.value: s.label for s in PostStatus}, calendar.MISSED: "Missed"}
# a short mark and the network's brand colour, for the chips (the icon set has no brand logos)
NETWORK_MARKS = {"facebook": ("f", "#1877f2"), "instagram": ("IG", "#d62976"), "twitter": ("X", "#000000"),
                 "linkedin": ("in", "#0a66c2"), "tiktok": ("TT", "#010101"), "youtube": ("YT", "#ff0000"),
                 "pinterest": ("P", "#e60023"), "snapchat": ("SC", "#a39e00"), "reddit": ("R", "#ff4500"),
                 "threads": ("@", "#101010")}


@dataclass
class Mark:
    network: str
    short: str
    label: str
    color: str


@dataclass
class Chip:
    """One post in a cell, as the page shows it."""

    id: str
    time: str
    minute: int
    excerpt: str
    networks: list[Mark]
    accounts: list[str]
    campaign: str
    state: str
    state_label: str
    color: str  # a CSS colour of the state (Radix scale variable)
    tint: str


@dataclass
class Cell:
    day: str  # ISO date, in the calendar's zone
    hour: int  # the slot's hour; -1 for a whole day (month view)
    label: str
    outside: bool  # a day of the month before or after, in the month grid
    today: bool
    compose_url: str  # "" where composing makes no sense (the past, or a role that cannot)
    chips: list[Chip] = field(default_factory=list)


@dataclass
class Row:
    label: str  # the hour, in the week and day views
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Grid:
    title: str
    columns: list[str]
    rows: list[Row]


# --- the visible range ----------------------------------------------------------------------


def visible_days(view: str, anchor: date) -> tuple[date, date]:
    """First and last day shown: whole weeks around the month, the week (Monday first), or the day."""
    if view == "day":
        return anchor, anchor
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    first = anchor.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    last = following - timedelta(days=1)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def shifted(view: str, anchor: date, step: int) -> date:
    """The anchor of the month, week or day before (step -1) or after (+1)."""
    if view == "day":
        return anchor + timedelta(days=step)
    if view == "week":
        return anchor + timedelta(weeks=step)
    month = anchor.month - 1 + step
    return date(anchor.year + month // 12, month % 12 + 1, 1)


def title_of(view: str, anchor: date) -> str:
    if view == "day":
        return f"{anchor:%A %d %B %Y}"
    if view == "week":
        first, last = visible_days("week", anchor)
        return f"{first:%d %b} – {last:%d %b %Y}"
    return f"{anchor:%B %Y}"


# --- the grid -------------------------------------------------------------------------------


def mark_of(network: str) -> Mark:
    short, color = NETWORK_MARKS.get(network, (network[:2].upper(), "#6b7280"))
    return Mark(network, short, LABELS.get(network, network), color)


def chip_of(entry: CalendarEntry, campaign_names: dict[int, str]) -> Chip:
    color = STATE_COLORS.get(entry.state, "gray")
    names = sorted({LABELS.get(t.network, t.network) for t in entry.targets})
    return Chip(
        id=str(entry.post.id), time=f"{entry.local:%H:%M}", minute=entry.local.minute, excerpt=excerpt(entry.post),
        networks=[mark_of(network) for network in sorted({t.network for t in entry.targets})],
        accounts=[f"{LABELS.get(a.network, a.network)} · {a.display_name or a.handle}" for a in entry.accounts]
        or names, campaign=campaign_names.get(entry.post.campaign_id, "") if entry.post.campaign_id else "",
        state=entry.state, state_label=STATE_LABELS.get(entry.state, entry.state),
        color=f"var(--{color}-9)", tint=f"var(--{color}-3)")


def compose_url(moment: datetime, where: ZoneInfo) -> str:
    """The composer, opened for that local time (in the calendar's zone)."""
    return "/create?" + urlencode({"at": f"{moment:%Y-%m-%dT%H:%M}", "tz": where.key})


def build_grid(view: str, anchor: date, entries: list[CalendarEntry], where: ZoneInfo, now: datetime,
               campaign_names: dict[int, str], can_compose: bool) -> Grid:
    first, last = visible_days(view, anchor)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    by_slot: dict[tuple[date, int], list[Chip]] = {}
    for entry in entries:
        hour = -1 if view == "month" else entry.local.hour
        by_slot.setdefault((entry.local.date(), hour), []).append(chip_of(entry, campaign_names))
    today = now.astimezone(where).date()

    def cell(day: date, hour: int) -> Cell:
        start = datetime.combine(day, time(COMPOSE_HOUR if hour < 0 else hour), where)
        ends = datetime.combine(day + timedelta(days=1), time.min, where) if hour < 0 else start + timedelta(hours=1)
        url = compose_url(start, where) if can_compose and ends > now else ""
        label = str(day.day) if hour < 0 else ""
        return Cell(day.isoformat(), hour, label, view == "month" and day.month != anchor.month, day == today, url,
                    by_slot.get((day, hour), []))

    if view == "month":
        rows = [Row("", [cell(day, -1) for day in days[week:week + 7]]) for week in range(0, len(days), 7)]
        columns = list(WEEKDAYS)
    else:
        rows = [Row(f"{hour:02d}:00", [cell(day, hour) for day in days]) for hour in range(24)]
        columns = [f"{WEEKDAYS[day.weekday()]} {day.day}" for day in days]
    return Grid(title_of(view, anchor), columns, rows)


# --- what the services answer ---------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    network: str = ALL
    account: str = ALL
    campaign: str = ALL
    status: str = ALL


@dataclass
class Setup:
    """What the page needs once: the filter choices, the zones, and what the role may do."""

    org_zone: str
    accounts: list[Choice]
    campaigns: list[Choice]
    can_compose: bool
    can_move: bool


def calendar_setup(db: Session, actor: Actor) -> Setup:
    return Setup(
        org_zone=campaigns.org_zone(db, actor.org_id).key,
        accounts=[Choice(str(a.id), f"{LABELS.get(a.network, a.network)} · {a.display_name or a.handle}")
                  for a in accounts.list_accounts(db, actor)],
        campaigns=[Choice(str(c.id), c.name) for c in campaigns.list_campaigns(db, actor)],
        can_compose=allows(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id)),
        can_move=allows(actor, Permission.schedule_content))


def _picked(value: str) -> str | None:
    return None if value == ALL else value


def _picked_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def calendar_grid(db: Session, actor: Actor, view: str, anchor: date, zone_name: str, filters: Filters,
                  can_compose: bool) -> tuple[Grid, bool]:
    first, last = visible_days(view, anchor)
    query = CalendarQuery(first, last, zone_name, network=_picked(filters.network),
                          account_id=_picked_id(filters.account), campaign_id=_picked_id(filters.campaign),
                          status=_picked(filters.status))
    found = calendar.calendar_posts(db, actor, query)
    names = {c.id: c.name for c in campaigns.list_campaigns(db, actor)}
    return build_grid(view, anchor, found.entries, found.zone, utcnow(), names, can_compose), found.truncated


class CalendarState(rx.State):
    view: str = "month"
    anchor: str = ""  # ISO date the view is built around
    zone_name: str = ""
    org_zone: str = ""
    filters: Filters = Filters()
    accounts: list[Choice] = []
    campaigns: list[Choice] = []
    can_compose: bool = False
    can_move: bool = False
    title: str = ""
    columns: list[str] = []
    rows: list[Row] = []
    truncated: bool = False
    loaded: bool = False
    error: str = ""

    _dragging: int = 0
    _dragging_minute: int = 0

    @rx.var
    def zones(self) -> list[str]:
        return list(dict.fromkeys([z for z in (self.org_zone, self.zone_name) if z] + list(COMMON_ZONES)))

    @rx.var
    def template(self) -> str:
        """The grid's columns: seven days, or an hour column and the days."""
        return {"week": "4rem repeat(7, minmax(0, 1fr))", "day": "4rem minmax(0, 1fr)"}.get(
            self.view, "repeat(7, minmax(0, 1fr))")

    @rx.var
    def narrowed(self) -> bool:
        return self.filters != Filters()

    @rx.event
    @requires_sign_in
    async def load(self):
        setup, error = await act_as_signed_in(self, calendar_setup)
        if error:
            self.error = error_text(error)
            return
        self.org_zone, self.accounts, self.campaigns = setup.org_zone, setup.accounts, setup.campaigns
        self.can_compose, self.can_move = setup.can_compose, setup.can_move
        self.zone_name = self.zone_name or setup.org_zone
        if not self.anchor:
            self.anchor = utcnow().astimezone(ZoneInfo(self.zone_name)).date().isoformat()
        await self._refresh()

    async def _refresh(self) -> bool:
        view, anchor, zone_name, filters, can_compose = (self.view, date.fromisoformat(self.anchor), self.zone_name,
                                                         self.filters, self.can_compose)
        found, error = await act_as_signed_in(
            self, lambda db, actor: calendar_grid(db, actor, view, anchor, zone_name, filters, can_compose))
        if error:
            self.error = error_text(error)
            return False
        grid, self.truncated = found
        self.title, self.columns, self.rows = grid.title, grid.columns, grid.rows
        self.error, self.loaded = "", True
        return True

    # --- moving around ---

    @rx.event
    @requires_sign_in
    async def set_view(self, view: str | list[str]):
        if isinstance(view, str) and view in VIEWS and view != self.view:
            self.view = view
            await self._refresh()

    @rx.event
    @requires_sign_in
    async def step(self, step: int):
        if step in (-1, 1) and self.anchor:
            self.anchor = shifted(self.view, date.fromisoformat(self.anchor), step).isoformat()
            await self._refresh()

    @rx.event
    @requires_sign_in
    async def go_today(self):
        self.anchor = utcnow().astimezone(ZoneInfo(self.zone_name or "UTC")).date().isoformat()
        await self._refresh()

    @rx.event
    @requires_sign_in
    async def open_day(self, day: str):
        """A day's heading in the week or month view: that day on its own."""
        try:
            self.anchor = date.fromisoformat(day).isoformat()
        except ValueError:
            return
        self.view = "day"
        await self._refresh()

    @rx.event
    @requires_sign_in
    async def set_zone(self, zone_name: str):
        if zone_name not in self.zones:
            return
        previous, self.zone_name = self.zone_name, zone_name
        if not await self._refresh():
            self.zone_name = previous

    @rx.event
    @requires_sign_in
    async def set_filter(self, name: str, value: str):
        allowed = {"network": {ALL, *LABELS}, "status": {ALL, *calendar.CALENDAR_STATUSES},
                   "account": {ALL, *(c.value for c in self.accounts)},
                   "campaign": {ALL, *(c.value for c in self.campaigns)}}.get(name)
        if allowed is None or value not in allowed:
            return
        previous, self.filters = self.filters, replace(self.filters, **{name: value})
        if not await self._refresh():
            self.filters = previous

    @rx.event
    @requires_sign_in
    async def clear_filters(self):
        self.filters = Filters()
        await self._refresh()

    @rx.event
    def compose(self, day: str, hour: int):
        """An empty day or hour clicked: the composer, opened for that time."""
        if not self.can_compose or not self.zone_name:
            return None
        try:
            start = datetime.combine(date.fromisoformat(day), time(hour if 0 <= hour < 24 else COMPOSE_HOUR),
                                     ZoneInfo(self.zone_name))
        except (ValueError, TypeError):
            return None
        if start + timedelta(hours=1 if 0 <= hour < 24 else 24 - COMPOSE_HOUR) <= utcnow():
            return rx.toast.info("That time has passed: pick a day or hour from now on.")
        return rx.redirect(compose_url(start, ZoneInfo(self.zone_name)))

    # --- drag and drop ---

    @rx.event
    def start_drag(self, post_id: str, minute: int):
        self._dragging = int(post_id) if str(post_id).isdigit() else 0
        self._dragging_minute = minute if isinstance(minute, int) and 0 <= minute < 60 else 0

    @rx.event
    @requires_sign_in
    async def drop(self, day: str, hour: int):
        post_id, self._dragging = self._dragging, 0
        if not post_id:
            return None
        try:
            target_date = date.fromisoformat(day)
        except ValueError:
            return rx.toast.error("Drop the post on a day of the calendar.")
        at = time(hour, self._dragging_minute) if isinstance(hour, int) and 0 <= hour < 24 else None
        zone_name = self.zone_name
        moved, error = await act_as_signed_in(
            self, lambda db, actor: _moved(db, actor, post_id, target_date, at, zone_name))
        if error:
            return rx.toast.error(error_text(error))
        await self._refresh()
        label, warnings = moved
        return [rx.toast.success(f"Moved to {label}."), *[rx.toast.warning(w) for w in warnings]]


def _moved(db: Session, actor: Actor, post_id: int, target_date: date, at: time | None,
           zone_name: str) -> tuple[str, list[str]]:
    done = calendar.move_post(db, actor, post_id, target_date, at, zone_name)
    local = as_utc(done.post.scheduled_at).astimezone(ZoneInfo(zone_name))
    return f"{local:%a %d %b, %H:%M} ({zone_name})", done.warnings

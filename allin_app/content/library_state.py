"""Reflex state of the content library (/content): one page of posts, its filters, paging and bulk actions.

The page holds only the visible 25 rows (as `PostRow`s, never database rows); the keyset cursors of the
pages before it stay on the server so "Previous" can walk back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.auth.models import User
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import campaigns, library
from allin_app.content import service as posts
from allin_app.content.library import PostQuery
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import as_utc
from allin_app.core.errors import DomainError, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, allows
from allin_app.platforms.limits import LABELS
from allin_app.scheduling import queues

PAGE_SIZE = 25
EXCERPT = 120
ALL = "all"  # the select value for "no filter" (a Radix select item cannot have an empty value)
NO_CAMPAIGN = "none"
SORTS = {"updated": "Last change", "created": "Created", "scheduled": "Scheduled"}


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class PostRow:
    id: str
    excerpt: str
    networks: list[str]
    campaign: str
    author: str
    status: str
    status_label: str
    when_label: str  # "Scheduled" or "Changed"
    when: str
    can_edit: bool


@dataclass(frozen=True)
class Filters:
    """What the page's controls hold, as the browser sends it (strings)."""

    status: str = ALL
    network: str = ALL
    account: str = ALL
    campaign: str = ALL
    author: str = ALL
    date_from: str = ""
    date_to: str = ""
    search: str = ""
    sort: str = "updated"
    order: str = "desc"

    def narrowed(self) -> bool:
        """Whether anything but the sort order limits the list."""
        return replace(self, sort="updated", order="desc") != Filters()


@dataclass
class Choices:
    """The filter choices of an organization, and the bulk actions the role offers."""

    accounts: list[Choice] = field(default_factory=list)
    campaigns: list[Choice] = field(default_factory=list)
    authors: list[Choice] = field(default_factory=list)
    can_delete: bool = False
    can_submit: bool = False
    can_move: bool = False
    can_queue: bool = False
    can_approve: bool = False
    can_duplicate: bool = False


@dataclass
class LibraryPage:
    rows: list[PostRow]
    total: int
    next_cursor: str


# --- turning the controls into a query ------------------------------------------------------


def _picked_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(name, "Pick a date from the calendar (year-month-day).") from None


def post_query(filters: Filters, zone: ZoneInfo, cursor: str = "") -> PostQuery:
    """The library query for these controls; the dates are whole days in the organization's time zone."""
    first, last = _day(filters.date_from, "date_from"), _day(filters.date_to, "date_to")
    if first and last and first > last:
        raise ValidationFailed("date_to", "The end date is before the start date.")
    start = datetime.combine(first, time.min, zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time.min, zone) - timedelta(microseconds=1) if last else None
    return PostQuery(
        status=None if filters.status == ALL else filters.status,
        network=None if filters.network == ALL else filters.network,
        account_id=_picked_id(filters.account), campaign_id=_picked_id(filters.campaign),
        author_id=_picked_id(filters.author), date_from=start, date_to=end, search=filters.search[:200],
        sort=filters.sort, descending=filters.order != "asc", limit=PAGE_SIZE,  # type: ignore[arg-type]
        cursor=cursor or None)


# --- what a page shows ----------------------------------------------------------------------


def excerpt(post: Post) -> str:
    words = " ".join((post.text or post.title).split())
    if not words:
        return "(no text yet)"
    return words if len(words) <= EXCERPT else words[:EXCERPT - 1].rstrip() + "…"


def moment_text(moment: datetime, zone: ZoneInfo) -> str:
    local = as_utc(moment).astimezone(zone)
    return local.strftime("%d %b %Y, %H:%M ") + (local.tzname() or "")


def _row(db: Session, actor: Actor, post: Post, zone: ZoneInfo, campaign_names: dict[int, str]) -> PostRow:
    author = db.get(User, post.author_user_id)
    status = PostStatus(post.status)
    networks = sorted({LABELS.get(t.network, t.network) for t in posts.targets_of(db, post)})
    editable = status in posts.EDITABLE and allows(actor, Permission.edit_content, posts.target_of(post))
    return PostRow(
        id=str(post.id), excerpt=excerpt(post), networks=networks,
        campaign=campaign_names.get(post.campaign_id, "") if post.campaign_id else "",
        author=(author.full_name or author.email) if author else "",
        status=status.value, status_label=status.label,
        when_label="Scheduled" if post.scheduled_at else "Changed",
        when=moment_text(post.scheduled_at or post.updated_at, zone), can_edit=editable)


def library_page(db: Session, actor: Actor, filters: Filters, cursor: str = "") -> LibraryPage:
    zone = campaigns.org_zone(db, actor.org_id)
    found = library.list_posts(db, actor, post_query(filters, zone, cursor))
    names = {c.id: c.name for c in campaigns.list_campaigns(db, actor)}
    return LibraryPage([_row(db, actor, post, zone, names) for post in found.items], found.total,
                       found.next_cursor or "")


def _authors(db: Session, actor: Actor) -> list[Choice]:
    """The people who wrote the posts this actor may see (not the whole team: clients may not list it)."""
    # The library's own visibility rules, so a choice never names the author of a post hidden from the actor.
    visible = select(Post.author_user_id).where(*library._conditions(actor, PostQuery())).distinct()
    people = db.exec(select(User).where(User.id.in_(visible)).order_by(User.full_name, User.email))
    return [Choice(str(user.id), user.full_name or user.email) for user in people]


def library_choices(db: Session, actor: Actor) -> Choices:
    own = Target(org_id=actor.org_id, owner_id=actor.user_id)
    return Choices(
        accounts=[Choice(str(a.id), f"{LABELS.get(a.network, a.network)} · {a.display_name or a.handle}")
                  for a in accounts.list_accounts(db, actor)],
        campaigns=[Choice(str(c.id), c.name) for c in campaigns.list_campaigns(db, actor)],
        authors=_authors(db, actor),
        can_delete=allows(actor, Permission.delete_content),
        can_submit=allows(actor, Permission.edit_content),
        can_move=allows(actor, Permission.edit_content),
        can_queue=allows(actor, Permission.schedule_content),
        can_approve=allows(actor, Permission.approve_content),
        can_duplicate=allows(actor, Permission.create_content, own))  # what create_post checks


def error_text(error: DomainError) -> str:
    """Every problem a service found (a 422 can name several networks), in one message."""
    messages = [item["message"] for item in getattr(error, "errors", [])] or [error.message]
    return " ".join(dict.fromkeys(messages))


FILTER_NAMES = set(Filters.__dataclass_fields__)


class LibraryState(rx.State):
    rows: list[PostRow] = []
    total: int = 0
    page_index: int = 0
    has_next: bool = False
    loaded: bool = False
    error: str = ""
    notice: str = ""

    filters: Filters = Filters()
    search_key: int = 0  # bumped to empty the (uncontrolled, debounced) search box
    choices: Choices = Choices()

    selected: list[str] = []
    confirm_delete: bool = False
    move_open: bool = False
    move_to: str = ""

    _cursor: str = ""  # the cursor that opened the current page ("" = the first)
    _next_cursor: str = ""
    _trail: list[str] = []  # the cursors of the pages before this one, for "Previous"

    @rx.var
    def all_selected(self) -> bool:
        return bool(self.rows) and all(row.id in self.selected for row in self.rows)

    @rx.var
    def narrowed(self) -> bool:
        return self.filters.narrowed()

    @rx.var
    def range_text(self) -> str:
        if not self.rows:
            return ""
        first = self.page_index * PAGE_SIZE + 1
        return f"{first}–{first + len(self.rows) - 1} of {self.total:,}"

    async def _show(self, cursor: str) -> bool:
        """Show the page that `cursor` opens, keeping what was on screen if the query is refused."""
        filters = self.filters
        found, error = await act_as_signed_in(self, lambda db, actor: library_page(db, actor, filters, cursor),
                                              blocking=True)
        if error:
            self.error = error_text(error)
            return False
        self.rows, self.total, self._next_cursor = found.rows, found.total, found.next_cursor
        self._cursor, self.has_next, self.loaded = cursor, bool(found.next_cursor), True
        self.selected = [post_id for post_id in self.selected if any(row.id == post_id for row in found.rows)]
        self.error = ""
        return True

    async def _first_page(self) -> None:
        if await self._show(""):
            self._trail, self.page_index, self.selected, self.notice = [], 0, [], ""

    @rx.event
    @requires_sign_in
    async def load(self):
        self.notice, self.confirm_delete, self.move_open = "", False, False
        choices, error = await act_as_signed_in(self, library_choices, blocking=True)
        if error:
            self.error = error_text(error)
            return
        self.choices = choices
        await self._first_page()

    # --- filters ---

    def _allowed(self, name: str) -> set[str] | None:
        """The values a filter control may take (None: free text or a date, checked by the query)."""
        return {"status": {ALL, *PostStatus.__members__}, "network": {ALL, *LABELS},
                "account": {ALL, *(c.value for c in self.choices.accounts)},
                "campaign": {ALL, *(c.value for c in self.choices.campaigns)},
                "author": {ALL, *(c.value for c in self.choices.authors)},
                "sort": set(SORTS), "order": {"asc", "desc"}}.get(name)

    @rx.event
    @requires_sign_in
    async def set_filter(self, name: str, value: str):
        await self._refilter(name, value)

    async def _refilter(self, name: str, value: str) -> None:
        if name not in FILTER_NAMES or ((allowed := self._allowed(name)) is not None and value not in allowed):
            return
        previous, self.filters = self.filters, replace(self.filters, **{name: value[:200]})
        await self._first_page()
        if self.error:  # refused (a date range the wrong way round): the controls go back to what they were
            self.filters = previous

    @rx.event
    @requires_sign_in
    async def set_search(self, value: str):
        await self._refilter("search", value)

    @rx.event
    @requires_sign_in
    async def clear_filters(self):
        self.filters, self.search_key = Filters(), self.search_key + 1
        await self._first_page()

    # --- paging ---

    @rx.event
    @requires_sign_in
    async def next_page(self):
        leaving = self._cursor
        if self._next_cursor and await self._show(self._next_cursor):
            self._trail, self.page_index = [*self._trail, leaving], self.page_index + 1

    @rx.event
    @requires_sign_in
    async def previous_page(self):
        await self._previous()

    async def _previous(self) -> None:
        if self._trail and await self._show(self._trail[-1]):
            self._trail, self.page_index = self._trail[:-1], max(0, self.page_index - 1)

    async def _reshow(self) -> None:
        """After a change: the same page again, or the one before when it emptied."""
        if await self._show(self._cursor) and not self.rows and self._trail:
            await self._previous()

    # --- selection and bulk actions ---

    @rx.event
    def toggle_row(self, post_id: str, checked: bool):
        others = [selected for selected in self.selected if selected != post_id]
        self.selected = [*others, post_id] if checked else others

    @rx.event
    def toggle_page(self, checked: bool):
        self.selected = [row.id for row in self.rows] if checked else []

    def _selected_ids(self) -> list[int]:
        return [int(post_id) for post_id in self.selected if post_id.isdigit()][:PAGE_SIZE]

    async def _bulk(self, action, done) -> None:
        """Run a service over the selected posts; its refusal (a network's limit, a role) shows as is."""
        post_ids = self._selected_ids()
        if not post_ids:
            return
        count, error = await act_as_signed_in(self, lambda db, actor: action(db, actor, post_ids), blocking=True)
        if error:
            self.error, self.notice = error_text(error), ""
            return
        self.selected, self.notice = [], done(f"{count} post{'' if count == 1 else 's'}")
        await self._reshow()

    @rx.event
    def ask_delete(self):
        self.confirm_delete = bool(self.selected)

    @rx.event
    def close_delete(self, _open: bool = False):
        self.confirm_delete = False

    @rx.event
    @requires_sign_in
    async def delete_selected(self):
        self.confirm_delete = False
        await self._bulk(posts.delete_posts, lambda counted: f"Deleted {counted}.")

    @rx.event
    @requires_sign_in
    async def submit_selected(self):
        await self._bulk(posts.submit_for_approval, lambda counted: f"Sent {counted} for approval.")

    @rx.event
    @requires_sign_in
    async def approve_selected(self):
        await self._bulk(lambda db, actor, ids: posts.review_posts(db, actor, ids, approve=True),
                         lambda counted: f"Approved {counted}.")

    @rx.event
    @requires_sign_in
    async def queue_selected(self):
        await self._bulk(lambda db, actor, ids: len([queues.add_to_queue(db, actor, i) for i in ids]),
                         lambda counted: f"Added {counted} to the queue.")

    @rx.event
    def ask_move(self):
        self.move_open, self.move_to = bool(self.selected), ""

    @rx.event
    def close_move(self, _open: bool = False):
        self.move_open = False

    @rx.event
    def set_move_to(self, value: str):
        self.move_to = value

    @rx.event
    @requires_sign_in
    async def move_selected(self):
        if self.move_to != NO_CAMPAIGN and not self.move_to.isdigit():
            return
        campaign_id = _picked_id(self.move_to)
        name = next((c.label for c in self.choices.campaigns if c.value == self.move_to), "")
        self.move_open = False
        await self._bulk(lambda db, actor, ids: posts.move_to_campaign(db, actor, ids, campaign_id),
                         lambda counted: f"Moved {counted} to {name}." if name
                         else f"Took {counted} out of their campaign.")

    # --- row actions ---

    @rx.event
    @requires_sign_in
    async def duplicate(self, post_id: str):
        if not post_id.isdigit():
            return None
        copy_id, error = await act_as_signed_in(
            self, lambda db, actor: posts.duplicate_post(db, actor, int(post_id)).id, blocking=True)
        if error:
            self.error = error_text(error)
            return None
        return rx.redirect(f"/create?post={copy_id}")


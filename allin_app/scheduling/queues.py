"""Posting queues: each account posts at set times of each weekday (wall-clock times in the
organization's time zone, so a 09:00 slot stays 09:00 across a daylight-saving change).

"Add to queue" puts a post on the next free slot of each of its accounts; a slot is free when no
scheduled post of that account sits within the organization's minimum gap of it. A priority post
takes the earliest slot no hand-scheduled post holds, and the account's other queued posts move
back one slot each. A paused queue takes no new posts; what it already scheduled keeps its time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, allows, require
from allin_app.orgs.models import Organization
from allin_app.scheduling import service
from allin_app.scheduling.models import QueueSlot, QueueState
from allin_app.workflow import approvals

HORIZON = timedelta(days=91)  # how far ahead a free slot is looked for
TAKEN = (PostStatus.scheduled, PostStatus.publishing, PostStatus.published)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Queue:
    account: SocialAccount
    slots: list[QueueSlot]
    paused: bool


@dataclass
class Booking:
    """A scheduled delivery on an account: what sits at a time."""

    target: PostTarget
    post: Post
    when: datetime

    @property
    def movable(self) -> bool:
        """Placed by the queue and not yet going out: the queue may move it."""
        return self.post.queued and self.target.status == PostStatus.scheduled


@dataclass
class Queued:
    post: Post
    times: dict[int, datetime]  # account id -> when its target goes out
    warnings: list[str] = field(default_factory=list)


# --- the schedule of slots -------------------------------------------------------------------


def org_zone(db: Session, org_id: int) -> ZoneInfo:
    return service.zone(db.get(Organization, org_id).timezone)


def queue_of(db: Session, actor: Actor, account_id: int) -> Queue:
    account = accounts.get_account(db, actor, account_id)
    require(actor, Permission.view_calendar, write=False)
    return _queue(db, account)


def _queue(db: Session, account: SocialAccount) -> Queue:
    slots = list(db.exec(select(QueueSlot).where(QueueSlot.account_id == account.id)
                         .order_by(QueueSlot.weekday, QueueSlot.at)))
    state = db.get(QueueState, account.id)
    return Queue(account, slots, bool(state and state.paused))


def _managed_account(db: Session, actor: Actor, account_id: int) -> SocialAccount:
    account = accounts.get_account(db, actor, account_id)
    require(actor, Permission.manage_calendar, Target(org_id=account.org_id))
    return account


def add_slots(db: Session, actor: Actor, account_id: int, weekdays: Iterable[int], at: time) -> Queue:
    """Post at `at` on each of `weekdays` (0 = Monday); a time already there is kept once."""
    account = _managed_account(db, actor, account_id)
    days = sorted(set(weekdays))
    if not days or any(day not in range(7) for day in days):
        raise ValidationFailed("weekday", "Pick a day of the week.")
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    have = {(slot.weekday, slot.at) for slot in _queue(db, account).slots}
    for day in days:
        if (day, at) not in have:
            db.add(QueueSlot(org_id=account.org_id, account_id=account.id, weekday=day, at=at))
    db.flush()
    return _queue(db, account)


def remove_slot(db: Session, actor: Actor, slot_id: int) -> Queue:
    slot = db.get(QueueSlot, slot_id)
    if slot is None or slot.org_id != actor.org_id:
        raise NotFound("Time slot not found.")
    account = _managed_account(db, actor, slot.account_id)
    db.delete(slot)
    db.flush()
    return _queue(db, account)


def set_queue(db: Session, actor: Actor, account_id: int, slots: Iterable[tuple[int, time]], paused: bool) -> Queue:
    """Replace the account's slots and pause or resume it (the REST PUT)."""
    account = _managed_account(db, actor, account_id)
    wanted = {(day, at.replace(second=0, microsecond=0, tzinfo=None)) for day, at in slots}
    if any(day not in range(7) for day, _at in wanted):
        raise ValidationFailed("slots", "A weekday is a number from 0 (Monday) to 6 (Sunday).")
    for slot in _queue(db, account).slots:
        if (slot.weekday, slot.at) in wanted:
            wanted.discard((slot.weekday, slot.at))
        else:
            db.delete(slot)
    for day, at in sorted(wanted):
        db.add(QueueSlot(org_id=account.org_id, account_id=account.id, weekday=day, at=at))
    _store_paused(db, account, paused)
    db.flush()
    return _queue(db, account)


def set_paused(db: Session, actor: Actor, account_id: int, paused: bool) -> Queue:
    account = _managed_account(db, actor, account_id)
    _store_paused(db, account, paused)
    record_audit(db, "queue.paused" if paused else "queue.resumed", actor_user_id=actor.user_id,
                 org_id=account.org_id, target=f"account:{account.id}")
    db.flush()
    return _queue(db, account)


def _store_paused(db: Session, account: SocialAccount, paused: bool) -> None:
    state = db.get(QueueState, account.id) or QueueState(account_id=account.id, org_id=account.org_id)
    state.paused = paused
    db.add(state)


def slot_times(slots: list[QueueSlot], where: ZoneInfo, after: datetime, until: datetime) -> Iterator[datetime]:
    """The slots' moments (UTC) after `after` up to `until`, in order: each one a local wall-clock time."""
    by_day: dict[int, list[time]] = {}
    for slot in slots:
        by_day.setdefault(slot.weekday, []).append(slot.at)
    day: date = as_utc(after).astimezone(where).date()
    while by_day and datetime.combine(day, time(), where) <= until:
        for at in sorted(by_day.get(day.weekday(), [])):
            moment = as_utc(datetime.combine(day, at, where))
            if after < moment <= until:
                yield moment
        day += timedelta(days=1)


# --- what is booked on an account ------------------------------------------------------------


def bookings(db: Session, account_id: int, since: datetime, until: datetime) -> list[Booking]:
    rows = db.exec(select(PostTarget, Post).join(Post, Post.id == PostTarget.post_id).where(
        PostTarget.account_id == account_id, Post.deleted_at == None, PostTarget.status.in_(TAKEN),
        PostTarget.scheduled_at > since, PostTarget.scheduled_at <= until).order_by(PostTarget.scheduled_at))
    return [Booking(target, post, as_utc(target.scheduled_at)) for target, post in rows]


def min_gap(db: Session, org_id: int) -> timedelta:
    # A gap of 0 still keeps two posts off the very same minute.
    return timedelta(minutes=max(service.publishing_settings(db, org_id).min_gap_minutes, 1))


def _clear(moment: datetime, taken: Iterable[datetime], gap: timedelta) -> bool:
    return all(abs(moment - other) >= gap for other in taken)


def free_slots(db: Session, account: SocialAccount, after: datetime, *, ignore_post_id: int | None = None,
               ignore_queued: bool = False) -> Iterator[datetime]:
    """The account's free slots after `after`; `ignore_queued` treats queued posts' places as free."""
    gap, until = min_gap(db, account.org_id), after + HORIZON
    taken = [b.when for b in bookings(db, account.id, after - gap, until + gap)
             if b.post.id != ignore_post_id and not (ignore_queued and b.movable)]
    for moment in slot_times(_queue(db, account).slots, org_zone(db, account.org_id), after, until):
        if _clear(moment, taken, gap):
            yield moment


def _account_label(account: SocialAccount) -> str:
    return account.display_name or account.handle


def next_free_slot(db: Session, account: SocialAccount, after: datetime, **kwargs) -> datetime:
    found = next(free_slots(db, account, after, **kwargs), None)
    if found is None:
        if not _queue(db, account).slots:
            raise ValidationFailed("queue", f"{_account_label(account)} has no posting times yet: add time slots "
                                            "in Calendar › Queues.")
        raise Conflict(f"{_account_label(account)} has no free slot in the next {HORIZON.days} days: add time "
                       "slots or schedule this post at a time.")
    return found


# --- adding to the queue ---------------------------------------------------------------------


def add_to_queue(db: Session, actor: Actor, post_id: int, priority: bool = False) -> Queued:
    """Schedule the post on the next free slot of each of its accounts (the earliest one with priority)."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    service._check_publishable(db, actor, post)
    now, times = utcnow(), {}
    for target in posts.targets_of(db, post):
        if target.status in (PostStatus.published, PostStatus.publishing):
            continue
        account = db.get(SocialAccount, target.account_id)
        if _queue(db, account).paused:
            raise Conflict(f"The queue of {_account_label(account)} is paused: resume it in Calendar › Queues, "
                           "or schedule this post at a time.")
        when = next_free_slot(db, account, now, ignore_post_id=post.id, ignore_queued=priority)
        if priority:
            _push_back(db, account, when, post.id)
        _book(target, when)
        times[account.id] = when
    post.status, post.queued, post.priority, post.updated_at = PostStatus.scheduled, True, priority, utcnow()
    post.scheduled_at = min(times.values())
    record_audit(db, "post.queued", actor_user_id=actor.user_id, org_id=post.org_id, target=f"post:{post.id}",
                 detail="priority" if priority else "")
    db.flush()
    return Queued(post, times, service.schedule_warnings(db, post))


def _book(target: PostTarget, when: datetime) -> None:
    target.status, target.scheduled_at = PostStatus.scheduled, when
    target.next_attempt_at, target.error, target.attempts = None, "", 0


def _push_back(db: Session, account: SocialAccount, start: datetime, post_id: int) -> None:
    """Every queued post of the account from `start` on moves to the next slot after its own."""
    gap = min_gap(db, account.org_id)
    movable = [b for b in bookings(db, account.id, start - gap, start + HORIZON)
               if b.movable and b.post.id != post_id]
    slots = free_slots(db, account, start - gap, ignore_post_id=post_id, ignore_queued=True)
    last = start
    for booking in movable:
        last = next((s for s in slots if s > max(booking.when, last)), None)
        if last is None:
            raise Conflict(f"{_account_label(account)} has too few slots in the next {HORIZON.days} days to "
                           "move its queued posts back: add time slots first.")
        _book(booking.target, last)
        db.flush()
        _settle_post_time(db, booking.post)


def _settle_post_time(db: Session, post: Post) -> None:
    """A post goes out at its earliest target's time."""
    times = [as_utc(t.scheduled_at) for t in posts.targets_of(db, post) if t.scheduled_at is not None]
    post.scheduled_at, post.updated_at = (min(times) if times else None), utcnow()


# --- the view: upcoming slots and conflicts --------------------------------------------------


@dataclass
class SlotView:
    when: datetime
    booking: Booking | None  # None: free


@dataclass
class ConflictView:
    earlier: Booking
    later: Booking

    @property
    def movable(self) -> Booking | None:
        """The one "resolve" moves: the later post when the queue placed it, else the earlier."""
        return self.later if self.later.movable else (self.earlier if self.earlier.movable else None)


@dataclass
class QueueView:
    queue: Queue
    upcoming: list[SlotView]
    conflicts: list[ConflictView]


def queue_views(db: Session, actor: Actor, count: int = 10) -> list[QueueView]:
    """Every connected account's next `count` slots with what fills them, and its conflicts."""
    require(actor, Permission.view_calendar, write=False)
    return [_view(db, account, count) for account in accounts._active_accounts(db, actor.org_id)]


def queue_view(db: Session, actor: Actor, account_id: int, count: int = 10) -> QueueView:
    queue = queue_of(db, actor, account_id)
    return _view(db, queue.account, count)


def _view(db: Session, account: SocialAccount, count: int) -> QueueView:
    now, gap = utcnow(), min_gap(db, account.org_id)
    booked = bookings(db, account.id, now - gap, now + HORIZON + gap)
    queue = _queue(db, account)
    upcoming = []
    for moment in slot_times(queue.slots, org_zone(db, account.org_id), now, now + HORIZON):
        if len(upcoming) >= count:
            break
        upcoming.append(SlotView(moment, next((b for b in booked if abs(b.when - moment) < gap), None)))
    pending = [b for b in booked if b.when > now and b.target.status == PostStatus.scheduled]
    conflicts = [ConflictView(a, b) for a, b in pairwise(pending) if b.when - a.when < gap]
    return QueueView(queue, upcoming, conflicts)


def resolve_conflict(db: Session, actor: Actor, post_id: int, account_id: int) -> datetime:
    """Move the post's delivery on the account to the next free slot after the post it clashes with."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    target = next((t for t in posts.targets_of(db, post) if t.account_id == account_id), None)
    if target is None or target.status != PostStatus.scheduled or not post.queued:
        raise Conflict("Only a post the queue placed, and not yet going out, can be moved to the next free slot.")
    account = db.get(SocialAccount, account_id)
    when = as_utc(target.scheduled_at)
    gap = min_gap(db, account.org_id)
    clashing = [b.when for b in bookings(db, account.id, when - gap, when + gap) if b.post.id != post.id]
    if not clashing:
        raise Conflict("This post no longer clashes with another on that account.")
    later = next_free_slot(db, account, max([*clashing, utcnow()]), ignore_post_id=post.id)
    _book(target, later)
    db.flush()
    _settle_post_time(db, post)
    record_audit(db, "post.queue_moved", actor_user_id=actor.user_id, org_id=post.org_id, target=f"post:{post.id}",
                 detail=later.isoformat())
    return later


def excerpt(post: Post, length: int = 80) -> str:
    words = " ".join(post.text.split())
    return words if len(words) <= length else words[: length - 1].rstrip() + "…"


def queueable_posts(db: Session, actor: Actor, limit: int = 50) -> list[Post]:
    """The newest posts the actor may add to the queue: not scheduled yet, with at least one account."""
    waiting = (PostStatus.draft, PostStatus.approved, PostStatus.failed, PostStatus.rejected)
    rows = db.exec(select(Post).where(Post.org_id == actor.org_id, Post.deleted_at == None, Post.series_id == None,
                                      Post.status.in_(waiting), Post.text != "",
                                      Post.id.in_(select(PostTarget.post_id)))
                   .order_by(Post.updated_at.desc()).limit(limit * 2))
    return [post for post in rows if posts.may_see(actor, post, db)
            and allows(actor, Permission.schedule_content, posts.target_of(post))
            and approvals.cleared_for(db, actor, post)][:limit]

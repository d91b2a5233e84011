"""The content calendar: which posts fall in a visible range (a month, a week, a day) and moving a post
to another day or time slot by drag and drop.

Only the visible range is read, and only what the actor may see (the library's rules: the
organization's posts; team members only those assigned to them). Days and times are local to a
zone: the calendar's (the organization's unless switched), and each post keeps its own local time of
day across daylight-saving changes, because the new moment is built from a date and a wall-clock
time in its zone, never by adding hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.content import service as posts
from allin_app.content.campaigns import org_zone
from allin_app.content.library import targets_condition, visibility_conditions
from allin_app.content.models import Campaign, Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, require
from allin_app.platforms.limits import LABELS
from allin_app.scheduling import service
from allin_app.scheduling.service import Scheduled

MAX_DAYS = 42  # a month grid: six weeks
MAX_ENTRIES = 1000  # a month of a very busy organization; the rest is announced, never silently dropped
MISSED = "missed"  # a target the publisher could not send in time (the post itself is "failed")
CALENDAR_STATUSES = (*(s.value for s in PostStatus), MISSED)
FIXED = {PostStatus.published, PostStatus.publishing}  # already went out, or going out now


@dataclass(frozen=True)
class CalendarQuery:
    first_day: date
    last_day: date  # included
    zone_name: str = ""  # the zone the days are in; "" = the organization's
    network: str | None = None
    account_id: int | None = None
    campaign_id: int | None = None
    status: str | None = None  # a post status, or "missed"


@dataclass
class CalendarEntry:
    post: Post
    moment: datetime  # UTC: when it went out (published) or is due
    local: datetime  # `moment` in the calendar's zone
    state: str  # the post's status, or "missed"
    targets: list[PostTarget] = field(default_factory=list)
    accounts: list[SocialAccount] = field(default_factory=list)


@dataclass
class CalendarRange:
    zone: ZoneInfo
    entries: list[CalendarEntry]
    truncated: bool  # more posts fall in the range than MAX_ENTRIES


# --- reading ---------------------------------------------------------------------------------


def calendar_zone(db: Session, actor: Actor, zone_name: str = "") -> ZoneInfo:
    return service.zone(zone_name) if zone_name else org_zone(db, actor.org_id)


def calendar_posts(db: Session, actor: Actor, query: CalendarQuery) -> CalendarRange:
    """The posts due or published between the first and last day (whole local days), in time order."""
    require(actor, Permission.view_calendar, write=False)
    _check_filters(db, actor, query)
    where = calendar_zone(db, actor, query.zone_name)
    start = as_utc(datetime.combine(query.first_day, time.min, where))
    end = as_utc(datetime.combine(query.last_day + timedelta(days=1), time.min, where))
    published_in_range = select(PostTarget.post_id).where(
        PostTarget.org_id == actor.org_id, PostTarget.published_at >= start, PostTarget.published_at < end)
    in_range = or_(and_(Post.scheduled_at >= start, Post.scheduled_at < end), Post.id.in_(published_in_range))
    statement = (select(Post).where(*_conditions(actor, query), in_range)
                 .order_by(func.coalesce(Post.scheduled_at, Post.updated_at), Post.id).limit(MAX_ENTRIES + 1))
    found = list(db.exec(statement))
    entries = [entry for entry in _entries(db, found[:MAX_ENTRIES], where) if start <= entry.moment < end]
    return CalendarRange(where, sorted(entries, key=lambda e: (e.moment, e.post.id)), len(found) > MAX_ENTRIES)


def _check_filters(db: Session, actor: Actor, query: CalendarQuery) -> None:
    if query.last_day < query.first_day:
        raise ValidationFailed("last_day", "The last day is before the first day.")
    if (query.last_day - query.first_day).days >= MAX_DAYS:
        raise ValidationFailed("last_day", f"The calendar shows at most {MAX_DAYS} days at once.")
    if query.network and query.network not in LABELS:
        raise ValidationFailed("network", f"Unknown network {query.network!r}.")
    if query.status and query.status not in CALENDAR_STATUSES:
        raise ValidationFailed("status", f"Unknown status {query.status!r}.")
    if query.account_id is not None:
        account = db.get(SocialAccount, query.account_id)
        if account is None or account.org_id != actor.org_id:
            raise NotFound("Account not found.")
    if query.campaign_id is not None:
        campaign = db.get(Campaign, query.campaign_id)
        if campaign is None or campaign.org_id != actor.org_id:
            raise NotFound("Campaign not found.")


def _conditions(actor: Actor, query: CalendarQuery) -> list:
    """The library's visibility (content/library.py) plus the calendar's filters."""
    conditions = [Post.org_id == actor.org_id, Post.deleted_at == None, *visibility_conditions(actor)]
    if query.campaign_id is not None:
        conditions.append(Post.campaign_id == query.campaign_id)
    missed = select(PostTarget.post_id).where(PostTarget.org_id == actor.org_id, PostTarget.status == MISSED)
    if query.status == MISSED:
        conditions += [Post.status == PostStatus.failed, Post.id.in_(missed)]
    elif query.status == PostStatus.failed:
        conditions += [Post.status == PostStatus.failed, Post.id.not_in(missed)]
    elif query.status:
        conditions.append(Post.status == query.status)
    if (on_targets := targets_condition(actor, query.network, query.account_id)) is not None:
        conditions.append(on_targets)
    return conditions


def _entries(db: Session, found: list[Post], where: ZoneInfo) -> list[CalendarEntry]:
    """Each post with its targets and accounts, read in two queries for the whole range."""
    if not found:
        return []
    targets: dict[int, list[PostTarget]] = {post.id: [] for post in found}
    for target in db.exec(select(PostTarget).where(PostTarget.post_id.in_(targets)).order_by(PostTarget.id)):
        targets[target.post_id].append(target)
    account_ids = {t.account_id for found_targets in targets.values() for t in found_targets}
    accounts = {a.id: a for a in db.exec(select(SocialAccount).where(SocialAccount.id.in_(account_ids)))}
    entries = []
    for post in found:
        mine = targets[post.id]
        if (moment := _moment(post, mine)) is not None:
            entries.append(CalendarEntry(post, moment, moment.astimezone(where), _state(post, mine), mine,
                                         [accounts[t.account_id] for t in mine if t.account_id in accounts]))
    return entries


def _moment(post: Post, targets: list[PostTarget]) -> datetime | None:
    """A published post sits where it went out (its first delivery); any other where it is due."""
    sent = [as_utc(t.published_at) for t in targets if t.published_at is not None]
    if post.status == PostStatus.published and sent:
        return min(sent)
    if post.scheduled_at is not None:
        return as_utc(post.scheduled_at)
    return min(sent) if sent else None


def _state(post: Post, targets: list[PostTarget]) -> str:
    if post.status == PostStatus.failed and any(t.status == MISSED for t in targets):
        return MISSED
    return post.status


# --- moving ----------------------------------------------------------------------------------


def move_post(db: Session, actor: Actor, post_id: int, target_date: date, target_time: time | None = None,
              zone_name: str | None = None) -> Scheduled:
    """Reschedule a post dropped on `target_date` (month view: it keeps its local time of day in its own
    zone) or on `target_date` at `target_time` (week or day view). The date and time are in
    `zone_name`, the calendar's zone; without one, in the post's zone."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    if post.status in FIXED:
        raise Conflict(f"This post is {PostStatus(post.status).label.lower()}: it stays where it went out. "
                       "Duplicate it to post it again.")
    own_zone = service.post_zone(db, post)
    view_zone = service.zone(zone_name) if zone_name else own_zone
    if target_time is None:
        when = _same_time_on(post, target_date, own_zone, view_zone)
    else:
        when = _existing(datetime.combine(target_date, target_time, view_zone), view_zone)
    moved = service.schedule_post(db, actor, post.id, when, post.timezone)
    post.queued = False  # placed by hand now: the queue no longer moves it
    return moved


def _same_time_on(post: Post, target_date: date, own_zone: ZoneInfo, view_zone: ZoneInfo) -> datetime:
    """The post moved by whole days as the calendar shows them, at its own wall-clock time."""
    if post.scheduled_at is None:
        raise Conflict("This post has no time yet: schedule it from the composer first.")
    due = as_utc(post.scheduled_at)
    days = (target_date - due.astimezone(view_zone).date()).days
    local = due.astimezone(own_zone)
    moved = datetime.combine(local.date() + timedelta(days=days), local.time().replace(tzinfo=None), own_zone)
    return _existing(moved, own_zone)


def _existing(local: datetime, where: ZoneInfo) -> datetime:
    """Refuse a wall-clock time the clocks skip (the hour lost when daylight-saving time starts)."""
    round_trip = as_utc(local).astimezone(where)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationFailed("scheduled_at", f"{local:%H:%M} does not exist on {local:%d %b %Y} in {where.key}: "
                                               "the clocks go forward then. Pick another time.")
    return local

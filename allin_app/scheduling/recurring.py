"""Recurring posts: a post repeated by an RFC 5545 rule, built from a simple form (daily, weekly on
chosen days, monthly on a day of the month; every N; until a date or a number of times; skipped
dates; texts taken in turn).

The rule is expanded in the series' time zone at the first occurrence's local time of day, so a
09:00 post stays 09:00 across daylight-saving changes. Occurrences are real posts, copies of the
source post, made for the next `HORIZON` by `materialize_due_series`, each once (by series and
date). After downtime a series carries on from its next future occurrence: missed ones are not made.
Changing or deleting one occurrence on its own ("this one") is remembered in `SkippedOccurrence`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr
from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs
from allin_app.scheduling import service
from allin_app.scheduling.models import RecurringSeries, SkippedOccurrence
from allin_app.workflow import approvals

log = logging.getLogger(__name__)
HORIZON = timedelta(days=30)  # occurrences exist as posts this far ahead
FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY"}
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MAX_COUNT = 1000
PENDING = (PostStatus.draft, PostStatus.approved, PostStatus.scheduled, PostStatus.failed, PostStatus.rejected,
           PostStatus.in_review, PostStatus.held)  # not yet going out


@dataclass(frozen=True)
class SeriesRule:
    """The recurrence form. `starts_on`/`at` default to the source post's scheduled time."""

    frequency: str = "weekly"
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # weekly: 0 = Monday
    month_day: int | None = None  # monthly: 1-31 (months without that day are skipped)
    starts_on: date | None = None
    at: time | None = None
    timezone: str = ""  # "" = the post's zone
    until: date | None = None
    count: int | None = None
    skip_dates: tuple[date, ...] = ()
    variants: tuple[str, ...] = ()  # further texts, taken in turn after the post's own


@dataclass(frozen=True)
class Occurrence:
    index: int  # its place in the whole series, from 0: picks the text
    on: date  # local date
    at: datetime  # UTC


# --- the rule --------------------------------------------------------------------------------


def rrule_text(rule: SeriesRule) -> str:
    """The RFC 5545 RRULE for the form, e.g. FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;COUNT=10."""
    parts = [f"FREQ={FREQUENCIES[rule.frequency]}", f"INTERVAL={rule.interval}"]
    if rule.frequency == "weekly":
        parts.append("BYDAY=" + ",".join(DAY_CODES[day] for day in sorted(set(rule.weekdays))))
    if rule.frequency == "monthly":
        parts.append(f"BYMONTHDAY={rule.month_day}")
    if rule.count:
        parts.append(f"COUNT={rule.count}")
    if rule.until:
        parts.append(f"UNTIL={rule.until:%Y%m%d}T235959")  # local, like the start (RFC 5545 3.3.10)
    return ";".join(parts)


def rule_of(series: RecurringSeries) -> SeriesRule:
    """The form back from a stored series (to edit it)."""
    fields = dict(part.split("=", 1) for part in series.rule.split(";"))
    start = as_utc(series.starts_at).astimezone(service.zone(series.timezone))
    frequency = next(name for name, code in FREQUENCIES.items() if code == fields["FREQ"])
    return SeriesRule(
        frequency=frequency, interval=int(fields.get("INTERVAL", 1)),
        weekdays=tuple(DAY_CODES.index(code) for code in fields["BYDAY"].split(",")) if "BYDAY" in fields else (),
        month_day=int(fields["BYMONTHDAY"]) if "BYMONTHDAY" in fields else None,
        starts_on=start.date(), at=start.time().replace(tzinfo=None), timezone=series.timezone,
        until=datetime.strptime(fields["UNTIL"][:8], "%Y%m%d").date() if "UNTIL" in fields else None,
        count=int(fields["COUNT"]) if "COUNT" in fields else None,
        skip_dates=tuple(date.fromisoformat(day) for day in series.skip_dates), variants=tuple(series.variants))


def describe(series: RecurringSeries) -> str:
    """In words: "Every 2 weeks on Mon, Wed at 09:00 (Europe/Paris), 10 times"."""
    rule = rule_of(series)
    unit = {"daily": "day", "weekly": "week", "monthly": "month"}[rule.frequency]
    words = f"Every {unit}" if rule.interval == 1 else f"Every {rule.interval} {unit}s"
    if rule.frequency == "weekly":
        words += " on " + ", ".join(DAY_CODES[d].title() for d in rule.weekdays)
    if rule.frequency == "monthly":
        words += f" on day {rule.month_day}"
    words += f" at {rule.at:%H:%M} ({series.timezone})"
    if rule.count:
        words += f", {rule.count} times"
    if rule.until:
        words += f", until {rule.until:%d %b %Y}"
    return words


def _checked(rule: SeriesRule) -> SeriesRule:
    if rule.frequency not in FREQUENCIES:
        raise ValidationFailed("frequency", "Repeat daily, weekly or monthly.")
    if not 1 <= rule.interval <= 365:
        raise ValidationFailed("interval", "Repeat every 1 to 365 days, weeks or months.")
    if rule.frequency == "weekly" and not (rule.weekdays and all(d in range(7) for d in rule.weekdays)):
        raise ValidationFailed("weekdays", "Pick at least one day of the week.")
    if rule.frequency == "monthly" and not (rule.month_day and 1 <= rule.month_day <= 31):
        raise ValidationFailed("month_day", "Pick a day of the month from 1 to 31.")
    if rule.count is not None and rule.until is not None:
        raise ValidationFailed("count", "End after a number of times or on a date, not both.")
    if rule.count is not None and not 1 <= rule.count <= MAX_COUNT:
        raise ValidationFailed("count", f"Repeat from 1 to {MAX_COUNT} times.")
    if any(len(text) > posts.MAX_TEXT for text in rule.variants):
        raise ValidationFailed("variants", f"A text can hold at most {posts.MAX_TEXT:,} characters.")
    return rule


def _check_until(rule: SeriesRule, start: datetime, zone_name: str) -> None:
    if rule.until is not None and rule.until < start.astimezone(service.zone(zone_name)).date():
        raise ValidationFailed("until", "The end date is before the first post.")


def occurrences(series: RecurringSeries, after: datetime, until: datetime) -> list[Occurrence]:
    """The series' occurrences after `after` up to `until`, skipped dates left out (as EXDATE would)."""
    where = service.zone(series.timezone)
    first = as_utc(series.starts_at).astimezone(where).replace(tzinfo=None)
    skipped, found = set(series.skip_dates), []
    for index, local in enumerate(rrulestr(series.rule, dtstart=first)):
        moment = as_utc(local.replace(tzinfo=where))
        if moment > until:
            break
        if moment > after and local.date().isoformat() not in skipped:
            found.append(Occurrence(index, local.date(), moment))
    return found


def _has_more(series: RecurringSeries, after: datetime) -> bool:
    where = service.zone(series.timezone)
    first = as_utc(series.starts_at).astimezone(where).replace(tzinfo=None)
    return rrulestr(series.rule, dtstart=first).after(as_utc(after).astimezone(where).replace(tzinfo=None)) is not None


# --- creating and changing a series ----------------------------------------------------------


def create_series(db: Session, actor: Actor, post_id: int, rule: SeriesRule) -> RecurringSeries:
    """Repeat the post: it becomes the series' model (taken off the schedule if it was on it)."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    if post.series_id is not None:
        raise Conflict("This post is one occurrence of a series: change the series instead.")
    if series_for_post(db, actor, post.id) is not None:
        raise Conflict("This post repeats already: change its series instead.")
    service._check_publishable(db, actor, post)
    rule = _checked(rule)
    zone_name, start = _start(db, post, rule)
    _check_until(rule, start, zone_name)
    _check_variants_fit(db, post, rule.variants)
    if post.status == PostStatus.scheduled:
        service.unschedule(db, actor, post.id)  # the first occurrence goes out in its place
    series = RecurringSeries(org_id=post.org_id, source_post_id=post.id, created_by_user_id=actor.user_id,
                             timezone=zone_name, starts_at=start, rule=rrule_text(rule))
    _apply(series, rule)
    db.add(series)
    db.flush()
    record_audit(db, "series.created", actor_user_id=actor.user_id, org_id=post.org_id, target=f"series:{series.id}",
                 detail=series.rule)
    materialize_series(db, series, utcnow())
    return series


def _start(db: Session, post: Post, rule: SeriesRule) -> tuple[str, datetime]:
    """The series' zone and its first moment (UTC), from the form or the post's scheduled time."""
    where = service.zone(rule.timezone) if rule.timezone else service.post_zone(db, post)
    planned = as_utc(post.scheduled_at).astimezone(where) if post.scheduled_at else None
    starts_on = rule.starts_on or (planned.date() if planned else None)
    at = rule.at or (planned.time().replace(tzinfo=None) if planned else None)
    if starts_on is None or at is None:
        raise ValidationFailed("starts_on", "Pick the first date and the time of day.")
    return where.key, as_utc(datetime.combine(starts_on, at.replace(second=0, microsecond=0), where))


def _apply(series: RecurringSeries, rule: SeriesRule) -> None:
    series.skip_dates = sorted({day.isoformat() for day in rule.skip_dates})
    series.variants = [text for text in rule.variants if text.strip()]


def _check_variants_fit(db: Session, post: Post, variants: tuple[str, ...]) -> None:
    networks, media = {t.network for t in posts.targets_of(db, post)}, posts.media_of(db, post)
    for number, text in enumerate((v for v in variants if v.strip()), start=1):
        draft = posts.PostDraft(text=text, overrides=post.overrides, title=post.title, link=post.link,
                                first_comment=post.first_comment, options=post.options)
        if problems := posts.fit_problems(draft, networks, media):
            raise posts.invalid([(f"variants.{number}", f"Text {number + 1}: {problem}")
                                 for found in problems.values() for problem in found])


def get_series(db: Session, actor: Actor, series_id: int) -> RecurringSeries:
    series = db.get(RecurringSeries, series_id)
    if series is None or series.org_id != actor.org_id or series.ended_at is not None:
        raise NotFound("Recurring series not found.")
    source = db.get(Post, series.source_post_id)
    if source is not None and source.deleted_at is None:
        posts.get_post(db, actor, source.id)  # a team member sees the series of posts they see
    return series


def occurrence_posts(db: Session, series: RecurringSeries) -> list[Post]:
    """The series' posts that exist now (past and upcoming), in date order."""
    return list(db.exec(select(Post).where(Post.series_id == series.id, Post.deleted_at == None)
                        .order_by(Post.occurs_on)))


def _series_to_change(db: Session, actor: Actor, series_id: int) -> RecurringSeries:
    series = get_series(db, actor, series_id)
    source = db.get(Post, series.source_post_id)
    target = posts.target_of(source) if source else Target(org_id=series.org_id, owner_id=series.created_by_user_id)
    require(actor, Permission.schedule_content, target)
    return series


def series_for_post(db: Session, actor: Actor, post_id: int) -> RecurringSeries | None:
    """The live series the post is the model of, or an occurrence of."""
    post = posts.get_post(db, actor, post_id)
    if post.series_id is not None:
        series = db.get(RecurringSeries, post.series_id)
    else:
        series = db.exec(select(RecurringSeries).where(RecurringSeries.source_post_id == post.id,
                                                       RecurringSeries.ended_at == None)).first()
    return series if series is not None and series.ended_at is None else None


def update_series(db: Session, actor: Actor, series_id: int, rule: SeriesRule) -> RecurringSeries:
    """"All": a new rule, and future occurrences not yet going out made again from the model post."""
    series = _series_to_change(db, actor, series_id)
    source = posts.get_post(db, actor, series.source_post_id)
    service._check_publishable(db, actor, source)
    rule = _checked(rule)
    zone_name, start = _start(db, source, rule if rule.starts_on and rule.at else _keep_start(series, rule))
    _check_until(rule, start, zone_name)
    _check_variants_fit(db, source, rule.variants)
    series.timezone, series.starts_at, series.rule = zone_name, start, rrule_text(rule)
    _apply(series, rule)
    removed = _withdraw_future(db, series, utcnow())
    record_audit(db, "series.updated", actor_user_id=actor.user_id, org_id=series.org_id,
                 target=f"series:{series.id}", detail=f"{series.rule}; {removed} upcoming made again")
    materialize_series(db, series, utcnow())
    return series


def _keep_start(series: RecurringSeries, rule: SeriesRule) -> SeriesRule:
    kept = rule_of(series)
    return SeriesRule(frequency=rule.frequency, timezone=rule.timezone or series.timezone,
                      starts_on=rule.starts_on or kept.starts_on, at=rule.at or kept.at)


def delete_series(db: Session, actor: Actor, series_id: int) -> int:
    """Stop repeating: future occurrences not yet going out are deleted; the model post stays."""
    series = _series_to_change(db, actor, series_id)
    now = utcnow()
    removed = _withdraw_future(db, series, now, keep_link=True)
    series.ended_at = now
    record_audit(db, "series.deleted", actor_user_id=actor.user_id, org_id=series.org_id,
                 target=f"series:{series.id}", detail=f"{removed} upcoming posts deleted")
    return removed


def _withdraw_future(db: Session, series: RecurringSeries, now: datetime, keep_link: bool = False) -> int:
    """Delete the series' future occurrences that have not started going out. Unless `keep_link`, they
    also leave the series, so the series may make their dates again."""
    upcoming = db.exec(select(Post).where(Post.series_id == series.id, Post.deleted_at == None,
                                          Post.status.in_(PENDING), Post.scheduled_at > now)).all()
    for post in upcoming:
        post.deleted_at = now
        if not keep_link:
            post.series_id = None
    return len(upcoming)


# --- one occurrence on its own ("this one") --------------------------------------------------


def detach_occurrence(db: Session, actor: Actor, post_id: int) -> Post:
    """The post leaves its series (changes to "all" no longer touch it); its date is not made again."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.edit_content, posts.target_of(post))
    if post.series_id is None or post.occurs_on is None:
        raise Conflict("This post is not an occurrence of a recurring series.")
    db.add(SkippedOccurrence(series_id=post.series_id, occurs_on=post.occurs_on, post_id=post.id))
    post.series_id = None
    return post


def edit_occurrence(db: Session, actor: Actor, post_id: int, draft: posts.PostDraft) -> Post:
    detach_occurrence(db, actor, post_id)
    return posts.update_post(db, actor, post_id, draft)


def delete_occurrence(db: Session, actor: Actor, post_id: int) -> None:
    post = posts.get_post(db, actor, post_id)
    if post.series_id is None or post.occurs_on is None:
        raise Conflict("This post is not an occurrence of a recurring series.")
    posts.delete_posts(db, actor, [post.id])
    db.add(SkippedOccurrence(series_id=post.series_id, occurs_on=post.occurs_on))


# --- making the occurrences ------------------------------------------------------------------


def materialize_series(db: Session, series: RecurringSeries, now: datetime) -> int:
    """Make the series' posts due within the horizon that do not exist yet; end a series that is done."""
    source = db.get(Post, series.source_post_id)
    if source is None or source.deleted_at is not None:
        series.ended_at = now
        return 0
    made = _made_dates(db, series)
    due = [o for o in occurrences(series, now, now + HORIZON) if o.on not in made]
    actor = _series_actor(db, series) if due else None
    for occurrence in due:
        _make_occurrence(db, actor, series, source, occurrence)
    if not _has_more(series, now):
        series.ended_at = now
    return len(due)


def _made_dates(db: Session, series: RecurringSeries) -> set[date]:
    made = set(db.exec(select(Post.occurs_on).where(Post.series_id == series.id)))
    return made | set(db.exec(select(SkippedOccurrence.occurs_on).where(SkippedOccurrence.series_id == series.id)))


def _series_actor(db: Session, series: RecurringSeries) -> Actor:
    """Occurrences are made as the person who set the series up, with their rights of today."""
    user = db.get(User, series.created_by_user_id)
    if user is None or not user.is_active:
        raise NotFound("The person who set up this series is no longer here.")
    return orgs.actor_for(db, user, series.org_id)


def _make_occurrence(db: Session, actor: Actor, series: RecurringSeries, source: Post, occ: Occurrence) -> Post:
    texts = [source.text, *series.variants]
    accounts = tuple(t.account_id for t in posts.targets_of(db, source))
    draft = posts.PostDraft(text=texts[occ.index % len(texts)], overrides=source.overrides, account_ids=accounts,
                            media_ids=tuple(m.id for m in posts.media_of(db, source) if m.deleted_at is None),
                            campaign_id=source.campaign_id, title=source.title, link=source.link,
                            first_comment=source.first_comment, options=source.options)
    post = posts.create_post(db, actor, draft)
    post.series_id, post.occurs_on, post.assignee_user_id = series.id, occ.on, source.assignee_user_id
    db.flush()
    if approvals.copy_approval(db, source, post) or approvals.cleared_for(db, actor, post):
        service.schedule_post(db, actor, post.id, occ.at, series.timezone)
    else:  # words nobody approved yet (a variant): to review, keeping its time; held if still pending then
        approvals.submit_scheduled(db, actor, post, occ.at, series.timezone)
    return post


def materialize_due_series(now: datetime | None = None) -> int:
    """The periodic job: every live series gets its posts for the horizon, one transaction per series."""
    now = now or utcnow()
    with session_scope() as db:
        ids = list(db.exec(select(RecurringSeries.id).where(RecurringSeries.ended_at == None)))
    made = 0
    for series_id in ids:
        try:
            with session_scope() as db:
                made += materialize_series(db, db.get(RecurringSeries, series_id), now)
        except DomainError as exc:
            log.warning("recurring series %s: occurrences not made: %s", series_id, exc.message)
    return made

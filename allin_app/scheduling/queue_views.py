"""REST routes of queues and recurring posts: an account's posting times (/api/v1/accounts/{id}/queue),
adding a post to the queue or repeating it (/api/v1/content/{id}/queue|series), and series
(/api/v1/series/{id})."""

from __future__ import annotations

from datetime import date, datetime, time

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.content import service as posts
from allin_app.content.views import PostOut, post_out
from allin_app.core.rbac import Actor
from allin_app.scheduling import queues, recurring
from allin_app.scheduling.models import RecurringSeries

router = APIRouter(prefix="/api/v1", tags=["scheduling"])
UPCOMING = 10


class SlotIn(BaseModel):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    at: time = Field(description="Local time in the organization's time zone, e.g. 09:00")


class QueueIn(BaseModel):
    slots: list[SlotIn] = []
    paused: bool = False


class SlotOut(BaseModel):
    id: int
    weekday: int
    at: str


class UpcomingOut(BaseModel):
    at: datetime
    free: bool
    post_id: int | None = Field(description="None when free, or when the post is not yours to see")
    excerpt: str


class ConflictOut(BaseModel):
    earlier_post_id: int
    later_post_id: int
    movable_post_id: int | None = Field(description="What POST /content/{id}/queue/resolve moves; None: both by hand")


class QueueOut(BaseModel):
    account_id: int
    timezone: str
    paused: bool
    slots: list[SlotOut]
    upcoming: list[UpcomingOut]
    conflicts: list[ConflictOut]


class QueueRequest(BaseModel):
    priority: bool = False


class ResolveIn(BaseModel):
    account_id: int


class ResolvedOut(BaseModel):
    post_id: int
    account_id: int
    scheduled_at: datetime


class QueuedOut(BaseModel):
    post: PostOut
    times: dict[int, datetime] = Field(description="account id -> when the post goes out there")
    warnings: list[str]


class SeriesIn(BaseModel):
    frequency: str = Field("weekly", description="daily, weekly or monthly")
    interval: int = Field(1, description="every N days, weeks or months")
    weekdays: list[int] = Field([], description="weekly: 0 = Monday … 6 = Sunday")
    month_day: int | None = Field(None, description="monthly: 1-31; months without that day are skipped")
    starts_on: date | None = Field(None, description="first date; default: the post's scheduled date")
    at: time | None = Field(None, description="local time of day; default: the post's scheduled time")
    timezone: str = Field("", description="default: the post's, else the organization's")
    until: date | None = None
    count: int | None = None
    skip_dates: list[date] = []
    variants: list[str] = Field([], description="further texts, used in turn after the post's own")

    def rule(self) -> recurring.SeriesRule:
        return recurring.SeriesRule(**{**self.model_dump(), "weekdays": tuple(self.weekdays),
                                       "skip_dates": tuple(self.skip_dates), "variants": tuple(self.variants)})


class OccurrenceOut(BaseModel):
    post_id: int
    occurs_on: date
    scheduled_at: datetime | None
    status: str


class SeriesOut(BaseModel):
    id: int
    source_post_id: int
    rule: str = Field(description="RFC 5545 RRULE")
    description: str
    timezone: str
    starts_at: datetime
    skip_dates: list[str]
    variants: list[str]
    ended_at: datetime | None
    occurrences: list[OccurrenceOut]


def _queue_out(db: Session, actor: Actor, view: queues.QueueView) -> QueueOut:
    def upcoming(slot: queues.SlotView) -> UpcomingOut:
        post = slot.booking.post if slot.booking else None
        seen = post is not None and posts.may_see(actor, post)
        return UpcomingOut(at=slot.when, free=post is None, post_id=post.id if seen else None,
                           excerpt=queues.excerpt(post) if seen else "")

    queue = view.queue
    return QueueOut(
        account_id=queue.account.id, timezone=queues.org_zone(db, queue.account.org_id).key, paused=queue.paused,
        slots=[SlotOut(id=s.id, weekday=s.weekday, at=f"{s.at:%H:%M}") for s in queue.slots],
        upcoming=[upcoming(slot) for slot in view.upcoming],
        conflicts=[ConflictOut(earlier_post_id=c.earlier.post.id, later_post_id=c.later.post.id,
                               movable_post_id=c.movable.post.id if c.movable else None) for c in view.conflicts])


def _series_out(db: Session, series: RecurringSeries) -> SeriesOut:
    return SeriesOut(id=series.id, source_post_id=series.source_post_id, rule=series.rule,
                     description=recurring.describe(series), timezone=series.timezone, starts_at=series.starts_at,
                     skip_dates=series.skip_dates, variants=series.variants, ended_at=series.ended_at,
                     occurrences=[OccurrenceOut(post_id=p.id, occurs_on=p.occurs_on, scheduled_at=p.scheduled_at,
                                                status=p.status) for p in recurring.occurrence_posts(db, series)])


@router.get("/accounts/{account_id}/queue", response_model=QueueOut,
            summary="An account's posting times, its next slots and what fills them, and its conflicts")
def get_queue(account_id: int, caller: CurrentCaller, db: DbSession) -> QueueOut:
    return _queue_out(db, caller.actor, queues.queue_view(db, caller.actor, account_id, UPCOMING))


@router.put("/accounts/{account_id}/queue", response_model=QueueOut,
            summary="Replace an account's posting times and pause or resume its queue")
def put_queue(account_id: int, body: QueueIn, caller: CurrentCaller, db: DbSession) -> QueueOut:
    queues.set_queue(db, caller.actor, account_id, [(s.weekday, s.at) for s in body.slots], body.paused)
    return _queue_out(db, caller.actor, queues.queue_view(db, caller.actor, account_id, UPCOMING))


@router.post("/content/{post_id}/queue", response_model=QueuedOut,
             summary="Add a post to its accounts' queues (priority: the first slot, others move back)")
def add_to_queue(post_id: int, body: QueueRequest, caller: CurrentCaller, db: DbSession) -> QueuedOut:
    done = queues.add_to_queue(db, caller.actor, post_id, body.priority)
    return QueuedOut(post=post_out(db, done.post), times=done.times, warnings=done.warnings)


@router.post("/content/{post_id}/queue/resolve", response_model=ResolvedOut,
             summary="Move a queued post off a clash on one account, to that account's next free slot")
def resolve(post_id: int, body: ResolveIn, caller: CurrentCaller, db: DbSession) -> ResolvedOut:
    when = queues.resolve_conflict(db, caller.actor, post_id, body.account_id)
    return ResolvedOut(post_id=post_id, account_id=body.account_id, scheduled_at=when)


@router.post("/content/{post_id}/series", response_model=SeriesOut, status_code=201,
             summary="Repeat a post: daily, weekly or monthly (stored as an RFC 5545 rule)")
def create_series(post_id: int, body: SeriesIn, caller: CurrentCaller, db: DbSession) -> SeriesOut:
    series = recurring.create_series(db, caller.actor, post_id, body.rule())
    db.flush()
    return _series_out(db, series)


@router.get("/series/{series_id}", response_model=SeriesOut, summary="A recurring series and its posts")
def get_series(series_id: int, caller: CurrentCaller, db: DbSession) -> SeriesOut:
    return _series_out(db, recurring.get_series(db, caller.actor, series_id))


@router.put("/series/{series_id}", response_model=SeriesOut,
            summary="Change a series: its rule, and its upcoming posts made again from the model post")
def update_series(series_id: int, body: SeriesIn, caller: CurrentCaller, db: DbSession) -> SeriesOut:
    series = recurring.update_series(db, caller.actor, series_id, body.rule())
    db.flush()
    return _series_out(db, series)


@router.delete("/series/{series_id}", status_code=204,
               summary="Stop a series: its upcoming posts are deleted; published ones and the model post stay")
def delete_series(series_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    recurring.delete_series(db, caller.actor, series_id)
    return Response(status_code=204)

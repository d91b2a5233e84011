"""REST routes of scheduling: schedule or publish a post (/api/v1/content/{id}/...), and the health
check that fails when posts are not going out (/api/v1/health)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.content.views import PostOut, post_out
from allin_app.core.db import session_scope
from allin_app.core.errors import ValidationFailed
from allin_app.scheduling import queues, service
from allin_app.scheduling.health import scheduler_health

router = APIRouter(prefix="/api/v1", tags=["scheduling"])


class ScheduleIn(BaseModel):
    scheduled_at: datetime | None = None
    timezone: str = ""
    queue: bool = False  # instead of a time: the next free slot of each account's queue
    priority: bool = False


class ScheduledOut(BaseModel):
    post: PostOut
    warnings: list[str]


@router.post("/content/{post_id}/schedule", response_model=ScheduledOut,
             summary="Schedule a post: an ISO 8601 time with its offset")
def schedule(post_id: int, body: ScheduleIn, caller: CurrentCaller, db: DbSession) -> ScheduledOut:
    if body.queue:
        queued = queues.add_to_queue(db, caller.actor, post_id, priority=body.priority)
        db.flush()
        return ScheduledOut(post=post_out(db, queued.post), warnings=queued.warnings)
    if body.scheduled_at is None:
        raise ValidationFailed("scheduled_at", 'Give scheduled_at, e.g. 2026-12-01T09:00:00+01:00, or "queue": true.')
    done = service.schedule_post(db, caller.actor, post_id, body.scheduled_at, body.timezone)
    db.flush()
    return ScheduledOut(post=post_out(db, done.post), warnings=done.warnings)


@router.post("/content/{post_id}/publish", response_model=ScheduledOut, summary="Publish a post now")
def publish_now(post_id: int, caller: CurrentCaller, db: DbSession) -> ScheduledOut:
    done = service.publish_now(db, caller.actor, post_id)
    db.flush()
    return ScheduledOut(post=post_out(db, done.post), warnings=done.warnings)


@router.get("/health", summary="Is the publisher running and keeping up? 503 when not")
def health() -> JSONResponse:
    with session_scope() as db:
        found = scheduler_health(db)
    body = {"status": "ok" if found.healthy else "failing", "problems": list(found.problems),
            "last_tick": found.last_tick.isoformat() if found.last_tick else None,
            "due_unclaimed": found.due_unclaimed,
            "oldest_overdue": found.oldest_overdue.isoformat() if found.oldest_overdue else None}
    return JSONResponse(body, status_code=200 if found.healthy else 503)

"""Is the publisher alive and keeping up? Read by admins in the app and by `GET /api/v1/health`,
which, unlike a bare liveness check, fails when posts are not going out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from allin_app.content.models import PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.scheduling.models import SchedulerBeat

STALE_TICK = timedelta(minutes=1)  # the publisher ticks every few seconds
OVERDUE = timedelta(minutes=3)  # a due post this late means the publisher is not keeping up


@dataclass(frozen=True)
class SchedulerHealth:
    last_tick: datetime | None
    due_unclaimed: int
    oldest_overdue: datetime | None
    problems: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        return not self.problems


def scheduler_health(db: Session, now: datetime | None = None) -> SchedulerHealth:
    now = now or utcnow()
    last = db.exec(select(func.max(SchedulerBeat.ticked_at))).one()
    due = (PostTarget.status == PostStatus.scheduled, PostTarget.scheduled_at <= now,
           or_(PostTarget.next_attempt_at == None, PostTarget.next_attempt_at <= now))
    count = db.exec(select(func.count()).select_from(PostTarget).where(*due)).one()
    oldest = db.exec(select(func.min(PostTarget.scheduled_at)).where(*due)).one()
    last, oldest = (as_utc(last) if last else None), (as_utc(oldest) if oldest else None)
    problems = []
    if last is None or now - last > STALE_TICK:
        problems.append("The publisher has not run " + (f"since {last:%Y-%m-%d %H:%M:%S} UTC." if last else "yet."))
    if oldest is not None and now - oldest > OVERDUE:
        problems.append(f"{count} due post{'s' if count != 1 else ''} waiting, the oldest since "
                        f"{oldest:%Y-%m-%d %H:%M:%S} UTC.")
    return SchedulerHealth(last, count, oldest, tuple(problems))

"""Is the publisher alive and keeping up? Read by admins in the app and by `GET /api/v1/health`,
which, unlike a bare liveness check, fails when posts are not going out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.content.models import PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.core.rbac import Actor, Permission, require
from allin_app.scheduling.models import SchedulerBeat
from allin_app.workflow.notifications import notify

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
    last = db.exec(select(func.max(SchedulerBeat.ticked_at)).where(SchedulerBeat.worker != ALERT_MARK)).one()
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


def publisher_health(db: Session, actor: Actor) -> SchedulerHealth:
    """For the Admin page: super admins only."""
    require(actor, Permission.platform_settings)
    return scheduler_health(db)


OVERDUE_ALERT_EVERY = timedelta(minutes=30)
ALERT_MARK = "alert:overdue"  # a SchedulerBeat row whose time is the last overdue alert


def alert_if_overdue(now: datetime | None = None) -> bool:
    """Tell the platform's super admins (bell and mail) when due posts are not going out; at most
    every half hour while it lasts."""
    now = now or utcnow()
    with session_scope() as db:
        found = scheduler_health(db, now)
        overdue = found.oldest_overdue is not None and now - found.oldest_overdue > OVERDUE
        mark = db.get(SchedulerBeat, ALERT_MARK)
        if not overdue or (mark is not None and now - as_utc(mark.ticked_at) < OVERDUE_ALERT_EVERY):
            return False
        db.add(SchedulerBeat(worker=ALERT_MARK, ticked_at=now) if mark is None else mark)
        if mark is not None:
            mark.ticked_at = now
        admins = db.exec(select(User).where(User.is_superadmin == True, User.is_active == True)).all()
        for admin in admins:
            if admin.home_org_id:
                notify(db, admin.home_org_id, [admin.id], "accounts", "publisher_overdue",
                       "Posts are not going out", " ".join(found.problems), "/admin")
        return True

"""The in-process job runner (APScheduler), started with the app. One worker per host leads (a file
lock); jobs themselves claim their rows, so workers on several hosts never do one thing twice."""

from __future__ import annotations

import contextlib
import fcntl
import logging

from apscheduler.schedulers.background import BackgroundScheduler

from allin_app.accounts.jobs import alert_accounts_ending_soon, read_quotas, refresh_due_accounts
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.scheduling import publisher, recurring
from allin_app.scheduling.health import alert_if_overdue

log = logging.getLogger(__name__)
PUBLISH_EVERY = 1  # seconds between the publisher's ticks: the lateness of a due post


def build_scheduler() -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(refresh_due_accounts, "interval", seconds=60, id="refresh-tokens", replace_existing=True)
    scheduler.add_job(alert_accounts_ending_soon, "interval", hours=1, id="expiry-alerts", replace_existing=True)
    scheduler.add_job(read_quotas, "interval", minutes=15, id="posting-quotas", replace_existing=True)
    # First tick at start-up: posts that came due while the app was down go out, or are marked missed.
    scheduler.add_job(recurring.materialize_due_series, "interval", minutes=10, id="recurring-series",
                      replace_existing=True, next_run_time=utcnow())
    scheduler.add_job(alert_if_overdue, "interval", minutes=1, id="overdue-alerts", replace_existing=True)
    scheduler.add_job(publisher.tick, "interval", seconds=PUBLISH_EVERY, id="publisher", replace_existing=True,
                      next_run_time=utcnow())
    return scheduler


@contextlib.asynccontextmanager
async def scheduler_lifespan():
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = open(settings.data_dir / "scheduler.lock", "w")  # noqa: ASYNC230, SIM115 - once, held for the app's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        log.info("another worker on this host runs the jobs")
        yield
        return
    scheduler = build_scheduler()
    scheduler.start()
    log.info("job runner started")
    try:
        yield
    finally:
        scheduler.shutdown(wait=False)
        lock.close()

"""The in-process job runner (APScheduler), started with the app. One worker per host leads (a file
lock); jobs themselves claim their rows, so workers on several hosts never do one thing twice."""

from __future__ import annotations

import contextlib
import fcntl
import logging

from apscheduler.schedulers.background import BackgroundScheduler

from allin_app.accounts.jobs import alert_accounts_ending_soon, read_quotas, refresh_due_accounts
from allin_app.analytics import collector, competitor_collector
from allin_app.analytics.report_schedules import send_due_reports
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.scheduling import publisher, recurring
from allin_app.scheduling.health import alert_if_overdue
from allin_app.workflow.digest import send_due_digests
from allin_app.workflow.tasks import alert_due_tasks

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
    scheduler.add_job(collector.collect, "interval", minutes=collector.RUN_EVERY_MINUTES, id="metrics",
                      replace_existing=True)
    # Each competitor is read once a day; the hourly tick picks those due.
    scheduler.add_job(competitor_collector.collect_competitors, "interval", hours=1, id="competitors",
                      replace_existing=True)
    # Digests go out at 08:00 in each person's zone: a tick every 5 minutes sends them by 08:05.
    scheduler.add_job(send_due_digests, "interval", minutes=5, id="email-digests", replace_existing=True)
    scheduler.add_job(alert_due_tasks, "interval", minutes=5, id="task-deadlines", replace_existing=True)
    # Scheduled reports go out at the hour they were set for (organization's zone), by five past.
    scheduler.add_job(send_due_reports, "interval", minutes=5, id="report-schedules", replace_existing=True)
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

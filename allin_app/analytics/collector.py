"""The metric collector: a periodic job that reads published posts' counters and accounts' followers
through the network adapters, with the tokens each account keeps, stores the readings and rolls them up.

How often a post is read follows its age: every 15 minutes in its first day, hourly in its first
week, daily in its first month, weekly until it is 90 days old, then never again (by then its figures
move by fractions of a percent). Followers are read
hourly. One account's trouble never stops the others: an ended token is skipped (the account's health
shows it and the token jobs deal with it), a refused or missing post is skipped until its next turn.
Each run raises `analytics.updated` once per organization with the local days it changed.

Several workers may run it: a second reading at another moment only adds a raw row, and the rollups
take each day's latest reading, so the figures stay the same.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import httpx
from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.analytics import events, rollups
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.models import AccountSnapshot, PostTotal
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.orgs.models import Organization
from allin_app.platforms.base import AccountMetrics, AuthExpired, NotFound, PlatformError, PostMetrics, RateLimited
from allin_app.platforms.registry import adapter_for

log = logging.getLogger(__name__)
CADENCE = ((timedelta(days=1), timedelta(minutes=15)), (timedelta(days=7), timedelta(hours=1)),
           (timedelta(days=30), timedelta(days=1)), (timedelta(days=90), timedelta(days=7)))
STOP_AFTER = CADENCE[-1][0]
FOLLOWERS_EVERY = timedelta(hours=1)
RUN_EVERY_MINUTES = 5  # the runner's interval: a due reading waits at most this long


def cadence(age: timedelta) -> timedelta | None:
    """How often a post of this age is read; None once it is too old to change."""
    return next((every for limit, every in CADENCE if age < limit), None)


def is_due(published_at: datetime, last_read: datetime | None, now: datetime) -> bool:
    every = cadence(now - as_utc(published_at))
    return every is not None and (last_read is None or now - as_utc(last_read) >= every)


@dataclass
class Work:
    """What one account is due for in this run."""

    account_id: int
    target_ids: list[int] = field(default_factory=list)
    followers: bool = False


@dataclass
class Report:
    posts_read: int = 0
    accounts_read: int = 0
    skipped_accounts: list[int] = field(default_factory=list)
    failed_reads: int = 0
    days: dict[int, set[date]] = field(default_factory=lambda: defaultdict(set))  # org -> local days changed


def collect(now: datetime | None = None, client: httpx.Client | None = None) -> Report:
    """One run: read everything that is due at `now`, roll it up, tell subscribers what changed."""
    now = now or utcnow()
    report = Report()
    with session_scope() as db:
        work = due_work(db, now)
    for item in work:
        try:
            _collect_account(item, now, client, report)
        except Exception:
            log.exception("collecting metrics of account %s failed", item.account_id)
            report.skipped_accounts.append(item.account_id)
    for org_id, days in report.days.items():
        if days:
            events.emit(events.ANALYTICS_UPDATED, {"org_id": org_id, "days": sorted(d.isoformat() for d in days),
                                                   "at": now.isoformat()})
    return report


def due_work(db: Session, now: datetime) -> list[Work]:
    """Every active account with posts due for a reading or followers due, in account order."""
    live = (SocialAccount.disconnected_at == None, SocialAccount.status == "active")
    rows = db.exec(select(PostTarget.id, PostTarget.account_id, PostTarget.published_at, PostTotal.last_collected_at)
                   .join(SocialAccount, SocialAccount.id == PostTarget.account_id)
                   .outerjoin(PostTotal, PostTotal.target_id == PostTarget.id)
                   .where(PostTarget.status == PostStatus.published, PostTarget.external_id != None,
                          PostTarget.published_at > now - STOP_AFTER, PostTarget.published_at <= now, *live))
    work: dict[int, Work] = {}
    for target_id, account_id, published_at, last_read in rows:
        if is_due(published_at, last_read, now):
            work.setdefault(account_id, Work(account_id)).target_ids.append(target_id)
    for account_id in db.exec(select(SocialAccount.id).where(*live)):
        last = db.exec(select(func.max(AccountSnapshot.captured_at))
                       .where(AccountSnapshot.account_id == account_id)).one()
        if last is None or now - as_utc(last) >= FOLLOWERS_EVERY:
            work.setdefault(account_id, Work(account_id)).followers = True
    return [work[account_id] for account_id in sorted(work)]


def _collect_account(item: Work, now: datetime, client: httpx.Client | None, report: Report) -> None:
    with session_scope() as db:
        account = db.get(SocialAccount, item.account_id)
        tokens, profile, network, org_id = accounts.token_set(account), account.external_id, account.network, account.org_id
        targets = [(db.get(PostTarget, target_id)) for target_id in sorted(item.target_ids)]
        infos = [(rollups.target_info(db, t, db.get(Post, t.post_id)), t.external_id) for t in targets]
    adapter = adapter_for(network, client=client)
    readings: list[tuple[rollups.TargetInfo, PostMetrics]] = []
    followers: AccountMetrics | None = None
    try:
        for info, external_id in infos:
            try:
                readings.append((info, adapter.post_metrics(tokens, profile, external_id)))
            except (NotFound, RateLimited) as error:
                report.failed_reads += 1
                if isinstance(error, RateLimited):
                    break  # the network asked us to wait: the rest waits for the next run
            except AuthExpired:
                raise
            except PlatformError as error:
                report.failed_reads += 1
                log.info("reading post target %s failed: %s", info.target_id, error.message)
        if item.followers:
            followers = adapter.account_metrics(tokens, profile)
    except AuthExpired as error:
        log.info("account %s: access ended (%s); skipped", item.account_id, error.message)
        report.skipped_accounts.append(item.account_id)
        return
    except PlatformError as error:
        log.info("account %s: reading followers failed (%s)", item.account_id, error.message)
    with session_scope() as db:
        days = store_readings(db, org_id, item.account_id, now, readings, followers)
    report.posts_read += len(readings)
    report.accounts_read += followers is not None
    report.days[org_id] |= days


def store_readings(db: Session, org_id: int, account_id: int, now: datetime,
                   readings: list[tuple[rollups.TargetInfo, PostMetrics]],
                   followers: AccountMetrics | None) -> set[date]:
    """Write one account's readings of one moment and refresh the rollups of the days they touch."""
    zone = zone_of(db.get(Organization, org_id).timezone)
    touched: set[rollups.AccountDay] = set()
    for info, metrics in readings:
        touched |= rollups.record_post_reading(db, info, now, metrics, zone)
    if followers is not None:
        account = db.get(SocialAccount, account_id)
        account.followers = followers.followers
        touched |= rollups.record_account_reading(db, account_id, org_id, account.network, now, followers.followers,
                                                  followers.posts, zone)
    return {day for _org, day in rollups.refresh_days(db, touched)}

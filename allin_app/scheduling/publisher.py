"""The publisher: every few seconds, each worker claims due targets and publishes them through the
account's adapter, exactly once.

- A due target is claimed with a lease in one conditional UPDATE (PostgreSQL: SELECT ... FOR UPDATE
  SKIP LOCKED), so two workers never take the same one.
- Every try is written to the delivery ledger *before* the network is called; a worker that dies
  mid-call leaves an attempt without an outcome and a lease that runs out.
- When the outcome is unknown (a timeout, a lost reply, a dead worker), the target is never blindly
  retried: it is "verifying" until the account's recent posts on the network are read and the text
  sent is found (published) or not (retried). None of the ten networks takes an idempotency key,
  so this reading is what keeps a post from going out twice.
- Known failures retry with exponential backoff and jitter (rate limits wait as long as the network
  says); permanent ones (content rejected, access ended) fail at once with the network's reason.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import re
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.jobs import alert_managers
from allin_app.accounts.models import SocialAccount
from allin_app.content import links
from allin_app.content import service as posts
from allin_app.content.media_store import media_file_for
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.platforms.base import AuthExpired, PlatformError, PublishedPost, RateLimited, TokenSet, Transient
from allin_app.platforms.content import PostContent
from allin_app.platforms.registry import adapter_for
from allin_app.scheduling.models import DeliveryAttempt, PublishingSettings, SchedulerBeat
from allin_app.scheduling.service import publishing_settings
from allin_app.workflow import approval_hold
from allin_app.workflow.notifications import managers, notify

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
VERIFY_AFTER = timedelta(seconds=20)  # give the network a moment to list a post it may have made
MAX_ATTEMPTS = 6
BACKOFF_BASE, BACKOFF_CAP = 30, 3600  # seconds
BATCH = 25
QUOTA_RECHECK = timedelta(minutes=15)  # the quota reading is refreshed as often
RECONCILE_LOOKBACK = 25  # recent posts read when looking for an unknown outcome
WORKER = f"{socket.gethostname()}:{os.getpid()}"
DEFAULT_GRACE = PublishingSettings.model_fields["grace_minutes"].default
TERMINAL = {PostStatus.published, PostStatus.failed, "missed"}


@dataclass(frozen=True)
class Job:
    """What one publish needs, read in one transaction and used outside it."""

    target_id: int
    network: str
    account_id: int
    profile_id: str
    content: PostContent
    idempotency_key: str
    fingerprint: str
    attempt_number: int
    tokens: TokenSet | None = None  # decrypted for this one call, never stored


# --- the tick --------------------------------------------------------------------------------


def tick(worker: str = WORKER, client: httpx.Client | None = None, now: datetime | None = None) -> int:
    """One round: mark missed posts, rescue dead leases, verify, publish. Returns targets published."""
    now = now or utcnow()
    with session_scope() as db:
        _beat(db, worker, now)
        approval_hold.hold_due(db, now)  # before mark_missed: a post waiting for approval is never missed
        mark_missed(db, now)
        rescue_expired_leases(db, now)
    done = 0
    for target_id in claim(worker, now, "verifying"):
        done += reconcile(target_id, worker, client)
    for target_id in claim(worker, now, PostStatus.scheduled):
        done += publish(target_id, worker, client)
    if done:
        with session_scope() as db:
            db.get(SchedulerBeat, worker).published += done
    return done


def _beat(db: Session, worker: str, now: datetime) -> None:
    beat = db.get(SchedulerBeat, worker) or SchedulerBeat(worker=worker)
    beat.ticked_at = now
    db.add(beat)


def mark_missed(db: Session, now: datetime) -> int:
    """Targets that came due longer ago than the organization's grace window (the app was down) are
    missed, not published late; a person decides what to do with them."""
    missed = 0
    shortest = db.exec(select(func.min(PublishingSettings.grace_minutes))).one()
    cutoff = now - timedelta(minutes=min(shortest or DEFAULT_GRACE, DEFAULT_GRACE))
    for target in db.exec(select(PostTarget).where(PostTarget.status == PostStatus.scheduled,
                                                   PostTarget.attempts == 0, PostTarget.scheduled_at < cutoff)):
        grace = timedelta(minutes=publishing_settings(db, target.org_id).grace_minutes)
        if as_utc(target.scheduled_at) < now - grace:
            target.status = "missed"
            target.error = f"Not published: it was due at {as_utc(target.scheduled_at):%Y-%m-%d %H:%M} UTC while " \
                           "AllIN was not running, more than the grace window ago. Reschedule it."
            _settle_post(db, target.post_id)
            missed += 1
    return missed


def rescue_expired_leases(db: Session, now: datetime) -> int:
    """A worker died while publishing: the request may have reached the network, so verify first."""
    result = db.exec(update(PostTarget).where(PostTarget.status == PostStatus.publishing,
                                              PostTarget.lease_until < now)
                     .values(status="verifying", lease_until=None, next_attempt_at=now))
    return result.rowcount


def claim(worker: str, now: datetime, status: str) -> list[int]:
    """Take up to BATCH due targets in `status` with a lease; each is taken by one worker only."""
    due = and_(PostTarget.status == status, PostTarget.scheduled_at <= now,
               or_(PostTarget.next_attempt_at == None, PostTarget.next_attempt_at <= now))
    if status == PostStatus.scheduled:  # never a post whose approval is missing (it is held instead)
        due = and_(due, approval_hold.cleared_condition())
    lease = {"status": PostStatus.publishing if status == PostStatus.scheduled else "reconciling",
             "lease_until": now + LEASE, "locked_by": worker}
    with session_scope() as db:
        if db.bind.dialect.name == "postgresql":
            ids = select(PostTarget.id).where(due).order_by(PostTarget.scheduled_at).limit(BATCH) \
                .with_for_update(skip_locked=True)
            return list(db.exec(update(PostTarget).where(PostTarget.id.in_(ids.scalar_subquery()))
                                .values(**lease).returning(PostTarget.id)).scalars())
        candidates = list(db.exec(select(PostTarget.id).where(due).order_by(PostTarget.scheduled_at).limit(BATCH)))
        return [target_id for target_id in candidates
                if db.exec(update(PostTarget).where(PostTarget.id == target_id, due).values(**lease)).rowcount == 1]


# --- publishing one target -------------------------------------------------------------------


def publish(target_id: int, worker: str, client: httpx.Client | None) -> int:
    with session_scope() as db:
        job = _prepare(db, target_id, worker)
    if job is None:
        return 0
    try:
        published = adapter_for(job.network, client=client).publish(job.tokens, job.profile_id, job.content,
                                                                    job.idempotency_key)
    except PlatformError as error:
        with session_scope() as db:
            _failed(db, job, error)
        return 0
    with session_scope() as db:
        _published(db, job, published, "published")
    return 1


def _prepare(db: Session, target_id: int, worker: str) -> Job | None:
    """Read what to send and write the attempt to the ledger before anything leaves."""
    target = db.get(PostTarget, target_id)
    post = db.get(Post, target.post_id)
    account = db.get(SocialAccount, target.account_id)
    if post.deleted_at is not None or account is None or account.disconnected_at is not None:
        target.status, target.lease_until = PostStatus.failed, None
        target.error = "The post was deleted or its account disconnected before it went out."
        _settle_post(db, post.id)
        return None
    if _quota_used_up(account):  # wait for the network's window to free a slot instead of burning a failure
        target.status, target.lease_until = PostStatus.scheduled, None
        target.next_attempt_at = utcnow() + QUOTA_RECHECK
        target.error = f"Waiting: the network's posting quota ({account.quota_total} per day) is used up."
        return None
    media = [media_file_for(asset) for asset in posts.media_of(db, post)]
    content = posts.content_for(post, target.network, [])
    content = PostContent(text=content.text, link=links.link_for(db, post, target.network) or None,
                          media=tuple(media), title=content.title, first_comment=content.first_comment,
                          options=content.options)
    target.attempts += 1
    fingerprint = _fingerprint(content.text)
    number = _ledger_entry(db, target, worker, fingerprint)
    return Job(target.id, target.network, account.id, account.external_id, content, target.idempotency_key,
               fingerprint, number, accounts.token_set(account))


def _ledger_entry(db: Session, target: PostTarget, worker: str, fingerprint: str) -> int:
    """A new line in the target's ledger (a try, or a check of an unknown outcome); answers its number."""
    last = db.exec(select(DeliveryAttempt.number).where(DeliveryAttempt.target_id == target.id)
                   .order_by(DeliveryAttempt.number.desc())).first() or 0
    db.add(DeliveryAttempt(target_id=target.id, org_id=target.org_id, number=last + 1, worker=worker,
                           fingerprint=fingerprint))
    db.flush()
    return last + 1


def _quota_used_up(account: SocialAccount) -> bool:
    return account.quota_total is not None and (account.quota_used or 0) >= account.quota_total


def _published(db: Session, job: Job, post: PublishedPost, outcome: str) -> None:
    target = db.get(PostTarget, job.target_id)
    account = db.get(SocialAccount, job.account_id)
    if account.quota_total is not None:  # counted until the next reading from the network
        account.quota_used = (account.quota_used or 0) + 1
    target.status, target.external_id, target.url = PostStatus.published, post.external_id, post.url
    target.published_at, target.lease_until, target.error = post.created_at or utcnow(), None, post.warning or ""
    _close_attempt(db, job, outcome, external_id=post.external_id, detail=post.warning or "")
    _settle_post(db, target.post_id)


def _failed(db: Session, job: Job, error: PlatformError) -> None:
    target = db.get(PostTarget, job.target_id)
    now = utcnow()
    target.lease_until = None
    if isinstance(error, Transient) and error.maybe_sent:
        target.status, target.next_attempt_at = "verifying", now + VERIFY_AFTER
        target.error = f"Checking whether it went out: {error.message}"
        _close_attempt(db, job, "unknown", detail=error.message)
        return
    if isinstance(error, RateLimited) or (isinstance(error, Transient) and target.attempts < MAX_ATTEMPTS):
        wait = error.retry_after if isinstance(error, RateLimited) else backoff(target.attempts)
        target.status, target.next_attempt_at = PostStatus.scheduled, now + timedelta(seconds=wait)
        target.error = f"Will retry at {target.next_attempt_at:%H:%M:%S} UTC: {error.message}"
        _close_attempt(db, job, "retry", detail=error.message)
        return
    target.status, target.error = PostStatus.failed, f"{_network_label(job.network)} refused: {error.message}"
    _close_attempt(db, job, "failed", detail=error.message)
    if isinstance(error, AuthExpired):
        account = db.get(SocialAccount, job.account_id)
        newly = account.status != "expired"
        account.status, account.status_reason = "expired", f"The network ended access: {error.message}"[:300]
        if newly:
            alert_managers(db, account, account.status_reason)
    _settle_post(db, target.post_id)


def backoff(attempt: int) -> int:
    """Seconds before retry `attempt + 1`: doubling from 30 s, at most an hour, with ±25 % jitter."""
    base = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))
    return int(base * random.uniform(0.75, 1.25))


def _close_attempt(db: Session, job: Job, outcome: str, *, external_id: str | None = None, detail: str = "") -> None:
    attempt = db.exec(select(DeliveryAttempt).where(DeliveryAttempt.target_id == job.target_id,
                                                    DeliveryAttempt.number == job.attempt_number)).one()
    attempt.outcome, attempt.finished_at = outcome, utcnow()
    attempt.external_id, attempt.detail = external_id, detail[:1000]


def _network_label(network: str) -> str:
    return accounts.networks().get(network, network)


# --- unknown outcomes ------------------------------------------------------------------------


def reconcile(target_id: int, worker: str, client: httpx.Client | None) -> int:
    """Look for the post on the network: found means published, not found means try again."""
    with session_scope() as db:
        target = db.get(PostTarget, target_id)
        attempt = db.exec(select(DeliveryAttempt).where(DeliveryAttempt.target_id == target_id,
                                                        DeliveryAttempt.outcome.in_(("unknown", "")))
                          .order_by(DeliveryAttempt.number.desc())).first()
        account = db.get(SocialAccount, target.account_id)
        known = set(db.exec(select(PostTarget.external_id).where(PostTarget.account_id == account.id,
                                                                 PostTarget.external_id != None)))
        tokens, profile = accounts.token_set(account), account.external_id
        check = _ledger_entry(db, target, worker, attempt.fingerprint)
        job = Job(target.id, target.network, account.id, profile, PostContent(), target.idempotency_key,
                  attempt.fingerprint, check)
        since = as_utc(attempt.started_at) - timedelta(minutes=2)
    try:
        listed = adapter_for(job.network, client=client).recent_posts(tokens, profile, limit=RECONCILE_LOOKBACK)
    except PlatformError as error:
        with session_scope() as db:
            target = db.get(PostTarget, target_id)
            target.status, target.lease_until = "verifying", None
            target.next_attempt_at = utcnow() + timedelta(seconds=backoff(2))
            target.error = f"Still checking whether it went out: {error.message}"
        return 0
    found = _match(listed, job.fingerprint, since, known)
    with session_scope() as db:
        if found is not None:
            _published(db, job, found, "found")
            _resolve_unknown(db, target_id, "it went out")
            return 1
        target = db.get(PostTarget, target_id)
        _close_attempt(db, job, "not_found", detail="Not among the account's recent posts: it did not go out.")
        _resolve_unknown(db, target_id, "it did not go out")
        target.lease_until = None
        if target.attempts >= MAX_ATTEMPTS:
            target.status, target.error = PostStatus.failed, "Gave up after repeated failures; see the attempts."
            _settle_post(db, target.post_id)
        else:
            target.status, target.next_attempt_at = PostStatus.scheduled, utcnow()
            target.error = "It had not gone out; trying again."
    return 0


def _resolve_unknown(db: Session, target_id: int, finding: str) -> None:
    """A try that died without an outcome (a dead worker) is settled by the check."""
    for attempt in db.exec(select(DeliveryAttempt).where(DeliveryAttempt.target_id == target_id,
                                                         DeliveryAttempt.outcome == "")):
        attempt.outcome, attempt.finished_at = "unknown", attempt.finished_at or utcnow()
        attempt.detail = f"The worker stopped before the answer; checked afterwards: {finding}."


def _match(listed: list[PublishedPost], fingerprint: str, since: datetime,
           known: set[str]) -> PublishedPost | None:
    """The listed post that is ours: same words (links aside), made after the attempt began, not
    already claimed by another target. A post without words matches the newest unclaimed one."""
    fresh = [p for p in listed if p.external_id not in known and (p.created_at is None or p.created_at >= since)]
    if fingerprint == _fingerprint(""):
        return fresh[0] if fresh else None
    return next((p for p in fresh if _fingerprint(p.text) == fingerprint), None)


URL = re.compile(r"https?://\S+|www\.\S+")


def _fingerprint(words: str) -> str:
    """Networks rewrite links (t.co, link previews) and spacing; the words themselves stay."""
    normal = " ".join(URL.sub(" ", words).split()).casefold()
    return hashlib.sha256(normal.encode()).hexdigest()


# --- the post follows its targets ------------------------------------------------------------


def _settle_post(db: Session, post_id: int) -> None:
    db.flush()
    post = db.get(Post, post_id)
    statuses = {t.status for t in posts.targets_of(db, post)}
    if not statuses or not statuses <= TERMINAL:
        post.status = PostStatus.publishing if statuses & {PostStatus.published, PostStatus.failed} else post.status
        return
    post.status = PostStatus.published if statuses == {PostStatus.published} else PostStatus.failed
    post.updated_at = utcnow()
    _tell(db, post, statuses)


def _tell(db: Session, post: Post, statuses: set[str]) -> None:
    """The author hears how it went; when it did not go out, the managers hear too."""
    excerpt = " ".join(post.text.split())[:60] or f"Post {post.id}"
    link = f"/create?post={post.id}"
    if post.status == PostStatus.published:
        notify(db, post.org_id, [post.author_user_id], "publishing", "post_published", f"Published: {excerpt}",
               "It went out on every account.", link, email=False)  # mail is for what needs a person
        return
    missed = "missed" in statuses
    reasons = "; ".join(t.error for t in posts.targets_of(db, post) if t.status != PostStatus.published)
    notify(db, post.org_id, [post.author_user_id, *managers(db, post.org_id)], "publishing",
           "post_missed" if missed else "post_failed", f"{'Missed' if missed else 'Failed'}: {excerpt}",
           reasons, link)


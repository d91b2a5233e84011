"""The daily reading of every tracked competitor (the runner ticks hourly and reads those due).

One reading: the public profile (followers, post count) and, where the network shows them, the posts of the
last REFRESH_DAYS (new ones are added, younger ones get their counters updated; older ones keep their last
counts, which hardly move by then). It writes the day's snapshot: followers, posts, the average engagement
rate of the last 30 days' posts and their top hashtags. A failure is kept on the competitor (shown on the
page) and tried again at the next daily turn; one competitor's trouble never stops the others.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

import httpx
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.orgs.models import Organization
from allin_app.platforms.base import AuthExpired, NotFound, PlatformAdapter, PlatformError, TokenSet
from allin_app.platforms.public import POSTS, PublicPost, PublicProfile
from allin_app.platforms.registry import adapter_for

log = logging.getLogger(__name__)
EVERY = timedelta(hours=20)  # "daily", with room for the hourly tick to drift
FIRST_DAYS = 90  # posts read when a competitor is added
REFRESH_DAYS = 30  # posts whose counters each reading updates
RATE_DAYS = 30  # the window of a snapshot's average engagement rate and top hashtags
TOP_TAGS = 10


def reading_account(db: Session, org_id: int, network: str) -> SocialAccount | None:
    """The organization's own account whose token looks competitors up on `network`."""
    return db.exec(select(SocialAccount).where(
        SocialAccount.org_id == org_id, SocialAccount.network == network, SocialAccount.disconnected_at == None,
        SocialAccount.status == "active").order_by(SocialAccount.id)).first()


def read_public(adapter: PlatformAdapter, tokens: TokenSet, our_profile: str, handle: str, now: datetime,
                since_days: int = REFRESH_DAYS) -> tuple[PublicProfile, list[PublicPost] | None]:
    """The profile and (None where the network shows no posts) its posts of the last `since_days`."""
    profile = adapter.public_profile(tokens, our_profile, handle)
    if POSTS not in adapter.public_lookup:
        return profile, None
    return profile, adapter.public_posts(tokens, our_profile, handle, now - timedelta(days=since_days))


def public_rate(engagements: int, posts: int, followers: int) -> float:
    """Average engagements per post as a percentage of followers: the engagement rate anyone can work out
    from public figures (reach is private), used alike for competitors and for the organization's benchmark."""
    return mm.percent(engagements / posts, followers) if posts else 0.0


def record_reading(db: Session, competitor: Competitor, profile: PublicProfile, posts: list[PublicPost] | None,
                   now: datetime) -> CompetitorSnapshot:
    """Store one reading: its posts, then the snapshot of the organization's local day."""
    competitor.display_name, competitor.avatar_url = profile.display_name, profile.avatar_url
    competitor.external_id = profile.external_id
    competitor.checked_at = competitor.last_collected_at = now
    competitor.last_error = ""
    if posts:
        known = {row.external_id: row for row in db.exec(select(CompetitorPost).where(
            CompetitorPost.competitor_id == competitor.id,
            CompetitorPost.external_id.in_([post.external_id for post in posts])))}
        for post in posts:
            _store_post(db, competitor, known.get(post.external_id), post, now)
    db.flush()
    zone = mm.zone_of(db.get(Organization, competitor.org_id).timezone)
    day = mm.local_day(now, zone)
    snapshot = db.exec(select(CompetitorSnapshot).where(CompetitorSnapshot.competitor_id == competitor.id,
                                                        CompetitorSnapshot.day == day)).first()
    if snapshot is None:
        snapshot = CompetitorSnapshot(org_id=competitor.org_id, competitor_id=competitor.id, day=day, captured_at=now)
        db.add(snapshot)
    recent = list(db.exec(select(CompetitorPost).where(CompetitorPost.competitor_id == competitor.id,
                                                       CompetitorPost.published_at >= now - timedelta(days=RATE_DAYS))))
    counted = [p.engagements for p in recent if p.engagements is not None]
    known = db.exec(select(CompetitorPost.id).where(CompetitorPost.competitor_id == competitor.id)).all()
    snapshot.captured_at, snapshot.followers = now, profile.followers
    snapshot.posts_total = profile.posts if profile.posts is not None else len(known)
    snapshot.avg_engagement_rate = public_rate(sum(counted), len(counted), profile.followers) if counted else None
    tags = Counter(tag for p in recent for tag in p.hashtags)
    snapshot.top_hashtags = [{"tag": tag, "posts": n} for tag, n in tags.most_common(TOP_TAGS)]
    return snapshot


def _store_post(db: Session, competitor: Competitor, row: CompetitorPost | None, post: PublicPost,
                now: datetime) -> None:
    if row is None:
        row = CompetitorPost(org_id=competitor.org_id, competitor_id=competitor.id, external_id=post.external_id,
                             published_at=as_utc(post.created_at), read_at=now)
        db.add(row)
    row.url, row.text, row.hashtags = post.url[:1000], post.text[:2000], list(post.hashtags)
    row.likes, row.comments, row.shares, row.saves, row.views = (post.likes, post.comments, post.shares, post.saves,
                                                                  post.views)
    row.engagements, row.read_at = post.engagements, now


# --- the job -----------------------------------------------------------------------------------


def due_ids(db: Session, now: datetime) -> list[int]:
    rows = db.exec(select(Competitor.id, Competitor.checked_at).order_by(Competitor.id))
    return [competitor_id for competitor_id, checked in rows if checked is None or now - as_utc(checked) >= EVERY]


def collect_competitors(now: datetime | None = None, client: httpx.Client | None = None) -> int:
    """Read every competitor due at `now`; answers how many readings worked."""
    now = now or utcnow()
    with session_scope() as db:
        due = due_ids(db, now)
    worked = 0
    for competitor_id in due:
        try:
            worked += collect_one(competitor_id, now, client)
        except Exception:
            log.exception("reading competitor %s failed", competitor_id)
    return worked


def collect_one(competitor_id: int, now: datetime, client: httpx.Client | None = None) -> bool:
    """One competitor: the network is called outside any transaction; the result is written in one."""
    with session_scope() as db:
        competitor = db.get(Competitor, competitor_id)
        account = reading_account(db, competitor.org_id, competitor.network)
        work = (competitor.network, competitor.handle, accounts.token_set(account), account.external_id) \
            if account else None
    error, reading = "", None
    if work is None:
        error = "No connected account on this network to look it up with: connect one on the Accounts page."
    else:
        network, handle, tokens, our_profile = work
        try:
            reading = read_public(adapter_for(network, client=client), tokens, our_profile, handle, now)
        except NotFound:
            error = "The network no longer shows this account: it was renamed, made private or deleted."
        except AuthExpired:
            error = "The connected account's access has ended: reconnect it on the Accounts page."
        except PlatformError as failure:
            error = f"The network did not answer: {failure.message}"[:500]
    with session_scope() as db:
        competitor = db.get(Competitor, competitor_id)
        if competitor is None:  # removed meanwhile
            return False
        if reading is None:
            competitor.checked_at, competitor.last_error = now, error
            return False
        record_reading(db, competitor, *reading, now)
    return True

"""Sentiment of the comments people left on published posts: read from each network (adapters'
`post_comments`: X, Facebook, Instagram, YouTube, Reddit; the other networks have no comment read and are
named in the answer) and scored with VADER. Per post (each network's comments and their average), and over
time (the daily average of the comments written each local day, across the organization's recent posts).

Comments are read live, not stored: a question reads at most MAX_POSTS posts' comments.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import httpx
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.ai.features import sentiment_of
from allin_app.analytics.metrics_math import zone_of
from allin_app.content import service as content
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.platforms.base import PlatformError
from allin_app.platforms.registry import adapter_for

log = logging.getLogger(__name__)
POSITIVE, NEGATIVE = 0.05, -0.05  # VADER's own thresholds on the compound score
MAX_POSTS = 50
MAX_DAYS = 92
PER_POST = 100


def mood(score: float) -> str:
    return "positive" if score >= POSITIVE else "negative" if score <= NEGATIVE else "neutral"


@dataclass(frozen=True)
class ScoredComment:
    network: str
    text: str
    author: str
    created_at: datetime | None
    score: float
    mood: str


@dataclass(frozen=True)
class PostSentiment:
    post_id: int
    comments: list[ScoredComment]
    average: float | None  # None without comments
    counts: dict[str, int]  # positive / neutral / negative
    by_network: dict[str, float]
    unsupported: list[str]  # networks the post went to that list no comments here
    failed: list[str] = field(default_factory=list)  # networks whose read failed this time


def _read(db: Session, target: PostTarget, client: httpx.Client | None) -> list[ScoredComment] | None:
    """The target's scored comments; None where the network lists none here."""
    account = db.get(SocialAccount, target.account_id)
    adapter = adapter_for(target.network, client=client)
    if account is None or not target.external_id or not hasattr(adapter, "post_comments"):
        return None
    found = adapter.post_comments(accounts.token_set(account), account.external_id, target.external_id, PER_POST)
    return [ScoredComment(target.network, c.text, c.author, c.created_at, s, mood(s))
            for c in found for s in (sentiment_of(c.text),)]


def _summary(post_id: int, comments: list[ScoredComment], unsupported: list[str], failed: list[str]) -> PostSentiment:
    counts = {"positive": 0, "neutral": 0, "negative": 0}
    networks: dict[str, list[float]] = defaultdict(list)
    for comment in comments:
        counts[comment.mood] += 1
        networks[comment.network].append(comment.score)
    average = round(sum(c.score for c in comments) / len(comments), 3) if comments else None
    return PostSentiment(post_id, comments, average, counts,
                         {n: round(sum(v) / len(v), 3) for n, v in sorted(networks.items())}, unsupported, failed)


def _targets(db: Session, post_id: int) -> list[PostTarget]:
    return list(db.exec(select(PostTarget).where(PostTarget.post_id == post_id, PostTarget.published_at != None)
                        .order_by(PostTarget.id)))


def post_sentiment(db: Session, actor: Actor, post_id: int, client: httpx.Client | None = None) -> PostSentiment:
    post = content.get_post(db, actor, post_id)
    require(actor, Permission.ai_analytics, content.target_of(post), write=False)
    comments, unsupported, failed = [], [], []
    for target in _targets(db, post.id):
        try:
            found = _read(db, target, client)
        except PlatformError as error:
            log.info("reading comments of target %s failed: %s", target.id, error.message)
            failed.append(target.network)
            continue
        if found is None:
            unsupported.append(target.network)
        else:
            comments.extend(found)
    comments.sort(key=lambda c: (c.created_at is None, c.created_at))
    return _summary(post.id, comments, sorted(set(unsupported)), sorted(set(failed)))


@dataclass(frozen=True)
class DaySentiment:
    day: date  # the organization's local day the comments were written
    average: float
    comments: int


@dataclass(frozen=True)
class SentimentTimeline:
    days: list[DaySentiment]
    posts: int  # published posts whose comments were asked for
    failed: list[str]  # networks whose comment reads failed (unreachable, refused)
    unsupported: list[str]  # networks the posts went to that list no comments here


def sentiment_over_time(db: Session, actor: Actor, start: date, end: date,
                        client: httpx.Client | None = None) -> list[DaySentiment]:
    """Daily average sentiment of the comments written from `start` to `end` (local days, both included) on
    the organization's posts published in that span (a creator: their own), the MAX_POSTS newest."""
    return sentiment_timeline(db, actor, start, end, client).days


def sentiment_timeline(db: Session, actor: Actor, start: date, end: date,
                       client: httpx.Client | None = None) -> SentimentTimeline:
    """sentiment_over_time, with how many posts were read and which networks could not be."""
    require(actor, Permission.ai_analytics, write=False)
    if start > end:
        raise ValidationFailed("end_date", "The end date is before the start date.")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationFailed("start_date", f"Pick a period of at most {MAX_DAYS} days.")
    org = db.get(Organization, actor.org_id)
    zone = zone_of(org.timezone if org else None)
    first = datetime.combine(start, datetime.min.time(), zone)
    last = datetime.combine(end + timedelta(days=1), datetime.min.time(), zone)
    where = [Post.org_id == actor.org_id, Post.deleted_at == None, PostTarget.published_at != None,
             PostTarget.published_at >= first, PostTarget.published_at < min(last, utcnow())]
    if scope_for(actor.role, Permission.ai_analytics) is Scope.own:
        where.append(Post.author_user_id == actor.user_id)
    post_ids = list(dict.fromkeys(db.exec(select(Post.id).join(PostTarget, PostTarget.post_id == Post.id)
                                          .where(*where).order_by(PostTarget.published_at.desc()))))[:MAX_POSTS]
    days: dict[date, list[float]] = defaultdict(list)
    failed, unsupported = set(), set()
    for post_id in post_ids:
        found = post_sentiment(db, actor, post_id, client)
        failed.update(found.failed)
        unsupported.update(found.unsupported)
        for comment in found.comments:
            if comment.created_at is None:
                continue
            local = as_utc(comment.created_at).astimezone(zone).date()
            if start <= local <= end:
                days[local].append(comment.score)
    return SentimentTimeline([DaySentiment(d, round(sum(v) / len(v), 3), len(v)) for d, v in sorted(days.items())],
                             len(post_ids), sorted(failed), sorted(unsupported))

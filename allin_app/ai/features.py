"""What the content analysis, the prediction model and the factor analysis know about a post: the same
features for a draft and for every published post of the organization's history, so a model fitted on
the history reads a draft the same way.

History rows are the organization's published targets (analytics' post_totals: one per post and account,
lifetime figures at the latest reading) joined with the post's text; the target is the engagement rate
(engagements per person reached, %), the figure the analytics pages show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlmodel import Session, or_, select
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from allin_app.analytics import metrics_math as mm
from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post
from allin_app.core.clock import as_utc
from allin_app.platforms.limits import HASHTAG

URL = re.compile(r"https?://\S+", re.IGNORECASE)
# Words that ask the reader to do something; matched as whole words, case-insensitive.
CALLS_TO_ACTION = ("book", "buy", "call", "click", "comment", "come", "download", "follow", "join", "learn more",
                   "link in bio", "order", "register", "reply", "share", "shop", "sign up", "subscribe", "tag",
                   "try", "visit", "vote", "watch", "tell us", "let us know", "bring", "grab", "see you")
CTA = re.compile(r"\b(" + "|".join(re.escape(w) for w in CALLS_TO_ACTION) + r")\b", re.IGNORECASE)
MEDIA_TYPES = ("image", "images", "video", "carousel")


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment_of(text: str) -> float:
    """VADER's compound score: -1 (very negative) .. +1 (very positive)."""
    return float(_vader().polarity_scores(text or "")["compound"]) if text and text.strip() else 0.0


@dataclass(frozen=True)
class PostFeatures:
    network: str
    hour: int  # local hour of publishing, org's zone
    weekday: int  # Monday = 0
    day_of_year: int
    length: int  # characters, links counted as written
    hashtags: int
    media: bool
    link: bool
    question: bool
    call_to_action: bool
    sentiment: float


def features_of(text: str, network: str, at_local: datetime, *, media: bool, link: bool) -> PostFeatures:
    text = text or ""
    return PostFeatures(network=network, hour=at_local.hour, weekday=at_local.weekday(),
                        day_of_year=at_local.timetuple().tm_yday, length=len(text.strip()),
                        hashtags=len(HASHTAG.findall(text)), media=media, link=link or bool(URL.search(text)),
                        question="?" in text, call_to_action=bool(CTA.search(text)), sentiment=sentiment_of(text))


@dataclass(frozen=True)
class HistoryRow:
    target_id: int
    post_id: int
    account_id: int
    author_user_id: int | None
    assignee_user_id: int | None
    published_at: datetime  # UTC
    features: PostFeatures
    engagement_rate: float  # %


def history(db: Session, org_id: int, zone: ZoneInfo, *, author_id: int | None = None,
            assignee_id: int | None = None, account_id: int | None = None,
            network: str | None = None) -> list[HistoryRow]:
    """The organization's published targets that reached someone, oldest first. The rate is engagements per
    person reached; on a network that reports no reach (X) it is per impression, so its posts still teach the
    model and the best times (each account's own mean absorbs the difference between the two)."""
    where = [PostTotal.org_id == org_id, or_(PostTotal.reach > 0, PostTotal.impressions > 0)]
    if author_id is not None:
        where.append(PostTotal.author_user_id == author_id)
    if assignee_id is not None:
        where.append(PostTotal.assignee_user_id == assignee_id)
    if account_id is not None:
        where.append(PostTotal.account_id == account_id)
    if network is not None:
        where.append(PostTotal.network == network)
    query = (select(PostTotal, Post.text, Post.overrides, Post.link).join(Post, Post.id == PostTotal.post_id)
             .where(*where).order_by(PostTotal.published_at, PostTotal.target_id))
    rows = []
    for total, text, overrides, link in db.exec(query):
        published = as_utc(total.published_at)
        written = (overrides or {}).get(total.network) or text
        features = features_of(written, total.network, published.astimezone(zone),
                               media=total.content_type in MEDIA_TYPES, link=bool(link))
        rows.append(HistoryRow(total.target_id, total.post_id, total.account_id, total.author_user_id,
                               total.assignee_user_id, published, features,
                               mm.engagement_rate(total.engagements, total.reach or total.impressions)))
    return rows

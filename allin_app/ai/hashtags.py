"""Hashtag suggestions from the organization's own published posts, plus the text's keywords.

For each hashtag in the org's history: how often it was used, the engagement rate of the posts that
carried it (engagements / impressions, from analytics' post totals) and which hashtags it appeared
with. A suggestion scores by co-occurrence with the hashtags already in the text, by matching the
text's keywords, and by its engagement lift over the org's average.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from allin_app.ai.local import keywords
from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post
from allin_app.platforms.limits import HASHTAG

HISTORY_ROWS = 3000  # the most recent published deliveries read


@dataclass
class TagStats:
    uses: int = 0
    engagements: int = 0
    impressions: int = 0
    together: Counter = field(default_factory=Counter)
    spellings: Counter = field(default_factory=Counter)  # as written: #LatteArt, #latteart...

    @property
    def shown(self) -> str:
        return self.spellings.most_common(1)[0][0]

    @property
    def rate(self) -> float:
        return self.engagements / self.impressions if self.impressions else 0.0


@dataclass(frozen=True)
class History:
    tags: dict[str, TagStats]
    average_rate: float
    posts: int


@dataclass(frozen=True)
class HashtagSuggestion:
    tag: str
    source: str  # history, keywords or required
    uses: int
    engagement_rate: float | None  # of the org's posts that carried it
    score: float
    reason: str


def tags_in(text: str) -> list[str]:
    return [tag.lower() for tag in HASHTAG.findall(text)]


def history(db: Session, org_id: int) -> History:
    rows = db.exec(
        select(Post.text, Post.overrides, PostTotal.network, PostTotal.engagements, PostTotal.impressions)
        .join(Post, col(Post.id) == PostTotal.post_id)
        .where(PostTotal.org_id == org_id, col(Post.deleted_at).is_(None))
        .order_by(col(PostTotal.published_at).desc()).limit(HISTORY_ROWS)
    ).all()
    stats: dict[str, TagStats] = defaultdict(TagStats)
    engagements = impressions = 0
    for text, overrides, network, post_engagements, post_impressions in rows:
        engagements += post_engagements
        impressions += post_impressions
        written = {tag.lower(): tag for tag in HASHTAG.findall((overrides or {}).get(network) or text)}
        tags = set(written)
        for tag in tags:
            entry = stats[tag]
            entry.spellings[written[tag]] += 1
            entry.uses += 1
            entry.engagements += post_engagements
            entry.impressions += post_impressions
            entry.together.update(tags - {tag})
    return History(dict(stats), engagements / impressions if impressions else 0.0, len(rows))


def suggest(db: Session, org_id: int, text: str, required: tuple[str, ...] = (), count: int = 10,
            ) -> list[HashtagSuggestion]:
    present = set(tags_in(text))
    found = history(db, org_id)
    phrases = keywords(text, 8) if text.strip() else []
    words = {w.lower() for phrase in phrases for w in re.findall(r"[A-Za-z0-9]{3,}", phrase)}
    suggestions = [HashtagSuggestion(tag, "required", found.tags.get(tag.lower(), TagStats()).uses, None, 100.0,
                                     "required by the brand guidelines")
                   for tag in required if tag.lower() not in present]
    taken = present | {s.tag.lower() for s in suggestions}
    suggestions += _from_history(found, present, words, taken)
    taken |= {s.tag.lower() for s in suggestions}
    suggestions += _from_keywords(phrases, taken)
    suggestions.sort(key=lambda s: s.score, reverse=True)
    return suggestions[:count]


def _from_history(found: History, present: set[str], words: set[str], taken: set[str]) -> list[HashtagSuggestion]:
    suggestions = []
    for tag, entry in found.tags.items():
        if tag in taken:
            continue
        together = sum(entry.together[p] for p in present)
        matches = sorted(w for w in words if w in tag[1:] or (len(tag) > 4 and tag[1:] in w))
        lift = entry.rate / found.average_rate if found.average_rate else 1.0
        if not together and not matches and lift <= 1.0:
            continue
        score = 3.0 * together / entry.uses + (2.0 if matches else 0.0) + min(lift, 3.0) * min(entry.uses, 10) / 10
        suggestions.append(HashtagSuggestion(entry.shown, "history", entry.uses, round(entry.rate, 4), round(score, 3),
                                             _reason(entry, together, matches, found)))
    return suggestions


def _reason(entry: TagStats, together: int, matches: list[str], found: History) -> str:
    parts = []
    if together:
        parts.append(f"used with your hashtags in {together} of your posts")
    if matches:
        parts.append(f"matches “{matches[0]}” in the text")
    parts.append(f"{entry.uses} past posts averaging {entry.rate:.1%} engagement (all posts: {found.average_rate:.1%})")
    return "; ".join(parts)


def _from_keywords(phrases: list[str], taken: set[str]) -> list[HashtagSuggestion]:
    suggestions = []
    for rank, phrase in enumerate(phrases):
        tag = "#" + "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", phrase))
        if len(tag) < 4 or tag.lower() in taken:
            continue
        taken.add(tag.lower())
        suggestions.append(HashtagSuggestion(tag, "keywords", 0, None, round(1.0 - rank * 0.1, 3),
                                             f"a key phrase of the text: “{phrase}”"))
    return suggestions

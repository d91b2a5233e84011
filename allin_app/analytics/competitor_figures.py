"""What the competitors page shows for one network and period: each tracked competitor next to the
organization itself (its figures from the analytics query service).

Definitions, the same for both sides so they compare:
- posts: posts published within the period (the organization's: one per account a post went to);
- engagements: likes + comments + shares + saves on those posts, as last read (metrics_math.engagements);
- engagement rate: average engagements per post as a percentage of followers at the period's end
  (competitor_collector.public_rate): the public rate, since other accounts' reach is private;
- posting frequency: posts per week (and per calendar week, Monday first, in the organization's zone);
- follower growth: followers at the period's end minus the first reading in the period;
- share of voice: the organization's (or a competitor's) engagements as a percentage of all engagements
  of the organization and its tracked competitors on that network in the period. Competitors whose network
  hides their counts (Threads) have no share of voice; their share of posts is still shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.analytics import metrics_math as mm
from allin_app.analytics import queries
from allin_app.analytics.competitor_collector import public_rate
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.analytics.competitors import list_competitors, require_view
from allin_app.analytics.filters import Filters, check_period, post_conditions, reach_for
from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post
from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission
from allin_app.orgs.models import Organization
from allin_app.platforms.public import hashtags_in, shows_engagement
from allin_app.platforms.registry import ADAPTERS

ORG_KEY = "org"
TOP_TAGS = 8
ORG_POSTS_READ = 5_000  # the organization's posts read for its hashtags


@dataclass(frozen=True)
class Contender:
    """One row of the benchmark: the organization (key "org") or a competitor (key: its id)."""

    key: str
    name: str
    handle: str
    is_org: bool
    followers: int | None
    followers_delta: int | None
    posts: int
    posts_per_week: float
    engagements: int | None  # None: the network shows no counts
    avg_engagements: float | None
    engagement_rate: float | None
    share_of_voice: float | None
    share_of_posts: float
    top_hashtags: list[dict] = field(default_factory=list)  # [{"tag", "posts", "avg_engagements"}]
    last_error: str = ""


@dataclass(frozen=True)
class CompetitorReport:
    network: str
    start: date
    end: date
    contenders: list[Contender]
    weekly_posts: list[dict]  # {"week": Monday, <key>: posts, ...} oldest first
    followers: dict[str, list[dict]]  # key -> [{"day", "followers"}] on days with a reading


@dataclass
class _Tally:
    posts: int = 0
    counted: int = 0
    engagements: int = 0
    weeks: Counter = field(default_factory=Counter)
    tags: Counter = field(default_factory=Counter)
    tag_engagements: Counter = field(default_factory=Counter)
    tag_counted: Counter = field(default_factory=Counter)

    def add(self, week: date, engaged: int | None, tags) -> None:
        self.posts += 1
        self.weeks[week] += 1
        for tag in tags:
            self.tags[tag] += 1
            if engaged is not None:
                self.tag_engagements[tag] += engaged
                self.tag_counted[tag] += 1
        if engaged is not None:
            self.counted += 1
            self.engagements += engaged

    def top(self) -> list[dict]:
        return [{"tag": tag, "posts": n, "avg_engagements": round(self.tag_engagements[tag] / self.tag_counted[tag], 1)
                 if self.tag_counted[tag] else None} for tag, n in self.tags.most_common(TOP_TAGS)]


def tracked_networks(db: Session, actor: Actor) -> list[str]:
    return sorted({c.network for c in list_competitors(db, actor)})


def competitor_report(db: Session, actor: Actor, network: str, start: date, end: date) -> CompetitorReport:
    require_view(actor)
    check_period(start, end)
    rivals = list_competitors(db, actor, network)
    if not rivals:
        raise ValidationFailed("network", "No competitors are tracked on this network yet.")
    zone = mm.zone_of(db.get(Organization, actor.org_id).timezone)
    weeks = max(1.0, ((end - start).days + 1) / 7)
    tallies = {ORG_KEY: _org_tally(db, actor, network, start, end)}
    tallies |= _competitor_tallies(db, rivals, start, end, zone)
    followers = {ORG_KEY: _org_followers(db, actor, network, start, end)}
    followers |= _competitor_followers(db, rivals, start, end)
    counted_total = sum(t.engagements for t in tallies.values())  # hidden counts add nothing
    posts_total = sum(t.posts for t in tallies.values())
    names = {ORG_KEY: (db.get(Organization, actor.org_id).name, "")} | {
        str(c.id): (c.display_name or c.handle, c.handle) for c in rivals}
    errors = {str(c.id): c.last_error for c in rivals}
    rows, shown = [], shows_engagement(ADAPTERS[network])
    for key, tally in tallies.items():
        is_org, series = key == ORG_KEY, followers[key]
        counted = is_org or shown
        last = series[-1]["followers"] if series else None
        average = tally.engagements / tally.counted if tally.counted else (0.0 if counted else None)
        rows.append(Contender(
            key=key, name=names[key][0], handle=names[key][1], is_org=is_org, followers=last,
            followers_delta=last - series[0]["followers"] if series else None, posts=tally.posts,
            posts_per_week=round(tally.posts / weeks, 1), engagements=tally.engagements if counted else None,
            avg_engagements=round(average, 1) if average is not None else None,
            engagement_rate=public_rate(tally.engagements, tally.counted, last) if counted and last else None,
            share_of_voice=mm.percent(tally.engagements, counted_total) if shown and counted_total else None,
            share_of_posts=mm.percent(tally.posts, posts_total), top_hashtags=tally.top(),
            last_error=errors.get(key, "")))
    first, last = start - timedelta(days=start.weekday()), end - timedelta(days=end.weekday())
    week_starts = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    weekly = [{"week": week, **{key: t.weeks.get(week, 0) for key, t in tallies.items()}} for week in week_starts]
    return CompetitorReport(network, start, end, rows, weekly, followers)


def _competitor_tallies(db: Session, rivals: list[Competitor], start: date, end: date, zone) -> dict[str, _Tally]:
    begins, ends = mm.day_bounds(start, zone)[0], mm.day_bounds(end, zone)[1]
    tallies: dict[str, _Tally] = {str(c.id): _Tally() for c in rivals}
    rows = db.exec(select(CompetitorPost.competitor_id, CompetitorPost.published_at, CompetitorPost.engagements,
                          CompetitorPost.hashtags).where(
        CompetitorPost.competitor_id.in_([c.id for c in rivals]), CompetitorPost.published_at >= begins,
        CompetitorPost.published_at < ends))
    for competitor_id, published_at, engaged, tags in rows:
        day = mm.local_day(as_utc(published_at), zone)
        tallies[str(competitor_id)].add(day - timedelta(days=day.weekday()), engaged, tags or [])
    return tallies


def _org_tally(db: Session, actor: Actor, network: str, start: date, end: date) -> _Tally:
    """The organization's posts published in the period on `network`, with their lifetime engagements."""
    reach = reach_for(db, actor, Filters(start, end, networks=(network,), compare=False),
                      Permission.view_basic_analytics)
    tally = _Tally()
    rows = db.exec(select(PostTotal.published_on, PostTotal.engagements, Post.text)
                   .join(Post, Post.id == PostTotal.post_id)
                   .where(*post_conditions(reach, PostTotal), PostTotal.published_on >= start,
                          PostTotal.published_on <= end)
                   .order_by(PostTotal.published_on.desc()).limit(ORG_POSTS_READ))
    for day, engaged, text in rows:
        tally.add(day - timedelta(days=day.weekday()), int(engaged), hashtags_in(text))
    if tally.posts == ORG_POSTS_READ:  # beyond what was read for hashtags, count the rest too
        extra = db.exec(select(func.count(), func.coalesce(func.sum(PostTotal.engagements), 0)).where(
            *post_conditions(reach, PostTotal), PostTotal.published_on >= start, PostTotal.published_on <= end)).one()
        tally.posts, tally.counted, tally.engagements = int(extra[0]), int(extra[0]), int(extra[1])
    return tally


def _org_followers(db: Session, actor: Actor, network: str, start: date, end: date) -> list[dict]:
    """The organization's followers on `network` by day (the analytics timeseries), from its first reading."""
    points = queries.timeseries(db, actor, Filters(start, end, networks=(network,), compare=False), ["followers"])
    series = [{"day": p["day"], "followers": p["followers"]} for p in points]
    first = next((n for n, p in enumerate(series) if p["followers"]), None)
    return [] if first is None else series[first:]


def _competitor_followers(db: Session, rivals: list[Competitor], start: date, end: date) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for competitor_id, day, count in db.exec(
            select(CompetitorSnapshot.competitor_id, CompetitorSnapshot.day, CompetitorSnapshot.followers).where(
                CompetitorSnapshot.competitor_id.in_([c.id for c in rivals]), CompetitorSnapshot.day >= start,
                CompetitorSnapshot.day <= end).order_by(CompetitorSnapshot.day)):
        found[str(competitor_id)].append({"day": day, "followers": count})
    return {str(c.id): found.get(str(c.id), []) for c in rivals}

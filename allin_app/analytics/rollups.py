"""The incremental path: each reading the collector takes is stored raw and folded into the rollups of
the days it touches, reading only the rollup rows next to it (never the raw series).

- post_daily (target, day): the reading's counters become the day's lifetime figures when it is the
  day's latest; the day's increments are those minus the previous day-row's; the next day-row's
  increments are recomputed against it.
- post_totals (target): the latest reading of every target.
- account_daily (account, day): sums of its post_daily increments that day, the posts it published,
  followers from its latest reading (carried from the previous reading's row on days without one).
- org_daily (org, day, network): sums of account_daily; followers sum every account's latest count.

Readings are expected in time order per target and per account (the collector's own order);
`rebuild.rebuild_days` recomputes any day from the raw series and gives the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.analytics.metrics_math import engagements, local_day
from allin_app.analytics.models import (
    COUNTERS,
    SUMMED,
    AccountDaily,
    AccountSnapshot,
    MetricSnapshot,
    OrgDaily,
    PostDaily,
    PostTotal,
)
from allin_app.content.models import MediaAsset, Post, PostMedia, PostTarget
from allin_app.core.clock import as_utc
from allin_app.platforms.posts import PostMetrics

CONTENT_TYPES = {"text": "Text", "link": "Link", "image": "Image", "carousel": "Carousel", "video": "Video"}
AccountDay = tuple[int, date]


@dataclass(frozen=True)
class TargetInfo:
    """What the rollups copy from a published target and its post."""

    target_id: int
    org_id: int
    post_id: int
    account_id: int
    network: str
    campaign_id: int | None
    author_user_id: int | None
    assignee_user_id: int | None
    content_type: str
    published_at: datetime

    @property
    def attributes(self) -> dict:
        return {"campaign_id": self.campaign_id, "author_user_id": self.author_user_id,
                "assignee_user_id": self.assignee_user_id, "content_type": self.content_type}


def content_type_of(media_kinds: list[str], link: str) -> str:
    """video (any video), carousel (several files), image (one image or GIF), link, or text."""
    if len(media_kinds) > 1:
        return "carousel"
    if media_kinds:
        return "video" if media_kinds[0] == "video" else "image"
    return "link" if link else "text"


def target_info(db: Session, target: PostTarget, post: Post) -> TargetInfo:
    kinds = list(db.exec(select(MediaAsset.kind).join(PostMedia, PostMedia.media_id == MediaAsset.id)
                         .where(PostMedia.post_id == post.id)))
    return TargetInfo(target.id, target.org_id, post.id, target.account_id, target.network, post.campaign_id,
                      post.author_user_id, post.assignee_user_id, content_type_of(kinds, post.link),
                      as_utc(target.published_at))


def counters_of(reading: PostMetrics | MetricSnapshot | PostDaily | PostTotal | None) -> dict[str, int]:
    values = {name: int(getattr(reading, name, 0) or 0) for name in COUNTERS}
    values["engagements"] = engagements(values["likes"], values["comments"], values["shares"], values["saves"])
    return values


# --- post readings -----------------------------------------------------------------------------


def record_post_reading(db: Session, info: TargetInfo, captured_at: datetime, metrics: PostMetrics,
                        zone: ZoneInfo) -> set[AccountDay]:
    """Store one reading and fold it into post_daily and post_totals; answers the (account, day)s to refresh."""
    db.add(MetricSnapshot(org_id=info.org_id, post_id=info.post_id, target_id=info.target_id,
                          account_id=info.account_id, network=info.network, captured_at=captured_at,
                          **{name: getattr(metrics, name) for name in COUNTERS}))
    values = counters_of(metrics)
    day = local_day(captured_at, zone)
    total = db.get(PostTotal, info.target_id)
    newest = total is None or as_utc(total.last_collected_at) <= captured_at
    touched = _fold_into_day(db, info, day, captured_at, values, zone, total if newest else None, newest)
    touched |= _fold_into_totals(db, info, total, captured_at, values, zone)
    return touched


def _fold_into_day(db: Session, info: TargetInfo, day: date, captured_at: datetime, values: dict[str, int],
                   zone: ZoneInfo, latest: PostTotal | None, newest: bool) -> set[AccountDay]:
    """`newest`: no later reading exists (the collector's case), so the previous lifetime is the day-row's
    own start or the latest total, and no later day-row needs its increments redone."""
    row = db.get(PostDaily, (info.target_id, day))
    if row is not None and as_utc(row.as_of) > captured_at:
        return set()  # an older reading of a day that already has a later one changes nothing
    if row is not None and newest:
        previous = {name: getattr(row, name) - getattr(row, f"delta_{name}") for name in SUMMED}
    elif newest:
        previous = counters_of(latest)
    else:
        previous = counters_of(_neighbour_row(db, info.target_id, day, before=True))
    if row is None:
        row = PostDaily(target_id=info.target_id, day=day, org_id=info.org_id, post_id=info.post_id,
                        account_id=info.account_id, network=info.network,
                        published_on=local_day(info.published_at, zone), as_of=captured_at, **info.attributes)
        db.add(row)
    _set_lifetime(row, values, previous)
    row.as_of = captured_at
    touched = {(info.account_id, day)}
    following = None if newest else _neighbour_row(db, info.target_id, day, before=False)
    if following is not None:
        _set_lifetime(following, counters_of(following), values)
        touched.add((info.account_id, following.day))
    return touched


def _neighbour_row(db: Session, target_id: int, day: date, *, before: bool) -> PostDaily | None:
    query = select(PostDaily).where(PostDaily.target_id == target_id)
    if before:
        query = query.where(PostDaily.day < day).order_by(PostDaily.day.desc())
    else:
        query = query.where(PostDaily.day > day).order_by(PostDaily.day)
    return db.exec(query.limit(1)).first()


def _set_lifetime(row: PostDaily, values: dict[str, int], previous: dict[str, int]) -> None:
    for name in SUMMED:
        setattr(row, name, values[name])
        setattr(row, f"delta_{name}", values[name] - previous[name])


def _fold_into_totals(db: Session, info: TargetInfo, total: PostTotal | None, captured_at: datetime,
                      values: dict[str, int], zone: ZoneInfo) -> set[AccountDay]:
    """The target's latest reading; its first one adds the post to its publishing day's count."""
    published_on = local_day(info.published_at, zone)
    touched: set[AccountDay] = set()
    if total is None:
        total = PostTotal(target_id=info.target_id, org_id=info.org_id, post_id=info.post_id,
                          account_id=info.account_id, network=info.network, published_at=info.published_at,
                          published_on=published_on, last_collected_at=captured_at, **info.attributes)
        db.add(total)
        touched.add((info.account_id, published_on))
    elif any(getattr(total, name) != value for name, value in info.attributes.items()):
        _copy_attributes(db, info)  # moved to a campaign, reassigned: filters follow it on every day
    for name, value in info.attributes.items():
        setattr(total, name, value)
    if as_utc(total.last_collected_at) <= captured_at:
        total.last_collected_at = captured_at
        for name in SUMMED:
            setattr(total, name, values[name])
    return touched


def _copy_attributes(db: Session, info: TargetInfo) -> None:
    db.exec(PostDaily.__table__.update().where(PostDaily.target_id == info.target_id).values(**info.attributes))


# --- account readings ----------------------------------------------------------------------------


def record_account_reading(db: Session, account_id: int, org_id: int, network: str, captured_at: datetime,
                           followers: int, posts: int | None, zone: ZoneInfo) -> set[AccountDay]:
    db.add(AccountSnapshot(org_id=org_id, account_id=account_id, network=network, captured_at=captured_at,
                           followers=followers, posts=posts))
    day = local_day(captured_at, zone)
    row = db.get(AccountDaily, (account_id, day)) or AccountDaily(account_id=account_id, day=day, org_id=org_id,
                                                                   network=network)
    if row.followers_as_of is None or as_utc(row.followers_as_of) <= captured_at:
        row.followers, row.followers_as_of = followers, captured_at
    db.add(row)
    db.flush()
    return {(account_id, day)}


# --- refreshing the account and organization days ------------------------------------------------


def refresh_days(db: Session, touched: set[AccountDay]) -> set[tuple[int, date]]:
    """Recompute the touched account days from post_daily, then their organization days; answers the
    (org_id, day)s that changed."""
    org_days: set[tuple[int, date, str]] = set()
    for account_id, day in sorted(touched, key=lambda pair: (pair[0], pair[1])):
        row = refresh_account_day(db, account_id, day)
        if row is not None:
            org_days.add((row.org_id, row.day, row.network))
    db.flush()
    for org_id, day, network in sorted(org_days):
        refresh_org_day(db, org_id, day, network)
    db.flush()
    return {(org_id, day) for org_id, day, _network in org_days}


def refresh_account_day(db: Session, account_id: int, day: date) -> AccountDaily | None:
    sums = db.exec(select(*(func.coalesce(func.sum(getattr(PostDaily, f"delta_{name}")), 0) for name in SUMMED),
                          func.count(), func.min(PostDaily.org_id), func.min(PostDaily.network))
                   .where(PostDaily.account_id == account_id, PostDaily.day == day)).one()
    published = db.exec(select(func.count(), func.min(PostTotal.org_id), func.min(PostTotal.network))
                        .where(PostTotal.account_id == account_id, PostTotal.published_on == day)).one()
    row = db.get(AccountDaily, (account_id, day))
    if row is None:
        org_id, network = (sums[-2], sums[-1]) if sums[-3] else (published[1], published[2])
        if org_id is None:
            return None
        row = AccountDaily(account_id=account_id, day=day, org_id=org_id, network=network)
        db.add(row)
    for name, value in zip(SUMMED, sums, strict=False):
        setattr(row, name, int(value))
    row.posts_published = int(published[0])
    known = last_reading_row(db, account_id, day)
    if row.followers_as_of is None:
        row.followers = known.followers if known else 0
    row.followers_delta = row.followers - known.followers if known and row.followers_as_of is not None else 0
    return row


def last_reading_row(db: Session, account_id: int, before: date) -> AccountDaily | None:
    """The latest earlier day on which the account's followers were read."""
    return db.exec(select(AccountDaily).where(AccountDaily.account_id == account_id, AccountDaily.day < before,
                                              AccountDaily.followers_as_of != None)
                   .order_by(AccountDaily.day.desc()).limit(1)).first()


def refresh_org_day(db: Session, org_id: int, day: date, network: str) -> OrgDaily | None:
    same = (AccountDaily.org_id == org_id, AccountDaily.network == network)
    sums = db.exec(select(*(func.coalesce(func.sum(getattr(AccountDaily, name)), 0)
                            for name in (*SUMMED, "posts_published", "followers_delta")), func.count())
                   .where(*same, AccountDaily.day == day)).one()
    row = db.get(OrgDaily, (org_id, day, network))
    if not sums[-1]:
        if row is not None:
            db.delete(row)
        return None
    if row is None:
        row = OrgDaily(org_id=org_id, day=day, network=network)
        db.add(row)
    for name, value in zip((*SUMMED, "posts_published", "followers_delta"), sums, strict=False):
        setattr(row, name, int(value))
    row.followers = followers_on(db, org_id, network, day)
    return row


def followers_on(db: Session, org_id: int, network: str, day: date) -> int:
    """Every account's follower count at the end of `day` (its latest row up to then), summed."""
    latest = (select(AccountDaily.account_id, func.max(AccountDaily.day).label("day"))
              .where(AccountDaily.org_id == org_id, AccountDaily.network == network, AccountDaily.day <= day)
              .group_by(AccountDaily.account_id).subquery())
    total = db.exec(select(func.coalesce(func.sum(AccountDaily.followers), 0))
                    .join(latest, (AccountDaily.account_id == latest.c.account_id) & (AccountDaily.day == latest.c.day)))
    return int(total.one())

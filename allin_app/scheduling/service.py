"""Scheduling posts: when each target goes out, the checks before it may, and the warnings a person
should see first (a network's posting quota, two posts too close on one account).

The publisher (`publisher.py`) picks targets up when they are due; nothing here calls a network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import Conflict, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs.models import Organization
from allin_app.scheduling.models import PublishingSettings
from allin_app.workflow import approvals

SCHEDULABLE = {PostStatus.draft, PostStatus.approved, PostStatus.scheduled, PostStatus.failed, PostStatus.rejected}
PAST_TOLERANCE = timedelta(minutes=1)  # "now" typed a moment ago is still now


@dataclass
class Scheduled:
    post: Post
    warnings: list[str] = field(default_factory=list)


def publishing_settings(db: Session, org_id: int) -> PublishingSettings:
    return db.get(PublishingSettings, org_id) or PublishingSettings(org_id=org_id)


def update_publishing_settings(db: Session, actor: Actor, *, min_gap_minutes: int, grace_minutes: int,
                               require_approval: bool) -> PublishingSettings:
    """Settings > Organization > Publishing: spacing per account, the grace window, approval."""
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    if not 0 <= min_gap_minutes <= 24 * 60:
        raise ValidationFailed("min_gap_minutes", "The minimum gap is between 0 and 1,440 minutes.")
    if not 0 <= grace_minutes <= 7 * 24 * 60:
        raise ValidationFailed("grace_minutes", "The grace window is between 0 minutes and 7 days.")
    found = db.get(PublishingSettings, actor.org_id) or PublishingSettings(org_id=actor.org_id)
    found.min_gap_minutes, found.grace_minutes, found.require_approval = min_gap_minutes, grace_minutes, require_approval
    db.add(found)
    record_audit(db, "org.publishing_settings_changed", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"org:{actor.org_id}", detail=f"gap={min_gap_minutes} grace={grace_minutes} "
                                                      f"approval={require_approval}")
    return found


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationFailed("timezone", f"Unknown time zone {name!r}.") from exc


def schedule_post(db: Session, actor: Actor, post_id: int, when: datetime, timezone: str = "") -> Scheduled:
    """Set when the post goes out (an aware time; `timezone` is the zone it was picked in)."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    _check_publishable(db, actor, post)
    if when.tzinfo is None:
        raise ValidationFailed("scheduled_at", "Give the time with its UTC offset, e.g. 2026-12-01T09:00:00+01:00.")
    when = as_utc(when)
    if when < utcnow() - PAST_TOLERANCE:
        raise ValidationFailed("scheduled_at", "That time has passed; pick a time from now on.")
    if timezone:
        zone(timezone)
    post.scheduled_at, post.timezone, post.status, post.updated_at = when, timezone, PostStatus.scheduled, utcnow()
    for target in posts.targets_of(db, post):
        if target.status != PostStatus.published:
            target.status, target.scheduled_at = PostStatus.scheduled, when
            target.next_attempt_at, target.error, target.attempts = None, "", 0
    record_audit(db, "post.scheduled", actor_user_id=actor.user_id, org_id=post.org_id, target=f"post:{post.id}",
                 detail=when.isoformat())
    return Scheduled(post, schedule_warnings(db, post))


def publish_now(db: Session, actor: Actor, post_id: int) -> Scheduled:
    """Due at once: the publisher takes it on its next tick, within seconds."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.publish_content, posts.target_of(post))
    return schedule_post(db, actor, post_id, utcnow())


def unschedule(db: Session, actor: Actor, post_id: int) -> Post:
    """Off the schedule; a post still in review (or held) keeps its review and drops only its time."""
    post = posts.get_post(db, actor, post_id)
    require(actor, Permission.schedule_content, posts.target_of(post))
    pending = post.status in approvals.IN_REVIEW and post.scheduled_at is not None
    if post.status != PostStatus.scheduled and not pending:
        raise Conflict("Only a scheduled post can be taken off the schedule.")
    was = {PostStatus.scheduled, PostStatus.in_review, PostStatus.held}
    if pending:
        post.status = PostStatus.in_review
    else:
        post.status = PostStatus.approved if approvals.is_approved(db, post) else PostStatus.draft
    post.scheduled_at = None
    for target in posts.targets_of(db, post):
        if target.status in was:
            target.status, target.scheduled_at = post.status, None
    return post


def schedule_many(db: Session, actor: Actor, post_ids: Iterable[int], when: datetime) -> list[Scheduled]:
    return [schedule_post(db, actor, post_id, when) for post_id in post_ids]


def _check_publishable(db: Session, actor: Actor, post: Post) -> None:
    """The post may go out now or later: it fits every network, its accounts are connected, and with
    approvals on its current version was approved (a creator's, whatever the setting)."""
    if post.status not in SCHEDULABLE:
        raise Conflict(f"This post is {PostStatus(post.status).label.lower()}; it cannot be scheduled.")
    targets = posts.targets_of(db, post)
    if not targets:
        raise ValidationFailed("account_ids", "Pick at least one account before scheduling.")
    if problems := posts.post_problems(db, post):
        raise posts.invalid([(f"text.{n}", p) for n, found in problems.items() for p in found])
    for target in targets:
        account = db.get(SocialAccount, target.account_id)
        if account is None or account.disconnected_at is not None:
            raise ValidationFailed("account_ids", "An account of this post was disconnected; remove it first.")
    if not approvals.is_cleared(db, post):
        raise Conflict("This organization publishes approved posts only: submit it for approval first.")
    if not approvals.cleared_for(db, actor, post):
        raise Conflict("Creators publish approved content only: submit it for approval first.")


# --- warnings ----------------------------------------------------------------------------------


def schedule_warnings(db: Session, post: Post) -> list[str]:
    """What a person should know before this post goes out; nothing here blocks it."""
    warnings = []
    gap = timedelta(minutes=publishing_settings(db, post.org_id).min_gap_minutes)
    for target in posts.targets_of(db, post):
        account = db.get(SocialAccount, target.account_id)
        if (near := _neighbour(db, target, gap)) is not None:
            warnings.append(f"{account.display_name or account.handle}: another post goes out at "
                            f"{_local(near, post_zone(db, post))}, closer than {gap.seconds // 60} minutes.")
        if (quota := _quota_left(db, account, target)) is not None and quota < 0:
            warnings.append(f"{account.display_name or account.handle}: this would exceed the network's posting "
                            f"quota of {account.quota_total} per day; it will wait until the quota frees.")
    return warnings


def _neighbour(db: Session, target: PostTarget, gap: timedelta) -> datetime | None:
    when = as_utc(target.scheduled_at)
    other = db.exec(select(PostTarget.scheduled_at).join(Post, Post.id == PostTarget.post_id).where(
        PostTarget.account_id == target.account_id, PostTarget.id != target.id, Post.deleted_at == None,
        PostTarget.status.in_((PostStatus.scheduled, PostStatus.published)),
        PostTarget.scheduled_at > when - gap, PostTarget.scheduled_at < when + gap)).first()
    return as_utc(other) if other else None


def _quota_left(db: Session, account: SocialAccount, target: PostTarget) -> int | None:
    """Posts left in the network's quota window ending at the target's time; None when no quota is known."""
    if not account.quota_total or not account.quota_window_seconds:
        return None
    window = timedelta(seconds=account.quota_window_seconds)
    when = as_utc(target.scheduled_at)
    planned = db.exec(select(func.count()).select_from(PostTarget).join(Post, Post.id == PostTarget.post_id).where(
        PostTarget.account_id == account.id, Post.deleted_at == None, PostTarget.status == PostStatus.scheduled,
        PostTarget.scheduled_at > when - window, PostTarget.scheduled_at <= when)).one()
    already = (account.quota_used or 0) if when - window < utcnow() else 0  # the reading covers now only
    return account.quota_total - already - planned


def post_zone(db: Session, post: Post) -> ZoneInfo:
    """The post's own time zone, else its organization's."""
    return zone(post.timezone or db.get(Organization, post.org_id).timezone)


def _local(moment: datetime, where: ZoneInfo) -> str:
    return moment.astimezone(where).strftime("%d %b %H:%M")

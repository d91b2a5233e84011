"""The email digest: for people whose email comes daily (08:00) or weekly (Monday 08:00) in their home
organization's time zone, one mail listing what they have not read since the last digest, grouped by type.

A job (scheduling/runner.py) calls `send_due_digests` every few minutes. Each person's period is claimed with a
conditional UPDATE, so a digest goes out once per period even with several workers, and a period with nothing
new sends nothing. The first time the job meets a person it only notes the period under way: their first
digest comes at the next 08:00."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, update
from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.db import session_scope
from allin_app.core.mail import send_mail
from allin_app.orgs.models import Organization
from allin_app.orgs.notifications import EVENTS
from allin_app.orgs.service import reachable_orgs
from allin_app.workflow.models import Notification, NotificationDigest
from allin_app.workflow.notification_prefs import org_frequency

SEND_HOUR = 8
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}


def zone_of(db: Session, user: User) -> ZoneInfo:
    home = db.get(Organization, user.home_org_id) if user.home_org_id else None
    return ZoneInfo(home.timezone if home is not None and home.timezone else "UTC")


def period_start(frequency: str, now: datetime, zone: ZoneInfo) -> datetime:
    """The start (UTC) of the digest period `now` falls in: the last 08:00 local, or the last Monday 08:00."""
    local = as_utc(now).astimezone(zone)
    start = local.replace(hour=SEND_HOUR, minute=0, second=0, microsecond=0)
    if frequency == "weekly":
        start -= timedelta(days=local.weekday())
    if start > local:
        start -= PERIODS[frequency]
    return start.astimezone(UTC)


def digest_receivers(db: Session) -> list[tuple[int, str]]:
    """(user id, daily|weekly) of every active person whose email comes as a digest."""
    org_defaults = {org.id: org_frequency(org) for org in db.exec(
        select(Organization).where(Organization.notification_defaults.contains('"frequency"')))}
    digest_orgs = [org_id for org_id, frequency in org_defaults.items() if frequency in PERIODS]
    rows = db.exec(select(User, NotificationDigest).join(NotificationDigest, isouter=True).where(
        User.is_active == True,
        or_(NotificationDigest.frequency.in_(list(PERIODS)),
            and_(NotificationDigest.frequency == None, User.home_org_id.in_(digest_orgs)))))
    return [(user.id, row.frequency if row is not None and row.frequency else org_defaults[user.home_org_id])
            for user, row in rows]


def send_due_digests(now: datetime | None = None) -> int:
    """Send every digest whose period has begun and was not handled yet; returns how many mails went out."""
    now = now or utcnow()
    with session_scope() as db:
        receivers = digest_receivers(db)
    sent = 0
    for user_id, frequency in receivers:
        with session_scope() as db:  # one person at a time: a failure leaves the others' digests alone
            sent += send_digest(db, db.get(User, user_id), frequency, now)
    return sent


def _claim(db: Session, user_id: int, start: datetime) -> tuple[NotificationDigest | None, bool]:
    """Take this period for this person: (their row, whether a period was handled for them before); the row is
    None when this period is handled already, here or by another worker."""
    row = db.get(NotificationDigest, user_id)
    if row is None:
        row = NotificationDigest(user_id=user_id)
        db.add(row)
        db.flush()
    seen_before = row.period_start is not None
    claimed = db.exec(update(NotificationDigest).where(
        NotificationDigest.user_id == user_id,
        or_(NotificationDigest.period_start == None, NotificationDigest.period_start < start))
        .values(period_start=start)).rowcount
    return (row if claimed == 1 else None), seen_before


def send_digest(db: Session, user: User, frequency: str, now: datetime) -> int:
    """One person's digest for the period `now` falls in: 1 when a mail went out, else 0."""
    zone = zone_of(db, user)
    start = period_start(frequency, now, zone)
    row, seen_before = _claim(db, user.id, start)
    if row is None or not seen_before:
        return 0  # handled already; or the first look: the period under way began before they wanted a digest
    since = as_utc(row.sent_at) if row.sent_at else start - PERIODS[frequency]
    orgs = {org.id: org for org in reachable_orgs(db, user)}
    items = list(db.exec(select(Notification).where(
        Notification.user_id == user.id, Notification.read_at == None, Notification.created_at > since,
        Notification.created_at <= now, Notification.org_id.in_(orgs)).order_by(Notification.id)))
    if not items:
        return 0
    word = "daily" if frequency == "daily" else "weekly"
    send_mail(db, user.email, f"Your {word} AllIN digest: {len(items)} unread",
              compose(items, orgs, zone, since))
    row.sent_at = now
    db.add(row)
    return 1


def compose(items: list[Notification], orgs: dict[int, Organization], zone: ZoneInfo, since: datetime) -> str:
    """The digest's text: one section per type, in the order of the settings, each item with its link."""
    groups: dict[str, list[Notification]] = defaultdict(list)
    for item in items:
        groups[item.event if item.event in EVENTS else ""].append(item)
    several_orgs = len({item.org_id for item in items}) > 1
    lines = [f"What you have not read in AllIN since {as_utc(since).astimezone(zone):%a %d %b %H:%M}:"]
    for event in [*EVENTS, ""]:
        if event not in groups:
            continue
        lines += ["", f"{EVENTS.get(event, 'Other')} ({len(groups[event])})"]
        for item in groups[event]:
            where = f", {orgs[item.org_id].name}" if several_orgs else ""
            lines.append(f"- {item.title} ({as_utc(item.created_at).astimezone(zone):%a %d %b %H:%M}{where})")
            if item.body:
                lines.append(f"  {' '.join(item.body.split())[:200]}")
            if item.link:
                lines.append(f"  {settings.base_url}{item.link}")
    lines += ["", f"Choose what you hear about, and how often: {settings.base_url}/settings"]
    return "\n".join(lines)

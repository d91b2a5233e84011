"""The notification centre: what the bell and /notifications list for each person, and mail for the events
they hear about by email (the organization's defaults, then their own choice: workflow/notification_prefs.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Role
from allin_app.orgs.models import Membership, Organization
from allin_app.orgs.notifications import EVENTS
from allin_app.workflow.models import Notification
from allin_app.workflow.notification_prefs import channels_for, frequency_for

SHOWN = 8  # in the bell's popover; the rest on /notifications
PAGE_SIZE = 20


def notify(db: Session, org_id: int, user_ids: Iterable[int], event: str, kind: str, title: str, body: str = "",
           link: str = "", *, email: bool = True) -> int:
    """Tell these people, in the app and by mail as the organization's defaults for `event` and each person's
    own choice say (`email=False`: never by mail, for news that needs nobody to act). Whoever gets their email
    as a digest is not mailed now: the digest lists it."""
    org = db.get(Organization, org_id)
    people = [db.get(User, user_id) for user_id in dict.fromkeys(user_ids)]
    for person in (p for p in people if p is not None and p.is_active):
        wanted = channels_for(db, org, person.id, event)
        if wanted["in_app"]:
            db.add(Notification(org_id=org_id, user_id=person.id, event=event, kind=kind, title=title[:200],
                                body=body[:1000], link=link[:500]))
        if wanted["email"] and email and frequency_for(db, person) == "instant":
            send_mail(db, person.email, f"{org.name}: {title}"[:200], f"{body}\n\n{link}".strip())
    return len(people)


def managers(db: Session, org_id: int) -> list[int]:
    """Who answers for an organization's publishing: its managers and its agency's owners."""
    org = db.get(Organization, org_id)
    org_ids = [org.id] + ([org.parent_id] if org.parent_id else [])
    roles = (Role.content_manager.value, Role.agency_owner.value)
    return list(db.exec(select(Membership.user_id).where(Membership.org_id.in_(org_ids),
                                                         Membership.role.in_(roles))))


def _of(user_id: int, org_id: int) -> tuple:
    return Notification.user_id == user_id, Notification.org_id == org_id


def _mine(actor: Actor) -> tuple:
    return _of(actor.user_id, actor.org_id)


def _newest(db: Session, user_id: int, org_id: int, limit: int) -> list[Notification]:
    return list(db.exec(select(Notification).where(*_of(user_id, org_id))
                        .order_by(Notification.id.desc()).limit(limit)))


def _unread(db: Session, user_id: int, org_id: int) -> int:
    return db.exec(select(func.count()).select_from(Notification).where(*_of(user_id, org_id),
                                                                        Notification.read_at == None)).one()


def recent(db: Session, actor: Actor, limit: int = SHOWN) -> list[Notification]:
    return _newest(db, actor.user_id, actor.org_id, limit)


def unread_count(db: Session, actor: Actor) -> int:
    return _unread(db, actor.user_id, actor.org_id)


def bell(db: Session, user_id: int, org_id: int) -> tuple[list[Notification], int]:
    """The bell's latest items and unread count, for a person the caller already identified (the live loop)."""
    return _newest(db, user_id, org_id, SHOWN), _unread(db, user_id, org_id)


def latest(db: Session, user_id: int, org_id: int) -> tuple[int, int]:
    """(newest id, unread count) of one person in one organization: what the live bell polls, two index reads."""
    newest = db.exec(select(func.max(Notification.id)).where(*_of(user_id, org_id))).one() or 0
    return newest, _unread(db, user_id, org_id)


@dataclass(frozen=True)
class NotificationPage:
    items: list[Notification]
    total: int
    page: int
    pages: int


def list_notifications(db: Session, actor: Actor, *, unread_only: bool = False, event: str = "", page: int = 1,
                       page_size: int = PAGE_SIZE) -> NotificationPage:
    """The actor's notifications in the organization acted in, newest first; `event` filters by type."""
    if event and event not in EVENTS:
        raise ValidationFailed("event", f"There is no '{event}' notification type.")
    where = [*_mine(actor)]
    if unread_only:
        where.append(Notification.read_at == None)
    if event:
        where.append(Notification.event == event)
    total = db.exec(select(func.count()).select_from(Notification).where(*where)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    items = list(db.exec(select(Notification).where(*where).order_by(Notification.id.desc())
                         .offset((page - 1) * page_size).limit(page_size)))
    return NotificationPage(items, total, page, pages)


def _own(db: Session, actor: Actor, notification_id: int) -> Notification:
    found = db.get(Notification, notification_id)
    if found is None or found.user_id != actor.user_id or found.org_id != actor.org_id:
        raise NotFound("Notification not found.")
    return found


def mark_read(db: Session, actor: Actor, notification_id: int, read: bool = True) -> Notification:
    """Mark one of the actor's notifications read, or unread again."""
    found = _own(db, actor, notification_id)
    if read and found.read_at is None:
        found.read_at = utcnow()
    elif not read:
        found.read_at = None
    db.add(found)
    return found


def open_notification(db: Session, actor: Actor, notification_id: int) -> str:
    """Clicking an item: it is read now; returns where it leads (in the app)."""
    return mark_read(db, actor, notification_id).link


def mark_all_read(db: Session, actor: Actor) -> int:
    return db.exec(update(Notification).where(*_mine(actor), Notification.read_at == None)
                   .values(read_at=utcnow())).rowcount

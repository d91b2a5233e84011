"""The notification centre: what the bell lists for each person, and mail for the events the
organization sends by email (Settings > Organization > Notifications)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import func, update
from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Role
from allin_app.orgs.models import Membership, Organization
from allin_app.orgs.notifications import DEFAULTS
from allin_app.workflow.models import Notification

SHOWN = 30


def channels(org: Organization, event: str) -> dict[str, bool]:
    stored = json.loads(org.notification_defaults or "{}").get("events", {}).get(event, {})
    return {**DEFAULTS[event], **stored}


def notify(db: Session, org_id: int, user_ids: Iterable[int], event: str, kind: str, title: str, body: str = "",
           link: str = "", *, email: bool = True) -> int:
    """Tell these people, in the app and by mail as the organization's settings for `event` say
    (`email=False`: never by mail, for news that needs nobody to act)."""
    org = db.get(Organization, org_id)
    wanted = channels(org, event)
    wanted["email"] = wanted["email"] and email
    people = [db.get(User, user_id) for user_id in dict.fromkeys(user_ids)]
    for person in (p for p in people if p is not None and p.is_active):
        if wanted["in_app"]:
            db.add(Notification(org_id=org_id, user_id=person.id, kind=kind, title=title[:200], body=body[:1000],
                                link=link))
        if wanted["email"]:
            send_mail(db, person.email, f"{org.name}: {title}"[:200], f"{body}\n\n{link}".strip())
    return len(people)


def managers(db: Session, org_id: int) -> list[int]:
    """Who answers for an organization's publishing: its managers and its agency's owners."""
    org = db.get(Organization, org_id)
    org_ids = [org.id] + ([org.parent_id] if org.parent_id else [])
    roles = (Role.content_manager.value, Role.agency_owner.value)
    return list(db.exec(select(Membership.user_id).where(Membership.org_id.in_(org_ids),
                                                         Membership.role.in_(roles))))


def recent(db: Session, actor: Actor) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == actor.user_id,
                                                   Notification.org_id == actor.org_id)
                        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(SHOWN)))


def unread_count(db: Session, actor: Actor) -> int:
    return db.exec(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor.user_id, Notification.org_id == actor.org_id,
        Notification.read_at == None)).one()


def mark_all_read(db: Session, actor: Actor) -> int:
    return db.exec(update(Notification).where(Notification.user_id == actor.user_id,
                                              Notification.org_id == actor.org_id, Notification.read_at == None)
                   .values(read_at=utcnow())).rowcount

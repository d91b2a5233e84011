"""Each person's own notification choices: per event and channel (in the app, email) in an organization,
over the organization's defaults (Settings > Organization); and how their email comes: as things happen,
or gathered into a daily or weekly digest."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from allin_app.auth.models import User
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.orgs.models import Organization
from allin_app.orgs.notifications import CHANNELS, DEFAULTS, EVENTS, FREQUENCIES
from allin_app.workflow.models import NotificationDigest, NotificationPreference

FALLBACK = {"in_app": True, "email": False}  # an event another part of the app added before its default exists


def org_channels(org: Organization, event: str) -> dict[str, bool]:
    """The organization's default for `event`: {"in_app": bool, "email": bool}."""
    stored = _stored_defaults(org).get("events", {}).get(event, {})
    return {**DEFAULTS.get(event, FALLBACK), **stored}


def org_frequency(org: Organization | None) -> str:
    return _stored_defaults(org).get("frequency", "instant") if org is not None else "instant"


def _stored_defaults(org: Organization | None) -> dict:
    return json.loads(org.notification_defaults) if org is not None and org.notification_defaults else {}


def channels_for(db: Session, org: Organization, user_id: int, event: str) -> dict[str, bool]:
    """How `event` reaches this person in this organization: their own choice where they made one,
    else the organization's default."""
    wanted = org_channels(org, event)
    own = _preference(db, user_id, org.id, event)
    if own is not None:
        wanted.update({channel: getattr(own, channel) for channel in CHANNELS if getattr(own, channel) is not None})
    return wanted


def _preference(db: Session, user_id: int, org_id: int, event: str) -> NotificationPreference | None:
    return db.exec(select(NotificationPreference).where(NotificationPreference.user_id == user_id,
                                                        NotificationPreference.org_id == org_id,
                                                        NotificationPreference.event == event)).first()


@dataclass(frozen=True)
class EventChoice:
    event: str
    label: str
    in_app: bool
    email: bool
    org_in_app: bool  # the organization's default, shown beside the person's choice
    org_email: bool


def preferences(db: Session, actor: Actor) -> list[EventChoice]:
    """The actor's choices in the organization acted in, one per event, with the organization's defaults."""
    org = db.get(Organization, actor.org_id)
    choices = []
    for event, label in EVENTS.items():
        mine, default = channels_for(db, org, actor.user_id, event), org_channels(org, event)
        choices.append(EventChoice(event, label, mine["in_app"], mine["email"], default["in_app"], default["email"]))
    return choices


def update_preferences(db: Session, actor: Actor, choices: dict[str, dict[str, bool]]) -> list[EventChoice]:
    """Save the actor's choices; a channel set like the organization's default follows that default later."""
    unknown = set(choices) - set(EVENTS)
    if unknown:
        raise ValidationFailed("events", f"There is no '{min(unknown)}' notification.")
    org = db.get(Organization, actor.org_id)
    for event, chosen in choices.items():
        default = org_channels(org, event)
        own = {channel: (bool(chosen[channel]) if channel in chosen and bool(chosen[channel]) != default[channel]
                         else None) for channel in CHANNELS}
        row = _preference(db, actor.user_id, org.id, event)
        if all(value is None for value in own.values()):
            if row is not None:
                db.delete(row)
            continue
        row = row or NotificationPreference(user_id=actor.user_id, org_id=org.id, event=event)
        row.in_app, row.email = own["in_app"], own["email"]
        db.add(row)
    db.flush()
    return preferences(db, actor)


# ---- email frequency (per person, across their organizations) ----

def _digest_row(db: Session, user_id: int) -> NotificationDigest | None:
    return db.get(NotificationDigest, user_id)


def frequency_for(db: Session, user: User) -> str:
    """instant, daily or weekly: the person's choice, else their home organization's default."""
    row = _digest_row(db, user.id)
    if row is not None and row.frequency:
        return row.frequency
    return org_frequency(db.get(Organization, user.home_org_id) if user.home_org_id else None)


@dataclass(frozen=True)
class EmailFrequency:
    chosen: str  # instant, daily, weekly, or "" when following the organization
    effective: str
    org_default: str


def email_frequency(db: Session, actor: Actor) -> EmailFrequency:
    user = db.get(User, actor.user_id)
    row = _digest_row(db, user.id)
    home = db.get(Organization, user.home_org_id) if user.home_org_id else None
    return EmailFrequency((row.frequency or "") if row else "", frequency_for(db, user), org_frequency(home))


def set_email_frequency(db: Session, actor: Actor, frequency: str) -> EmailFrequency:
    """`frequency`: instant, daily, weekly, or "" to follow the home organization's default."""
    if frequency and frequency not in FREQUENCIES:
        raise ValidationFailed("frequency", "Choose as they happen, a daily or a weekly digest.")
    row = _digest_row(db, actor.user_id) or NotificationDigest(user_id=actor.user_id)
    row.frequency = frequency or None
    db.add(row)
    db.flush()
    return email_frequency(db, actor)

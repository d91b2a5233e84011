"""Organization-wide notification defaults: which events reach members, in the app and by email,
and how often. Members start from these; the notifications centre reads them."""

from __future__ import annotations

import json

from sqlmodel import Session

from allin_app.admin.service import record_audit
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs

EVENTS = {
    "publishing": "Publishing results (posted, failed)",
    "approvals": "Approvals requested and decided",
    "comments": "Comments and replies on posts",
    "mentions": "Mentions of you in comments",
    "assignments": "Posts and tasks assigned to you, task deadlines",
    "team": "Team activity (joins, role changes)",
    "performance": "Performance alerts and anomalies",
    "reports": "Scheduled reports",
    "accounts": "Account connection and API alerts",
}
CHANNELS = ("in_app", "email")
FREQUENCIES = {"instant": "As they happen", "daily": "Daily digest", "weekly": "Weekly digest"}
DEFAULTS = {event: {"in_app": True, "email": event in ("publishing", "approvals", "mentions", "accounts")}
            for event in EVENTS}


def notification_defaults(db: Session, actor: Actor, org_id: int) -> dict:
    """{"events": {event: {"in_app": bool, "email": bool}}, "frequency": str}, with gaps filled in."""
    org = orgs.get_organization(db, actor, org_id)
    stored = json.loads(org.notification_defaults) if org.notification_defaults else {}
    events = {event: {**DEFAULTS[event], **stored.get("events", {}).get(event, {})} for event in EVENTS}
    return {"events": events, "frequency": stored.get("frequency", "instant")}


def update_notification_defaults(db: Session, actor: Actor, org_id: int, events: dict[str, dict[str, bool]],
                                 frequency: str) -> dict:
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id))
    if frequency not in FREQUENCIES:
        raise ValidationFailed("frequency", "Choose as they happen, a daily or a weekly digest.")
    unknown = set(events) - set(EVENTS)
    if unknown:
        raise ValidationFailed("events", f"There is no '{min(unknown)}' notification.")
    cleaned = {event: {channel: bool(events.get(event, {}).get(channel, DEFAULTS[event][channel]))
                       for channel in CHANNELS} for event in EVENTS}
    org.notification_defaults = json.dumps({"events": cleaned, "frequency": frequency}, sort_keys=True)
    record_audit(db, "org.notification_defaults_changed", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"org:{org.id}", detail=f"frequency={frequency}")
    return {"events": cleaned, "frequency": frequency}

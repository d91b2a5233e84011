"""Organization profile: who may change it, what is refused, and that it is audited."""

from __future__ import annotations

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind


def _actor(db, email: str, org_name: str | None = None):
    user = auth.find_user_by_email(db, email)
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return orgs.actor_for(db, user, org_id)


def test_agency_owner_edits_a_client_profile(seeded):
    actor = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    org = orgs.update_organization(seeded, actor, actor.org_id, {
        "description": "Speciality coffee, roasted in town.", "industry": "Food & drink", "size": "11-50",
        "website": "https://bloom.example", "timezone": "Europe/Berlin", "language": "de"})
    assert (org.industry, org.timezone, org.language) == ("Food & drink", "Europe/Berlin", "de")
    event = seeded.exec(select(AuditEvent).where(AuditEvent.action == "org.updated")).one()
    assert event.org_id == org.id and "timezone" in event.detail


@pytest.mark.parametrize("email", ["manager@allin.demo", "creator@allin.demo", "client@allin.demo",
                                   "team@allin.demo"])
def test_members_below_the_owner_cannot_change_organization_settings(seeded, email):
    actor = _actor(seeded, email)
    with pytest.raises(PermissionDenied):
        orgs.update_organization(seeded, actor, actor.org_id, {"industry": "Anything"})


def test_another_agencys_client_is_not_found(seeded):
    other = orgs.create_organization(seeded, "Southwind Media", OrgKind.agency)
    hidden = orgs.create_organization(seeded, "Harbor Bakery", OrgKind.client, other.id)
    with pytest.raises(NotFound):
        orgs.update_organization(seeded, _actor(seeded, "agency@allin.demo"), hidden.id, {"industry": "x"})


@pytest.mark.parametrize(("changes", "field"), [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"website": "not a url"}, "website"),
    ({"name": "x"}, "name"),
    ({"industry": "x" * 81}, "industry"),
    ({"kind": "enterprise"}, "kind"),
    ({"parent_id": "1"}, "parent_id"),
])
def test_bad_profile_input_names_the_field_and_changes_nothing(seeded, changes, field):
    actor = _actor(seeded, "agency@allin.demo", AGENCY)
    with pytest.raises(ValidationFailed) as refused:
        orgs.update_organization(seeded, actor, actor.org_id, changes)
    assert refused.value.field == field
    seeded.rollback()
    assert orgs.get_organization(seeded, actor, actor.org_id).timezone == "UTC"


def test_notification_defaults_start_sensible_and_the_owner_changes_them(seeded):
    from allin_app.orgs import notifications

    owner = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    start = notifications.notification_defaults(seeded, owner, owner.org_id)
    assert start["frequency"] == "instant" and start["events"]["approvals"] == {"in_app": True, "email": True}
    notifications.update_notification_defaults(seeded, owner, owner.org_id,
                                               {"approvals": {"in_app": True, "email": False}}, "daily")
    seeded.commit()
    creator = _actor(seeded, "creator@allin.demo")
    saved = notifications.notification_defaults(seeded, creator, creator.org_id)
    assert saved["frequency"] == "daily" and saved["events"]["approvals"]["email"] is False
    assert saved["events"]["publishing"]["email"] is True  # untouched events keep their defaults


def test_notification_defaults_refuse_unknown_events_and_non_owners(seeded):
    from allin_app.orgs import notifications

    owner = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    with pytest.raises(ValidationFailed):
        notifications.update_notification_defaults(seeded, owner, owner.org_id, {"fireworks": {}}, "instant")
    with pytest.raises(ValidationFailed):
        notifications.update_notification_defaults(seeded, owner, owner.org_id, {}, "hourly")
    manager = _actor(seeded, "manager@allin.demo")
    with pytest.raises(PermissionDenied):
        notifications.update_notification_defaults(seeded, manager, manager.org_id, {}, "daily")

"""An agency's client overview and onboarding; the super admin's organization directory."""

from __future__ import annotations

import pytest

from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import clients, directory
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization, OrgKind


def _actor(db, email: str, org_name: str | None = None):
    user = auth.find_user_by_email(db, email)
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return orgs.actor_for(db, user, org_id)


def test_agency_overview_counts_each_clients_members(seeded):
    agency, summaries = clients.client_overview(seeded, _actor(seeded, "agency@allin.demo"))
    assert agency.name == AGENCY
    assert {s.org.name: s.members for s in summaries} == {CLIENTS[0]: 4, CLIENTS[1]: 0}


def test_agency_owner_onboards_a_client_and_reaches_it(seeded):
    actor = _actor(seeded, "agency@allin.demo", CLIENTS[1])  # working inside a client still adds to the agency
    client = clients.create_client(seeded, actor, "Lumen Opticians", industry="Retail", timezone="Europe/Paris")
    assert (client.kind, client.timezone) == (OrgKind.client.value, "Europe/Paris")
    assert client.parent_id == orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY)).id
    assert orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"), client.id).org_id == client.id


def test_a_client_name_is_unique_within_the_agency(seeded):
    with pytest.raises(ValidationFailed) as refused:
        clients.create_client(seeded, _actor(seeded, "agency@allin.demo"), CLIENTS[0])
    assert refused.value.field == "name"


@pytest.mark.parametrize("email", ["manager@allin.demo", "creator@allin.demo", "client@allin.demo"])
def test_client_staff_cannot_onboard_clients(seeded, email):
    with pytest.raises((NotFound, PermissionDenied)):  # they cannot even see the agency
        clients.create_client(seeded, _actor(seeded, email), "Sneaky Client")


def test_only_the_super_admin_reads_the_directory(seeded):
    assert {o.name for o in directory.search_organizations(seeded, _actor(seeded, "admin@allin.demo"), "peak")} == {
        CLIENTS[1]}
    with pytest.raises(PermissionDenied):
        directory.search_organizations(seeded, _actor(seeded, "agency@allin.demo"))


def test_a_suspended_client_locks_its_members_out_until_reactivated(seeded):
    admin = _actor(seeded, "admin@allin.demo")
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    directory.set_suspended(seeded, admin, bloom.id, True)
    manager = auth.find_user_by_email(seeded, "manager@allin.demo")
    with pytest.raises(orgs.OrgSuspended):
        orgs.actor_for(seeded, manager)
    assert bloom.id not in {o.id for o in orgs.reachable_orgs(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"))}
    directory.set_suspended(seeded, admin, bloom.id, False)
    assert orgs.actor_for(seeded, manager).org_id == bloom.id


def test_suspending_an_agency_suspends_its_clients(seeded):
    admin = _actor(seeded, "admin@allin.demo")
    directory.set_suspended(seeded, admin, orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY)).id, True)
    with pytest.raises(orgs.OrgSuspended):
        orgs.actor_for(seeded, auth.find_user_by_email(seeded, "creator@allin.demo"))


def test_delete_needs_the_typed_name_and_keeps_the_people(seeded):
    admin = _actor(seeded, "admin@allin.demo")
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    with pytest.raises(ValidationFailed):
        directory.delete_organization(seeded, admin, bloom.id, "bloom")
    directory.delete_organization(seeded, admin, bloom.id, CLIENTS[0])
    seeded.commit()
    assert seeded.get(Organization, bloom.id) is None
    manager = auth.find_user_by_email(seeded, "manager@allin.demo")
    assert manager is not None and manager.home_org_id is None
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, manager)


def test_an_agency_with_clients_cannot_be_deleted(seeded):
    with pytest.raises(ValidationFailed):
        directory.delete_organization(seeded, _actor(seeded, "admin@allin.demo"),
                                      orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY)).id, AGENCY)


def test_a_client_organization_needs_an_agency(seeded):
    admin = _actor(seeded, "admin@allin.demo")
    with pytest.raises(ValidationFailed):
        directory.create_any_organization(seeded, admin, "Orphan Client", OrgKind.client)
    agency = orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY))
    assert directory.create_any_organization(seeded, admin, "Adopted Client", OrgKind.client, agency.id).parent_id == agency.id


def _agency_staff_member(db, email: str = "sky.staff@northwind.example"):
    """A content manager on the agency's own staff (not an owner)."""
    from allin_app.core.rbac import Role

    user = auth.create_user(db, email, "Staff-Member-Pw1", "Sky Staff", verified=True)
    orgs.add_member(db, orgs.get_org_by_slug(db, orgs.slugify(AGENCY)).id, user.id, Role.content_manager)
    user.home_org_id = orgs.get_org_by_slug(db, orgs.slugify(AGENCY)).id
    db.commit()
    return user


def test_agency_staff_reach_only_the_clients_they_are_assigned_to(seeded):
    staff = _agency_staff_member(seeded)
    owner = _actor(seeded, "agency@allin.demo")
    bloom, peak = (orgs.get_org_by_slug(seeded, orgs.slugify(name)) for name in CLIENTS)
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, staff, bloom.id)
    clients.set_assignment(seeded, owner, bloom.id, staff.id, True)
    assert orgs.actor_for(seeded, staff, bloom.id).role.value == "content_manager"
    assert {o.name for o in orgs.reachable_orgs(seeded, staff)} == {AGENCY, CLIENTS[0]}
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, staff, peak.id)
    assert [(u.email, assigned) for u, _role, assigned in clients.agency_staff(seeded, owner, bloom.id)] == [
        (staff.email, True)]
    clients.set_assignment(seeded, owner, bloom.id, staff.id, False)
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, staff, bloom.id)


def test_only_agency_staff_can_be_assigned(seeded):
    owner = _actor(seeded, "agency@allin.demo")
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    with pytest.raises(NotFound):
        clients.set_assignment(seeded, owner, bloom.id, auth.find_user_by_email(seeded, "creator@allin.demo").id, True)
    with pytest.raises((NotFound, PermissionDenied)):
        clients.set_assignment(seeded, _actor(seeded, "manager@allin.demo"), bloom.id, 1, True)


def test_removing_staff_from_the_agency_ends_their_client_access(seeded):
    from allin_app.orgs import team

    staff = _agency_staff_member(seeded)
    owner = _actor(seeded, "agency@allin.demo")
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    clients.set_assignment(seeded, owner, bloom.id, staff.id, True)
    team.remove_member(seeded, owner, owner.org_id, staff.id)
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, staff, bloom.id)


def test_onboarding_a_client_sets_its_voice_and_invites_its_people_in_one_go(seeded):
    from sqlmodel import select

    from allin_app.orgs import branding
    from allin_app.orgs.models import Invitation

    owner = _actor(seeded, "agency@allin.demo")
    client = clients.onboard_client(seeded, owner, "Fern & Fig Bakery", voice_tone="Cosy, floury, never pushy.",
                                    invite_emails="owner@fernfig.example\nbaker@fernfig.example")
    invited = seeded.exec(select(Invitation).where(Invitation.org_id == client.id)).all()
    assert sorted(i.email for i in invited) == ["baker@fernfig.example", "owner@fernfig.example"]
    assert {i.role for i in invited} == {"client_viewer"}
    owner_now = _actor(seeded, "agency@allin.demo")  # each request sees the organizations as they are now
    assert branding.guidelines_of(seeded, owner_now, client.id).voice_tone == "Cosy, floury, never pushy."


def test_a_bad_invitation_address_onboards_nothing(seeded):
    owner = _actor(seeded, "agency@allin.demo")
    with pytest.raises(ValidationFailed):
        clients.onboard_client(seeded, owner, "Half Done Ltd", invite_emails="not-an-address")
    seeded.rollback()
    assert orgs.get_org_by_slug(seeded, orgs.slugify("Half Done Ltd")) is None


def test_agency_overview_counts_connected_accounts_and_those_needing_attention(seeded):
    from allin_app.accounts.models import SocialAccount

    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    seeded.add(SocialAccount(org_id=bloom.id, network="twitter", external_id="1", handle="bloom"))
    seeded.add(SocialAccount(org_id=bloom.id, network="facebook", external_id="2", handle="bloom", status="expired"))
    seeded.commit()
    _, summaries = clients.client_overview(seeded, _actor(seeded, "agency@allin.demo"))
    counts = {s.org.name: (s.accounts, s.accounts_needing_attention) for s in summaries}
    assert counts == {CLIENTS[0]: (2, 1), CLIENTS[1]: (0, 0)}

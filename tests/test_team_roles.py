"""Who may invite, change roles, remove members and transfer ownership (the guide's TEAM & USER
MANAGEMENT rows), on the seeded demo organizations."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Role
from allin_app.orgs import service as orgs
from allin_app.orgs import team
from allin_app.orgs.models import Membership, Organization, OrgKind

BLOOM, PEAK = CLIENTS
ALLOWED = ("admin", "agency")
REFUSED = ("manager", "creator", "client", "team")


def user(db: Session, name: str) -> User:
    return auth.find_user_by_email(db, f"{name}@allin.demo")


def org(db: Session, name: str) -> Organization:
    return orgs.get_org_by_slug(db, orgs.slugify(name))


def actor_in(db: Session, name: str, org_name: str = BLOOM) -> Actor:
    return orgs.actor_for(db, user(db, name), org(db, org_name).id)


def role_of(db: Session, name: str, org_name: str = BLOOM) -> str | None:
    return db.exec(select(Membership.role).where(Membership.user_id == user(db, name).id,
                                                 Membership.org_id == org(db, org_name).id)).first()


def audit_actions(db: Session) -> list[str]:
    return [e.action for e in db.exec(select(AuditEvent).order_by(AuditEvent.id))]


def newcomer(db: Session, email: str = "newcomer@example.com", org_name: str = BLOOM,
             role: Role = Role.team_member) -> User:
    person = auth.create_user(db, email, "Quiet-River-73", "New Comer", verified=True)
    orgs.add_member(db, org(db, org_name).id, person.id, role)
    person.home_org_id = org(db, org_name).id
    return person


def other_agency(db: Session) -> tuple[Organization, Organization]:
    agency = orgs.create_organization(db, "Southwind Media", OrgKind.agency)
    client = orgs.create_organization(db, "Harbor Bakery", OrgKind.client, agency.id)
    newcomer(db, "owner@southwind.example", "Southwind Media", Role.agency_owner)
    newcomer(db, "baker@harbor.example", "Harbor Bakery", Role.content_creator)
    return agency, client


# --- invite (Create Users) -----------------------------------------------------------------


@pytest.mark.parametrize("name", ALLOWED)
def test_super_admin_and_agency_owner_may_invite_into_the_client_org(seeded, name):
    invitations = team.invite_members(seeded, actor_in(seeded, name), org(seeded, BLOOM).id,
                                      f"{name}-pick@example.com", Role.content_creator)
    assert [i.email for i in invitations] == [f"{name}-pick@example.com"]


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_may_not_invite(seeded, name):
    with pytest.raises(PermissionDenied):
        team.invite_members(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, "x@example.com", Role.team_member)


def test_agency_owner_acting_in_the_agency_invites_into_a_client_org(seeded):
    actor = orgs.actor_for(seeded, user(seeded, "agency"))  # home: the agency
    assert actor.org_id == org(seeded, AGENCY).id
    invitations = team.invite_members(seeded, actor, org(seeded, PEAK).id, "coach@example.com", Role.content_manager)
    assert invitations[0].org_id == org(seeded, PEAK).id


def test_agency_owner_cannot_reach_another_agencys_orgs(seeded):
    foreign_orgs = other_agency(seeded)
    actor = actor_in(seeded, "agency", AGENCY)
    baker = auth.find_user_by_email(seeded, "baker@harbor.example")
    for foreign in foreign_orgs:
        with pytest.raises(NotFound):
            team.invite_members(seeded, actor, foreign.id, "x@example.com", Role.team_member)
        with pytest.raises(NotFound):
            team.list_invitations(seeded, actor, foreign.id)
        with pytest.raises(NotFound):
            team.change_member_role(seeded, actor, foreign.id, baker.id, Role.team_member)
        with pytest.raises(NotFound):
            team.remove_member(seeded, actor, foreign.id, baker.id)
        with pytest.raises(NotFound):
            team.transfer_ownership(seeded, actor, foreign.id, baker.id)


def test_manager_gets_not_found_for_an_org_outside_their_reach(seeded):
    with pytest.raises(NotFound):
        team.invite_members(seeded, actor_in(seeded, "manager"), org(seeded, PEAK).id, "x@example.com",
                            Role.team_member)


def test_manager_sees_pending_invitations_but_cannot_send_them(seeded):
    team.invite_members(seeded, actor_in(seeded, "agency"), org(seeded, BLOOM).id, "seen@example.com",
                        Role.team_member)
    listed = team.list_invitations(seeded, actor_in(seeded, "manager"), org(seeded, BLOOM).id)
    assert [i.email for i in listed] == ["seen@example.com"]
    with pytest.raises(PermissionDenied):
        team.resend_invitation(seeded, actor_in(seeded, "manager"), org(seeded, BLOOM).id, listed[0].id)
    with pytest.raises(PermissionDenied):
        team.revoke_invitation(seeded, actor_in(seeded, "manager"), org(seeded, BLOOM).id, listed[0].id)


@pytest.mark.parametrize("name", ("creator", "client", "team"))
def test_roles_without_team_management_do_not_see_invitations(seeded, name):
    with pytest.raises(PermissionDenied):
        team.list_invitations(seeded, actor_in(seeded, name), org(seeded, BLOOM).id)


def test_nobody_is_invited_as_super_admin(seeded):
    with pytest.raises(ValidationFailed) as refused:
        team.invite_members(seeded, actor_in(seeded, "admin"), org(seeded, BLOOM).id, "x@example.com",
                            Role.super_admin)
    assert refused.value.field == "role"


# --- change role (Assign Roles) ------------------------------------------------------------


@pytest.mark.parametrize("name", ALLOWED)
def test_super_admin_and_agency_owner_change_a_members_role(seeded, name):
    creator = user(seeded, "creator")
    team.change_member_role(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, creator.id, Role.content_manager)
    assert role_of(seeded, "creator") == Role.content_manager.value
    event = seeded.exec(select(AuditEvent).where(AuditEvent.action == "org.member_role_changed")).one()
    assert (event.target, event.detail) == (f"user:{creator.id}", "content_creator -> content_manager")


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_may_not_change_roles(seeded, name):
    with pytest.raises(PermissionDenied):
        team.change_member_role(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, user(seeded, "creator").id,
                                Role.content_manager)
    assert role_of(seeded, "creator") == Role.content_creator.value


def test_nobody_is_made_super_admin(seeded):
    with pytest.raises(ValidationFailed):
        team.change_member_role(seeded, actor_in(seeded, "admin"), org(seeded, BLOOM).id, user(seeded, "team").id,
                                Role.super_admin)


def test_changing_to_the_same_role_changes_nothing(seeded):
    team.change_member_role(seeded, actor_in(seeded, "agency"), org(seeded, BLOOM).id, user(seeded, "team").id,
                            Role.team_member)
    assert "org.member_role_changed" not in audit_actions(seeded)


def test_role_of_someone_outside_the_org_is_not_found(seeded):
    outsider = newcomer(seeded, org_name=PEAK)
    for user_id in (outsider.id, user(seeded, "agency").id, 999_999):
        with pytest.raises(NotFound):
            team.change_member_role(seeded, actor_in(seeded, "agency"), org(seeded, BLOOM).id, user_id,
                                    Role.team_member)


def test_last_owner_of_an_agency_cannot_be_demoted(seeded):
    with pytest.raises(Conflict):
        team.change_member_role(seeded, actor_in(seeded, "admin", AGENCY), org(seeded, AGENCY).id,
                                user(seeded, "agency").id, Role.content_manager)
    assert role_of(seeded, "agency", AGENCY) == Role.agency_owner.value


def test_an_owner_may_be_demoted_while_another_remains(seeded):
    second = newcomer(seeded, "second.owner@example.com", AGENCY, Role.agency_owner)
    team.change_member_role(seeded, actor_in(seeded, "agency", AGENCY), org(seeded, AGENCY).id, second.id,
                            Role.content_manager)
    assert orgs.actor_for(seeded, second).role is Role.content_manager


def test_nobody_changes_their_own_role(seeded):
    newcomer(seeded, "second.owner@example.com", AGENCY, Role.agency_owner)
    with pytest.raises(ValidationFailed):
        team.change_member_role(seeded, actor_in(seeded, "agency", AGENCY), org(seeded, AGENCY).id,
                                user(seeded, "agency").id, Role.content_manager)


# --- remove (Delete Users) -----------------------------------------------------------------


@pytest.mark.parametrize("name", ALLOWED)
def test_super_admin_and_agency_owner_remove_a_member(seeded, name):
    team.remove_member(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, user(seeded, "team").id)
    assert role_of(seeded, "team") is None
    assert "org.member_removed" in audit_actions(seeded)


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_may_not_remove(seeded, name):
    target = "creator" if name != "creator" else "team"
    with pytest.raises(PermissionDenied):
        team.remove_member(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, user(seeded, target).id)
    assert role_of(seeded, target) is not None


def test_removed_member_loses_access_at_the_next_request(seeded):
    team_user = user(seeded, "team")
    bloom = org(seeded, BLOOM).id
    assert orgs.actor_for(seeded, team_user, bloom).org_id == bloom
    team.remove_member(seeded, actor_in(seeded, "agency"), bloom, team_user.id)
    seeded.commit()
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, team_user, bloom)
    assert team_user.home_org_id is None  # Bloom was their only organization


def test_removed_member_falls_back_to_another_org(seeded):
    both = newcomer(seeded, "two.orgs@example.com", BLOOM)
    orgs.add_member(seeded, org(seeded, PEAK).id, both.id, Role.content_creator)
    team.remove_member(seeded, actor_in(seeded, "agency"), org(seeded, BLOOM).id, both.id)
    assert both.home_org_id == org(seeded, PEAK).id
    assert orgs.actor_for(seeded, both).org_id == org(seeded, PEAK).id


def test_nobody_removes_themselves(seeded):
    with pytest.raises(ValidationFailed):
        team.remove_member(seeded, actor_in(seeded, "agency", AGENCY), org(seeded, AGENCY).id,
                           user(seeded, "agency").id)


def test_last_owner_of_an_agency_cannot_be_removed(seeded):
    with pytest.raises(Conflict):
        team.remove_member(seeded, actor_in(seeded, "admin", AGENCY), org(seeded, AGENCY).id,
                           user(seeded, "agency").id)


def test_removing_someone_outside_the_org_is_not_found(seeded):
    with pytest.raises(NotFound):
        team.remove_member(seeded, actor_in(seeded, "agency"), org(seeded, PEAK).id, user(seeded, "creator").id)


# --- transfer ownership (Manage Permissions) -----------------------------------------------


def test_agency_owner_transfers_the_agency_and_becomes_content_manager(seeded):
    heir = newcomer(seeded, "heir@example.com", AGENCY, Role.content_creator)
    agency = org(seeded, AGENCY).id
    team.transfer_ownership(seeded, actor_in(seeded, "agency", AGENCY), agency, heir.id)
    assert role_of(seeded, "agency", AGENCY) == Role.content_manager.value
    assert orgs.actor_for(seeded, heir, agency).role is Role.agency_owner
    event = seeded.exec(select(AuditEvent).where(AuditEvent.action == "org.ownership_transferred")).one()
    assert event.detail == f"from user:{user(seeded, 'agency').id}"


def test_super_admin_transfers_from_the_current_owner(seeded):
    heir = newcomer(seeded, "heir@example.com", AGENCY, Role.content_creator)
    team.transfer_ownership(seeded, actor_in(seeded, "admin", AGENCY), org(seeded, AGENCY).id, heir.id)
    assert role_of(seeded, "agency", AGENCY) == Role.content_manager.value
    assert role_of(seeded, "admin", AGENCY) is None


@pytest.mark.parametrize("name", REFUSED)
def test_other_roles_may_not_transfer_ownership(seeded, name):
    with pytest.raises(PermissionDenied):
        team.transfer_ownership(seeded, actor_in(seeded, name), org(seeded, BLOOM).id, user(seeded, "creator").id)


def test_ownership_goes_only_to_a_member(seeded):
    with pytest.raises(NotFound):
        team.transfer_ownership(seeded, actor_in(seeded, "agency", AGENCY), org(seeded, AGENCY).id,
                                user(seeded, "creator").id)


def test_an_owner_cannot_be_made_owner_again(seeded):
    with pytest.raises(ValidationFailed):
        team.transfer_ownership(seeded, actor_in(seeded, "admin", AGENCY), org(seeded, AGENCY).id,
                                user(seeded, "agency").id)

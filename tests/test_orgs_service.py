"""Organizations (product guide "Roles"): who may act in which organization, on the seeded demo data."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.errors import NotFound
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization, OrgKind


def login(db: Session, name: str) -> User:
    return auth.find_user_by_email(db, f"{name}@allin.demo")


def org(db: Session, name: str) -> Organization:
    return orgs.get_org_by_slug(db, orgs.slugify(name))


def other_agency_with_client(db: Session) -> tuple[Organization, Organization]:
    agency = orgs.create_organization(db, "Southwind Media", OrgKind.agency)
    return agency, orgs.create_organization(db, "Harbor Bakery", OrgKind.client, agency.id)


def test_agency_owner_acts_in_both_client_orgs(seeded):
    owner = login(seeded, "agency")
    for client in CLIENTS:
        actor = orgs.actor_for(seeded, owner, org(seeded, client).id)
        assert (actor.org_id, actor.role) == (org(seeded, client).id, Role.agency_owner)


def test_agency_owner_cannot_reach_another_agencys_orgs(seeded):
    owner = login(seeded, "agency")
    for foreign in other_agency_with_client(seeded):
        with pytest.raises(NotFound):
            orgs.actor_for(seeded, owner, foreign.id)


def test_agency_owner_reaches_the_agency_and_its_two_clients(seeded):
    other_agency_with_client(seeded)
    owner = login(seeded, "agency")
    reachable = orgs.reachable_orgs(seeded, owner)
    assert [o.name for o in reachable] == [AGENCY, *sorted(CLIENTS)]  # home organization first
    assert orgs.actor_for(seeded, owner).reachable_org_ids == {o.id for o in reachable}


def test_manager_acts_in_their_client_org_only(seeded):
    manager = login(seeded, "manager")
    actor = orgs.actor_for(seeded, manager)
    assert (actor.org_id, actor.role) == (org(seeded, CLIENTS[0]).id, Role.content_manager)
    for elsewhere in (CLIENTS[1], AGENCY):
        with pytest.raises(NotFound):
            orgs.actor_for(seeded, manager, org(seeded, elsewhere).id)


def test_super_admin_acts_anywhere(seeded):
    admin = login(seeded, "admin")
    _agency, foreign_client = other_agency_with_client(seeded)
    for target in (org(seeded, AGENCY), org(seeded, CLIENTS[1]), foreign_client):
        assert orgs.actor_for(seeded, admin, target.id).role == Role.super_admin


def test_unknown_org_is_not_found(seeded):
    with pytest.raises(NotFound):
        orgs.actor_for(seeded, login(seeded, "admin"), 999_999)


def test_org_names_get_unique_slugs(db):
    first = orgs.create_organization(db, "Bloom Coffee Co.")
    second = orgs.create_organization(db, "Bloom Coffee Co")
    assert (first.slug, second.slug) == ("bloom-coffee-co", "bloom-coffee-co-2")

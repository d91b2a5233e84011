"""The demo seed (product guide "Demo logins"): an agency with two clients and the six demo logins."""

from __future__ import annotations

from sqlmodel import Session, SQLModel, func, select

from allin_app.admin.seed import AGENCY, CLIENTS, DEMO_LOGINS, PLATFORM_ORG, seed_demo
from allin_app.auth import service as auth
from allin_app.orgs.models import Membership, Organization

GUIDE_ROLES = {
    "admin@allin.demo": "super_admin",
    "agency@allin.demo": "agency_owner",
    "manager@allin.demo": "content_manager",
    "creator@allin.demo": "content_creator",
    "client@allin.demo": "client_viewer",
    "team@allin.demo": "team_member",
}


def row_counts(db: Session) -> dict[str, int]:
    return {t.name: db.exec(select(func.count()).select_from(t)).one() for t in SQLModel.metadata.sorted_tables}


def role_and_org(db: Session, email: str) -> tuple[str, str]:
    user = auth.find_user_by_email(db, email)
    if user.is_superadmin:
        return "super_admin", db.get(Organization, user.home_org_id).name
    membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
    return membership.role, db.get(Organization, membership.org_id).name


def test_seed_creates_an_agency_with_two_clients(seeded):
    by_name = {o.name: o for o in seeded.exec(select(Organization))}
    assert set(by_name) == {PLATFORM_ORG, AGENCY, *CLIENTS}
    assert by_name[AGENCY].kind == "agency"
    for client in CLIENTS:
        assert (by_name[client].kind, by_name[client].parent_id) == ("client", by_name[AGENCY].id)


def test_seed_creates_the_six_demo_logins_with_the_guides_roles(seeded):
    assert {login.email for login in DEMO_LOGINS} == set(GUIDE_ROLES)
    assert role_and_org(seeded, "admin@allin.demo")[0] == "super_admin"
    assert role_and_org(seeded, "agency@allin.demo") == ("agency_owner", AGENCY)
    for name in ("manager", "creator", "client", "team"):
        email = f"{name}@allin.demo"
        assert role_and_org(seeded, email) == (GUIDE_ROLES[email], CLIENTS[0])


def test_only_the_admin_is_a_platform_admin(seeded):
    admins = [email for email in GUIDE_ROLES if auth.find_user_by_email(seeded, email).is_superadmin]
    assert admins == ["admin@allin.demo"]


def test_a_second_seed_changes_nothing(seeded):
    before = row_counts(seeded)
    assert seed_demo(seeded) == []
    seeded.flush()
    assert row_counts(seeded) == before


def test_the_first_seed_reports_what_it_created(db):
    created = seed_demo(db)
    assert len(created) == 4 + 6
    assert "user admin@allin.demo (super_admin)" in created


def test_every_demo_login_signs_in_with_its_password(seeded):
    for login in DEMO_LOGINS:
        result = auth.sign_in_with_password(seeded, login.email, login.password)
        assert result.user.email == login.email and not result.needs_second_factor

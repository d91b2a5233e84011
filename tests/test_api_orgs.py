"""The organizations REST API (/api/v1/organizations): each route, 404 outside reach, 403 for a role that
may not, 422 for bad input, on the seeded demo data."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from allin_app.admin.models import OutboxMail
from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.api.app import create_api
from allin_app.auth import service as auth
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Invitation, OrgKind

BLOOM, PEAK = CLIENTS
PASSWORDS = {"admin": "Admin123!@#", "agency": "Agency123!@#", "manager": "Manager123!@#",
             "creator": "Creator123!@#", "client": "Client123!@#", "team": "Team123!@#"}
PROBLEM = "application/problem+json"


@pytest.fixture
def api(seeded):
    with TestClient(create_api()) as client:
        yield client


def headers(api: TestClient, name: str, **extra: str) -> dict[str, str]:
    response = api.post("/api/v1/auth/login", json={"email": f"{name}@allin.demo", "password": PASSWORDS[name]})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}", **extra}


def org_id(db, name: str) -> int:
    return orgs.get_org_by_slug(db, orgs.slugify(name)).id


def user_id(db, name: str) -> int:
    return auth.find_user_by_email(db, f"{name}@allin.demo").id


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    return response.json()


def foreign_org(db) -> int:
    agency = orgs.create_organization(db, "Southwind Media", OrgKind.agency)
    client = orgs.create_organization(db, "Harbor Bakery", OrgKind.client, agency.id)
    db.commit()
    return client.id


# --- organizations -------------------------------------------------------------------------


def test_agency_owner_lists_the_agency_and_its_clients(api, seeded):
    foreign_org(seeded)
    body = api.get("/api/v1/organizations", headers=headers(api, "agency")).json()
    assert [o["name"] for o in body["items"]] == [AGENCY, *sorted(CLIENTS)]
    assert body["total"] == 3 and body["next_cursor"] is None
    bloom = next(o for o in body["items"] if o["name"] == BLOOM)
    assert bloom == {"id": org_id(seeded, BLOOM), "name": BLOOM, "slug": "bloom-coffee-co", "kind": "client",
                     "parent_id": org_id(seeded, AGENCY), "role": "agency_owner"}


def test_manager_lists_only_their_org(api):
    body = api.get("/api/v1/organizations", headers=headers(api, "manager")).json()
    assert [(o["name"], o["role"]) for o in body["items"]] == [(BLOOM, "content_manager")]


def test_super_admin_lists_every_org(api, seeded):
    foreign_org(seeded)
    body = api.get("/api/v1/organizations", headers=headers(api, "admin")).json()
    assert body["total"] == 6 and {o["role"] for o in body["items"]} == {"super_admin"}


def test_list_needs_a_token(api):
    assert_problem(api.get("/api/v1/organizations"), 401)


def test_get_organization(api, seeded):
    body = api.get(f"/api/v1/organizations/{org_id(seeded, BLOOM)}", headers=headers(api, "creator")).json()
    assert body["name"] == BLOOM and body["role"] == "content_creator" and body["suspended"] is False
    assert re.search(r"(\+00:00|Z)$", body["created_at"])


def test_unreachable_org_is_not_found(api, seeded):
    foreign = foreign_org(seeded)
    for path in ("", "/members", "/invitations"):
        assert_problem(api.get(f"/api/v1/organizations/{foreign}{path}", headers=headers(api, "agency")), 404)
    assert_problem(api.get(f"/api/v1/organizations/{org_id(seeded, PEAK)}", headers=headers(api, "manager")), 404)
    assert_problem(api.get("/api/v1/organizations/999999", headers=headers(api, "admin")), 404)


def test_agency_owner_patches_a_client_org_without_switching(api, seeded):
    response = api.patch(f"/api/v1/organizations/{org_id(seeded, BLOOM)}", headers=headers(api, "agency"),
                         json={"industry": "Coffee", "timezone": "Europe/Berlin"})
    assert response.status_code == 200, response.text
    assert (response.json()["industry"], response.json()["timezone"]) == ("Coffee", "Europe/Berlin")
    assert response.json()["description"] == ""  # fields not sent are left alone


def test_manager_may_not_patch_the_org(api, seeded):
    assert_problem(api.patch(f"/api/v1/organizations/{org_id(seeded, BLOOM)}", headers=headers(api, "manager"),
                             json={"industry": "Tea"}), 403)


def test_patch_validation(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}"
    owner = headers(api, "agency")
    body = assert_problem(api.patch(url, headers=owner, json={"timezone": "Mars/Olympus"}), 422)
    assert body["errors"][0]["field"] == "timezone"
    assert_problem(api.patch(url, headers=owner, json={"slug": "mine"}), 422)
    assert_problem(api.patch(url, headers=owner, json={}), 422)


# --- members -------------------------------------------------------------------------------


def test_members_of_an_org(api, seeded):
    body = api.get(f"/api/v1/organizations/{org_id(seeded, BLOOM)}/members", headers=headers(api, "agency")).json()
    assert body["total"] == 4
    assert {(m["email"], m["role"]) for m in body["items"]} == {
        ("manager@allin.demo", "content_manager"), ("creator@allin.demo", "content_creator"),
        ("client@allin.demo", "client_viewer"), ("team@allin.demo", "team_member")}


def test_client_viewer_may_not_list_members(api, seeded):
    assert_problem(api.get(f"/api/v1/organizations/{org_id(seeded, BLOOM)}/members",
                           headers=headers(api, "client")), 403)


def test_change_a_members_role(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/members/{user_id(seeded, 'team')}"
    response = api.patch(url, headers=headers(api, "agency"), json={"role": "content_creator"})
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "content_creator"
    assert_problem(api.patch(url, headers=headers(api, "manager"), json={"role": "team_member"}), 403)
    assert_problem(api.patch(url, headers=headers(api, "agency"), json={"role": "super_admin"}), 422)
    assert_problem(api.patch(url, headers=headers(api, "agency"), json={"role": "boss"}), 422)


def test_member_not_in_the_org_is_not_found(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, PEAK)}/members/{user_id(seeded, 'team')}"
    assert_problem(api.patch(url, headers=headers(api, "agency"), json={"role": "content_creator"}), 404)
    assert_problem(api.delete(url, headers=headers(api, "agency")), 404)


def test_remove_a_member_and_their_access_ends(api, seeded):
    team_headers = headers(api, "team")
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/members/{user_id(seeded, 'creator')}"
    assert_problem(api.delete(url, headers=headers(api, "manager")), 403)
    assert api.delete(url, headers=headers(api, "agency")).status_code == 204
    assert_problem(api.delete(url, headers=headers(api, "agency")), 404)
    removed = {"Authorization": f"Bearer {auth_token(api, 'team')}"}
    assert api.delete(f"/api/v1/organizations/{org_id(seeded, BLOOM)}/members/{user_id(seeded, 'team')}",
                      headers=headers(api, "admin")).status_code == 204
    for token_headers in (team_headers, removed):  # a token issued before the removal dies with the membership
        assert_problem(api.get(f"/api/v1/organizations/{org_id(seeded, BLOOM)}", headers=token_headers), 404)


def auth_token(api: TestClient, name: str) -> str:
    return headers(api, name)["Authorization"].split()[1]


def test_last_owner_cannot_be_removed(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, AGENCY)}/members/{user_id(seeded, 'agency')}"
    assert_problem(api.delete(url, headers=headers(api, "admin")), 409)


def test_transfer_ownership(api, seeded):
    agency = org_id(seeded, AGENCY)
    heir = auth.create_user(seeded, "heir@example.com", "Quiet-River-73", "Heir", verified=True)
    orgs.add_member(seeded, agency, heir.id, Role.content_creator)
    seeded.commit()
    url = f"/api/v1/organizations/{agency}/transfer-ownership"
    assert_problem(api.post(url, headers=headers(api, "manager"), json={"user_id": heir.id}), 404)
    response = api.post(url, headers=headers(api, "agency"), json={"user_id": heir.id})
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "agency_owner"


# --- invitations ---------------------------------------------------------------------------


def test_invite_people(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/invitations"
    response = api.post(url, headers=headers(api, "agency"),
                        json={"emails": ["a@example.com", "B@example.com"], "role": "client_viewer",
                              "message": "Hi!"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["total"] == 2 and [i["email"] for i in body["items"]] == ["a@example.com", "b@example.com"]
    assert all(i["status"] == "pending" and i["role"] == "client_viewer" for i in body["items"])
    assert "token" not in response.text and "token_hash" not in response.text
    listed = api.get(url, headers=headers(api, "manager")).json()  # the manager may look, not send
    assert listed["total"] == 2
    mail = seeded.exec(select(OutboxMail).where(OutboxMail.to_email == "a@example.com")).one()
    assert "/auth/invite?token=" in mail.body


def test_roles_that_may_not_invite_get_403(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/invitations"
    for name in ("manager", "creator", "client", "team"):
        assert_problem(api.post(url, headers=headers(api, name),
                                json={"emails": ["x@example.com"], "role": "team_member"}), 403)


def test_invitation_validation(api, seeded):
    url = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/invitations"
    owner = headers(api, "agency")
    for bad in ({"emails": ["nope"], "role": "team_member"},
                {"emails": [], "role": "team_member"},
                {"emails": ["x@example.com"], "role": "super_admin"},
                {"emails": ["x@example.com"], "role": "boss"},
                {"emails": [f"p{n}@example.com" for n in range(51)], "role": "team_member"},
                {"emails": ["creator@allin.demo"], "role": "team_member"},
                {"emails": ["x@example.com"]}):
        body = assert_problem(api.post(url, headers=owner, json=bad), 422)
        assert body["errors"], bad
    assert seeded.exec(select(Invitation)).all() == []


def test_post_members_invites_one_person(api, seeded):
    response = api.post(f"/api/v1/organizations/{org_id(seeded, PEAK)}/members", headers=headers(api, "agency"),
                        json={"email": "coach@example.com", "role": "content_manager"})
    assert response.status_code == 201, response.text
    assert (response.json()["email"], response.json()["status"]) == ("coach@example.com", "pending")
    assert_problem(api.post(f"/api/v1/organizations/{org_id(seeded, PEAK)}/members", headers=headers(api, "agency"),
                            json={"user_id": 3, "role": "content_manager"}), 422)


def test_resend_and_revoke(api, seeded):
    base = f"/api/v1/organizations/{org_id(seeded, BLOOM)}/invitations"
    owner = headers(api, "agency")
    [created] = api.post(base, headers=owner, json={"emails": ["a@example.com"], "role": "team_member"}).json()["items"]
    assert_problem(api.post(f"{base}/{created['id']}/resend", headers=headers(api, "manager")), 403)
    assert api.post(f"{base}/{created['id']}/resend", headers=owner).status_code == 200
    mails = seeded.exec(select(OutboxMail).where(OutboxMail.to_email == "a@example.com")
                        .order_by(col(OutboxMail.id))).all()
    assert len(mails) == 2 and mails[0].body != mails[1].body
    assert api.delete(f"{base}/{created['id']}", headers=owner).status_code == 204
    assert_problem(api.delete(f"{base}/{created['id']}", headers=owner), 409)
    assert api.get(base, headers=owner).json()["total"] == 0
    assert_problem(api.delete(f"/api/v1/organizations/{org_id(seeded, PEAK)}/invitations/{created['id']}",
                              headers=owner), 404)

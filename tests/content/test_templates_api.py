"""/api/v1/templates and /api/v1/campaigns: the same services and permissions over REST."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from allin_app.admin.seed import CLIENTS
from allin_app.api.app import create_api
from allin_app.orgs import service as orgs

MANAGER = ("manager@allin.demo", "Manager123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
AGENCY = ("agency@allin.demo", "Agency123!@#")


@pytest.fixture
def api(seeded):
    return TestClient(create_api())


def bearer(api: TestClient, login: tuple[str, str]) -> dict[str, str]:
    email, password = login
    token = api.post("/api/v1/auth/login", json={"email": email, "password": password}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _peak_owner(api, db) -> dict[str, str]:
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    return {**bearer(api, AGENCY), "X-Organization-Id": str(peak.id)}


def _new_template(api, headers, **fields) -> dict:
    body = {"name": "Launch", "body": "Meet {{product_name}} on {{ date }}", "category": "Launch", **fields}
    answer = api.post("/api/v1/templates", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _new_campaign(api, headers, **fields) -> dict:
    body = {"name": "Spring", "goal": "Sign-ups", "starts_on": "2026-03-01", "ends_on": "2026-03-31",
            "budget_cents": 100_000, "color": "#22aa55", **fields}
    answer = api.post("/api/v1/campaigns", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


# ---- templates ----

def test_a_template_is_created_listed_and_read_with_its_variables(api):
    headers = bearer(api, MANAGER)
    created = _new_template(api, headers)
    assert created["variables"] == ["product_name", "date"] and created["version"] == 1 and created["editable"]
    listed = api.get("/api/v1/templates", params={"search": "launch"}, headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == created["id"] and listed["next_cursor"] is None
    assert api.get(f"/api/v1/templates/{created['id']}", headers=headers).json()["source"] == "organization"


def test_the_list_pages_with_a_cursor_and_includes_the_builtins(api):
    headers = bearer(api, MANAGER)
    first = api.get("/api/v1/templates", params={"limit": 3}, headers=headers).json()
    assert len(first["items"]) == 3 and first["total"] == 5 and first["next_cursor"] == "3"
    rest = api.get("/api/v1/templates", params={"limit": 3, "cursor": first["next_cursor"]}, headers=headers).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    assert {i["source"] for i in first["items"] + rest["items"]} == {"built_in"}
    bad = api.get("/api/v1/templates", params={"cursor": "abc"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "cursor"


def test_put_saves_a_version_and_versions_list_them(api):
    headers = bearer(api, MANAGER)
    created = _new_template(api, headers)
    answer = api.put(f"/api/v1/templates/{created['id']}", headers=headers,
                     json={"name": "Launch", "body": "New: {{product_name}}", "category": "Launch"})
    assert answer.status_code == 200 and answer.json()["version"] == 2
    versions = api.get(f"/api/v1/templates/{created['id']}/versions", headers=headers).json()
    assert [v["number"] for v in versions["items"]] == [2, 1] and versions["items"][0]["author"] == "Morgan Manager"
    restored = api.post(f"/api/v1/templates/{created['id']}/versions/1/restore", headers=headers).json()
    assert restored["version"] == 3 and restored["body"] == created["body"]


def test_render_fills_the_values_or_names_the_missing_ones(api):
    headers = bearer(api, CLIENT)
    template = _new_template(api, bearer(api, MANAGER))
    url = f"/api/v1/templates/{template['id']}/render"
    filled = api.post(url, json={"values": {"product_name": "Cold brew", "date": "1 May"}}, headers=headers)
    assert filled.status_code == 200 and filled.json() == {"text": "Meet Cold brew on 1 May"}
    missing = api.post(url, json={"values": {"product_name": "Cold brew"}}, headers=headers)
    assert missing.status_code == 422 and missing.headers["content-type"] == "application/problem+json"
    assert "date" in missing.json()["detail"] and missing.json()["errors"] == [
        {"field": "values.date", "message": "Enter a value for date."}]


def test_bad_template_input_is_a_422_naming_the_field(api):
    answer = api.post("/api/v1/templates", json={"name": "", "body": "x"}, headers=bearer(api, MANAGER))
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "name"


def test_a_client_viewer_may_not_write_templates(api):
    template = _new_template(api, bearer(api, MANAGER))
    headers = bearer(api, CLIENT)
    assert api.post("/api/v1/templates", json={"name": "x", "body": "y"}, headers=headers).status_code == 403
    assert api.delete(f"/api/v1/templates/{template['id']}", headers=headers).status_code == 403
    assert api.get(f"/api/v1/templates/{template['id']}", headers=headers).json()["editable"] is False


def test_delete_and_another_organizations_template_answer_404(api, seeded):
    headers = bearer(api, MANAGER)
    theirs = _new_template(api, _peak_owner(api, seeded))
    for method, path in (("get", ""), ("delete", ""), ("get", "/versions")):
        assert api.request(method, f"/api/v1/templates/{theirs['id']}{path}", headers=headers).status_code == 404
    ours = _new_template(api, headers)
    assert api.delete(f"/api/v1/templates/{ours['id']}", headers=headers).status_code == 204
    assert api.get(f"/api/v1/templates/{ours['id']}", headers=headers).status_code == 404


# ---- campaigns ----

def test_a_campaign_with_costs_shows_what_was_spent(api):
    headers = bearer(api, MANAGER)
    campaign = _new_campaign(api, headers)
    assert campaign["spent_cents"] == 0 and campaign["status"] in {"Upcoming", "Running", "Ended"}
    cost = api.post(f"/api/v1/campaigns/{campaign['id']}/costs", headers=headers,
                    json={"description": "Ads", "amount_cents": 25_000, "spent_on": "2026-03-05"})
    assert cost.status_code == 201
    detail = api.get(f"/api/v1/campaigns/{campaign['id']}", headers=headers).json()
    assert detail["spent_cents"] == 25_000 and detail["costs"][0]["description"] == "Ads"
    assert detail["posts"] == [] and detail["team"] == []
    gone = api.delete(f"/api/v1/campaigns/{campaign['id']}/costs/{cost.json()['id']}", headers=headers)
    assert gone.status_code == 204
    assert api.get("/api/v1/campaigns", headers=headers).json()["items"][0]["spent_cents"] == 0


def test_dates_out_of_order_are_a_422(api):
    headers = bearer(api, MANAGER)
    answer = api.post("/api/v1/campaigns", headers=headers,
                      json={"name": "Backwards", "starts_on": "2026-03-10", "ends_on": "2026-03-01"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "ends_on"
    campaign = _new_campaign(api, headers)
    patched = api.patch(f"/api/v1/campaigns/{campaign['id']}", json={"ends_on": "2026-02-01"}, headers=headers)
    assert patched.status_code == 422
    assert api.patch(f"/api/v1/campaigns/{campaign['id']}", json={"name": None}, headers=headers).status_code == 422


def test_patch_changes_only_the_given_fields(api, seeded):
    headers = bearer(api, MANAGER)
    campaign = _new_campaign(api, headers)
    from allin_app.auth import service as auth

    creator = auth.find_user_by_email(seeded, "creator@allin.demo")
    answer = api.patch(f"/api/v1/campaigns/{campaign['id']}", headers=headers,
                       json={"budget_cents": 5_000, "member_ids": [creator.id]})
    assert answer.status_code == 200
    body = answer.json()
    assert body["budget_cents"] == 5_000 and body["member_ids"] == [creator.id] and body["name"] == "Spring"


def test_a_client_viewer_reads_campaigns_but_cannot_start_one(api):
    campaign = _new_campaign(api, bearer(api, MANAGER))
    headers = bearer(api, CLIENT)
    assert api.get(f"/api/v1/campaigns/{campaign['id']}", headers=headers).status_code == 200
    assert api.post("/api/v1/campaigns", headers=headers, json={
        "name": "Mine", "starts_on": "2026-03-01", "ends_on": "2026-03-02"}).status_code == 403
    assert api.delete(f"/api/v1/campaigns/{campaign['id']}", headers=headers).status_code == 403


def test_another_organizations_campaign_is_a_404_and_delete_says_what_it_detached(api, seeded):
    headers = bearer(api, MANAGER)
    theirs = _new_campaign(api, _peak_owner(api, seeded))
    assert api.get(f"/api/v1/campaigns/{theirs['id']}", headers=headers).status_code == 404
    assert api.post(f"/api/v1/campaigns/{theirs['id']}/costs", headers=headers, json={
        "description": "x", "amount_cents": 1, "spent_on": "2026-03-01"}).status_code == 404
    ours = _new_campaign(api, headers)
    answer = api.delete(f"/api/v1/campaigns/{ours['id']}", headers=headers)
    assert answer.status_code == 200 and answer.json() == {"detached_posts": 0}
    assert api.get(f"/api/v1/campaigns/{ours['id']}", headers=headers).status_code == 404

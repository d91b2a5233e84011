"""/api/v1/accounts: list, connect (the consent URL), refresh, disconnect, under the same permissions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from tests.accounts.test_connect import connect, sim  # noqa: F401  (fixture)


@pytest.fixture
def api(seeded):
    return TestClient(create_api())


def bearer(api: TestClient, email: str, password: str) -> dict[str, str]:
    token = api.post("/api/v1/auth/login", json={"email": email, "password": password}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_connect_answers_the_networks_consent_url(api):
    answer = api.post("/api/v1/accounts/connect", json={"network": "twitter"},
                      headers=bearer(api, "manager@allin.demo", "Manager123!@#"))
    assert answer.status_code == 200
    assert "/sim/twitter/i/oauth2/authorize?" in answer.json()["authorization_url"]
    assert "code_challenge=" in answer.json()["authorization_url"]


def test_a_creator_may_not_connect(api):
    answer = api.post("/api/v1/accounts/connect", json={"network": "twitter"},
                      headers=bearer(api, "creator@allin.demo", "Creator123!@#"))
    assert answer.status_code == 403 and answer.headers["content-type"] == "application/problem+json"


def test_list_shows_health_and_never_a_token(api, seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    answer = api.get("/api/v1/accounts", headers=bearer(api, "client@allin.demo", "Client123!@#"))
    body = answer.json()
    assert body["total"] == 1 and body["items"][0]["id"] == account.id and body["items"][0]["health"] == "Active"
    assert "token" not in answer.text.replace("token_expires_at", "")


def test_another_organizations_account_is_a_404(api, seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    peak_owner = bearer(api, "agency@allin.demo", "Agency123!@#")
    from allin_app.orgs import service as orgs

    peak = orgs.get_org_by_slug(seeded, orgs.slugify("Peak Fitness Studio"))
    answer = api.delete(f"/api/v1/accounts/{account.id}", headers={**peak_owner, "X-Organization-Id": str(peak.id)})
    assert answer.status_code == 404


def test_insights_read_the_followers_from_the_network(api, seeded, sim, monkeypatch):  # noqa: F811
    from allin_app.accounts import service as accounts

    account = connect(seeded, sim, "twitter")[0][0]
    real_adapter_for = accounts.adapter_for
    monkeypatch.setattr(accounts, "adapter_for", lambda network, client=None: real_adapter_for(network, client=sim))
    answer = api.get(f"/api/v1/accounts/{account.id}/insights",
                     headers=bearer(api, "client@allin.demo", "Client123!@#"))
    assert answer.status_code == 200
    assert answer.json()["followers"] == account.followers and answer.json()["follower_change"] == 0

"""POST /api/v1/ai/variants, POST and GET /api/v1/ai/ab-tests: the services' answers and rules over HTTP."""

from __future__ import annotations

from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.ai.prediction_data import add_account, bloom

MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
TEXT = "Fresh oat milk flat whites today at the shop, made with beans we roast ourselves. Come by! #coffee"


def _accounts(db) -> list[int]:
    org = bloom(db)
    ids = [add_account(db, org.id, "twitter", "bloom_x").id, add_account(db, org.id, "twitter", "bloom_beans").id]
    db.commit()
    return ids


def test_variants_answer_texts_predictions_and_the_recommended_split(api, seeded):  # noqa: F811
    ids = _accounts(seeded)
    answer = api.post("/api/v1/ai/variants", headers=bearer(api, *CREATOR),
                      json={"network": "twitter", "text": TEXT, "count": 4, "account_ids": ids})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["provider"] == "Local (offline)" and body["predicted_by"] == "local statistics"
    assert len(body["variants"]) == 4 and len({v["text"] for v in body["variants"]}) == 4
    assert all(v["prediction"]["low"] <= v["prediction"]["engagement_rate"] <= v["prediction"]["high"]
               for v in body["variants"])
    recommendation = body["recommendation"]
    assert recommendation["split"] == "account" and len(recommendation["arms"]) == 2
    assert sorted(arm["account_ids"][0] for arm in recommendation["arms"]) == sorted(ids)
    assert recommendation["reason"].startswith("Test ")


def test_variants_refuse_bad_input_and_roles_without_access(api, seeded):  # noqa: F811
    headers = bearer(api, *MANAGER)
    too_many = api.post("/api/v1/ai/variants", headers=headers, json={"network": "twitter", "text": TEXT, "count": 9})
    assert too_many.status_code == 422 and too_many.headers["content-type"].startswith("application/problem+json")
    both = api.post("/api/v1/ai/variants", headers=headers, json={"network": "twitter", "text": TEXT, "prompt": "x"})
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "text"
    for who in (CLIENT, TEAM):
        assert api.post("/api/v1/ai/variants", headers=bearer(api, *who),
                        json={"network": "twitter", "text": TEXT}).status_code == 403
    assert api.post("/api/v1/ai/variants", json={"network": "twitter", "text": TEXT}).status_code == 401


def test_start_list_and_read_an_ab_test(api, seeded):  # noqa: F811
    ids = _accounts(seeded)
    headers = bearer(api, *CREATOR)
    started = api.post("/api/v1/ai/ab-tests", headers=headers, json={
        "network": "twitter", "account_ids": ids,
        "variants": [{"text": TEXT, "approach": "as written"}, {"text": "Which flat white is yours? #coffee"}]})
    assert started.status_code == 201, started.text
    test = started.json()
    assert test["split"] == "account" and [v["key"] for v in test["variants"]] == ["A", "B"]
    assert all(v["status"] == "draft" and v["impressions"] == 0 for v in test["variants"])
    assert test["verdict"]["winner"] is None and test["verdict"]["sentence"].startswith("Not enough data yet")
    listed = api.get("/api/v1/ai/ab-tests", headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == test["id"] and listed["next_cursor"] is None
    one = api.get(f"/api/v1/ai/ab-tests/{test['id']}", headers=bearer(api, *MANAGER))
    assert one.status_code == 200 and one.json()["variants"][0]["text"] == TEXT
    assert api.get("/api/v1/ai/ab-tests/999999", headers=headers).status_code == 404
    assert api.get("/api/v1/ai/ab-tests", headers=bearer(api, *CLIENT)).status_code == 403


def test_a_refused_start_writes_nothing(api, seeded):  # noqa: F811
    ids = _accounts(seeded)
    headers = bearer(api, *CREATOR)
    refused = api.post("/api/v1/ai/ab-tests", headers=headers, json={  # creators publish approved content only
        "network": "twitter", "account_ids": ids[:1], "schedule": True,
        "variants": [{"text": TEXT}, {"text": "Which flat white is yours? #coffee"}]})
    assert refused.status_code == 409 and "drafts" in refused.json()["detail"]
    assert api.get("/api/v1/ai/ab-tests", headers=headers).json()["total"] == 0
    listed = api.get("/api/v1/content", headers=headers)
    assert listed.status_code == 200 and TEXT not in listed.text
    duplicate = api.post("/api/v1/ai/ab-tests", headers=headers, json={
        "network": "twitter", "account_ids": ids, "variants": [{"text": TEXT}, {"text": TEXT}]})
    assert duplicate.status_code == 422

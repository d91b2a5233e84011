"""/api/v1/content: the same rules as the services, with every target network's limits checked."""

from __future__ import annotations

from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)

MANAGER = ("manager@allin.demo", "Manager123!@#")


def test_create_read_update_with_targets_and_versions(api, accounts):  # noqa: F811
    headers = bearer(api, *MANAGER)
    made = api.post("/api/v1/content", headers=headers, json={
        "text": "Fresh beans today", "platforms": ["twitter"], "account_ids": [accounts["linkedin"].id],
        "overrides": {"linkedin": "Our roastery has fresh beans today."}})
    assert made.status_code == 201, made.text
    post = made.json()
    assert post["status"] == "draft" and post["version"] == 1
    assert {(t["platform"], t["status"]) for t in post["targets"]} == {("twitter", "draft"), ("linkedin", "draft")}

    updated = api.put(f"/api/v1/content/{post['id']}", headers=headers, json={
        "text": "Fresh beans today!", "account_ids": [accounts["twitter"].id], "base_version": 1})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert [t["platform"] for t in updated.json()["targets"]] == ["twitter"]
    stale = api.put(f"/api/v1/content/{post['id']}", headers=headers, json={"text": "old tab", "base_version": 1})
    assert stale.status_code == 409

    versions = api.get(f"/api/v1/content/{post['id']}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [2, 1]
    restored = api.post(f"/api/v1/content/{post['id']}/versions/1/restore", headers=headers)
    assert restored.json()["text"] == "Fresh beans today" and restored.json()["version"] == 3


def test_over_the_limit_answers_422_with_network_and_count(api, accounts):  # noqa: F811
    answer = api.post("/api/v1/content", headers=bearer(api, *MANAGER),
                      json={"text": "a" * 281, "account_ids": [accounts["twitter"].id]})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "text.twitter",
                                        "message": "X (Twitter): the text is 281 characters; the limit is 280."}]


def test_list_filters_and_pages(api, accounts):  # noqa: F811
    headers = bearer(api, *MANAGER)
    for number in range(5):
        api.post("/api/v1/content", headers=headers,
                 json={"text": f"note {number}", "account_ids": [accounts["twitter"].id]})
    first = api.get("/api/v1/content?limit=2", headers=headers).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["next_cursor"]
    second = api.get(f"/api/v1/content?limit=2&cursor={first['next_cursor']}", headers=headers).json()
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])
    assert api.get("/api/v1/content?q=note%203", headers=headers).json()["total"] == 1
    assert api.get("/api/v1/content?platform=linkedin", headers=headers).json()["total"] == 0
    assert api.get("/api/v1/content?status=bogus", headers=headers).status_code == 422


def test_bulk_duplicate_delete_and_roles(api, accounts):  # noqa: F811
    headers = bearer(api, *MANAGER)
    post_id = api.post("/api/v1/content", headers=headers,
                       json={"text": "to copy", "account_ids": [accounts["twitter"].id]}).json()["id"]
    copy = api.post(f"/api/v1/content/{post_id}/duplicate", headers=headers)
    assert copy.status_code == 201 and copy.json()["id"] != post_id
    client = bearer(api, "client@allin.demo", "Client123!@#")
    assert api.get(f"/api/v1/content/{post_id}", headers=client).status_code == 404  # a draft not sent to them
    assert api.post("/api/v1/content", headers=client, json={"text": "no"}).status_code == 403
    submitted = api.post("/api/v1/content/bulk", headers=headers,
                         json={"action": "submit", "post_ids": [post_id, copy.json()["id"]]})
    assert submitted.json() == {"action": "submit", "affected": 2}
    assert api.delete(f"/api/v1/content/{post_id}", headers=headers).status_code == 204
    assert api.get(f"/api/v1/content/{post_id}", headers=headers).status_code == 404

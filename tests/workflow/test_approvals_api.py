"""/api/v1 approvals: submit, approve, reject (feedback required), request changes, fast-track, the review's
history; workflows; review links and their public routes. Errors answer problem+json."""

from __future__ import annotations

from allin_app.admin.seed import CLIENTS
from allin_app.orgs import service as orgs
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)

AGENCY = ("agency@allin.demo", "Agency123!@#")
MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
STANDARD = {"enabled": True, "items": [{"name": "Standard", "stages": [
    {"name": "Internal review", "roles": ["content_manager"]},
    {"name": "Client review", "roles": ["client_viewer"]}]}]}


def _setup(api, seeded) -> dict:  # noqa: F811
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0])).id
    owner = {**bearer(api, *AGENCY), "X-Organization-Id": str(bloom)}
    answer = api.put("/api/v1/approvals/workflows", headers=owner, json=STANDARD)
    assert answer.status_code == 200, answer.text
    assert answer.json()["enabled"] and [s["name"] for s in answer.json()["items"][0]["stages"]] == [
        "Internal review", "Client review"]
    return {"owner": owner, "manager": bearer(api, *MANAGER), "creator": bearer(api, *CREATOR),
            "client": bearer(api, *CLIENT)}


def _post(api, headers, accounts, text="Autumn blend is back") -> int:  # noqa: F811
    made = api.post("/api/v1/content", headers=headers, json={"text": text, "account_ids": [accounts["twitter"].id]})
    assert made.status_code == 201, made.text
    return made.json()["id"]


def test_the_review_run_over_the_api(api, seeded, accounts):  # noqa: F811
    h = _setup(api, seeded)
    post_id = _post(api, h["creator"], accounts)
    submitted = api.post(f"/api/v1/content/{post_id}/submit", headers=h["creator"], json={"note": "Ready"})
    assert submitted.status_code == 200, submitted.text
    assert (submitted.json()["status"], submitted.json()["stage"], submitted.json()["post_status"]) == (
        "pending", "Internal review", "in_review")
    assert api.post(f"/api/v1/content/{post_id}/approve", headers=h["client"]).status_code == 404  # not sent yet
    assert api.post(f"/api/v1/content/{post_id}/approve", headers=h["creator"]).status_code == 403
    missing = api.post(f"/api/v1/content/{post_id}/reject", headers=h["manager"], json={})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "feedback"
    blank = api.post(f"/api/v1/content/{post_id}/reject", headers=h["manager"], json={"feedback": " "})
    assert blank.status_code == 422 and blank.headers["content-type"] == "application/problem+json"
    assert blank.json()["errors"] == [{"field": "feedback", "message": "Say why, so the author knows what to change."}]

    approved = api.post(f"/api/v1/content/{post_id}/approve", headers=h["manager"])
    assert approved.status_code == 200 and approved.json()["stage"] == "Client review"
    assert [p["id"] for p in api.get("/api/v1/approvals/awaiting", headers=h["client"]).json()] == [post_id]
    rejected = api.post(f"/api/v1/content/{post_id}/reject", headers=h["client"], json={"feedback": "Wrong price"})
    assert rejected.status_code == 200
    review = api.get(f"/api/v1/content/{post_id}/approvals", headers=h["creator"]).json()
    assert (review["status"], review["post_status"]) == ("rejected", "rejected")
    assert review["stages"] == ["Internal review", "Client review"]
    assert [(d["decision"], d["stage"], d["feedback"]) for d in review["history"]] == [
        ("submitted", "Internal review", "Ready"), ("approved", "Internal review", ""),
        ("rejected", "Client review", "Wrong price")]
    again = api.post(f"/api/v1/content/{post_id}/approve", headers=h["manager"])
    assert again.status_code == 409 and again.json()["title"] == "Conflict"


def test_request_changes_fast_track_and_bulk(api, seeded, accounts):  # noqa: F811
    h = _setup(api, seeded)
    first, second = _post(api, h["creator"], accounts, "One"), _post(api, h["creator"], accounts, "Two")
    for post_id in (first, second):
        api.post(f"/api/v1/content/{post_id}/submit", headers=h["creator"])
    changes = api.post(f"/api/v1/content/{first}/request-changes", headers=h["manager"],
                       json={"feedback": "Shorter"})
    assert changes.status_code == 200 and changes.json()["post_status"] == "draft"
    assert api.post(f"/api/v1/content/{second}/fast-track", headers=h["creator"],
                    json={"reason": "Urgent"}).status_code == 403
    assert api.post(f"/api/v1/content/{second}/fast-track", headers=h["manager"], json={}).status_code == 422
    fast = api.post(f"/api/v1/content/{second}/fast-track", headers=h["manager"], json={"reason": "Shop closes"})
    assert fast.status_code == 200 and fast.json()["post_status"] == "approved"
    assert fast.json()["history"][-1]["decision"] == "fast_tracked"

    third, fourth = _post(api, h["creator"], accounts, "Three"), _post(api, h["creator"], accounts, "Four")
    bulk_submit = api.post("/api/v1/content/bulk", headers=h["creator"],
                           json={"action": "submit", "post_ids": [third, fourth]})
    assert bulk_submit.json() == {"action": "submit", "affected": 2}
    bulk = api.post("/api/v1/approvals/decisions", headers=h["manager"],
                    json={"post_ids": [third, fourth], "decision": "approve"})
    assert bulk.json() == {"affected": 2}
    old_route = api.post("/api/v1/content/bulk", headers=h["client"],
                         json={"action": "approve", "post_ids": [third, fourth]})
    assert old_route.json()["affected"] == 2
    assert api.get(f"/api/v1/content/{third}", headers=h["creator"]).json()["status"] == "approved"


def test_workflows_over_the_api(api, seeded, accounts):  # noqa: F811
    h = _setup(api, seeded)
    assert api.put("/api/v1/approvals/workflows", headers=h["manager"], json=STANDARD).status_code == 403
    assert api.get("/api/v1/approvals/workflows", headers=h["creator"]).status_code == 403
    listed = api.get("/api/v1/approvals/workflows", headers=h["client"]).json()
    assert [w["name"] for w in listed["items"]] == ["Standard"]
    bad = api.put("/api/v1/approvals/workflows", headers=h["owner"], json={"items": [
        {"name": "Bad", "stages": [{"name": "Creators", "roles": ["content_creator"]}]}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "stages.1.roles"
    two = api.put("/api/v1/approvals/workflows", headers=h["owner"], json={"enabled": False, "items": [
        {"name": "LinkedIn", "networks": ["linkedin"], "stages": [{"name": "Owner", "roles": ["agency_owner"]}]},
        STANDARD["items"][0]]}).json()
    assert not two["enabled"] and [(w["name"], w["position"]) for w in two["items"]] == [("LinkedIn", 0),
                                                                                          ("Standard", 1)]


def test_review_links_over_the_api(api, seeded, accounts):  # noqa: F811
    h = _setup(api, seeded)
    post_id = _post(api, h["creator"], accounts)
    api.post(f"/api/v1/content/{post_id}/submit", headers=h["creator"])
    made = api.post("/api/v1/approvals/links", headers=h["manager"], json={
        "post_ids": [post_id], "reviewer_name": "Dana Owner", "reviewer_email": "dana@bloom.example", "days": 2})
    assert made.status_code == 201, made.text
    token = made.json()["url"].rsplit("/review/", 1)[1]
    shown = api.get(f"/api/v1/review/{token}")  # no sign-in: the token is the credential
    assert shown.status_code == 200
    assert [(p["post_id"], p["stage"], p["texts"]) for p in shown.json()["posts"]] == [
        (post_id, "Internal review", {"twitter": "Autumn blend is back"})]
    decided = api.post(f"/api/v1/review/{token}/posts/{post_id}/decision", json={"decision": "approve"})
    assert decided.status_code == 204
    review = api.get(f"/api/v1/content/{post_id}/approvals", headers=h["manager"]).json()
    assert review["stage"] == "Client review"
    assert review["history"][-1]["who"] == "Dana Owner (dana@bloom.example, review link)"
    links = api.get(f"/api/v1/content/{post_id}/review-links", headers=h["manager"]).json()
    assert [(link["reviewer_email"], link["revoked"], link["url"]) for link in links] == [
        ("dana@bloom.example", False, None)]
    assert api.delete(f"/api/v1/approvals/links/{links[0]['id']}", headers=h["manager"]).status_code == 204
    gone = api.get(f"/api/v1/review/{token}")
    assert gone.status_code == 404 and gone.json()["detail"] == "This review link is not valid or has expired."
    assert api.get("/api/v1/review/not-a-token").status_code == 404
    too_long = api.post("/api/v1/approvals/links", headers=h["manager"], json={
        "post_ids": [post_id], "reviewer_name": "Dana", "reviewer_email": "dana@bloom.example", "days": 31})
    assert too_long.status_code == 422


def test_seen_marks_the_version_read(api, seeded, accounts):  # noqa: F811
    h = _setup(api, seeded)
    post_id = _post(api, h["creator"], accounts)
    api.post(f"/api/v1/content/{post_id}/submit", headers=h["creator"])
    assert api.post(f"/api/v1/content/{post_id}/approvals/seen", headers=h["manager"]).status_code == 204
    edited = api.put(f"/api/v1/content/{post_id}", headers=h["creator"],
                     json={"text": "Autumn blend is back today", "account_ids": [accounts["twitter"].id]})
    assert edited.status_code == 200
    review = api.get(f"/api/v1/content/{post_id}/approvals", headers=h["manager"]).json()
    assert review["last_seen_version"] == 1
    assert review["changes"] == [{"kind": "same", "text": "Autumn blend is back"}, {"kind": "added", "text": "today"}]

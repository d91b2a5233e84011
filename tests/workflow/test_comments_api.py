"""/api/v1/content/{id}/comments and /api/v1/comments/{id}: the same rules as the service, as problem+json."""

from __future__ import annotations

from allin_app.admin.seed import CLIENTS
from allin_app.content.models import Post, PostStatus
from allin_app.orgs import service as orgs
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)

MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
AGENCY = ("agency@allin.demo", "Agency123!@#")


def _post(api, headers, db=None) -> int:  # noqa: F811
    """A new post; with `db`, approved, so the client viewer sees it too."""
    made = api.post("/api/v1/content", headers=headers, json={"text": "Cold brew season"})
    assert made.status_code == 201, made.text
    if db is not None:
        db.get(Post, made.json()["id"]).status = PostStatus.approved
        db.commit()
    return made.json()["id"]


def test_write_reply_list_edit_resolve_and_delete(api, seeded):  # noqa: F811
    creator, manager, client = bearer(api, *CREATOR), bearer(api, *MANAGER), bearer(api, *CLIENT)
    post_id = _post(api, creator, seeded)

    made = api.post(f"/api/v1/content/{post_id}/comments", headers=manager,
                    json={"body": "@Chris Client is the price right?"})
    assert made.status_code == 201, made.text
    root = made.json()
    assert root["author_name"] == "Morgan Manager" and root["parent_id"] is None and not root["resolved"]
    assert [m["name"] for m in root["mentions"]] == ["Chris Client"] and root["author_email"] == ""
    reply = api.post(f"/api/v1/content/{post_id}/comments", headers=client,
                     json={"body": "Yes, 4.50", "parent_id": root["id"]})
    assert reply.status_code == 201 and reply.json()["parent_id"] == root["id"]

    listed = api.get(f"/api/v1/content/{post_id}/comments", headers=creator).json()
    assert listed["total"] == 1
    assert [r["body"] for r in listed["items"][0]["replies"]] == ["Yes, 4.50"]

    edited = api.patch(f"/api/v1/comments/{reply.json()['id']}", headers=client, json={"body": "Yes, 4.80"})
    assert edited.status_code == 200 and edited.json()["body"] == "Yes, 4.80" and edited.json()["edited_at"]
    resolved = api.patch(f"/api/v1/comments/{root['id']}", headers=creator, json={"resolved": True})
    assert resolved.json()["resolved"] and resolved.json()["resolved_by"] == "Casey Creator"
    assert api.delete(f"/api/v1/comments/{reply.json()['id']}", headers=manager).status_code == 204
    assert api.get(f"/api/v1/content/{post_id}/comments", headers=creator).json()["items"][0]["replies"] == []


def test_an_empty_body_is_a_422_on_the_body_field(api):  # noqa: F811
    manager = bearer(api, *MANAGER)
    post_id = _post(api, manager)
    answer = api.post(f"/api/v1/content/{post_id}/comments", headers=manager, json={"body": "  "})
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"] == [{"field": "body", "message": "Write a comment first."}]
    comment_id = api.post(f"/api/v1/content/{post_id}/comments", headers=manager, json={"body": "ok"}).json()["id"]
    assert api.patch(f"/api/v1/comments/{comment_id}", headers=manager, json={}).status_code == 422


def test_refusals_answer_403_409_and_404(api, seeded):  # noqa: F811
    creator, manager, client, team = (bearer(api, *who) for who in (CREATOR, MANAGER, CLIENT, TEAM))
    post_id = _post(api, creator, seeded)
    root = api.post(f"/api/v1/content/{post_id}/comments", headers=manager, json={"body": "Hmm"}).json()
    reply = api.post(f"/api/v1/content/{post_id}/comments", headers=creator,
                     json={"body": "Fixed", "parent_id": root["id"]}).json()
    assert api.patch(f"/api/v1/comments/{root['id']}", headers=creator, json={"body": "mine now"}).status_code == 403
    assert api.patch(f"/api/v1/comments/{root['id']}", headers=client, json={"resolved": True}).status_code == 403
    assert api.patch(f"/api/v1/comments/{reply['id']}", headers=creator, json={"resolved": True}).status_code == 409
    assert api.delete(f"/api/v1/comments/{root['id']}", headers=client).status_code == 403
    # a team member does not see a post not assigned to them: not even that it exists
    assert api.get(f"/api/v1/content/{post_id}/comments", headers=team).status_code == 404
    assert api.post(f"/api/v1/content/{post_id}/comments", headers=team, json={"body": "hi"}).status_code == 404
    assert api.delete(f"/api/v1/comments/{root['id']}", headers=team).status_code == 404


def test_another_organizations_post_and_comments_are_404(api, seeded):  # noqa: F811
    manager = bearer(api, *MANAGER)
    post_id = _post(api, manager)
    comment_id = api.post(f"/api/v1/content/{post_id}/comments", headers=manager, json={"body": "ours"}).json()["id"]
    peak = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1]))
    in_peak = {**bearer(api, *AGENCY), "X-Organization-Id": str(peak.id)}
    assert api.get(f"/api/v1/content/{post_id}/comments", headers=in_peak).status_code == 404
    assert api.post(f"/api/v1/content/{post_id}/comments", headers=in_peak, json={"body": "x"}).status_code == 404
    assert api.patch(f"/api/v1/comments/{comment_id}", headers=in_peak, json={"resolved": True}).status_code == 404
    assert api.delete(f"/api/v1/comments/{comment_id}", headers=in_peak).status_code == 404
    assert api.get("/api/v1/content/999999/comments", headers=manager).status_code == 404

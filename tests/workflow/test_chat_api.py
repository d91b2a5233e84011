"""/api/v1/chat: conversations with unread counts, messages page by page, posting with library files; the same
rules as the service, as problem+json."""

from __future__ import annotations

from allin_app.admin.seed import CLIENTS
from allin_app.content.models import MediaAsset
from allin_app.orgs import service as orgs
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)

MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
AGENCY = ("agency@allin.demo", "Agency123!@#")


def _general(api, headers) -> int:  # noqa: F811
    listed = api.get("/api/v1/chat/channels", headers=headers)
    assert listed.status_code == 200, listed.text
    return next(c["id"] for c in listed.json()["items"] if c["is_general"])


def _asset(db, org_name: str) -> int:
    org = orgs.get_org_by_slug(db, orgs.slugify(org_name))
    asset = MediaAsset(org_id=org.id, name="beans.jpg", kind="image", mime="image/jpeg", size=1, sha256="0" * 64,
                       storage_key=f"{org.id}/beans.jpg", has_thumbnail=True)
    db.add(asset)
    db.commit()
    return asset.id


def test_post_list_and_count_unread(api, seeded):  # noqa: F811
    manager, creator = bearer(api, *MANAGER), bearer(api, *CREATOR)
    general = _general(api, manager)
    asset_id = _asset(seeded, CLIENTS[0])

    made = api.post(f"/api/v1/chat/channels/{general}/messages", headers=manager,
                    json={"body": "Beans arrived @Casey Creator", "attachment_ids": [asset_id]})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["author_name"] == "Morgan Manager" and body["body"] == "Beans arrived @Casey Creator"
    assert body["attachments"] == [{"asset_id": asset_id, "name": "beans.jpg", "kind": "image", "available": True,
                                    "file_url": f"/api/v1/media/{asset_id}/file",
                                    "thumbnail_url": f"/api/v1/media/{asset_id}/thumbnail"}]
    for n in range(3):
        api.post(f"/api/v1/chat/channels/{general}/messages", headers=manager, json={"body": f"note {n}"})

    channels = api.get("/api/v1/chat/channels", headers=creator).json()
    assert channels["unread_total"] == 4 and channels["items"][0]["label"] == "#general"
    assert channels["items"][0]["unread"] == 4

    first = api.get(f"/api/v1/chat/channels/{general}/messages?limit=3", headers=creator).json()
    assert [m["body"] for m in first["items"]] == ["note 2", "note 1", "note 0"]
    older = api.get(f"/api/v1/chat/channels/{general}/messages?limit=3&cursor={first['next_cursor']}",
                    headers=creator).json()
    assert [m["body"] for m in older["items"]] == ["Beans arrived @Casey Creator"] and older["next_cursor"] is None


def test_bad_messages_answer_problems(api, seeded):  # noqa: F811
    manager, client = bearer(api, *MANAGER), bearer(api, *CLIENT)
    general = _general(api, manager)
    empty = api.post(f"/api/v1/chat/channels/{general}/messages", headers=manager, json={"body": "  "})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "body"
    foreign = _asset(seeded, CLIENTS[1])
    refused = api.post(f"/api/v1/chat/channels/{general}/messages", headers=manager,
                       json={"body": "x", "attachment_ids": [foreign]})
    assert refused.status_code == 404 and refused.headers["content-type"] == "application/problem+json"
    bad_cursor = api.get(f"/api/v1/chat/channels/{general}/messages?cursor=abc", headers=client)
    assert bad_cursor.status_code == 422
    assert api.post(f"/api/v1/chat/channels/{general}/messages", headers=client,
                    json={"body": "Hello from the client"}).status_code == 201


def test_another_organizations_conversation_is_not_found(api, seeded):  # noqa: F811
    manager, agency = bearer(api, *MANAGER), bearer(api, *AGENCY)
    general = _general(api, manager)
    # The agency owner acting in the agency (its home) does not see the client's conversations...
    assert api.get(f"/api/v1/chat/channels/{general}/messages", headers=agency).status_code == 404
    assert api.post(f"/api/v1/chat/channels/{general}/messages", headers=agency,
                    json={"body": "hi"}).status_code == 404
    # ...acting in the client, they do.
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0])).id
    in_bloom = {**agency, "X-Organization-Id": str(bloom)}
    assert api.get(f"/api/v1/chat/channels/{general}/messages", headers=in_bloom).status_code == 200
    assert api.get("/api/v1/chat/channels", headers={}).status_code == 401

"""/api/v1/media: multipart upload, list with filters and pages, change, delete, folders, edited copies,
and the file routes (members only, by bearer token or session cookie; signed public links)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from allin_app.auth.views import ACCESS_COOKIE
from allin_app.content import media
from allin_app.content.models import MediaAsset
from allin_app.orgs import service as orgs
from tests.platforms.media_files import image

MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
AGENCY = ("agency@allin.demo", "Agency123!@#")


@pytest.fixture
def api(seeded):
    return TestClient(create_api())


def token_of(api: TestClient, login: tuple[str, str]) -> str:
    answer = api.post("/api/v1/auth/login", json={"email": login[0], "password": login[1]})
    return answer.json()["access_token"]


def bearer(api: TestClient, login: tuple[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_of(api, login)}"}


def send(api, headers, *paths, **form):
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    return api.post("/api/v1/media", headers=headers, files=files, data=form)


def test_upload_many_then_list_them_with_thumbnails_and_read_the_bytes(api, tmp_path):
    headers = bearer(api, MANAGER)
    first, second = image(tmp_path, "beans.jpg", (1200, 800)), image(tmp_path, "cup.png", (300, 300))
    answer = send(api, headers, first, second, tags="coffee morning")
    assert answer.status_code == 201
    assert [(i["name"], i["status"]) for i in answer.json()["items"]] == [("beans.jpg", "stored"),
                                                                          ("cup.png", "stored")]
    listed = api.get("/api/v1/media", headers=headers).json()
    assert listed["total"] == 2 and [i["name"] for i in listed["items"]] == ["cup.png", "beans.jpg"]
    beans = listed["items"][1]
    assert (beans["width"], beans["height"], beans["tags"], beans["can_edit"]) == (1200, 800, ["coffee", "morning"],
                                                                                    True)
    body = api.get(beans["file_url"], headers=headers)
    assert body.status_code == 200 and body.content == first.read_bytes()
    assert body.headers["content-type"] == "image/jpeg" and "sandbox" in body.headers["content-security-policy"]
    thumb = api.get(beans["thumbnail_url"], headers=headers)
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"


def test_a_refused_upload_is_a_422_naming_each_file(api, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("hello")
    answer = send(api, bearer(api, MANAGER), fake)
    assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "files"
    assert "photo.jpg is not an image, GIF, video or PDF" in answer.json()["errors"][0]["message"]


def test_a_duplicate_upload_answers_the_existing_file(api, tmp_path):
    headers = bearer(api, MANAGER)
    path = image(tmp_path)
    stored = send(api, headers, path).json()["items"][0]["media"]
    again = send(api, headers, path)
    assert again.status_code == 200
    item = again.json()["items"][0]
    assert item["status"] == "duplicate" and item["media"]["id"] == stored["id"] and "Already in" in item["message"]


def test_filters_and_cursor_pages(api, tmp_path):
    headers = bearer(api, MANAGER)
    send(api, headers, image(tmp_path, "a.jpg", (10, 10)), image(tmp_path, "b.jpg", (20, 20)),
         image(tmp_path, "c.gif", (30, 30)))
    assert [i["name"] for i in api.get("/api/v1/media?kind=gif", headers=headers).json()["items"]] == ["c.gif"]
    assert api.get("/api/v1/media?q=B.JP", headers=headers).json()["total"] == 1
    first = api.get("/api/v1/media?limit=2", headers=headers).json()
    rest = api.get(f"/api/v1/media?limit=2&cursor={first['next_cursor']}", headers=headers).json()
    assert [i["name"] for i in first["items"] + rest["items"]] == ["c.gif", "b.jpg", "a.jpg"]
    assert rest["next_cursor"] is None
    bad = api.get("/api/v1/media?from=2025-05-02&to=2025-05-01", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "to"


def test_patch_folders_move_and_delete(api, tmp_path):
    headers = bearer(api, MANAGER)
    asset_id = send(api, headers, image(tmp_path)).json()["items"][0]["media"]["id"]
    parent = api.post("/api/v1/media/folders", headers=headers, json={"name": "Launch"}).json()
    child = api.post("/api/v1/media/folders", headers=headers, json={"name": "Drafts", "parent_id": parent["id"]})
    assert child.status_code == 201 and child.json()["parent_id"] == parent["id"]
    renamed = api.patch(f"/api/v1/media/folders/{child.json()['id']}", headers=headers, json={"name": "Final"})
    assert renamed.json()["name"] == "Final"
    changed = api.patch(f"/api/v1/media/{asset_id}", headers=headers,
                        json={"tags": ["Spring", "launch"], "alt_text": "A cup", "folder_id": parent["id"]}).json()
    assert (changed["tags"], changed["alt_text"], changed["folder_id"]) == (["spring", "launch"], "A cup", parent["id"])
    moved = api.post("/api/v1/media/move", headers=headers, json={"ids": [asset_id], "folder_id": None})
    assert moved.json() == {"count": 1}
    assert api.get("/api/v1/media/folders", headers=headers).json()["total"] == 2
    assert api.delete(f"/api/v1/media/folders/{parent['id']}", headers=headers).status_code == 409
    assert api.delete(f"/api/v1/media/{asset_id}", headers=headers).status_code == 204
    assert api.get(f"/api/v1/media/{asset_id}", headers=headers).status_code == 404


def test_edit_saves_a_new_version_beside_the_original(api, tmp_path):
    headers = bearer(api, MANAGER)
    original = send(api, headers, image(tmp_path, "wide.jpg", (2000, 1000))).json()["items"][0]["media"]
    answer = api.post(f"/api/v1/media/{original['id']}/edit", headers=headers,
                      json={"operations": [{"op": "resize", "preset": "instagram_portrait"}]})
    assert answer.status_code == 201
    edited = answer.json()["media"]
    assert (edited["width"], edited["height"], edited["source_id"]) == (1080, 1350, original["id"])
    versions = api.get(f"/api/v1/media/{edited['id']}/versions", headers=headers).json()
    assert [v["id"] for v in versions] == [original["id"], edited["id"]]
    assert api.get(original["file_url"], headers=headers).content == (tmp_path / "wide.jpg").read_bytes()
    bad = api.post(f"/api/v1/media/{original['id']}/edit", headers=headers,
                   json={"operations": [{"op": "resize", "preset": "nope"}]})
    assert bad.status_code == 422 and "Unknown preset" in bad.json()["detail"]
    assert {p["key"] for p in api.get("/api/v1/media/presets", headers=headers).json()} >= {"instagram_square",
                                                                                            "story", "pinterest_pin"}


def test_roles_over_the_api(api, tmp_path):
    manager_file = send(api, bearer(api, MANAGER), image(tmp_path)).json()["items"][0]["media"]
    assert send(api, bearer(api, CLIENT), image(tmp_path, "x.jpg", (9, 9))).status_code == 403
    client_view = api.get("/api/v1/media", headers=bearer(api, CLIENT)).json()["items"][0]
    assert (client_view["id"], client_view["can_edit"], client_view["can_delete"]) == (manager_file["id"], False, False)
    creator = bearer(api, CREATOR)
    assert api.patch(f"/api/v1/media/{manager_file['id']}", headers=creator, json={"tags": "x"}).status_code == 403
    assert api.delete(f"/api/v1/media/{manager_file['id']}", headers=creator).status_code == 403


def test_files_are_served_to_members_only_by_token_or_cookie(api, seeded, tmp_path):
    asset = send(api, bearer(api, MANAGER), image(tmp_path)).json()["items"][0]["media"]
    assert api.get(asset["file_url"]).status_code == 401
    browser = TestClient(create_api(), cookies={ACCESS_COOKIE: token_of(api, CREATOR)})
    assert browser.get(asset["thumbnail_url"]).status_code == 200
    peak = orgs.get_org_by_slug(seeded, orgs.slugify("Peak Fitness Studio"))
    outsider = {**bearer(api, AGENCY), "X-Organization-Id": str(peak.id)}
    assert api.get(asset["file_url"], headers=outsider).status_code == 404
    assert api.get(f"/api/v1/media/{asset['id']}", headers=outsider).status_code == 404
    foreign_cookie = TestClient(create_api(), cookies={ACCESS_COOKIE: token_of(api, AGENCY), "allin_org": str(peak.id)})
    assert foreign_cookie.get(asset["file_url"]).status_code == 404


def test_the_signed_public_link_needs_no_login_and_refuses_a_changed_one(api, seeded, tmp_path):
    asset_id = send(api, bearer(api, MANAGER), image(tmp_path)).json()["items"][0]["media"]["id"]
    link = urlparse(media.public_media_url(seeded.get(MediaAsset, asset_id)))
    answer = api.get(f"{link.path}?{link.query}")
    assert answer.status_code == 200 and answer.content == (tmp_path / "photo.jpg").read_bytes()
    tampered = api.get(f"{link.path}?{link.query.replace('expires=', 'expires=9')}")
    assert tampered.status_code == 403 and tampered.json()["detail"] == "This media link is not valid."

"""The REST sign-in API (/api/v1/auth) and the browser's cookie hand-off routes, on the seeded demo data."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.api.app import create_api
from allin_app.auth import service as auth
from allin_app.auth import totp
from allin_app.orgs import service as orgs

AGENCY_LOGIN = ("agency@allin.demo", "Agency123!@#")
MANAGER_LOGIN = ("manager@allin.demo", "Manager123!@#")
PROBLEM = "application/problem+json"


@pytest.fixture
def api(seeded):
    with TestClient(create_api()) as client:
        yield client


def login(api: TestClient, email: str, password: str, **extra):
    return api.post("/api/v1/auth/login", json={"email": email, "password": password, **extra})


def tokens(api: TestClient, credentials: tuple[str, str] = AGENCY_LOGIN) -> dict:
    response = login(api, *credentials)
    assert response.status_code == 200, response.text
    return response.json()


def bearer(access_token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}", **headers}


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def turn_on_2fa(db: Session, email: str) -> pyotp.TOTP:
    user = auth.find_user_by_email(db, email)
    secret, _uri = totp.begin_setup(db, user)
    otp = pyotp.TOTP(secret)
    totp.confirm_setup(db, user, otp.now())
    db.commit()
    return otp


def handoff_code(db: Session, credentials: tuple[str, str] = AGENCY_LOGIN, remember: bool = False) -> str:
    code = auth.create_web_handoff(db, auth.sign_in_with_password(db, *credentials, remember))
    db.commit()
    return code


def cookies_set(response) -> dict[str, str]:
    """Each Set-Cookie line, by cookie name."""
    return {line.split("=", 1)[0]: line for line in response.headers.get_list("set-cookie")}


def cookie_value(line: str) -> str:
    return line.split("=", 1)[1].split(";", 1)[0].strip('"')


# --- tokens ------------------------------------------------------------------------------


def test_login_answers_bearer_tokens(api):
    response = login(api, *AGENCY_LOGIN)
    body = response.json()
    assert response.status_code == 200
    assert body["access_token"] and body["refresh_token"] and body["access_token"] != body["refresh_token"]
    assert (body["token_type"], body["expires_in"]) == ("bearer", 900)
    assert response.headers["cache-control"] == "no-store"


def test_wrong_password_is_a_401_problem(api):
    body = assert_problem(login(api, AGENCY_LOGIN[0], "Wrong-Pass-1"), 401)
    assert body["code"] == "invalid_credentials"


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(api):
    wrong_password = login(api, AGENCY_LOGIN[0], "Wrong-Pass-1")
    unknown_email = login(api, "nobody@allin.demo", "Wrong-Pass-1")
    assert (unknown_email.status_code, unknown_email.json()) == (wrong_password.status_code, wrong_password.json())


def test_2fa_user_must_send_a_totp_code(api, seeded):
    turn_on_2fa(seeded, AGENCY_LOGIN[0])
    assert assert_problem(login(api, *AGENCY_LOGIN), 401)["code"] == "totp_required"


def test_2fa_user_signs_in_with_a_valid_totp_code(api, seeded):
    otp = turn_on_2fa(seeded, AGENCY_LOGIN[0])
    response = login(api, *AGENCY_LOGIN, totp_code=otp.at(time.time() + 30))
    assert response.status_code == 200 and response.json()["access_token"]


def test_2fa_user_with_a_wrong_code_is_refused(api, seeded):
    turn_on_2fa(seeded, AGENCY_LOGIN[0])
    body = assert_problem(login(api, *AGENCY_LOGIN, totp_code="zzzz-zzzz"), 401)
    assert body["code"] == "invalid_second_factor"


def test_refresh_rotates_the_tokens(api):
    old = tokens(api)
    response = api.post("/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]})
    new = response.json()
    assert response.status_code == 200
    assert new["access_token"] != old["access_token"] and new["refresh_token"] != old["refresh_token"]
    assert api.get("/api/v1/auth/me", headers=bearer(new["access_token"])).status_code == 200
    assert_problem(api.post("/api/v1/auth/refresh", json={"refresh_token": old["refresh_token"]}), 401)


def test_me_answers_the_user_role_and_organizations(api):
    response = api.get("/api/v1/auth/me", headers=bearer(tokens(api)["access_token"]))
    me = response.json()
    assert response.status_code == 200
    assert (me["email"], me["role"], me["organization"]["name"]) == (AGENCY_LOGIN[0], "agency_owner", AGENCY)
    assert {o["name"] for o in me["organizations"]} == {AGENCY, *CLIENTS}


def test_me_in_a_chosen_client_org(api, seeded):
    client_org = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1]))
    headers = bearer(tokens(api)["access_token"], **{"X-Organization-Id": str(client_org.id)})
    assert api.get("/api/v1/auth/me", headers=headers).json()["organization"]["name"] == CLIENTS[1]


def test_me_in_an_unreachable_org_is_a_404_problem(api, seeded):
    agency = orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY))
    headers = bearer(tokens(api, MANAGER_LOGIN)["access_token"], **{"X-Organization-Id": str(agency.id)})
    assert_problem(api.get("/api/v1/auth/me", headers=headers), 404)


@pytest.mark.parametrize(
    "headers", [{}, bearer("not-a-real-token"), {"Authorization": "Basic YTpi"}], ids=["none", "invalid", "not-bearer"]
)
def test_missing_or_invalid_bearer_is_a_401_problem(api, headers):
    assert_problem(api.get("/api/v1/auth/me", headers=headers), 401)


def test_missing_bearer_tells_the_client_how_to_authenticate(api):
    assert api.get("/api/v1/auth/me").headers.get("www-authenticate", "").startswith("Bearer")


def test_malformed_body_is_a_422_with_field_errors(api):
    body = assert_problem(api.post("/api/v1/auth/login", json={"email": "someone@allin.demo"}), 422)
    assert {"field", "message"} <= set(body["errors"][0])
    assert "password" in [error["field"] for error in body["errors"]]


def test_throttled_login_is_a_429_with_retry_after(api):
    for _ in range(3):
        login(api, MANAGER_LOGIN[0], "Wrong-Pass-1")
    response = login(api, *MANAGER_LOGIN)
    assert_problem(response, 429)
    assert int(response.headers["retry-after"]) > 0


def test_openapi_lists_login_and_the_docs_page_opens(api):
    assert "/api/v1/auth/login" in api.get("/api/v1/openapi.json").json()["paths"]
    assert api.get("/api/v1/docs").status_code == 200


def test_logout_kills_the_access_token(api):
    access = tokens(api)["access_token"]
    assert api.post("/api/v1/auth/logout", headers=bearer(access)).status_code == 204
    assert_problem(api.get("/api/v1/auth/me", headers=bearer(access)), 401)


# --- browser routes ----------------------------------------------------------------------


def web_complete(api: TestClient, code: str, next_path: str = "/dashboard"):
    return api.get("/api/v1/auth/web/complete", params={"code": code, "next": next_path}, follow_redirects=False)


def test_web_complete_sets_httponly_cookies(api, seeded):
    response = web_complete(api, handoff_code(seeded))
    assert (response.status_code, response.headers["location"]) == (303, "/dashboard")
    session_cookie = cookies_set(response)["allin_session"].lower()
    assert "httponly" in session_cookie and "samesite=lax" in session_cookie
    access = cookie_value(cookies_set(response)["allin_session"])
    assert api.get("/api/v1/auth/me", headers=bearer(access)).status_code == 200


def test_web_complete_code_works_once(api, seeded):
    code = handoff_code(seeded)
    assert web_complete(api, code).status_code == 303
    again = web_complete(api, code)
    assert (again.status_code, again.headers["location"]) == (303, "/auth/login?expired=1")
    assert "set-cookie" not in again.headers


def browser_destination(location: str) -> str:
    """Where a browser on https://allin.example goes: it drops tabs and newlines, and reads \\ as /."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    return urlsplit(urljoin("https://allin.example/dashboard", cleaned)).netloc


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "\\\\evil.example"]
)
def test_web_complete_refuses_to_redirect_off_site(api, seeded, target):
    response = web_complete(api, handoff_code(seeded), target)
    assert response.status_code == 303
    assert browser_destination(response.headers["location"]) == "allin.example"


def test_web_complete_keeps_a_same_site_next(api, seeded):
    assert web_complete(api, handoff_code(seeded), "/calendar?view=week").headers["location"] == "/calendar?view=week"


def test_web_resume_with_a_refresh_cookie_sets_new_cookies(api):
    old = tokens(api)
    response = api.get(
        "/api/v1/auth/web/resume", headers={"Cookie": f"allin_refresh={old['refresh_token']}"}, follow_redirects=False
    )
    new = {name: cookie_value(line) for name, line in cookies_set(response).items()}
    assert (response.status_code, response.headers["location"]) == (303, "/dashboard")
    assert new["allin_session"] != old["access_token"] and new["allin_refresh"] != old["refresh_token"]
    assert api.get("/api/v1/auth/me", headers=bearer(new["allin_session"])).status_code == 200


def test_web_resume_without_a_session_sends_to_login_and_keeps_next(api):
    response = api.get("/api/v1/auth/web/resume", params={"next": "/calendar?view=week&day=3"}, follow_redirects=False)
    location = urlsplit(response.headers["location"])
    assert location.path == "/auth/login"
    assert parse_qs(location.query)["next"] == ["/calendar?view=week&day=3"]


def test_web_logout_clears_cookies_and_revokes_the_session(api):
    issued = tokens(api)
    response = api.get(
        "/api/v1/auth/web/logout", headers={"Cookie": f"allin_session={issued['access_token']}"}, follow_redirects=False
    )
    assert (response.status_code, response.headers["location"]) == (303, "/auth/login")
    cleared = cookies_set(response)
    assert set(cleared) == {"allin_session", "allin_refresh"}
    assert all("max-age=0" in line.lower() for line in cleared.values())
    assert_problem(api.get("/api/v1/auth/me", headers=bearer(issued["access_token"])), 401)
    assert_problem(api.post("/api/v1/auth/refresh", json={"refresh_token": issued["refresh_token"]}), 401)


def test_web_complete_from_another_site_signs_nobody_in(api, seeded):
    response = api.get("/api/v1/auth/web/complete", params={"code": handoff_code(seeded)},
                       headers={"Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
    assert response.headers["location"] == "/auth/login?expired=1"
    assert "allin_session" not in cookies_set(response)


def test_web_logout_from_another_site_signs_nobody_out(api):
    issued = tokens(api)
    response = api.get("/api/v1/auth/web/logout", follow_redirects=False, headers={
        "Cookie": f"allin_session={issued['access_token']}", "Sec-Fetch-Site": "cross-site"})
    assert response.headers["location"] == "/dashboard"
    assert api.get("/api/v1/auth/me", headers=bearer(issued["access_token"])).status_code == 200


def test_a_reused_refresh_token_ends_the_whole_session(api):
    first = tokens(api)
    second = api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    replay = api.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(replay, 401)
    assert api.get("/api/v1/auth/me", headers=bearer(second["access_token"])).status_code == 401
    assert api.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401


def test_forwarded_for_is_ignored_unless_a_proxy_is_configured(api, seeded, monkeypatch):
    from allin_app.auth.models import LoginAttempt
    from allin_app.core.config import settings

    api.post("/api/v1/auth/login", json={"email": "nobody@allin.demo", "password": "x"},
             headers={"X-Forwarded-For": "203.0.113.9"})
    monkeypatch.setattr(settings, "trusted_proxy_hops", 1)
    api.post("/api/v1/auth/login", json={"email": "nobody@allin.demo", "password": "x"},
             headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
    ips = [a.ip for a in seeded.exec(select(LoginAttempt).order_by(LoginAttempt.id)).all()]
    assert ips == ["testclient", "203.0.113.9"]

"""Every answer carries the security headers; HSTS only when AllIN is served over HTTPS."""

from __future__ import annotations

from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from allin_app.core.config import settings


def test_api_answers_carry_security_headers(sqlite_engine):
    response = TestClient(create_api()).get("/api/v1/openapi.json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in response.headers


def test_hsts_is_sent_behind_https(sqlite_engine, monkeypatch):
    monkeypatch.setattr(settings, "cookie_secure", True)
    response = TestClient(create_api()).get("/api/v1/openapi.json")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")

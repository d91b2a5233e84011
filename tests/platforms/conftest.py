"""The simulator mounted in a bare FastAPI app, with its SQLite file in the test's tmp dir."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.testclient import TestClient

from allin_app.core.config import settings
from allin_app.platforms.base import OAuth2Adapter, OAuthStart
from allin_app.platforms.config import NETWORKS, NetworkConfig
from allin_app.platforms.registry import adapter_for
from allin_app.platforms.simulator.autopilot import answer_consent, consent_form  # noqa: F401

REDIRECT_URI = "http://localhost:3009/accounts/callback"


@pytest.fixture
def files(tmp_path):
    """Where a test puts media files; the `sim` app serves them at http://testserver/files/<name>."""
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


@pytest.fixture
def sim(tmp_path, monkeypatch, files):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    for network in NETWORKS:  # the simulator checks the app credentials from configuration
        for suffix in ("CLIENT_ID", "CLIENT_SECRET"):
            monkeypatch.delenv(f"{network.upper()}_{suffix}", raising=False)
    app = FastAPI()
    from allin_app.platforms.simulator import faults, media, router, store

    app.include_router(router)

    @app.get("/files/{name}")
    def serve(name: str) -> FileResponse:  # stands in for AllIN's public media URLs
        if not (files / name).is_file():
            raise HTTPException(404)
        return FileResponse(files / name)

    media.use_transport(httpx.ASGITransport(app=app))  # the networks fetch media URLs from this app
    faults.clear()
    with TestClient(app) as client:
        yield client
    faults.clear()
    media.use_transport(None)
    store.dispose_engines()


def make_adapter(network: str, client: TestClient, *, secret: str = "allin-demo-secret") -> OAuth2Adapter:
    base = f"http://testserver/sim/{network}"
    config = NetworkConfig(network=network, client_id=f"allin-demo-{network}", client_secret=secret,
                           auth_base_url=base, token_base_url=None, api_base_url=base)
    return adapter_for(network, config=config, client=client)


def click(client: TestClient, start: OAuthStart, decision: str = "allow") -> dict[str, str]:
    """Press Allow or Deny; answer the query of the redirect back to AllIN."""
    return answer_consent(client, start.url, decision)


def authorized_code(client: TestClient, adapter: OAuth2Adapter) -> tuple[OAuthStart, str]:
    start = adapter.start_authorization(REDIRECT_URI)
    answer = click(client, start)
    assert answer["state"] == start.state
    return start, answer["code"]

"""The simulator mounted in a bare FastAPI app, with its SQLite file in the test's tmp dir."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from allin_app.core.config import settings
from allin_app.platforms.base import OAuth2Adapter, OAuthStart
from allin_app.platforms.config import NETWORKS, NetworkConfig
from allin_app.platforms.registry import adapter_for

REDIRECT_URI = "http://localhost:3009/accounts/callback"


@pytest.fixture
def sim(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    for network in NETWORKS:  # the simulator checks the app credentials from configuration
        for suffix in ("CLIENT_ID", "CLIENT_SECRET"):
            monkeypatch.delenv(f"{network.upper()}_{suffix}", raising=False)
    app = FastAPI()
    from allin_app.platforms.simulator import router, store

    app.include_router(router)
    with TestClient(app) as client:
        yield client
    store.dispose_engines()


def make_adapter(network: str, client: TestClient, *, secret: str = "allin-demo-secret") -> OAuth2Adapter:
    base = f"http://testserver/sim/{network}"
    config = NetworkConfig(network=network, client_id=f"allin-demo-{network}", client_secret=secret,
                           auth_base_url=base, token_base_url=None, api_base_url=base)
    return adapter_for(network, config=config, client=client)


def consent_form(client: TestClient, url: str) -> tuple[str, dict[str, object]]:
    """Open the consent page and read its form the way a browser would (every box stays ticked)."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    fields: dict[str, object] = {unescape(k): unescape(v) for k, v in
                                 re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text)}
    fields["profile_id"] = [unescape(v) for v in re.findall(r'name="profile_id" value="([^"]+)"', page.text)]
    return action, fields


def click(client: TestClient, start: OAuthStart, decision: str = "allow") -> dict[str, str]:
    """Press Allow or Deny; answer the query of the redirect back to AllIN."""
    action, fields = consent_form(client, start.url)
    answer = client.post(action, data={**fields, "decision": decision}, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    location = answer.headers["location"]
    assert location.startswith(REDIRECT_URI)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def authorized_code(client: TestClient, adapter: OAuth2Adapter) -> tuple[OAuthStart, str]:
    start = adapter.start_authorization(REDIRECT_URI)
    answer = click(client, start)
    assert answer["state"] == start.state
    return start, answer["code"]

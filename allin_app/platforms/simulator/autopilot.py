"""Clicks "Allow" on the simulator's consent page without a browser: how the demo seed connects
accounts through the very flow a person uses."""

from __future__ import annotations

import re
import warnings
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

with warnings.catch_warnings():  # Starlette nags about its httpx-based client; it is the one we want
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def consent_form(client: httpx.Client, url: str, pick=None) -> tuple[str, dict[str, object]]:
    """Open the consent page and read its form the way a browser would: every box stays ticked, or
    only those whose profile name `pick(name)` accepts."""
    page = client.get(url)
    page.raise_for_status()
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    fields: dict[str, object] = {unescape(k): unescape(v) for k, v in
                                 re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text)}
    boxes = re.findall(r'name="profile_id" value="([^"]+)"[^>]*>\s*([^<]+?)\s*<', page.text)
    fields["profile_id"] = [unescape(v) for v, name in boxes if pick is None or pick(unescape(name))]
    return action, fields


def answer_consent(client: httpx.Client, url: str, decision: str = "allow", pick=None) -> dict[str, str]:
    """Press Allow (or Deny); answer the query string of the redirect back to the app."""
    action, fields = consent_form(client, url, pick)
    answer = client.post(action, data={**fields, "decision": decision}, follow_redirects=False)
    if answer.status_code != 302:
        raise RuntimeError(f"the consent page answered {answer.status_code}: {answer.text[:200]}")
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def in_process_client() -> TestClient:
    """An httpx client whose every request is served by the simulator in this process."""
    from allin_app.platforms.simulator import router

    app = FastAPI()
    app.include_router(router)
    return TestClient(app)

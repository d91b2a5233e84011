"""/api/v1/ai: generate, rewrite, hashtags and friends; every answer names its provider."""

from __future__ import annotations

from allin_app.ai import org_settings
from allin_app.ai.textfit import fits
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.ai.fake_llm import Reply

CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
AGENCY = ("agency@allin.demo", "Agency123!@#")


def test_generate_rewrite_and_hashtags_answer_with_the_provider(api):  # noqa: F811
    headers = bearer(api, *CREATOR)
    made = api.post("/api/v1/ai/generate", headers=headers, json={
        "prompt": "our new oat milk flat white", "networks": ["twitter", "linkedin"], "tone": "witty",
        "length": "short"})
    assert made.status_code == 200, made.text
    body = made.json()
    assert body["provider"] == "Local (offline)" and "oat milk flat white" in body["text"].lower()
    assert set(body["per_network"]) == {"twitter", "linkedin"} and fits("twitter", body["per_network"]["twitter"])

    rewritten = api.post("/api/v1/ai/rewrite", headers=headers, json={
        "text": body["text"], "tone": "professional", "networks": ["twitter"]})
    assert rewritten.status_code == 200 and rewritten.json()["provider"] == "Local (offline)"
    assert fits("twitter", rewritten.json()["text"])

    tags = api.post("/api/v1/ai/hashtags", headers=headers, json={"text": "Oat milk flat white #coffee",
                                                                  "network": "instagram", "count": 3})
    assert tags.status_code == 200 and tags.json()["provider"] == "Local (offline)"
    assert 1 <= len(tags.json()["hashtags"]) <= 3 and all(h["tag"].startswith("#") for h in tags.json()["hashtags"])


def test_the_other_writer_routes(api):  # noqa: F811
    headers = bearer(api, *CREATOR)
    short = api.post("/api/v1/ai/shorten", headers=headers, json={"text": "Fresh beans. " * 40, "network": "twitter"})
    assert short.status_code == 200 and fits("twitter", short.json()["text"])
    fixed = api.post("/api/v1/ai/proofread", headers=headers, json={"text": "teh beans are are here"}).json()
    assert fixed["text"] == "The beans are here" and fixed["fixes"]
    assert api.post("/api/v1/ai/emoji", headers=headers, json={"text": "coffee party"}).json()["emoji"][:2] == \
        ["☕", "🎉"]
    check = api.post("/api/v1/ai/brand-check", headers=headers, json={"text": "Fresh beans"}).json()
    assert check["ok"] is True and check["provider"] == "Local (offline)"


def test_bad_input_answers_422_problem_json(api):  # noqa: F811
    headers = bearer(api, *CREATOR)
    for body in ({"prompt": "", "networks": ["twitter"]}, {"prompt": "coffee", "networks": ["myspace"]},
                 {"prompt": "coffee", "tone": "grumpy"}, {"prompt": "coffee", "surprise": 1}):
        answer = api.post("/api/v1/ai/generate", headers=headers, json=body)
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["errors"]


def test_roles(api):  # noqa: F811
    answer = api.post("/api/v1/ai/generate", headers=bearer(api, *CLIENT), json={"prompt": "coffee"})
    assert answer.status_code == 403
    answer = api.post("/api/v1/ai/hashtags", headers=bearer(api, *TEAM), json={"text": "coffee"})
    assert answer.status_code == 403 and "assigned" in answer.json()["detail"]
    assert api.post("/api/v1/ai/generate", json={"prompt": "coffee"}).status_code == 401


def test_settings_switch_to_a_remote_model_and_its_failure_answers_503(api, actors, fake_llm,  # noqa: F811
                                                                      monkeypatch):
    monkeypatch.setattr(org_settings, "BACKOFF_SECONDS", 0.01)
    agency = bearer(api, *AGENCY)
    client_org = actors["creator"].org_id
    saved = api.put("/api/v1/ai/settings", headers={**agency, "X-Organization-Id": str(client_org)},
                    json={"base_url": fake_llm.base_url, "model": "fake-llama", "api_key": "sk-secret"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["has_api_key"] is True and "sk-secret" not in saved.text
    assert saved.json()["provider"] == f"OpenAI-compatible: fake-llama at {fake_llm.base_url}"
    bad = api.put("/api/v1/ai/settings", headers=agency, json={"base_url": "ftp://x", "model": "m"})
    assert bad.status_code == 422

    creator = bearer(api, *CREATOR)
    fake_llm.script(Reply(text="Oat milk flat whites are here."))
    made = api.post("/api/v1/ai/generate", headers=creator, json={"prompt": "oat milk", "networks": ["twitter"]})
    assert made.status_code == 200 and made.json()["provider"].startswith("OpenAI-compatible: fake-llama")
    assert fake_llm.requests[-1]["authorization"] == "Bearer sk-secret"

    fake_llm.script(Reply(raw="<html>gateway</html>"))
    failed = api.post("/api/v1/ai/rewrite", headers=creator, json={"text": "Keep me", "tone": "witty"})
    assert failed.status_code == 503 and failed.headers["content-type"] == "application/problem+json"
    assert "Your text is kept" in failed.json()["detail"]
    assert api.get("/api/v1/ai/settings", headers=creator).status_code == 403

"""The organization's AI provider: which one answers, and "Test connection" against a real local fake server
(a good answer, a refused key, rate limiting, a timeout, a malformed reply) and offline."""

from __future__ import annotations

import pytest

from allin_app.ai import org_settings
from allin_app.ai.providers import AIUnavailable
from allin_app.auth import service as auth
from allin_app.core.config import settings
from allin_app.core.errors import PermissionDenied
from allin_app.orgs import service as orgs
from tests.ai.fake_llm import Reply
from tests.content.conftest import actors  # noqa: F401  (fixture)


@pytest.fixture
def owner(seeded, actors):  # noqa: F811
    """The agency owner acting in Bloom Coffee (the role with Organization Settings rights there)."""
    return orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"), actors["manager"].org_id)


@pytest.fixture
def pointed(seeded, owner, fake_llm):
    """Bloom Coffee's own model is the fake server, with a key."""
    org_settings.save_settings(seeded, owner, owner.org_id, fake_llm.base_url, "fake-llama", "sk-owner")
    seeded.commit()
    return fake_llm


def test_the_local_provider_answers_by_default_and_a_test_works_offline(seeded, owner, monkeypatch):
    monkeypatch.setattr(settings, "ai_base_url", "")
    in_use = org_settings.provider_in_use(seeded, owner, owner.org_id)
    assert (in_use.source, in_use.name) == ("local", "Local (offline)")
    check = org_settings.test_connection(seeded, owner, owner.org_id)
    assert check.source == "local" and check.provider == "Local (offline)" and check.answer


def test_the_platforms_model_answers_when_the_org_has_none(seeded, owner, fake_llm, monkeypatch):
    monkeypatch.setattr(settings, "ai_base_url", fake_llm.base_url)
    monkeypatch.setattr(settings, "ai_model", "platform-llama")
    fake_llm.script(Reply(text="ready"))
    check = org_settings.test_connection(seeded, owner, owner.org_id)
    assert check.source == "platform" and check.answer == "ready"
    assert fake_llm.requests[0]["body"]["model"] == "platform-llama"


def test_a_good_connection_answers_with_the_models_reply(seeded, owner, actors, pointed):  # noqa: F811
    pointed.script(Reply(text="Ready."))
    check = org_settings.test_connection(seeded, owner, owner.org_id)
    assert check.source == "organization" and check.answer == "Ready." and check.seconds >= 0
    assert check.provider == f"OpenAI-compatible: fake-llama at {pointed.base_url}"
    sent = pointed.requests[0]
    assert sent["authorization"] == "Bearer sk-owner" and sent["body"]["max_tokens"] == org_settings.CHECK_TOKENS
    # everyone in the organization may know which provider answers, not read or test its settings
    assert org_settings.provider_in_use(seeded, actors["creator"], owner.org_id).source == "organization"
    with pytest.raises(PermissionDenied):
        org_settings.test_connection(seeded, actors["manager"], owner.org_id)


@pytest.mark.parametrize(("reply", "reason"), [
    (Reply(status=401), "refused the API key"),
    (Reply(status=429), "rate limiting us"),
    (Reply(raw="<html>bad gateway</html>"), "not a chat completion we could read"),
    (Reply(raw='{"choices": [{"message": {"content": ""}}]}'), "reply was empty"),
])
def test_a_failed_connection_says_why_at_once(seeded, owner, pointed, reply, reason):
    pointed.script(reply)
    with pytest.raises(AIUnavailable, match=reason) as failure:
        org_settings.test_connection(seeded, owner, owner.org_id)
    assert len(pointed.requests) == 1  # a test is one try: no retries behind the user's back
    assert failure.value.message.startswith(f"OpenAI-compatible: fake-llama at {pointed.base_url} did not answer")


def test_a_slow_model_times_out(seeded, owner, pointed, monkeypatch):
    monkeypatch.setattr(settings, "ai_timeout_seconds", 0.3)
    pointed.script(Reply(delay=1.0))
    with pytest.raises(AIUnavailable, match="no answer within 0.3 seconds"):
        org_settings.test_connection(seeded, owner, owner.org_id)


def test_use_the_default_again_forgets_the_model_and_its_key(seeded, owner, pointed, monkeypatch):
    monkeypatch.setattr(settings, "ai_base_url", "")
    kept = org_settings.save_settings(seeded, owner, owner.org_id, pointed.base_url, "other-llama")
    assert kept.has_api_key  # no key given: the stored one stays
    back = org_settings.save_settings(seeded, owner, owner.org_id, "", "", "")
    assert (back.base_url, back.model, back.has_api_key, back.provider) == ("", "", False, "Local (offline)")
    assert org_settings.provider_in_use(seeded, owner, owner.org_id).source == "local"


def test_an_unreadable_stored_key_is_said_plainly_and_the_settings_still_open(seeded, owner, pointed, actors):  # noqa: F811
    from allin_app.ai import writer
    from allin_app.ai.models import AISettings

    stored = seeded.get(AISettings, owner.org_id)
    stored.api_key_encrypted = "saved-under-another-secret-key"  # what a changed ALLIN_SECRET_KEY leaves behind
    seeded.commit()
    with pytest.raises(AIUnavailable, match="enter it again"):
        writer.generate(seeded, actors["creator"], "Autumn blend", ["twitter"])
    view = org_settings.settings_of(seeded, owner, owner.org_id)
    assert view.has_api_key and "fake-llama" in view.provider
    assert org_settings.provider_in_use(seeded, owner, owner.org_id).source == "organization"
    org_settings.save_settings(seeded, owner, owner.org_id, pointed.base_url, "fake-llama", "sk-new")
    assert writer.generate(seeded, actors["creator"], "Autumn blend", ["twitter"]).provider.startswith("OpenAI")

"""AI tests: a local fake OpenAI-compatible server, the demo people by role, published history."""

from __future__ import annotations

import pytest

from allin_app.ai.models import AISettings
from allin_app.core.crypto import encrypt_secret
from tests.accounts.test_connect import sim  # noqa: F401  (fixture)
from tests.ai.fake_llm import FakeLLM
from tests.content.conftest import accounts, actors  # noqa: F401  (fixtures)


@pytest.fixture
def fake_llm():
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def remote_org(seeded, actors, fake_llm):  # noqa: F811
    """Bloom Coffee uses the fake server as its own model."""
    seeded.add(AISettings(org_id=actors["manager"].org_id, base_url=fake_llm.base_url, model="fake-llama",
                          api_key_encrypted=encrypt_secret("sk-test")))
    seeded.commit()
    return fake_llm

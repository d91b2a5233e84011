"""Settings > Organization > AI provider: the agency owner points the agency at its own OpenAI-compatible
model (a real local fake server), tests the connection, sees a refused key and an unreachable address said
plainly, and goes back to the default; a manager only reads which provider answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.ai.fake_llm import FakeLLM, Reply

pytestmark = pytest.mark.browser

OWNER = ("agency@allin.demo", "Agency123!@#")
MANAGER = ("manager@allin.demo", "Manager123!@#")


@pytest.fixture
def model_server():
    server = FakeLLM().start()
    yield server
    server.stop()


def _open_settings(page, live_app) -> None:
    expect(page.locator("#sidebar-nav")).to_be_visible(timeout=30_000)
    page.goto(f"{live_app.url}/settings/organization")
    expect(page.locator("#ai-provider-settings")).to_be_visible(timeout=30_000)


def _save(page, base_url: str, model: str, key: str = "") -> None:
    page.fill("#ai-base_url", base_url)
    page.fill("#ai-model", model)
    page.fill("#ai-api_key", key)
    page.click("#save-ai-provider")


def test_owner_uses_an_own_model_tests_it_and_goes_back_to_the_default(sign_in, live_app, model_server):
    page = sign_in(*OWNER)
    _open_settings(page, live_app)
    source = page.locator("#ai-provider-source")
    expect(source).to_have_attribute("data-source", "local")

    _save(page, "not an address", "fake-llama")
    expect(page.locator("#ai-base_url-error")).to_contain_text("Give the model's address")
    expect(source).to_have_attribute("data-source", "local")  # nothing saved

    _save(page, model_server.base_url, "fake-llama", "sk-browser")
    expect(source).to_have_attribute("data-source", "organization")
    expect(page.locator("#ai-provider-name")).to_have_text(f"OpenAI-compatible: fake-llama at {model_server.base_url}")
    expect(page.locator("#ai-key-stored")).to_be_visible()
    expect(page.locator("#ai-api_key")).to_have_value("")  # write-only: never shown back
    assert "sk-browser" not in page.content()

    model_server.script(Reply(text="Ready."))
    page.click("#ai-test-connection")
    expect(page.locator("#ai-test-answer")).to_contain_text("Ready.")
    assert model_server.requests[-1]["authorization"] == "Bearer sk-browser"

    model_server.script(Reply(status=401))
    page.click("#ai-test-connection")
    expect(page.locator("#ai-test-error")).to_contain_text("refused the API key")
    expect(page.locator("#ai-test-answer")).to_have_count(0)

    page.click("#ai-remove-key")
    expect(page.locator("#ai-no-key")).to_be_visible()
    _save(page, "http://127.0.0.1:9/v1", "fake-llama")  # nobody listens there
    page.click("#ai-test-connection")
    expect(page.locator("#ai-test-error")).to_contain_text("could not be reached", timeout=30_000)

    page.click("#ai-use-default")
    expect(source).to_have_attribute("data-source", "local")
    expect(page.locator("#ai-provider-name")).to_have_text("Local (offline)")
    expect(page.locator("#ai-base_url")).to_have_value("")


def test_a_manager_sees_which_provider_answers_but_cannot_change_it(sign_in, live_app):
    page = sign_in(*MANAGER)
    _open_settings(page, live_app)
    expect(page.locator("#ai-provider-source")).to_be_visible()
    expect(page.locator("#ai-settings-read-only")).to_contain_text("Only the organization's owner")
    expect(page.locator("#save-ai-provider")).to_have_count(0)
    expect(page.locator("#ai-test-connection")).to_have_count(0)

"""The OpenAI-compatible provider against a real local HTTP server, including its failures."""

from __future__ import annotations

import pytest

from allin_app.ai.local import LocalProvider
from allin_app.ai.openai_compat import OpenAICompatibleProvider
from allin_app.ai.providers import AIUnavailable
from tests.ai.fake_llm import Reply

MESSAGES = [{"role": "system", "content": "You write posts."}, {"role": "user", "content": "Fresh beans"}]


def provider(fake, sleeps: list[float] | None = None, **options) -> OpenAICompatibleProvider:
    recorded = sleeps if sleeps is not None else []
    return OpenAICompatibleProvider(fake.base_url, "fake-llama", "sk-test", sleep=recorded.append,
                                    **{"timeout": 2.0, **options})


def test_answers_the_completion_and_sends_model_key_and_messages(fake_llm):
    fake_llm.script(Reply(text="Fresh beans, roasted today."))
    answer = provider(fake_llm).complete(MESSAGES, max_tokens=50, temperature=0.2)
    assert answer == "Fresh beans, roasted today."
    sent = fake_llm.requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["authorization"] == "Bearer sk-test"
    assert sent["body"]["model"] == "fake-llama" and sent["body"]["messages"] == MESSAGES
    assert sent["body"]["max_tokens"] == 50 and sent["body"]["stream"] is False


def test_name_says_model_and_address(fake_llm):
    assert provider(fake_llm).name == f"OpenAI-compatible: fake-llama at {fake_llm.base_url}"
    assert LocalProvider().name == "Local (offline)"


def test_streams_the_sse_chunks_in_order(fake_llm):
    fake_llm.script(Reply(stream=["Fresh ", "beans ", "today."]))
    chunks = provider(fake_llm).complete(MESSAGES, stream=True)
    assert list(chunks) == ["Fresh ", "beans ", "today."]
    assert fake_llm.requests[0]["body"]["stream"] is True


def test_429_waits_as_long_as_retry_after_says_then_succeeds(fake_llm):
    sleeps: list[float] = []
    fake_llm.script(Reply(status=429, headers={"Retry-After": "3"}), Reply(text="Now it works."))
    assert provider(fake_llm, sleeps).complete(MESSAGES) == "Now it works."
    assert sleeps == [3.0] and len(fake_llm.requests) == 2


def test_5xx_backs_off_exponentially_then_gives_a_clear_error(fake_llm):
    sleeps: list[float] = []
    fake_llm.script(Reply(status=502))
    with pytest.raises(AIUnavailable) as failure:
        provider(fake_llm, sleeps, retries=2, backoff=0.5).complete(MESSAGES)
    assert sleeps == [0.5, 1.0] and len(fake_llm.requests) == 3
    assert failure.value.status == 503
    assert "HTTP 502" in failure.value.message and "Your text is kept" in failure.value.message


def test_a_retry_after_longer_than_we_wait_fails_at_once(fake_llm):
    fake_llm.script(Reply(status=429, headers={"Retry-After": "600"}))
    with pytest.raises(AIUnavailable, match="wait 600 seconds"):
        provider(fake_llm, max_wait=30).complete(MESSAGES)
    assert len(fake_llm.requests) == 1


def test_a_slow_server_times_out(fake_llm):
    fake_llm.script(Reply(delay=1.0))
    with pytest.raises(AIUnavailable, match="no answer within 0.3 seconds"):
        provider(fake_llm, timeout=0.3, retries=1, backoff=0).complete(MESSAGES)


@pytest.mark.parametrize("raw", ["this is not json", '{"choices": []}', '{"choices": [{"message": {}}]}',
                                 '{"choices": [{"message": {"content": "  "}}]}'])
def test_malformed_replies_are_a_clear_error(fake_llm, raw):
    fake_llm.script(Reply(raw=raw))
    with pytest.raises(AIUnavailable, match="we could read|was empty"):
        provider(fake_llm).complete(MESSAGES)


def test_a_malformed_stream_is_a_clear_error(fake_llm):
    fake_llm.script(Reply(raw="data: {not json}\n\n"))
    with pytest.raises(AIUnavailable, match="streamed reply"):
        list(provider(fake_llm).complete(MESSAGES, stream=True))


def test_a_refused_key_is_not_retried(fake_llm):
    fake_llm.script(Reply(status=401))
    with pytest.raises(AIUnavailable, match="refused the API key"):
        provider(fake_llm).complete(MESSAGES)
    assert len(fake_llm.requests) == 1


def test_nobody_listening_is_a_clear_error():
    dead = OpenAICompatibleProvider("http://127.0.0.1:9/v1", "m", retries=1, backoff=0, timeout=1.0,
                                    sleep=lambda _s: None)
    with pytest.raises(AIUnavailable, match="could not be reached"):
        dead.complete(MESSAGES)


def test_the_local_provider_answers_offline_and_streams():
    local = LocalProvider()
    text = local.complete([{"role": "user", "content": "our new cold brew"}])
    assert "cold brew" in text.lower() and text == local.complete([{"role": "user", "content": "our new cold brew"}])
    assert "".join(local.complete([{"role": "user", "content": "our new cold brew"}], stream=True)) == text

"""The OpenAI chat completions API over httpx: OpenAI, Ollama, vLLM, llama.cpp server and the like.

Retries 429 and 5xx answers and dropped connections with exponential backoff, honouring Retry-After;
every failure ends as AIUnavailable with a sentence a user can read.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime

import httpx

from allin_app.ai.providers import AIUnavailable, Message
from allin_app.core.clock import utcnow

RETRIED_STATUSES = {429, 500, 502, 503, 504}


class OpenAICompatibleProvider:
    is_local = False

    def __init__(self, base_url: str, model: str, api_key: str = "", *, timeout: float = 30.0, retries: int = 2,
                 backoff: float = 1.0, max_wait: float = 30.0, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"OpenAI-compatible: {model} at {self.base_url}"
        self._api_key = api_key
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._sleep = sleep
        self._transport = transport

    def complete(self, messages: list[Message], *, max_tokens: int = 400, temperature: float = 0.7,
                 stream: bool = False) -> str | Iterator[str]:
        body = {"model": self.model, "messages": list(messages), "max_tokens": max_tokens,
                "temperature": temperature, "stream": stream}
        client = httpx.Client(timeout=self._timeout, transport=self._transport)
        try:
            response = self._send(client, body, stream)
        except BaseException:
            client.close()
            raise
        if stream:
            return self._chunks(client, response)
        try:
            return self._text_of(response)
        finally:
            response.close()
            client.close()

    # ---- sending, with retries ----

    def _send(self, client: httpx.Client, body: dict, stream: bool) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
        request = client.build_request("POST", f"{self.base_url}/chat/completions", json=body, headers=headers)
        for attempt in range(self._retries + 1):
            last_try = attempt == self._retries
            try:
                response = client.send(request, stream=stream)
            except httpx.TimeoutException as exc:
                if last_try:
                    raise self._fail(f"no answer within {self._timeout:g} seconds.") from exc
                self._sleep(self._backoff * 2**attempt)
                continue
            except httpx.HTTPError as exc:
                if last_try:
                    raise self._fail("the server could not be reached.") from exc
                self._sleep(self._backoff * 2**attempt)
                continue
            if response.status_code < 400:
                return response
            response.read()
            response.close()
            if response.status_code not in RETRIED_STATUSES or last_try:
                raise self._fail(_status_reason(response))
            wait = _retry_after(response) or self._backoff * 2**attempt
            if wait > self._max_wait:
                raise self._fail(f"it is busy and asks to wait {wait:.0f} seconds.")
            self._sleep(wait)
        raise self._fail("it kept failing.")  # not reached: the last try returns or raises

    def _fail(self, reason: str) -> AIUnavailable:
        return AIUnavailable(self.name, reason)

    # ---- reading ----

    def _text_of(self, response: httpx.Response) -> str:
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise self._fail("its reply was not a chat completion we could read.") from exc
        if not isinstance(content, str) or not content.strip():
            raise self._fail("its reply was empty.")
        return content

    def _chunks(self, client: httpx.Client, response: httpx.Response) -> Iterator[str]:
        """The `data:` lines of a streamed completion, as text pieces, until `data: [DONE]`."""
        try:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[len("data:"):].strip()
                if data == "[DONE]":
                    return
                piece = self._delta_of(data)
                if piece:
                    yield piece
        except httpx.TimeoutException as exc:
            raise self._fail(f"the stream stopped for more than {self._timeout:g} seconds.") from exc
        except httpx.HTTPError as exc:
            raise self._fail("the stream was cut off.") from exc
        finally:
            response.close()
            client.close()

    def _delta_of(self, data: str) -> str:
        try:
            choice = json.loads(data)["choices"][0]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise self._fail("its streamed reply was not a chat completion we could read.") from exc
        if not isinstance(choice, dict):
            raise self._fail("its streamed reply was not a chat completion we could read.")
        piece = (choice.get("delta") or {}).get("content") or ""
        return piece if isinstance(piece, str) else ""


def _status_reason(response: httpx.Response) -> str:
    if response.status_code in (401, 403):
        return "it refused the API key (check the AI settings)."
    if response.status_code == 404:
        return "the model or the address was not found (check the AI settings)."
    if response.status_code == 429:
        return "it is rate limiting us."
    return f"it answered HTTP {response.status_code}."


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, whether it is given as seconds or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None

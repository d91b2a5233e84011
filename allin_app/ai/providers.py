"""One interface for every AI provider, and which one an organization uses.

`complete(messages, max_tokens=..., temperature=..., stream=False)` answers the text, or with
`stream=True` an iterator of text chunks. `name` is what the UI shows next to every AI answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, TypedDict

from allin_app.core.errors import DomainError


class Message(TypedDict):
    role: str  # system, user or assistant
    content: str


class AIUnavailable(DomainError):
    """The remote model did not give a usable answer; the user's text is untouched."""

    status = 503
    title = "AI provider unavailable"

    def __init__(self, provider_name: str, reason: str):
        super().__init__(f"{provider_name} did not answer: {reason} Your text is kept; try again, "
                         "or use the local provider.")
        self.reason = reason


class Provider(Protocol):
    name: str
    is_local: bool

    def complete(self, messages: list[Message], *, max_tokens: int = 400, temperature: float = 0.7,
                 stream: bool = False) -> str | Iterator[str]: ...

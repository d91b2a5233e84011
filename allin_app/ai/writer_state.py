"""The composer's AI writer: generate (streamed from a remote model), rewrite, shorten, expand, proofread,
adapt, hashtags and emoji, and the brand voice check.

An answer waits in the panel until the user takes it: a failed or unwanted answer never touches the text
being written. Taking it goes through the composer's own save, so it is autosaved and versioned like typing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from allin_app.accounts.service import networks
from allin_app.ai import assist, writer
from allin_app.ai.local import CONTENT_TYPES, LENGTHS
from allin_app.ai.tone import TONES
from allin_app.auth.state import act_as_signed_in, go_to, requires_sign_in, resume_url
from allin_app.content.composer_state import ComposerState
from allin_app.core.errors import DomainError, NotSignedIn, ValidationFailed

CONTENT_TYPE_LABELS = {"social_post": "Social post", "blog_article": "Blog article", "email": "Email",
                       "product_description": "Product description", "ad_copy": "Ad copy"}


@dataclass
class NetworkVersion:
    network: str
    label: str
    text: str


@dataclass
class TagChoice:
    tag: str
    reason: str
    source: str  # history, keywords or required


@dataclass
class BrandFlag:
    kind: str
    message: str


class AIWriterState(rx.State):
    prompt: str = ""
    tone: str = "friendly"
    length: str = "medium"
    content_type: str = "social_post"
    shorten_for: str = ""
    busy: str = ""  # what is being done now ("Writing…"), empty when idle
    answer: str = ""  # the answer waiting to be taken; grows while a remote model streams it
    answer_kind: str = ""
    provider: str = ""  # who wrote the answer (or the suggestions)
    notes: list[str] = []
    fixes: list[str] = []
    versions: list[NetworkVersion] = []
    hashtags: list[TagChoice] = []
    emoji: list[str] = []
    brand_checked: bool = False
    brand_flags: list[BrandFlag] = []
    brand_tone: str = ""
    error: str = ""

    tones: list[str] = list(TONES)
    lengths: list[str] = list(LENGTHS)
    content_types: list[str] = list(CONTENT_TYPES)

    @rx.event
    def set_choice(self, name: str, value: str):
        allowed = {"tone": TONES, "length": LENGTHS, "content_type": CONTENT_TYPES}
        if name == "prompt":
            self.prompt = value[: writer.MAX_PROMPT]
        elif name == "shorten_for":
            self.shorten_for = value
        elif value in allowed.get(name, ()):
            setattr(self, name, value)

    # ---- generating, streamed ----

    @rx.event(background=True)
    async def generate(self):
        async with self:
            if self.busy:
                return
            composer = await self.get_state(ComposerState)
            args = (self.prompt, composer._networks(), self.tone, self.length, self.content_type)
            post_id = composer.post_id or None
            try:
                pending, error = await act_as_signed_in(self, lambda db, actor: writer.start_generate(
                    db, actor, *args, post_id=post_id))
            except NotSignedIn:
                yield go_to(resume_url(self))
                return
            self._clear(error.message if error else "")
            if error:
                return
            self.busy, self.answer_kind, self.provider = "Writing…", "generate", pending.ctx.provider.name
        result, error = None, None
        try:
            answer = pending.text or await self._stream(pending)
            async with self:
                result, error = await act_as_signed_in(self, lambda db, _actor: writer.finish_generate(
                    db, pending, answer))
        except DomainError as exc:
            error = exc
        finally:  # whatever happened, the panel is usable again
            async with self:
                self.busy = ""
                if error or result is None:
                    self.answer, self.error = "", error.message if error else "The answer could not be read."
                else:
                    self._show(result, "generate")

    async def _stream(self, pending: writer.PendingGeneration) -> str:
        chunks = await asyncio.to_thread(pending.ctx.provider.complete, pending.messages,
                                         max_tokens=pending.max_tokens, stream=True)
        answer = ""
        while (piece := await asyncio.to_thread(next, chunks, None)) is not None:
            answer += piece
            async with self:
                self.answer = answer
        return answer

    # ---- the other writer operations ----

    @rx.event
    async def rewrite(self):
        tone = self.tone
        async for update in self._run("Rewriting…", "rewrite", lambda db, actor, text, networks, post_id:
                                      writer.rewrite(db, actor, text, tone, networks, post_id=post_id)):
            yield update

    @rx.event
    async def shorten(self):
        chosen = self.shorten_for

        def shorten(db, actor, text, networks, post_id):
            network = chosen if chosen in networks else next(iter(networks), "")
            if not network:
                raise ValidationFailed("network", "Pick an account first: the text is shortened to fit its network.")
            return writer.shorten(db, actor, text, network, post_id=post_id)

        async for update in self._run("Shortening…", "shorten", shorten):
            yield update

    @rx.event
    async def expand(self):
        tone, content_type = self.tone, self.content_type
        async for update in self._run("Expanding…", "expand", lambda db, actor, text, networks, post_id:
                                      writer.expand(db, actor, text, networks, tone, content_type, post_id=post_id)):
            yield update

    @rx.event
    async def proofread(self):
        async for update in self._run("Proofreading…", "proofread", lambda db, actor, text, networks, post_id:
                                      writer.proofread(db, actor, text, networks, post_id=post_id)):
            yield update

    @rx.event
    async def adapt(self):
        async for update in self._run("Adapting…", "adapt", lambda db, actor, text, networks, post_id:
                                      writer.adapt(db, actor, text, networks, post_id=post_id)):
            yield update

    async def _run(self, doing: str, kind: str, operation):
        """Show `doing` while `operation` runs (off the event loop: a remote model may take seconds); its answer
        is shown as a `kind` answer."""
        if self.busy:
            return
        composer = await self.get_state(ComposerState)
        text, networks, post_id = composer.text, composer._networks(), composer.post_id or None
        self._clear()
        self.busy = doing
        yield
        try:
            done, error = await act_as_signed_in(self, lambda db, actor: operation(db, actor, text, networks,
                                                                                    post_id), blocking=True)
        except NotSignedIn:
            yield go_to(resume_url(self))
            return
        finally:
            self.busy = ""
        if error:
            self.error = error.message
            return
        self._show(done, kind)

    def _clear(self, error: str = "") -> None:
        self.answer, self.answer_kind, self.notes, self.fixes, self.versions = "", "", [], [], []
        self.error = error

    def _show(self, result: writer.WriterResult, kind: str) -> None:
        self.answer, self.answer_kind, self.provider, self.error = result.text, kind, result.provider, ""
        self.notes = list(result.notes)
        self.fixes = [f"{fix.before} → {fix.after}" for fix in result.fixes]
        labels = networks()
        self.versions = ([NetworkVersion(n, labels.get(n, n), t) for n, t in result.per_network.items()]
                         if kind == "adapt" or (kind == "generate" and len(result.per_network) > 1) else [])

    # ---- taking an answer ----

    @rx.event
    @requires_sign_in
    async def use_answer(self, mode: str = "replace"):
        if not self.answer:
            return None
        composer = await self.get_state(ComposerState)
        base = composer.text.rstrip()
        composer.text = f"{base}\n\n{self.answer}" if mode == "append" and base else self.answer
        self.answer, self.versions, self.notes, self.fixes = "", [], [], []
        return await composer._save()

    @rx.event
    @requires_sign_in
    async def use_version(self, network: str):
        chosen = next((v.text for v in self.versions if v.network == network), None)
        if chosen is None:
            return None
        composer = await self.get_state(ComposerState)
        if network not in composer.customized:
            composer.customized = [*composer.customized, network]
        composer.overrides = {**composer.overrides, network: chosen}
        self.versions = [v for v in self.versions if v.network != network]
        return await composer._save()

    @rx.event
    def discard(self):
        self._clear()

    # ---- hashtags, emoji and the brand voice ----

    @rx.event
    @requires_sign_in
    async def suggest(self):
        composer = await self.get_state(ComposerState)
        text, post_id = composer.text, composer.post_id or None
        network, tone = next(iter(composer._networks()), None), self.tone

        def suggestions(db, actor):
            tags = assist.suggest_hashtags(db, actor, text, network, post_id=post_id)
            return tags, assist.suggest_emoji(db, actor, text, tone, post_id=post_id)

        found, error = await act_as_signed_in(self, suggestions)
        self.error = error.message if error else ""
        tags, emoji = found or ([], [])
        self.hashtags = [TagChoice(t.tag, t.reason, t.source) for t in tags]
        self.emoji = list(emoji)

    @rx.event
    @requires_sign_in
    async def add_to_text(self, piece: str):
        composer = await self.get_state(ComposerState)
        composer.text = f"{composer.text.rstrip()} {piece}".strip()
        self.hashtags = [t for t in self.hashtags if t.tag != piece]
        return await composer._save()

    @rx.event
    @requires_sign_in
    async def check_brand(self):
        composer = await self.get_state(ComposerState)
        text, post_id = composer.text, composer.post_id or None
        report, error = await act_as_signed_in(self, lambda db, actor: assist.check_brand(db, actor, text,
                                                                                            post_id=post_id))
        self.error = error.message if error else ""
        self.brand_checked = report is not None
        self.brand_flags = [BrandFlag(i.kind, i.message) for i in report.issues] if report else []
        self.brand_tone = report.tone if report else ""

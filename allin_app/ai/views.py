"""REST routes of the AI writer (/api/v1/ai): generate, rewrite, shorten, expand, proofread, adapt,
hashtags, emoji, brand check, and the organization's AI settings. Every answer names its provider;
a remote model that fails answers 503 problem+json and the caller's text is kept."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from allin_app.ai import assist, local, org_settings, writer
from allin_app.ai.local import LocalProvider
from allin_app.ai.tone import TONES
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.platforms.registry import ADAPTERS

router = APIRouter(prefix="/api/v1/ai", tags=["ai"])
Network = Literal[tuple(ADAPTERS)]
Tone = Literal[TONES]
ContentType = Literal[local.CONTENT_TYPES]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    post_id: int | None = None  # the post being worked on (team members: one assigned to them)


class GenerateIn(_In):
    prompt: str = Field(min_length=1, max_length=writer.MAX_PROMPT)
    networks: list[Network] = []
    tone: Tone = "friendly"
    length: Literal[local.LENGTHS] = "medium"
    content_type: ContentType = "social_post"
    variant: int = Field(default=0, ge=0, le=100)


class RewriteIn(_In):
    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    tone: Tone
    networks: list[Network] = []


class ShortenIn(_In):
    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    network: Network
    target_length: int | None = Field(default=None, ge=1)


class ExpandIn(_In):
    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    networks: list[Network] = []
    tone: Tone = "friendly"
    content_type: ContentType = "social_post"


class TextIn(_In):
    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    networks: list[Network] = []


class HashtagsIn(_In):
    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    network: Network | None = None
    count: int = Field(default=10, ge=1, le=assist.MAX_SUGGESTIONS)


class FixOut(BaseModel):
    kind: str
    before: str
    after: str


class WriterOut(BaseModel):
    text: str
    provider: str
    per_network: dict[str, str]
    notes: list[str]
    fixes: list[FixOut] = []


class HashtagOut(BaseModel):
    tag: str
    source: str
    uses: int
    engagement_rate: float | None
    score: float
    reason: str


class HashtagsOut(BaseModel):
    provider: str
    hashtags: list[HashtagOut]


class EmojiOut(BaseModel):
    provider: str
    emoji: list[str]


class BrandIssueOut(BaseModel):
    kind: str
    message: str
    value: str


class BrandCheckOut(BaseModel):
    provider: str
    ok: bool
    tone: str
    expected_tones: list[str]
    issues: list[BrandIssueOut]


class AISettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    base_url: str = Field(default="", max_length=500)
    model: str = Field(default="", max_length=200)
    api_key: str | None = Field(default=None, max_length=1000)  # omitted: the stored key is kept


class AISettingsOut(BaseModel):
    base_url: str
    model: str
    has_api_key: bool
    provider: str


class ConnectionCheckOut(BaseModel):
    provider: str
    source: str  # organization, platform or local
    answer: str
    seconds: float


def _out(result: writer.WriterResult) -> WriterOut:
    return WriterOut(text=result.text, provider=result.provider, per_network=result.per_network, notes=result.notes,
                     fixes=[FixOut(kind=f.kind, before=f.before, after=f.after) for f in result.fixes])


@router.post("/generate", response_model=WriterOut)
def generate(body: GenerateIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.generate(db, caller.actor, body.prompt, body.networks, body.tone, body.length,
                                body.content_type, post_id=body.post_id, variant=body.variant))


@router.post("/rewrite", response_model=WriterOut)
def rewrite(body: RewriteIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.rewrite(db, caller.actor, body.text, body.tone, body.networks, post_id=body.post_id))


@router.post("/shorten", response_model=WriterOut)
def shorten(body: ShortenIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.shorten(db, caller.actor, body.text, body.network, body.target_length, post_id=body.post_id))


@router.post("/expand", response_model=WriterOut)
def expand(body: ExpandIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.expand(db, caller.actor, body.text, body.networks, body.tone, body.content_type,
                              post_id=body.post_id))


@router.post("/proofread", response_model=WriterOut)
def proofread(body: TextIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.proofread(db, caller.actor, body.text, body.networks, post_id=body.post_id))


@router.post("/adapt", response_model=WriterOut)
def adapt(body: TextIn, db: DbSession, caller: CurrentCaller) -> WriterOut:
    return _out(writer.adapt(db, caller.actor, body.text, body.networks, post_id=body.post_id))


@router.post("/hashtags", response_model=HashtagsOut)
def hashtags(body: HashtagsIn, db: DbSession, caller: CurrentCaller) -> HashtagsOut:
    found = assist.suggest_hashtags(db, caller.actor, body.text, body.network, body.count, post_id=body.post_id)
    return HashtagsOut(provider=LocalProvider.name, hashtags=[HashtagOut(**vars(s)) for s in found])


@router.post("/emoji", response_model=EmojiOut)
def emoji(body: TextIn, db: DbSession, caller: CurrentCaller) -> EmojiOut:
    return EmojiOut(provider=LocalProvider.name, emoji=assist.suggest_emoji(db, caller.actor, body.text,
                                                                            post_id=body.post_id))


@router.post("/brand-check", response_model=BrandCheckOut)
def brand_check(body: TextIn, db: DbSession, caller: CurrentCaller) -> BrandCheckOut:
    report = assist.check_brand(db, caller.actor, body.text, post_id=body.post_id)
    return BrandCheckOut(provider=LocalProvider.name, ok=report.ok, tone=report.tone,
                         expected_tones=report.expected_tones, issues=[BrandIssueOut(**vars(i)) for i in report.issues])


@router.get("/settings", response_model=AISettingsOut)
def get_settings(db: DbSession, caller: CurrentCaller) -> AISettingsOut:
    return AISettingsOut(**vars(org_settings.settings_of(db, caller.actor, caller.actor.org_id)))


@router.put("/settings", response_model=AISettingsOut)
def put_settings(body: AISettingsIn, db: DbSession, caller: CurrentCaller) -> AISettingsOut:
    view = org_settings.save_settings(db, caller.actor, caller.actor.org_id, body.base_url, body.model, body.api_key)
    return AISettingsOut(**vars(view))


@router.post("/settings/test", response_model=ConnectionCheckOut)
def check_settings(db: DbSession, caller: CurrentCaller) -> ConnectionCheckOut:
    """One tiny completion through the provider in use; a failure answers 503 with the reason."""
    return ConnectionCheckOut(**vars(org_settings.test_connection(db, caller.actor, caller.actor.org_id)))

"""REST routes of content variants and A/B tests (/api/v1/ai): POST /variants (variants, each predicted, and
which to test how), POST /ab-tests (start one from chosen variants), GET /ab-tests and GET /ab-tests/{id}
(each variant's real results next to its prediction, and the verdict)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from allin_app.ai import ab_tests, variants, writer
from allin_app.ai.views import Network
from allin_app.api.deps import CurrentCaller, DbSession

router = APIRouter(prefix="/api/v1/ai", tags=["ai"])


class VariantsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network: Network
    text: str = Field(default="", max_length=writer.MAX_TEXT, description="The text to vary; or give a prompt")
    prompt: str = Field(default="", max_length=writer.MAX_PROMPT)
    count: int = Field(default=3, ge=variants.MIN_VARIANTS, le=variants.MAX_VARIANTS)
    account_ids: list[int] = Field(default=[], max_length=50, description="The post's accounts on the network")
    post_id: int | None = Field(default=None, description="The post worked on (team members: one assigned to them)")
    media: bool = False
    link: str = Field(default="", max_length=2000)


class PredictionOut(BaseModel):
    engagement_rate: float = Field(description="Engagements per person reached, %")
    low: float
    high: float
    source: str
    explanation: str


class VariantOut(BaseModel):
    key: str
    approach: str
    tone: str
    text: str
    prediction: PredictionOut | None = Field(description="null: your role sees no predictions")
    viral_score: int | None
    content_score: int | None


class ArmOut(BaseModel):
    key: str
    account_ids: list[int]
    scheduled_at: datetime
    when: str


class RecommendationOut(BaseModel):
    keys: list[str] = Field(description="The variants to test, best-predicted first")
    split: str = Field(description="account (same time, one account each) or time (same accounts, one slot each)")
    arms: list[ArmOut]
    reason: str


class VariantsOut(BaseModel):
    provider: str = Field(description="Who wrote the variants")
    predicted_by: str
    network: str
    variants: list[VariantOut]
    recommendation: RecommendationOut | None = Field(description="null: your role gets no A/B recommendations")
    notes: list[str]


class ChoiceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=writer.MAX_TEXT)
    approach: str = Field(default="", max_length=200)


class ABTestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    network: Network
    variants: list[ChoiceIn] = Field(min_length=variants.MIN_VARIANTS, max_length=variants.MAX_VARIANTS)
    account_ids: list[int] = Field(min_length=1, max_length=50)
    schedule: bool = Field(default=False, description="Schedule each post at its planned slot; else drafts")
    post_id: int | None = Field(default=None, description="The post the variants came from: media and link carry over")


class OutcomeOut(BaseModel):
    key: str
    approach: str
    text: str
    post_id: int
    status: str
    accounts: str
    planned_at: datetime | None
    slot_label: str
    predicted_rate: float | None
    predicted_low: float | None
    predicted_high: float | None
    prediction_source: str
    impressions: int
    reach: int
    engagements: int
    engagement_rate: float | None = Field(description="Engagements per person reached, %, as predicted")
    per_impression: float | None = Field(description="Engagements per impression, %: what the verdict compares")
    against_prediction: str


class VerdictOut(BaseModel):
    winner: str | None
    sentence: str
    z: float | None
    p_value: float | None


class ABTestOut(BaseModel):
    id: int
    created_at: datetime
    created_by: str
    network: str
    split: str
    reason: str
    variants: list[OutcomeOut]
    verdict: VerdictOut


class ABTestPage(BaseModel):
    items: list[ABTestOut]
    total: int
    next_cursor: str | None = None


def _variant_out(v: variants.Variant) -> VariantOut:
    p = v.analysis.prediction
    return VariantOut(key=v.key, approach=v.approach, tone=v.tone, text=v.text,
                      prediction=p and PredictionOut(engagement_rate=p.engagement_rate, low=p.low, high=p.high,
                                                     source=p.source, explanation=p.explanation),
                      viral_score=v.analysis.viral.score if v.analysis.viral else None,
                      content_score=v.analysis.score.score if v.analysis.score else None)


def _recommendation_out(r: variants.Recommendation | None) -> RecommendationOut | None:
    if r is None:
        return None
    return RecommendationOut(keys=r.keys, split=r.plan.split, reason=r.reason, arms=[
        ArmOut(key=a.key, account_ids=list(a.account_ids), scheduled_at=a.at, when=a.when) for a in r.plan.arms])


def _test_out(t: ab_tests.TestResults) -> ABTestOut:
    return ABTestOut(id=t.id, created_at=t.created_at, created_by=t.created_by, network=t.network, split=t.split,
                     reason=t.reason, verdict=VerdictOut(**vars(t.verdict)),
                     variants=[OutcomeOut(**vars(o), against_prediction=o.against_prediction) for o in t.variants])


@router.post("/variants", response_model=VariantsOut)
def generate_variants(body: VariantsIn, db: DbSession, caller: CurrentCaller) -> VariantsOut:
    found = variants.generate_variants(db, caller.actor, variants.Request(
        network=body.network, text=body.text, prompt=body.prompt, count=body.count,
        account_ids=tuple(body.account_ids), post_id=body.post_id, media=body.media, link=body.link))
    return VariantsOut(provider=found.provider, predicted_by=found.predicted_by, network=found.network,
                       variants=[_variant_out(v) for v in found.variants],
                       recommendation=_recommendation_out(found.recommendation), notes=found.notes)


@router.post("/ab-tests", response_model=ABTestOut, status_code=201)
def start_ab_test(body: ABTestIn, db: DbSession, caller: CurrentCaller) -> ABTestOut:
    test = ab_tests.start_ab_test(db, caller.actor, ab_tests.StartRequest(
        network=body.network, variants=tuple(ab_tests.VariantChoice(c.text, c.approach) for c in body.variants),
        account_ids=tuple(body.account_ids), schedule=body.schedule, post_id=body.post_id))
    db.flush()
    return _test_out(ab_tests.results_of(db, test))


@router.get("/ab-tests", response_model=ABTestPage)
def list_ab_tests(db: DbSession, caller: CurrentCaller, limit: Annotated[int, Query(ge=1, le=ab_tests.MAX_LIST)] = 20,
                  cursor: str | None = None) -> ABTestPage:
    page = ab_tests.list_ab_tests(db, caller.actor, limit, cursor)
    return ABTestPage(items=[_test_out(t) for t in page.items], total=page.total, next_cursor=page.next_cursor)


@router.get("/ab-tests/{test_id}", response_model=ABTestOut)
def get_ab_test(test_id: int, db: DbSession, caller: CurrentCaller) -> ABTestOut:
    return _test_out(ab_tests.get_ab_test(db, caller.actor, test_id))

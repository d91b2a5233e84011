"""REST routes of the offline analysis (/api/v1/ai): POST /analyze (content score, predicted engagement and
viral potential, each with its factors, as far as the caller's role may see), GET /best-times,
GET /engagement-factors and GET /posts/{id}/sentiment (its comments, scored)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from allin_app.ai import analysis, sentiment
from allin_app.ai.best_time import best_times
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.clock import as_utc

router = APIRouter(prefix="/api/v1/ai", tags=["ai"])


class AnalyzeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The post's words for this network")
    network: str | None = Field(default=None, description="facebook, instagram, twitter...; or give account_id")
    account_id: int | None = None
    scheduled_at: datetime | None = Field(default=None, description="ISO 8601 with offset; default: now")
    media: bool = Field(default=False, description="An image or video goes with the post")
    link: str = ""
    post_id: int | None = Field(default=None, description="An existing post being edited")


class FactorOut(BaseModel):
    key: str
    label: str
    value: str
    points: float
    max_points: int
    sentence: str


class ScoreOut(BaseModel):
    score: int
    factors: list[FactorOut]
    best_times_source: str | None


class PredictionOut(BaseModel):
    engagement_rate: float = Field(description="Engagements per person reached, %")
    low: float
    high: float
    source: str = Field(description="model, network_history (thin history) or industry (thin history)")
    posts_used: int
    explanation: str


class ViralFactorOut(BaseModel):
    key: str
    label: str
    points: float
    max_points: int
    sentence: str


class ViralOut(BaseModel):
    score: int
    factors: list[ViralFactorOut]


class AnalyzeOut(BaseModel):
    provider: str = Field(description="Who answered: the offline statistics over your own history")
    network: str
    account_id: int | None
    assumed_time: datetime
    score: ScoreOut | None
    prediction: PredictionOut | None
    viral: ViralOut | None
    omitted: list[str] = Field(description="Sections your role may not see")


class SlotOut(BaseModel):
    weekday: int
    hour: int
    label: str
    engagement_rate: float | None
    posts: int
    next_at: datetime


class BestTimesOut(BaseModel):
    network: str | None
    account_id: int | None
    timezone: str
    source: str = Field(description="history (your own posts) or industry (defaults, thin history)")
    explanation: str
    posts_considered: int
    slots: list[SlotOut]


class EffectOut(BaseModel):
    feature: str
    label: str
    mean_with: float
    mean_without: float
    posts_with: int
    posts_without: int
    difference: float
    effect_size: float
    sentence: str


@router.post("/analyze", response_model=AnalyzeOut)
def analyze(body: AnalyzeIn, caller: CurrentCaller, db: DbSession) -> AnalyzeOut:
    found = analysis.analyze(db, caller.actor, analysis.Draft(
        text=body.text, network=body.network, account_id=body.account_id,
        scheduled_at=as_utc(body.scheduled_at) if body.scheduled_at else None, media=body.media, link=body.link,
        post_id=body.post_id))
    score = found.score and ScoreOut(score=found.score.score, best_times_source=found.best_times_source,
                                     factors=[FactorOut(key=f.key, label=f.label, value=f.value, points=f.points,
                                                        max_points=f.max_points, sentence=f.sentence)
                                              for f in found.score.factors])
    p = found.prediction
    prediction = p and PredictionOut(engagement_rate=p.engagement_rate, low=p.low, high=p.high, source=p.source,
                                     posts_used=p.posts_used, explanation=p.explanation)
    viral = found.viral and ViralOut(score=found.viral.score, factors=[
        ViralFactorOut(key=f.key, label=f.label, points=f.points, max_points=f.max_points, sentence=f.sentence)
        for f in found.viral.factors])
    return AnalyzeOut(provider=analysis.PROVIDER, network=found.network, account_id=found.account_id, assumed_time=found.at,
                      score=score, prediction=prediction, viral=viral, omitted=found.omitted)


@router.get("/best-times", response_model=BestTimesOut)
def best_times_of(caller: CurrentCaller, db: DbSession, network: str | None = None, account_id: int | None = None,
                  limit: Annotated[int, Query()] = 5) -> BestTimesOut:
    found = best_times(db, caller.actor, network, account_id, limit)
    return BestTimesOut(network=found.network, account_id=found.account_id, timezone=found.timezone,
                        source=found.source, explanation=found.explanation, posts_considered=found.posts_considered,
                        slots=[SlotOut(weekday=s.weekday, hour=s.hour, label=s.label, engagement_rate=s.engagement_rate,
                                       posts=s.posts, next_at=s.next_at) for s in found.slots])


@router.get("/engagement-factors", response_model=list[EffectOut])
def engagement_factors(caller: CurrentCaller, db: DbSession) -> list[EffectOut]:
    return [EffectOut(**vars(e)) for e in analysis.engagement_factors(db, caller.actor)]


class CommentOut(BaseModel):
    network: str
    text: str
    author: str
    created_at: datetime | None
    score: float
    mood: str


class PostSentimentOut(BaseModel):
    post_id: int
    average: float | None = Field(description="VADER compound, -1..1; null without comments")
    counts: dict[str, int]
    by_network: dict[str, float]
    unsupported: list[str] = Field(description="Networks the post went to whose comments are not read")
    failed: list[str]
    comments: list[CommentOut]


@router.get("/posts/{post_id}/sentiment", response_model=PostSentimentOut)
def post_sentiment(post_id: int, caller: CurrentCaller, db: DbSession) -> PostSentimentOut:
    found = sentiment.post_sentiment(db, caller.actor, post_id)
    return PostSentimentOut(post_id=found.post_id, average=found.average, counts=found.counts,
                            by_network=found.by_network, unsupported=found.unsupported, failed=found.failed,
                            comments=[CommentOut(**vars(c)) for c in found.comments])

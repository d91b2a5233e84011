"""REST routes of ROI (/api/v1/analytics): conversions in (one, or many as {"conversions": [...]}), the list of
conversions, and the ROI figures of a period. Periods are `start_date` and `end_date` (ISO dates, both
included, the organization's local days; by default the last 30 days)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlmodel import select

from allin_app.analytics import roi, roi_figures
from allin_app.analytics.metrics_math import day_bounds, zone_of
from allin_app.analytics.roi_models import Conversion
from allin_app.analytics.views import period_from
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.clock import as_utc
from allin_app.orgs.models import Organization

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])


class ConversionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    external_id: str = Field(description="Your own id for it (an order number): sending it again is a no-op")
    occurred_at: str = Field(description="ISO 8601; without an offset, the organization's time zone")
    value: float | int | str = Field(description="The amount, at most two decimals (49.90)")
    currency: str | None = Field(default=None, description="ISO 4217; the organization's currency by default")
    utm_campaign: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_content: str | None = Field(default=None, description="post-<id> names a post")
    short_code: str | None = Field(default=None, description="The short link's code, or the whole short URL")
    post_id: int | None = None


class ConversionBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversions: list[ConversionIn] = Field(max_length=roi.MAX_BATCH)


class ConversionOut(BaseModel):
    id: int
    external_id: str
    occurred_at: datetime
    value: str
    value_cents: int
    currency: str
    utm_campaign: str
    utm_source: str
    utm_medium: str
    utm_content: str
    short_code: str | None
    post_id: int | None
    campaign_id: int | None
    network: str
    attributed_by: str
    source: str


class RecordedOut(BaseModel):
    created: int
    updated: int
    unchanged: int
    items: list[ConversionOut]


class ConversionPageOut(BaseModel):
    items: list[ConversionOut]
    total: int
    next_cursor: str | None


class FiguresOut(BaseModel):
    clicks: int
    conversions: int
    revenue_cents: int
    conversion_rate: float | None


class CampaignRoiOut(FiguresOut):
    campaign_id: int
    name: str
    budget_cents: int
    cost_cents: int
    cost_basis: str
    cost_per_click_cents: int | None
    cac_cents: int | None
    roi: float | None


class PostRoiOut(FiguresOut):
    post_id: int
    text: str
    campaign: str
    networks: list[str]


class NetworkRoiOut(FiguresOut):
    network: str


class RoiOut(BaseModel):
    start_date: date
    end_date: date
    currency: str
    totals: CampaignRoiOut
    campaigns: list[CampaignRoiOut]
    posts: list[PostRoiOut]
    networks: list[NetworkRoiOut]
    daily: list[dict]
    other_currencies: dict[str, int]
    unattributed: FiguresOut


def conversion_out(row: Conversion) -> ConversionOut:
    return ConversionOut(id=row.id, external_id=row.external_id, occurred_at=as_utc(row.occurred_at),
                         value=f"{row.value_cents // 100}.{row.value_cents % 100:02d}", value_cents=row.value_cents,
                         currency=row.currency, utm_campaign=row.utm_campaign, utm_source=row.utm_source,
                         utm_medium=row.utm_medium, utm_content=row.utm_content, short_code=row.short_code,
                         post_id=row.post_id, campaign_id=row.campaign_id, network=row.network,
                         attributed_by=row.attributed_by, source=row.source)


def _figures(row: roi_figures.Figures) -> dict:
    return {"clicks": row.clicks, "conversions": row.conversions, "revenue_cents": row.revenue_cents,
            "conversion_rate": row.conversion_rate}


def _campaign(row: roi_figures.CampaignRoi) -> CampaignRoiOut:
    return CampaignRoiOut(**_figures(row), campaign_id=row.campaign_id, name=row.name, budget_cents=row.budget_cents,
                          cost_cents=row.cost_cents, cost_basis=row.cost_basis,
                          cost_per_click_cents=row.cost_per_click_cents, cac_cents=row.cac_cents, roi=row.roi)


@router.post("/conversions", response_model=RecordedOut, status_code=201,
             summary="Record conversions: one, or many as {\"conversions\": [...]} (all or nothing)")
def record(body: ConversionIn | ConversionBatch, caller: CurrentCaller, db: DbSession,
           response: Response) -> RecordedOut:
    items = body.conversions if isinstance(body, ConversionBatch) else [body]
    done = roi.record_conversions(db, caller.actor, [item.model_dump() for item in items], "api")
    if not done.created:
        response.status_code = 200
    return RecordedOut(created=done.created, updated=done.updated, unchanged=done.unchanged,
                       items=[conversion_out(row) for row in done.conversions])


@router.get("/conversions", response_model=ConversionPageOut, summary="Conversions of the period, latest first")
def conversions(caller: CurrentCaller, db: DbSession, start_date: date | None = None, end_date: date | None = None,
                cursor: Annotated[int | None, Query(ge=1)] = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> ConversionPageOut:
    start, end = period_from(db, caller.actor, start_date, end_date)
    zone = zone_of(db.get(Organization, caller.actor.org_id).timezone)
    begins, ends = day_bounds(start, zone)[0], day_bounds(end, zone)[1]
    rows = roi.list_conversions(db, caller.actor, begins, ends, limit + 1, cursor)
    total = db.exec(select(func.count()).select_from(Conversion).where(
        Conversion.org_id == caller.actor.org_id, Conversion.occurred_at >= begins, Conversion.occurred_at < ends)).one()
    more = len(rows) > limit
    return ConversionPageOut(items=[conversion_out(r) for r in rows[:limit]], total=total,
                             next_cursor=str(rows[limit - 1].id) if more else None)


@router.get("/roi", response_model=RoiOut, summary="Revenue, costs and ROI per campaign, post and network")
def roi_figures_of(caller: CurrentCaller, db: DbSession, start_date: date | None = None,
                   end_date: date | None = None) -> RoiOut:
    start, end = period_from(db, caller.actor, start_date, end_date)
    found = roi_figures.roi_report(db, caller.actor, start, end)
    return RoiOut(start_date=found.start, end_date=found.end, currency=found.currency, totals=_campaign(found.totals),
                  campaigns=[_campaign(c) for c in found.campaigns],
                  posts=[PostRoiOut(**_figures(p), post_id=p.post_id, text=p.text, campaign=p.campaign,
                                    networks=p.networks) for p in found.posts],
                  networks=[NetworkRoiOut(**_figures(n), network=n.network) for n in found.networks],
                  daily=[{**d, "day": d["day"].isoformat()} for d in found.daily],
                  other_currencies=found.other_currencies, unattributed=FiguresOut(**_figures(found.unattributed)))

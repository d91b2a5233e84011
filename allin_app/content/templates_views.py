"""REST routes of templates (/api/v1/templates) and campaigns (/api/v1/campaigns)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.content import campaigns, templates
from allin_app.content.models import Campaign, CampaignCost, Post, Template
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor

router = APIRouter(prefix="/api/v1", tags=["templates", "campaigns"])
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None = None


def _page(items: list, limit: int, cursor: str | None) -> tuple[list, str | None]:
    """One page of an already filtered list; the cursor is the position of the next item."""
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed("cursor", "This page link is not valid; start from the first page.")
    start = int(cursor or 0)
    end = start + limit
    return items[start:end], (str(end) if end < len(items) else None)


Limit = Annotated[int, Query(ge=1, le=200)]


# ---- templates ----

class TemplateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=1000)
    body: str = Field(max_length=20000)
    category: str = Field(default="", max_length=1000)
    shared_with_clients: bool = False


class TemplateOut(BaseModel):
    id: int
    name: str
    category: str
    body: str
    variables: list[str]
    source: str  # organization, agency (shared by the agency, read-only here) or built_in
    shared_with_clients: bool
    editable: bool
    version: int
    updated_at: datetime


class VersionOut(BaseModel):
    number: int
    name: str
    body: str
    author: str
    created_at: datetime


class RenderIn(BaseModel):
    values: dict[str, str | int | float] = {}


class RenderOut(BaseModel):
    text: str


def template_out(actor: Actor, template: Template) -> TemplateOut:
    return TemplateOut(id=template.id, name=template.name, category=template.category, body=template.body,
                       variables=templates.variables(template.body), source=templates.source_of(actor, template),
                       shared_with_clients=template.shared_with_clients,
                       editable=templates.may_edit(actor, template), version=template.version,
                       updated_at=template.updated_at)


@router.get("/templates", response_model=Page[TemplateOut],
            summary="Templates the organization can use: its own, its agency's shared ones and the built-ins")
def list_templates(caller: CurrentCaller, db: DbSession, search: str = "", category: str = "",
                   limit: Limit = 50, cursor: str | None = None) -> Page[TemplateOut]:
    found = templates.list_templates(db, caller.actor, search, category)
    items, next_cursor = _page(found, limit, cursor)
    return Page(items=[template_out(caller.actor, t) for t in items], total=len(found), next_cursor=next_cursor)


@router.post("/templates", response_model=TemplateOut, status_code=201, summary="Save a new template")
def create_template(body: TemplateIn, caller: CurrentCaller, db: DbSession) -> TemplateOut:
    template = templates.create_template(db, caller.actor, body.name, body.body, body.category,
                                         body.shared_with_clients)
    return template_out(caller.actor, template)


@router.get("/templates/{template_id}", response_model=TemplateOut, summary="One template and its variables")
def get_template(template_id: int, caller: CurrentCaller, db: DbSession) -> TemplateOut:
    return template_out(caller.actor, templates.get_template(db, caller.actor, template_id))


@router.put("/templates/{template_id}", response_model=TemplateOut,
            summary="Replace a template; a new name or text is saved as a new version")
def update_template(template_id: int, body: TemplateIn, caller: CurrentCaller, db: DbSession) -> TemplateOut:
    template = templates.update_template(db, caller.actor, template_id, name=body.name, body=body.body,
                                         category=body.category, shared_with_clients=body.shared_with_clients)
    return template_out(caller.actor, template)


@router.delete("/templates/{template_id}", status_code=204, summary="Delete a template (its versions are kept)")
def delete_template(template_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    templates.delete_template(db, caller.actor, template_id)
    return Response(status_code=204)


@router.get("/templates/{template_id}/versions", response_model=Page[VersionOut],
            summary="Every saved wording of a template, newest first")
def template_versions(template_id: int, caller: CurrentCaller, db: DbSession) -> Page[VersionOut]:
    versions = templates.template_versions(db, caller.actor, template_id)
    authors = templates.version_authors(db, versions)
    items = [VersionOut(number=v.number, name=v.name, body=v.body, author=authors.get(v.author_user_id, "AllIN"),
                        created_at=v.created_at) for v in versions]
    return Page(items=items, total=len(items))


@router.post("/templates/{template_id}/versions/{number}/restore", response_model=TemplateOut,
             summary="Bring back an earlier wording (saved as the newest version)")
def restore_version(template_id: int, number: int, caller: CurrentCaller, db: DbSession) -> TemplateOut:
    return template_out(caller.actor, templates.restore_template_version(db, caller.actor, template_id, number))


@router.post("/templates/{template_id}/render", response_model=RenderOut,
             summary="The template's text with the given values; 422 names any variable left without one")
def render_template(template_id: int, body: RenderIn, caller: CurrentCaller, db: DbSession) -> RenderOut:
    return RenderOut(text=templates.render_template(db, caller.actor, template_id, body.values))


# ---- campaigns ----

class CampaignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=1000)
    goal: str = Field(default="", max_length=5000)
    starts_on: date
    ends_on: date
    budget_cents: int = Field(default=0)
    color: str = campaigns.DEFAULT_COLOR
    member_ids: list[int] = []


class CampaignPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=1000)
    goal: str | None = Field(default=None, max_length=5000)
    starts_on: date | None = None
    ends_on: date | None = None
    budget_cents: int | None = None
    color: str | None = None
    member_ids: list[int] | None = None


class CampaignOut(BaseModel):
    id: int
    name: str
    goal: str
    starts_on: date | None
    ends_on: date | None
    status: str  # Upcoming, Running, Ended (in the organization's time zone)
    budget_cents: int
    spent_cents: int
    color: str
    member_ids: list[int]
    post_count: int
    created_at: datetime


class CostIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(max_length=1000)
    amount_cents: int
    spent_on: date


class CostOut(BaseModel):
    id: int
    description: str
    amount_cents: int
    spent_on: date


class CampaignPostOut(BaseModel):
    id: int
    title: str
    text: str
    status: str
    scheduled_at: datetime | None
    updated_at: datetime


class MemberOut(BaseModel):
    id: int
    name: str
    email: str


class CampaignDetailOut(CampaignOut):
    costs: list[CostOut]
    posts: list[CampaignPostOut]
    team: list[MemberOut]


class DeletedOut(BaseModel):
    detached_posts: int


def campaign_out(db: Session, actor: Actor, campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        id=campaign.id, name=campaign.name, goal=campaign.goal, starts_on=campaign.starts_on,
        ends_on=campaign.ends_on, status=campaigns.campaign_status(campaign, campaigns.today_in(db, actor.org_id)),
        budget_cents=campaign.budget_cents, spent_cents=campaigns.spent_by_campaign(db, [campaign.id]).get(campaign.id, 0),
        color=campaign.color, member_ids=sorted(campaigns.team_ids(db, campaign.id)),
        post_count=campaigns.post_counts(db, [campaign.id], actor).get(campaign.id, 0), created_at=campaign.created_at)


def cost_out(cost: CampaignCost) -> CostOut:
    return CostOut(id=cost.id, description=cost.description, amount_cents=cost.amount_cents, spent_on=cost.spent_on)


def post_out(post: Post) -> CampaignPostOut:
    return CampaignPostOut(id=post.id, title=post.title, text=post.text, status=post.status,
                           scheduled_at=post.scheduled_at, updated_at=post.updated_at)


@router.get("/campaigns", response_model=Page[CampaignOut], summary="The organization's campaigns, latest first")
def list_campaigns(caller: CurrentCaller, db: DbSession, limit: Limit = 50,
                   cursor: str | None = None) -> Page[CampaignOut]:
    found = campaigns.list_campaigns(db, caller.actor)
    items, next_cursor = _page(found, limit, cursor)
    return Page(items=[campaign_out(db, caller.actor, c) for c in items], total=len(found), next_cursor=next_cursor)


@router.post("/campaigns", response_model=CampaignOut, status_code=201, summary="Start a campaign")
def create_campaign(body: CampaignIn, caller: CurrentCaller, db: DbSession) -> CampaignOut:
    campaign = campaigns.create_campaign(db, caller.actor, **body.model_dump())
    return campaign_out(db, caller.actor, campaign)


@router.get("/campaigns/{campaign_id}", response_model=CampaignDetailOut,
            summary="A campaign with its costs, posts and team")
def get_campaign(campaign_id: int, caller: CurrentCaller, db: DbSession) -> CampaignDetailOut:
    actor = caller.actor
    summary = campaign_out(db, actor, campaigns.get_campaign(db, actor, campaign_id))
    return CampaignDetailOut(
        **summary.model_dump(),
        costs=[cost_out(c) for c in campaigns.campaign_costs(db, actor, campaign_id)],
        posts=[post_out(p) for p in campaigns.campaign_posts(db, actor, campaign_id)],
        team=[MemberOut(id=u.id, name=u.full_name or u.email, email=u.email)
              for u in campaigns.campaign_team(db, actor, campaign_id)])


@router.patch("/campaigns/{campaign_id}", response_model=CampaignOut, summary="Change some of a campaign's fields")
def update_campaign(campaign_id: int, body: CampaignPatch, caller: CurrentCaller, db: DbSession) -> CampaignOut:
    changes = body.model_dump(exclude_unset=True)
    nulls = [key for key, value in changes.items() if value is None]
    if nulls:
        raise ValidationFailed(nulls[0], "Leave the field out to keep it; it cannot be emptied.")
    campaign = campaigns.update_campaign(db, caller.actor, campaign_id, changes)
    return campaign_out(db, caller.actor, campaign)


@router.delete("/campaigns/{campaign_id}", response_model=DeletedOut,
               summary="Delete a campaign; its posts stay, detached (the answer says how many)")
def delete_campaign(campaign_id: int, caller: CurrentCaller, db: DbSession) -> DeletedOut:
    return DeletedOut(detached_posts=campaigns.delete_campaign(db, caller.actor, campaign_id))


@router.post("/campaigns/{campaign_id}/costs", response_model=CostOut, status_code=201,
             summary="Enter money spent on the campaign")
def add_cost(campaign_id: int, body: CostIn, caller: CurrentCaller, db: DbSession) -> CostOut:
    cost = campaigns.add_campaign_cost(db, caller.actor, campaign_id, body.description, body.amount_cents,
                                       body.spent_on)
    return cost_out(cost)


@router.delete("/campaigns/{campaign_id}/costs/{cost_id}", status_code=204, summary="Remove an entered cost")
def remove_cost(campaign_id: int, cost_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    campaigns.remove_campaign_cost(db, caller.actor, campaign_id, cost_id)
    return Response(status_code=204)

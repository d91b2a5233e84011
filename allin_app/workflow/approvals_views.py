"""REST routes of approvals: submit a post, decide its current stage, fast-track it, read its review;
the organization's workflows and switch; review links, and the two routes a link's reviewer uses
without signing in (/api/v1/review/{token})."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.content.models import Post
from allin_app.core.config import settings
from allin_app.core.rbac import Actor
from allin_app.workflow import approvals, review_links
from allin_app.workflow.approval_status import DecisionView

router = APIRouter(prefix="/api/v1", tags=["approvals"])


class NoteIn(BaseModel):
    note: str = Field(default="", max_length=2000, description="For the reviewers")


class ApproveIn(BaseModel):
    feedback: str = Field(default="", max_length=4000)


class FeedbackIn(BaseModel):
    feedback: str = Field(max_length=4000, description="Required: what the author should change")


class ReasonIn(BaseModel):
    reason: str = Field(max_length=2000, description="Required: why the post skips review")


class DecisionOut(BaseModel):
    when: datetime
    who: str
    decision: str
    stage: str
    feedback: str
    version: int


class ChangeOut(BaseModel):
    kind: Literal["same", "added", "removed"]
    text: str


class ReviewOut(BaseModel):
    post_id: int
    post_status: str
    status: str = Field(description="The latest round: pending, approved, rejected, changes_requested, cancelled; "
                                    "empty when never submitted")
    stage: str
    stage_position: int
    stage_count: int
    stages: list[str]
    may_decide: bool
    may_fast_track: bool
    may_submit: bool
    history: list[DecisionOut]
    changes: list[ChangeOut] = Field(description="Words changed since the version you last saw")
    last_seen_version: int | None


class BulkDecisionIn(BaseModel):
    post_ids: list[int] = Field(min_length=1, max_length=approvals.MAX_BATCH)
    decision: Literal["approve", "reject", "request_changes"]
    feedback: str = Field(default="", max_length=4000)


class CountOut(BaseModel):
    affected: int


class AwaitingOut(BaseModel):
    id: int
    status: str
    text: str
    stage: str
    version: int
    scheduled_at: datetime | None


class StageIO(BaseModel):
    name: str
    roles: list[str] = []
    user_ids: list[int] = []


class WorkflowIO(BaseModel):
    name: str
    enabled: bool = True
    networks: list[str] = []
    campaign_ids: list[int] = []
    content_types: list[str] = Field(default=[], description=f"Any of {', '.join(approvals.CONTENT_TYPES)}")
    fast_track_roles: list[str] = ["agency_owner", "content_manager"]
    stages: list[StageIO]


class WorkflowOut(WorkflowIO):
    id: int
    position: int


class WorkflowsOut(BaseModel):
    enabled: bool = Field(description="Whether the organization publishes approved posts only")
    items: list[WorkflowOut]


class WorkflowsIn(BaseModel):
    enabled: bool | None = None
    items: list[WorkflowIO] = Field(max_length=50, description="The whole list, in evaluation order")


class LinkIn(BaseModel):
    post_ids: list[int] = Field(min_length=1, max_length=review_links.MAX_POSTS)
    reviewer_name: str
    reviewer_email: str
    days: int = Field(default=7, ge=1, le=review_links.MAX_DAYS)


class LinkOut(BaseModel):
    id: int
    reviewer_name: str
    reviewer_email: str
    post_ids: list[int]
    expires_at: datetime
    revoked: bool
    url: str | None = Field(default=None, description="Only when created: the token is not kept")


class LinkPostOut(BaseModel):
    post_id: int
    status: str
    stage: str
    texts: dict[str, str]
    title: str
    link: str
    media: list[str]
    decidable: bool
    history: list[DecisionOut]
    changes: list[ChangeOut]


class LinkViewOut(BaseModel):
    reviewer_name: str
    reviewer_email: str
    organization: str
    expires_at: datetime
    posts: list[LinkPostOut]


class LinkDecisionIn(BaseModel):
    decision: Literal["approve", "reject", "request_changes"]
    feedback: str = Field(default="", max_length=4000)


# --- one post --------------------------------------------------------------------------------


def _decisions(history: list[DecisionView]) -> list[DecisionOut]:
    return [DecisionOut(when=d.when, who=d.who, decision=d.decision, stage=d.stage_name, feedback=d.feedback,
                        version=d.version) for d in history]


def review_out(db: Session, actor: Actor, post_id: int) -> ReviewOut:
    db.flush()
    status = approvals.review_status(db, actor, post_id)
    post = db.get(Post, post_id)
    return ReviewOut(post_id=post_id, post_status=post.status, status=status.status, stage=status.stage_name,
                     stage_position=status.stage_position, stage_count=status.stage_count, stages=status.stages,
                     may_decide=status.may_decide, may_fast_track=status.may_fast_track, may_submit=status.may_submit,
                     history=_decisions(status.history),
                     changes=[ChangeOut(kind=c.kind, text=c.text) for c in status.changes],
                     last_seen_version=status.last_seen_version)


@router.post("/content/{post_id}/submit", response_model=ReviewOut, summary="Send a draft to review")
def submit(post_id: int, caller: CurrentCaller, db: DbSession, body: NoteIn | None = None) -> ReviewOut:
    approvals.submit(db, caller.actor, [post_id], body.note if body else "")
    return review_out(db, caller.actor, post_id)


@router.post("/content/{post_id}/approve", response_model=ReviewOut, summary="Approve the post's current stage")
def approve(post_id: int, caller: CurrentCaller, db: DbSession, body: ApproveIn | None = None) -> ReviewOut:
    approvals.decide(db, caller.actor, [post_id], "approve", body.feedback if body else "")
    return review_out(db, caller.actor, post_id)


@router.post("/content/{post_id}/reject", response_model=ReviewOut, summary="Reject it, saying why (required)")
def reject(post_id: int, body: FeedbackIn, caller: CurrentCaller, db: DbSession) -> ReviewOut:
    approvals.decide(db, caller.actor, [post_id], "reject", body.feedback)
    return review_out(db, caller.actor, post_id)


@router.post("/content/{post_id}/request-changes", response_model=ReviewOut,
             summary="Send it back to its author as a draft, saying what to change (required)")
def request_changes(post_id: int, body: FeedbackIn, caller: CurrentCaller, db: DbSession) -> ReviewOut:
    approvals.decide(db, caller.actor, [post_id], "request_changes", body.feedback)
    return review_out(db, caller.actor, post_id)


@router.post("/content/{post_id}/fast-track", response_model=ReviewOut,
             summary="Approve at once, skipping the remaining stages (roles the workflow allows; recorded)")
def fast_track(post_id: int, body: ReasonIn, caller: CurrentCaller, db: DbSession) -> ReviewOut:
    approvals.fast_track(db, caller.actor, [post_id], body.reason)
    return review_out(db, caller.actor, post_id)


@router.get("/content/{post_id}/approvals", response_model=ReviewOut,
            summary="Where the post's review stands, its history, and what changed since you last saw it")
def review(post_id: int, caller: CurrentCaller, db: DbSession) -> ReviewOut:
    return review_out(db, caller.actor, post_id)


@router.post("/content/{post_id}/approvals/seen", status_code=204, summary="You have read its current version")
def seen(post_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    approvals.mark_seen(db, caller.actor, post_id)
    return Response(status_code=204)


@router.get("/content/{post_id}/review-links", response_model=list[LinkOut], summary="Review links carrying it")
def links_of(post_id: int, caller: CurrentCaller, db: DbSession) -> list[LinkOut]:
    return [_link_out(link) for link in review_links.list_review_links(db, caller.actor, post_id)]


# --- the queue and bulk decisions ------------------------------------------------------------


@router.get("/approvals/awaiting", response_model=list[AwaitingOut], summary="Posts waiting for your decision")
def awaiting(caller: CurrentCaller, db: DbSession) -> list[AwaitingOut]:
    found = approvals.awaiting_me(db, caller.actor)
    return [AwaitingOut(id=p.id, status=p.status, text=p.text, version=p.version, scheduled_at=p.scheduled_at,
                        stage=approvals.current_stage(approvals.pending_review(db, p.id))["name"]) for p in found]


@router.post("/approvals/decisions", response_model=CountOut, summary="Decide many posts at once (all or none)")
def decide_many(body: BulkDecisionIn, caller: CurrentCaller, db: DbSession) -> CountOut:
    return CountOut(affected=approvals.decide(db, caller.actor, body.post_ids, body.decision, body.feedback))


# --- workflows -------------------------------------------------------------------------------


def _workflows_out(db: Session, actor: Actor) -> WorkflowsOut:
    items = [WorkflowOut(id=w.id, position=w.position, name=w.name, enabled=w.enabled, networks=w.networks,
                         campaign_ids=w.campaign_ids, content_types=w.content_types,
                         fast_track_roles=w.fast_track_roles,
                         stages=[StageIO(name=s.name, roles=s.roles, user_ids=s.user_ids) for s in w.stages])
             for w in approvals.list_workflows(db, actor)]
    return WorkflowsOut(enabled=approvals.approvals_enabled(db, actor.org_id), items=items)


@router.get("/approvals/workflows", response_model=WorkflowsOut, summary="The organization's review paths")
def workflows(caller: CurrentCaller, db: DbSession) -> WorkflowsOut:
    return _workflows_out(db, caller.actor)


@router.put("/approvals/workflows", response_model=WorkflowsOut,
            summary="Replace the review paths (kept by name; the list's order is the order they are tried in)")
def replace(body: WorkflowsIn, caller: CurrentCaller, db: DbSession) -> WorkflowsOut:
    specs = [approvals.WorkflowSpec(name=w.name, enabled=w.enabled, networks=tuple(w.networks),
                                    campaign_ids=tuple(w.campaign_ids), content_types=tuple(w.content_types),
                                    fast_track_roles=tuple(w.fast_track_roles),
                                    stages=tuple(approvals.StageSpec(s.name, tuple(s.roles), tuple(s.user_ids))
                                                 for s in w.stages)) for w in body.items]
    approvals.replace_workflows(db, caller.actor, specs)
    if body.enabled is not None:
        approvals.set_approvals_enabled(db, caller.actor, body.enabled)
    db.flush()
    return _workflows_out(db, caller.actor)


# --- review links ----------------------------------------------------------------------------


def _link_out(link, url: str | None = None) -> LinkOut:
    return LinkOut(id=link.id, reviewer_name=link.reviewer_name, reviewer_email=link.reviewer_email,
                   post_ids=link.post_ids, expires_at=link.expires_at, revoked=link.revoked_at is not None, url=url)


@router.post("/approvals/links", response_model=LinkOut, status_code=201,
             summary="Mail a reviewer without an AllIN seat a signed, expiring link to these posts")
def create_link(body: LinkIn, caller: CurrentCaller, db: DbSession) -> LinkOut:
    link, path = review_links.create_review_link(db, caller.actor, body.post_ids, body.reviewer_name,
                                                 body.reviewer_email, body.days)
    return _link_out(link, f"{settings.base_url}{path}")


@router.delete("/approvals/links/{link_id}", status_code=204, summary="Revoke a review link")
def revoke_link(link_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    review_links.revoke_review_link(db, caller.actor, link_id)
    return Response(status_code=204)


# --- a review link's reviewer (no sign-in: the token is the credential) ------------------------


@router.get("/review/{token}", response_model=LinkViewOut, summary="What a review link shows")
def open_link(token: str, db: DbSession) -> LinkViewOut:
    view = review_links.open_review_link(db, token)
    return LinkViewOut(reviewer_name=view.reviewer_name, reviewer_email=view.reviewer_email,
                       organization=view.org_name, expires_at=view.expires_at,
                       posts=[LinkPostOut(post_id=p.post_id, status=p.status, stage=p.stage_name, texts=p.texts,
                                          title=p.title, link=p.link, media=p.media, decidable=p.decidable,
                                          history=_decisions(p.history),
                                          changes=[ChangeOut(kind=c.kind, text=c.text) for c in p.changes])
                              for p in view.posts])


@router.post("/review/{token}/posts/{post_id}/decision", status_code=204,
             summary="A review link's reviewer approves, rejects or requests changes (in their name)")
def decide_by_link(token: str, post_id: int, body: LinkDecisionIn, db: DbSession) -> Response:
    review_links.decide_by_link(db, token, post_id, body.decision, body.feedback)
    return Response(status_code=204)

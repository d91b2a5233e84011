"""Setting up approvals: the organization's workflows (ordered stages, who decides each), the conditions
that choose a path for a post, and who the people of a stage are.

A stage names roles and/or members. Only roles the permission matrix lets approve content can be
named, and a named member must still hold such a role when they decide: the matrix stays the one
authority, a workflow only narrows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content.models import Campaign, MediaAsset, Post, PostMedia, PostTarget
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import ROLE_LABELS, Actor, Permission, Role, Scope, Target, allows, require, scope_for
from allin_app.orgs.models import ClientAssignment, Membership, Organization
from allin_app.platforms.limits import LABELS
from allin_app.scheduling.models import PublishingSettings
from allin_app.workflow.approval_models import DEFAULT_FAST_TRACK_ROLES, ApprovalStage, ApprovalWorkflow

CONTENT_TYPES = ("text", "link", "image", "carousel", "video")
CONTENT_TYPE_LABELS = {"text": "Text only", "link": "Link", "image": "One image", "carousel": "Several images",
                       "video": "Video"}
# the roles the matrix lets approve content, in the guide's order
APPROVER_ROLES = tuple(role for role in Role if scope_for(role, Permission.approve_content) is not Scope.none)
DEFAULT_STAGE = {"name": "Review", "roles": [Role.content_manager.value, Role.agency_owner.value], "user_ids": []}
MAX_STAGES = 10
MAX_WORKFLOWS = 50
URL = re.compile(r"https?://\S+|www\.\S+")


@dataclass(frozen=True)
class StageSpec:
    name: str
    roles: tuple[str, ...] = ()
    user_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkflowSpec:
    name: str
    enabled: bool = True
    networks: tuple[str, ...] = ()
    campaign_ids: tuple[int, ...] = ()
    content_types: tuple[str, ...] = ()
    fast_track_roles: tuple[str, ...] = tuple(DEFAULT_FAST_TRACK_ROLES)
    stages: tuple[StageSpec, ...] = ()


@dataclass
class StageView:
    position: int
    name: str
    roles: list[str]
    user_ids: list[int]
    approvers_label: str  # "Content Manager, Agency Owner" / "Chris Client"


@dataclass
class WorkflowView:
    id: int
    name: str
    enabled: bool
    position: int
    networks: list[str]
    campaign_ids: list[int]
    content_types: list[str]
    fast_track_roles: list[str]
    stages: list[StageView] = field(default_factory=list)


# --- switching approvals on and off ----------------------------------------------------------


def approvals_enabled(db: Session, org_id: int) -> bool:
    found = db.get(PublishingSettings, org_id)
    return found is not None and found.require_approval


def set_approvals_enabled(db: Session, actor: Actor, enabled: bool) -> None:
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    found = db.get(PublishingSettings, actor.org_id) or PublishingSettings(org_id=actor.org_id)
    found.require_approval = bool(enabled)
    db.add(found)
    record_audit(db, "approvals.enabled" if enabled else "approvals.disabled", actor_user_id=actor.user_id,
                 org_id=actor.org_id, target=f"org:{actor.org_id}")


# --- people ----------------------------------------------------------------------------------


def org_people(db: Session, org_id: int) -> list[tuple[User, Role]]:
    """Who acts in the organization, with the role they act in: its members, its agency's owners, and
    agency staff assigned to it (platform admins are not listed: a stage reaches them by their role)."""
    org = db.get(Organization, org_id)
    if org is None:
        return []
    found: dict[int, Role] = {}
    if org.parent_id is not None:
        assigned = set(db.exec(select(ClientAssignment.user_id).where(ClientAssignment.client_org_id == org_id)))
        for user_id, role in db.exec(select(Membership.user_id, Membership.role)
                                     .where(Membership.org_id == org.parent_id)):
            if role == Role.agency_owner.value or user_id in assigned:
                found[user_id] = Role(role)
    for user_id, role in db.exec(select(Membership.user_id, Membership.role).where(Membership.org_id == org_id)):
        found[user_id] = Role(role)  # a direct membership decides the role
    users = {u.id: u for u in db.exec(select(User).where(User.id.in_(found), User.is_active == True))}
    return sorted(((users[i], role) for i, role in found.items() if i in users), key=lambda p: p[0].full_name or "")


def may_approve_as(role: Role) -> bool:
    return role in APPROVER_ROLES


def stage_people(db: Session, org_id: int, stage: dict) -> list[int]:
    """The users who may decide this stage (its roles and named members, each with an approving role)."""
    roles, named = set(stage.get("roles", ())), set(stage.get("user_ids", ()))
    people = [user.id for user, role in org_people(db, org_id)
              if may_approve_as(role) and (role.value in roles or user.id in named)]
    if Role.super_admin.value in roles:
        people += list(db.exec(select(User.id).where(User.is_superadmin == True, User.is_active == True)))
    return list(dict.fromkeys(people))


def may_decide_stage(actor: Actor, org_id: int, stage: dict) -> bool:
    """The actor acts in the post's organization, may approve content there, and the stage names them
    (by role or by name). Platform admins and agency owners are no exception."""
    if actor.org_id != org_id or not allows(actor, Permission.approve_content, Target(org_id=org_id)):
        return False
    return actor.role.value in stage.get("roles", ()) or actor.user_id in stage.get("user_ids", ())


def approvers_label(db: Session, stage: dict) -> str:
    roles = [ROLE_LABELS[Role(role)] for role in stage.get("roles", ()) if role in Role.__members__]
    names = [(u.full_name or u.email) for u in db.exec(select(User).where(User.id.in_(stage.get("user_ids", []))))]
    return ", ".join(roles + sorted(names)) or "Nobody"


# --- reading workflows -----------------------------------------------------------------------


def _may_read(actor: Actor) -> None:
    if not (allows(actor, Permission.approve_content, Target(org_id=actor.org_id))
            or allows(actor, Permission.organization_settings, Target(org_id=actor.org_id))):
        raise PermissionDenied("You are not allowed to see the approval workflows.")


def _workflows(db: Session, org_id: int) -> list[ApprovalWorkflow]:
    return list(db.exec(select(ApprovalWorkflow).where(ApprovalWorkflow.org_id == org_id)
                        .order_by(ApprovalWorkflow.position, ApprovalWorkflow.id)))


def _stages(db: Session, workflow_id: int) -> list[ApprovalStage]:
    return list(db.exec(select(ApprovalStage).where(ApprovalStage.workflow_id == workflow_id)
                        .order_by(ApprovalStage.position, ApprovalStage.id)))


def stage_dicts(db: Session, workflow: ApprovalWorkflow | None) -> list[dict]:
    """The path's stages as a review round keeps them."""
    if workflow is None:
        return [dict(DEFAULT_STAGE)]
    return [{"name": s.name, "roles": list(s.approver_roles), "user_ids": list(s.approver_user_ids)}
            for s in _stages(db, workflow.id)] or [dict(DEFAULT_STAGE)]


def stage_views(db: Session, stages: Sequence[dict]) -> list[StageView]:
    return [StageView(position, stage["name"], list(stage.get("roles", ())), list(stage.get("user_ids", ())),
                      approvers_label(db, stage)) for position, stage in enumerate(stages)]


def _view(db: Session, workflow: ApprovalWorkflow) -> WorkflowView:
    return WorkflowView(workflow.id, workflow.name, workflow.enabled, workflow.position, list(workflow.networks),
                        list(workflow.campaign_ids), list(workflow.content_types), list(workflow.fast_track_roles),
                        stage_views(db, stage_dicts(db, workflow)))


def list_workflows(db: Session, actor: Actor) -> list[WorkflowView]:
    _may_read(actor)
    return [_view(db, workflow) for workflow in _workflows(db, actor.org_id)]


def get_workflow(db: Session, actor: Actor, workflow_id: int) -> ApprovalWorkflow:
    workflow = db.get(ApprovalWorkflow, workflow_id)
    if workflow is None or workflow.org_id != actor.org_id:
        raise NotFound("Workflow not found.")
    return workflow


def approver_choices(db: Session, actor: Actor) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """What a stage may name: the approving roles, and the people of the organization holding one."""
    _may_read(actor)
    roles = [(role.value, role.label) for role in APPROVER_ROLES]
    members = [(user.id, user.full_name or user.email) for user, role in org_people(db, actor.org_id)
               if may_approve_as(role)]
    return roles, members


# --- changing workflows ----------------------------------------------------------------------


def save_workflow(db: Session, actor: Actor, workflow_id: int | None, spec: WorkflowSpec) -> ApprovalWorkflow:
    if workflow_id is not None:
        get_workflow(db, actor, workflow_id)  # another organization's id: not found, whoever asks
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    spec = _checked(db, actor, spec, workflow_id)
    if workflow_id is None:
        existing = _workflows(db, actor.org_id)
        if len(existing) >= MAX_WORKFLOWS:
            raise Conflict(f"An organization has at most {MAX_WORKFLOWS} workflows.")
        workflow = ApprovalWorkflow(org_id=actor.org_id, name=spec.name,
                                    position=max((w.position for w in existing), default=-1) + 1)
    else:
        workflow = get_workflow(db, actor, workflow_id)
    workflow.name, workflow.enabled = spec.name, spec.enabled
    workflow.networks, workflow.campaign_ids = list(spec.networks), list(spec.campaign_ids)
    workflow.content_types, workflow.fast_track_roles = list(spec.content_types), list(spec.fast_track_roles)
    db.add(workflow)
    db.flush()
    for old in _stages(db, workflow.id):
        db.delete(old)
    db.flush()
    for position, stage in enumerate(spec.stages):
        db.add(ApprovalStage(org_id=actor.org_id, workflow_id=workflow.id, position=position, name=stage.name,
                             approver_roles=list(stage.roles), approver_user_ids=list(stage.user_ids)))
    db.flush()
    record_audit(db, "approvals.workflow_saved", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"workflow:{workflow.id}", detail=f"{spec.name}: " + " -> ".join(s.name for s in spec.stages))
    return workflow


def replace_workflows(db: Session, actor: Actor, specs: Sequence[WorkflowSpec]) -> list[ApprovalWorkflow]:
    """The whole list at once (the REST PUT): workflows are kept by name, the others deleted; the list's
    order is the evaluation order."""
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    names = [spec.name.strip().casefold() for spec in specs]
    if len(set(names)) != len(names):
        raise ValidationFailed("workflows", "Two workflows have the same name.")
    existing = {w.name.strip().casefold(): w for w in _workflows(db, actor.org_id)}
    for name, workflow in existing.items():
        if name not in names:
            delete_workflow(db, actor, workflow.id)
    saved = []
    for position, spec in enumerate(specs):
        workflow = save_workflow(db, actor, getattr(existing.get(names[position]), "id", None), spec)
        workflow.position = position
        saved.append(workflow)
    return saved


def move_workflow(db: Session, actor: Actor, workflow_id: int, up: bool) -> None:
    """One place earlier (up) or later in the evaluation order."""
    workflow = get_workflow(db, actor, workflow_id)
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    ordered = _workflows(db, actor.org_id)
    index = ordered.index(workflow)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position


def delete_workflow(db: Session, actor: Actor, workflow_id: int) -> None:
    """Posts already in review on this path finish it (their round keeps its stages)."""
    from allin_app.workflow.approval_models import PostReview

    workflow = get_workflow(db, actor, workflow_id)
    require(actor, Permission.organization_settings, Target(org_id=actor.org_id))
    for review in db.exec(select(PostReview).where(PostReview.workflow_id == workflow.id)):
        review.workflow_id = None
    for stage in _stages(db, workflow.id):
        db.delete(stage)
    db.flush()
    db.delete(workflow)
    record_audit(db, "approvals.workflow_deleted", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"workflow:{workflow_id}", detail=workflow.name)


def _checked(db: Session, actor: Actor, spec: WorkflowSpec, workflow_id: int | None) -> WorkflowSpec:
    name = spec.name.strip()
    if not 1 <= len(name) <= 120:
        raise ValidationFailed("name", "Name the workflow (at most 120 characters).")
    clash = next((w for w in _workflows(db, actor.org_id) if w.name.strip().casefold() == name.casefold()
                  and w.id != workflow_id), None)
    if clash is not None:
        raise Conflict(f"A workflow is already named {name!r}.")
    _known("networks", spec.networks, LABELS, "network")
    _known("content_types", spec.content_types, CONTENT_TYPES, "content type")
    approving = {role.value for role in APPROVER_ROLES}
    _known("fast_track_roles", spec.fast_track_roles, approving, "role that may approve content")
    campaigns = set(db.exec(select(Campaign.id).where(Campaign.org_id == actor.org_id)))
    if unknown := set(spec.campaign_ids) - campaigns:
        raise ValidationFailed("campaign_ids", f"Campaign {min(unknown)} is not in this organization.")
    if not spec.stages:
        raise ValidationFailed("stages", "Add at least one stage.")
    if len(spec.stages) > MAX_STAGES:
        raise ValidationFailed("stages", f"A workflow has at most {MAX_STAGES} stages.")
    members = {user.id for user, role in org_people(db, actor.org_id) if may_approve_as(role)}
    stages = tuple(_checked_stage(number, stage, approving, members) for number, stage in enumerate(spec.stages, 1))
    return WorkflowSpec(name=name, enabled=spec.enabled, networks=tuple(dict.fromkeys(spec.networks)),
                        campaign_ids=tuple(dict.fromkeys(spec.campaign_ids)),
                        content_types=tuple(dict.fromkeys(spec.content_types)),
                        fast_track_roles=tuple(dict.fromkeys(spec.fast_track_roles)), stages=stages)


def _checked_stage(number: int, stage: StageSpec, approving: set[str], members: set[int]) -> StageSpec:
    name = stage.name.strip()
    if not 1 <= len(name) <= 120:
        raise ValidationFailed(f"stages.{number}.name", f"Name stage {number} (at most 120 characters).")
    _known(f"stages.{number}.roles", stage.roles, approving, "role that may approve content")
    if unknown := set(stage.user_ids) - members:
        raise ValidationFailed(f"stages.{number}.user_ids", f"Stage {number}: user {min(unknown)} may not approve "
                                                            "content in this organization.")
    if not stage.roles and not stage.user_ids:
        raise ValidationFailed(f"stages.{number}.roles", f"Stage {number}: name a role or a person who decides it.")
    return StageSpec(name, tuple(dict.fromkeys(stage.roles)), tuple(dict.fromkeys(stage.user_ids)))


def _known(field_name: str, values: Iterable, allowed: Iterable, what: str) -> None:
    if unknown := set(values) - set(allowed):
        raise ValidationFailed(field_name, f"Unknown {what}: {', '.join(sorted(map(str, unknown)))}.")


# --- choosing a post's path ------------------------------------------------------------------


def content_type(db: Session, post: Post) -> str:
    """text, link, image, carousel (two or more images) or video, from the post's media and words."""
    kinds = list(db.exec(select(MediaAsset.kind).join(PostMedia, PostMedia.media_id == MediaAsset.id)
                         .where(PostMedia.post_id == post.id)))
    if "video" in kinds:
        return "video"
    images = [kind for kind in kinds if kind in ("image", "gif")]
    if len(images) >= 2:
        return "carousel"
    if images:
        return "image"
    words = [post.text, *post.overrides.values()]
    return "link" if post.link or any(URL.search(text) for text in words) else "text"


def _matches(db: Session, workflow: ApprovalWorkflow, post: Post, networks: set[str]) -> bool:
    if workflow.networks and not networks & set(workflow.networks):
        return False
    if workflow.campaign_ids and post.campaign_id not in workflow.campaign_ids:
        return False
    return not workflow.content_types or content_type(db, post) in workflow.content_types


def choose_workflow(db: Session, post: Post) -> ApprovalWorkflow | None:
    """The first enabled workflow whose conditions the post meets (a workflow without conditions meets
    every post); None for the implicit default path."""
    networks = set(db.exec(select(PostTarget.network).where(PostTarget.post_id == post.id)))
    return next((w for w in _workflows(db, post.org_id) if w.enabled and _matches(db, w, post, networks)), None)


def path_for(db: Session, post: Post) -> tuple[ApprovalWorkflow | None, list[StageView]]:
    """The post's path: its workflow and stages; with no workflow matching, the implicit default, one
    stage decided by managers and agency owners."""
    workflow = choose_workflow(db, post)
    return workflow, stage_views(db, stage_dicts(db, workflow))


def fast_track_roles(db: Session, workflow_id: int | None) -> list[str]:
    workflow = db.get(ApprovalWorkflow, workflow_id) if workflow_id is not None else None
    return list(workflow.fast_track_roles) if workflow is not None else list(DEFAULT_FAST_TRACK_ROLES)

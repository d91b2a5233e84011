"""Reflex state of the "Approval workflows" card (Settings > Organization): approvals on or off, the
workflows in evaluation order, and the editor for one workflow (conditions, fast-track roles, stages)."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import campaigns
from allin_app.core.rbac import Actor, Permission, Role, Target, allows
from allin_app.platforms.limits import LABELS
from allin_app.workflow import approvals

CONTENT_TYPE_LABELS = approvals.CONTENT_TYPE_LABELS


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class StageRow:
    name: str
    approvers: str


@dataclass
class WorkflowRow:
    id: int
    name: str
    enabled: bool
    conditions: str
    fast_track: str
    stages: list[StageRow] = field(default_factory=list)


@dataclass
class StageEdit:
    name: str = ""
    roles: list[str] = field(default_factory=list)
    user_ids: list[str] = field(default_factory=list)


def _labels(values, names: dict[str, str]) -> str:
    return ", ".join(names.get(str(v), str(v)) for v in values)


def conditions_label(view, campaign_names: dict[str, str]) -> str:
    """"Instagram, TikTok · Video" or "Every post" (the default path) for a workflow's conditions."""
    parts = [_labels(view.networks, LABELS), _labels(view.campaign_ids, campaign_names),
             _labels(view.content_types, CONTENT_TYPE_LABELS)]
    return " · ".join(p for p in parts if p) or "Every post"


def workflow_row(view, campaign_names: dict[str, str]) -> WorkflowRow:
    role_names = {r.value: r.label for r in Role}
    return WorkflowRow(view.id, view.name, view.enabled, conditions_label(view, campaign_names),
                       _labels(view.fast_track_roles, role_names) or "Nobody",
                       [StageRow(s.name, s.approvers_label) for s in view.stages])


def stage_edits(view) -> list[StageEdit]:
    return [StageEdit(s.name, [str(r) for r in s.roles], [str(u) for u in s.user_ids]) for s in view.stages]


def spec_of(name: str, enabled: bool, networks: list[str], campaign_ids: list[str], content_types: list[str],
            fast_track_roles: list[str], stages: list[StageEdit]) -> approvals.WorkflowSpec:
    return approvals.WorkflowSpec(
        name=name.strip(), enabled=enabled, networks=tuple(networks),
        campaign_ids=tuple(int(c) for c in campaign_ids if c.isdigit()), content_types=tuple(content_types),
        fast_track_roles=tuple(fast_track_roles),
        stages=tuple(approvals.StageSpec(name=s.name.strip(), roles=tuple(s.roles),
                                         user_ids=tuple(int(u) for u in s.user_ids if u.isdigit()))
                     for s in stages))


def toggled(values: list[str], value: str) -> list[str]:
    return [v for v in values if v != value] if value in values else [*values, value]


def moved(items: list, index: int, step: int) -> list:
    """`items` with the one at `index` swapped with its neighbour `step` away (unchanged at the ends)."""
    other = index + step
    if not (0 <= index < len(items) and 0 <= other < len(items)):
        return list(items)
    items = list(items)
    items[index], items[other] = items[other], items[index]
    return items


class WorkflowsState(rx.State):
    visible: bool = False  # may this person see the organization's workflows at all
    can_edit: bool = False
    approvals_on: bool = False
    workflows: list[WorkflowRow] = []
    content_type_choices: list[Choice] = []
    campaign_choices: list[Choice] = []
    role_choices: list[Choice] = []
    member_choices: list[Choice] = []
    editing: int = -1  # -1: no editor open; 0: a new workflow; else the id edited
    name: str = ""
    enabled: bool = True
    networks: list[str] = []
    campaign_ids: list[str] = []
    content_types: list[str] = []
    fast_track_roles: list[str] = []
    stages: list[StageEdit] = []
    error: str = ""
    error_field: str = ""
    _views: dict[int, dict] = {}

    def _show(self, db: Session, actor: Actor) -> None:
        views = approvals.list_workflows(db, actor)
        self.visible = True
        self.can_edit = allows(actor, Permission.organization_settings, Target(org_id=actor.org_id))
        self.approvals_on = approvals.approvals_enabled(db, actor.org_id)
        names = {str(c.id): c.name for c in campaigns.list_campaigns(db, actor)}
        self.campaign_choices = [Choice(k, v) for k, v in names.items()]
        self.content_type_choices = [Choice(k, CONTENT_TYPE_LABELS.get(k, k)) for k in approvals.CONTENT_TYPES]
        self.workflows = [workflow_row(v, names) for v in views]
        self._views = {v.id: {"name": v.name, "enabled": v.enabled, "networks": list(v.networks),
                              "campaign_ids": [str(c) for c in v.campaign_ids],
                              "content_types": list(v.content_types), "fast_track_roles": list(v.fast_track_roles),
                              "stages": stage_edits(v)} for v in views}
        if self.can_edit:
            roles, members = approvals.approver_choices(db, actor)
            self.role_choices = [Choice(str(value), label) for value, label in roles]
            self.member_choices = [Choice(str(user_id), name) for user_id, name in members]

    async def _act(self, change):
        """Run `change(db, actor)` and show the workflows again, in one transaction."""
        def run(db: Session, actor: Actor) -> None:
            change(db, actor)
            db.flush()
            self._show(db, actor)

        return await act_as_signed_in(self, run)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.editing, self.error, self.error_field = -1, "", ""
        _, error = await act_as_signed_in(self, self._show)
        if error:
            self.visible = False

    @rx.event
    @requires_sign_in
    async def set_approvals(self, on: bool):
        _, error = await self._act(lambda db, actor: approvals.set_approvals_enabled(db, actor, on))
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success("Approvals are on: only approved posts are published." if on else
                                "Approvals are off: posts publish without review.")

    # --- the editor ---------------------------------------------------------------------
    @rx.event
    def new_workflow(self):
        self._fill(0, {"name": "", "enabled": True, "networks": [], "campaign_ids": [], "content_types": [],
                       "fast_track_roles": [Role.agency_owner.value, Role.content_manager.value],
                       "stages": [StageEdit("Review", [Role.content_manager.value])]})

    @rx.event
    def edit_workflow(self, workflow_id: int):
        if workflow_id in self._views:
            self._fill(workflow_id, self._views[workflow_id])

    def _fill(self, editing: int, values: dict) -> None:
        self.editing, self.error, self.error_field = editing, "", ""
        self.name, self.enabled = values["name"], values["enabled"]
        self.networks, self.campaign_ids = list(values["networks"]), list(values["campaign_ids"])
        self.content_types, self.fast_track_roles = list(values["content_types"]), list(values["fast_track_roles"])
        self.stages = [StageEdit(s.name, list(s.roles), list(s.user_ids)) for s in values["stages"]]

    @rx.event
    def close_editor(self, _open: bool = False):
        self.editing = -1

    @rx.event
    def set_name(self, value: str):
        self.name = value

    @rx.event
    def set_enabled(self, value: bool):
        self.enabled = value

    @rx.event
    def toggle(self, name: str, value: str):
        """Add or remove one choice of a condition or of the fast-track roles."""
        if name in ("networks", "campaign_ids", "content_types", "fast_track_roles"):
            setattr(self, name, toggled(getattr(self, name), value))

    @rx.event
    def add_stage(self):
        self.stages = [*self.stages, StageEdit()]

    @rx.event
    def remove_stage(self, index: int):
        self.stages = [s for i, s in enumerate(self.stages) if i != index]

    @rx.event
    def move_stage(self, index: int, step: int):
        self.stages = moved(self.stages, index, step)

    @rx.event
    def set_stage_name(self, index: int, value: str):
        self.stages = [StageEdit(value, s.roles, s.user_ids) if i == index else s for i, s in enumerate(self.stages)]

    @rx.event
    def toggle_stage(self, index: int, kind: str, value: str):
        """Add or remove a role ("roles") or a named member ("user_ids") among a stage's approvers."""
        if kind not in ("roles", "user_ids"):
            return
        self.stages = [StageEdit(s.name, toggled(s.roles, value) if kind == "roles" else s.roles,
                                 toggled(s.user_ids, value) if kind == "user_ids" else s.user_ids)
                       if i == index else s for i, s in enumerate(self.stages)]

    @rx.event
    @requires_sign_in
    async def save(self):
        spec = spec_of(self.name, self.enabled, self.networks, self.campaign_ids, self.content_types,
                       self.fast_track_roles, self.stages)
        workflow_id = self.editing or None

        _, error = await self._act(lambda db, actor: approvals.save_workflow(db, actor, workflow_id, spec))
        if error:
            self.error, self.error_field = error.message, getattr(error, "field", "")
            return None
        self.editing, self.error, self.error_field = -1, "", ""
        return rx.toast.success(f"Workflow “{spec.name}” saved.")

    @rx.event
    @requires_sign_in
    async def move(self, workflow_id: int, up: bool):
        """One place earlier or later in the order workflows are tried."""
        _, error = await self._act(lambda db, actor: approvals.move_workflow(db, actor, workflow_id, up))
        return rx.toast.error(error.message) if error else None

    @rx.event
    @requires_sign_in
    async def delete(self, workflow_id: int):
        _, error = await self._act(lambda db, actor: approvals.delete_workflow(db, actor, workflow_id))
        return rx.toast.error(error.message) if error else rx.toast.success("Workflow deleted.")


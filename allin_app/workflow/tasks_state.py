"""Reflex state of the Tasks page (/tasks): the grouped list (mine, or everyone's for managers), the status
select on each row, and the task dialog (new, edit, from a template; `?task=<id>` opens one)."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.campaigns import org_zone
from allin_app.core.clock import utcnow
from allin_app.core.rbac import Role
from allin_app.workflow import task_rules, task_templates, tasks
from allin_app.workflow.task_models import TaskPriority, TaskStatus
from allin_app.workflow.tasks_view import (
    NONE,
    Choice,
    EditorChoices,
    TaskGroup,
    editor_choices,
    form_values,
    grouped,
    link_value,
    read_due,
    read_link,
)

DONE_SHOWN = 20  # the latest done or cancelled tasks listed under Done
TABS = ("mine", "all", "templates")
CHOICE_FIELDS = ("assignee", "priority", "link", "repeat")
STATUS_CHOICES = [Choice(s.value, s.label) for s in TaskStatus]


class TasksState(rx.State):
    tab: str = "mine"
    groups: list[TaskGroup] = []
    loaded: bool = False
    error: str = ""
    open_total: int = 0
    open_shown: int = 0
    done_total: int = 0
    can_manage: bool = False
    can_create: bool = False
    status_choices: list[Choice] = STATUS_CHOICES

    editor_open: bool = False
    editing_id: str = ""  # "" while writing a new task
    read_only: bool = False
    can_delete: bool = False
    confirm_delete: bool = False
    values: dict[str, str] = {"title": "", "description": "", "due_date": "", "due_time": ""}
    assignee: str = NONE
    priority: str = TaskPriority.normal.value
    link: str = NONE
    repeat: str = "none"
    custom_rule: str = ""  # a rule set over the API that the form's choices do not cover
    form_key: int = 0  # bumped to refill the form's inputs (a template applied)
    form_error: str = ""
    form_error_field: str = ""
    choices: EditorChoices = EditorChoices()

    # ---- the list ----

    def _show(self, db, actor) -> None:
        zone, now = org_zone(db, actor.org_id), utcnow()
        mine = self.tab != "all" or not tasks.manages(actor)
        open_page = tasks.list_tasks(db, actor, mine=mine, status="open", limit=tasks.MAX_PAGE)
        closed = tasks.list_tasks(db, actor, mine=mine, status="closed", limit=DONE_SHOWN)
        self.groups = grouped(db, actor, open_page.items + closed.items, zone, now)
        self.open_total, self.open_shown, self.done_total = open_page.total, len(open_page.items), closed.total
        self.can_manage, self.can_create = tasks.manages(actor), tasks.may_create(actor)
        no_cancel = actor.role is Role.team_member
        self.status_choices = [c for c in STATUS_CHOICES if not (no_cancel and c.value == TaskStatus.cancelled)]
        self.loaded = True

    async def _act(self, change):
        """Run `change(db, actor)` and show the list again, in one transaction."""
        def run(db, actor):
            result = change(db, actor)
            self._show(db, actor)
            return result

        return await act_as_signed_in(self, run)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.editor_open, self.confirm_delete, self.loaded = False, False, False
        wanted = self.router.url.query_parameters.get("task", "")
        _, error = await self._act(lambda db, actor: None)
        self.error = error.message if error else ""
        if wanted.isdigit() and not error:
            return await self._open(int(wanted))

    @rx.event
    @requires_sign_in
    async def set_tab(self, tab: str):
        if tab not in TABS:
            return
        self.tab = tab
        if tab != "templates":  # the templates tab has its own state (task_templates_state.py)
            _, error = await self._act(lambda db, actor: None)
            self.error = error.message if error else ""

    @rx.event
    @requires_sign_in
    async def set_status(self, task_id: str, status: str):
        if not task_id.isdigit():
            return None
        task, error = await self._act(lambda db, actor: tasks.update_task(db, actor, int(task_id), {"status": status}))
        if error:
            return rx.toast.error(error.message)
        again = " The next one is on the list." if task.recurrence and status == TaskStatus.done else ""
        return rx.toast.success(f"“{task.title}”: {TaskStatus(task.status).label.lower()}.{again}")

    # ---- the task dialog ----

    def _fill(self, db, actor, task) -> None:
        zone = org_zone(db, actor.org_id)
        self.values, self.link = form_values(task, zone), link_value(task)
        self.priority = task.priority if task else TaskPriority.normal.value
        mine = str(actor.user_id) if not tasks.manages(actor) else NONE
        self.assignee = str(task.assignee_user_id) if task and task.assignee_user_id else mine
        self.repeat = task_rules.repeat_of(task.recurrence) if task else "none"
        self.custom_rule = task.recurrence if task and self.repeat == "custom" else ""
        self.editing_id = str(task.id) if task else ""
        self.read_only = task is not None and not tasks.may_edit(actor, task)
        self.can_delete = task is not None and tasks.may_delete(actor, task)
        self.choices = editor_choices(db, actor, task)
        self.form_error, self.form_error_field, self.confirm_delete = "", "", False
        self.form_key += 1

    async def _open(self, task_id: int | None):
        def fill(db, actor):
            self._fill(db, actor, tasks.get_task(db, actor, task_id) if task_id else None)

        _, error = await act_as_signed_in(self, fill)
        if error:
            return rx.toast.error(error.message)
        self.editor_open = True

    @rx.event
    @requires_sign_in
    async def open_new(self):
        return await self._open(None)

    @rx.event
    @requires_sign_in
    async def open_task(self, task_id: str):
        return await self._open(int(task_id)) if task_id.isdigit() else None

    @rx.event
    def set_editor_open(self, value: bool):
        self.editor_open = value

    @rx.event
    def set_choice(self, name: str, value: str):
        if name in CHOICE_FIELDS and not self.read_only:
            setattr(self, name, value)

    @rx.event
    @requires_sign_in
    async def new_from_template(self, template_id: str):
        if not template_id.isdigit():
            return None
        opened = await self._open(None)
        return opened or await self._apply_template(template_id)

    @rx.event
    @requires_sign_in
    async def apply_template(self, template_id: str):
        return await self._apply_template(template_id)

    async def _apply_template(self, template_id: str):
        """Fill the form from a template: its words, priority, repeat, and due date counted from today."""
        if not template_id.isdigit() or self.editing_id:
            return None

        def read(db, actor):
            template = task_templates.get_task_template(db, actor, int(template_id))
            values = {"title": template.title, "description": template.description, "due_date": "", "due_time": ""}
            if template.due_in_days is not None:
                due = (utcnow() + timedelta(days=template.due_in_days)).astimezone(
                    org_zone(db, actor.org_id))
                values |= {"due_date": due.date().isoformat(), "due_time": f"{due:%H:%M}"}
            return template, values

        found, error = await act_as_signed_in(self, read)
        if error:
            return rx.toast.error(error.message)
        template, self.values = found
        self.priority, self.repeat = template.priority, task_rules.repeat_of(template.recurrence)
        self.custom_rule = template.recurrence if self.repeat == "custom" else ""
        self.form_key += 1

    def _changes(self, form: dict, zone) -> dict:
        post_id, campaign_id = read_link(self.link)
        rule = task_rules.REPEATS.get(self.repeat) or (self.custom_rule if self.repeat == "custom" else "")
        return {"title": str(form.get("title", "")), "description": str(form.get("description", "")),
                "assignee_user_id": int(self.assignee) if self.assignee.isdigit() else None,
                "due_at": read_due(str(form.get("due_date", "")), str(form.get("due_time", "")), zone),
                "priority": self.priority, "post_id": post_id, "campaign_id": campaign_id, "recurrence": rule}

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        editing_id = self.editing_id

        def save(db, actor):
            changes = self._changes(form, org_zone(db, actor.org_id))
            if editing_id.isdigit():
                return tasks.update_task(db, actor, int(editing_id), changes)
            return tasks.create_task(db, actor, **changes)

        task, error = await self._act(save)
        if error:
            self.values = {key: str(form.get(key, "")) for key in self.values}
            self.form_error, self.form_error_field = error.message, getattr(error, "field", "")
            return None
        self.editor_open = False
        return rx.toast.success(f"Task “{task.title}” saved.")

    @rx.event
    def ask_delete(self, value: bool = True):
        self.confirm_delete = value

    @rx.event
    @requires_sign_in
    async def delete(self):
        task_id, self.confirm_delete = self.editing_id, False
        if not task_id.isdigit():
            return None
        _, error = await self._act(lambda db, actor: tasks.delete_task(db, actor, int(task_id)))
        if error:
            return rx.toast.error(error.message)
        self.editor_open = False
        return rx.toast.success("Task deleted.")

"""Reflex state of the Templates tab of /tasks: the organization's task templates and their form."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.workflow import task_rules, task_templates, tasks
from allin_app.workflow.task_models import TaskPriority, TaskTemplate

EMPTY = {"name": "", "title": "", "description": "", "due_in_days": ""}


@dataclass
class TemplateRow:
    id: str
    name: str
    title: str
    description: str
    priority: str
    priority_label: str
    due_in: str
    repeat: str


def _row(template: TaskTemplate) -> TemplateRow:
    days = template.due_in_days
    due_in = ("No due date" if days is None else "Due the same day" if days == 0
              else f"Due in {days} day{'s' if days != 1 else ''}")
    return TemplateRow(str(template.id), template.name, template.title, template.description, template.priority,
                       TaskPriority(template.priority).label, due_in, task_rules.describe(template.recurrence))


def _days(text: str) -> int | str | None:
    """The form's "due in" as the service takes it (anything but a whole number is refused there, with its message)."""
    text = text.strip()
    return None if not text else int(text) if text.isdigit() else text


class TaskTemplatesState(rx.State):
    rows: list[TemplateRow] = []
    available: bool = False  # the role creates tasks, so it uses templates
    can_manage: bool = False
    error: str = ""

    editor_open: bool = False
    editing_id: str = ""
    values: dict[str, str] = EMPTY
    priority: str = TaskPriority.normal.value
    repeat: str = "none"
    custom_rule: str = ""
    form_error: str = ""
    form_error_field: str = ""

    delete_id: str = ""
    delete_name: str = ""

    def _show(self, db, actor) -> None:
        self.available, self.can_manage = tasks.may_create(actor), tasks.manages(actor)
        self.rows = [_row(t) for t in task_templates.list_task_templates(db, actor)] if self.available else []

    async def _act(self, change):
        def run(db, actor):
            result = change(db, actor)
            self._show(db, actor)
            return result

        return await act_as_signed_in(self, run)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.editor_open, self.delete_id = False, ""
        _, error = await self._act(lambda db, actor: None)
        self.error = error.message if error else ""

    @rx.event
    def open_new(self):
        self.editing_id, self.values, self.priority, self.repeat, self.custom_rule = "", EMPTY, "normal", "none", ""
        self.form_error, self.form_error_field, self.editor_open = "", "", True

    @rx.event
    @requires_sign_in
    async def open_edit(self, template_id: str):
        if not template_id.isdigit():
            return None
        template, error = await act_as_signed_in(
            self, lambda db, actor: task_templates.get_task_template(db, actor, int(template_id)))
        if error:
            return rx.toast.error(error.message)
        self.editing_id, self.priority = template_id, template.priority
        self.values = {"name": template.name, "title": template.title, "description": template.description,
                       "due_in_days": "" if template.due_in_days is None else str(template.due_in_days)}
        self.repeat = task_rules.repeat_of(template.recurrence)
        self.custom_rule = template.recurrence if self.repeat == "custom" else ""
        self.form_error, self.form_error_field, self.editor_open = "", "", True

    @rx.event
    def set_editor_open(self, value: bool):
        self.editor_open = value

    @rx.event
    def set_choice(self, name: str, value: str):
        if name in ("priority", "repeat"):
            setattr(self, name, value)

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        editing_id = self.editing_id
        rule = task_rules.REPEATS.get(self.repeat) or (self.custom_rule if self.repeat == "custom" else "")
        fields = {"name": str(form.get("name", "")), "title": str(form.get("title", "")),
                  "description": str(form.get("description", "")), "priority": self.priority,
                  "due_in_days": _days(str(form.get("due_in_days", ""))), "recurrence": rule}

        def save(db, actor):
            if editing_id.isdigit():
                return task_templates.update_task_template(db, actor, int(editing_id), fields)
            return task_templates.create_task_template(db, actor, **fields)

        template, error = await self._act(save)
        if error:
            self.values = {key: str(form.get(key, "")) for key in EMPTY}
            self.form_error, self.form_error_field = error.message, getattr(error, "field", "")
            return None
        self.editor_open = False
        return rx.toast.success(f"Template “{template.name}” saved.")

    @rx.event
    def ask_delete(self, template_id: str, name: str):
        self.delete_id, self.delete_name = template_id, name

    @rx.event
    def cancel_delete(self, _open: bool = False):
        self.delete_id = ""

    @rx.event
    @requires_sign_in
    async def delete(self):
        template_id, name, self.delete_id = self.delete_id, self.delete_name, ""
        if not template_id.isdigit():
            return None
        _, error = await self._act(lambda db, actor: task_templates.delete_task_template(db, actor, int(template_id)))
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(f"Template “{name}” deleted.")

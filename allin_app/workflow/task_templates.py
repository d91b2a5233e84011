"""Task templates: the common kinds of task (title, description, priority, due in N days, repeat), kept by
the people who hand out work and used by everyone who creates tasks (see workflow/tasks.py for who that is)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.workflow import task_rules, tasks
from allin_app.workflow.task_models import Task, TaskPriority, TaskTemplate

MAX_NAME = 120
MAX_DUE_DAYS = 365
FIELDS = ("name", "title", "description", "priority", "due_in_days", "recurrence")


def _require_use(actor: Actor) -> None:
    if not tasks.may_create(actor):
        raise PermissionDenied("Your role does not create tasks, so it has no task templates.")


def _require_manage(actor: Actor) -> None:
    if not tasks.manages(actor):
        raise PermissionDenied("Task templates are kept by the people who hand out work.")


def list_task_templates(db: Session, actor: Actor) -> list[TaskTemplate]:
    _require_use(actor)
    return list(db.exec(select(TaskTemplate).where(TaskTemplate.org_id == actor.org_id)
                        .order_by(col(TaskTemplate.name), col(TaskTemplate.id))))


def get_task_template(db: Session, actor: Actor, template_id: int) -> TaskTemplate:
    template = db.get(TaskTemplate, template_id)
    if template is None or template.org_id != actor.org_id or not tasks.may_use(actor.role):
        raise NotFound("Task template not found.")
    _require_use(actor)
    return template


def create_task_template(db: Session, actor: Actor, *, name: str, title: str, description: str = "",
                         priority: str = TaskPriority.normal, due_in_days: int | None = None,
                         recurrence: str = "") -> TaskTemplate:
    _require_manage(actor)
    template = TaskTemplate(org_id=actor.org_id, name="", title="", created_by_user_id=actor.user_id)
    _apply(template, {"name": name, "title": title, "description": description, "priority": priority,
                      "due_in_days": due_in_days, "recurrence": recurrence})
    db.add(template)
    db.flush()
    return template


def update_task_template(db: Session, actor: Actor, template_id: int, changes: dict) -> TaskTemplate:
    template = get_task_template(db, actor, template_id)
    _require_manage(actor)
    if unknown := set(changes) - set(FIELDS):
        raise ValidationFailed(min(unknown), "This field cannot be changed.")
    _apply(template, changes)
    template.updated_at = utcnow()
    return template


def delete_task_template(db: Session, actor: Actor, template_id: int) -> None:
    template = get_task_template(db, actor, template_id)
    _require_manage(actor)
    db.delete(template)
    db.flush()


def create_from_template(db: Session, actor: Actor, template_id: int, *, assignee_user_id: int | None = None,
                         due_at: datetime | None = None, post_id: int | None = None,
                         campaign_id: int | None = None) -> Task:
    """A task with the template's words, priority and repeat, due `due_in_days` from now unless `due_at` says."""
    template = get_task_template(db, actor, template_id)
    if due_at is None and template.due_in_days is not None:
        due_at = utcnow() + timedelta(days=template.due_in_days)
    return tasks.create_task(db, actor, title=template.title, description=template.description,
                             assignee_user_id=assignee_user_id, due_at=due_at, priority=template.priority,
                             post_id=post_id, campaign_id=campaign_id, recurrence=template.recurrence)


def _apply(template: TaskTemplate, values: dict) -> None:
    checked = {key: CHECKS[key](value) for key, value in values.items()}
    if checked.get("recurrence", template.recurrence) and checked.get("due_in_days", template.due_in_days) is None:
        raise ValidationFailed("due_in_days", "A repeating task needs a due date: say in how many days.")
    for key, value in checked.items():
        setattr(template, key, value)


def _name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValidationFailed("name", "Give the template a name.")
    if len(name) > MAX_NAME:
        raise ValidationFailed("name", f"Keep the name under {MAX_NAME} characters.")
    return name


def _due_in_days(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DUE_DAYS:
        raise ValidationFailed("due_in_days", f"Say in how many days it is due, from 0 to {MAX_DUE_DAYS}.")
    return value


CHECKS = {"name": _name,
          "title": lambda value: tasks.CHECKS["title"](None, None, None, value),
          "description": lambda value: tasks.CHECKS["description"](None, None, None, value),
          "priority": lambda value: tasks.CHECKS["priority"](None, None, None, value),
          "due_in_days": _due_in_days,
          "recurrence": task_rules.checked_rule}

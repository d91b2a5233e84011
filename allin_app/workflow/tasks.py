"""Tasks: a piece of work with an assignee, a due date, a status and a priority, maybe linked to a post or a
campaign, maybe repeating; the assignee hears when it is given to them and again before it is due.

The permission matrix has no task row, so these rules follow its team rows:
- Managers, agency owners and admins (the roles the matrix lets hand out work: "Assign Roles", where the
  manager's cell reads "Tasks only") create, assign, edit and delete every task of the organization, and
  keep its task templates.
- Content creators create tasks for themselves, and see, edit and delete the tasks they created or are
  assigned (they cannot hand work to others).
- Team members see the tasks assigned to them and move them along (to do, in progress, done): the guide's
  "View and update status of assigned tasks", the matrix's "Assigned only".
- Client viewers have no tasks (the roles with no "View Team Activity" either; ui/nav.py uses that row too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content import campaigns
from allin_app.content import service as posts
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.db import session_scope
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, may_open
from allin_app.workflow import task_rules
from allin_app.workflow.assignments import EVENT, check_assignee, display_name
from allin_app.workflow.notifications import notify
from allin_app.workflow.task_models import CLOSED_STATUSES, OPEN_STATUSES, Task, TaskPriority, TaskStatus

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_PAGE = 200
EDITABLE = ("title", "description", "assignee_user_id", "due_at", "priority", "status", "post_id", "campaign_id",
            "recurrence")
STATUS_FILTERS = {**{s.value: (s,) for s in TaskStatus}, "open": OPEN_STATUSES, "closed": CLOSED_STATUSES}
MOVES = {  # status -> where it may go next
    TaskStatus.todo: {TaskStatus.in_progress, TaskStatus.done, TaskStatus.cancelled},
    TaskStatus.in_progress: {TaskStatus.todo, TaskStatus.done, TaskStatus.cancelled},
    TaskStatus.done: {TaskStatus.todo, TaskStatus.in_progress},  # reopened
    TaskStatus.cancelled: {TaskStatus.todo},
}
TEAM_MEMBER_MOVES = {TaskStatus.todo, TaskStatus.in_progress, TaskStatus.done}
ALERT_AHEAD = timedelta(hours=24)


@dataclass(frozen=True)
class TaskPage:
    items: list[Task]
    total: int
    next_cursor: str | None


# --- who may do what -------------------------------------------------------------------------


def may_use(role: Role) -> bool:
    return may_open(role, Permission.view_team_activity)


def manages(actor: Actor) -> bool:
    """Hands out and edits every task of the organization."""
    return may_open(actor.role, Permission.assign_roles)


def may_create(actor: Actor) -> bool:
    return manages(actor) or actor.role is Role.content_creator


def _require_use(actor: Actor) -> None:
    if not may_use(actor.role):
        raise PermissionDenied("Your role has no tasks.")


def _mine(actor: Actor, task: Task) -> bool:
    return actor.user_id in (task.created_by_user_id, task.assignee_user_id)


def may_see(actor: Actor, task: Task) -> bool:
    if task.org_id != actor.org_id or not may_use(actor.role):
        return False
    if manages(actor):
        return True
    if actor.role is Role.team_member:
        return task.assignee_user_id == actor.user_id
    return _mine(actor, task)


def may_edit(actor: Actor, task: Task) -> bool:
    """Change everything about it (team members only move the status)."""
    return may_see(actor, task) and (manages(actor) or (actor.role is Role.content_creator and _mine(actor, task)))


def may_delete(actor: Actor, task: Task) -> bool:
    return may_see(actor, task) and (manages(actor) or task.created_by_user_id == actor.user_id)


def _visible(actor: Actor) -> list:
    conditions = [Task.org_id == actor.org_id]
    if actor.role is Role.team_member:
        conditions.append(Task.assignee_user_id == actor.user_id)
    elif not manages(actor):
        conditions.append(or_(Task.created_by_user_id == actor.user_id, Task.assignee_user_id == actor.user_id))
    return conditions


# --- reading ---------------------------------------------------------------------------------


def get_task(db: Session, actor: Actor, task_id: int) -> Task:
    task = db.get(Task, task_id)
    if task is None or not may_see(actor, task):
        raise NotFound("Task not found.")
    return task


def list_tasks(db: Session, actor: Actor, *, mine: bool = False, status: str | None = None,
               post_id: int | None = None, campaign_id: int | None = None, due_before: datetime | None = None,
               limit: int = 50, cursor: str | None = None) -> TaskPage:
    """The tasks the actor sees, soonest due first (those without a date last); closed ones latest first."""
    _require_use(actor)
    if status and status not in STATUS_FILTERS:
        raise ValidationFailed("status", "Filter by todo, in_progress, done, cancelled, open or closed.")
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed("cursor", "This page link is not valid; start from the first page.")
    conditions = _visible(actor)
    if mine:
        conditions.append(Task.assignee_user_id == actor.user_id)
    if status:
        conditions.append(col(Task.status).in_(STATUS_FILTERS[status]))
    if post_id is not None:
        conditions.append(Task.post_id == posts.get_post(db, actor, post_id).id)
    if campaign_id is not None:
        conditions.append(Task.campaign_id == campaigns.get_campaign(db, actor, campaign_id).id)
    if due_before is not None:
        conditions.append(Task.due_at < as_utc(due_before))
    total = db.exec(select(func.count()).select_from(Task).where(*conditions)).one()
    closed_only = status is not None and set(STATUS_FILTERS[status]) <= set(CLOSED_STATUSES)
    order = ((col(Task.updated_at).desc(), col(Task.id).desc()) if closed_only
             else (col(Task.due_at).asc().nulls_last(), col(Task.id).asc()))
    start, size = int(cursor or 0), max(1, min(limit, MAX_PAGE))
    items = list(db.exec(select(Task).where(*conditions).order_by(*order).offset(start).limit(size)))
    return TaskPage(items, total, str(start + size) if start + size < total else None)


# --- writing ---------------------------------------------------------------------------------


def create_task(db: Session, actor: Actor, *, title: str, description: str = "", assignee_user_id: int | None = None,
                due_at: datetime | None = None, priority: str = TaskPriority.normal, post_id: int | None = None,
                campaign_id: int | None = None, recurrence: str = "") -> Task:
    _require_use(actor)
    if not may_create(actor):
        raise PermissionDenied("Your role works on the tasks it is given; it cannot create them.")
    if not manages(actor) and assignee_user_id is None:
        assignee_user_id = actor.user_id  # a creator's task is their own
    task = Task(org_id=actor.org_id, title="", created_by_user_id=actor.user_id)
    _apply(db, actor, task, {"title": title, "description": description, "assignee_user_id": assignee_user_id,
                             "due_at": due_at, "priority": priority, "post_id": post_id, "campaign_id": campaign_id,
                             "recurrence": recurrence})
    db.add(task)
    db.flush()
    if task.recurrence:
        task.series_id = task.id
    _tell_assignee(db, actor, task)
    return task


def update_task(db: Session, actor: Actor, task_id: int, changes: dict) -> Task:
    """Change the given fields (of EDITABLE). Marking a repeating task done creates its next occurrence."""
    task = get_task(db, actor, task_id)
    if unknown := set(changes) - set(EDITABLE):
        raise ValidationFailed(min(unknown), "This field cannot be changed.")
    if set(changes) - {"status"} and not may_edit(actor, task):
        raise PermissionDenied("You may change the status of the tasks assigned to you, nothing else.")
    before = task.assignee_user_id
    _apply(db, actor, task, {key: value for key, value in changes.items() if key != "status"})
    if "status" in changes:
        _move(db, actor, task, changes["status"])
    if task.recurrence and task.series_id is None:
        task.series_id = task.id
    task.updated_at = utcnow()
    if task.assignee_user_id != before:
        _tell_assignee(db, actor, task)
    return task


def delete_task(db: Session, actor: Actor, task_id: int) -> None:
    task = get_task(db, actor, task_id)
    if not may_delete(actor, task):
        raise PermissionDenied("You may delete the tasks you created.")
    db.exec(update(Task).where(col(Task.previous_task_id) == task.id).values(previous_task_id=None))
    db.delete(task)
    db.flush()
    record_audit(db, "task.deleted", actor_user_id=actor.user_id, org_id=task.org_id, target=f"task:{task_id}",
                 detail=task.title[:200])


def _apply(db: Session, actor: Actor, task: Task, values: dict) -> None:
    """Check every given field, then set them (nothing is half-changed when one is refused)."""
    checked = {key: CHECKS[key](db, actor, task, value) for key, value in values.items()}
    if checked.get("due_at", task.due_at) != task.due_at:
        checked["due_alert_sent_at"] = None  # a new due date gets its own alert
    if checked.get("recurrence", task.recurrence) and checked.get("due_at", task.due_at) is None:
        raise ValidationFailed("due_at", "A repeating task needs a due date to repeat from.")
    for key, value in checked.items():
        setattr(task, key, value)


def _title(_db, _actor, _task, value) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise ValidationFailed("title", "Give the task a title.")
    if len(title) > MAX_TITLE:
        raise ValidationFailed("title", f"Keep the title under {MAX_TITLE} characters.")
    return title


def _description(_db, _actor, _task, value) -> str:
    description = str(value or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise ValidationFailed("description", f"Keep the description under {MAX_DESCRIPTION:,} characters.")
    return description


def _assignee(db, actor, task, value) -> int | None:
    if value == task.assignee_user_id:
        return value
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValidationFailed("assignee_user_id", "Pick someone from the list.")
    if not manages(actor) and value != actor.user_id:
        raise PermissionDenied("You may only give tasks to yourself; a manager hands out work to others.")
    return None if value is None else check_assignee(db, actor.org_id, value).id


def _due(_db, _actor, _task, value) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise ValidationFailed("due_at", "Pick a due date and time.")
    return as_utc(value)


def _priority(_db, _actor, _task, value) -> str:
    if value not in TaskPriority.__members__:
        raise ValidationFailed("priority", "Pick a low, normal or high priority.")
    return TaskPriority(value).value


def _post(db, actor, task, value) -> int | None:
    if value is None or value == task.post_id:
        return value
    return posts.get_post(db, actor, value).id


def _campaign(db, actor, task, value) -> int | None:
    if value is None or value == task.campaign_id:
        return value
    return campaigns.get_campaign(db, actor, value).id


CHECKS = {"title": _title, "description": _description, "assignee_user_id": _assignee, "due_at": _due,
          "priority": _priority, "post_id": _post, "campaign_id": _campaign,
          "recurrence": lambda _db, _actor, _task, value: task_rules.checked_rule(value)}


def _move(db: Session, actor: Actor, task: Task, value: str) -> None:
    if value not in TaskStatus.__members__:
        raise ValidationFailed("status", "Pick to do, in progress, done or cancelled.")
    status, current = TaskStatus(value), TaskStatus(task.status)
    if status == current:
        return
    if status not in MOVES[current]:
        raise Conflict(f"A task that is {current.label.lower()} cannot become {status.label.lower()}; "
                       "reopen it first.")
    if not may_edit(actor, task) and status not in TEAM_MEMBER_MOVES:
        raise PermissionDenied("Ask whoever gave you the task to cancel it.")
    task.status = status.value
    task.completed_at = utcnow() if status == TaskStatus.done else None
    if status == TaskStatus.done and task.recurrence:
        _next_occurrence(db, task)


def _next_occurrence(db: Session, task: Task) -> Task | None:
    """The repeating task's next one, due at the rule's next date after today (or after this one's due
    date, when done early); made once, even if this one is reopened and done again."""
    if db.exec(select(Task.id).where(Task.previous_task_id == task.id)).first() is not None:
        return None
    first = db.get(Task, task.series_id) if task.series_id else None
    start = first.due_at if first is not None and first.due_at is not None else task.due_at
    after = max(as_utc(task.due_at), utcnow())
    due = task_rules.next_due(task.recurrence, start, after, campaigns.org_zone(db, task.org_id))
    if due is None:
        return None
    following = Task(org_id=task.org_id, title=task.title, description=task.description,
                     assignee_user_id=task.assignee_user_id, created_by_user_id=task.created_by_user_id, due_at=due,
                     priority=task.priority, post_id=task.post_id, campaign_id=task.campaign_id,
                     recurrence=task.recurrence, series_id=task.series_id or task.id, previous_task_id=task.id)
    db.add(following)
    db.flush()
    return following


def _tell_assignee(db: Session, actor: Actor, task: Task) -> None:
    if task.assignee_user_id is None or task.assignee_user_id == actor.user_id:
        return
    by = display_name(db.get(User, actor.user_id))
    body = f"Due {due_text(db, task)}" if task.due_at else ""
    notify(db, task.org_id, [task.assignee_user_id], EVENT, "task_assigned", f"{by} gave you a task: {task.title}",
           body, f"/tasks?task={task.id}")


def due_text(db: Session, task: Task) -> str:
    """The due moment in the organization's zone, e.g. "Tue 4 Mar, 17:00 CET"."""
    local = as_utc(task.due_at).astimezone(campaigns.org_zone(db, task.org_id))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M} {local.tzname() or ''}".strip()


# --- deadline alerts (a job, every few minutes) ----------------------------------------------


def alert_due_tasks(now: datetime | None = None) -> int:
    """Tell each assignee once about their open task due within a day (or already overdue). A task is
    claimed by setting `due_alert_sent_at`, so several workers never alert twice; moving the due date
    clears it for the new date."""
    now = now or utcnow()
    with session_scope() as db:
        due = list(db.exec(select(Task.id).where(
            col(Task.status).in_(OPEN_STATUSES), Task.due_at != None, Task.due_at <= now + ALERT_AHEAD,
            Task.assignee_user_id != None, Task.due_alert_sent_at == None).limit(500)))
    sent = 0
    for task_id in due:
        with session_scope() as db:
            claimed = db.exec(update(Task).where(col(Task.id) == task_id, col(Task.due_alert_sent_at).is_(None))
                              .values(due_alert_sent_at=now)).rowcount
            if claimed == 1:
                _alert(db, db.get(Task, task_id), now)
                sent += 1
    return sent


def _alert(db: Session, task: Task, now: datetime) -> None:
    overdue = as_utc(task.due_at) <= now
    title = f"{'Overdue' if overdue else 'Due soon'}: {task.title}"
    notify(db, task.org_id, [task.assignee_user_id], EVENT, "task_due", title,
           f"{'Was due' if overdue else 'Due'} {due_text(db, task)}", f"/tasks?task={task.id}")

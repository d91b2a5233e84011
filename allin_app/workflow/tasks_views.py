"""REST routes of tasks: /api/v1/tasks (list, create) and /api/v1/tasks/{id} (read, change, delete)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.clock import as_utc
from allin_app.workflow import task_templates, tasks
from allin_app.workflow.task_models import Task, TaskPriority, TaskStatus

router = APIRouter(prefix="/api/v1", tags=["tasks"])


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", max_length=1000, description="Required unless template_id gives it")
    description: str = Field(default="", max_length=20000)
    assignee_user_id: int | None = None
    due_at: datetime | None = Field(default=None, description="ISO 8601; without an offset it is taken as UTC")
    priority: TaskPriority | None = None
    post_id: int | None = None
    campaign_id: int | None = None
    recurrence: str = Field(default="", max_length=1000, description="An RFC 5545 RRULE, e.g. FREQ=WEEKLY")
    template_id: int | None = Field(default=None, description="Start from a task template: its title, "
                                    "description, priority, repeat and due date (due_at wins if given)")


class TaskPatch(BaseModel):
    """Only the fields sent change; `null` clears the assignee, due date, post or campaign."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=20000)
    assignee_user_id: int | None = None
    due_at: datetime | None = None
    priority: TaskPriority | None = None
    status: TaskStatus | None = None
    post_id: int | None = None
    campaign_id: int | None = None
    recurrence: str | None = Field(default=None, max_length=1000)


class TaskOut(BaseModel):
    id: int
    title: str
    description: str
    status: str
    priority: str
    assignee_user_id: int | None
    created_by_user_id: int
    due_at: datetime | None
    post_id: int | None
    campaign_id: int | None
    recurrence: str
    series_id: int | None
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class TaskPage(BaseModel):
    items: list[TaskOut]
    total: int
    next_cursor: str | None = None


def _utc(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment else None


def task_out(task: Task) -> TaskOut:
    return TaskOut(id=task.id, title=task.title, description=task.description, status=task.status,
                   priority=task.priority, assignee_user_id=task.assignee_user_id,
                   created_by_user_id=task.created_by_user_id, due_at=_utc(task.due_at), post_id=task.post_id,
                   campaign_id=task.campaign_id, recurrence=task.recurrence, series_id=task.series_id,
                   completed_at=_utc(task.completed_at), created_at=as_utc(task.created_at),
                   updated_at=as_utc(task.updated_at))


@router.get("/tasks", response_model=TaskPage,
            summary="Tasks you may see, soonest due first; filter by yours, status, post or campaign")
def list_tasks(caller: CurrentCaller, db: DbSession, mine: bool = False,
               status: Annotated[str | None, Query(description="todo, in_progress, done, cancelled, open or "
                                                               "closed")] = None,
               post_id: int | None = None, campaign_id: int | None = None, due_before: datetime | None = None,
               limit: Annotated[int, Query(ge=1, le=tasks.MAX_PAGE)] = 50, cursor: str | None = None) -> TaskPage:
    page = tasks.list_tasks(db, caller.actor, mine=mine, status=status, post_id=post_id, campaign_id=campaign_id,
                            due_before=due_before, limit=limit, cursor=cursor)
    return TaskPage(items=[task_out(t) for t in page.items], total=page.total, next_cursor=page.next_cursor)


@router.post("/tasks", response_model=TaskOut, status_code=201, summary="Create a task (the assignee is told)")
def create_task(body: TaskIn, caller: CurrentCaller, db: DbSession) -> TaskOut:
    if body.template_id is not None:
        task = task_templates.create_from_template(db, caller.actor, body.template_id,
                                                   assignee_user_id=body.assignee_user_id, due_at=body.due_at,
                                                   post_id=body.post_id, campaign_id=body.campaign_id)
        overrides = {key: value for key, value in body.model_dump(exclude_unset=True).items()
                     if key in ("title", "description", "priority", "recurrence")}
        return task_out(tasks.update_task(db, caller.actor, task.id, overrides) if overrides else task)
    task = tasks.create_task(db, caller.actor, title=body.title, description=body.description,
                             assignee_user_id=body.assignee_user_id, due_at=body.due_at,
                             priority=body.priority or TaskPriority.normal, post_id=body.post_id,
                             campaign_id=body.campaign_id, recurrence=body.recurrence)
    return task_out(task)


@router.get("/tasks/{task_id}", response_model=TaskOut, summary="One task")
def get_task(task_id: int, caller: CurrentCaller, db: DbSession) -> TaskOut:
    return task_out(tasks.get_task(db, caller.actor, task_id))


@router.patch("/tasks/{task_id}", response_model=TaskOut,
              summary="Change a task; status done on a repeating task creates its next occurrence")
def update_task(task_id: int, body: TaskPatch, caller: CurrentCaller, db: DbSession) -> TaskOut:
    changes = body.model_dump(exclude_unset=True)
    for key in ("title", "description", "priority", "status", "recurrence"):
        if key in changes and changes[key] is None:
            changes.pop(key)  # these cannot be cleared; leaving them out keeps them
    return task_out(tasks.update_task(db, caller.actor, task_id, changes))


@router.delete("/tasks/{task_id}", status_code=204, summary="Delete a task")
def delete_task(task_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    tasks.delete_task(db, caller.actor, task_id)
    return Response(status_code=204)

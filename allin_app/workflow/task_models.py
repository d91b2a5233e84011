"""Tasks (a to-do with an assignee, a due date and a status, maybe linked to a post or campaign, maybe
repeating) and task templates (the common kinds of task, filled in with one click)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class TaskStatus(StrEnum):
    todo = "todo"
    in_progress = "in_progress"
    done = "done"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return {"todo": "To do", "in_progress": "In progress"}.get(self.value, self.value.capitalize())


class TaskPriority(StrEnum):
    low = "low"
    normal = "normal"
    high = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


OPEN_STATUSES = (TaskStatus.todo, TaskStatus.in_progress)
CLOSED_STATUSES = (TaskStatus.done, TaskStatus.cancelled)


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_org_assignee_status", "org_id", "assignee_user_id", "status"),
                      Index("ix_tasks_status_due", "status", "due_at"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_by_user_id: int = Field(foreign_key="users.id")
    due_at: datetime | None = None  # UTC
    status: str = Field(default=TaskStatus.todo, max_length=12)
    priority: str = Field(default=TaskPriority.normal, max_length=8)
    post_id: int | None = Field(default=None, foreign_key="posts.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", index=True)
    recurrence: str = Field(default="", max_length=500)  # an RFC 5545 RRULE; "" = does not repeat
    series_id: int | None = Field(default=None, index=True)  # the first task of a repeating series
    previous_task_id: int | None = Field(default=None, foreign_key="tasks.id")  # the occurrence this one follows
    completed_at: datetime | None = None
    due_alert_sent_at: datetime | None = None  # the deadline alert went out (cleared when the due date moves)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TaskTemplate(SQLModel, table=True):
    __tablename__ = "task_templates"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    name: str = Field(max_length=120)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    priority: str = Field(default=TaskPriority.normal, max_length=8)
    due_in_days: int | None = None  # a task made from it is due this many days later
    recurrence: str = Field(default="", max_length=500)
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

"""REST route of the team's activity feed: GET /api/v1/activity (the same visibility as the Team page's feed)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.errors import ValidationFailed
from allin_app.workflow import activity

router = APIRouter(prefix="/api/v1", tags=["activity"])


class ActivityOut(BaseModel):
    id: int
    at: datetime
    org_id: int
    org_name: str
    person_id: int | None
    person: str
    kind: str
    text: str
    detail: str
    link: str


class ActivityPageOut(BaseModel):
    items: list[ActivityOut]
    total: int
    next_cursor: str | None = None


@router.get("/activity", response_model=ActivityPageOut)
def list_activity(db: DbSession, caller: CurrentCaller, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                  cursor: str | None = None, person_id: int | None = None, kind: str = "") -> ActivityPageOut:
    """What the team did, newest first: managers see their organization (agency owners also their clients),
    creators their organization's collaboration, team members their own actions; client viewers get 403.
    Filter by `person_id` (a member) and `kind` (approvals, comments, tasks, publishing, content, ...)."""
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed("cursor", "This page link is not valid; start from the first page.")
    start = int(cursor or 0)
    found = activity.feed(db, caller.actor, person_id=person_id, kind=kind, offset=start, limit=limit)
    end = start + len(found.lines)
    return ActivityPageOut(items=[ActivityOut(**asdict(line)) for line in found.lines], total=found.total,
                           next_cursor=str(end) if end < found.total else None)

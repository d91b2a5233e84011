"""REST routes for posts in and out as files (/api/v1/content/import, /api/v1/content/export) and for
private calendar feeds (/api/v1/calendar/feeds). The feed itself is served by `ical.router`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile
from pydantic import BaseModel

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.clock import as_utc
from allin_app.scheduling import csv_io, ical
from allin_app.scheduling.models import CalendarFeed

router = APIRouter(prefix="/api/v1", tags=["import, export and calendar feeds"])


class RowOut(BaseModel):
    row: int
    valid: bool
    text: str
    accounts: list[str]
    scheduled_at: datetime | None
    timezone: str
    errors: list[str]


class ImportOut(BaseModel):
    dry_run: bool
    rows: list[RowOut]
    valid: int
    invalid: int
    ignored_columns: list[str]
    timezone: str
    imported: int = 0
    post_ids: list[int] = []
    warnings: list[str] = []


class FeedOut(BaseModel):
    id: int
    created_at: datetime
    url: str | None = None  # only in the answer that created it


class FeedPage(BaseModel):
    items: list[FeedOut]
    total: int
    next_cursor: str | None = None


def _row_out(row: csv_io.RowCheck) -> RowOut:
    return RowOut(row=row.number, valid=row.valid, text=row.text, accounts=row.accounts, scheduled_at=row.when,
                  timezone=row.timezone, errors=row.errors)


def _feed_out(feed: CalendarFeed, url: str | None = None) -> FeedOut:
    return FeedOut(id=feed.id, created_at=as_utc(feed.created_at), url=url)


@router.post("/content/import", response_model=ImportOut,
             summary="Import posts from a CSV (≤ 2 MB, ≤ 2,000 rows); dry_run=true only checks every row")
def import_csv(caller: CurrentCaller, db: DbSession, file: Annotated[UploadFile, File()],
               dry_run: bool = False,
               timezone: Annotated[str, Query(description="Zone of times without an offset; default the org's")] = "",
               ) -> ImportOut:
    data = file.file.read(csv_io.MAX_BYTES + 1)
    if dry_run:
        return _import_out(csv_io.preview_import(db, caller.actor, data, timezone), dry_run=True)
    result = csv_io.import_posts(db, caller.actor, data, timezone)
    db.flush()
    answer = _import_out(result.preview, dry_run=False)
    answer.imported, answer.post_ids, answer.warnings = len(result.posts), [p.id for p in result.posts], result.warnings
    return answer


def _import_out(preview: csv_io.ImportPreview, *, dry_run: bool) -> ImportOut:
    valid = len(preview.valid_rows)
    return ImportOut(dry_run=dry_run, rows=[_row_out(row) for row in preview.rows], valid=valid,
                     invalid=len(preview.rows) - valid, ignored_columns=preview.ignored_columns,
                     timezone=preview.timezone)


@router.get("/content/export", response_class=Response,
            summary="Scheduled and published posts as CSV or JSON; from/to are days in the organization's zone")
def export(caller: CurrentCaller, db: DbSession, format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv",
           date_from: Annotated[date | None, Query(alias="from")] = None,
           date_to: Annotated[date | None, Query(alias="to")] = None) -> Response:
    document = csv_io.export_posts(db, caller.actor, format, date_from, date_to)
    return Response(document.body, media_type=document.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{document.filename}"'})


@router.post("/calendar/feeds", response_model=FeedOut, status_code=201,
             summary="A new private iCal URL (its secret is in `url`, shown this once)")
def create_feed(caller: CurrentCaller, db: DbSession) -> FeedOut:
    made = ical.create_feed(db, caller.actor)
    return _feed_out(made.feed, made.url)


@router.get("/calendar/feeds", response_model=FeedPage, summary="Your live calendar feeds in this organization")
def list_feeds(caller: CurrentCaller, db: DbSession) -> FeedPage:
    items = [_feed_out(feed) for feed in ical.list_feeds(db, caller.actor)]
    return FeedPage(items=items, total=len(items))


@router.delete("/calendar/feeds/{feed_id}", status_code=204, summary="Revoke a feed: its URL answers 404 from now on")
def revoke_feed(feed_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    ical.revoke_feed(db, caller.actor, feed_id)
    return Response(status_code=204)

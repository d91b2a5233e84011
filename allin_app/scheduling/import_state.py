"""Reflex state of /calendar/import: a CSV's preview and import, the export download, calendar feeds.

The uploaded file waits between preview and confirmation in the data directory under a random name
only the server knows (a backend var), not in the state: a 2 MB file would weigh on every event.
"""

from __future__ import annotations

import secrets
import time
from datetime import date
from pathlib import Path

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.core.clock import as_utc
from allin_app.core.config import settings
from allin_app.core.rbac import Permission, Target, allows
from allin_app.orgs.models import Organization
from allin_app.scheduling import csv_io, ical
from allin_app.scheduling import service as scheduling

SHOWN_VALID = 100  # rows shown that import fine; every row with a problem is shown (up to SHOWN_PROBLEMS)
SHOWN_PROBLEMS = 500
STALE_SECONDS = 24 * 3600


def _imports_dir() -> Path:
    folder = Path(settings.data_dir) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_stale_uploads() -> None:
    for path in _imports_dir().glob("*.csv"):
        if path.stat().st_mtime < time.time() - STALE_SECONDS:
            path.unlink(missing_ok=True)


def _row(row: csv_io.RowCheck, zone_name: str) -> dict[str, str]:
    zone_name = row.timezone or zone_name
    when = "Draft, no time"
    if row.when is not None:
        when = f"{row.when.astimezone(scheduling.zone(zone_name)):%Y-%m-%d %H:%M} {zone_name}"
    text = " ".join(row.text.split())
    return {"number": str(row.number), "text": text if len(text) <= 90 else text[:89] + "…",
            "accounts": ", ".join(row.accounts) or "—", "when": when, "problems": " ".join(row.errors),
            "status": "ok" if row.valid else "bad"}


def _shown(preview: csv_io.ImportPreview) -> list[dict[str, str]]:
    valid = [row for row in preview.rows if row.valid][:SHOWN_VALID]
    bad = [row for row in preview.rows if not row.valid][:SHOWN_PROBLEMS]
    return [_row(row, preview.timezone) for row in sorted(valid + bad, key=lambda row: row.number)]


def _feed_row(feed) -> dict[str, str]:
    return {"id": str(feed.id), "created": f"{as_utc(feed.created_at):%Y-%m-%d %H:%M} UTC"}


class ImportState(rx.State):
    can_import: bool = False
    can_export: bool = False
    zone: str = ""
    file_name: str = ""
    rows: list[dict[str, str]] = []
    total_rows: int = 0
    valid_count: int = 0
    ignored: str = ""
    error: str = ""
    notice: str = ""
    warnings: list[str] = []
    importing: bool = False
    export_from: str = ""
    export_to: str = ""
    export_format: str = "csv"
    feeds: list[dict[str, str]] = []
    new_feed_url: str = ""
    feed_error: str = ""
    _upload_key: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        def facts(db, actor):
            return (csv_io.may_import(actor), allows(actor, Permission.export_data, Target(
                org_id=actor.org_id, owner_id=actor.user_id)), db.get(Organization, actor.org_id).timezone or "UTC",
                [_feed_row(feed) for feed in ical.list_feeds(db, actor)])

        found, error = await act_as_signed_in(self, facts)
        self.error, self.notice, self.warnings, self.new_feed_url = (error.message if error else ""), "", [], ""
        if found:
            self.can_import, self.can_export, self.zone, self.feeds = found
        self._clear_preview()

    # ---- import ----------------------------------------------------------------------------------

    def _clear_preview(self) -> None:
        if self._upload_key:
            (_imports_dir() / self._upload_key).unlink(missing_ok=True)
        self._upload_key, self.file_name, self.rows, self.total_rows, self.valid_count, self.ignored = \
            "", "", [], 0, 0, ""

    def _show(self, preview: csv_io.ImportPreview) -> None:
        self.rows, self.total_rows, self.valid_count = _shown(preview), len(preview.rows), len(preview.valid_rows)
        self.ignored = ", ".join(preview.ignored_columns)

    @rx.event
    @requires_sign_in
    async def upload(self, files: list[rx.UploadFile]):
        self._clear_preview()
        self.error, self.notice, self.warnings = "", "", []
        if not files:
            return
        data = await files[0].read(csv_io.MAX_BYTES + 1)
        preview, error = await act_as_signed_in(self, lambda db, actor: csv_io.preview_import(db, actor, data),
                                                blocking=True)
        if error:
            self.error = error.message
            return
        _forget_stale_uploads()
        self._upload_key = f"{secrets.token_hex(16)}.csv"
        (_imports_dir() / self._upload_key).write_bytes(data)
        self.file_name = files[0].name or "posts.csv"
        self._show(preview)

    @rx.event
    def cancel_import(self):
        self._clear_preview()

    @rx.event
    def start_importing(self):
        self.importing = True

    @rx.event
    @requires_sign_in
    async def confirm_import(self):
        self.importing = False
        path = _imports_dir() / self._upload_key if self._upload_key else None
        if path is None or not path.exists():
            self._clear_preview()
            self.error = "The uploaded file is no longer here: upload it again."
            return
        data = path.read_bytes()
        # A file of 2,000 posts takes seconds to save: on a worker thread, so the server keeps answering.
        result, error = await act_as_signed_in(self, lambda db, actor: csv_io.import_posts(db, actor, data),
                                               blocking=True)
        if error:
            self.error = error.message
            return
        self._clear_preview()
        count, skipped = len(result.posts), len(result.skipped)
        self.notice = f"Imported {count} post{'s' if count != 1 else ''}" + (
            f"; {skipped} row{'s' if skipped != 1 else ''} with problems left out." if skipped else ".")
        self.warnings = result.warnings

    # ---- export ----------------------------------------------------------------------------------

    @rx.event
    def set_export_from(self, value: str):
        self.export_from = value

    @rx.event
    def set_export_to(self, value: str):
        self.export_to = value

    @rx.event
    def set_export_format(self, value: str):
        self.export_format = value

    @rx.event
    @requires_sign_in
    async def download_export(self):
        try:
            start = date.fromisoformat(self.export_from) if self.export_from else None
            end = date.fromisoformat(self.export_to) if self.export_to else None
        except ValueError:
            return rx.toast.error("Pick the dates with the date fields.")
        fmt = self.export_format
        document, error = await act_as_signed_in(
            self, lambda db, actor: csv_io.export_posts(db, actor, fmt, start, end), blocking=True)
        if error:
            return rx.toast.error(error.message)
        return rx.download(data=document.body, filename=document.filename, mime_type=document.media_type)

    # ---- calendar feeds --------------------------------------------------------------------------

    async def _feeds_after(self, change) -> object:
        def run(db, actor):
            result = change(db, actor)
            return result, [_feed_row(feed) for feed in ical.list_feeds(db, actor)]

        outcome, error = await act_as_signed_in(self, run)
        self.feed_error = error.message if error else ""
        if outcome is None:
            return None
        result, self.feeds = outcome
        return result

    @rx.event
    @requires_sign_in
    async def create_feed(self):
        made = await self._feeds_after(ical.create_feed)
        if made is not None:
            self.new_feed_url = made.url

    @rx.event
    @requires_sign_in
    async def revoke_feed(self, feed_id: str):
        if feed_id.isdigit():
            self.new_feed_url = ""
            if await self._feeds_after(lambda db, actor: ical.revoke_feed(db, actor, int(feed_id))) is not None:
                return rx.toast.success("Feed revoked: calendar apps using its URL get nothing from now on.")

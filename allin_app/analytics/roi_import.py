"""Conversions from a spreadsheet: every row checked first (the same checks as the API, roi.py), then the
valid rows imported in the caller's one transaction, the others reported with their row numbers (the header
is row 1, as a spreadsheet counts). Importing the same file again changes nothing (ids are unique).

Columns (the header names them, any order, any case): external_id, occurred_at, value, and if you like
currency, utm_campaign, utm_source, utm_medium, utm_content, short_code, post_id. Common other names are
understood too: order_id for external_id, date for occurred_at, revenue or amount for value, short_link for
short_code.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session

from allin_app.analytics import roi
from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs.models import Organization

MAX_BYTES = 5_000_000
MAX_ROWS = 10_000
COLUMNS = ("external_id", "occurred_at", "value", "currency", "utm_campaign", "utm_source", "utm_medium",
           "utm_content", "short_code", "post_id")
REQUIRED = ("external_id", "occurred_at", "value")
ALIASES = {"order_id": "external_id", "id": "external_id", "transaction_id": "external_id", "date": "occurred_at",
           "time": "occurred_at", "timestamp": "occurred_at", "revenue": "value", "amount": "value",
           "short_link": "short_code", "link": "short_code"}
FIELD_NAMES = {"external_id": "id", "occurred_at": "time", "value": "value", "currency": "currency",
               "short_code": "short link", "post_id": "post id", "utm_content": "utm_content"}


@dataclass
class RowCheck:
    number: int
    values: dict[str, str]  # the row as read, by column
    errors: list[str] = field(default_factory=list)
    checked: roi.Checked | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list[RowCheck]
    ignored_columns: list[str]

    @property
    def valid_rows(self) -> list[RowCheck]:
        return [row for row in self.rows if row.valid]


@dataclass
class Imported:
    recorded: roi.Recorded
    preview: Preview

    @property
    def skipped(self) -> list[RowCheck]:
        return [row for row in self.preview.rows if not row.valid]


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("file", "The file is not UTF-8 text. In your spreadsheet app, save it as "
                                       "\"CSV UTF-8\" and upload it again.") from None


def _delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return max(",;\t", key=first_line.count)


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (known names, aliases resolved) and the non-blank rows with their spreadsheet numbers."""
    if len(data) > MAX_BYTES:
        raise ValidationFailed("file", f"The file is {len(data) / 1e6:.1f} MB; import at most "
                                       f"{MAX_BYTES // 1_000_000} MB at a time (split it).")
    text = _decode(data)
    if not text.strip():
        raise ValidationFailed("file", "The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = [ALIASES.get(name, name) for name in (cell.strip().lower().replace(" ", "_") for cell in next(reader))]
        rows = [(number, cells) for number, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise ValidationFailed("file", f"The file is not valid CSV near row {reader.line_num}: {exc}.") from exc
    if missing := [name for name in REQUIRED if name not in header]:
        raise ValidationFailed("file", f"The header row lacks {', '.join(missing)}. Columns: {', '.join(COLUMNS)}.")
    if len(rows) > MAX_ROWS:
        raise ValidationFailed("file", f"The file has {len(rows):,} rows; import at most {MAX_ROWS:,} at a time.")
    return header, rows


def preview_conversions(db: Session, actor: Actor, data: bytes) -> Preview:
    """Every row checked; nothing saved."""
    require(actor, Permission.roi_attribution, Target(org_id=actor.org_id))
    header, rows = read_table(data)
    org, now = db.get(Organization, actor.org_id), utcnow()
    seen: dict[str, int] = {}
    checks = []
    for number, cells in rows:
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
                  if name in COLUMNS}
        row = RowCheck(number, values)
        row.checked = roi.check_conversion(db, org, values, now)
        row.errors = [f"{FIELD_NAMES.get(name, name)}: {message}" for name, message in row.checked.errors.items()]
        external = values.get("external_id", "")
        if external in seen:
            row.errors.append(f"id: the same id as row {seen[external]}.")
        seen.setdefault(external, number)
        checks.append(row)
    return Preview(checks, sorted({name for name in header if name not in COLUMNS and name}))


def import_conversions(db: Session, actor: Actor, data: bytes) -> Imported:
    """The valid rows, stored (created, updated or unchanged); the others left out and reported."""
    preview = preview_conversions(db, actor, data)
    recorded = roi.store(db, actor, [row.checked for row in preview.valid_rows], "csv", utcnow())
    return Imported(recorded, preview)

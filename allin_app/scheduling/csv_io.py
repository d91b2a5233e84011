"""Posts in and out as files: a CSV import checked row by row before anything is saved, and an
export of scheduled and published posts as CSV or JSON.

Import reads `text, accounts, scheduled_at` and optionally `timezone, link, title, first_comment,
campaign` and per-network words in `text:<network>` columns. Every row is checked first (accounts,
time, each network's limits); confirming imports the valid rows only, all in the caller's one
transaction, and reports the others with their row numbers (the header is row 1, as in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from allin_app.accounts.export import FORMATS, Export
from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.content import service as posts
from allin_app.content.models import Campaign, Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Target, allows, require
from allin_app.orgs.models import Organization
from allin_app.platforms.limits import LABELS
from allin_app.scheduling import service as scheduling
from allin_app.workflow import approvals

MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
MAX_EXPORT = 10_000
COLUMNS = ("text", "accounts", "scheduled_at", "timezone", "link", "title", "first_comment", "campaign")
NETWORK_NAMES = {"x": "twitter", **{key: key for key in LABELS}, **{label.lower(): key for key, label in LABELS.items()}}
OVERRIDE_COLUMN = re.compile(r"^(?:text[:_ ](?P<after>.+)|(?P<before>.+)[:_ ]text)$")
EXPORT_STATUSES = (PostStatus.scheduled, PostStatus.publishing, PostStatus.published)
EXPORT_COLUMNS = ("id", "status", "text", "accounts", "networks", "scheduled_at", "scheduled_at_utc", "published_at",
                  "urls")


@dataclass
class RowCheck:
    """One row of the file: what it would become, and why it cannot (when `errors` is not empty)."""

    number: int
    text: str
    accounts: list[str] = field(default_factory=list)
    when: datetime | None = None  # UTC; None imports a draft
    timezone: str = ""  # the row's own zone, "" for the organization's
    errors: list[str] = field(default_factory=list)
    draft: posts.PostDraft | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


@dataclass
class ImportPreview:
    rows: list[RowCheck]
    ignored_columns: list[str]
    timezone: str  # where times without an offset are read

    @property
    def valid_rows(self) -> list[RowCheck]:
        return [row for row in self.rows if row.valid]


@dataclass
class ImportResult:
    posts: list[Post]
    preview: ImportPreview  # every row as checked when importing
    warnings: list[str]

    @property
    def skipped(self) -> list[RowCheck]:
        return [row for row in self.preview.rows if not row.valid]


@dataclass
class _Org:
    """What checking a row needs to know about the organization, read once per file."""

    accounts: list[SocialAccount]
    campaigns: dict[str, int]
    zone: str
    approval_rule: str  # why a row may not carry a time ("" when it may)


# --- reading the file ------------------------------------------------------------------------------


def may_import(actor: Actor) -> bool:
    return allows(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (lower case) and the non-blank rows with their spreadsheet row numbers."""
    if len(data) > MAX_BYTES:
        raise ValidationFailed("file", f"The file is {len(data) / 1e6:.1f} MB; import at most {MAX_BYTES / 1e6:.0f} MB "
                                       "at a time (split it into smaller files).")
    text = _decode(data)
    if not text.strip():
        raise ValidationFailed("file", "The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
        rows = [(number, cells) for number, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    except csv.Error as exc:
        raise ValidationFailed("file", f"The file is not valid CSV near row {reader.line_num}: {exc}.") from exc
    if missing := [name for name in ("text", "accounts") if name not in header]:
        raise ValidationFailed("file", f"The header row lacks the column{'s' if len(missing) > 1 else ''} "
                                       f"{', '.join(missing)}. Columns: {', '.join(COLUMNS)}.")
    if len(rows) > MAX_ROWS:
        raise ValidationFailed("file", f"The file has {len(rows):,} rows; import at most {MAX_ROWS:,} at a time "
                                       "(split it into smaller files).")
    return header, rows


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationFailed("file", "The file is not UTF-8 text. In your spreadsheet app, save it as "
                                       "\"CSV UTF-8\" and upload it again.") from None


def _delimiter(text: str) -> str:
    """Comma, semicolon (spreadsheets in many languages) or tab, as the header row shows. Only the
    delimiter is sniffed: quoting stays the spreadsheet standard (doubled quotes inside quotes)."""
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return max(",;\t", key=first_line.count)


# --- checking rows -------------------------------------------------------------------------------


def preview_import(db: Session, actor: Actor, data: bytes, timezone: str = "") -> ImportPreview:
    """Every row checked, nothing saved. `timezone` reads times without an offset (default: the org's)."""
    require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    header, rows = read_table(data)
    org = _org_facts(db, actor, timezone)
    overrides = {index: network for index, name in enumerate(header) if (network := _override_network(name))}
    ignored = [name for index, name in enumerate(header) if name and name not in COLUMNS and index not in overrides]
    checked = [_check_row(org, number, header, cells, overrides) for number, cells in rows]
    if any(row.when for row in checked if row.valid):
        require(actor, Permission.schedule_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    return ImportPreview(checked, ignored, org.zone)


def _org_facts(db: Session, actor: Actor, timezone: str) -> _Org:
    zone_name = timezone or db.get(Organization, actor.org_id).timezone or "UTC"
    scheduling.zone(zone_name)
    accounts = list(db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id,
                                                        SocialAccount.disconnected_at == None)))
    campaigns = {c.name.strip().lower(): c.id for c in db.exec(select(Campaign).where(Campaign.org_id == actor.org_id))}
    return _Org(accounts, campaigns, zone_name, _approval_rule(db, actor))


def _approval_rule(db: Session, actor: Actor) -> str:
    """Imported posts are new drafts nobody approved: with approvals on (or for a creator, always) they
    cannot be scheduled on the way in."""
    if approvals.approvals_enabled(db, actor.org_id):
        return "This organization publishes approved posts only"
    return "Creators publish approved content only" if actor.role is Role.content_creator else ""


def _override_network(column: str) -> str | None:
    match = OVERRIDE_COLUMN.match(column)
    return NETWORK_NAMES.get((match["after"] or match["before"]).strip()) if match else None


def _check_row(org: _Org, number: int, header: list[str], cells: list[str], overrides: dict[int, str]) -> RowCheck:
    values = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header) if name in COLUMNS}
    row = RowCheck(number=number, text=values["text"], timezone=values.get("timezone", ""))
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
        row.errors.append("The row has more cells than the header has columns: quote a text that holds the "
                          "delimiter.")
    words = {network: cells[i].strip() for i, network in overrides.items() if i < len(cells) and cells[i].strip()}
    if not row.text and not words:
        row.errors.append("The text is empty.")
    accounts = _accounts(org, values["accounts"], row.errors)
    row.accounts = [f"{a.network}:{_handle(a)}" for a in accounts]
    row.when = _moment(values.get("scheduled_at", ""), row.timezone or org.zone, row.errors)
    campaign_id = _campaign(org, values.get("campaign", ""), row.errors)
    _check_lengths(values, row.errors)
    draft = posts.PostDraft(text=row.text, overrides=words, account_ids=tuple(a.id for a in accounts),
                            campaign_id=campaign_id, title=values.get("title", ""), link=values.get("link", ""),
                            first_comment=values.get("first_comment", ""))
    for found in posts.fit_problems(draft, {a.network for a in accounts}, []).values():
        row.errors.extend(found)
    if row.when and org.approval_rule:
        row.errors.append(f"{org.approval_rule}: leave scheduled_at empty to import a draft, then submit it for "
                          "approval.")
    row.draft = draft if row.valid else None
    return row


def _accounts(org: _Org, cell: str, errors: list[str]) -> list[SocialAccount]:
    names = [name.strip() for name in re.split(r"[;|,\n]", cell) if name.strip()]
    if not names:
        errors.append("No accounts: name networks (twitter, facebook…) or account handles, separated by ;.")
    found: dict[int, SocialAccount] = {}
    for name in names:
        matches = _match_account(org, name)
        if isinstance(matches, str):
            errors.append(matches)
        else:
            found.update((account.id, account) for account in matches)
    return list(found.values())


def _match_account(org: _Org, name: str) -> list[SocialAccount] | str:
    """A network name (every connected account of it), `network:handle`, or a handle or page name alone."""
    network, _, handle = name.rpartition(":")
    if not network and (whole := NETWORK_NAMES.get(name.lower())):
        return [a for a in org.accounts if a.network == whole] or f"No {LABELS[whole]} account is connected."
    if network and not (network := NETWORK_NAMES.get(network.strip().lower())):
        return f"Unknown network in {name!r}: use one of {', '.join(LABELS)}."
    bare = handle.strip().lstrip("@").lower()
    matches = [a for a in org.accounts if (not network or a.network == network)
               and bare in (a.handle.lstrip("@").lower(), a.display_name.strip().lower())]
    if not matches:
        return f"Unknown account {name!r}: use a network name or the handle of a connected account."
    if len(matches) > 1:
        return (f"{name!r} is an account on {', '.join(LABELS[a.network] for a in matches)}: write network:handle, "
                f"e.g. {matches[0].network}:{_handle(matches[0])}.")
    return matches


def _handle(account: SocialAccount) -> str:
    return f"@{account.handle.lstrip('@')}" if account.handle else account.display_name


def _moment(value: str, zone_name: str, errors: list[str]) -> datetime | None:
    """An ISO 8601 time with its offset, or a local "YYYY-MM-DD HH:MM" in `zone_name`; None when empty."""
    if not value:
        return None
    try:
        where = scheduling.zone(zone_name)
    except ValidationFailed as exc:
        errors.append(exc.message)
        return None
    try:
        moment = datetime.fromisoformat(value) if len(value) > 10 else None
    except ValueError:
        moment = None
    if moment is None:
        errors.append(f"Cannot read the time {value!r}: write 2026-12-01 09:00 (in {zone_name}) or "
                      "2026-12-01T09:00:00+01:00.")
        return None
    if moment.tzinfo is None:
        local = moment.replace(tzinfo=where)
        if local.astimezone(UTC).astimezone(where).replace(tzinfo=None) != moment:
            errors.append(f"{value} does not exist in {zone_name}: the clocks go forward then.")
            return None
        moment = local
    if as_utc(moment) < utcnow() - scheduling.PAST_TOLERANCE:
        errors.append(f"{value} has passed; pick a time from now on.")
        return None
    return as_utc(moment)


def _campaign(org: _Org, name: str, errors: list[str]) -> int | None:
    if not name:
        return None
    if (campaign_id := org.campaigns.get(name.lower())) is None:
        errors.append(f"No campaign is named {name!r}.")
    return campaign_id


def _check_lengths(values: dict[str, str], errors: list[str]) -> None:
    for name, limit in (("title", 300), ("link", 2048), ("first_comment", 2200)):
        if len(values.get(name, "")) > limit:
            errors.append(f"The {name.replace('_', ' ')} is {len(values[name]):,} characters; at most {limit:,}.")
    link = values.get("link", "")
    if link and not re.match(r"^https?://[^\s/]+", link):
        errors.append(f"The link {link[:60]!r} is not a web address (https://…).")


# --- importing -----------------------------------------------------------------------------------


def import_posts(db: Session, actor: Actor, data: bytes, timezone: str = "") -> ImportResult:
    """Check again (time moves, accounts disconnect), then create and schedule every valid row."""
    preview = preview_import(db, actor, data, timezone)
    valid = preview.valid_rows
    if not valid:
        raise posts.invalid([(f"row {row.number}", message) for row in preview.rows for message in row.errors])
    created, warnings = [], []
    for row in valid:
        post = posts.create_post(db, actor, row.draft)
        if row.when is not None:
            done = scheduling.schedule_post(db, actor, post.id, row.when, row.timezone)
            warnings += [f"Row {row.number}: {warning}" for warning in done.warnings]
        created.append(post)
    record_audit(db, "posts.imported", actor_user_id=actor.user_id, org_id=actor.org_id,
                 detail=f"{len(created)} posts, {len(preview.rows) - len(valid)} rows skipped")
    return ImportResult(created, preview, warnings)


# --- exporting -----------------------------------------------------------------------------------


def export_posts(db: Session, actor: Actor, fmt: str, date_from: date | None = None,
                 date_to: date | None = None) -> Export:
    """Scheduled and published posts whose time falls in the range (days in the organization's zone)."""
    if fmt not in FORMATS:
        raise ValidationFailed("format", "Choose CSV or JSON.")
    if date_from and date_to and date_to < date_from:
        raise ValidationFailed("to", "The end date is before the start date.")
    only_author = _export_scope(actor)
    org = db.get(Organization, actor.org_id)
    where = scheduling.zone(org.timezone)
    query = select(Post).where(Post.org_id == actor.org_id, Post.deleted_at == None,
                               Post.status.in_(EXPORT_STATUSES), Post.scheduled_at != None)
    if only_author:
        query = query.where(Post.author_user_id == actor.user_id)
    if date_from:
        query = query.where(Post.scheduled_at >= datetime.combine(date_from, time(), where).astimezone(UTC))
    if date_to:
        query = query.where(Post.scheduled_at < datetime.combine(date_to + timedelta(days=1), time(), where)
                            .astimezone(UTC))
    found = list(db.exec(query.order_by(Post.scheduled_at, Post.id).limit(MAX_EXPORT + 1)))
    if len(found) > MAX_EXPORT:
        raise ValidationFailed("from", f"More than {MAX_EXPORT:,} posts fall in this range: pick a shorter one.")
    rows = _export_rows(db, actor, found, where)
    span = f"{date_from or 'start'}-to-{date_to or 'now'}"
    body = _csv(rows) if fmt == "csv" else _json(org, date_from, date_to, rows)
    return Export(f"allin-posts-{span}.{fmt}", FORMATS[fmt], body)


def _export_scope(actor: Actor) -> bool:
    """True when the actor may export their own posts only (a creator); refused for who may not at all."""
    if allows(actor, Permission.export_data, Target(org_id=actor.org_id)):
        return False
    if allows(actor, Permission.export_data, Target(org_id=actor.org_id, owner_id=actor.user_id)):
        return True
    raise PermissionDenied("You are not allowed to export data.")


def _export_rows(db: Session, actor: Actor, found: list[Post], where) -> list[dict]:
    accounts = {a.id: a for a in db.exec(select(SocialAccount).where(SocialAccount.org_id == actor.org_id))}
    targets: dict[int, list[PostTarget]] = {}
    for start in range(0, len(found), 500):
        chunk = [post.id for post in found[start:start + 500]]
        for target in db.exec(select(PostTarget).where(PostTarget.post_id.in_(chunk)).order_by(PostTarget.id)):
            targets.setdefault(target.post_id, []).append(target)
    return [_export_row(post, targets.get(post.id, []), accounts, where) for post in found]


def _export_row(post: Post, targets: list[PostTarget], accounts: dict[int, SocialAccount], where) -> dict:
    published = [as_utc(t.published_at) for t in targets if t.published_at]
    scheduled = as_utc(post.scheduled_at)
    return {"id": post.id, "status": post.status, "text": post.text,
            "accounts": [f"{t.network}:{_handle(accounts[t.account_id])}" for t in targets],
            "networks": sorted({t.network for t in targets}),
            "scheduled_at": scheduled.astimezone(where).isoformat(), "scheduled_at_utc": scheduled.isoformat(),
            "published_at": min(published).isoformat() if published else None,
            "urls": [t.url for t in targets if t.url]}


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        flat = {key: "; ".join(value) if isinstance(value, list) else value for key, value in row.items()}
        writer.writerow({key: _inert(value) for key, value in flat.items()})
    return out.getvalue().encode("utf-8-sig")  # the BOM makes spreadsheet apps read UTF-8


def _inert(value: object) -> object:
    """A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection)."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _json(org: Organization, date_from: date | None, date_to: date | None, rows: list[dict]) -> bytes:
    document = {"organization": org.name, "timezone": org.timezone, "exported_at": utcnow().isoformat(),
                "from": date_from.isoformat() if date_from else None, "to": date_to.isoformat() if date_to else None,
                "posts": rows}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

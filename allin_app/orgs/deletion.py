"""Removing an organization and everything it owns, walked from the schema so a new table is covered too.

What goes, what stays:
- every row of a table that names the organization (its `org_id`, `client_org_id`... foreign key), and every row
  that cannot exist without one of those (a NOT NULL foreign key to it: versions, targets, snapshots, decisions),
  found with `IN (SELECT ...)` subqueries along the foreign keys, deleted children before parents;
- a nullable reference to one of those rows from a row that stays (a user's home organization, another
  organization's conversion naming one of its posts) is set to NULL: other tenants' data is never deleted;
- people stay: users are platform-wide, only their memberships (and other organization rows) go;
- the audit log stays: its events about the organization are kept with their organization reference set to NULL,
  so the platform keeps its record (and an organization later given the same id does not inherit them); the
  caller audits the deletion itself;
- the organization's files (media with their thumbnails, generated reports) are removed once the transaction
  commits, so a failure part-way deletes nothing, neither rows nor files.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Column, ColumnElement, Select, Table, delete, event, false, inspect, or_, tuple_, update
from sqlalchemy.orm import Mapper
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, SQLModel, select

import allin_app.core.models  # noqa: F401 - registers every table in SQLModel.metadata
from allin_app.analytics.reports import reports_dir
from allin_app.content import media_store

ORGANIZATIONS = "organizations"
# platform-wide tables: their rows are never deleted with an organization, only detached from it
PLATFORM_TABLES = frozenset({"users"})
PENDING_FILES = "orgdel.pending_files"


class _Ownership:
    """Which rows of each table belong to one organization, as SQL conditions built from the foreign keys."""

    def __init__(self, org_id: int) -> None:
        self.org_id = org_id
        self._conditions: dict[str, ColumnElement[bool]] = {}

    def condition(self, table: Table) -> ColumnElement[bool]:
        if table.name not in self._conditions:
            self._conditions[table.name] = self._build(table)
        return self._conditions[table.name]

    def _build(self, table: Table) -> ColumnElement[bool]:
        if table.name == ORGANIZATIONS:
            return table.c.id == self.org_id
        if table.name in PLATFORM_TABLES:
            return false()
        # an unlinked, nullable organization column (the audit log's) keeps its rows: it is only set to NULL
        links = [column == self.org_id for column in table.columns
                 if _names_organization(column) and (column.foreign_keys or not column.nullable)]
        for column in table.columns:
            for fk in column.foreign_keys:
                parent = fk.column.table
                if column.nullable or parent is table or parent.name in (ORGANIZATIONS, *PLATFORM_TABLES):
                    continue
                links.append(column.in_(self.owned(fk.column)))
        return or_(false(), *links)

    def owned(self, referenced: Column) -> Select:
        """The values of `referenced` (a key other rows point at) in the organization's rows of its table."""
        return select(referenced).where(self.condition(referenced.table))


def _names_organization(column: Column) -> bool:
    """A column holding an organization id: a foreign key to it, or an unlinked `org_id`-style column."""
    if column.foreign_keys:
        return any(fk.column.table.name == ORGANIZATIONS for fk in column.foreign_keys)
    return column.name == "org_id" or column.name.endswith("_org_id")


def purge_organization(db: Session, org_id: int) -> dict[str, int]:
    """Delete the organization and all its rows in the session's transaction; answer the rows deleted per table.

    Files go after the commit (see the module's docstring for what is kept); nothing is committed here.
    """
    db.flush()
    ownership = _Ownership(org_id)
    tables = SQLModel.metadata.sorted_tables
    files = _files_of(db, ownership)
    _detach_references(db, ownership, tables)
    deleted: dict[str, int] = {}
    for table in reversed(tables):
        if table.name in PLATFORM_TABLES:
            continue
        count = db.exec(delete(table).where(ownership.condition(table))).rowcount  # type: ignore[call-overload]
        if count:
            deleted[table.name] = count
    _forget_deleted_objects(db, set(deleted))
    _remove_after_commit(db, _unused_files(db, files, org_id))
    return deleted


def _forget_deleted_objects(db: Session, tables: set[str]) -> None:
    """Expunge the session's objects whose rows are gone (they keep their values for the caller, and `db.get`
    no longer answers them from memory), then expire the rest, some of which were detached above."""
    by_mapper: dict[Mapper, list[tuple[tuple, object]]] = defaultdict(list)
    for (_cls, identity, *_token), instance in list(db.identity_map.items()):
        mapper = inspect(instance).mapper
        if mapper.local_table.name in tables:
            by_mapper[mapper].append((tuple(identity), instance))
    for mapper, entries in by_mapper.items():
        keys = list(mapper.primary_key)
        found = db.connection().execute(select(*keys).where(tuple_(*keys).in_([i for i, _ in entries])))
        present = {tuple(row) for row in found}
        for identity, instance in entries:
            if identity not in present:
                db.expunge(instance)
    db.expire_all()


def _detach_references(db: Session, ownership: _Ownership, tables: Iterable[Table]) -> None:
    """Set to NULL every nullable reference to a row about to go (which also unties self-references), except
    the organization columns that make a row the organization's own: a template's nullable `org_id` marks it as
    the organization's, not as a shared template. Which rows are the organization's does not change: that is
    decided by NOT NULL foreign keys and organization columns only."""
    for table in tables:
        for column in table.columns:
            if not column.nullable:
                continue
            if _names_organization(column):
                if table.name in PLATFORM_TABLES or table.name == ORGANIZATIONS or not column.foreign_keys:
                    db.exec(update(table).where(column == ownership.org_id).values({column.name: None}))
                continue
            for fk in column.foreign_keys:
                if fk.column.table.name not in PLATFORM_TABLES:
                    db.exec(update(table).where(column.in_(ownership.owned(fk.column))).values({column.name: None}))


def _files_of(db: Session, ownership: _Ownership) -> dict[str, list[Path]]:
    """The organization's files on disk, by the media storage key or report path that names them."""
    assets, runs = SQLModel.metadata.tables["media_assets"], SQLModel.metadata.tables["report_runs"]
    files: dict[str, list[Path]] = {}
    for key, has_thumbnail in db.exec(select(assets.c.storage_key, assets.c.has_thumbnail)
                                      .where(ownership.condition(assets))):
        try:
            files[key] = [media_store.path_of(key), *([media_store.thumbnail_of(key)] if has_thumbnail else [])]
        except ValueError:
            continue  # a key outside the media root was never a file of this library
    for relative in db.exec(select(runs.c.file_path).where(ownership.condition(runs), runs.c.file_path != "")):
        files[relative] = [reports_dir() / relative]
    return files


def _unused_files(db: Session, files: dict[str, list[Path]], org_id: int) -> list[Path]:
    """The files no remaining row names, with the organization's own folders (`<org_id>/` under the media and
    report roots: stray files of it go too) unless a remaining media row still lives there, which AllIN never
    does since it files every upload under its organization's folder."""
    assets = SQLModel.metadata.tables["media_assets"]
    folder = f"{org_id}/"
    kept = set(db.exec(select(assets.c.storage_key).where(
        or_(assets.c.storage_key.in_(list(files)), assets.c.storage_key.startswith(folder)))))
    paths = [path for key, found in files.items() if key not in kept for path in found]
    if not any(key.startswith(folder) for key in kept):
        paths += [media_store.media_root() / str(org_id), reports_dir() / str(org_id)]
    return paths


def _remove_after_commit(db: Session, paths: list[Path]) -> None:
    db.info.setdefault(PENDING_FILES, []).extend(paths)


@event.listens_for(OrmSession, "after_commit")
def _remove_pending_files(session: OrmSession) -> None:
    for path in session.info.pop(PENDING_FILES, []):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


@event.listens_for(OrmSession, "after_rollback")
def _keep_files_after_rollback(session: OrmSession) -> None:
    session.info.pop(PENDING_FILES, None)

"""The media library: upload (checked by content, de-duplicated by hash), folders, search, tags and
alt text, soft delete, edited copies, and the signed public URL networks fetch files from.

Permissions: uploading follows Create Content, changing a file Edit Content and deleting it Delete
Content (creators: their own uploads; managers: the organization's). Everyone in the organization may
see and use its files; a client organization also sees the files its agency shared with clients,
read-only. Deleting hides a file from the library; its bytes stay, so posts using it keep working.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path, PureWindowsPath
from typing import BinaryIO

from sqlalchemy import and_, func, literal, or_
from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.content import media_store
from allin_app.content.media_store import media_file_for, public_file, public_media_url  # noqa: F401  (the publisher's)
from allin_app.content.models import MediaAsset, MediaFolder
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, allows, require
from allin_app.orgs.models import Organization, OrgKind

MAX_TAGS, MAX_TAG_LENGTH = 20, 40
TAG = re.compile(r"^[\w-]+$")
PAGE_SIZE, MAX_PAGE_SIZE = 48, 200
SHARED_READ_ONLY = "This file is shared by your agency: you can use it in posts, not change it."


@dataclass(frozen=True)
class Outcome:
    """What became of one uploaded file: stored, already in the library (`duplicate`), or refused."""

    name: str
    asset: MediaAsset | None = None
    duplicate: bool = False
    error: str = ""


@dataclass(frozen=True)
class MediaQuery:
    q: str = ""  # part of the name
    kind: str = ""  # image, gif, video, pdf
    folder_id: int | None = None  # None: every folder; 0: files in no folder
    tag: str = ""
    date_from: date | None = None  # uploaded on or after (UTC)
    date_to: date | None = None  # uploaded on or before


@dataclass(frozen=True)
class MediaPage:
    items: list[MediaAsset]
    total: int
    next_cursor: str | None


# ---- who may do what -------------------------------------------------------------------------------

def _require_read(actor: Actor) -> None:
    if not (allows(actor, Permission.edit_content, write=False) or allows(actor, Permission.approve_content,
                                                                          write=False)):
        raise PermissionDenied("You are not allowed to view the media library.")


def may_upload(actor: Actor) -> bool:
    return allows(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))


def _asset_target(asset: MediaAsset) -> Target:
    return Target(org_id=asset.org_id, owner_id=asset.uploaded_by_user_id)


def may_edit(actor: Actor, asset: MediaAsset) -> bool:
    return asset.org_id == actor.org_id and allows(actor, Permission.edit_content, _asset_target(asset))


def may_delete(actor: Actor, asset: MediaAsset) -> bool:
    return asset.org_id == actor.org_id and allows(actor, Permission.delete_content, _asset_target(asset))


def may_manage_folders(actor: Actor) -> bool:
    return allows(actor, Permission.edit_content, Target(org_id=actor.org_id))


def _require_change(actor: Actor, asset: MediaAsset, permission: Permission) -> None:
    if asset.org_id != actor.org_id:
        raise PermissionDenied(SHARED_READ_ONLY)
    require(actor, permission, _asset_target(asset))


def _sharing_agency(db: Session, org_id: int) -> int | None:
    """The agency whose shared files a client organization sees."""
    org = db.get(Organization, org_id)
    return org.parent_id if org is not None and org.kind == OrgKind.client.value else None


def visible_to(db: Session, actor: Actor):
    agency_id = _sharing_agency(db, actor.org_id)
    own = MediaAsset.org_id == actor.org_id
    if agency_id is None:
        return own
    return or_(own, and_(MediaAsset.org_id == agency_id, col(MediaAsset.shared_with_clients).is_(True)))


def find_asset(db: Session, actor: Actor, asset_id: int, *, deleted_in_use_ok: bool = False) -> MediaAsset:
    _require_read(actor)
    asset = db.get(MediaAsset, asset_id)
    reachable = asset is not None and (asset.org_id == actor.org_id or (
        asset.shared_with_clients and asset.org_id == _sharing_agency(db, actor.org_id)))
    if not reachable or (asset.deleted_at is not None and not (deleted_in_use_ok and media_store.in_use(db, asset.id))):
        raise NotFound("Media file not found.")
    return asset


def get_media(db: Session, actor: Actor, asset_id: int) -> MediaAsset:
    return find_asset(db, actor, asset_id)


# ---- cleaning what people type ---------------------------------------------------------------------

def clean_name(raw: str) -> str:
    """A display name from an uploaded file name: no folders, no control characters, at most 255 characters."""
    name = " ".join(re.sub(r"[\x00-\x1f\x7f]", "", PureWindowsPath(raw or "").name).split())
    if len(name) > 255:
        suffix = Path(name).suffix[:20]
        name = name[: 255 - len(suffix)] + suffix
    return name or "untitled"


def clean_tags(raw: str | Iterable[str]) -> str:
    words = re.split(r"[\s,]+", raw if isinstance(raw, str) else " ".join(raw))
    tags: list[str] = []
    for word in (w.strip().lstrip("#").lower() for w in words):
        if not word or word in tags:
            continue
        if not TAG.match(word) or len(word) > MAX_TAG_LENGTH:
            raise ValidationFailed("tags", f"'{word}' is not a tag: tags are single words of letters, digits, - "
                                           f"and _ (at most {MAX_TAG_LENGTH} characters).")
        tags.append(word)
    if len(tags) > MAX_TAGS:
        raise ValidationFailed("tags", f"At most {MAX_TAGS} tags per file.")
    return " ".join(tags)


# ---- uploading -------------------------------------------------------------------------------------

def _same_bytes(db: Session, org_id: int, sha256: str) -> MediaAsset | None:
    return db.exec(select(MediaAsset).where(MediaAsset.org_id == org_id, MediaAsset.sha256 == sha256,
                                            col(MediaAsset.deleted_at).is_(None))
                   .order_by(MediaAsset.id)).first()


def add_received(db: Session, actor: Actor, received: media_store.Received, name: str, *, folder_id: int | None,
         tags: str, alt_text: str = "", source_id: int | None = None) -> tuple[MediaAsset, bool]:
    """Store a received file (or find the same bytes already stored); the temporary file is always used up."""
    try:
        require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
        facts = media_store.identify(received, name)
        existing = _same_bytes(db, actor.org_id, received.sha256)
        if existing is not None:
            media_store.discard(received.path)
            return existing, True
        key = media_store.storage_key(actor.org_id, received.sha256, facts.mime)
        stored = media_store.place(received, key)
    except BaseException:
        media_store.discard(received.path)
        raise
    asset = MediaAsset(org_id=actor.org_id, folder_id=folder_id, source_id=source_id, name=name, kind=facts.kind,
                       mime=facts.mime, size=received.size, width=facts.width, height=facts.height,
                       duration=facts.duration, sha256=received.sha256, storage_key=key, tags=tags,
                       alt_text=alt_text, uploaded_by_user_id=actor.user_id,
                       has_thumbnail=facts.kind in ("image", "gif") and media_store.make_thumbnail(stored, key))
    db.add(asset)
    db.flush()
    record_audit(db, "media.edited" if source_id else "media.uploaded", actor_user_id=actor.user_id,
                 org_id=actor.org_id, target=f"media:{asset.id}", detail=f"{name} ({facts.mime}, {received.size} B)")
    return asset, False


def upload_files(db: Session, actor: Actor, files: Iterable[tuple[str, BinaryIO]], *, folder_id: int | None = None,
                 tags: str = "") -> list[Outcome]:
    """Add many files at once; a refused file is reported in its Outcome and does not stop the others."""
    require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    folder_id = _own_folder(db, actor, folder_id).id if folder_id else None
    tag_text = clean_tags(tags)
    outcomes = [_upload_one(db, actor, clean_name(name), stream, folder_id, tag_text) for name, stream in files]
    if not outcomes:
        raise ValidationFailed("files", "Choose at least one file to upload.")
    return outcomes


def _upload_one(db: Session, actor: Actor, name: str, stream: BinaryIO, folder_id: int | None,
                tags: str) -> Outcome:
    try:
        received = media_store.receive(stream, media_store.MAX_UPLOAD)
    except media_store.TooLarge:
        largest = media_store.human_size(media_store.MAX_UPLOAD)
        return Outcome(name, error=f"{name} is larger than {largest}, the most any file may be.")
    try:
        asset, duplicate = add_received(db, actor, received, name, folder_id=folder_id, tags=tags)
    except ValidationFailed as exc:
        return Outcome(name, error=exc.message)
    return Outcome(name, asset=asset, duplicate=duplicate)


# ---- folders ---------------------------------------------------------------------------------------

def list_folders(db: Session, actor: Actor) -> list[MediaFolder]:
    _require_read(actor)
    return list(db.exec(select(MediaFolder).where(MediaFolder.org_id == actor.org_id).order_by(MediaFolder.name)))


def _own_folder(db: Session, actor: Actor, folder_id: int) -> MediaFolder:
    folder = db.get(MediaFolder, folder_id)
    if folder is None or folder.org_id != actor.org_id:
        raise NotFound("Folder not found.")
    return folder


def _folder_name(db: Session, org_id: int, parent_id: int | None, name: str, renaming: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise ValidationFailed("name", "A folder name is 1 to 120 characters.")
    siblings = db.exec(select(MediaFolder).where(MediaFolder.org_id == org_id, MediaFolder.parent_id == parent_id))
    if any(f.name.lower() == name.lower() and f.id != renaming for f in siblings):
        raise ValidationFailed("name", f"There is already a folder named {name} here.")
    return name


def create_folder(db: Session, actor: Actor, name: str, parent_id: int | None = None) -> MediaFolder:
    require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    parent = _own_folder(db, actor, parent_id) if parent_id else None
    folder = MediaFolder(org_id=actor.org_id, parent_id=parent.id if parent else None,
                         name=_folder_name(db, actor.org_id, parent.id if parent else None, name))
    db.add(folder)
    db.flush()
    record_audit(db, "media.folder_created", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"media_folder:{folder.id}", detail=folder.name)
    return folder


def _changeable_folder(db: Session, actor: Actor, folder_id: int, permission: Permission) -> MediaFolder:
    folder = _own_folder(db, actor, folder_id)
    require(actor, permission, Target(org_id=folder.org_id))  # folders record no owner: org-wide roles only
    return folder


def rename_folder(db: Session, actor: Actor, folder_id: int, name: str) -> MediaFolder:
    folder = _changeable_folder(db, actor, folder_id, Permission.edit_content)
    folder.name = _folder_name(db, actor.org_id, folder.parent_id, name, renaming=folder.id)
    db.add(folder)
    record_audit(db, "media.folder_renamed", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"media_folder:{folder.id}", detail=folder.name)
    return folder


def move_folder(db: Session, actor: Actor, folder_id: int, parent_id: int | None) -> MediaFolder:
    """Into another folder (nesting as deep as needed) or to the top; never into itself or below itself."""
    folder = _changeable_folder(db, actor, folder_id, Permission.edit_content)
    parent = _own_folder(db, actor, parent_id) if parent_id else None
    ancestor = parent
    while ancestor is not None:
        if ancestor.id == folder.id:
            raise ValidationFailed("parent_id", "A folder cannot go inside itself or one of its own folders.")
        ancestor = db.get(MediaFolder, ancestor.parent_id) if ancestor.parent_id else None
    folder.name = _folder_name(db, actor.org_id, parent.id if parent else None, folder.name, renaming=folder.id)
    folder.parent_id = parent.id if parent else None
    db.add(folder)
    record_audit(db, "media.folder_moved", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"media_folder:{folder.id}", detail=f"into {parent.name if parent else 'the top level'}")
    return folder


def delete_folder(db: Session, actor: Actor, folder_id: int) -> None:
    """Only an empty folder goes; deleted files that were in it stay with their posts, in no folder."""
    folder = _changeable_folder(db, actor, folder_id, Permission.delete_content)
    files = db.exec(select(func.count()).select_from(MediaAsset).where(
        MediaAsset.folder_id == folder.id, col(MediaAsset.deleted_at).is_(None))).one()
    subfolders = db.exec(select(func.count()).select_from(MediaFolder).where(MediaFolder.parent_id == folder.id)).one()
    if files or subfolders:
        raise Conflict(f"{folder.name} still holds {files} file(s) and {subfolders} folder(s): move or delete "
                       "them first.")
    for asset in db.exec(select(MediaAsset).where(MediaAsset.folder_id == folder.id)):
        asset.folder_id = None
        db.add(asset)
    db.flush()
    db.delete(folder)
    record_audit(db, "media.folder_deleted", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"media_folder:{folder.id}", detail=folder.name)


# ---- finding ---------------------------------------------------------------------------------------

def _conditions(db: Session, actor: Actor, query: MediaQuery) -> list:
    conditions = [visible_to(db, actor), col(MediaAsset.deleted_at).is_(None)]
    if query.q.strip():
        conditions.append(func.lower(MediaAsset.name).contains(query.q.strip().lower(), autoescape=True))
    if query.kind:
        if query.kind not in media_store.KIND_LIMITS:
            raise ValidationFailed("kind", f"Pick a type: {', '.join(media_store.KIND_LIMITS)}.")
        conditions.append(MediaAsset.kind == query.kind)
    if query.folder_id == 0:
        conditions += [MediaAsset.org_id == actor.org_id, col(MediaAsset.folder_id).is_(None)]
    elif query.folder_id is not None:
        conditions.append(MediaAsset.folder_id == _own_folder(db, actor, query.folder_id).id)
    if query.tag.strip():
        tag = clean_tags(query.tag)
        conditions.append((literal(" ") + MediaAsset.tags + " ").contains(f" {tag} ", autoescape=True))
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise ValidationFailed("to", "The end date is before the start date.")
    if query.date_from:
        conditions.append(MediaAsset.created_at >= datetime.combine(query.date_from, time.min, UTC))
    if query.date_to:
        conditions.append(MediaAsset.created_at < datetime.combine(query.date_to + timedelta(days=1), time.min, UTC))
    return conditions


def list_media(db: Session, actor: Actor, query: MediaQuery = MediaQuery(), *, limit: int = PAGE_SIZE,
               cursor: str | None = None) -> MediaPage:
    """Newest first; `cursor` is the `next_cursor` of the page before."""
    _require_read(actor)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed("limit", f"limit must be between 1 and {MAX_PAGE_SIZE}.")
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed("cursor", "This cursor was not made by this list.")
    conditions = _conditions(db, actor, query)
    total = db.exec(select(func.count()).select_from(MediaAsset).where(*conditions)).one()
    page = select(MediaAsset).where(*conditions).order_by(MediaAsset.id.desc()).limit(limit + 1)
    if cursor:
        page = page.where(MediaAsset.id < int(cursor))
    rows = list(db.exec(page))
    next_cursor = str(rows[limit - 1].id) if len(rows) > limit else None
    return MediaPage(items=rows[:limit], total=total, next_cursor=next_cursor)


# ---- changing --------------------------------------------------------------------------------------

def update_media(db: Session, actor: Actor, asset_id: int, *, name: str | None = None, tags: str | None = None,
                 alt_text: str | None = None, shared_with_clients: bool | None = None) -> MediaAsset:
    asset = find_asset(db, actor, asset_id)
    _require_change(actor, asset, Permission.edit_content)
    if name is not None:
        if not name.strip():
            raise ValidationFailed("name", "A file needs a name.")
        asset.name = clean_name(name)
    if tags is not None:
        asset.tags = clean_tags(tags)
    if alt_text is not None:
        if len(alt_text.strip()) > 1000:
            raise ValidationFailed("alt_text", "Alt text may be at most 1000 characters.")
        asset.alt_text = alt_text.strip()
    if shared_with_clients is not None:
        org = db.get(Organization, actor.org_id)
        if shared_with_clients and org.kind != OrgKind.agency.value:
            raise ValidationFailed("shared_with_clients", "Only an agency's files can be shared with its clients.")
        asset.shared_with_clients = shared_with_clients
    db.add(asset)
    record_audit(db, "media.updated", actor_user_id=actor.user_id, org_id=actor.org_id, target=f"media:{asset.id}")
    return asset


def _own_changeable(db: Session, actor: Actor, asset_ids: Iterable[int], permission: Permission) -> list[MediaAsset]:
    ids = list(dict.fromkeys(asset_ids))
    if not ids:
        raise ValidationFailed("ids", "Select at least one file.")
    assets = [find_asset(db, actor, asset_id) for asset_id in ids]
    for asset in assets:
        _require_change(actor, asset, permission)
    return assets


def move_media(db: Session, actor: Actor, asset_ids: Iterable[int], folder_id: int | None) -> list[MediaAsset]:
    """Into a folder of the organization, or out of every folder (None); all of them or none."""
    assets = _own_changeable(db, actor, asset_ids, Permission.edit_content)
    folder = _own_folder(db, actor, folder_id) if folder_id else None
    for asset in assets:
        asset.folder_id = folder.id if folder else None
        db.add(asset)
        record_audit(db, "media.moved", actor_user_id=actor.user_id, org_id=actor.org_id, target=f"media:{asset.id}",
                     detail=f"to {folder.name if folder else 'no folder'}")
    return assets


def delete_media(db: Session, actor: Actor, asset_ids: Iterable[int]) -> int:
    """Hide files from the library (all of them or none); posts that use them keep them."""
    assets = _own_changeable(db, actor, asset_ids, Permission.delete_content)
    for asset in assets:
        asset.deleted_at = utcnow()
        db.add(asset)
        record_audit(db, "media.deleted", actor_user_id=actor.user_id, org_id=actor.org_id,
                     target=f"media:{asset.id}", detail=asset.name)
    return len(assets)


# ---- serving ---------------------------------------------------------------------------------------

def file_for(db: Session, actor: Actor, asset_id: int, *, thumbnail: bool = False) -> tuple[MediaAsset, Path]:
    """The bytes a member may see: a library file, or a deleted one a post still uses."""
    asset = find_asset(db, actor, asset_id, deleted_in_use_ok=True)
    if thumbnail and not asset.has_thumbnail:
        raise NotFound("This file has no thumbnail: videos and PDFs show an icon.")
    return asset, media_store.existing_path(asset.storage_key, thumbnail=thumbnail)

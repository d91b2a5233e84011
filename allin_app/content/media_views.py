"""REST routes of the media library (/api/v1/media): upload, list, change, delete, folders, edited
copies, and the file routes. Files are served only to members of the organization (bearer token, or
the browser's session cookie for <img> tags), or through a signed link that expires."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, Depends, File, Form, Header, Query, Response, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from allin_app.api.deps import Caller, CurrentCaller, DbSession, current_caller, current_user
from allin_app.content import media, media_edit
from allin_app.content.models import MediaAsset, MediaFolder
from allin_app.core.clock import as_utc
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor

router = APIRouter(prefix="/api/v1/media", tags=["media"])
FILE_HEADERS = {"Content-Security-Policy": "default-src 'none'; sandbox", "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, max-age=300"}


class MediaOut(BaseModel):
    id: int
    name: str
    kind: str
    mime: str
    size: int
    width: int | None
    height: int | None
    duration: float | None
    sha256: str
    folder_id: int | None
    source_id: int | None
    tags: list[str]
    alt_text: str
    shared_with_clients: bool
    shared_by_agency: bool  # an agency's file seen from its client: read-only
    can_edit: bool
    can_delete: bool
    file_url: str
    thumbnail_url: str | None
    created_at: datetime


class MediaPageOut(BaseModel):
    items: list[MediaOut]
    total: int
    next_cursor: str | None = None


class UploadedOut(BaseModel):
    name: str
    status: str  # stored, duplicate (the same bytes were already in the library: `media` is that file), refused
    message: str = ""
    media: MediaOut | None = None


class UploadOut(BaseModel):
    items: list[UploadedOut]


class MediaPatch(BaseModel):
    name: str | None = None
    tags: list[str] | str | None = None
    alt_text: str | None = None
    shared_with_clients: bool | None = None
    folder_id: int | None = None  # send null to take the file out of its folder


class IdsIn(BaseModel):
    ids: list[int] = Field(min_length=1, max_length=500)


class MoveIn(IdsIn):
    folder_id: int | None = None


class CountOut(BaseModel):
    count: int


class EditIn(BaseModel):
    operations: list[dict[str, Any]] = Field(description="Applied in order, e.g. "
                                             '[{"op": "resize", "preset": "instagram_square"}, '
                                             '{"op": "filter", "name": "sepia"}]. ops: crop (left, top, width, '
                                             "height), resize (preset, or width and height), rotate (degrees), "
                                             "flip (direction), filter (name, amount/radius), text (text, "
                                             "position, size, color).")


class EditOut(BaseModel):
    media: MediaOut
    duplicate: bool


class FolderOut(BaseModel):
    id: int
    name: str
    parent_id: int | None


class FolderList(BaseModel):
    items: list[FolderOut]
    total: int


class FolderIn(BaseModel):
    name: str
    parent_id: int | None = None


class FolderPatch(BaseModel):
    name: str | None = None
    parent_id: int | None = None  # send null to move the folder to the top level


class PresetOut(BaseModel):
    key: str
    label: str
    width: int
    height: int


def media_out(asset: MediaAsset, actor: Actor) -> MediaOut:
    return MediaOut(
        id=asset.id, name=asset.name, kind=asset.kind, mime=asset.mime, size=asset.size, width=asset.width,
        height=asset.height, duration=asset.duration, sha256=asset.sha256, folder_id=asset.folder_id,
        source_id=asset.source_id, tags=asset.tags.split(), alt_text=asset.alt_text,
        shared_with_clients=asset.shared_with_clients, shared_by_agency=asset.org_id != actor.org_id,
        can_edit=media.may_edit(actor, asset), can_delete=media.may_delete(actor, asset),
        file_url=f"/api/v1/media/{asset.id}/file",
        thumbnail_url=f"/api/v1/media/{asset.id}/thumbnail" if asset.has_thumbnail else None,
        created_at=as_utc(asset.created_at))


def _folder_out(folder: MediaFolder) -> FolderOut:
    return FolderOut(id=folder.id, name=folder.name, parent_id=folder.parent_id)


def _serve(asset: MediaAsset, path, *, thumbnail: bool = False) -> FileResponse:
    if thumbnail:
        return FileResponse(path, media_type="image/jpeg", headers=FILE_HEADERS)
    return FileResponse(path, media_type=asset.mime, filename=asset.name, content_disposition_type="inline",
                        headers=FILE_HEADERS)


def file_viewer(db: DbSession, authorization: Annotated[str, Header()] = "",
                x_organization_id: Annotated[int | None, Header()] = None,
                allin_session: Annotated[str | None, Cookie()] = None,
                allin_org: Annotated[str | None, Cookie()] = None) -> Caller:
    """A bearer token (API), else the browser's HttpOnly session cookie in the organization its page is showing."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return current_caller(db, current_user(db, token.strip()), x_organization_id)
    user = current_user(db, allin_session or "")
    preferred = int(allin_org) if allin_org and allin_org.isdigit() else None
    try:
        return current_caller(db, user, x_organization_id or preferred)
    except NotFound:
        if x_organization_id is not None:
            raise
        return current_caller(db, user, None)  # like the pages: a stale organization choice falls back home


FileViewer = Annotated[Caller, Depends(file_viewer)]


# ---- folders (before /{media_id}, which would otherwise catch "folders") -----------------------------

@router.get("/folders", response_model=FolderList, summary="The organization's media folders")
def list_folders(caller: CurrentCaller, db: DbSession) -> FolderList:
    items = [_folder_out(f) for f in media.list_folders(db, caller.actor)]
    return FolderList(items=items, total=len(items))


@router.post("/folders", response_model=FolderOut, status_code=201, summary="Create a folder (inside another one)")
def create_folder(body: FolderIn, caller: CurrentCaller, db: DbSession) -> FolderOut:
    return _folder_out(media.create_folder(db, caller.actor, body.name, body.parent_id))


@router.patch("/folders/{folder_id}", response_model=FolderOut, summary="Rename a folder or move it")
def update_folder(folder_id: int, body: FolderPatch, caller: CurrentCaller, db: DbSession) -> FolderOut:
    folder = None
    if body.name is not None:
        folder = media.rename_folder(db, caller.actor, folder_id, body.name)
    if "parent_id" in body.model_fields_set:
        folder = media.move_folder(db, caller.actor, folder_id, body.parent_id)
    if folder is None:
        raise ValidationFailed("body", "Send a new name or parent_id.")
    return _folder_out(folder)


@router.delete("/folders/{folder_id}", status_code=204, summary="Delete an empty folder")
def delete_folder(folder_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    media.delete_folder(db, caller.actor, folder_id)
    return Response(status_code=204)


@router.get("/presets", response_model=list[PresetOut], summary="The network sizes an image can be resized to")
def presets(caller: CurrentCaller) -> list[PresetOut]:
    return [PresetOut(key=k, label=label, width=w, height=h) for k, (label, w, h) in media_edit.PRESETS.items()]


@router.get("/public/{media_id}", include_in_schema=False)
def public_file(media_id: int, db: DbSession, expires: int = 0, sig: str = "") -> FileResponse:
    """The signed link networks fetch a file from (no sign-in; valid for an hour)."""
    asset, path = media.public_file(db, media_id, expires, sig)
    return _serve(asset, path)


# ---- files -----------------------------------------------------------------------------------------

@router.get("", response_model=MediaPageOut, summary="The library, newest first, with filters")
def list_media(caller: CurrentCaller, db: DbSession, q: str = "", kind: str = "",
               folder_id: Annotated[int | None, Query(description="0: files in no folder")] = None, tag: str = "",
               from_: Annotated[date | None, Query(alias="from")] = None, to: date | None = None,
               limit: Annotated[int, Query(ge=1, le=media.MAX_PAGE_SIZE)] = media.PAGE_SIZE,
               cursor: str | None = None) -> MediaPageOut:
    query = media.MediaQuery(q=q, kind=kind, folder_id=folder_id, tag=tag, date_from=from_, date_to=to)
    page = media.list_media(db, caller.actor, query, limit=limit, cursor=cursor)
    return MediaPageOut(items=[media_out(a, caller.actor) for a in page.items], total=page.total,
                        next_cursor=page.next_cursor)


@router.post("", response_model=UploadOut, status_code=201,
             summary="Upload one or many files (multipart `files`); checked by content, duplicates found by hash")
def upload(caller: CurrentCaller, db: DbSession, response: Response, files: Annotated[list[UploadFile], File()],
           folder_id: Annotated[int | None, Form()] = None, tags: Annotated[str, Form()] = "") -> UploadOut:
    outcomes = media.upload_files(db, caller.actor, [(f.filename or "", f.file) for f in files],
                                  folder_id=folder_id, tags=tags)
    refused = [o for o in outcomes if o.error]
    if len(refused) == len(outcomes):
        error = ValidationFailed("files", refused[0].error)
        error.errors = [{"field": "files", "message": o.error} for o in refused]
        error.message = " ".join(o.error for o in refused)
        raise error
    if not any(o.asset and not o.duplicate for o in outcomes):
        response.status_code = 200  # nothing new was stored
    return UploadOut(items=[_uploaded_out(o, caller.actor) for o in outcomes])


def _uploaded_out(outcome: media.Outcome, actor: Actor) -> UploadedOut:
    if outcome.error:
        return UploadedOut(name=outcome.name, status="refused", message=outcome.error)
    if outcome.duplicate:
        return UploadedOut(name=outcome.name, status="duplicate", media=media_out(outcome.asset, actor),
                           message=f"Already in the library as {outcome.asset.name}: nothing was stored twice.")
    return UploadedOut(name=outcome.name, status="stored", media=media_out(outcome.asset, actor))


@router.post("/move", response_model=CountOut, summary="Move files into a folder (null: out of every folder)")
def move(body: MoveIn, caller: CurrentCaller, db: DbSession) -> CountOut:
    return CountOut(count=len(media.move_media(db, caller.actor, body.ids, body.folder_id)))


@router.post("/delete", response_model=CountOut, summary="Delete files (posts that use them keep them)")
def bulk_delete(body: IdsIn, caller: CurrentCaller, db: DbSession) -> CountOut:
    return CountOut(count=media.delete_media(db, caller.actor, body.ids))


@router.get("/{media_id}", response_model=MediaOut, summary="One file's facts")
def get_media(media_id: int, caller: CurrentCaller, db: DbSession) -> MediaOut:
    return media_out(media.get_media(db, caller.actor, media_id), caller.actor)


@router.patch("/{media_id}", response_model=MediaOut, summary="Rename, tag, describe (alt text), share, move")
def update_media(media_id: int, body: MediaPatch, caller: CurrentCaller, db: DbSession) -> MediaOut:
    tags = " ".join(body.tags) if isinstance(body.tags, list) else body.tags
    asset = None
    if body.model_fields_set - {"folder_id"}:
        asset = media.update_media(db, caller.actor, media_id, name=body.name, tags=tags, alt_text=body.alt_text,
                                   shared_with_clients=body.shared_with_clients)
    if "folder_id" in body.model_fields_set:
        asset = media.move_media(db, caller.actor, [media_id], body.folder_id)[0]
    if asset is None:
        raise ValidationFailed("body", "Send at least one of name, tags, alt_text, shared_with_clients, folder_id.")
    return media_out(asset, caller.actor)


@router.delete("/{media_id}", status_code=204, summary="Delete a file (posts that use it keep it)")
def delete_media(media_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    media.delete_media(db, caller.actor, [media_id])
    return Response(status_code=204)


@router.post("/{media_id}/edit", response_model=EditOut, status_code=201,
             summary="Save an edited copy of an image as a new file; the original is not changed")
def edit(media_id: int, body: EditIn, caller: CurrentCaller, db: DbSession) -> EditOut:
    asset, duplicate = media_edit.edit_image(db, caller.actor, media_id, body.operations)
    return EditOut(media=media_out(asset, caller.actor), duplicate=duplicate)


@router.get("/{media_id}/versions", response_model=list[MediaOut], summary="The original and its edited copies")
def versions(media_id: int, caller: CurrentCaller, db: DbSession) -> list[MediaOut]:
    return [media_out(a, caller.actor) for a in media_edit.versions_of(db, caller.actor, media_id)]


@router.get("/{media_id}/file", summary="The file itself (members of the organization only)",
            response_class=FileResponse)
def media_file(media_id: int, caller: FileViewer, db: DbSession) -> FileResponse:
    asset, path = media.file_for(db, caller.actor, media_id)
    return _serve(asset, path)


@router.get("/{media_id}/thumbnail", summary="A small JPEG of an image or GIF", response_class=FileResponse)
def thumbnail(media_id: int, caller: FileViewer, db: DbSession) -> FileResponse:
    asset, path = media.file_for(db, caller.actor, media_id, thumbnail=True)
    return _serve(asset, path, thumbnail=True)

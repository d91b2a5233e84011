"""Reflex state of the media library (/media): the files shown, folders, filters, uploads with
progress, a file's details and versions, image edits, bulk move and delete."""

from __future__ import annotations

from datetime import date

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import media, media_edit, media_store
from allin_app.content.models import MediaAsset, MediaFolder
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind

ALL, NONE, NO_FOLDER = "all", "none", "0"
KIND_ICONS = {"image": "image", "gif": "image-play", "video": "film", "pdf": "file-text"}
FILTER_LABELS = {"grayscale": "Black and white", "sepia": "Sepia", "sharpen": "Sharpen", "blur": "Soften",
                 "brightness": "Brighter", "contrast": "More contrast"}
EMPTY_FILTERS = {"q": "", "kind": ALL, "tag": "", "date_from": "", "date_to": ""}
EMPTY_EDIT = {"preset": NONE, "rotate": "0", "filter": NONE, "text": "", "position": "bottom", "crop_left": "",
              "crop_top": "", "crop_width": "", "crop_height": ""}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _row(asset: MediaAsset, actor: Actor) -> dict[str, str]:
    dims = f"{asset.width}×{asset.height}" if asset.width and asset.height else ""
    label = media_store.KIND_LABELS[asset.kind]
    facts = " · ".join(x for x in (label[0].upper() + label[1:], dims, _duration(asset.duration),
                                   media_store.human_size(asset.size)) if x)
    return {"id": str(asset.id), "name": asset.name, "kind": asset.kind, "facts": facts, "dims": dims,
            "thumb": f"/api/v1/media/{asset.id}/thumbnail" if asset.has_thumbnail else "",
            "file": f"/api/v1/media/{asset.id}/file", "tags": asset.tags, "alt": asset.alt_text,
            "folder": str(asset.folder_id or NO_FOLDER), "shared": "yes" if asset.org_id != actor.org_id else "",
            "sharing": "yes" if asset.shared_with_clients else "", "edited": "yes" if asset.source_id else "",
            "can_edit": "yes" if media.may_edit(actor, asset) else "",
            "can_delete": "yes" if media.may_delete(actor, asset) else "",
            "uploaded": asset.created_at.strftime("%Y-%m-%d")}


def _folder_rows(folders: list[MediaFolder]) -> list[dict[str, str]]:
    """Depth first, by name: each folder under its parent, indented by its depth."""
    children: dict[int | None, list[MediaFolder]] = {}
    for folder in folders:
        children.setdefault(folder.parent_id, []).append(folder)
    rows: list[dict[str, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for folder in sorted(children.get(parent_id, []), key=lambda f: f.name.lower()):
            rows.append({"id": str(folder.id), "name": folder.name, "pad": f"{0.75 + depth}rem",
                         "label": "— " * depth + folder.name})
            walk(folder.id, depth + 1)

    walk(None, 0)
    return rows


def _day(text: str, label: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValidationFailed("date", f"The {label} date is not a date.") from None


def _number(text: str, label: str) -> int:
    if not text.strip().isdigit():
        raise ValidationFailed("operations", f"The crop's {label} must be a whole number of pixels.")
    return int(text)


def _operations(edit: dict[str, str]) -> list[dict]:
    """The page's edit choices as media_edit operations: crop, resize, rotate, filter, then text."""
    steps: list[dict] = []
    if edit["crop_width"] or edit["crop_height"]:
        steps.append({"op": "crop", "left": _number(edit["crop_left"] or "0", "left edge"),
                      "top": _number(edit["crop_top"] or "0", "top edge"),
                      "width": _number(edit["crop_width"], "width"), "height": _number(edit["crop_height"], "height")})
    if edit["preset"] != NONE:
        steps.append({"op": "resize", "preset": edit["preset"]})
    if edit["rotate"] != "0":
        steps.append({"op": "rotate", "degrees": int(edit["rotate"])})
    if edit["filter"] != NONE:
        steps.append({"op": "filter", "name": edit["filter"]})
    if edit["text"].strip():
        steps.append({"op": "text", "text": edit["text"], "position": edit["position"]})
    return steps


class MediaState(rx.State):
    rows: list[dict[str, str]] = []
    total: int = 0
    next_cursor: str = ""
    folders: list[dict[str, str]] = []
    folder: str = ""  # "": every file; "0": files in no folder; else a folder's id
    filters: dict[str, str] = dict(EMPTY_FILTERS)
    selected: list[str] = []
    move_target: str = NO_FOLDER
    can_upload: bool = False
    can_folders: bool = False
    is_agency: bool = False
    uploading: bool = False
    progress: int = 0
    notice: str = ""
    error: str = ""
    duplicates: list[dict[str, str]] = []
    refused: list[str] = []
    folder_dialog: str = ""  # "new" or "rename"
    folder_error: str = ""
    confirm_ids: list[str] = []
    detail: dict[str, str] = {}
    versions: list[dict[str, str]] = []
    detail_error: str = ""
    edit: dict[str, str] = dict(EMPTY_EDIT)

    @rx.var
    def folder_name(self) -> str:
        return next((f["name"] for f in self.folders if f["id"] == self.folder), "")

    def _query(self, folder: str) -> media.MediaQuery:
        folder_id = int(folder) if folder.isdigit() else None
        return media.MediaQuery(q=self.filters["q"], kind="" if self.filters["kind"] == ALL else self.filters["kind"],
                                folder_id=folder_id, tag=self.filters["tag"],
                                date_from=_day(self.filters["date_from"], "from"),
                                date_to=_day(self.filters["date_to"], "to"))

    def _snapshot(self, db, actor: Actor, cursor: str | None = None) -> dict:
        folders = media.list_folders(db, actor)
        folder = self.folder if self.folder in ("", NO_FOLDER, *(str(f.id) for f in folders)) else ""
        page = media.list_media(db, actor, self._query(folder), cursor=cursor)
        org = orgs.get_organization(db, actor, actor.org_id)
        return {"folder": folder, "rows": [_row(a, actor) for a in page.items], "total": page.total,
                "cursor": page.next_cursor or "",
                "folders": _folder_rows(folders), "can_upload": media.may_upload(actor),
                "can_folders": media.may_manage_folders(actor), "is_agency": org.kind == OrgKind.agency.value}

    async def _refresh(self, append: bool = False) -> None:
        cursor = self.next_cursor if append else None
        found, error = await act_as_signed_in(self, lambda db, actor: self._snapshot(db, actor, cursor), blocking=True)
        if error:
            self.error = error.message
            return
        self.folder = found["folder"]  # "" when the folder shown was deleted meanwhile
        self.rows = [*self.rows, *found["rows"]] if append else found["rows"]
        self.total, self.next_cursor, self.folders = found["total"], found["cursor"], found["folders"]
        self.can_upload, self.can_folders = found["can_upload"], found["can_folders"]
        self.is_agency = found["is_agency"]
        shown = {r["id"] for r in self.rows}
        self.selected = [s for s in self.selected if s in shown]

    async def _change(self, change, done: str = ""):
        """Run `change(db, actor)` in its own transaction, then show the library again; None when refused."""
        result, error = await act_as_signed_in(self, change, blocking=True)
        if error:
            self.error, self.notice = error.message, ""
            return None
        self.error, self.notice = "", done or self.notice
        await self._refresh()
        return result

    @rx.event
    @requires_sign_in
    async def load(self):
        self.notice = self.error = ""
        self.selected, self.confirm_ids, self.duplicates, self.refused = [], [], [], []
        self.detail, self.folder_dialog = {}, ""
        await self._refresh()

    @rx.event
    @requires_sign_in
    async def set_filter(self, name: str, value: str):
        if name in EMPTY_FILTERS:
            self.filters = {**self.filters, name: value}
            self.error = ""
            await self._refresh()

    @rx.event
    @requires_sign_in
    async def clear_filters(self):
        self.filters, self.error = dict(EMPTY_FILTERS), ""
        await self._refresh()

    @rx.event
    @requires_sign_in
    async def open_folder(self, folder: str):
        self.folder, self.selected = folder, []
        await self._refresh()

    @rx.event
    @requires_sign_in
    async def load_more(self):
        if self.next_cursor:
            await self._refresh(append=True)

    @rx.event
    def toggle(self, asset_id: str, checked: bool):
        self.selected = [s for s in self.selected if s != asset_id] + ([asset_id] if checked else [])

    @rx.event
    def clear_selection(self):
        self.selected = []

    @rx.event
    def set_move_target(self, value: str):
        self.move_target = value

    # ---- uploading -------------------------------------------------------------------------------

    @rx.event
    def upload_progress(self, progress: dict):
        self.uploading = progress.get("progress", 0) < 1
        self.progress = round(100 * float(progress.get("progress", 0)))

    @rx.event
    @requires_sign_in
    async def upload(self, files: list[rx.UploadFile]):
        folder_id = int(self.folder) if self.folder.isdigit() and self.folder != NO_FOLDER else None
        streams = [(f.name or "", f.file) for f in files]

        def store(db, actor):
            return [(o.name, o.asset.id if o.asset else 0, o.asset.name if o.asset else "", o.duplicate, o.error)
                    for o in media.upload_files(db, actor, streams, folder_id=folder_id)]

        outcomes = await self._change(store)
        self.uploading, self.progress = False, 0
        if outcomes is None:
            return
        stored = sum(1 for _, asset_id, _, duplicate, _ in outcomes if asset_id and not duplicate)
        self.duplicates = [{"name": name, "id": str(asset_id), "existing": existing}
                           for name, asset_id, existing, duplicate, _ in outcomes if duplicate]
        self.refused = [error for *_, error in outcomes if error]
        self.notice = f"Uploaded {stored} file{'s' if stored != 1 else ''}." if stored else ""

    # ---- folders ---------------------------------------------------------------------------------

    @rx.event
    def open_folder_dialog(self, kind: str):
        self.folder_dialog, self.folder_error = kind, ""

    @rx.event
    def close_folder_dialog(self, _open: bool = False):
        self.folder_dialog, self.folder_error = "", ""

    @rx.event
    @requires_sign_in
    async def save_folder(self, form: dict):
        name, current = str(form.get("name", "")), int(self.folder) if self.folder.isdigit() else 0
        renaming = self.folder_dialog == "rename" and current

        def save(db, actor):
            if renaming:
                return media.rename_folder(db, actor, current, name).id
            return media.create_folder(db, actor, name, parent_id=current or None).id

        folder_id, error = await act_as_signed_in(self, save)
        if error:
            self.folder_error = error.message
            return None
        self.folder_dialog, self.folder = "", str(folder_id)
        await self._refresh()
        return rx.toast.success("Folder renamed." if renaming else "Folder created.")

    @rx.event
    @requires_sign_in
    async def delete_folder(self):
        if self.folder.isdigit() and self.folder != NO_FOLDER:
            current = int(self.folder)
            if await self._change(lambda db, actor: media.delete_folder(db, actor, current) or True, "Folder deleted."):
                self.folder = ""
                await self._refresh()

    # ---- moving and deleting ---------------------------------------------------------------------

    @rx.event
    @requires_sign_in
    async def move_selected(self):
        ids, target = [int(s) for s in self.selected if s.isdigit()], self.move_target
        folder_id = int(target) if target.isdigit() and target != NO_FOLDER else None
        moved = await self._change(lambda db, actor: len(media.move_media(db, actor, ids, folder_id)))
        if moved:
            self.selected, self.notice = [], f"Moved {moved} file{'s' if moved != 1 else ''}."

    @rx.event
    def ask_delete(self, asset_id: str = ""):
        self.confirm_ids = [asset_id] if asset_id else list(self.selected)

    @rx.event
    def cancel_delete(self, _open: bool = False):
        self.confirm_ids = []

    @rx.event
    @requires_sign_in
    async def delete_confirmed(self):
        ids, self.confirm_ids = [int(s) for s in self.confirm_ids if s.isdigit()], []
        deleted = await self._change(lambda db, actor: media.delete_media(db, actor, ids))
        if deleted:
            self.selected, self.detail = [], {}
            self.notice = f"Deleted {deleted} file{'s' if deleted != 1 else ''}. Posts that use them keep them."

    # ---- one file: details, versions, edits ------------------------------------------------------

    @rx.event
    @requires_sign_in
    async def open_asset(self, asset_id: str):
        await self._show_asset(asset_id)

    async def _show_asset(self, asset_id: str) -> None:
        if not asset_id.isdigit():
            return
        found, error = await act_as_signed_in(self, lambda db, actor: (
            _row(media.get_media(db, actor, int(asset_id)), actor),
            [_row(v, actor) for v in media_edit.versions_of(db, actor, int(asset_id))]))
        if error:
            self.error = error.message
            return
        self.detail, self.versions = found
        self.detail_error, self.edit = "", dict(EMPTY_EDIT)

    @rx.event
    def close_asset(self, _open: bool = False):
        self.detail, self.versions, self.detail_error = {}, [], ""

    @rx.event
    @requires_sign_in
    async def save_details(self, form: dict):
        asset_id = self.detail.get("id", "")
        if not asset_id.isdigit():
            return None
        changes = {"name": str(form.get("name", "")), "tags": str(form.get("tags", "")),
                   "alt_text": str(form.get("alt_text", ""))}
        if self.is_agency:
            changes["shared_with_clients"] = bool(form.get("shared"))
        saved = await self._change(lambda db, actor: media.update_media(db, actor, int(asset_id), **changes) and True)
        if saved is None:
            self.detail_error, self.error = self.error, ""
            return None
        await self._show_asset(asset_id)
        return rx.toast.success("Saved.")

    @rx.event
    @requires_sign_in
    async def move_one(self, target: str):
        asset_id = self.detail.get("id", "")
        folder_id = int(target) if target.isdigit() and target != NO_FOLDER else None
        if asset_id.isdigit() and await self._change(
                lambda db, actor: media.move_media(db, actor, [int(asset_id)], folder_id) and True):
            await self._show_asset(asset_id)

    @rx.event
    def set_edit(self, name: str, value: str):
        if name in EMPTY_EDIT:
            self.edit = {**self.edit, name: value}

    @rx.event
    @requires_sign_in
    async def apply_edit(self):
        asset_id, choices = self.detail.get("id", ""), dict(self.edit)
        if not asset_id.isdigit():
            return None

        def save(db, actor):
            asset, duplicate = media_edit.edit_image(db, actor, int(asset_id), _operations(choices))
            return asset.id, duplicate

        made = await self._change(save)
        if made is None:
            self.detail_error, self.error = self.error, ""
            return None
        new_id, duplicate = made
        await self._show_asset(str(new_id))
        return rx.toast.info("That edit already exists: showing it.") if duplicate else rx.toast.success(
            "Saved as a new file; the original is unchanged.")

"""The media library (/media): upload many files at once, folders, search and filters, details with
tags and alt text, versions and image edits, bulk move and delete."""

import reflex as rx

from allin_app.content.media_edit import PRESETS
from allin_app.content.media_state import ALL, FILTER_LABELS, KIND_ICONS, NO_FOLDER, NONE
from allin_app.content.media_state import MediaState as M
from allin_app.content.media_store import KIND_LABELS, KIND_LIMITS, human_size
from allin_app.ui.components import content_tabs, empty_state, error_callout, notice_callout, page_header
from allin_app.ui.shell import app_page

UPLOAD_ID = "media-upload"
ACCEPT = {"image/*": [], "video/mp4": [".mp4", ".m4v"], "video/quicktime": [".mov"], "video/webm": [".webm"],
          "application/pdf": [".pdf"]}
LIMITS_TEXT = "Checked by their content, not their names: " + ", ".join(
    f"{KIND_LABELS[kind]}s up to {human_size(limit)}" for kind, limit in KIND_LIMITS.items()) + "."


def _kind_icon(kind, size: int = 36) -> rx.Component:
    return rx.match(kind, *[(k, rx.icon(icon, size=size, color=rx.color("gray", 9))) for k, icon in KIND_ICONS.items()],
                    rx.icon("file", size=size))


def _upload_zone() -> rx.Component:
    return rx.upload(
        rx.vstack(rx.icon("upload", size=28, color=rx.color("accent", 9)),
                  rx.text("Drop images, GIFs, videos or PDFs here, or click to choose several", weight="medium"),
                  rx.text(LIMITS_TEXT, size="1", color_scheme="gray"), align="center", spacing="1"),
        id=UPLOAD_ID, multiple=True, accept=ACCEPT, max_size=max(KIND_LIMITS.values()),
        on_drop=M.upload(rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=M.upload_progress)),
        border=f"2px dashed {rx.color('gray', 6)}", border_radius="12px", padding="1.25rem", width="100%",
        cursor="pointer", disabled=M.uploading,
    )


def _messages() -> rx.Component:
    return rx.vstack(
        rx.cond(M.uploading, rx.vstack(rx.text(f"Uploading… {M.progress}%", size="2"),
                                       rx.progress(value=M.progress, max=100, width="100%"),
                                       width="100%", id="upload-progress")),
        notice_callout(M.notice, "media-notice"),
        error_callout(M.error, "media-error"),
        rx.cond(M.duplicates.length() > 0, rx.callout(rx.vstack(rx.foreach(M.duplicates, lambda d: rx.hstack(
            rx.text(d["name"], " is already in the library as ", rx.text.strong(d["existing"]),
                    ": it was not stored twice.", size="2"),
            rx.button("Show it", size="1", variant="soft", on_click=M.open_asset(d["id"]), class_name="show-existing"),
            align="center")), spacing="1"), icon="copy", color_scheme="amber", width="100%", id="media-duplicates")),
        rx.cond(M.refused.length() > 0, rx.callout(rx.vstack(rx.foreach(M.refused, lambda r: rx.text(r, size="2")),
                                                              spacing="1"),
                                                    icon="ban", color_scheme="red", width="100%", id="media-refused")),
        width="100%", spacing="2",
    )


def _folder_link(label, value, id_: str, pad="0.75rem") -> rx.Component:
    return rx.button(rx.icon("folder", size=14), rx.text(label, overflow="hidden", text_overflow="ellipsis",
                                                          white_space="nowrap"),
                     variant=rx.cond(M.folder == value, "soft", "ghost"), on_click=M.open_folder(value),
                     justify_content="flex-start", width="100%", padding_left=pad, margin="0", id=id_,
                     class_name="folder-link")


def _folders() -> rx.Component:
    return rx.vstack(
        rx.text("Folders", size="2", weight="bold", color_scheme="gray"),
        _folder_link("All files", "", "folder-all"),
        _folder_link("Not in a folder", NO_FOLDER, "folder-none"),
        rx.foreach(M.folders, lambda f: _folder_link(f["name"], f["id"], "folder-" + f["id"], f["pad"])),
        rx.cond(M.can_upload, rx.button(rx.icon("folder-plus", size=14), rx.cond(M.folder_name != "", "New subfolder",
                                                                                    "New folder"),
                                         size="1", variant="outline", on_click=M.open_folder_dialog("new"),
                                         id="new-folder", margin_top="0.5rem")),
        rx.cond(M.can_folders & (M.folder_name != ""), rx.hstack(
            rx.button("Rename", size="1", variant="ghost", on_click=M.open_folder_dialog("rename"), id="rename-folder"),
            rx.button("Delete", size="1", variant="ghost", color_scheme="red", on_click=M.delete_folder,
                      id="delete-folder"), spacing="1")),
        min_width="13rem", width="13rem", spacing="1", align="start", id="media-folders",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        rx.input(rx.input.slot(rx.icon("search", size=16)), placeholder="Search by name", id="media-search",
                 default_value=M.filters["q"], on_change=lambda v: M.set_filter("q", v).debounce(350), width="16rem"),
        rx.select.root(rx.select.trigger(id="media-kind", min_width="8rem"), rx.select.content(
            rx.select.item("Every type", value=ALL),
            *[rx.select.item(label.capitalize() if kind != "gif" else label, value=kind)
              for kind, label in KIND_LABELS.items()]),
            value=M.filters["kind"], on_change=lambda v: M.set_filter("kind", v)),
        rx.input(placeholder="Tag", id="media-tag", default_value=M.filters["tag"], width="8rem",
                 on_change=lambda v: M.set_filter("tag", v).debounce(350)),
        rx.text("From", size="2", color_scheme="gray"),
        rx.input(type="date", id="media-from", value=M.filters["date_from"],
                 on_change=lambda v: M.set_filter("date_from", v)),
        rx.text("to", size="2", color_scheme="gray"),
        rx.input(type="date", id="media-to", value=M.filters["date_to"],
                 on_change=lambda v: M.set_filter("date_to", v)),
        rx.button("Clear", variant="ghost", on_click=M.clear_filters, id="clear-media-filters"),
        wrap="wrap", spacing="2", align="center", width="100%",
    )


def _folder_choices() -> list[rx.Component]:
    return [rx.select.item("No folder", value=NO_FOLDER),
            rx.foreach(M.folders, lambda f: rx.select.item(f["label"], value=f["id"]))]


def _bulk_bar() -> rx.Component:
    return rx.cond(M.selected.length() > 0, rx.hstack(
        rx.text(M.selected.length(), " selected", weight="medium"),
        rx.select.root(rx.select.trigger(id="bulk-folder", min_width="10rem"), rx.select.content(*_folder_choices()),
                       value=M.move_target, on_change=M.set_move_target),
        rx.button("Move", on_click=M.move_selected, id="bulk-move"),
        rx.button("Delete", color_scheme="red", variant="soft", on_click=M.ask_delete(""), id="bulk-delete"),
        rx.button("Clear selection", variant="ghost", on_click=M.clear_selection),
        align="center", spacing="2", padding="0.5rem 0.75rem", border_radius="8px", background=rx.color("accent", 3),
        width="100%", id="bulk-bar",
    ))


def _picture(row, height: str = "9rem") -> rx.Component:
    return rx.cond(
        row["thumb"] != "",
        rx.image(src=row["thumb"], alt=rx.cond(row["alt"] != "", row["alt"], row["name"]), width="100%",
                 height=height, object_fit="cover", border_radius="6px", class_name="media-thumb"),
        rx.center(_kind_icon(row["kind"]), width="100%", height=height, background=rx.color("gray", 3),
                  border_radius="6px", class_name="media-icon"),
    )


def _card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.box(_picture(row), rx.cond(
            (row["can_edit"] == "yes") | (row["can_delete"] == "yes"),
            rx.box(rx.checkbox(checked=M.selected.contains(row["id"]), class_name="select-media",
                               on_change=lambda on: M.toggle(row["id"], on)),
                   position="absolute", top="0.4rem", left="0.4rem")),
            position="relative", width="100%"),
        rx.text(row["name"], weight="medium", size="2", class_name="media-name",
                overflow="hidden", text_overflow="ellipsis", white_space="nowrap", width="100%"),
        rx.text(row["facts"], size="1", color_scheme="gray", class_name="media-facts"),
        rx.hstack(rx.cond(row["shared"] == "yes", rx.badge("From your agency", color_scheme="violet")),
                  rx.cond(row["edited"] == "yes", rx.badge("Edited copy", color_scheme="teal")),
                  rx.cond(row["sharing"] == "yes", rx.badge("Shared with clients")), spacing="1", wrap="wrap"),
        rx.button("Details", size="1", variant="soft", width="100%", on_click=M.open_asset(row["id"]),
                  class_name="open-media"),
        spacing="2", width="100%",
    ), class_name="media-card", data_name=row["name"])


def _grid() -> rx.Component:
    return rx.cond(
        M.rows.length() > 0,
        rx.vstack(
            rx.text(M.total, " files", size="2", color_scheme="gray", id="media-total"),
            rx.grid(rx.foreach(M.rows, _card), columns=rx.breakpoints(initial="2", sm="3", lg="4"), spacing="3",
                    width="100%", id="media-grid"),
            rx.cond(M.next_cursor != "", rx.button("Show more", variant="soft", on_click=M.load_more, id="media-more")),
            width="100%", spacing="2",
        ),
        empty_state("image", "No files here", "Uploaded images, GIFs, videos and PDFs appear here, ready to attach "
                    "to posts. Change the filters or the folder if you expected some.", id_="media-empty"),
    )


def _preview() -> rx.Component:
    d = M.detail
    return rx.match(
        d["kind"],
        ("video", rx.el.video(src=d["file"], controls=True, width="100%", max_height="20rem")),
        ("pdf", rx.center(rx.link(rx.hstack(_kind_icon("pdf"), rx.text("Open the PDF")), href=d["file"],
                                  is_external=True), height="8rem", width="100%")),
        rx.image(src=d["file"], alt=d["alt"], max_height="20rem", object_fit="contain", width="100%",
                 id="detail-image"),
    )


def _versions() -> rx.Component:
    return rx.cond(M.versions.length() > 1, rx.vstack(
        rx.text("Versions", size="2", weight="bold"),
        rx.hstack(rx.foreach(M.versions, lambda v: rx.vstack(
            rx.box(_picture(v, "4.5rem"), width="6rem", cursor="pointer", on_click=M.open_asset(v["id"]),
                   outline=rx.cond(v["id"] == M.detail["id"], f"2px solid {rx.color('accent', 9)}", "none"),
                   border_radius="6px"),
            rx.text(rx.cond(v["edited"] == "yes", v["dims"], "Original"), size="1"),
            spacing="1", class_name="media-version", data_id=v["id"])), spacing="2", wrap="wrap"),
        spacing="1", width="100%", id="media-versions"))


def _details_form() -> rx.Component:
    d = M.detail
    return rx.form(rx.vstack(
        rx.text("Name", size="2", weight="medium"),
        rx.input(name="name", default_value=d["name"], id="detail-name", width="100%"),
        rx.text("Tags (single words)", size="2", weight="medium"),
        rx.input(name="tags", default_value=d["tags"], id="detail-tags", width="100%", placeholder="summer launch"),
        rx.text("Alt text (what the image shows, for screen readers)", size="2", weight="medium"),
        rx.text_area(name="alt_text", default_value=d["alt"], id="detail-alt", width="100%"),
        rx.cond(M.is_agency, rx.checkbox("Share with our client organizations (read-only for them)", name="shared",
                                         default_checked=d["sharing"] == "yes", id="detail-shared")),
        rx.hstack(rx.button("Save", type="submit", id="save-details"),
                  rx.select.root(rx.select.trigger(placeholder="Move to folder…", id="detail-folder"),
                                 rx.select.content(*_folder_choices()), value=d["folder"], on_change=M.move_one),
                  spacing="2"),
        spacing="2", width="100%",
    ), on_submit=M.save_details, key=d["id"], width="100%")


def _edit_select(name: str, id_: str, items: list[tuple[str, str]]) -> rx.Component:
    return rx.select.root(rx.select.trigger(id=id_, min_width="11rem"),
                          rx.select.content(*[rx.select.item(label, value=value) for value, label in items]),
                          value=M.edit[name], on_change=lambda v: M.set_edit(name, v))


def _crop_input(name: str, label: str) -> rx.Component:
    return rx.input(placeholder=label, type="number", min=0, value=M.edit[name], width="6rem",
                    on_change=lambda v: M.set_edit(name, v), id=f"edit-{name.replace('_', '-')}")


def _edit_panel() -> rx.Component:
    presets = [(NONE, "Keep the size")] + [(k, f"{label} {w}×{h}") for k, (label, w, h) in PRESETS.items()]
    filters = [(NONE, "No filter")] + list(FILTER_LABELS.items())
    return rx.vstack(
        rx.text("Edit a copy", size="2", weight="bold"),
        rx.text("The result is saved as a new file next to this one; this file stays as it is.", size="1",
                color_scheme="gray"),
        rx.hstack(rx.text("Crop (pixels)", size="2"), _crop_input("crop_left", "left"), _crop_input("crop_top", "top"),
                  _crop_input("crop_width", "width"), _crop_input("crop_height", "height"), align="center",
                  wrap="wrap"),
        rx.hstack(_edit_select("preset", "edit-preset", presets),
                  _edit_select("rotate", "edit-rotate", [("0", "No rotation"), ("90", "Rotate 90° right"),
                                                         ("180", "Rotate 180°"), ("270", "Rotate 90° left")]),
                  _edit_select("filter", "edit-filter", filters), wrap="wrap", spacing="2"),
        rx.hstack(rx.input(placeholder="Text on the image", value=M.edit["text"], id="edit-text", width="16rem",
                           on_change=lambda v: M.set_edit("text", v)),
                  _edit_select("position", "edit-position", [("top", "Top"), ("center", "Middle"),
                                                             ("bottom", "Bottom")]), spacing="2"),
        rx.button(rx.icon("wand-sparkles", size=14), "Save as a new file", on_click=M.apply_edit, id="save-edit"),
        spacing="2", width="100%", padding_top="0.5rem", border_top=f"1px solid {rx.color('gray', 4)}",
    )


def _detail_dialog() -> rx.Component:
    d = M.detail
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(d["name"], id="detail-title"),
        rx.vstack(
            _preview(),
            rx.text(d["facts"], " · uploaded ", d["uploaded"], size="2", color_scheme="gray", id="detail-facts"),
            rx.cond(d["shared"] == "yes", rx.callout("Shared by your agency: use it in posts; it cannot be changed "
                                                     "here.", icon="lock", size="1")),
            _versions(),
            error_callout(M.detail_error, "detail-error"),
            rx.cond(d["can_edit"] == "yes", _details_form(),
                    rx.cond(d["tags"] != "", rx.text("Tags: ", d["tags"], size="2"))),
            rx.cond((d["kind"] == "image") & M.can_upload, _edit_panel()),
            rx.hstack(rx.cond(d["can_delete"] == "yes", rx.button("Delete", color_scheme="red", variant="soft",
                                                                  on_click=M.ask_delete(d["id"]), id="detail-delete")),
                      rx.spacer(), rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                      width="100%"),
            spacing="3", width="100%",
        ),
        max_width="44rem", id="media-detail",
    ), open=d.contains("id"), on_open_change=M.close_asset)


def _folder_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(M.folder_dialog == "rename", "Rename the folder",
                                rx.cond(M.folder_name != "", "New folder inside " + M.folder_name, "New folder"))),
        rx.form(rx.vstack(
            rx.input(name="name", placeholder="Folder name", id="folder-name", width="100%", auto_focus=True,
                     default_value=rx.cond(M.folder_dialog == "rename", M.folder_name, "")),
            rx.cond(M.folder_error != "", rx.text(M.folder_error, color_scheme="red", size="2", id="folder-error")),
            rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                      rx.button("Save", type="submit", id="save-folder"), justify="end", width="100%"),
            spacing="3"), on_submit=M.save_folder),
    ), open=M.folder_dialog != "", on_open_change=M.close_folder_dialog)


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title("Delete ", M.confirm_ids.length(), " file(s)?"),
        rx.alert_dialog.description("They leave the library. Posts that already use them keep them.", size="2"),
        rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                  rx.button("Delete", color_scheme="red", on_click=M.delete_confirmed, id="confirm-delete"),
                  justify="end", spacing="2", margin_top="1rem"),
    ), open=M.confirm_ids.length() > 0, on_open_change=M.cancel_delete)


@app_page("content", "Media", on_load=[M.load], route="/media")
def media_library() -> rx.Component:
    return rx.vstack(
        page_header("Media", "Images, GIFs, videos and PDFs for your posts."),
        content_tabs("media"),
        rx.cond(M.can_upload, _upload_zone()),
        _messages(),
        rx.hstack(_folders(), rx.vstack(_filters(), _bulk_bar(), _grid(), width="100%", spacing="3"),
                  spacing="5", align="start", width="100%"),
        _detail_dialog(), _folder_dialog(), _delete_dialog(),
        width="100%", spacing="3",
    )

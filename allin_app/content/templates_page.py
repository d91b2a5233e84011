"""Templates (/templates): reusable posts with {{variables}}, their versions; campaigns live in campaigns_page."""

import reflex as rx

from allin_app.content import campaigns_page as _campaigns  # noqa: F401  (registers /campaigns)
from allin_app.content.templates_state import ALL
from allin_app.content.templates_state import TemplatesState as T
from allin_app.ui.components import content_tabs, empty_state, error_callout, page_header
from allin_app.ui.shell import app_page

SOURCE_COLORS = {"organization": "green", "agency": "purple", "built_in": "gray"}


def _filters() -> rx.Component:
    return rx.hstack(
        rx.input(rx.input.slot(rx.icon("search", size=16)), placeholder="Search names and text", value=T.search,
                 on_change=T.set_search, id="template-search", width="20rem"),
        rx.select.root(
            rx.select.trigger(id="template-category", min_width="12rem"),
            rx.select.content(rx.select.item("Every category", value=ALL),
                              rx.foreach(T.categories, lambda c: rx.select.item(c, value=c))),
            value=T.category, on_change=T.set_category,
        ),
        spacing="3", margin_bottom="1rem", wrap="wrap",
    )


def _actions(row) -> rx.Component:
    return rx.hstack(
        rx.cond(T.can_use, rx.link(rx.button(rx.icon("send", size=14), "Use", size="1"),
                                   href="/create?template=" + row["id"], class_name="use-template")),
        rx.cond(row["editable"] == "yes", rx.button("Edit", size="1", variant="soft", on_click=T.open_edit(row["id"]),
                                                    class_name="edit-template")),
        rx.button("Versions", size="1", variant="soft", color_scheme="gray", on_click=T.open_versions(row["id"]),
                  class_name="template-versions"),
        rx.cond(T.can_create, rx.button("Copy", size="1", variant="soft", color_scheme="gray",
                                        on_click=T.copy(row["id"]), class_name="copy-template")),
        rx.cond(row["deletable"] == "yes", rx.button("Delete", size="1", variant="soft", color_scheme="red",
                                                     on_click=T.ask_delete(row["id"], row["name"]),
                                                     class_name="delete-template")),
        spacing="2", wrap="wrap",
    )


def _card(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(row["name"], size="4", class_name="template-name"), rx.spacer(),
                      rx.badge(row["source_label"], color_scheme=rx.match(row["source"], *SOURCE_COLORS.items(),
                                                                          "gray")),
                      width="100%", align="center"),
            rx.hstack(rx.cond(row["category"] != "", rx.badge(row["category"], variant="outline")),
                      rx.cond(row["shared"] == "yes", rx.badge("Shared with clients", color_scheme="purple")),
                      rx.text("v" + row["version"], size="1", color_scheme="gray", class_name="template-version"),
                      spacing="2", align="center"),
            rx.text(row["body"], size="2", white_space="pre-wrap", class_name="template-body",
                    max_height="9rem", overflow="hidden"),
            rx.cond(row["variables"] != "",
                    rx.text("Variables: " + row["variables"], size="1", color_scheme="gray",
                            class_name="template-variables"),
                    rx.text("No variables", size="1", color_scheme="gray")),
            _actions(row),
            spacing="2", width="100%",
        ),
        class_name="template-card", width="100%",
    )


def _message(name: str) -> rx.Component:
    return rx.cond(T.form_error_field == name, rx.text(T.form_error, color_scheme="red", size="2",
                                                       id=f"template-{name}-error"))


def _editor() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(T.editing_id == "", "New template", "Edit template")),
            rx.dialog.description("Write {{variable_name}} where the words change from post to post; whoever uses "
                                  "the template fills them in.", size="2", margin_bottom="1rem"),
            rx.form(rx.vstack(
                rx.text("Name", as_="label", html_for="template-name-input", size="2", weight="medium"),
                rx.input(name="name", id="template-name-input", default_value=T.draft["name"], width="100%"),
                _message("name"),
                rx.text("Category", as_="label", html_for="template-category-input", size="2", weight="medium"),
                rx.input(name="category", id="template-category-input", default_value=T.draft["category"],
                         placeholder="e.g. Announcement", width="100%"),
                _message("category"),
                rx.text("Text", as_="label", html_for="template-body-input", size="2", weight="medium"),
                rx.text_area(name="body", id="template-body-input", default_value=T.draft["body"], rows="8",
                             width="100%", on_blur=T.detect_variables,
                             placeholder="Meet {{product_name}}, in stores from {{date}}: {{link}}"),
                rx.text(rx.cond(T.draft_variables != "", "Variables: " + T.draft_variables,
                                "No variables yet."), size="1", color_scheme="gray", id="draft-variables"),
                _message("body"),
                rx.cond(T.can_share, rx.hstack(
                    rx.switch(checked=T.draft_shared, on_change=T.set_draft_shared, class_name="template-shared"),
                    rx.text("Share with our clients (they can use it, not change it)", size="2"),
                    spacing="2", align="center")),
                _message("shared_with_clients"),
                rx.cond((T.form_error != "") & ~rx.Var.create(
                    ["name", "category", "body", "shared_with_clients"]).contains(T.form_error_field),
                    rx.text(T.form_error, color_scheme="red", size="2", id="template-form-error")),
                rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                          rx.button("Save template", type="submit", id="save-template"), justify="end",
                          width="100%"),
                spacing="2", width="100%",
            ), on_submit=T.save),
            max_width="40rem",
        ),
        open=T.editor_open, on_open_change=T.set_editor_open,
    )


def _version_row(version) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text("Version " + version["number"], weight="bold"),
                  rx.cond(version["current"] == "yes", rx.badge("current", color_scheme="green")),
                  rx.spacer(),
                  rx.text(version["author"] + " · " + version["when"], size="1", color_scheme="gray"),
                  rx.cond(T.versions_editable & (version["current"] != "yes"),
                          rx.button("Restore", size="1", variant="soft", on_click=T.restore(version["number"]),
                                    id="restore-version-" + version["number"])),
                  width="100%", align="center", spacing="2"),
        rx.text(version["name"], size="2", weight="medium"),
        rx.text(version["body"], size="2", white_space="pre-wrap", class_name="version-body"),
        spacing="1", width="100%"), class_name="version-row", width="100%")


def _versions_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Versions of " + T.versions_title),
            rx.dialog.description("Every saved change of the name or the text. Restoring one saves it as the newest "
                                  "version, so nothing in between is lost.", size="2", margin_bottom="1rem"),
            rx.scroll_area(rx.vstack(rx.foreach(T.versions, _version_row), spacing="2", id="versions-list"),
                           max_height="60vh", type="auto"),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="soft")), justify="end", margin_top="1rem"),
            max_width="44rem",
        ),
        open=T.versions_id != "", on_open_change=T.close_versions,
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete “" + T.delete_name + "”?"),
            rx.alert_dialog.description("It leaves the template list for everyone in the organization. Posts "
                                        "already written from it do not change.", size="2"),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Delete", color_scheme="red", on_click=T.delete, id="confirm-delete-template"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=T.delete_id != "", on_open_change=T.cancel_delete,
    )


@app_page("content", "Templates", on_load=[T.load], route="/templates")
def templates() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_header("Templates", "Reusable posts with {{variables}}, shared with your whole team."),
                  rx.spacer(),
                  rx.cond(T.can_create, rx.button(rx.icon("plus", size=16), "New template", on_click=T.open_new,
                                                  id="new-template")),
                  width="100%", align="start"),
        content_tabs("templates"),
        error_callout(T.error, "templates-error"),
        _filters(),
        rx.cond(T.rows.length() > 0,
                rx.grid(rx.foreach(T.rows, _card), columns=rx.breakpoints(initial="1", md="2"), spacing="4",
                        width="100%", id="templates-list"),
                empty_state("file-text", "No templates match",
                            "Try other words or every category. Templates your team saves appear here.")),
        _editor(), _versions_dialog(), _delete_dialog(),
        width="100%",
    )

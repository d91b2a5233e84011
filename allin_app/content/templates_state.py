"""Reflex state of the Templates page: the list with search and category, the editor, versions, delete."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import templates
from allin_app.content.campaigns import org_zone
from allin_app.content.models import Template
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Permission, allows
from allin_app.orgs.models import Organization, OrgKind

ALL = "all"  # the category filter's "every category" (a select item cannot have an empty value)
EMPTY_DRAFT = {"name": "", "category": "", "body": ""}


def _row(actor, template: Template) -> dict[str, str]:
    source = templates.source_of(actor, template)
    return {"id": str(template.id), "name": template.name, "category": template.category, "body": template.body,
            "source": source, "source_label": templates.SOURCE_LABELS[source],
            "variables": ", ".join(templates.variables(template.body)), "version": str(template.version),
            "editable": "yes" if templates.may_edit(actor, template) else "",
            "deletable": "yes" if templates.may_edit(actor, template, Permission.delete_content) else "",
            "shared": "yes" if template.shared_with_clients and template.org_id is not None else ""}


class TemplatesState(rx.State):
    rows: list[dict[str, str]] = []
    categories: list[str] = []
    search: str = ""
    category: str = ALL
    can_create: bool = False
    can_use: bool = False
    can_share: bool = False
    error: str = ""

    editor_open: bool = False
    editing_id: str = ""  # "" while writing a new template
    draft: dict[str, str] = EMPTY_DRAFT
    draft_shared: bool = False
    draft_variables: str = ""
    form_error: str = ""
    form_error_field: str = ""

    versions_id: str = ""
    versions_title: str = ""
    versions: list[dict[str, str]] = []
    versions_editable: bool = False

    delete_id: str = ""
    delete_name: str = ""

    def _show(self, db, actor) -> None:
        category = "" if self.category == ALL else self.category
        self.rows = [_row(actor, t) for t in templates.list_templates(db, actor, self.search, category)]
        self.categories = templates.template_categories(db, actor)
        self.can_create = templates.may_create(actor)
        self.can_use = allows(actor, Permission.create_content)
        org = db.get(Organization, actor.org_id)
        self.can_share = self.can_create and org is not None and org.kind == OrgKind.agency.value

    async def _act(self, change) -> tuple[object, object]:
        """Run `change(db, actor)`, then show the list again (both in one transaction)."""
        def run(db, actor):
            result = change(db, actor)
            self._show(db, actor)
            return result

        return await act_as_signed_in(self, run)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.editor_open, self.versions_id, self.delete_id = False, "", ""
        _, error = await self._act(lambda db, actor: None)
        self.error = error.message if error else ""

    @rx.event
    @requires_sign_in
    async def set_search(self, value: str):
        self.search = value[:200]
        await self._act(lambda db, actor: None)

    @rx.event
    @requires_sign_in
    async def set_category(self, value: str):
        self.category = value or ALL
        await self._act(lambda db, actor: None)

    # ---- the editor ----

    @rx.event
    def open_new(self):
        self.editing_id, self.draft, self.draft_shared, self.draft_variables = "", EMPTY_DRAFT, False, ""
        self.form_error, self.form_error_field, self.editor_open = "", "", True

    @rx.event
    def open_edit(self, template_id: str):
        row = next((r for r in self.rows if r["id"] == template_id), None)
        if row is None:
            return rx.toast.error("That template is no longer in the list; reload the page.")
        self.editing_id = template_id
        self.draft = {"name": row["name"], "category": row["category"], "body": row["body"]}
        self.draft_shared, self.draft_variables = row["shared"] == "yes", row["variables"]
        self.form_error, self.form_error_field, self.editor_open = "", "", True

    @rx.event
    def set_editor_open(self, value: bool):
        self.editor_open = value

    @rx.event
    def set_draft_shared(self, value: bool):
        self.draft_shared = value

    @rx.event
    def detect_variables(self, body: str):
        self.draft_variables = ", ".join(templates.variables(body))

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        name, category, body = (str(form.get(k, "")) for k in ("name", "category", "body"))
        editing_id, shared = self.editing_id, self.draft_shared

        def save(db, actor):
            if editing_id.isdigit():
                return templates.update_template(db, actor, int(editing_id), name=name, body=body,
                                                 category=category, shared_with_clients=shared)
            return templates.create_template(db, actor, name, body, category, shared)

        template, error = await self._act(save)
        if error:
            self.draft = {"name": name, "category": category, "body": body}
            self.form_error, self.form_error_field = error.message, getattr(error, "field", "")
            return None
        self.editor_open = False
        return rx.toast.success(f"“{template.name}” saved (version {template.version}).")

    # ---- versions ----

    def _show_versions(self, db, actor) -> None:
        template = templates.get_template(db, actor, int(self.versions_id))
        versions = templates.template_versions(db, actor, template.id)
        authors, zone = templates.version_authors(db, versions), org_zone(db, actor.org_id)
        self.versions_title, self.versions_editable = template.name, templates.may_edit(actor, template)
        self.versions = [{"number": str(v.number), "name": v.name, "body": v.body,
                          "author": authors.get(v.author_user_id, "AllIN"),
                          "when": as_utc(v.created_at).astimezone(zone).strftime("%d %b %Y, %H:%M"),
                          "current": "yes" if v.number == template.version else ""} for v in versions]

    @rx.event
    @requires_sign_in
    async def open_versions(self, template_id: str):
        if not template_id.isdigit():
            return None
        self.versions_id = template_id
        _, error = await act_as_signed_in(self, self._show_versions)
        if error:
            self.versions_id = ""
            return rx.toast.error(error.message)

    @rx.event
    def close_versions(self, _open: bool = False):
        self.versions_id, self.versions = "", []

    @rx.event
    @requires_sign_in
    async def restore(self, number: str):
        template_id = self.versions_id
        if not (template_id.isdigit() and number.isdigit()):
            return None

        def restore(db, actor):
            template = templates.restore_template_version(db, actor, int(template_id), int(number))
            self._show_versions(db, actor)
            return template

        template, error = await self._act(restore)
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(f"Version {number} restored as version {template.version}.")

    # ---- copy and delete ----

    @rx.event
    @requires_sign_in
    async def copy(self, template_id: str):
        if not template_id.isdigit():
            return None
        template, error = await self._act(lambda db, actor: templates.copy_template(db, actor, int(template_id)))
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(f"Copied as “{template.name}”: edit it as you like.")

    @rx.event
    def ask_delete(self, template_id: str, name: str):
        self.delete_id, self.delete_name = template_id, name

    @rx.event
    def cancel_delete(self, _open: bool = False):
        self.delete_id = ""

    @rx.event
    @requires_sign_in
    async def delete(self):
        template_id, name, self.delete_id = self.delete_id, self.delete_name, ""
        if not template_id.isdigit():
            return None
        _, error = await self._act(lambda db, actor: templates.delete_template(db, actor, int(template_id)))
        if error:
            return rx.toast.error(error.message)
        return rx.toast.success(f"“{name}” deleted.")

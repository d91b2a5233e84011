"""Reflex state of Settings > Brand: brand guidelines, and an agency's white label."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import SessionState, act_as_signed_in, requires_sign_in
from allin_app.core.rbac import Permission, Target, allows
from allin_app.orgs import branding
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind

LABEL_FIELDS = ("app_name", "primary_color", "accent_color", "custom_domain")


class BrandState(rx.State):
    guidelines: dict[str, str] = {}
    can_edit: bool = False
    is_agency: bool = False
    label: dict[str, str] = {}
    hidden: list[str] = []
    logo_url: str = ""
    favicon_url: str = ""
    error: str = ""
    error_field: str = ""

    def _show(self, db, actor) -> None:
        org = orgs.get_organization(db, actor, actor.org_id)
        rules = branding.guidelines_of(db, actor, org.id)
        self.guidelines = {key: getattr(rules, key) for key in branding.GUIDELINE_FIELDS}
        self.can_edit = allows(actor, Permission.organization_settings, Target(org_id=org.id))
        self.is_agency = org.kind == OrgKind.agency.value and self.can_edit
        if self.is_agency:
            label = branding.white_label_of(db, actor, org.id)
            self.label = {key: getattr(label, key) or "" for key in LABEL_FIELDS}
            self.hidden = [s for s in label.hidden_sections.split(",") if s]
            brand = branding.brand_for_org(db, org.id)
            self.logo_url, self.favicon_url = brand.logo_url, brand.favicon_url

    def _report(self, error) -> bool:
        self.error = error.message if error else ""
        self.error_field = getattr(error, "field", "") if error else ""
        return error is None

    @rx.event
    @requires_sign_in
    async def load(self):
        _, error = await act_as_signed_in(self, self._show)
        self._report(error)

    @rx.event
    @requires_sign_in
    async def save_guidelines(self, form: dict):
        def save(db, actor):
            branding.update_guidelines(db, actor, actor.org_id, {k: str(v) for k, v in form.items()})
            self._show(db, actor)

        _, error = await act_as_signed_in(self, save)
        if self._report(error):
            return rx.toast.success("Brand guidelines saved.")

    @rx.event
    def toggle_hidden(self, section: str, hide: bool):
        self.hidden = [s for s in self.hidden if s != section] + ([section] if hide else [])

    @rx.event
    @requires_sign_in
    async def save_label(self, form: dict):
        def save(db, actor):
            branding.update_white_label(db, actor, actor.org_id, hidden_sections=self.hidden,
                                        **{k: str(form.get(k, "")) for k in LABEL_FIELDS})
            self._show(db, actor)

        _, error = await act_as_signed_in(self, save)
        if self._report(error):
            return [rx.toast.success("White label saved."), SessionState.load_page]

    async def _upload(self, kind: str, files: list[rx.UploadFile]):
        if not files:
            self.error, self.error_field = "Choose an image first.", kind
            return None
        data = await files[0].read(branding.MAX_IMAGE_BYTES + 1)

        def save(db, actor):
            branding.set_white_label_image(db, actor, actor.org_id, kind, data)
            self._show(db, actor)

        _, error = await act_as_signed_in(self, save)
        if error is not None:
            self.error, self.error_field = error.message, kind
            return None
        self.error, self.error_field = "", ""
        return [rx.toast.success(f"{kind.capitalize()} uploaded."), SessionState.load_page]

    @rx.event
    @requires_sign_in
    async def upload_logo(self, files: list[rx.UploadFile]):
        return await self._upload("logo", files)

    @rx.event
    @requires_sign_in
    async def upload_favicon(self, files: list[rx.UploadFile]):
        return await self._upload("favicon", files)

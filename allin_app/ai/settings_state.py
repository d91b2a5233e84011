"""Reflex state of the "AI provider" card (Settings > Organization): which provider answers the organization's
AI requests, the form for its own OpenAI-compatible model (the API key is write-only), a connection test, and
the way back to the default. The service checks who may change it; this only mirrors that for the screen."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from allin_app.ai import org_settings
from allin_app.auth.state import act_as_signed_in, go_to, requires_sign_in, resume_url
from allin_app.core.errors import NotSignedIn
from allin_app.core.rbac import Actor, Permission, Target, allows

SOURCE_LABELS = {"organization": "This organization's own model", "platform": "The platform's model",
                 "local": "The local provider (offline)"}


class AISettingsState(rx.State):
    visible: bool = False
    can_edit: bool = False
    source: str = ""
    source_label: str = ""
    provider: str = ""
    base_url: str = ""
    model: str = ""
    has_api_key: bool = False
    error: str = ""
    error_field: str = ""
    testing: bool = False
    test_answer: str = ""
    test_error: str = ""
    form_key: int = 0  # bumped after each save so the form re-mounts with fresh defaults and an empty key field

    def _show(self, db: Session, actor: Actor) -> None:
        in_use = org_settings.provider_in_use(db, actor, actor.org_id)
        self.source, self.provider = in_use.source, in_use.name
        self.source_label = SOURCE_LABELS.get(in_use.source, in_use.source)
        self.can_edit = allows(actor, Permission.organization_settings, Target(org_id=actor.org_id))
        if self.can_edit:
            own = org_settings.settings_of(db, actor, actor.org_id)
            self.base_url, self.model, self.has_api_key = own.base_url, own.model, own.has_api_key
        else:
            self.base_url, self.model, self.has_api_key = "", "", False
        self.visible = True

    @rx.event
    @requires_sign_in
    async def load(self):
        self.error, self.error_field, self.test_answer, self.test_error = "", "", "", ""
        _, error = await act_as_signed_in(self, self._show)
        if error:
            self.visible = False

    async def _change(self, base_url: str, model: str, api_key: str | None, done: str):
        def change(db: Session, actor: Actor) -> None:
            org_settings.save_settings(db, actor, actor.org_id, base_url, model, api_key)
            self._show(db, actor)

        _, error = await act_as_signed_in(self, change)
        if error:
            self.error, self.error_field = error.message, getattr(error, "field", "")
            return None
        self.error, self.error_field, self.test_answer, self.test_error = "", "", "", ""
        self.form_key += 1
        return rx.toast.success(done)

    @rx.event
    @requires_sign_in
    async def save(self, form: dict):
        key = str(form.get("api_key", "")).strip()
        return await self._change(str(form.get("base_url", "")), str(form.get("model", "")), key or None,
                                  "AI provider saved.")

    @rx.event
    @requires_sign_in
    async def remove_key(self):
        return await self._change(self.base_url, self.model, "", "API key removed.")

    @rx.event
    @requires_sign_in
    async def use_default(self):
        return await self._change("", "", "", "Back to the default provider.")

    @rx.event
    async def test_connection(self):
        """One tiny completion through the provider in use; its answer, or the reason it gave none."""
        if self.testing:
            return
        self.testing, self.test_answer, self.test_error = True, "", ""
        yield
        try:
            found, error = await act_as_signed_in(
                self, lambda db, actor: org_settings.test_connection(db, actor, actor.org_id), blocking=True)
        except NotSignedIn:
            yield go_to(resume_url(self))
            return
        finally:
            self.testing = False
        if error:
            self.test_error = error.message
        else:
            self.test_answer = f"{found.provider} answered in {found.seconds:g} s: “{found.answer}”"

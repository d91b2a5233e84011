"""Reflex state of /auth/invite: show an invitation, then sign up through it or accept it signed in."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from allin_app.auth import service as auth
from allin_app.auth.state import SessionState, access_token_of, client_of, go_to
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, ValidationFailed
from allin_app.orgs import team

FORM_FIELDS = ("full_name", "password", "password_confirm")


class InviteState(rx.State):
    loaded: bool = False
    invalid: str = ""  # why the link cannot be used; empty when it can
    org_name: str = ""
    email: str = ""
    role_label: str = ""
    inviter: str = ""
    message: str = ""
    signed_in_email: str = ""
    login_href: str = "/auth/login"
    error: str = ""
    error_field: str = ""
    busy: bool = False
    _token: str = ""

    @rx.var
    def general_error(self) -> str:
        """An error not about one of the form's fields (those show under the field)."""
        return "" if self.error_field in FORM_FIELDS else self.error

    @rx.var
    def for_someone_else(self) -> bool:
        return self.signed_in_email != "" and self.signed_in_email.lower() != self.email.lower()

    @rx.event
    def open_page(self):
        self._token = self.router.url.query_parameters.get("token", "")
        self.error, self.error_field, self.busy, self.invalid = "", "", False, ""
        self.login_href = "/auth/login?next=" + quote(f"/auth/invite?token={self._token}", safe="")
        try:
            with session_scope() as db:
                preview = team.invitation_preview(db, self._token)
                found = auth.session_user(db, access_token_of(self), touch=False)
        except DomainError as exc:
            self.invalid, self.loaded = exc.message, True
            return
        self.org_name, self.email, self.role_label = preview.org_name, preview.email, preview.role.label
        self.inviter, self.message = preview.inviter_name, preview.message
        self.signed_in_email = found[1].email if found else ""
        self.loaded = True

    async def _land_in_org(self, org_id: int) -> None:
        """The shell opens the organization named by the `allin_org` cookie."""
        session = await self.get_state(SessionState)
        session.org_pref = str(org_id)

    @rx.event
    async def register(self, form: dict):
        self.error, self.error_field = "", ""
        password = str(form.get("password", ""))
        if form.get("password_confirm") != password:
            self.error, self.error_field = "The two passwords do not match.", "password_confirm"
            return
        try:
            with session_scope() as db:
                user = team.register_from_invitation(db, self._token, str(form.get("full_name", "")), password)
                email, org_id = user.email, user.home_org_id
        except ValidationFailed as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        try:  # the ordinary sign-in: login history, and the organization's sign-in rules (IP allow list)
            with session_scope() as db:
                code = auth.create_web_handoff(db, auth.sign_in_with_password(db, email, password, False,
                                                                              client_of(self)))
        except DomainError as exc:
            self.invalid = f"Your account is ready, but you could not be signed in here: {exc.message}"
            return
        self.busy = True
        await self._land_in_org(org_id)
        return go_to(f"/api/v1/auth/web/complete?code={quote(code)}&next={quote('/dashboard')}")

    @rx.event
    async def accept(self):
        self.error, self.error_field = "", ""
        try:
            with session_scope() as db:
                found = auth.session_user(db, access_token_of(self))
                if found is None:
                    self.signed_in_email = ""
                    self.error = "Your session has ended. Sign in to accept the invitation."
                    return
                membership = team.accept_invitation(db, self._token, found[1])
                org_id = membership.org_id
        except DomainError as exc:
            self.error = exc.message
            return
        self.busy = True
        await self._land_in_org(org_id)
        return go_to("/dashboard")

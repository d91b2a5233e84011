"""Reflex state behind the signed-out pages: sign in (with the 2FA step), sign up, verify, reset."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from allin_app.auth import service as auth
from allin_app.auth.state import client_of, go_to
from allin_app.auth.views import safe_next
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, ValidationFailed
from allin_app.orgs import branding


def _hand_off(state: rx.State, sign_in: auth.SignIn, next_path: str):
    """Finish a sign-in: the browser trades a one-time code for HttpOnly cookies."""
    with session_scope() as db:
        code = auth.create_web_handoff(db, sign_in)
    return go_to(f"/api/v1/auth/web/complete?code={quote(code)}&next={quote(safe_next(next_path))}")


class LoginState(rx.State):
    error: str = ""
    notice: str = ""
    stage: str = "password"  # or "second_factor"
    busy: bool = False
    _challenge: str = ""
    _email: str = ""

    brand_name: str = "AllIN"
    brand_logo: str = ""
    brand_color: str = ""

    @rx.event
    def open_page(self):
        params = self.router.url.query_parameters
        self.error, self.busy, self.stage, self._challenge = "", False, "password", ""
        self.notice = "That sign-in link expired; please sign in again." if params.get("expired") else ""
        with session_scope() as db:  # an agency's clients sign in on its white-labelled page
            brand = branding.brand_for_login(db, self.router.headers.host or "", params.get("org", ""))
        self.brand_name, self.brand_logo, self.brand_color = brand.app_name, brand.logo_url, brand.primary_color

    def _next(self) -> str:
        return self.router.url.query_parameters.get("next", "/dashboard")

    @rx.event
    def submit_password(self, form: dict):
        self.error, self.notice = "", ""
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        if not email.strip() or not password:
            self.error = "Enter your email and password."
            return
        try:
            with session_scope() as db:
                sign_in = auth.sign_in_with_password(db, email, password, bool(form.get("remember")), client_of(self))
        except DomainError as exc:
            self.error = exc.message
            return
        if sign_in.needs_second_factor:
            self._challenge, self._email, self.stage = sign_in.challenge, email, "second_factor"
            return
        self.busy = True
        return _hand_off(self, sign_in, self._next())

    @rx.event
    def submit_code(self, form: dict):
        self.error = ""
        try:
            with session_scope() as db:
                sign_in = auth.complete_second_factor(db, self._challenge, str(form.get("code", "")), client_of(self))
        except DomainError as exc:
            self.error = exc.message
            if getattr(exc, "code", "") == "challenge_expired":
                self.stage = "password"
            return
        self._challenge, self.busy = "", True
        return _hand_off(self, sign_in, self._next())

    @rx.event
    def back_to_password(self):
        self.stage, self._challenge, self.error = "password", "", ""

    @rx.event
    def resend_verification(self, form: dict):
        with session_scope() as db:
            auth.resend_verification(db, str(form.get("email", "")))
        self.notice = "If that account is waiting for confirmation, a new link is on its way."


class RegisterState(rx.State):
    error: str = ""
    error_field: str = ""
    done: bool = False

    @rx.event
    def submit(self, form: dict):
        self.error, self.error_field = "", ""
        if form.get("password") != form.get("password_confirm"):
            self.error, self.error_field = "The two passwords do not match.", "password_confirm"
            return
        try:
            with session_scope() as db:
                auth.register(db, str(form.get("email", "")), str(form.get("password", "")),
                              str(form.get("full_name", "")), client_of(self))
        except ValidationFailed as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        self.done = True


class ForgotState(rx.State):
    sent: bool = False
    error: str = ""

    @rx.event
    def submit(self, form: dict):
        email = str(form.get("email", "")).strip()
        if "@" not in email:
            self.error = "Enter the email address you sign in with."
            return
        with session_scope() as db:
            auth.request_password_reset(db, email, client_of(self))
        self.error, self.sent = "", True


class ResetState(rx.State):
    error: str = ""
    stage: str = "password"  # or "second_factor"
    _token: str = ""
    _challenge: str = ""

    @rx.event
    def open_page(self):
        self._token = self.router.url.query_parameters.get("token", "")
        self.error, self.stage = ("" if self._token else auth.BAD_LINK), "password"

    @rx.event
    def submit(self, form: dict):
        if form.get("password") != form.get("password_confirm"):
            self.error = "The two passwords do not match."
            return
        try:
            with session_scope() as db:
                sign_in = auth.reset_password(db, self._token, str(form.get("password", "")), client_of(self))
        except DomainError as exc:
            self.error = exc.message
            return
        if sign_in.needs_second_factor:
            self._challenge, self.stage, self.error = sign_in.challenge, "second_factor", ""
            return
        return _hand_off(self, sign_in, "/dashboard")

    @rx.event
    def submit_code(self, form: dict):
        try:
            with session_scope() as db:
                sign_in = auth.complete_second_factor(db, self._challenge, str(form.get("code", "")), client_of(self))
        except DomainError as exc:
            self.error = exc.message
            return
        return _hand_off(self, sign_in, "/dashboard")


class VerifyState(rx.State):
    verified: bool = False
    error: str = ""

    @rx.event
    def open_page(self):
        token = self.router.url.query_parameters.get("token", "")
        try:
            with session_scope() as db:
                auth.verify_email(db, token)
            self.verified, self.error = True, ""
        except DomainError as exc:
            self.verified, self.error = False, exc.message

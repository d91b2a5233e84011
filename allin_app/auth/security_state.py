"""Reflex state of Settings > Security: 2FA set-up, backup codes, password, sessions, history."""

from __future__ import annotations

import base64

import reflex as rx

from allin_app.auth import service as auth
from allin_app.auth import totp
from allin_app.auth.state import access_token_of, requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


class SecurityState(rx.State):
    two_factor_enabled: bool = False
    setup_secret: str = ""
    setup_qr: str = ""
    backup_codes: list[str] = []
    backup_left: int = 0
    error: str = ""
    sessions: list[dict[str, str]] = []
    history: list[dict[str, str]] = []

    async def _run(self, action):
        """Re-identify the caller, run `action(db, user)` in one transaction, refresh the lists."""
        try:
            with session_scope() as db:
                user, _actor = await signed_in_actor(self, db)
                result = action(db, user)
                self._refresh(db, user)
            self.error = ""
            return result
        except NotSignedIn:
            raise  # requires_sign_in sends the tab to sign in again
        except DomainError as exc:
            self.error = exc.message
            return None

    def _refresh(self, db, user) -> None:
        self.two_factor_enabled = user.totp_enabled
        self.backup_left = totp.remaining_backup_codes(db, user)
        current = self._current_session_id(db)
        self.sessions = [
            {"id": str(s.id), "device": s.user_agent or "Unknown device", "ip": s.ip or "-",
             "last_seen": _when(s.last_seen_at), "current": "yes" if s.id == current else ""}
            for s in auth.list_sessions(db, user.id)
        ]
        self.history = [
            {"at": _when(a.at), "ip": a.ip or "-", "device": a.user_agent or "-",
             "result": "Success" if a.success else f"Failed ({a.reason.replace('_', ' ')})"}
            for a in auth.login_history(db, user.id)
        ]

    def _current_session_id(self, db) -> int | None:
        found = auth.session_user(db, access_token_of(self), touch=False)
        return found[0].id if found else None

    @rx.event
    @requires_sign_in
    async def load(self):
        self.setup_secret, self.setup_qr, self.backup_codes = "", "", []
        await self._run(lambda db, user: None)

    @rx.event
    @requires_sign_in
    async def start_2fa(self):
        result = await self._run(totp.begin_setup)
        if result:
            secret, uri = result
            self.setup_secret = secret
            self.setup_qr = "data:image/svg+xml;base64," + base64.b64encode(totp.qr_svg(uri).encode()).decode()

    @rx.event
    @requires_sign_in
    async def confirm_2fa(self, form: dict):
        codes = await self._run(lambda db, user: totp.confirm_setup(db, user, str(form.get("code", ""))))
        if codes:
            self.backup_codes, self.setup_secret, self.setup_qr = codes, "", ""
            return rx.toast.success("Two-factor authentication is on.")

    @rx.event
    @requires_sign_in
    async def cancel_2fa_setup(self):
        self.setup_secret, self.setup_qr = "", ""

    @rx.event
    @requires_sign_in
    async def disable_2fa(self, form: dict):
        await self._run(lambda db, user: totp.disable(db, user, str(form.get("password", ""))))
        if not self.error:
            self.backup_codes = []
            return rx.toast.success("Two-factor authentication is off.")

    @rx.event
    @requires_sign_in
    async def regenerate_codes(self, form: dict):
        codes = await self._run(lambda db, user: totp.regenerate_backup_codes(db, user, str(form.get("password", ""))))
        if codes:
            self.backup_codes = codes
            return rx.toast.success("New backup codes made; the old ones no longer work.")

    @rx.event
    @requires_sign_in
    async def change_password(self, form: dict):
        if form.get("new_password") != form.get("new_password_confirm"):
            self.error = "The two new passwords do not match."
            return

        def change(db, user):
            auth.change_password(db, user, str(form.get("current_password", "")), str(form.get("new_password", "")),
                                 keep_session_id=self._current_session_id(db))
            return True

        if await self._run(change):
            return rx.toast.success("Password changed. Your other devices were signed out.")

    @rx.event
    @requires_sign_in
    async def revoke(self, session_id: str):
        if not session_id.isdigit():
            return
        await self._run(lambda db, user: auth.revoke_session(db, user.id, int(session_id)))
        if not self.error:
            return rx.toast.success("That device was signed out.")

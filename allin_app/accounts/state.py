"""Reflex state of the Accounts page: connected accounts, connecting, refreshing, disconnecting."""

from __future__ import annotations

import reflex as rx

from allin_app.accounts import reconnect
from allin_app.accounts import service as accounts
from allin_app.accounts.export import export_account
from allin_app.auth.state import act_as_signed_in, go_to, requires_sign_in
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.rbac import Permission, Target, allows


def _expires_text(moment) -> str:
    if moment is None:
        return "no expiry"
    seconds = int((as_utc(moment) - utcnow()).total_seconds())
    if seconds <= 0:
        return "expired"
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"in {count} {unit}{'s' if count > 1 else ''}"
    return "in under a minute"


def _window_text(seconds: int) -> str:
    hours = seconds // 3600
    return f"{hours // 24} days" if hours > 48 else f"{hours} h"


def _quota_text(account) -> str:
    if account.quota_total is None:
        return ""
    return f"{account.quota_used or 0} of {account.quota_total} in {_window_text(account.quota_window_seconds or 0)}"


def _row(account) -> dict[str, str]:
    health = accounts.health(account)
    handle = account.handle if account.handle.startswith("@") else f"@{account.handle}"
    return {"id": str(account.id), "key": account.network, "network": accounts.networks()[account.network],
            "handle": handle,
            "name": account.display_name, "avatar": account.avatar_url, "followers": f"{account.followers:,}",
            "health": health.state, "reason": health.reason, "expires": _expires_text(account.token_expires_at),
            "scopes": ", ".join(account.scopes.split()), "kind": account.kind, "quota": _quota_text(account)}


class AccountsState(rx.State):
    rows: list[dict[str, str]] = []
    networks: list[dict[str, str]] = [{"key": k, "label": v} for k, v in accounts.networks().items()]
    can_connect: bool = False
    can_manage: bool = False
    notice: str = ""
    error: str = ""
    confirm_id: str = ""
    link_id: str = ""
    link_error: str = ""

    async def _act(self, change, done: str = ""):
        """Run `change(db, actor)` off the event loop (it may call a network), then show the accounts."""
        def run(db, actor):
            result = change(db, actor)
            return result, [_row(a) for a in accounts.list_accounts(db, actor)], (
                allows(actor, Permission.connect_accounts, Target(org_id=actor.org_id)),
                allows(actor, Permission.disconnect_accounts, Target(org_id=actor.org_id)))

        outcome, error = await act_as_signed_in(self, run, blocking=True)
        if error:
            self.error, self.notice = error.message, ""
            return None
        result, self.rows, (self.can_connect, self.can_manage) = outcome
        self.error, self.notice = "", done or self.notice
        return result

    @rx.event
    @requires_sign_in
    async def load(self):
        params = self.router.url.query_parameters
        self.notice = f"Connected: {params['connected']}." if params.get("connected") else ""
        self.confirm_id = ""
        await self._act(lambda db, actor: None)
        self.error = params.get("error", self.error)

    @rx.event
    @requires_sign_in
    async def connect(self, network: str):
        url = await self._act(lambda db, actor: accounts.start_connect(db, actor, network))
        if url:
            return go_to(url)

    @rx.event
    @requires_sign_in
    async def refresh(self, account_id: str):
        if account_id.isdigit():
            account = await self._act(lambda db, actor: accounts.refresh_account(db, actor, int(account_id)))
            if account is not None:
                return rx.toast.info(f"{account.display_name or account.handle}: {accounts.health(account).state}.")

    @rx.event
    def ask_disconnect(self, account_id: str):
        self.confirm_id = account_id

    @rx.event
    def cancel_disconnect(self, _open: bool = False):
        self.confirm_id = ""

    @rx.event
    @requires_sign_in
    async def disconnect(self, account_id: str):
        self.confirm_id = ""
        if account_id.isdigit():
            note = await self._act(lambda db, actor: accounts.disconnect(db, actor, int(account_id)))
            if note:
                return rx.toast.success(f"Disconnected. {note}")

    @rx.event
    @requires_sign_in
    async def download_export(self, fmt: str):
        account_id = self.confirm_id
        if not account_id.isdigit():
            return None
        document, error = await act_as_signed_in(
            self, lambda db, actor: export_account(db, actor, int(account_id), fmt), blocking=True)
        if error:
            return rx.toast.error(error.message)
        return rx.download(data=document.body, filename=document.filename, mime_type=document.media_type)

    @rx.event
    def ask_link(self, account_id: str):
        self.link_id, self.link_error = account_id, ""

    @rx.event
    def close_link(self, _open: bool = False):
        self.link_id, self.link_error = "", ""

    @rx.event
    @requires_sign_in
    async def send_link(self, form: dict):
        account_id, email = self.link_id, str(form.get("email", ""))
        if not account_id.isdigit():
            return None
        _, error = await act_as_signed_in(
            self, lambda db, actor: reconnect.send_reconnect_link(db, actor, int(account_id), email))
        if error:
            self.link_error = error.message
            return None
        self.link_id = ""
        return rx.toast.success(f"Reconnect link sent to {email}.")

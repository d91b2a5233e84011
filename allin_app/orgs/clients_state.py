"""Reflex state of the agency's Clients page."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import SessionState, act_as_signed_in, requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn
from allin_app.orgs import clients


class ClientsState(rx.State):
    agency_name: str = ""
    rows: list[dict[str, str]] = []
    error: str = ""
    form_error: str = ""
    form_error_field: str = ""
    dialog_open: bool = False
    staff_client_id: str = ""
    staff_client_name: str = ""
    staff: list[dict[str, str]] = []

    async def _reload(self, db) -> None:
        _user, actor = await signed_in_actor(self, db)
        agency, summaries = clients.client_overview(db, actor)
        self.agency_name = agency.name
        self.rows = [{"id": str(s.org.id), "name": s.org.name, "industry": s.org.industry or "-",
                      "members": str(s.members), "invitations": str(s.pending_invitations),
                      "accounts": str(s.accounts), "attention": str(s.accounts_needing_attention),
                      "status": "Suspended" if s.suspended else "Active"} for s in summaries]

    @rx.event
    @requires_sign_in
    async def load(self):
        try:
            with session_scope() as db:
                await self._reload(db)
            self.error = ""
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.rows, self.error = [], exc.message

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = value
        self.form_error, self.form_error_field = "", ""

    @rx.event
    @requires_sign_in
    async def create(self, form: dict):
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                client = clients.onboard_client(
                    db, actor, str(form.get("name", "")), industry=str(form.get("industry", "")),
                    website=str(form.get("website", "")), timezone=str(form.get("timezone", "") or "UTC"),
                    voice_tone=str(form.get("voice_tone", "")), invite_emails=str(form.get("invite_emails", "")),
                    invite_role=str(form.get("invite_role", "") or "client_viewer"))
                name = client.name
                await self._reload(db)
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.form_error, self.form_error_field = exc.message, getattr(exc, "field", "")
            return
        self.dialog_open = False
        return [rx.toast.success(f"{name} is ready; any invitations are on their way."), SessionState.load_page]

    @rx.event
    def open_client(self, org_id: str):
        return SessionState.switch_org(org_id)

    async def _load_staff(self) -> None:
        def load(db, actor):
            return clients.agency_staff(db, actor, int(self.staff_client_id))

        rows, error = await act_as_signed_in(self, load)
        self.error = error.message if error else ""
        self.staff = [{"id": str(u.id), "name": u.full_name or u.email, "role": role.label,
                       "assigned": "yes" if assigned else ""} for u, role, assigned in rows or []]

    @rx.event
    @requires_sign_in
    async def open_staff(self, client_id: str, client_name: str):
        if client_id.isdigit():
            self.staff_client_id, self.staff_client_name = client_id, client_name
            await self._load_staff()

    @rx.event
    def close_staff(self, _open: bool = False):
        self.staff_client_id, self.staff = "", []

    @rx.event
    @requires_sign_in
    async def set_assigned(self, user_id: str, assigned: bool):
        if not (user_id.isdigit() and self.staff_client_id.isdigit()):
            return
        _, error = await act_as_signed_in(self, lambda db, actor: clients.set_assignment(
            db, actor, int(self.staff_client_id), int(user_id), assigned))
        await self._load_staff()
        if error:
            return rx.toast.error(error.message)

"""Reflex state of Admin > Organizations: the super admin's directory of every organization."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn
from allin_app.orgs import directory
from allin_app.orgs.models import Organization, OrgKind


class AdminOrgsState(rx.State):
    query: str = ""
    rows: list[dict[str, str]] = []
    agencies: list[dict[str, str]] = []
    error: str = ""
    delete_id: str = ""
    delete_name: str = ""
    retention_note: str = directory.RETENTION_NOTE

    def _row(self, org: Organization, names: dict[int, str]) -> dict[str, str]:
        return {"id": str(org.id), "name": org.name, "kind": OrgKind(org.kind).label,
                "parent": names.get(org.parent_id, "-") if org.parent_id else "-",
                "status": "Suspended" if org.suspended_at else "Active"}

    async def _act(self, action) -> bool:
        """Run `action(db, actor)` for the signed-in super admin, then reload the list."""
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                action(db, actor)
                found = directory.search_organizations(db, actor, self.query)
                every = directory.search_organizations(db, actor)
                names = {o.id: o.name for o in every}
                self.rows = [self._row(o, names) for o in found]
                self.agencies = [{"id": str(o.id), "name": o.name} for o in every if o.kind == OrgKind.agency.value]
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.error = exc.message
            return False
        self.error = ""
        return True

    @rx.event
    @requires_sign_in
    async def load(self):
        await self._act(lambda db, actor: None)

    @rx.event
    @requires_sign_in
    async def search(self, form: dict):
        self.query = str(form.get("query", ""))[:100]
        await self._act(lambda db, actor: None)

    @rx.event
    @requires_sign_in
    async def create(self, form: dict):
        kind = OrgKind(str(form.get("kind") or OrgKind.small_business.value))
        parent = str(form.get("parent_id", ""))
        ok = await self._act(lambda db, actor: directory.create_any_organization(
            db, actor, str(form.get("name", "")), kind, int(parent) if parent.isdigit() else None))
        if ok:
            return rx.toast.success("Organization created.")

    @rx.event
    @requires_sign_in
    async def set_suspended(self, org_id: str, suspended: bool):
        if org_id.isdigit() and await self._act(lambda db, actor: directory.set_suspended(db, actor, int(org_id),
                                                                                          suspended)):
            return rx.toast.success("Suspended." if suspended else "Reactivated.")

    @rx.event
    def ask_delete(self, org_id: str, name: str):
        self.delete_id, self.delete_name = org_id, name

    @rx.event
    def cancel_delete(self):
        self.delete_id, self.delete_name = "", ""

    @rx.event
    @requires_sign_in
    async def confirm_delete(self, form: dict):
        org_id = self.delete_id
        if org_id.isdigit() and await self._act(lambda db, actor: directory.delete_organization(
                db, actor, int(org_id), str(form.get("confirm_name", "")))):
            self.delete_id, self.delete_name = "", ""
            return rx.toast.success("Organization deleted.")

"""Reflex state of the Team page."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn
from allin_app.orgs import service as orgs


class TeamState(rx.State):
    members: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                members = orgs.list_members(db, actor)
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.members, self.error = [], exc.message
            return
        self.error = ""
        self.members = [{"name": u.full_name or u.email, "email": u.email, "role": role.label,
                         "two_factor": "On" if u.totp_enabled else "Off"} for u, role in members]

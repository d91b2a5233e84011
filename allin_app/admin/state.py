"""Reflex state of the Admin page: the audit log and the mail outbox (super admin only)."""

from __future__ import annotations

import reflex as rx

from allin_app.admin import service as admin
from allin_app.auth.state import requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotSignedIn


class AdminState(rx.State):
    audit: list[dict[str, str]] = []
    outbox: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                events = admin.list_audit_events(db, actor)
                mails = admin.list_outbox(db, actor)
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.audit, self.outbox, self.error = [], [], exc.message
            return
        self.error = ""
        self.audit = [{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "action": e.action, "target": e.target,
                       "result": e.result, "ip": e.ip, "detail": e.detail} for e in events]
        self.outbox = [{"id": str(m.id), "at": m.created_at.strftime("%Y-%m-%d %H:%M"), "to": m.to_email,
                        "subject": m.subject, "body": m.body,
                        "status": "sent" if m.sent_at else (f"failed: {m.error}" if m.error else "outbox only")}
                       for m in mails]

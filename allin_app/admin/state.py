"""Reflex state of the Admin page: the audit log and the mail outbox (super admin only)."""

from __future__ import annotations

import reflex as rx

from allin_app.admin import service as admin
from allin_app.auth.state import act_as_signed_in, requires_sign_in


class AdminState(rx.State):
    audit: list[dict[str, str]] = []
    outbox: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        found, error = await act_as_signed_in(
            self, lambda db, actor: (admin.list_audit_events(db, actor), admin.list_outbox(db, actor)))
        if error:
            self.audit, self.outbox, self.error = [], [], error.message
            return
        events, mails = found
        self.error = ""
        self.audit = [{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "action": e.action, "target": e.target,
                       "result": e.result, "ip": e.ip, "detail": e.detail} for e in events]
        self.outbox = [{"id": str(m.id), "at": m.created_at.strftime("%Y-%m-%d %H:%M"), "to": m.to_email,
                        "subject": m.subject, "body": m.body,
                        "status": "sent" if m.sent_at else (f"failed: {m.error}" if m.error else "outbox only")}
                       for m in mails]

"""Reflex state of the Admin page: the audit log and the mail outbox (super admin only)."""

from __future__ import annotations

import reflex as rx

from allin_app.admin import service as admin
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.scheduling.health import publisher_health


class AdminState(rx.State):
    audit: list[dict[str, str]] = []
    outbox: list[dict[str, str]] = []
    publisher: dict[str, str] = {}
    error: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        found, error = await act_as_signed_in(
            self, lambda db, actor: (admin.list_audit_events(db, actor), admin.list_outbox(db, actor),
                                     publisher_health(db, actor)))
        if error:
            self.audit, self.outbox, self.error = [], [], error.message
            return
        events, mails, health = found
        self.publisher = {
            "state": "Publishing normally" if health.healthy else "Needs attention",
            "ok": "yes" if health.healthy else "no",
            "last_tick": health.last_tick.strftime("%Y-%m-%d %H:%M:%S UTC") if health.last_tick else "never",
            "due": str(health.due_unclaimed),
            "oldest": health.oldest_overdue.strftime("%Y-%m-%d %H:%M:%S UTC") if health.oldest_overdue else "none",
            "problems": " ".join(health.problems)}
        self.error = ""
        self.audit = [{"at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "action": e.action, "target": e.target,
                       "result": e.result, "ip": e.ip, "detail": e.detail} for e in events]
        self.outbox = [{"id": str(m.id), "at": m.created_at.strftime("%Y-%m-%d %H:%M"), "to": m.to_email,
                        "subject": m.subject, "body": m.body,
                        "status": "sent" if m.sent_at else (f"failed: {m.error}" if m.error else "outbox only")}
                       for m in mails]

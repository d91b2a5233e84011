"""Audit log writing and the super admin's read-only views (audit trail, mail outbox)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from allin_app.admin.models import AuditEvent, OutboxMail
from allin_app.core.errors import PermissionDenied
from allin_app.core.rbac import Actor, Permission, require


def record_audit(
    db: Session,
    action: str,
    *,
    actor_user_id: int | None = None,
    org_id: int | None = None,
    target: str = "",
    result: str = "ok",
    ip: str = "",
    detail: str = "",
    actor_type: str = "user",
) -> None:
    """Append one event; it is committed with the action it describes (same transaction)."""
    db.add(
        AuditEvent(
            action=action,
            actor_user_id=actor_user_id,
            org_id=org_id,
            target=target[:120],
            result=result,
            ip=ip[:64],
            detail=detail[:500],
            actor_type=actor_type,
        )
    )


def _require_platform_admin(actor: Actor) -> None:
    require(actor, Permission.platform_settings)
    if actor.is_api_key:
        raise PermissionDenied("API keys cannot read platform logs.")


def list_audit_events(db: Session, actor: Actor, limit: int = 100) -> list[AuditEvent]:
    _require_platform_admin(actor)
    return list(db.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)))


def list_outbox(db: Session, actor: Actor, limit: int = 50) -> list[OutboxMail]:
    _require_platform_admin(actor)
    return list(db.exec(select(OutboxMail).order_by(col(OutboxMail.id).desc()).limit(limit)))

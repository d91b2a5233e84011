"""The platform's organization directory for super admins: search, create, suspend, delete."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from allin_app.admin.service import record_audit
from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, require
from allin_app.orgs import service as orgs
from allin_app.orgs.deletion import purge_organization
from allin_app.orgs.models import Organization, OrgKind

RETENTION_NOTE = ("Deleting removes the organization and everything in it at once: posts, media files, reports, "
                  "analytics, chat, tasks, settings, memberships and invitations. It cannot be undone. People keep "
                  "their AllIN accounts; the audit log keeps its entries, no longer linked to the organization.")


def _require_platform_admin(actor: Actor) -> None:
    require(actor, Permission.platform_settings)


def search_organizations(db: Session, actor: Actor, query: str = "", limit: int = 200) -> list[Organization]:
    _require_platform_admin(actor)
    statement = select(Organization).order_by(Organization.name).limit(limit)
    if query.strip():
        pattern = f"%{query.strip().lower()}%"
        statement = statement.where(or_(col(Organization.name).ilike(pattern), col(Organization.slug).ilike(pattern)))
    return list(db.exec(statement))


def create_any_organization(db: Session, actor: Actor, name: str, kind: OrgKind,
                            parent_id: int | None = None) -> Organization:
    _require_platform_admin(actor)
    if kind == OrgKind.client:
        parent = db.get(Organization, parent_id) if parent_id else None
        if parent is None or parent.kind != OrgKind.agency.value:
            raise ValidationFailed("parent_id", "A client organization belongs to an agency: pick one.")
    elif parent_id:
        raise ValidationFailed("parent_id", "Only client organizations belong to an agency.")
    org = orgs.create_organization(db, name, kind, parent_id)
    record_audit(db, "org.created", actor_user_id=actor.user_id, org_id=org.id, target=f"org:{org.id}", detail=name)
    return org


def set_suspended(db: Session, actor: Actor, org_id: int, suspended: bool) -> Organization:
    """Suspended organizations (and an agency's clients) cannot be used by their members."""
    _require_platform_admin(actor)
    org = orgs.get_organization(db, actor, org_id)
    org.suspended_at = utcnow() if suspended else None
    record_audit(db, "org.suspended" if suspended else "org.reactivated", actor_user_id=actor.user_id,
                 org_id=org.id, target=f"org:{org.id}", detail=org.name)
    return org


def delete_organization(db: Session, actor: Actor, org_id: int, confirm_name: str) -> dict[str, int]:
    """Delete, with everything the organization owns (`deletion.purge_organization`), after the admin typed its
    name; agencies must lose their clients first. Answers the rows deleted per table."""
    _require_platform_admin(actor)
    org = orgs.get_organization(db, actor, org_id)
    if confirm_name.strip() != org.name:
        raise ValidationFailed("confirm_name", f"Type the organization's name, {org.name}, to confirm.")
    if orgs.client_orgs_of(db, org.id):
        raise ValidationFailed("confirm_name", "This agency still has client organizations: move or delete them first.")
    name = org.name
    deleted = purge_organization(db, org.id)
    record_audit(db, "org.deleted", actor_user_id=actor.user_id, target=f"org:{org_id}",
                 detail=f"{name} ({sum(deleted.values())} rows)")
    return deleted

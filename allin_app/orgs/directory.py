"""The platform's organization directory for super admins: search, create, suspend, delete."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import ClientAssignment, Invitation, Membership, Organization, OrgKind

RETENTION_NOTE = ("Deleting removes the organization, its memberships and invitations at once. People keep their "
                  "AllIN accounts; the audit log keeps its entries about the organization.")


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


def delete_organization(db: Session, actor: Actor, org_id: int, confirm_name: str) -> None:
    """Delete after the admin typed the organization's name; agencies must lose their clients first."""
    _require_platform_admin(actor)
    org = orgs.get_organization(db, actor, org_id)
    if confirm_name.strip() != org.name:
        raise ValidationFailed("confirm_name", f"Type the organization's name, {org.name}, to confirm.")
    if orgs.client_orgs_of(db, org.id):
        raise ValidationFailed("confirm_name", "This agency still has client organizations: move or delete them first.")
    for row in [*db.exec(select(Membership).where(Membership.org_id == org.id)),
                *db.exec(select(Invitation).where(Invitation.org_id == org.id)),
                *db.exec(select(ClientAssignment).where(ClientAssignment.client_org_id == org.id))]:
        db.delete(row)
    for user in db.exec(select(User).where(User.home_org_id == org.id)):
        user.home_org_id = None
    db.flush()
    db.delete(org)
    record_audit(db, "org.deleted", actor_user_id=actor.user_id, target=f"org:{org_id}", detail=org.name)

"""An agency's clients: the overview with real counts, and onboarding a new client organization."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Target, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import ClientAssignment, Invitation, Membership, Organization, OrgKind


@dataclass(frozen=True)
class ClientSummary:
    org: Organization
    members: int
    pending_invitations: int
    suspended: bool
    accounts: int = 0
    accounts_needing_attention: int = 0  # expired or failing: someone has to reconnect


def agency_of(db: Session, actor: Actor) -> Organization:
    """The agency the actor works for: the acting org if it is one, else the acting client's agency."""
    org = orgs.get_organization(db, actor, actor.org_id)
    if org.kind == OrgKind.agency.value:
        return org
    if org.kind == OrgKind.client.value and org.parent_id:
        return orgs.get_organization(db, actor, org.parent_id)
    raise NotFound("This organization is not part of an agency.")


def client_overview(db: Session, actor: Actor) -> tuple[Organization, list[ClientSummary]]:
    agency = agency_of(db, actor)
    require(actor, Permission.organization_settings, Target(org_id=agency.id))
    clients = orgs.client_orgs_of(db, agency.id)
    ids = [c.id for c in clients]
    members = dict(db.exec(select(Membership.org_id, func.count()).where(Membership.org_id.in_(ids))
                           .group_by(Membership.org_id)).all()) if ids else {}
    pending = dict(db.exec(
        select(Invitation.org_id, func.count())
        .where(Invitation.org_id.in_(ids), Invitation.accepted_at == None,
               Invitation.revoked_at == None, Invitation.expires_at > utcnow())
        .group_by(Invitation.org_id)).all()) if ids else {}
    accounts, attention = _account_counts(db, ids)
    return agency, [ClientSummary(c, members.get(c.id, 0), pending.get(c.id, 0), c.suspended_at is not None,
                                  accounts.get(c.id, 0), attention.get(c.id, 0)) for c in clients]


def _account_counts(db: Session, org_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    connected: dict[int, int] = {}
    attention: dict[int, int] = {}
    rows = db.exec(select(SocialAccount.org_id, SocialAccount.status).where(
        SocialAccount.org_id.in_(org_ids), SocialAccount.disconnected_at == None)).all() if org_ids else []
    for org_id, status in rows:
        connected[org_id] = connected.get(org_id, 0) + 1
        if status in ("expired", "error"):
            attention[org_id] = attention.get(org_id, 0) + 1
    return connected, attention


def create_client(db: Session, actor: Actor, name: str, industry: str = "", website: str = "",
                  timezone: str = "UTC") -> Organization:
    """Onboard a client under the actor's agency; the agency owner reaches it at once."""
    agency = agency_of(db, actor)
    require(actor, Permission.organization_settings, Target(org_id=agency.id))
    if orgs.get_org_by_slug(db, orgs.slugify(name)) is not None and any(
            c.name.lower() == name.strip().lower() for c in orgs.client_orgs_of(db, agency.id)):
        raise ValidationFailed("name", "This agency already has a client with that name.")
    client = orgs.create_organization(db, name, OrgKind.client, agency.id)
    fresh = Actor(user_id=actor.user_id, org_id=agency.id, role=actor.role,
                  reachable_org_ids=actor.reachable_org_ids | {client.id})
    orgs.update_organization(db, fresh, client.id, {"industry": industry, "website": website, "timezone": timezone})
    record_audit(db, "org.client_created", actor_user_id=actor.user_id, org_id=agency.id, target=f"org:{client.id}",
                 detail=client.name)
    return client


def agency_staff(db: Session, actor: Actor, client_org_id: int) -> list[tuple[User, Role, bool]]:
    """The agency's own people (owners aside) and whether each is assigned to this client."""
    agency, client = _agency_and_client(db, actor, client_org_id)
    assigned = {a.user_id for a in db.exec(select(ClientAssignment).where(ClientAssignment.client_org_id == client.id))}
    rows = db.exec(select(User, Membership.role).join(Membership, Membership.user_id == User.id)
                   .where(Membership.org_id == agency.id, Membership.role != Role.agency_owner.value)
                   .order_by(User.full_name)).all()
    return [(user, Role(role), user.id in assigned) for user, role in rows]


def set_assignment(db: Session, actor: Actor, client_org_id: int, user_id: int, assigned: bool) -> None:
    """Assign an agency member to a client (they then reach it with their agency role), or take them off."""
    agency, client = _agency_and_client(db, actor, client_org_id)
    role = db.exec(select(Membership.role).where(Membership.org_id == agency.id, Membership.user_id == user_id)).first()
    if role is None or role == Role.agency_owner.value:
        raise NotFound("That person is not on the agency's staff.")
    row = db.exec(select(ClientAssignment).where(ClientAssignment.client_org_id == client.id,
                                                 ClientAssignment.user_id == user_id)).first()
    if assigned and row is None:
        db.add(ClientAssignment(user_id=user_id, client_org_id=client.id))
    elif not assigned and row is not None:
        db.delete(row)
    record_audit(db, "org.client_assigned" if assigned else "org.client_unassigned", actor_user_id=actor.user_id,
                 org_id=client.id, target=f"user:{user_id}")


def _agency_and_client(db: Session, actor: Actor, client_org_id: int) -> tuple[Organization, Organization]:
    client = orgs.get_organization(db, actor, client_org_id)
    if client.kind != OrgKind.client.value or client.parent_id is None:
        raise NotFound("That is not a client of an agency.")
    agency = orgs.get_organization(db, actor, client.parent_id)
    require(actor, Permission.organization_settings, Target(org_id=agency.id))
    return agency, client


def onboard_client(db: Session, actor: Actor, name: str, *, industry: str = "", website: str = "",
                   timezone: str = "UTC", voice_tone: str = "", invite_emails: str = "",
                   invite_role: Role = Role.client_viewer) -> Organization:
    """A new client in one step: its organization, its brand voice, and invitations for its people."""
    from allin_app.orgs import branding, team

    client = create_client(db, actor, name, industry, website, timezone)
    in_client = orgs.actor_for(db, db.get(User, actor.user_id), client.id)
    if voice_tone.strip():
        branding.update_guidelines(db, in_client, client.id, {"voice_tone": voice_tone})
    if invite_emails.strip():
        team.invite_members(db, in_client, client.id, invite_emails, invite_role)
    return client

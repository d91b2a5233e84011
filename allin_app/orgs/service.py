"""Organizations and memberships, and who a user is when acting in an organization (the Actor)."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.money import CURRENCIES
from allin_app.core.rbac import Actor, Permission, Role, Scope, Target, require, scope_for
from allin_app.orgs.models import ClientAssignment, Membership, Organization, OrgKind


class OrgSuspended(PermissionDenied):
    """The organization exists and the user belongs to it, but the platform suspended it."""


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "org"


def create_organization(
    db: Session, name: str, kind: OrgKind = OrgKind.individual, parent_id: int | None = None
) -> Organization:
    name = name.strip()
    if not 2 <= len(name) <= 120:
        raise ValidationFailed("name", "An organization name has 2 to 120 characters.")
    base = slugify(name)
    slug, n = base, 1
    while db.exec(select(Organization.id).where(Organization.slug == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    org = Organization(name=name, slug=slug, kind=OrgKind(kind).value, parent_id=parent_id)
    db.add(org)
    db.flush()
    return org


def add_member(db: Session, org_id: int, user_id: int, role: Role) -> Membership:
    membership = db.exec(
        select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)
    ).first()
    if membership is None:
        membership = Membership(org_id=org_id, user_id=user_id, role=role.value)
        db.add(membership)
    else:
        membership.role = role.value
    db.flush()
    return membership


def get_org_by_slug(db: Session, slug: str) -> Organization | None:
    return db.exec(select(Organization).where(Organization.slug == slug)).first()


def client_orgs_of(db: Session, agency_id: int) -> list[Organization]:
    return list(db.exec(select(Organization).where(Organization.parent_id == agency_id).order_by(Organization.name)))


def reachable_orgs(db: Session, user: User) -> list[Organization]:
    """Every organization the user may act in, home organization first."""
    if user.is_superadmin:
        orgs = list(db.exec(select(Organization).order_by(Organization.name)))
    else:
        orgs = []
        for membership in db.exec(select(Membership).where(Membership.user_id == user.id)):
            org = db.get(Organization, membership.org_id)
            orgs.append(org)
            if org.kind == OrgKind.agency.value:
                orgs.extend(client_orgs_of(db, org.id) if membership.role == Role.agency_owner.value
                             else assigned_clients(db, user.id, org.id))
    unique = {org.id: org for org in orgs if user.is_superadmin or not is_suspended(db, org)}
    return sorted(unique.values(), key=lambda o: (o.id != user.home_org_id, o.name))


def actor_for(db: Session, user: User, org_id: int | None = None) -> Actor:
    """The user acting in `org_id` (default: home organization); NotFound when out of reach."""
    org_id = org_id or user.home_org_id or _first_org_id(db, user)
    org = db.get(Organization, org_id) if org_id else None
    if org is None:
        raise NotFound("Organization not found.")
    if user.is_superadmin:
        return Actor(user_id=user.id, org_id=org.id, role=Role.super_admin)
    role = _role_in(db, user.id, org)
    if role is None:
        raise NotFound("Organization not found.")
    if is_suspended(db, org):
        raise OrgSuspended(f"{org.name} is suspended. Contact the platform administrator.")
    reachable = frozenset(o.id for o in reachable_orgs(db, user)) if role == Role.agency_owner else frozenset({org.id})
    return Actor(user_id=user.id, org_id=org.id, role=role, reachable_org_ids=reachable)


def is_suspended(db: Session, org: Organization) -> bool:
    """Suspending an agency suspends its clients too."""
    parent = db.get(Organization, org.parent_id) if org.parent_id else None
    return org.suspended_at is not None or (parent is not None and parent.suspended_at is not None)


def _role_in(db: Session, user_id: int, org: Organization) -> Role | None:
    direct = db.exec(select(Membership.role).where(Membership.user_id == user_id, Membership.org_id == org.id)).first()
    if direct:
        return Role(direct)
    if org.parent_id is not None:
        parent_role = db.exec(
            select(Membership.role).where(Membership.user_id == user_id, Membership.org_id == org.parent_id)
        ).first()
        if parent_role == Role.agency_owner.value:
            return Role.agency_owner
        if parent_role and _is_assigned(db, user_id, org.id):  # agency staff work in their assigned clients
            return Role(parent_role)
    return None


def _is_assigned(db: Session, user_id: int, client_org_id: int) -> bool:
    return db.exec(select(ClientAssignment.id).where(ClientAssignment.user_id == user_id,
                                                     ClientAssignment.client_org_id == client_org_id)).first() is not None


def assigned_clients(db: Session, user_id: int, agency_id: int) -> list[Organization]:
    return list(db.exec(select(Organization).join(ClientAssignment, ClientAssignment.client_org_id == Organization.id)
                        .where(ClientAssignment.user_id == user_id, Organization.parent_id == agency_id)
                        .order_by(Organization.name)))


def _first_org_id(db: Session, user: User) -> int | None:
    if user.is_superadmin:
        return db.exec(select(Organization.id).order_by(Organization.id)).first()
    return db.exec(select(Membership.org_id).where(Membership.user_id == user.id)).first()


def all_organizations(db: Session) -> list[Organization]:
    return list(db.exec(select(Organization).order_by(Organization.id)))


def list_members(db: Session, actor: Actor) -> list[tuple[User, Role]]:
    """The people of the acting organization, as far as the actor's role may see them."""
    require(actor, Permission.view_team_activity, write=False)  # actor.org_id is already reachable
    rows = db.exec(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.org_id == actor.org_id)
        .order_by(User.full_name)
    ).all()
    if scope_for(actor.role, Permission.view_team_activity) is Scope.own:
        rows = [(user, role) for user, role in rows if user.id == actor.user_id]
    return [(user, Role(role)) for user, role in rows]


PROFILE_FIELDS = {"name": 120, "description": 500, "industry": 80, "size": 20, "website": 200, "address": 300,
                  "timezone": 64, "language": 10, "currency": 3}


def get_organization(db: Session, actor: Actor, org_id: int) -> Organization:
    """An organization the actor can reach, else NotFound (never a hint that it exists)."""
    org = db.get(Organization, org_id)
    if org is None or not _reaches(actor, org):
        raise NotFound("Organization not found.")
    return org


def _reaches(actor: Actor, org: Organization) -> bool:
    return actor.role == Role.super_admin or org.id == actor.org_id or org.id in actor.reachable_org_ids


def update_organization(db: Session, actor: Actor, org_id: int, changes: dict[str, str]) -> Organization:
    """Change profile fields (name, description, industry, size, website, address, timezone, language,
    currency)."""
    org = get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id))
    cleaned = clean_fields(changes, PROFILE_FIELDS)
    if "name" in cleaned and len(cleaned["name"]) < 2:
        raise ValidationFailed("name", "An organization name has 2 to 120 characters.")
    if "timezone" in cleaned:
        _check_timezone(cleaned["timezone"])
    if "currency" in cleaned:
        cleaned["currency"] = cleaned["currency"].upper()
        if cleaned["currency"] not in CURRENCIES:
            raise ValidationFailed("currency", "Pick a currency from the list, like EUR.")
    if cleaned.get("website") and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", cleaned["website"]):
        raise ValidationFailed("website", "Enter a full web address, like https://example.com.")
    for key, value in cleaned.items():
        setattr(org, key, value)
    record_audit(db, "org.updated", actor_user_id=actor.user_id, org_id=org.id, target=f"org:{org.id}",
                 detail=", ".join(sorted(cleaned)))
    return org


def clean_fields(changes: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    """Only the allowed fields (no mass assignment), trimmed, each within its length."""
    unknown = set(changes) - set(limits)
    if unknown:
        raise ValidationFailed(min(unknown), "This field cannot be changed here.")
    cleaned = {key: str(value).strip() for key, value in changes.items()}
    for key, value in cleaned.items():
        if len(value) > limits[key]:
            raise ValidationFailed(key, f"Use at most {limits[key]} characters.")
    return cleaned


def _check_timezone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed("timezone", "Pick a time zone from the list, like Europe/Berlin.") from None

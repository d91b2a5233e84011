"""Per-organization security policy: required 2FA, stricter passwords, shorter sessions, IP allow list.

A user is bound by the policies of the organizations they are a direct member of; super admins
answer to the platform only, so no organization can lock them out.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.errors import PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Membership, Organization, SecurityPolicy

PLATFORM_MIN_PASSWORD, MAX_MIN_PASSWORD = 8, 64
PLATFORM_IDLE_MINUTES, MIN_IDLE_MINUTES = 15, 5


@dataclass(frozen=True)
class BindingRules:
    """What all of a user's organizations ask of them, combined (the strictest wins)."""

    require_2fa: bool = False
    min_password_length: int = PLATFORM_MIN_PASSWORD
    idle_minutes: int = PLATFORM_IDLE_MINUTES
    allowlists: tuple[tuple[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]], ...] = ()


def policy_of(db: Session, org_id: int) -> SecurityPolicy:
    return db.get(SecurityPolicy, org_id) or SecurityPolicy(org_id=org_id)


def parse_allowlist(text: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """One CIDR range (or single address) per line or comma; ValidationFailed names the bad entry."""
    networks = []
    for entry in text.replace(",", "\n").splitlines():
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValidationFailed("ip_allowlist", f"'{entry[:60]}' is not an IP address or range like "
                                                   "203.0.113.0/24.") from None
    return tuple(networks)


def ip_allowed(ip: str, networks) -> bool:
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)


def rules_for(db: Session, user: User) -> BindingRules:
    if user.is_superadmin:
        return BindingRules()
    rows = db.exec(select(SecurityPolicy, Organization.name).join(Membership, Membership.org_id == SecurityPolicy.org_id)
                   .join(Organization, Organization.id == SecurityPolicy.org_id)
                   .where(Membership.user_id == user.id)).all()
    if not rows:
        return BindingRules()
    return BindingRules(
        require_2fa=any(p.require_2fa for p, _ in rows),
        min_password_length=max(PLATFORM_MIN_PASSWORD, *(p.min_password_length for p, _ in rows)),
        idle_minutes=min(PLATFORM_IDLE_MINUTES, *(p.session_timeout_minutes for p, _ in rows)),
        allowlists=tuple((name, parse_allowlist(p.ip_allowlist)) for p, name in rows if p.ip_allowlist.strip()),
    )


def check_sign_in_address(db: Session, user: User, ip: str) -> None:
    for org_name, networks in rules_for(db, user).allowlists:
        if not ip_allowed(ip, networks):
            raise PermissionDenied(f"{org_name} allows sign-ins only from its own networks, and {ip or 'your address'} "
                                   "is not one of them. Ask its administrator.")


def check_password_length(db: Session, user: User, password: str) -> None:
    needed = rules_for(db, user).min_password_length
    if len(password) < needed:
        raise ValidationFailed("password", f"Your organization asks for at least {needed} characters.")


def update_policy(db: Session, actor: Actor, org_id: int, *, require_2fa: bool, min_password_length: int,
                  session_timeout_minutes: int, ip_allowlist: str, editor_ip: str = "") -> SecurityPolicy:
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.security_settings, Target(org_id=org.id))
    if not PLATFORM_MIN_PASSWORD <= min_password_length <= MAX_MIN_PASSWORD:
        raise ValidationFailed("min_password_length",
                               f"Choose between {PLATFORM_MIN_PASSWORD} and {MAX_MIN_PASSWORD} characters.")
    if not MIN_IDLE_MINUTES <= session_timeout_minutes <= PLATFORM_IDLE_MINUTES:
        raise ValidationFailed("session_timeout_minutes",
                               f"Choose between {MIN_IDLE_MINUTES} and {PLATFORM_IDLE_MINUTES} minutes of inactivity.")
    networks = parse_allowlist(ip_allowlist)
    if actor.role.value != "super_admin" and editor_ip and not ip_allowed(editor_ip, networks):
        raise ValidationFailed("ip_allowlist", f"Your own address, {editor_ip}, is not in the list: saving it would "
                                               "lock you out.")
    policy = db.get(SecurityPolicy, org.id) or SecurityPolicy(org_id=org.id)
    policy.require_2fa, policy.min_password_length = require_2fa, min_password_length
    policy.session_timeout_minutes = session_timeout_minutes
    policy.ip_allowlist = "\n".join(str(n) for n in networks)
    policy.updated_at = utcnow()
    db.add(policy)
    record_audit(db, "org.security_policy_changed", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"org:{org.id}", detail=f"2fa={require_2fa} min_pw={min_password_length} "
                                                f"idle={session_timeout_minutes} ips={len(networks)}")
    return policy

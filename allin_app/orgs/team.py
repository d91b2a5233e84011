"""Team management: emailed invitations (invite, resend, revoke, accept, sign up) and member changes
(role, removal, ownership), each under the permission matrix's TEAM & USER MANAGEMENT rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import new_token, token_digest
from allin_app.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Permission, Role, Target, require
from allin_app.orgs import branding
from allin_app.orgs import security as org_security
from allin_app.orgs.models import ClientAssignment, Invitation, Membership, Organization
from allin_app.orgs.service import add_member, get_organization, is_suspended

INVITE_TTL = timedelta(days=7)
MAX_INVITES = 50
MAX_INVITES_PER_HOUR = 200
MAX_MESSAGE = 500
# Roles an organization can hand out; super admin is a platform flag on the user, not an org role.
ORG_ROLES = (Role.agency_owner, Role.content_manager, Role.content_creator, Role.client_viewer, Role.team_member)
LINK_NOT_VALID = "This invitation link is not valid. It may have been resent: use the newest email, or ask for a new one."


@dataclass(frozen=True)
class InvitationPreview:
    """What the invitation page shows before anyone signs up or accepts."""

    org_id: int
    org_name: str
    email: str
    role: Role
    inviter_name: str
    message: str
    expires_at: datetime


def invitation_status(invitation: Invitation) -> str:
    """pending, expired, accepted or revoked."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "expired" if as_utc(invitation.expires_at) <= utcnow() else "pending"


def org_role(role: Role | str) -> Role:
    """A role an organization may grant, or ValidationFailed."""
    try:
        role = Role(role)
    except ValueError:
        raise ValidationFailed("role", "Pick one of the roles in the list.") from None
    if role is Role.super_admin:
        raise ValidationFailed("role", "Super Admin is a platform permission, not a role anyone can be given here.")
    return role


# --- inviting ------------------------------------------------------------------------------


def invite_members(db: Session, actor: Actor, org_id: int, emails: list[str] | str, role: Role | str,
                   message: str = "") -> list[Invitation]:
    """Email each address a 7-day, single-use link to join the org with `role` (all or none are sent)."""
    org = get_organization(db, actor, org_id)
    require(actor, Permission.create_users, Target(org_id=org.id))
    role, message = org_role(role), (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationFailed("message", f"Keep the personal message under {MAX_MESSAGE} characters.")
    addresses = _clean_emails(emails)
    _refuse_members_and_pending(db, org, addresses)
    _within_hourly_limit(db, org, len(addresses))
    inviter = db.get(User, actor.user_id)
    invitations = []
    for email in addresses:
        replaced = _supersede_expired(db, org.id, email)
        token = new_token()
        invitation = Invitation(org_id=org.id, email=email, role=role.value, message=message,
                                token_hash=token_digest(token), invited_by_user_id=actor.user_id,
                                expires_at=utcnow() + INVITE_TTL)
        db.add(invitation)
        db.flush()
        _mail_invitation(db, invitation, org, inviter, token)
        record_audit(db, "org.member_invited", actor_user_id=actor.user_id, org_id=org.id,
                     target=f"invitation:{invitation.id}",
                     detail=f"{email} as {role.value}" + (f", replaces expired invitation:{replaced}" if replaced else ""))
        invitations.append(invitation)
    return invitations


def _within_hourly_limit(db: Session, org: Organization, adding: int) -> None:
    """Invitations are mail sent in the organization's name: a cap keeps it from becoming a spam cannon."""
    since = utcnow() - timedelta(hours=1)
    sent = len(db.exec(select(Invitation.id).where(Invitation.org_id == org.id, Invitation.created_at > since)).all())
    if sent + adding > MAX_INVITES_PER_HOUR:
        raise RateLimited(f"{org.name} has sent {sent} invitations in the last hour; at most {MAX_INVITES_PER_HOUR} "
                          "go out per hour. Try again later.", retry_after=3600)


def _split_emails(emails: list[str] | str) -> list[str]:
    parts = re.split(r"[,;\s]+", emails) if isinstance(emails, str) else [str(e) for e in emails or []]
    seen: dict[str, str] = {}
    for part in (p.strip() for p in parts):
        if part and part.lower() not in seen:
            seen[part.lower()] = part
    return list(seen.values())


def _clean_emails(emails: list[str] | str) -> list[str]:
    from email_validator import EmailNotValidError, validate_email

    raw = _split_emails(emails)
    if not raw:
        raise ValidationFailed("emails", "Enter at least one email address.")
    if len(raw) > MAX_INVITES:
        raise ValidationFailed("emails", f"Invite at most {MAX_INVITES} people at once (you entered {len(raw)}).")
    cleaned, bad = [], []
    for address in raw:
        try:
            cleaned.append(validate_email(address, check_deliverability=False).normalized.lower())
        except EmailNotValidError:
            bad.append(address[:60])
    if bad:
        raise ValidationFailed("emails", f"Not a valid email address: {', '.join(bad)}.")
    return list(dict.fromkeys(cleaned))


def _refuse_members_and_pending(db: Session, org: Organization, emails: list[str]) -> None:
    members = set(db.exec(select(User.email).join(Membership, Membership.user_id == User.id)
                          .where(Membership.org_id == org.id, col(User.email).in_(emails))))
    if members:
        raise ValidationFailed("emails", f"Already a member of {org.name}: {', '.join(sorted(members))}.")
    pending = {i.email for i in _open_invitations(db, org.id, emails) if invitation_status(i) == "pending"}
    if pending:
        raise ValidationFailed("emails", f"Already invited (resend the pending invitation instead): "
                                         f"{', '.join(sorted(pending))}.")


def _open_invitations(db: Session, org_id: int, emails: list[str]) -> list[Invitation]:
    return list(db.exec(select(Invitation).where(
        Invitation.org_id == org_id, col(Invitation.email).in_(emails),
        Invitation.accepted_at == None, Invitation.revoked_at == None)))


def _supersede_expired(db: Session, org_id: int, email: str) -> str:
    """A fresh invitation replaces expired ones for the same person, so the list shows one row."""
    replaced = _open_invitations(db, org_id, [email])
    for old in replaced:
        old.revoked_at = utcnow()
    return ", ".join(str(old.id) for old in replaced)


def _renew_token(invitation: Invitation) -> str:
    """A new link and a new expiry; only the hash is kept, so every earlier link stops working."""
    token = new_token()
    invitation.token_hash = token_digest(token)
    invitation.expires_at = utcnow() + INVITE_TTL
    return token


def _mail_invitation(db: Session, invitation: Invitation, org: Organization, inviter: User | None,
                     token: str) -> None:
    who, app_name = _display_name(inviter), branding.brand_for_org(db, org.id).app_name  # the agency's white label
    note = f'\n{who} wrote:\n"{invitation.message}"\n' if invitation.message else ""
    send_mail(db, invitation.email, f"{who} invited you to join {org.name} on {app_name}",
              f"Hello,\n\n{who} invited you to join {org.name} on {app_name} as {Role(invitation.role).label}.\n"
              f"{note}\n"
              f"Accept the invitation here:\n{settings.base_url}/auth/invite?token={token}\n\n"
              f"The link works once, for {INVITE_TTL.days} days. If you did not expect it, ignore this mail.")


def _display_name(user: User | None) -> str:
    return (user.full_name or user.email) if user else "Someone"


def list_invitations(db: Session, actor: Actor, org_id: int) -> list[Invitation]:
    """Invitations nobody has accepted or revoked yet (pending and expired), newest first."""
    org = get_organization(db, actor, org_id)
    require(actor, Permission.create_users, Target(org_id=org.id), write=False)
    return list(db.exec(select(Invitation).where(
        Invitation.org_id == org.id, Invitation.accepted_at == None, Invitation.revoked_at == None
    ).order_by(col(Invitation.created_at).desc(), col(Invitation.id).desc())))


def inviter_names(db: Session, invitations: list[Invitation]) -> dict[int, str]:
    """Display names of the people who sent these invitations, by user id."""
    ids = {i.invited_by_user_id for i in invitations if i.invited_by_user_id}
    return {u.id: _display_name(u) for u in db.exec(select(User).where(col(User.id).in_(ids)))} if ids else {}


def _managed_invitation(db: Session, actor: Actor, org_id: int, invitation_id: int) -> tuple[Organization, Invitation]:
    org = get_organization(db, actor, org_id)
    require(actor, Permission.create_users, Target(org_id=org.id))
    invitation = db.get(Invitation, invitation_id)
    if invitation is None or invitation.org_id != org.id:
        raise NotFound("Invitation not found.")
    status = invitation_status(invitation)
    if status in ("accepted", "revoked"):
        raise Conflict(f"This invitation was already {status}.")
    return org, invitation


def resend_invitation(db: Session, actor: Actor, org_id: int, invitation_id: int) -> Invitation:
    """Mail a new link with a new 7-day expiry; the old link stops working."""
    org, invitation = _managed_invitation(db, actor, org_id, invitation_id)
    token = _renew_token(invitation)
    _mail_invitation(db, invitation, org, db.get(User, actor.user_id), token)
    record_audit(db, "org.invitation_resent", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"invitation:{invitation.id}", detail=invitation.email)
    return invitation


def revoke_invitation(db: Session, actor: Actor, org_id: int, invitation_id: int) -> Invitation:
    org, invitation = _managed_invitation(db, actor, org_id, invitation_id)
    invitation.revoked_at = utcnow()
    record_audit(db, "org.invitation_revoked", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"invitation:{invitation.id}", detail=invitation.email)
    return invitation


# --- the invited person's side -------------------------------------------------------------


def _usable_invitation(db: Session, token: str) -> tuple[Invitation, Organization]:
    invitation = db.exec(select(Invitation).where(Invitation.token_hash == token_digest(token or ""))).first() \
        if token else None
    if invitation is None:
        raise ValidationFailed("token", LINK_NOT_VALID)
    org = db.get(Organization, invitation.org_id)
    inviter = _display_name(db.get(User, invitation.invited_by_user_id) if invitation.invited_by_user_id else None)
    status = invitation_status(invitation)
    if status == "accepted":
        raise ValidationFailed("token", f"This invitation was already used. Sign in to work in {org.name}.")
    if status == "revoked":
        raise ValidationFailed("token", f"This invitation was withdrawn. Ask {inviter} for a new one.")
    if status == "expired":
        raise ValidationFailed("token", f"This invitation expired on {as_utc(invitation.expires_at):%d %b %Y}. "
                                        f"Ask {inviter} to send it again.")
    if is_suspended(db, org):
        raise ValidationFailed("token", f"{org.name} is suspended, so its invitations cannot be used now.")
    return invitation, org


def invitation_preview(db: Session, token: str) -> InvitationPreview:
    """Who invited whom to which org as what; ValidationFailed (expired / used / withdrawn) otherwise."""
    invitation, org = _usable_invitation(db, token)
    inviter = db.get(User, invitation.invited_by_user_id) if invitation.invited_by_user_id else None
    return InvitationPreview(org_id=org.id, org_name=org.name, email=invitation.email, role=Role(invitation.role),
                             inviter_name=_display_name(inviter), message=invitation.message,
                             expires_at=as_utc(invitation.expires_at))


def accept_invitation(db: Session, token: str, user: User) -> Membership:
    """The signed-in `user` joins the org; the invitation must be addressed to their email."""
    invitation, org = _usable_invitation(db, token)
    if invitation.email.lower() != user.email.lower():
        raise ValidationFailed("token", f"This invitation is for {invitation.email}. Sign in with that address "
                                        "to accept it.")
    return _join(db, invitation, org, user)


def register_from_invitation(db: Session, token: str, full_name: str, password: str) -> User:
    """A new, verified account for the invited email (the link proved the mailbox), already a member.

    The page then signs the person in with the same password (auth.sign_in_with_password), so sign-in
    rules such as an IP allow list and the login history apply as for any sign-in."""
    invitation, org = _usable_invitation(db, token)
    if not full_name.strip():
        raise ValidationFailed("full_name", "Tell us your name.")
    if auth.find_user_by_email(db, invitation.email):
        raise ValidationFailed("email", "An account with this email already exists. Sign in to accept the invitation.")
    user = auth.create_user(db, invitation.email, password, full_name, verified=True)
    record_audit(db, "auth.register", actor_user_id=user.id, org_id=org.id, target=user.email, detail="invitation")
    _join(db, invitation, org, user)
    # Only now is the org's password policy the user's (it binds members); a refusal rolls back the whole sign-up.
    org_security.check_password_length(db, user, password)
    return user


def _join(db: Session, invitation: Invitation, org: Organization, user: User) -> Membership:
    used = db.exec(  # single use, even when two tabs accept at the same moment
        Invitation.__table__.update()
        .where(Invitation.id == invitation.id, Invitation.accepted_at == None, Invitation.revoked_at == None)
        .values(accepted_at=utcnow(), accepted_user_id=user.id)
    )
    if used.rowcount != 1:
        raise ValidationFailed("token", f"This invitation was already used. Sign in to work in {org.name}.")
    db.expire(invitation)
    membership = _membership(db, org.id, user.id)
    if membership is None:  # someone already in keeps their role: a stale invitation never changes it
        membership = add_member(db, org.id, user.id, org_role(invitation.role))
    if user.home_org_id is None:
        user.home_org_id = org.id
    record_audit(db, "org.invitation_accepted", actor_user_id=user.id, org_id=org.id,
                 target=f"invitation:{invitation.id}", detail=f"{user.email} as {membership.role}")
    return membership


# --- members -------------------------------------------------------------------------------


def _membership(db: Session, org_id: int, user_id: int) -> Membership | None:
    return db.exec(select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id)).first()


def _member_of(db: Session, org: Organization, user_id: int) -> Membership:
    membership = _membership(db, org.id, user_id)
    if membership is None:
        raise NotFound("Member not found.")
    return membership


def _owners(db: Session, org_id: int) -> list[Membership]:
    return list(db.exec(select(Membership).where(Membership.org_id == org_id,
                                                 Membership.role == Role.agency_owner.value)))


def _keep_an_owner(db: Session, org: Organization, leaving: Membership) -> None:
    """A top-level organization never loses its last owner (a client org is owned through its agency)."""
    if org.parent_id is None and leaving.role == Role.agency_owner.value and len(_owners(db, org.id)) <= 1:
        raise Conflict(f"{org.name} needs at least one owner. Transfer ownership to someone else first.")


def _not_yourself(actor: Actor, user_id: int, doing: str) -> None:
    if user_id == actor.user_id:
        raise ValidationFailed("user_id", f"You cannot {doing} yourself. Ask another owner of the organization.")


def change_member_role(db: Session, actor: Actor, org_id: int, user_id: int, role: Role | str) -> Membership:
    org = get_organization(db, actor, org_id)
    require(actor, Permission.assign_roles, Target(org_id=org.id))
    role = org_role(role)
    membership = _member_of(db, org, user_id)
    _not_yourself(actor, user_id, "change the role of")
    if membership.role == role.value:
        return membership
    if role is not Role.agency_owner:
        _keep_an_owner(db, org, membership)
    previous, membership.role = membership.role, role.value
    record_audit(db, "org.member_role_changed", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"user:{user_id}", detail=f"{previous} -> {role.value}")
    return membership


def remove_member(db: Session, actor: Actor, org_id: int, user_id: int) -> None:
    """Take someone out of the org; their next request no longer reaches it."""
    org = get_organization(db, actor, org_id)
    require(actor, Permission.delete_users, Target(org_id=org.id))
    membership = _member_of(db, org, user_id)
    _not_yourself(actor, user_id, "remove")
    _keep_an_owner(db, org, membership)
    db.delete(membership)
    for assignment in db.exec(select(ClientAssignment).join(Organization, Organization.id == ClientAssignment.client_org_id)
                              .where(ClientAssignment.user_id == user_id, Organization.parent_id == org.id)):
        db.delete(assignment)  # agency staff lose the clients they were assigned to as well
    db.flush()
    user = db.get(User, user_id)
    if user.home_org_id == org.id:
        user.home_org_id = db.exec(select(Membership.org_id).where(Membership.user_id == user_id)
                                   .order_by(Membership.id)).first()
    record_audit(db, "org.member_removed", actor_user_id=actor.user_id, org_id=org.id, target=f"user:{user_id}",
                 detail=f"{user.email} was {membership.role}")


def transfer_ownership(db: Session, actor: Actor, org_id: int, to_user_id: int) -> Membership:
    """Make a member the owner. The acting owner, if a direct owner of the org, becomes a content manager;
    a super admin or the parent agency's owner acting hands over from every current direct owner."""
    org = get_organization(db, actor, org_id)
    require(actor, Permission.manage_permissions, Target(org_id=org.id))
    membership = _member_of(db, org, to_user_id)
    if membership.role == Role.agency_owner.value:
        raise ValidationFailed("user_id", "This person already owns the organization.")
    owners = _owners(db, org.id)
    previous = [m for m in owners if m.user_id == actor.user_id] or owners
    for old in previous:
        old.role = Role.content_manager.value
    membership.role = Role.agency_owner.value
    record_audit(db, "org.ownership_transferred", actor_user_id=actor.user_id, org_id=org.id,
                 target=f"user:{to_user_id}", detail="from " + (", ".join(f"user:{m.user_id}" for m in previous)
                                                               or "nobody (owned through its agency)"))
    return membership

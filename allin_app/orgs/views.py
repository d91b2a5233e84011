"""REST routes for organizations, their members and invitations (/api/v1/organizations/...).

A route about organization {id} acts with the caller's role *in that organization* (not the one of
X-Organization-Id), so an org listed by GET /organizations can be managed without switching.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, TypeVar

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from allin_app.api.deps import CurrentUser, DbSession
from allin_app.auth.models import User
from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Role
from allin_app.orgs import service as orgs
from allin_app.orgs import team
from allin_app.orgs.models import Invitation, Membership, Organization

router = APIRouter(prefix="/api/v1/organizations", tags=["organizations"])
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    next_cursor: str | None = None


class OrgOut(BaseModel):
    id: int
    name: str
    slug: str
    kind: str
    parent_id: int | None
    role: Role


class OrgDetailOut(OrgOut):
    description: str
    industry: str
    size: str
    website: str
    address: str
    timezone: str
    language: str
    currency: str
    suspended: bool
    created_at: datetime


class OrgPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=1000)
    industry: str | None = Field(default=None, max_length=200)
    size: str | None = Field(default=None, max_length=200)
    website: str | None = Field(default=None, max_length=400)
    address: str | None = Field(default=None, max_length=600)
    timezone: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=20)
    currency: str | None = Field(default=None, max_length=3)


class MemberOut(BaseModel):
    user_id: int
    email: str
    full_name: str
    role: Role
    two_factor_enabled: bool


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class InvitationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    emails: list[Annotated[str, Field(max_length=320)]] = Field(
        min_length=1, max_length=500, description=f"At most {team.MAX_INVITES} addresses")
    role: Role
    message: str = Field(default="", max_length=2000)


class MemberInviteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(max_length=320)
    role: Role
    message: str = Field(default="", max_length=2000)


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user_id: int


class InvitationOut(BaseModel):
    id: int
    email: str
    role: Role
    message: str
    status: str
    invited_by_user_id: int | None
    created_at: datetime
    expires_at: datetime


def _page(items: list) -> Page:
    return Page(items=items, total=len(items))


def _actor_in(db: Session, user: User, org_id: int) -> Actor:
    """The caller acting in `org_id`; NotFound when they cannot reach it."""
    return orgs.actor_for(db, user, org_id)


def _org_out(org: Organization, role: Role) -> OrgOut:
    return OrgOut(id=org.id, name=org.name, slug=org.slug, kind=org.kind, parent_id=org.parent_id, role=role)


def _detail_out(org: Organization, role: Role) -> OrgDetailOut:
    return OrgDetailOut(**_org_out(org, role).model_dump(), description=org.description, industry=org.industry,
                        size=org.size, website=org.website, address=org.address, timezone=org.timezone,
                        language=org.language, currency=org.currency, suspended=org.suspended_at is not None, created_at=as_utc(org.created_at))


def _member_out(user: User, role: Role | str) -> MemberOut:
    return MemberOut(user_id=user.id, email=user.email, full_name=user.full_name, role=Role(role),
                     two_factor_enabled=user.totp_enabled)


def _invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(id=invitation.id, email=invitation.email, role=Role(invitation.role),
                         message=invitation.message, status=team.invitation_status(invitation),
                         invited_by_user_id=invitation.invited_by_user_id, created_at=as_utc(invitation.created_at),
                         expires_at=as_utc(invitation.expires_at))


@router.get("", response_model=Page[OrgOut], summary="The organizations the caller can act in, with their role in each")
def list_organizations(user: CurrentUser, db: DbSession) -> Page:
    items = [_org_out(o, orgs.actor_for(db, user, o.id).role) for o in orgs.reachable_orgs(db, user)]
    return _page(items)


@router.get("/{org_id}", response_model=OrgDetailOut, summary="One organization's profile")
def get_organization(org_id: int, user: CurrentUser, db: DbSession) -> OrgDetailOut:
    actor = _actor_in(db, user, org_id)
    return _detail_out(orgs.get_organization(db, actor, org_id), actor.role)


@router.patch("/{org_id}", response_model=OrgDetailOut,
              summary="Change profile fields (only those sent); Organization Settings permission")
def update_organization(org_id: int, body: OrgPatch, user: CurrentUser, db: DbSession) -> OrgDetailOut:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        raise ValidationFailed("body", "Send at least one field to change.")
    actor = _actor_in(db, user, org_id)
    return _detail_out(orgs.update_organization(db, actor, org_id, changes), actor.role)


@router.get("/{org_id}/members", response_model=Page[MemberOut], summary="The organization's members and their roles")
def list_members(org_id: int, user: CurrentUser, db: DbSession) -> Page:
    actor = _actor_in(db, user, org_id)
    return _page([_member_out(user, role) for user, role in orgs.list_members(db, actor)])


@router.post("/{org_id}/members", status_code=201, response_model=InvitationOut,
             summary="Invite one person by email: people join by accepting the emailed invitation "
                     "(same as POST /invitations with one address)")
def invite_member(org_id: int, body: MemberInviteIn, user: CurrentUser, db: DbSession) -> InvitationOut:
    actor = _actor_in(db, user, org_id)
    [invitation] = team.invite_members(db, actor, org_id, [body.email], body.role, body.message)
    return _invitation_out(invitation)


@router.patch("/{org_id}/members/{user_id}", response_model=MemberOut, summary="Change a member's role")
def change_role(org_id: int, user_id: int, body: RoleIn, user: CurrentUser, db: DbSession) -> MemberOut:
    membership: Membership = team.change_member_role(db, _actor_in(db, user, org_id), org_id, user_id, body.role)
    return _member_out(db.get(User, user_id), membership.role)


@router.delete("/{org_id}/members/{user_id}", status_code=204, summary="Remove a member from the organization")
def remove_member(org_id: int, user_id: int, user: CurrentUser, db: DbSession) -> Response:
    team.remove_member(db, _actor_in(db, user, org_id), org_id, user_id)
    return Response(status_code=204)


@router.post("/{org_id}/transfer-ownership", response_model=MemberOut,
             summary="Make a member the owner; the acting owner becomes a content manager")
def transfer_ownership(org_id: int, body: TransferIn, user: CurrentUser, db: DbSession) -> MemberOut:
    membership = team.transfer_ownership(db, _actor_in(db, user, org_id), org_id, body.user_id)
    return _member_out(db.get(User, body.user_id), membership.role)


@router.get("/{org_id}/invitations", response_model=Page[InvitationOut],
            summary="Invitations not yet accepted or revoked (pending and expired)")
def list_invitations(org_id: int, user: CurrentUser, db: DbSession) -> Page:
    invitations = team.list_invitations(db, _actor_in(db, user, org_id), org_id)
    return _page([_invitation_out(i) for i in invitations])


@router.post("/{org_id}/invitations", status_code=201, response_model=Page[InvitationOut],
             summary="Invite people by email (up to 50 at once), each with the role and personal message given")
def create_invitations(org_id: int, body: InvitationsIn, user: CurrentUser, db: DbSession) -> Page:
    actor = _actor_in(db, user, org_id)
    invitations = team.invite_members(db, actor, org_id, body.emails, body.role, body.message)
    return _page([_invitation_out(i) for i in invitations])


@router.post("/{org_id}/invitations/{invitation_id}/resend", response_model=InvitationOut,
             summary="Mail a new link with a new expiry; the previous link stops working")
def resend_invitation(org_id: int, invitation_id: int, user: CurrentUser, db: DbSession) -> InvitationOut:
    return _invitation_out(team.resend_invitation(db, _actor_in(db, user, org_id), org_id, invitation_id))


@router.delete("/{org_id}/invitations/{invitation_id}", status_code=204, summary="Revoke a pending invitation")
def revoke_invitation(org_id: int, invitation_id: int, user: CurrentUser, db: DbSession) -> Response:
    team.revoke_invitation(db, _actor_in(db, user, org_id), org_id, invitation_id)
    return Response(status_code=204)

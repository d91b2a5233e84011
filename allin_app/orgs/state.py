"""Reflex state of the Team page: members, pending invitations, and the changes the actor may make.

The `can_*` flags only decide which controls show; every change goes through orgs.team, which checks
the permission again for the organization acted in (from the session, never from the browser).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from allin_app.auth.state import act_as_signed_in, requires_sign_in, signed_in_actor
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotFound, NotSignedIn
from allin_app.core.rbac import Actor, Permission, Role, Target, allows
from allin_app.orgs import service as orgs
from allin_app.orgs import team

ROLE_OPTIONS = [{"value": r.value, "label": r.label} for r in team.ORG_ROLES]
STATUS_LABELS = {"pending": "Pending", "expired": "Expired"}


def _id(value: str) -> int:
    if not str(value).isdigit():
        raise NotFound("That item no longer exists. Reload the page.")
    return int(value)


class TeamState(rx.State):
    members: list[dict[str, str]] = []
    invitations: list[dict[str, str]] = []
    error: str = ""
    can_invite: bool = False
    can_change_roles: bool = False
    can_remove: bool = False
    can_transfer: bool = False
    can_see_invitations: bool = False
    invite_open: bool = False
    invite_emails: str = ""
    invite_role: str = Role.content_creator.value
    invite_message: str = ""
    invite_error: str = ""

    @rx.event
    @requires_sign_in
    async def load(self):
        _, error = await act_as_signed_in(self, self._show)
        if error:
            self.members, self.invitations, self.error = [], [], error.message

    def _show(self, db: Session, actor: Actor) -> None:
        here = Target(org_id=actor.org_id)
        self.can_invite = allows(actor, Permission.create_users, here)
        self.can_change_roles = allows(actor, Permission.assign_roles, here)
        self.can_remove = allows(actor, Permission.delete_users, here)
        self.can_transfer = allows(actor, Permission.manage_permissions, here)
        self.can_see_invitations = allows(actor, Permission.create_users, here, write=False)
        self.error = ""
        self.members = [self._member_row(u, role, actor) for u, role in orgs.list_members(db, actor)]
        pending = team.list_invitations(db, actor, actor.org_id) if self.can_see_invitations else []
        names = team.inviter_names(db, pending)
        self.invitations = [
            {"id": str(i.id), "email": i.email, "role": Role(i.role).label, "status": team.invitation_status(i),
             "status_label": STATUS_LABELS.get(team.invitation_status(i), ""),
             "invited_by": names.get(i.invited_by_user_id, ""), "expires": f"{i.expires_at:%d %b %Y}"}
            for i in pending
        ]

    def _member_row(self, user, role: Role, actor: Actor) -> dict[str, str]:
        is_self = user.id == actor.user_id
        return {"id": str(user.id), "name": user.full_name or user.email, "email": user.email, "role": role.value,
                "role_label": role.label, "two_factor": "On" if user.totp_enabled else "Off",
                "editable": "yes" if self.can_change_roles and not is_self else "",
                "removable": "yes" if self.can_remove and not is_self else "",
                "transferable": "yes" if self.can_transfer and not is_self and role is not Role.agency_owner else ""}

    async def _change(self, action, success: str):
        """Run one team change for the org acted in, then show the fresh lists (or the refusal)."""
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                action(db, actor)
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                self._show(db, actor)
        except NotSignedIn:
            raise
        except DomainError as exc:
            return rx.toast.error(exc.message)
        return rx.toast.success(success)

    # --- members --------------------------------------------------------------------------

    @rx.event
    @requires_sign_in
    async def change_role(self, user_id: str, role: str):
        return await self._change(
            lambda db, actor: team.change_member_role(db, actor, actor.org_id, _id(user_id), role), "Role changed.")

    @rx.event
    @requires_sign_in
    async def remove_member(self, user_id: str):
        return await self._change(
            lambda db, actor: team.remove_member(db, actor, actor.org_id, _id(user_id)), "Member removed.")

    @rx.event
    @requires_sign_in
    async def transfer_ownership(self, user_id: str):
        return await self._change(
            lambda db, actor: team.transfer_ownership(db, actor, actor.org_id, _id(user_id)), "Ownership transferred.")

    # --- invitations ----------------------------------------------------------------------

    @rx.event
    @requires_sign_in
    async def resend_invitation(self, invitation_id: str):
        return await self._change(
            lambda db, actor: team.resend_invitation(db, actor, actor.org_id, _id(invitation_id)),
            "Invitation sent again with a new link.")

    @rx.event
    @requires_sign_in
    async def revoke_invitation(self, invitation_id: str):
        return await self._change(
            lambda db, actor: team.revoke_invitation(db, actor, actor.org_id, _id(invitation_id)),
            "Invitation revoked; its link no longer works.")

    @rx.event
    def set_invite_open(self, is_open: bool):
        self.invite_open, self.invite_error = is_open, ""

    @rx.event
    def set_invite_emails(self, value: str):
        self.invite_emails = value

    @rx.event
    def set_invite_role(self, value: str):
        self.invite_role = value

    @rx.event
    def set_invite_message(self, value: str):
        self.invite_message = value

    @rx.event
    @requires_sign_in
    async def send_invites(self):
        """All or nothing: on a refusal the dialog stays open with everything typed still in it."""
        self.invite_error = ""
        try:
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                sent = team.invite_members(db, actor, actor.org_id, self.invite_emails, self.invite_role,
                                           self.invite_message)
            with session_scope() as db:
                _user, actor = await signed_in_actor(self, db)
                self._show(db, actor)
        except NotSignedIn:
            raise
        except DomainError as exc:
            self.invite_error = exc.message
            return
        self.invite_open, self.invite_emails, self.invite_message = False, "", ""
        return rx.toast.success(f"Invitation sent to {len(sent)} {'person' if len(sent) == 1 else 'people'}.")

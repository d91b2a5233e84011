"""Inviting people by email (guide: "Invitation & Onboarding"): bulk invites, the emailed link, expiry,
single use, resend and revoke, and joining as a new or an existing user."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlmodel import Session, col, select

from allin_app.admin.models import AuditEvent, OutboxMail
from allin_app.admin.seed import CLIENTS
from allin_app.auth import passwords
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import token_digest
from allin_app.core.db import get_engine
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Role
from allin_app.orgs import service as orgs
from allin_app.orgs import team
from allin_app.orgs.models import Invitation, Organization, SecurityPolicy

BLOOM, PEAK = CLIENTS
PASSWORD = "Quiet-River-73"


def org(db: Session, name: str = BLOOM) -> Organization:
    return orgs.get_org_by_slug(db, orgs.slugify(name))


def owner(db: Session, org_name: str = BLOOM) -> Actor:
    return orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), org(db, org_name).id)


def invite(db: Session, emails="new.person@example.com", role=Role.content_creator, message="") -> list[Invitation]:
    return team.invite_members(db, owner(db), org(db).id, emails, role, message)


def mail_to(db: Session, email: str) -> OutboxMail:
    return db.exec(select(OutboxMail).where(OutboxMail.to_email == email).order_by(col(OutboxMail.id).desc())).first()


def link_token(db: Session, email: str = "new.person@example.com") -> str:
    match = re.search(r"/auth/invite\?token=(\S+)", mail_to(db, email).body)
    return match.group(1)


def invitation_count(db: Session) -> int:
    return len(db.exec(select(Invitation)).all())


# --- sending -------------------------------------------------------------------------------


def test_invitation_mail_carries_a_link_and_the_personal_message(seeded):
    [invitation] = invite(seeded, message="Welcome to the coffee crew!")
    mail = mail_to(seeded, "new.person@example.com")
    assert f"{settings.base_url}/auth/invite?token=" in mail.body
    assert "Avery Agency invited you to join Bloom Coffee Co. on AllIN as Content Creator" in mail.body
    assert "Welcome to the coffee crew!" in mail.body
    assert mail.subject == "Avery Agency invited you to join Bloom Coffee Co. on AllIN"
    token = link_token(seeded)
    assert invitation.token_hash == token_digest(token) and token not in invitation.token_hash
    assert abs(invitation.expires_at - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)


def test_many_people_are_invited_at_once_from_pasted_text(seeded):
    invitations = invite(seeded, "a@example.com, b@example.com\nC@Example.com;  a@example.com\n\n")
    assert [i.email for i in invitations] == ["a@example.com", "b@example.com", "c@example.com"]
    assert {m.to_email for m in seeded.exec(select(OutboxMail))} >= {"a@example.com", "b@example.com", "c@example.com"}
    actions = [e.action for e in seeded.exec(select(AuditEvent))]
    assert actions.count("org.member_invited") == 3


def test_a_list_of_emails_is_accepted_too(seeded):
    assert len(invite(seeded, ["x@example.com", "y@example.com"], Role.client_viewer)) == 2


def test_more_than_fifty_at_once_is_refused(seeded):
    with pytest.raises(ValidationFailed, match="at most 50"):
        invite(seeded, [f"p{n}@example.com" for n in range(51)])
    assert invitation_count(seeded) == 0


@pytest.mark.parametrize("emails", ["", " \n ", []])
def test_no_email_is_refused(seeded, emails):
    with pytest.raises(ValidationFailed, match="at least one"):
        invite(seeded, emails)


def test_one_bad_address_sends_nothing(seeded):
    with pytest.raises(ValidationFailed) as refused:
        invite(seeded, "good@example.com, not-an-email")
    assert refused.value.field == "emails" and "not-an-email" in refused.value.message
    assert invitation_count(seeded) == 0 and mail_to(seeded, "good@example.com") is None


def test_existing_members_are_refused_by_name(seeded):
    with pytest.raises(ValidationFailed, match="Already a member of Bloom Coffee Co.: creator@allin.demo"):
        invite(seeded, "someone@example.com, Creator@allin.demo")


def test_a_second_pending_invitation_is_refused(seeded):
    invite(seeded)
    with pytest.raises(ValidationFailed, match="Already invited"):
        invite(seeded, "NEW.person@example.com")


def test_an_expired_invitation_may_be_replaced(seeded):
    [first] = invite(seeded)
    with time_machine.travel(utcnow() + timedelta(days=8), tick=False):
        [second] = invite(seeded)
        assert [i.id for i in team.list_invitations(seeded, owner(seeded), org(seeded).id)] == [second.id]
    assert team.invitation_status(first) == "revoked"


def test_overlong_personal_message_is_refused(seeded):
    with pytest.raises(ValidationFailed) as refused:
        invite(seeded, message="x" * 501)
    assert refused.value.field == "message"


def test_unknown_role_is_refused(seeded):
    with pytest.raises(ValidationFailed) as refused:
        invite(seeded, role="boss")
    assert refused.value.field == "role"


# --- the link ------------------------------------------------------------------------------


def test_preview_names_org_inviter_email_and_role(seeded):
    invite(seeded, message="See you Monday")
    preview = team.invitation_preview(seeded, link_token(seeded))
    assert (preview.org_name, preview.email, preview.role, preview.inviter_name, preview.message) == (
        BLOOM, "new.person@example.com", Role.content_creator, "Avery Agency", "See you Monday")


@pytest.mark.parametrize("token", ["", "nonsense", "a" * 43])
def test_unknown_link_is_refused(seeded, token):
    with pytest.raises(ValidationFailed, match="not valid"):
        team.invitation_preview(seeded, token)


def test_expired_link_is_refused_clearly(seeded):
    invite(seeded)
    token = link_token(seeded)
    with time_machine.travel(utcnow() + timedelta(days=7, minutes=1), tick=False):
        with pytest.raises(ValidationFailed, match="expired on .* Ask Avery Agency to send it again"):
            team.invitation_preview(seeded, token)
        with pytest.raises(ValidationFailed, match="expired"):
            team.register_from_invitation(seeded, token, "New Person", PASSWORD)
    assert auth.find_user_by_email(seeded, "new.person@example.com") is None


def test_link_still_works_just_before_expiry(seeded):
    invite(seeded)
    token = link_token(seeded)
    with time_machine.travel(utcnow() + timedelta(days=6, hours=23), tick=False):
        assert team.invitation_preview(seeded, token).org_name == BLOOM


def test_new_person_signs_up_verified_and_lands_in_the_org(seeded):
    invite(seeded)
    user = team.register_from_invitation(seeded, link_token(seeded), "New Person", PASSWORD)
    assert user.email_verified_at is not None and user.full_name == "New Person"
    assert passwords.verify_password(PASSWORD, user.password_hash)
    assert user.home_org_id == org(seeded).id
    actor = orgs.actor_for(seeded, user)
    assert (actor.org_id, actor.role) == (org(seeded).id, Role.content_creator)
    # and the normal sign-in works: no "confirm your email" step
    assert not auth.sign_in_with_password(seeded, "new.person@example.com", PASSWORD).needs_second_factor
    actions = [e.action for e in seeded.exec(select(AuditEvent))]
    assert "org.invitation_accepted" in actions and "auth.register" in actions


def test_sign_up_follows_the_password_policy(seeded):
    invite(seeded)
    with pytest.raises(ValidationFailed) as refused:
        team.register_from_invitation(seeded, link_token(seeded), "New Person", "short")
    assert refused.value.field == "password"
    with pytest.raises(ValidationFailed) as refused:
        team.register_from_invitation(seeded, link_token(seeded), "  ", PASSWORD)
    assert refused.value.field == "full_name"


def test_link_works_once(seeded):
    invite(seeded)
    token = link_token(seeded)
    team.register_from_invitation(seeded, token, "New Person", PASSWORD)
    for attempt in (lambda: team.invitation_preview(seeded, token),
                    lambda: team.register_from_invitation(seeded, token, "Someone Else", PASSWORD),
                    lambda: team.accept_invitation(seeded, token, auth.find_user_by_email(seeded,
                                                                                         "new.person@example.com"))):
        with pytest.raises(ValidationFailed, match="already used"):
            attempt()


def test_existing_account_must_sign_in_rather_than_sign_up(seeded):
    invite(seeded, "agency@allin.demo")  # the agency owner is not a direct member of Bloom
    with pytest.raises(ValidationFailed, match="already exists"):
        team.register_from_invitation(seeded, link_token(seeded, "agency@allin.demo"), "Avery", PASSWORD)


def test_existing_user_accepts_with_matching_email_any_case(seeded):
    peak_coach = auth.create_user(seeded, "Coach@Example.com", PASSWORD, "Coach", verified=True)
    orgs.add_member(seeded, org(seeded, PEAK).id, peak_coach.id, Role.content_manager)
    peak_coach.home_org_id = org(seeded, PEAK).id
    invite(seeded, "COACH@example.com", Role.team_member)
    membership = team.accept_invitation(seeded, link_token(seeded, "coach@example.com"), peak_coach)
    assert (membership.org_id, membership.role) == (org(seeded).id, Role.team_member.value)
    assert peak_coach.home_org_id == org(seeded, PEAK).id  # a user who had a home keeps it
    assert orgs.actor_for(seeded, peak_coach, org(seeded).id).role is Role.team_member


def test_invitation_for_another_address_is_refused(seeded):
    invite(seeded)
    creator = auth.find_user_by_email(seeded, "creator@allin.demo")
    with pytest.raises(ValidationFailed, match="is for new.person@example.com"):
        team.accept_invitation(seeded, link_token(seeded), creator)
    assert team.invitation_preview(seeded, link_token(seeded)).email == "new.person@example.com"


def test_accepting_never_changes_the_role_of_someone_already_in(seeded):
    invite(seeded, "late@example.com", Role.client_viewer)
    late = auth.create_user(seeded, "late@example.com", PASSWORD, "Late", verified=True)
    orgs.add_member(seeded, org(seeded).id, late.id, Role.content_manager)
    membership = team.accept_invitation(seeded, link_token(seeded, "late@example.com"), late)
    assert membership.role == Role.content_manager.value


# --- resend and revoke ---------------------------------------------------------------------


def test_resend_mails_a_new_link_and_the_old_one_dies(seeded):
    [invitation] = invite(seeded)
    old = link_token(seeded)
    with time_machine.travel(utcnow() + timedelta(days=6), tick=False):
        team.resend_invitation(seeded, owner(seeded), org(seeded).id, invitation.id)
        new = link_token(seeded)
        assert new != old
        with pytest.raises(ValidationFailed, match="not valid"):
            team.invitation_preview(seeded, old)
    with time_machine.travel(utcnow() + timedelta(days=12), tick=False):  # past the first expiry
        assert team.invitation_preview(seeded, new).email == "new.person@example.com"
    assert "org.invitation_resent" in [e.action for e in seeded.exec(select(AuditEvent))]


def test_an_expired_invitation_can_be_resent(seeded):
    [invitation] = invite(seeded)
    with time_machine.travel(utcnow() + timedelta(days=9), tick=False):
        assert team.invitation_status(invitation) == "expired"
        team.resend_invitation(seeded, owner(seeded), org(seeded).id, invitation.id)
        assert team.invitation_status(invitation) == "pending"


def test_revoked_link_is_refused_and_cannot_be_resent(seeded):
    [invitation] = invite(seeded)
    token = link_token(seeded)
    team.revoke_invitation(seeded, owner(seeded), org(seeded).id, invitation.id)
    with pytest.raises(ValidationFailed, match="withdrawn"):
        team.invitation_preview(seeded, token)
    with pytest.raises(Conflict):
        team.resend_invitation(seeded, owner(seeded), org(seeded).id, invitation.id)
    assert team.list_invitations(seeded, owner(seeded), org(seeded).id) == []
    assert "org.invitation_revoked" in [e.action for e in seeded.exec(select(AuditEvent))]


def test_accepted_invitation_cannot_be_revoked(seeded):
    [invitation] = invite(seeded)
    team.register_from_invitation(seeded, link_token(seeded), "New Person", PASSWORD)
    with pytest.raises(Conflict):
        team.revoke_invitation(seeded, owner(seeded), org(seeded).id, invitation.id)


def test_invitation_of_another_org_is_not_found(seeded):
    [invitation] = invite(seeded)
    with pytest.raises(NotFound):
        team.revoke_invitation(seeded, owner(seeded, PEAK), org(seeded, PEAK).id, invitation.id)
    with pytest.raises(NotFound):
        team.resend_invitation(seeded, owner(seeded), org(seeded).id, 999_999)


def test_two_accepts_of_one_link_at_once_use_it_once(seeded):
    coach = auth.create_user(seeded, "coach@example.com", PASSWORD, "Coach", verified=True)
    invite(seeded, "coach@example.com")
    token = link_token(seeded, "coach@example.com")
    seeded.commit()  # this session now holds the invitation as it was: unused
    with Session(get_engine(), expire_on_commit=False) as other_tab:
        team.accept_invitation(other_tab, token, other_tab.get(User, coach.id))
        other_tab.commit()
    with pytest.raises(ValidationFailed, match="already used"):
        team.accept_invitation(seeded, token, coach)


def test_sign_up_follows_the_invited_orgs_stricter_password_policy(seeded):
    seeded.add(SecurityPolicy(org_id=org(seeded).id, min_password_length=16))
    invite(seeded)
    seeded.commit()
    with pytest.raises(ValidationFailed, match="at least 16 characters"):
        team.register_from_invitation(seeded, link_token(seeded), "New Person", PASSWORD)
    seeded.rollback()  # what session_scope does for the page and the API
    assert auth.find_user_by_email(seeded, "new.person@example.com") is None
    assert team.invitation_preview(seeded, link_token(seeded)).email == "new.person@example.com"
    user = team.register_from_invitation(seeded, link_token(seeded), "New Person", "Quiet-River-73-Long-Walk")
    assert user.home_org_id == org(seeded).id


def test_invitation_into_a_suspended_org_cannot_be_used(seeded):
    invite(seeded)
    org(seeded).suspended_at = utcnow()
    with pytest.raises(ValidationFailed, match="suspended"):
        team.invitation_preview(seeded, link_token(seeded))


def test_an_organization_sends_at_most_200_invitations_an_hour(seeded, monkeypatch):
    from allin_app.core.errors import RateLimited
    from allin_app.orgs import team as team_service

    monkeypatch.setattr(team_service, "MAX_INVITES_PER_HOUR", 3)
    owner = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"),
                           orgs.get_org_by_slug(seeded, orgs.slugify("Bloom Coffee Co.")).id)
    team_service.invite_members(seeded, owner, owner.org_id, "a@x.example, b@x.example", "team_member")
    with pytest.raises(RateLimited):
        team_service.invite_members(seeded, owner, owner.org_id, "c@x.example, d@x.example", "team_member")

"""Accounts and sign-in (product guide "Security"): sessions, registration, email verification, password reset."""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta

import bcrypt
import pyotp
import pytest
import time_machine
from sqlalchemy import text
from sqlmodel import Session, select

from allin_app.admin.models import OutboxMail
from allin_app.auth import passwords, totp
from allin_app.auth import service as auth
from allin_app.auth.models import LoginAttempt, User
from allin_app.core.errors import AuthenticationFailed, NotFound, ValidationFailed
from allin_app.orgs.models import Membership, Organization

PASSWORD = "Sturdy-Pass-42"
NEW_PASSWORD = "Fresh-Harbor-77"
CLIENT = auth.Client(ip="203.0.113.7", user_agent="Firefox/128.0")
START = datetime(2031, 3, 3, 9, 0, 0, tzinfo=UTC)


def make_user(db: Session, email: str = "pat@example.com") -> User:
    return auth.create_user(db, email, PASSWORD, "Pat Example", verified=True)


def sign_in(db: Session, email: str, password: str = PASSWORD, remember: bool = False) -> auth.IssuedTokens:
    result = auth.sign_in_with_password(db, email, password, remember, CLIENT)
    return auth.issue_session(db, result.user, result.remember, CLIENT)


def mails_to(db: Session, email: str) -> list[OutboxMail]:
    return list(db.exec(select(OutboxMail).where(OutboxMail.to_email == email).order_by(OutboxMail.id)))


def link_token(mail: OutboxMail, path: str) -> str:
    found = re.search(rf"{re.escape(path)}\?token=([\w-]+)", mail.body)
    assert found, f"no {path} link in: {mail.body}"
    return found.group(1)


def turn_on_2fa(db: Session, user: User) -> pyotp.TOTP:
    secret, _uri = totp.begin_setup(db, user)
    totp.confirm_setup(db, user, pyotp.TOTP(secret).now())
    return pyotp.TOTP(secret)


def next_code(otp: pyotp.TOTP) -> str:
    """A code for the next time step: the one used at setup cannot be replayed."""
    return otp.at(time.time() + 30)


def random_bits(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


# --- sessions ----------------------------------------------------------------------------


def test_session_tokens_carry_at_least_128_random_bits(db):
    make_user(db)
    first, second = sign_in(db, "pat@example.com"), sign_in(db, "pat@example.com")
    for token in (first.access_token, first.refresh_token):
        assert random_bits(token) >= 128
    assert len({first.access_token, first.refresh_token, second.access_token, second.refresh_token}) == 4


def test_session_tokens_are_stored_only_hashed(db):
    make_user(db)
    tokens = sign_in(db, "pat@example.com")
    db.flush()
    rows = db.connection().execute(text("select * from auth_sessions")).all()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    assert tokens.access_token not in stored
    assert tokens.refresh_token not in stored


def test_every_sign_in_step_gets_a_new_token(db):
    user = make_user(db)
    otp = turn_on_2fa(db, user)
    step = auth.sign_in_with_password(db, user.email, PASSWORD, client=CLIENT)
    assert step.needs_second_factor
    assert auth.session_user(db, step.challenge) is None  # the challenge is no session
    done = auth.complete_second_factor(db, step.challenge, next_code(otp), CLIENT)
    tokens = auth.issue_session(db, done.user, done.remember, CLIENT)
    assert tokens.access_token != step.challenge
    with pytest.raises(AuthenticationFailed) as caught:
        auth.complete_second_factor(db, step.challenge, otp.at(time.time() + 60), CLIENT)
    assert caught.value.code == "challenge_expired"


def test_revoked_session_no_longer_signs_in(db):
    user = make_user(db)
    tokens = sign_in(db, user.email)
    auth.revoke_session(db, user.id, tokens.session_id)
    assert auth.session_user(db, tokens.access_token) is None


def test_deactivated_user_loses_their_session(db):
    user = make_user(db)
    tokens = sign_in(db, user.email)
    user.is_active = False
    assert auth.session_user(db, tokens.access_token) is None
    with pytest.raises(AuthenticationFailed):
        auth.refresh_session(db, tokens.refresh_token)


def test_session_idles_out_after_15_minutes(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        tokens = sign_in(db, "pat@example.com")
        clock.shift(timedelta(minutes=14))
        assert auth.session_user(db, tokens.access_token, touch=False) is not None
        clock.shift(timedelta(minutes=2))
        assert auth.session_user(db, tokens.access_token) is None


def test_activity_within_15_minutes_keeps_the_session_alive(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        tokens = sign_in(db, "pat@example.com")
        clock.shift(timedelta(minutes=10))
        assert auth.session_user(db, tokens.access_token) is not None
        clock.shift(timedelta(minutes=10))
        assert auth.session_user(db, tokens.access_token) is not None
        clock.shift(timedelta(minutes=16))
        assert auth.session_user(db, tokens.access_token) is None


def test_refresh_token_lives_7_days(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        tokens = sign_in(db, "pat@example.com")
        clock.shift(timedelta(days=6))
        rotated = auth.refresh_session(db, tokens.refresh_token)
        clock.shift(timedelta(days=2))
        with pytest.raises(AuthenticationFailed):
            auth.refresh_session(db, rotated.refresh_token)


def test_remember_me_keeps_the_refresh_token_30_days(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        tokens = sign_in(db, "pat@example.com", remember=True)
        clock.shift(timedelta(days=29))
        rotated = auth.refresh_session(db, tokens.refresh_token)
        clock.shift(timedelta(days=2))
        with pytest.raises(AuthenticationFailed):
            auth.refresh_session(db, rotated.refresh_token)


def test_refresh_rotates_both_tokens_and_the_old_refresh_token_fails(db):
    make_user(db)
    old = sign_in(db, "pat@example.com")
    new = auth.refresh_session(db, old.refresh_token)
    assert (new.access_token, new.refresh_token) != (old.access_token, old.refresh_token)
    assert new.access_token != old.access_token and new.refresh_token != old.refresh_token
    assert auth.session_user(db, old.access_token) is None
    assert auth.session_user(db, new.access_token) is not None
    with pytest.raises(AuthenticationFailed):
        auth.refresh_session(db, old.refresh_token)


def test_sign_out_ends_the_session(db):
    make_user(db)
    tokens = sign_in(db, "pat@example.com")
    auth.sign_out(db, tokens.access_token)
    assert auth.session_user(db, tokens.access_token) is None
    with pytest.raises(AuthenticationFailed):
        auth.refresh_session(db, tokens.refresh_token)


def test_sign_out_after_idle_time_still_ends_the_refresh_token(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        tokens = sign_in(db, "pat@example.com", remember=True)
        clock.shift(timedelta(minutes=16))
        auth.sign_out(db, tokens.access_token)
        with pytest.raises(AuthenticationFailed):
            auth.refresh_session(db, tokens.refresh_token)


def test_user_lists_and_revokes_their_sessions(db):
    user = make_user(db)
    laptop, phone = sign_in(db, user.email), sign_in(db, user.email)
    assert {s.id for s in auth.list_sessions(db, user.id)} == {laptop.session_id, phone.session_id}
    auth.revoke_session(db, user.id, phone.session_id)
    assert [s.id for s in auth.list_sessions(db, user.id)] == [laptop.session_id]
    assert auth.session_user(db, phone.access_token) is None


def test_user_cannot_revoke_someone_elses_session(db):
    pat, kim = make_user(db), make_user(db, "kim@example.com")
    kims = sign_in(db, kim.email)
    with pytest.raises(NotFound):
        auth.revoke_session(db, pat.id, kims.session_id)
    assert auth.session_user(db, kims.access_token) is not None


def test_login_history_records_success_and_failure_with_ip_and_browser(db):
    user = make_user(db)
    with pytest.raises(AuthenticationFailed):
        sign_in(db, user.email, "Wrong-Pass-1")
    sign_in(db, user.email)
    history = auth.login_history(db, user.id)
    assert sorted(a.success for a in history) == [False, True]
    assert {(a.ip, a.user_agent) for a in history} == {(CLIENT.ip, CLIENT.user_agent)}


# --- registration and email verification -------------------------------------------------


def test_register_creates_account_workspace_membership_and_sends_verification_link(db):
    auth.register(db, "Sam@Example.com", PASSWORD, "Sam Lee")
    user = auth.find_user_by_email(db, "sam@example.com")
    org = db.get(Organization, user.home_org_id)
    membership = db.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert org.kind == "individual"
    assert (membership.org_id, membership.role) == (org.id, "agency_owner")
    assert user.email_verified_at is None
    assert link_token(mails_to(db, "sam@example.com")[-1], "/auth/verify")


def test_register_with_a_taken_email_answers_the_same_and_mails_the_owner(db):
    make_user(db)
    assert auth.register(db, "pat@example.com", PASSWORD, "Someone Else") is None
    assert len(db.exec(select(User)).all()) == 1
    [mail] = mails_to(db, "pat@example.com")
    assert "/auth/verify" not in mail.body
    assert "already has one" in mail.body


def test_register_with_a_taken_email_takes_as_long_as_a_new_one(db, monkeypatch):
    make_user(db)
    passwords.burn_equal_time()  # warm the dummy-hash cache
    calls: list[str] = []
    for name in ("hashpw", "checkpw"):
        real = getattr(bcrypt, name)
        monkeypatch.setattr(bcrypt, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    auth.register(db, "new@example.com", PASSWORD, "New Person")
    work_for_new = len(calls)
    calls.clear()
    auth.register(db, "pat@example.com", PASSWORD, "Pat Again")
    assert len(calls) == work_for_new


def test_unverified_user_cannot_sign_in(db):
    auth.register(db, "sam@example.com", PASSWORD, "Sam Lee")
    with pytest.raises(AuthenticationFailed) as caught:
        auth.sign_in_with_password(db, "sam@example.com", PASSWORD)
    assert caught.value.code == "email_unverified"


def test_verify_link_works_once(db):
    auth.register(db, "sam@example.com", PASSWORD, "Sam Lee")
    token = link_token(mails_to(db, "sam@example.com")[-1], "/auth/verify")
    assert auth.verify_email(db, token).email_verified_at is not None
    with pytest.raises(ValidationFailed):
        auth.verify_email(db, token)
    assert not auth.sign_in_with_password(db, "sam@example.com", PASSWORD).needs_second_factor


def test_verify_link_expires_after_24_hours(db):
    user = auth.create_user(db, "sam@example.com", PASSWORD, "Sam Lee")
    with time_machine.travel(START, tick=False) as clock:
        auth.send_verification_email(db, user)
        auth.send_verification_email(db, user)
        early, late = (link_token(m, "/auth/verify") for m in mails_to(db, user.email))
        clock.shift(timedelta(hours=23, minutes=59))
        auth.verify_email(db, early)
        clock.shift(timedelta(minutes=2))
        with pytest.raises(ValidationFailed):
            auth.verify_email(db, late)


# --- password reset ----------------------------------------------------------------------


def reset_link(db: Session, email: str) -> str:
    auth.request_password_reset(db, email, CLIENT)
    return link_token(mails_to(db, email)[-1], "/auth/reset")


def test_reset_request_for_an_unknown_email_sends_nothing(db):
    assert auth.request_password_reset(db, "nobody@example.com", CLIENT) is None
    assert db.exec(select(OutboxMail)).all() == []


def test_reset_request_mails_one_reset_link(db):
    make_user(db)
    auth.request_password_reset(db, "Pat@Example.com", CLIENT)
    [mail] = mails_to(db, "pat@example.com")
    assert link_token(mail, "/auth/reset")


def test_reset_link_works_once(db):
    make_user(db)
    token = reset_link(db, "pat@example.com")
    auth.reset_password(db, token, NEW_PASSWORD)
    with pytest.raises(ValidationFailed):
        auth.reset_password(db, token, "Another-Pass-99")


def test_reset_link_expires_after_1_hour(db):
    make_user(db)
    with time_machine.travel(START, tick=False) as clock:
        token = reset_link(db, "pat@example.com")
        clock.shift(timedelta(minutes=61))
        with pytest.raises(ValidationFailed):
            auth.reset_password(db, token, NEW_PASSWORD)
        sign_in(db, "pat@example.com")  # the old password still works


def test_reset_replaces_the_password_and_ends_every_session(db):
    make_user(db)
    old_session = sign_in(db, "pat@example.com")
    result = auth.reset_password(db, reset_link(db, "pat@example.com"), NEW_PASSWORD)
    assert not result.needs_second_factor
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "pat@example.com", PASSWORD)
    sign_in(db, "pat@example.com", NEW_PASSWORD)
    assert auth.session_user(db, old_session.access_token) is None
    with pytest.raises(AuthenticationFailed):
        auth.refresh_session(db, old_session.refresh_token)


def test_reset_still_asks_for_the_second_factor(db):
    user = make_user(db)
    turn_on_2fa(db, user)
    result = auth.reset_password(db, reset_link(db, user.email), NEW_PASSWORD)
    assert result.needs_second_factor
    with pytest.raises(AuthenticationFailed):
        auth.create_web_handoff(db, result)


# --- no account enumeration --------------------------------------------------------------


def refusal(db: Session, email: str, password: str) -> tuple:
    with pytest.raises(AuthenticationFailed) as caught:
        auth.sign_in_with_password(db, email, password, client=CLIENT)
    return type(caught.value), caught.value.message, caught.value.code


def test_unknown_email_and_wrong_password_are_refused_alike(db):
    make_user(db)
    assert refusal(db, "nobody@example.com", PASSWORD) == refusal(db, "pat@example.com", "Wrong-Pass-1")


def test_overlong_email_is_refused_not_crashed(db):
    """The refused email is kept for throttling; PostgreSQL would refuse more than the column holds."""
    with pytest.raises(AuthenticationFailed):
        auth.sign_in_with_password(db, "\u0130" * 200 + "@example.com", PASSWORD)  # lower() doubles İ


def test_failed_sign_ins_are_kept_even_when_the_request_rolls_back(db):
    make_user(db)
    with pytest.raises(AuthenticationFailed):
        sign_in(db, "pat@example.com", "Wrong-Pass-1")
    db.rollback()
    assert len(db.exec(select(LoginAttempt).where(LoginAttempt.success == False)).all()) == 1


def test_reset_requests_cannot_flood_an_inbox(seeded):
    from allin_app.admin.models import OutboxMail

    for _ in range(8):
        auth.request_password_reset(seeded, "manager@allin.demo")
        seeded.flush()
    mails = seeded.exec(select(OutboxMail).where(OutboxMail.to_email == "manager@allin.demo")).all()
    assert len(mails) == auth.MAX_RESET_MAILS_PER_HOUR

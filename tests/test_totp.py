"""Two-factor authentication (product guide "Security"): TOTP setup, replay protection, backup codes, 2FA sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import text
from sqlmodel import Session, select

from allin_app.admin.models import AuditEvent
from allin_app.auth import service as auth
from allin_app.auth import totp
from allin_app.auth.models import User
from allin_app.core.errors import AuthenticationFailed, ValidationFailed

PASSWORD = "Sturdy-Pass-42"
START = datetime(2031, 3, 3, 9, 0, 0, tzinfo=UTC)  # on a 30-second boundary
STEP = timedelta(seconds=30)


def make_user(db: Session) -> User:
    return auth.create_user(db, "pat@example.com", PASSWORD, "Pat Example", verified=True)


def turn_on_2fa(db: Session, user: User) -> tuple[pyotp.TOTP, list[str]]:
    secret, _uri = totp.begin_setup(db, user)
    otp = pyotp.TOTP(secret)
    return otp, totp.confirm_setup(db, user, otp.now())


def column_text(db: Session, table: str) -> str:
    db.flush()
    return " ".join(str(v) for row in db.connection().execute(text(f"select * from {table}")) for v in row)


def test_setup_stores_the_secret_encrypted(db):
    user = make_user(db)
    secret, uri = totp.begin_setup(db, user)
    assert secret in uri and uri.startswith("otpauth://totp/")
    assert secret not in column_text(db, "users")
    assert not user.totp_enabled


def test_setup_with_a_wrong_code_is_refused(db):
    user = make_user(db)
    secret, _uri = totp.begin_setup(db, user)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 500_000) % 1_000_000:06d}"
    with pytest.raises(ValidationFailed):
        totp.confirm_setup(db, user, wrong)
    assert not user.totp_enabled


def test_setup_with_the_current_code_turns_2fa_on_and_gives_10_backup_codes(db):
    user = make_user(db)
    _otp, codes = turn_on_2fa(db, user)
    assert user.totp_enabled
    assert len(set(codes)) == 10
    assert totp.remaining_backup_codes(db, user) == 10


def test_a_code_cannot_be_used_twice(db):
    user = make_user(db)
    with time_machine.travel(START + timedelta(seconds=5), tick=False) as clock:
        otp, _codes = turn_on_2fa(db, user)
        clock.shift(STEP)
        code = otp.now()
        assert totp.verify_second_factor(db, user, code) == "totp"
        clock.shift(timedelta(seconds=10))  # same 30-second window
        assert totp.verify_second_factor(db, user, code) is None
    replays = db.exec(select(AuditEvent).where(AuditEvent.action == "auth.totp_replay")).all()
    assert [e.actor_user_id for e in replays] == [user.id]


def test_an_earlier_code_is_refused_after_a_later_one(db):
    user = make_user(db)
    with time_machine.travel(START + timedelta(seconds=5), tick=False) as clock:
        otp, _codes = turn_on_2fa(db, user)
        clock.shift(2 * STEP)
        assert totp.verify_second_factor(db, user, otp.now()) == "totp"
        assert totp.verify_second_factor(db, user, otp.at(START + STEP)) is None  # still inside the drift window


def test_backup_codes_are_stored_only_hashed(db):
    user = make_user(db)
    _otp, codes = turn_on_2fa(db, user)
    stored = column_text(db, "backup_codes")
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored


def test_each_backup_code_works_once(db):
    user = make_user(db)
    _otp, codes = turn_on_2fa(db, user)
    assert totp.verify_second_factor(db, user, codes[0]) == "backup_code"
    assert totp.verify_second_factor(db, user, codes[0]) is None
    assert totp.verify_second_factor(db, user, codes[1].upper().replace("-", " ")) == "backup_code"
    assert totp.remaining_backup_codes(db, user) == 8


def test_turning_2fa_off_needs_the_password(db):
    user = make_user(db)
    turn_on_2fa(db, user)
    with pytest.raises(ValidationFailed):
        totp.disable(db, user, "Wrong-Pass-1")
    assert user.totp_enabled
    totp.disable(db, user, PASSWORD)
    assert not user.totp_enabled and user.totp_secret_enc is None
    assert totp.remaining_backup_codes(db, user) == 0


def test_new_backup_codes_void_the_old_ones(db):
    user = make_user(db)
    _otp, old = turn_on_2fa(db, user)
    with pytest.raises(ValidationFailed):
        totp.regenerate_backup_codes(db, user, "Wrong-Pass-1")
    new = totp.regenerate_backup_codes(db, user, PASSWORD)
    db.flush()
    assert totp.verify_second_factor(db, user, old[0]) is None
    assert totp.verify_second_factor(db, user, new[0]) == "backup_code"
    assert totp.remaining_backup_codes(db, user) == 9


def test_sign_in_with_2fa_takes_the_password_then_a_code(db):
    user = make_user(db)
    with time_machine.travel(START + timedelta(seconds=5), tick=False) as clock:
        otp, _codes = turn_on_2fa(db, user)
        step = auth.sign_in_with_password(db, user.email, PASSWORD, remember=True)
        assert step.needs_second_factor
        clock.shift(STEP)
        done = auth.complete_second_factor(db, step.challenge, otp.now())
    assert done.user.id == user.id and done.remember and not done.needs_second_factor
    tokens = auth.issue_session(db, done.user, done.remember)
    assert auth.session_user(db, tokens.access_token) is not None


def test_sign_in_with_2fa_accepts_a_backup_code(db):
    user = make_user(db)
    _otp, codes = turn_on_2fa(db, user)
    step = auth.sign_in_with_password(db, user.email, PASSWORD)
    assert auth.complete_second_factor(db, step.challenge, codes[3]).user.id == user.id


def test_sign_in_with_a_wrong_second_factor_is_refused(db):
    user = make_user(db)
    turn_on_2fa(db, user)
    step = auth.sign_in_with_password(db, user.email, PASSWORD)
    with pytest.raises(AuthenticationFailed) as caught:
        auth.complete_second_factor(db, step.challenge, "zzzz-zzzz")
    assert caught.value.code == "invalid_second_factor"

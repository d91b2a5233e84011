"""Sign-in throttling (product guide "Security"): failures slow sign-in down, then lock it for a while."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlmodel import Session, select

from allin_app.admin.models import AuditEvent
from allin_app.auth import service as auth
from allin_app.auth import totp
from allin_app.core.errors import AuthenticationFailed, RateLimited

PASSWORD = "Sturdy-Pass-42"
EMAIL = "pat@example.com"
CLIENT = auth.Client(ip="198.51.100.9", user_agent="curl/8")
START = datetime(2031, 3, 3, 9, 0, 0, tzinfo=UTC)
PAUSE = timedelta(seconds=20)  # longer than any slow-down, shorter than a lock


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db):
    return auth.create_user(db, EMAIL, PASSWORD, "Pat Example", verified=True)


def fail(db: Session, email: str = EMAIL, client: auth.Client = CLIENT) -> None:
    with pytest.raises(AuthenticationFailed):
        auth.sign_in_with_password(db, email, "Wrong-Pass-1", client=client)


def fail_times(db: Session, clock, n: int) -> None:
    for _ in range(n):
        fail(db)
        clock.shift(PAUSE)


def refused_wait(db: Session, password: str = "Wrong-Pass-1", client: auth.Client = CLIENT) -> RateLimited:
    with pytest.raises(RateLimited) as caught:
        auth.sign_in_with_password(db, EMAIL, password, client=client)
    return caught.value


def test_two_failures_do_not_slow_sign_in(db, user, clock):
    fail(db)
    fail(db)
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).user.id == user.id


def test_three_failures_slow_sign_in_down(db, user, clock):
    for _ in range(3):
        fail(db)
    refusal = refused_wait(db)
    assert 0 < refusal.retry_after <= 5
    assert "wait 5 second(s)" in refusal.message


def test_slow_down_passes_after_the_wait(db, user, clock):
    for _ in range(3):
        fail(db)
    clock.shift(timedelta(seconds=6))
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).user.id == user.id


def test_five_failures_lock_the_account(db, user, clock):
    fail_times(db, clock, 5)
    refusal = refused_wait(db)
    assert refusal.retry_after > 0
    assert "locked" in refusal.message


def test_the_lock_is_checked_before_the_password(db, user, clock):
    fail_times(db, clock, 5)
    assert "locked" in refused_wait(db, PASSWORD).message


def test_the_lock_expires_and_the_right_password_works_again(db, user, clock):
    fail_times(db, clock, 5)
    clock.shift(timedelta(minutes=1))
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).user.id == user.id


def test_locks_grow_with_more_failures(db, user, clock):
    fail_times(db, clock, 5)
    clock.shift(timedelta(minutes=1))
    fail(db)
    assert 60 < refused_wait(db).retry_after <= 120


def test_a_success_resets_the_failure_count(db, user, clock):
    fail_times(db, clock, 2)
    auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT)
    clock.shift(PAUSE)
    fail(db)
    fail(db)
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).user.id == user.id


def test_fifty_failures_from_one_ip_lock_that_ip(db, user, clock):
    for n in range(50):
        fail(db, f"guess{n}@example.com")
    refusal = refused_wait(db)
    assert refusal.retry_after > 0 and "locked" in refusal.message
    other_ip = auth.Client(ip="192.0.2.44")
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=other_ip).user.id == user.id


def test_the_ip_lock_expires_after_15_minutes(db, user, clock):
    for n in range(50):
        fail(db, f"guess{n}@example.com")
    clock.shift(timedelta(minutes=15, seconds=1))
    assert auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).user.id == user.id


def test_each_failure_and_the_lock_are_in_the_audit_log(db, user, clock):
    fail_times(db, clock, 5)
    events = db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    failures = [e for e in events if (e.action, e.result) == ("auth.sign_in", "fail")]
    lockouts = [e for e in events if e.action == "auth.lockout"]
    assert len(failures) == 5
    assert {(e.target, e.ip) for e in failures} == {(EMAIL, CLIENT.ip)}
    assert [(e.target, e.result) for e in lockouts] == [(EMAIL, "locked")]


def test_wrong_second_factors_count_as_failures(db, user, clock):
    secret, _uri = totp.begin_setup(db, user)
    totp.confirm_setup(db, user, pyotp.TOTP(secret).now())
    challenge = auth.sign_in_with_password(db, EMAIL, PASSWORD, client=CLIENT).challenge
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.complete_second_factor(db, challenge, "zzzz-zzzz", CLIENT)
    with pytest.raises(RateLimited):
        auth.complete_second_factor(db, challenge, "zzzz-zzzz", CLIENT)

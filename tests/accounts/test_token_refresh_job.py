"""The background job renews tokens before they end, once per account, and tells managers when it cannot."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlmodel import select

from allin_app.accounts import jobs
from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.models import OutboxMail
from allin_app.core.clock import utcnow
from allin_app.core.crypto import decrypt_secret
from allin_app.platforms.registry import adapter_for
from tests.accounts.test_connect import connect, sim  # noqa: F401  (fixture)


def test_a_token_about_to_end_is_renewed(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]  # X access tokens live 2 hours
    old_token = decrypt_secret(account.access_token_enc)
    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=55), tick=False):
        assert jobs.refresh_due_accounts(client=sim) == 1
    seeded.expire_all()
    fresh = seeded.get(SocialAccount, account.id)
    assert decrypt_secret(fresh.access_token_enc) != old_token and accounts.health(fresh).state == "Active"


def test_tokens_far_from_their_end_are_left_alone(seeded, sim):  # noqa: F811
    connect(seeded, sim, "twitter")
    assert jobs.refresh_due_accounts(client=sim) == 0


def test_one_worker_at_a_time_holds_an_account(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    now = utcnow()
    assert jobs._claim(seeded, account.id, now) is True
    assert jobs._claim(seeded, account.id, now) is False
    assert jobs._claim(seeded, account.id, now + jobs.LEASE + timedelta(seconds=1)) is True


def test_a_refused_renewal_marks_the_account_expired_and_mails_the_managers(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    adapter_for("twitter", client=sim).revoke(accounts.token_set(account))  # the user pulled access at X
    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=55), tick=False):
        assert jobs.refresh_due_accounts(client=sim) == 0
    seeded.expire_all()
    assert accounts.health(seeded.get(SocialAccount, account.id)).state == "Expired"
    alerted = {m.to_email for m in seeded.exec(select(OutboxMail)).all() if "needs attention" in m.subject}
    assert alerted == {"manager@allin.demo", "agency@allin.demo"}


def test_managers_hear_once_that_an_unrenewable_account_ends_within_a_week(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "linkedin")[0][0]  # LinkedIn gives refresh tokens to approved partners only
    account.refresh_token_enc = None
    account.token_expires_at = utcnow() + timedelta(days=5)
    seeded.commit()
    assert accounts.health(account).state == "Warning"
    assert jobs.alert_accounts_ending_soon() == 1
    assert jobs.alert_accounts_ending_soon() == 0  # once per token
    subjects = [m.subject for m in seeded.exec(select(OutboxMail)).all() if m.to_email == "manager@allin.demo"]
    assert any("needs attention" in subject for subject in subjects)


def test_meta_accounts_renew_without_a_refresh_token(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "facebook")[0][0]
    account.token_expires_at = utcnow() + timedelta(days=5)
    assert accounts.renewable(account) and accounts.health(account).state == "Active"

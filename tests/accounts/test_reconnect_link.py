"""A reconnect link lets the account's owner reconnect it without an AllIN login: once, for 48 hours."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlmodel import select

from allin_app.accounts import reconnect
from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.models import OutboxMail
from allin_app.core.clock import utcnow
from allin_app.core.errors import PermissionDenied, ValidationFailed
from allin_app.platforms.simulator.autopilot import answer_consent
from tests.accounts.test_connect import _user_and_actor, connect, sim  # noqa: F401  (fixture)


def _send(db, account_id: int, email: str = "owner@bloom.example") -> str:
    _, manager = _user_and_actor(db)
    reconnect.send_reconnect_link(db, manager, account_id, email)
    db.commit()
    mail = db.exec(select(OutboxMail).where(OutboxMail.to_email == email)).all()[-1]
    return re.search(r"/connect/reconnect\?token=(\S+)", mail.body).group(1)


def _reconnect_without_login(db, sim, token: str) -> list[SocialAccount]:  # noqa: F811
    url = reconnect.start_reconnect(db, token, client=sim)
    db.commit()
    answer = answer_consent(sim, url)
    return accounts.complete_connect(db, None, answer_network(url), answer["state"], answer["code"], client=sim)


def answer_network(url: str) -> str:
    return re.search(r"/sim/([a-z]+)/", url).group(1)


def test_the_owner_reconnects_an_expired_account_without_logging_in(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    account.status = "expired"
    seeded.commit()
    token = _send(seeded, account.id)
    assert "Bloom Coffee Co." in reconnect.reconnect_preview(seeded, token).org_name
    _reconnect_without_login(seeded, sim, token)
    seeded.commit()
    seeded.expire_all()
    assert accounts.health(seeded.get(SocialAccount, account.id)).state == "Active"


def test_a_link_works_once(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    token = _send(seeded, account.id)
    _reconnect_without_login(seeded, sim, token)
    seeded.commit()
    with pytest.raises(ValidationFailed) as refused:
        reconnect.start_reconnect(seeded, token, client=sim)
    assert "no longer valid" in refused.value.message


def test_a_link_expires_after_48_hours(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    token = _send(seeded, account.id)
    with time_machine.travel(utcnow() + timedelta(hours=49), tick=False), pytest.raises(ValidationFailed):
        reconnect.reconnect_preview(seeded, token)


def test_a_creator_cannot_send_links(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    _, creator = _user_and_actor(seeded, "creator@allin.demo")
    with pytest.raises(PermissionDenied):
        reconnect.send_reconnect_link(seeded, creator, account.id, "owner@bloom.example")


def test_a_normal_callback_still_needs_the_user_who_started(seeded, sim):  # noqa: F811
    _user, actor = _user_and_actor(seeded)
    url = accounts.start_connect(seeded, actor, "reddit", client=sim)
    seeded.commit()
    answer = answer_consent(sim, url)
    with pytest.raises(ValidationFailed):
        accounts.complete_connect(seeded, None, "reddit", answer["state"], answer["code"], client=sim)

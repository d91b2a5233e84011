"""Outgoing mail: every message lands in the outbox; with SMTP_URL set it is delivered over SMTP too."""

from __future__ import annotations

import re
import socket
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from allin_app.admin.models import OutboxMail
from allin_app.auth import service as auth
from allin_app.core import mail
from allin_app.core.config import settings
from allin_app.core.db import session_scope

PASSWORD = "Sturdy-Pass-42"
NEW_PASSWORD = "Fresh-Harbor-77"
EMAIL = "pat@example.com"


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError(f"nothing after {seconds} s")


def outbox() -> list[OutboxMail]:
    with session_scope() as db:
        return list(db.exec(select(OutboxMail).order_by(OutboxMail.id)))


@pytest.fixture
def user(engine):
    with session_scope() as db:
        return auth.create_user(db, EMAIL, PASSWORD, "Pat Example", verified=True)


@pytest.fixture
def smtp_inbox(monkeypatch):
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


def test_reset_link_mailed_over_smtp_resets_the_password(user, smtp_inbox):
    with session_scope() as db:
        auth.request_password_reset(db, EMAIL)
    [envelope] = wait_for(lambda: smtp_inbox.envelopes)
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert envelope.rcpt_tos == [EMAIL] and message["To"] == EMAIL
    token = re.search(r"/auth/reset\?token=([\w-]+)", message.get_content()).group(1)
    with session_scope() as db:
        auth.reset_password(db, token, NEW_PASSWORD)
    with session_scope() as db:
        assert auth.sign_in_with_password(db, EMAIL, NEW_PASSWORD).user.email == EMAIL
    wait_for(lambda: all(m.sent_at for m in outbox()))  # let the delivery threads finish before teardown


def test_without_smtp_mail_only_lands_in_the_outbox(user, monkeypatch):
    monkeypatch.setattr(settings, "smtp_url", "")
    with session_scope() as db:
        auth.request_password_reset(db, EMAIL)
    [sent] = outbox()
    assert sent.to_email == EMAIL and sent.sent_at is None and "/auth/reset?token=" in sent.body


def test_a_rolled_back_action_sends_nothing(user, smtp_inbox):
    with pytest.raises(RuntimeError), session_scope() as db:
        auth.request_password_reset(db, EMAIL)
        raise RuntimeError("the action failed after mailing")
    time.sleep(0.3)
    assert smtp_inbox.envelopes == [] and outbox() == []


def test_undeliverable_mail_stays_in_the_outbox_with_the_error(user, monkeypatch):
    monkeypatch.setattr(settings, "smtp_url", "")
    with session_scope() as db:
        mail.send_mail(db, EMAIL, "Hello", "Body")
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    assert mail.deliver_outbox() == 0
    [kept] = outbox()
    assert kept.sent_at is None and kept.error

"""Outgoing mail: every message lands in the outbox table; with SMTP_URL set it is also delivered.

Delivery runs on a thread after the sending transaction commits, so a request that mails
takes as long as one that does not (no account enumeration by timing) and a rolled-back
action sends nothing.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from collections.abc import Sequence
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlparse

from sqlalchemy import event
from sqlmodel import Session, select

from allin_app.admin.models import OutboxAttachment, OutboxMail
from allin_app.core.clock import utcnow
from allin_app.core.config import settings

log = logging.getLogger(__name__)
_delivery_lock = threading.Lock()


def send_mail(db: Session, to_email: str, subject: str, body: str,
              attachments: Sequence[tuple[str, str, bytes]] = ()) -> None:
    """Queue a message; `attachments` are (file name, media type, bytes)."""
    subject = " ".join(subject.split())[:200]  # a header holds one line; user text (names) may carry breaks
    mail = OutboxMail(to_email=to_email, subject=subject, body=body)
    db.add(mail)
    if attachments:
        db.flush()
        db.add_all(OutboxAttachment(mail_id=mail.id, filename=name, media_type=media_type, content=content)
                   for name, media_type, content in attachments)
    if settings.smtp_url:
        event.listen(db, "after_commit", _start_delivery, once=True)


def _start_delivery(_session: Session) -> None:
    threading.Thread(target=deliver_outbox, name="allin-mail", daemon=True).start()


def deliver_outbox() -> int:
    """Send every undelivered message over SMTP; returns how many went out."""
    from allin_app.core.db import session_scope

    sent = 0
    with _delivery_lock, session_scope() as db:
        pending = db.exec(select(OutboxMail).where(OutboxMail.sent_at == None)).all()
        for mail in pending:
            try:
                _smtp_send(mail, db.exec(select(OutboxAttachment).where(OutboxAttachment.mail_id == mail.id)
                                         .order_by(OutboxAttachment.id)).all())
                mail.sent_at, mail.error = utcnow(), ""
                sent += 1
            except (OSError, ValueError, smtplib.SMTPException) as exc:
                mail.error = str(exc)[:300]
                log.warning("mail to %s not delivered: %s", mail.to_email, exc)
    return sent


def _smtp_send(mail: OutboxMail, attachments: Sequence[OutboxAttachment] = ()) -> None:
    url = urlparse(settings.smtp_url)
    options = parse_qs(url.query)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.mail_from, mail.to_email, mail.subject
    message.set_content(mail.body)
    for attachment in attachments:
        maintype, _, subtype = attachment.media_type.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=attachment.filename)
    smtp_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with smtp_class(url.hostname or "localhost", url.port or (465 if url.scheme == "smtps" else 25), timeout=10) as smtp:
        if options.get("starttls", ["0"])[0] in ("1", "true"):
            smtp.starttls(context=ssl.create_default_context())
        if url.username:
            smtp.login(unquote(url.username), unquote(url.password or ""))
        smtp.send_message(message)

"""Reconnect links: a manager mails an account's owner (a client, say) a link to reconnect it at the
network without an AllIN login. It works once, for 48 hours, on the authority of the manager who sent it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlmodel import Session, select

from allin_app.accounts.models import ConnectAttempt, ReconnectLink, SocialAccount
from allin_app.accounts.service import CONNECT_TTL, callback_url, networks
from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.auth.service import validate_email_address
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import encrypt_secret, new_token, token_digest
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import adapter_for

RECONNECT_TTL = timedelta(hours=48)
LINK_INVALID = "This reconnect link is no longer valid (it was used or it expired). Ask for a new one."


@dataclass(frozen=True)
class ReconnectPreview:
    network_label: str
    account_name: str
    org_name: str
    sender_name: str


def send_reconnect_link(db: Session, actor: Actor, account_id: int, email: str) -> None:
    """Mail the account's owner a link to reconnect it without an AllIN login: once, for 48 hours."""
    account = db.get(SocialAccount, account_id)
    if account is None or account.org_id != actor.org_id:
        raise NotFound("Account not found.")
    require(actor, Permission.connect_accounts, Target(org_id=account.org_id))
    email = validate_email_address(email)
    token = new_token()
    db.add(ReconnectLink(account_id=account.id, org_id=account.org_id, email=email, token_hash=token_digest(token),
                         created_by_user_id=actor.user_id, expires_at=utcnow() + RECONNECT_TTL))
    sender = db.get(User, actor.user_id)
    label, org = networks()[account.network], orgs.get_organization(db, actor, account.org_id)
    send_mail(db, email, f"Please reconnect {account.display_name or account.handle} on {label}",
              f"Hello,\n\n{sender.full_name or sender.email} manages {org.name}'s social media in AllIN, and the "
              f"connection to the {label} account {account.display_name} ended.\nReconnect it here (no AllIN "
              f"account needed):\n{settings.base_url}/connect/reconnect?token={token}\n\n"
              "The link works once, for 48 hours.")
    record_audit(db, "account.reconnect_link_sent", actor_user_id=actor.user_id, org_id=account.org_id,
                 target=f"account:{account.id}", detail=email)


def _usable_link(db: Session, token: str) -> ReconnectLink:
    link = db.exec(select(ReconnectLink).where(ReconnectLink.token_hash == token_digest(token or ""))).first()
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= utcnow():
        raise ValidationFailed("token", LINK_INVALID)
    return link


def reconnect_preview(db: Session, token: str) -> ReconnectPreview:
    link = _usable_link(db, token)
    account, sender = db.get(SocialAccount, link.account_id), db.get(User, link.created_by_user_id)
    return ReconnectPreview(networks()[account.network], account.display_name or account.handle,
                            db.get(Organization, link.org_id).name, sender.full_name or sender.email)


def start_reconnect(db: Session, token: str, client: httpx.Client | None = None) -> str:
    """The consent page for the link's account, on the authority of the manager who sent the link."""
    link = _usable_link(db, token)
    account = db.get(SocialAccount, link.account_id)
    start = adapter_for(account.network, client=client).start_authorization(callback_url(account.network))
    db.add(ConnectAttempt(org_id=link.org_id, user_id=link.created_by_user_id, network=account.network,
                          state_hash=token_digest(start.state), reconnect_link_id=link.id,
                          code_verifier_enc=encrypt_secret(start.code_verifier) if start.code_verifier else None,
                          expires_at=utcnow() + CONNECT_TTL))
    return start.url

"""Token care in the background: refresh access tokens before they expire, one worker per account.

Several workers may run this job; each account is claimed with a short lease (a conditional UPDATE),
so one refresh runs at a time and a rotated refresh token is never raced.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.core.clock import utcnow
from allin_app.core.db import session_scope
from allin_app.orgs.models import Organization
from allin_app.platforms.base import AuthExpired, PlatformError
from allin_app.platforms.registry import adapter_for
from allin_app.workflow.notifications import managers, notify

log = logging.getLogger(__name__)
REFRESH_AHEAD = timedelta(minutes=10)
LEASE = timedelta(minutes=2)


def due_account_ids(db: Session, now: datetime) -> list[int]:
    return list(db.exec(select(SocialAccount.id).where(
        SocialAccount.disconnected_at == None, SocialAccount.status == "active",
        SocialAccount.token_expires_at != None, SocialAccount.token_expires_at <= now + REFRESH_AHEAD)))


def _claim(db: Session, account_id: int, now: datetime) -> bool:
    claimed = db.exec(SocialAccount.__table__.update()
                      .where(SocialAccount.id == account_id)
                      .where((SocialAccount.refresh_lease_until == None) | (SocialAccount.refresh_lease_until < now))
                      .values(refresh_lease_until=now + LEASE))
    return claimed.rowcount == 1


def refresh_due_accounts(client: httpx.Client | None = None) -> int:
    """Refresh every account whose token ends within 10 minutes; returns how many were refreshed."""
    now = utcnow()
    with session_scope() as db:
        ids = due_account_ids(db, now)
    refreshed = 0
    for account_id in ids:
        with session_scope() as db:
            if not _claim(db, account_id, now):
                continue
        with session_scope() as db:
            refreshed += _refresh_one(db, db.get(SocialAccount, account_id), client)
    return refreshed


def _refresh_one(db: Session, account: SocialAccount, client: httpx.Client | None) -> int:
    try:
        accounts.save_tokens(account, adapter_for(account.network, client=client).refresh(accounts.token_set(account)))
        account.refreshed_at, account.refresh_lease_until = utcnow(), None
        record_audit(db, "account.token_refreshed", actor_type="system", org_id=account.org_id,
                     target=f"account:{account.id}")
        return 1
    except AuthExpired as exc:
        account.status, account.status_reason = "expired", f"The network ended access: {exc.message}"[:300]
    except PlatformError as exc:
        account.status, account.status_reason = "error", f"Refreshing failed: {exc.message}"[:300]
    account.refresh_lease_until = None
    record_audit(db, "account.token_refresh_failed", actor_type="system", org_id=account.org_id,
                 target=f"account:{account.id}", result=account.status, detail=account.status_reason)
    alert_managers(db, account, account.status_reason)
    return 0


def read_quotas(client: httpx.Client | None = None) -> int:
    """Read each active account's posting quota from its network; returns how many were read."""
    with session_scope() as db:
        ids = list(db.exec(select(SocialAccount.id).where(SocialAccount.disconnected_at == None,
                                                          SocialAccount.status == "active")))
    for account_id in ids:
        with session_scope() as db:  # one account at a time: a slow network holds no transaction open long
            account = db.get(SocialAccount, account_id)
            accounts.read_quota(account, adapter_for(account.network, client=client))
    return len(ids)


def alert_accounts_ending_soon() -> int:
    """Tell managers, once per token, that an account's access ends within a week and cannot be renewed."""
    now, alerted = utcnow(), 0
    with session_scope() as db:
        candidates = db.exec(select(SocialAccount).where(
            SocialAccount.disconnected_at == None, SocialAccount.expiry_alerted_at == None)).all()
        for account in candidates:
            if accounts.ends_soon_for_good(account, now):
                alert_managers(db, account, "Access ends within a week and this network cannot renew it.")
                account.expiry_alerted_at, alerted = now, alerted + 1
    return alerted


def alert_managers(db: Session, account: SocialAccount, reason: str) -> None:
    """Tell the people who can reconnect it (the org's managers and its agency's owners), in the bell and by
    mail as their notification settings for account alerts say."""
    org = db.get(Organization, account.org_id)
    label = accounts.networks()[account.network]
    handle = account.handle.lstrip("@")
    notify(db, org.id, managers(db, org.id), "accounts", "account_unhealthy",
           f"{label} account @{handle} needs attention",
           f"AllIN cannot keep access to the {label} account {account.display_name} (@{handle}) of {org.name}: "
           f"{reason.rstrip('.')}. Open Accounts and reconnect it, so scheduled posts keep going out.", "/accounts")

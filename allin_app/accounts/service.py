"""Connecting social accounts through each network's OAuth flow, and caring for their tokens.

Network calls go through `allin_app.platforms` adapters; an `httpx.Client` can be passed in so the
seed and tests can talk to the simulator in-process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlmodel import Session, select

from allin_app.accounts.models import ConnectAttempt, ReconnectLink, SocialAccount
from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import decrypt_secret, encrypt_secret, token_digest
from allin_app.core.errors import DomainError, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, Target, require, scope_for
from allin_app.orgs import service as orgs
from allin_app.platforms.base import AuthExpired, PlatformError, PublishingAPI, TokenSet
from allin_app.platforms.registry import ADAPTERS, adapter_for

CONNECT_TTL = timedelta(minutes=10)
EXPIRY_WARNING = timedelta(days=7)
ATTEMPT_INVALID = "This connection attempt is no longer valid (it expired, was used, or was started by someone else). " \
                  "Start again from Accounts."


class NetworkRefused(DomainError):
    status = 502
    title = "The network refused"


@dataclass(frozen=True)
class Health:
    state: str  # Active, Warning, Error, Expired, Disconnected
    reason: str


def networks() -> dict[str, str]:
    """network name -> label, in the product's order."""
    return {name: adapter.label for name, adapter in ADAPTERS.items()}


def callback_url(network: str) -> str:
    return f"{settings.base_url}/api/v1/accounts/callback/{network}"


def start_connect(db: Session, actor: Actor, network: str, client: httpx.Client | None = None) -> str:
    """Where to send the browser: the network's consent page, with a `state` bound to this user."""
    require(actor, Permission.connect_accounts, Target(org_id=actor.org_id))
    if network not in ADAPTERS:
        raise ValidationFailed("network", "Pick one of the listed networks.")
    if network == "instagram" and not _active_accounts(db, actor.org_id, "facebook"):
        raise ValidationFailed("network", "Instagram publishes through a Facebook Page: connect the Page first.")
    start = adapter_for(network, client=client).start_authorization(callback_url(network))
    db.add(ConnectAttempt(org_id=actor.org_id, user_id=actor.user_id, network=network,
                          state_hash=token_digest(start.state),
                          code_verifier_enc=encrypt_secret(start.code_verifier) if start.code_verifier else None,
                          expires_at=utcnow() + CONNECT_TTL))
    return start.url


def complete_connect(db: Session, user: User | None, network: str, state: str, code: str = "", error: str = "",
                     client: httpx.Client | None = None) -> list[SocialAccount]:
    """The network sent the browser back: check `state`, trade the code, store every granted profile.

    `user` is who is signed in; a mailed reconnect link needs nobody: it acts for the manager who sent it.
    """
    attempt = _claim_attempt(db, user, network, state)
    db.commit()  # a state is spent even when what follows fails: a callback can never be replayed
    user = db.get(User, attempt.user_id)
    actor = orgs.actor_for(db, user, attempt.org_id)
    require(actor, Permission.connect_accounts, Target(org_id=attempt.org_id))
    label = networks()[network]
    if error or not code:
        raise ValidationFailed("network", f"{label} did not grant access ({error or 'no code'}). Nothing was connected.")
    adapter = adapter_for(network, client=client)
    verifier = decrypt_secret(attempt.code_verifier_enc) if attempt.code_verifier_enc else None
    try:
        tokens = adapter.exchange_code(code, callback_url(network), verifier)
        profiles = adapter.list_profiles(tokens)
    except PlatformError as exc:
        raise NetworkRefused(f"{label} refused the connection: {exc.message}") from exc
    accounts = [_store_profile(db, attempt, user, profile, tokens) for profile in profiles]
    for account in accounts:
        read_quota(account, adapter)
    if attempt.reconnect_link_id is not None:
        db.get(ReconnectLink, attempt.reconnect_link_id).used_at = utcnow()
    record_audit(db, "account.connected", actor_user_id=user.id, org_id=attempt.org_id, target=network,
                 detail=", ".join(a.handle or a.display_name for a in accounts))
    return accounts


def _find_attempt(db: Session, network: str, state: str) -> ConnectAttempt | None:
    return db.exec(select(ConnectAttempt).where(ConnectAttempt.state_hash == token_digest(state or ""),
                                                ConnectAttempt.network == network)).first()


def is_reconnect_callback(db: Session, network: str, state: str) -> bool:
    """Whether this callback finishes a mailed reconnect link (its visitor has no AllIN login)."""
    attempt = _find_attempt(db, network, state)
    return attempt is not None and attempt.reconnect_link_id is not None


def _claim_attempt(db: Session, user: User | None, network: str, state: str) -> ConnectAttempt:
    attempt = _find_attempt(db, network, state)
    started_by_caller = attempt is not None and (attempt.reconnect_link_id is not None
                                                 or (user is not None and attempt.user_id == user.id))
    if not started_by_caller or attempt.used_at is not None or as_utc(attempt.expires_at) <= utcnow():
        raise ValidationFailed("state", ATTEMPT_INVALID)
    claimed = db.exec(ConnectAttempt.__table__.update()  # one callback per attempt, even when raced
                      .where(ConnectAttempt.id == attempt.id, ConnectAttempt.used_at == None)
                      .values(used_at=utcnow()))
    if claimed.rowcount != 1:
        raise ValidationFailed("state", ATTEMPT_INVALID)
    return attempt


def _store_profile(db: Session, attempt: ConnectAttempt, user: User, profile, tokens: TokenSet) -> SocialAccount:
    account = db.exec(select(SocialAccount).where(SocialAccount.org_id == attempt.org_id,
                                                  SocialAccount.network == attempt.network,
                                                  SocialAccount.external_id == profile.external_id)).first()
    account = account or SocialAccount(org_id=attempt.org_id, network=attempt.network,
                                       external_id=profile.external_id)
    account.kind, account.handle, account.display_name = profile.kind, profile.handle, profile.display_name
    account.avatar_url, account.followers = profile.avatar_url, profile.followers
    account.connected_by_user_id, account.connected_at, account.disconnected_at = user.id, utcnow(), None
    save_tokens(account, tokens, profile.access_token)
    db.add(account)
    db.flush()
    return account


def save_tokens(account: SocialAccount, tokens: TokenSet, own_access_token: str | None = None) -> None:
    """Store a token set; a network that sends no new refresh token keeps the one we have.

    `own_access_token` is a Facebook Page's own token (Instagram accounts publish through it too):
    taken from a long-lived user token it does not expire, so the account keeps no expiry.
    """
    account.access_token_enc = encrypt_secret(own_access_token or tokens.access_token)
    if tokens.refresh_token:
        account.refresh_token_enc = encrypt_secret(tokens.refresh_token)
    expires_at = None if own_access_token else tokens.expires_at
    account.token_expires_at, account.expiry_alerted_at = expires_at, None
    account.scopes = " ".join(tokens.scopes)
    account.status, account.status_reason = "active", ""


PAGE_TOKEN_NETWORKS = ("facebook", "instagram")  # their accounts keep the Page's own token


def token_set(account: SocialAccount) -> TokenSet:
    return TokenSet(access_token=decrypt_secret(account.access_token_enc) if account.access_token_enc else "",
                    refresh_token=decrypt_secret(account.refresh_token_enc) if account.refresh_token_enc else None,
                    expires_at=account.token_expires_at, scopes=tuple(account.scopes.split()),
                    page_token=account.network in PAGE_TOKEN_NETWORKS)


def _active_accounts(db: Session, org_id: int, network: str | None = None) -> list[SocialAccount]:
    statement = select(SocialAccount).where(SocialAccount.org_id == org_id, SocialAccount.disconnected_at == None)
    if network:
        statement = statement.where(SocialAccount.network == network)
    return list(db.exec(statement.order_by(SocialAccount.network, SocialAccount.display_name)))


def list_accounts(db: Session, actor: Actor) -> list[SocialAccount]:
    """The organization's connected accounts, as far as the role may see them."""
    require(actor, Permission.view_account_status, write=False)
    if scope_for(actor.role, Permission.view_account_status) is Scope.assigned:
        return []  # team members see accounts assigned to them; assignments come with the composer
    return _active_accounts(db, actor.org_id)


def get_account(db: Session, actor: Actor, account_id: int) -> SocialAccount:
    account = db.get(SocialAccount, account_id)
    if account is None or account.org_id != actor.org_id or account.disconnected_at is not None:
        raise NotFound("Account not found.")
    return account


def health(account: SocialAccount, now: datetime | None = None) -> Health:
    now = now or utcnow()
    if account.disconnected_at is not None:
        return Health("Disconnected", "")
    if account.status == "expired" or (account.token_expires_at and as_utc(account.token_expires_at) <= now
                                       and not renewable(account)):
        return Health("Expired", account.status_reason or "The network's access ended: reconnect the account.")
    if account.status == "error":
        return Health("Error", account.status_reason)
    if ends_soon_for_good(account, now):
        return Health("Warning", "Access ends soon and this network cannot renew it: reconnect before then.")
    missing = missing_scopes(account)
    if missing:
        return Health("Warning", f"The network did not grant {', '.join(missing)}: some features will not work "
                                 "until you reconnect and allow it.")
    return Health("Active", "")


def renewable(account: SocialAccount) -> bool:
    """Whether AllIN can get a new token without the person (the renewal job does it)."""
    return bool(account.refresh_token_enc) or ADAPTERS[account.network].renews_without_refresh_token


def ends_soon_for_good(account: SocialAccount, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (account.token_expires_at is not None and not renewable(account)
            and now < as_utc(account.token_expires_at) <= now + EXPIRY_WARNING)


def missing_scopes(account: SocialAccount) -> list[str]:
    """Permissions AllIN asked for that the person unticked at the network."""
    granted = set(account.scopes.split())
    return [scope for scope in ADAPTERS[account.network].default_scopes if scope not in granted] if granted else []


def refresh_account(db: Session, actor: Actor, account_id: int, client: httpx.Client | None = None) -> SocialAccount:
    """'Refresh now': a new access token from the network; an ended grant marks the account Expired."""
    account = get_account(db, actor, account_id)
    require(actor, Permission.manage_account_settings, Target(org_id=account.org_id))
    adapter = adapter_for(account.network, client=client)
    try:
        save_tokens(account, adapter.refresh(token_set(account)))
        account.refreshed_at = utcnow()
        read_quota(account, adapter)
    except AuthExpired as exc:
        account.status, account.status_reason = "expired", f"The network ended access: {exc.message}"[:300]
    except PlatformError as exc:
        account.status, account.status_reason = "error", exc.message[:300]
    record_audit(db, "account.refreshed", actor_user_id=actor.user_id, org_id=account.org_id,
                 target=f"account:{account.id}", result=account.status)
    return account


def read_quota(account: SocialAccount, adapter: PublishingAPI) -> None:
    """Keep the network's posting quota on the account; a failed reading leaves the last one shown."""
    try:
        quota = adapter.publishing_quota(token_set(account), account.external_id)
    except PlatformError:
        return
    account.quota_used, account.quota_total, account.quota_window_seconds = (
        (quota.used, quota.total, quota.window_seconds) if quota else (None, None, None))
    account.quota_checked_at = utcnow()


def disconnect(db: Session, actor: Actor, account_id: int, client: httpx.Client | None = None) -> str:
    """Revoke at the network, forget the tokens, keep the account's history. Returns a note for the user."""
    account = get_account(db, actor, account_id)
    require(actor, Permission.disconnect_accounts, Target(org_id=account.org_id))
    note = "Access was revoked at the network."
    try:
        adapter_for(account.network, client=client).revoke(token_set(account))
    except PlatformError as exc:
        note = f"The network did not confirm the revocation ({exc.message}); remove the app there too."
    account.access_token_enc = account.refresh_token_enc = None
    account.status, account.disconnected_at = "disconnected", utcnow()
    record_audit(db, "account.disconnected", actor_user_id=actor.user_id, org_id=account.org_id,
                 target=f"account:{account.id}", detail=f"{account.network} {account.handle}")
    return note



@dataclass(frozen=True)
class Insights:
    followers: int
    follower_change: int  # since the last reading AllIN stored
    posts: int | None


def account_insights(db: Session, actor: Actor, account_id: int, client: httpx.Client | None = None) -> Insights:
    """Fresh account figures from the network; the stored follower count follows them."""
    account = get_account(db, actor, account_id)
    require(actor, Permission.view_account_status, Target(org_id=account.org_id), write=False)
    try:
        metrics = adapter_for(account.network, client=client).account_metrics(token_set(account), account.external_id)
    except AuthExpired as exc:
        account.status, account.status_reason = "expired", f"The network ended access: {exc.message}"[:300]
        raise NetworkRefused(f"{networks()[account.network]} refused: {exc.message}") from exc
    except PlatformError as exc:
        raise NetworkRefused(f"{networks()[account.network]} did not answer: {exc.message}") from exc
    change, account.followers = metrics.followers - account.followers, metrics.followers
    return Insights(followers=metrics.followers, follower_change=change, posts=metrics.posts)



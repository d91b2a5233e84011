"""REST routes for social accounts (/api/v1/accounts) and the OAuth callback the networks send browsers to."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Cookie, Query, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from allin_app.accounts import service as accounts
from allin_app.accounts.export import export_account
from allin_app.accounts.models import SocialAccount
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.auth import service as auth
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError

router = APIRouter(prefix="/api/v1/accounts", tags=["accounts"])


class QuotaOut(BaseModel):
    used: int
    total: int
    window_seconds: int
    checked_at: datetime


class AccountOut(BaseModel):
    id: int
    network: str
    kind: str
    handle: str
    display_name: str
    avatar_url: str
    followers: int
    scopes: list[str]
    health: str
    health_reason: str
    token_expires_at: datetime | None
    posting_quota: QuotaOut | None = None


class Page(BaseModel):
    items: list[AccountOut]
    total: int
    next_cursor: str | None = None


class ConnectIn(BaseModel):
    network: str


class ConnectOut(BaseModel):
    authorization_url: str


def account_out(account: SocialAccount) -> AccountOut:
    health = accounts.health(account)
    return AccountOut(id=account.id, network=account.network, kind=account.kind, handle=account.handle,
                      display_name=account.display_name, avatar_url=account.avatar_url, followers=account.followers,
                      scopes=account.scopes.split(), health=health.state, health_reason=health.reason,
                      token_expires_at=account.token_expires_at, posting_quota=_quota_out(account))


def _quota_out(account: SocialAccount) -> QuotaOut | None:
    if account.quota_total is None or account.quota_checked_at is None:
        return None
    return QuotaOut(used=account.quota_used or 0, total=account.quota_total,
                    window_seconds=account.quota_window_seconds or 0, checked_at=account.quota_checked_at)


@router.get("", response_model=Page, summary="The organization's connected social accounts and their health")
def list_accounts(caller: CurrentCaller, db: DbSession) -> Page:
    items = [account_out(a) for a in accounts.list_accounts(db, caller.actor)]
    return Page(items=items, total=len(items))


@router.post("/connect", response_model=ConnectOut, summary="Start connecting: answers the network's consent URL")
def connect(body: ConnectIn, caller: CurrentCaller, db: DbSession) -> ConnectOut:
    return ConnectOut(authorization_url=accounts.start_connect(db, caller.actor, body.network))


@router.delete("/{account_id}", status_code=204, summary="Disconnect: revoke at the network, keep the history")
def disconnect(account_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    accounts.disconnect(db, caller.actor, account_id)
    return Response(status_code=204)


@router.post("/{account_id}/refresh", response_model=AccountOut, summary="Get a fresh access token now")
def refresh(account_id: int, caller: CurrentCaller, db: DbSession) -> AccountOut:
    return account_out(accounts.refresh_account(db, caller.actor, account_id))


class InsightsOut(BaseModel):
    followers: int
    follower_change: int
    posts: int | None


@router.get("/{account_id}/insights", response_model=InsightsOut, summary="The account's figures, fresh from the network")
def insights(account_id: int, caller: CurrentCaller, db: DbSession) -> InsightsOut:
    figures = accounts.account_insights(db, caller.actor, account_id)
    return InsightsOut(followers=figures.followers, follower_change=figures.follower_change, posts=figures.posts)


@router.get("/{account_id}/export", summary="The account's posts and their metrics from the network, as CSV or JSON",
            response_class=Response)
def export(account_id: int, caller: CurrentCaller, db: DbSession,
           format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv") -> Response:
    document = export_account(db, caller.actor, account_id, format)
    return Response(document.body, media_type=document.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{document.filename}"'})


@router.get("/callback/{network}", include_in_schema=False)
def oauth_callback(network: str, state: str = "", code: str = "", error: str = "",
                   allin_session: Annotated[str | None, Cookie()] = None) -> RedirectResponse:
    """Where the network returns the browser. The signed-in user must be the one who started."""
    back_to = "/accounts"
    try:
        with session_scope() as db:
            found = auth.session_user(db, allin_session or "")
            if accounts.is_reconnect_callback(db, network, state):
                back_to = "/connect/done"  # the account's owner, who has no AllIN login
            elif found is None:
                return RedirectResponse("/auth/login?next=/accounts", status_code=303)
            connected = accounts.complete_connect(db, found[1] if found else None, network, state, code, error)
            names = ", ".join(a.display_name or a.handle for a in connected)
        return RedirectResponse(f"{back_to}?{urlencode({'connected': names})}", status_code=303)
    except DomainError as exc:
        return RedirectResponse(f"{back_to}?{urlencode({'error': exc.message})}", status_code=303)

"""What every REST route gets injected: a unit-of-work session, the client, the signed-in actor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session

from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.config import settings
from allin_app.core.db import session_scope
from allin_app.core.errors import NotFound, NotSignedIn, PermissionDenied
from allin_app.core.rbac import Actor
from allin_app.orgs import security as org_security
from allin_app.orgs import service as orgs


def db_session() -> Iterator[Session]:
    with session_scope() as db:
        yield db


DbSession = Annotated[Session, Depends(db_session)]


def client_ip(request: Request) -> str:
    """The caller's address; X-Forwarded-For only as far as configured proxies vouch for it."""
    hops = settings.trusted_proxy_hops
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.client.host if request.client else ""


def client_of(request: Request) -> auth.Client:
    return auth.Client(ip=client_ip(request), user_agent=request.headers.get("user-agent", ""))


ClientInfo = Annotated[auth.Client, Depends(client_of)]


@dataclass
class Caller:
    user: User
    actor: Actor


def bearer_token(authorization: str = Header(default="")) -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotSignedIn("Send 'Authorization: Bearer <access token>'.")
    return token.strip()


def current_user(db: DbSession, token: Annotated[str, Depends(bearer_token)]) -> User:
    """The signed-in user behind the bearer token (sessions and the organizations' 2FA rule re-checked)."""
    found = auth.session_user(db, token)
    if found is None:
        raise NotSignedIn("The access token is missing, expired or revoked. Sign in or refresh.")
    _session, user = found
    if org_security.rules_for(db, user).require_2fa and not user.totp_enabled:
        raise PermissionDenied("Your organization requires two-factor authentication: turn it on in "
                               "Settings > Security first.")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_caller(
    db: DbSession, user: CurrentUser, x_organization_id: Annotated[int | None, Header()] = None
) -> Caller:
    """The user acting in the organization of `X-Organization-Id`, else their home organization."""
    try:
        actor = orgs.actor_for(db, user, x_organization_id)
    except NotFound:
        if x_organization_id is not None:
            raise
        raise PermissionDenied("You are not a member of any organization yet: accept an invitation first.") from None
    return Caller(user=user, actor=actor)


CurrentCaller = Annotated[Caller, Depends(current_caller)]

"""What every REST route gets injected: a unit-of-work session, the client, the signed-in actor."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlmodel import Session

from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.core.db import session_scope
from allin_app.core.errors import NotSignedIn
from allin_app.core.rbac import Actor
from allin_app.orgs import service as orgs


def db_session() -> Iterator[Session]:
    with session_scope() as db:
        yield db


DbSession = Annotated[Session, Depends(db_session)]


def client_of(request: Request) -> auth.Client:
    return auth.Client(ip=request.client.host if request.client else "", user_agent=request.headers.get("user-agent", ""))


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


def current_caller(
    db: DbSession,
    token: Annotated[str, Depends(bearer_token)],
    x_organization_id: Annotated[int | None, Header()] = None,
) -> Caller:
    found = auth.session_user(db, token)
    if found is None:
        raise NotSignedIn("The access token is missing, expired or revoked. Sign in or refresh.")
    _session, user = found
    return Caller(user=user, actor=orgs.actor_for(db, user, x_organization_id))


CurrentCaller = Annotated[Caller, Depends(current_caller)]

"""REST routes for signing in (/api/v1/auth/...) and the browser's cookie hand-off routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Cookie, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from allin_app.api.deps import ClientInfo, CurrentCaller, DbSession, bearer_token
from allin_app.auth import service as auth
from allin_app.auth.models import AuthSession
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.errors import AuthenticationFailed, DomainError
from allin_app.orgs import service as orgs

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
ACCESS_COOKIE, REFRESH_COOKIE = "allin_session", "allin_refresh"
REFRESH_COOKIE_PATH = "/api/v1/auth/web"


class LoginIn(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=4096)
    totp_code: str | None = Field(default=None, max_length=32, description="TOTP code or a backup code")
    remember: bool = False


class RefreshIn(BaseModel):
    refresh_token: str = Field(max_length=200)


class TokensOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_expires_at: datetime


class OrgOut(BaseModel):
    id: int
    name: str
    kind: str
    role: str


class MeOut(BaseModel):
    id: int
    email: str
    full_name: str
    is_superadmin: bool
    two_factor_enabled: bool
    role: str
    organization: OrgOut
    organizations: list[OrgOut]


def _tokens_out(tokens: auth.IssuedTokens) -> TokensOut:
    return TokensOut(access_token=tokens.access_token, refresh_token=tokens.refresh_token,
                     expires_in=tokens.expires_in, refresh_expires_at=tokens.refresh_expires_at)


@router.post("/login", response_model=TokensOut, summary="Sign in with email, password and (if on) a 2FA code")
def login(body: LoginIn, db: DbSession, client: ClientInfo) -> TokensOut:
    sign_in = auth.sign_in_with_password(db, body.email, body.password, body.remember, client)
    if sign_in.needs_second_factor:
        if not body.totp_code:
            db.rollback()  # the unused challenge is not kept
            raise AuthenticationFailed("Two-factor authentication is on: send totp_code.", "totp_required")
        sign_in = auth.complete_second_factor(db, sign_in.challenge, body.totp_code, client)
    return _tokens_out(auth.issue_session(db, sign_in.user, sign_in.remember, client))


@router.post("/refresh", response_model=TokensOut, summary="Trade a refresh token for a new token pair")
def refresh(body: RefreshIn, db: DbSession, client: ClientInfo) -> TokensOut:
    return _tokens_out(auth.refresh_session(db, body.refresh_token, client))


@router.get("/me", response_model=MeOut, summary="The signed-in user, their role and organizations")
def me(caller: CurrentCaller, db: DbSession) -> MeOut:
    memberships = []
    for org in orgs.reachable_orgs(db, caller.user):
        role = orgs.actor_for(db, caller.user, org.id).role.value
        memberships.append(OrgOut(id=org.id, name=org.name, kind=org.kind, role=role))
    current = next(m for m in memberships if m.id == caller.actor.org_id)
    user = caller.user
    return MeOut(id=user.id, email=user.email, full_name=user.full_name, is_superadmin=user.is_superadmin,
                 two_factor_enabled=user.totp_enabled, role=caller.actor.role.value, organization=current,
                 organizations=memberships)


@router.post("/logout", status_code=204, summary="Revoke the current access token's session")
def logout(db: DbSession, token: Annotated[str, Depends(bearer_token)]) -> None:
    auth.sign_out(db, token)


# --- browser routes: these set and clear the HttpOnly cookies -----------------------------


def safe_next(target: str | None) -> str:
    """Only same-site relative paths: never `//host` or `/\\host` (open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return "/dashboard"
    return target


def _with_cookies(response: RedirectResponse, tokens: auth.IssuedTokens, remember: bool) -> RedirectResponse:
    max_age = int((tokens.refresh_expires_at - utcnow()).total_seconds()) if remember else None
    common = {"httponly": True, "samesite": "lax", "secure": settings.cookie_secure, "max_age": max_age}
    response.set_cookie(ACCESS_COOKIE, tokens.access_token, path="/", **common)
    response.set_cookie(REFRESH_COOKIE, tokens.refresh_token, path=REFRESH_COOKIE_PATH, **common)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _cleared(response: RedirectResponse) -> RedirectResponse:
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
    return response


def _from_another_site(request: Request) -> bool:
    """Browsers mark navigations started by other sites; those may not sign anyone in or out."""
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


@router.get("/web/complete", include_in_schema=False)
def web_complete(request: Request, db: DbSession, client: ClientInfo, code: str = "",
                 next: str = "/dashboard") -> RedirectResponse:
    if _from_another_site(request):  # login CSRF: a link that signs a victim into someone else's account
        return RedirectResponse("/auth/login?expired=1", status_code=303)
    try:
        tokens = auth.redeem_web_handoff(db, code, client)
    except DomainError:
        return RedirectResponse("/auth/login?expired=1", status_code=303)
    session = db.get(AuthSession, tokens.session_id)
    return _with_cookies(RedirectResponse(safe_next(next), status_code=303), tokens, session.remember)


@router.get("/web/resume", include_in_schema=False)
def web_resume(db: DbSession, client: ClientInfo, next: str = "/dashboard",
               allin_refresh: Annotated[str | None, Cookie()] = None) -> RedirectResponse:
    target = safe_next(next)
    try:
        tokens = auth.refresh_session(db, allin_refresh or "", client)
    except DomainError:
        return _cleared(RedirectResponse(f"/auth/login?{urlencode({'next': target})}", status_code=303))
    session = db.get(AuthSession, tokens.session_id)
    return _with_cookies(RedirectResponse(target, status_code=303), tokens, session.remember)


@router.get("/web/logout", include_in_schema=False)
def web_logout(request: Request, db: DbSession,
               allin_session: Annotated[str | None, Cookie()] = None) -> RedirectResponse:
    if _from_another_site(request):
        return RedirectResponse("/dashboard", status_code=303)
    auth.sign_out(db, allin_session or "")
    return _cleared(RedirectResponse("/auth/login", status_code=303))

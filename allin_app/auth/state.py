"""Reflex state for who is signed in. Identity comes from the HttpOnly session cookie and is
re-checked against the database on every event; nothing the browser sends is trusted for it."""

from __future__ import annotations

import asyncio
import functools
import json
from http.cookies import SimpleCookie
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.auth.views import ACCESS_COOKIE
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError, NotFound, NotSignedIn, PermissionDenied
from allin_app.core.rbac import Actor, Role
from allin_app.orgs import branding
from allin_app.orgs import security as org_security
from allin_app.orgs import service as orgs
from allin_app.ui.nav import sections_for


def go_to(url: str) -> rx.event.EventSpec:
    """A full page load (not client-side routing): needed to reach server routes that set cookies."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


class NoOrganization(PermissionDenied):
    """Signed in, but a member of no organization that can be used."""


def access_token_of(state: rx.State) -> str:
    """The session cookie from this tab's websocket handshake (HttpOnly: JavaScript never sees it)."""
    jar = SimpleCookie()
    try:
        jar.load(state.router.headers.cookie or "")
    except Exception:  # noqa: BLE001 - a malformed Cookie header means "no session"
        return ""
    morsel = jar.get(ACCESS_COOKIE)
    return morsel.value if morsel else ""


def client_of(state: rx.State) -> auth.Client:
    return auth.Client(ip=state.router.session.client_ip or "", user_agent=state.router.headers.user_agent or "")


class SessionState(rx.State):
    """The signed-in user as the shell shows them; recomputed from the database on each page load."""

    signed_in: bool = False
    user_name: str = ""
    user_email: str = ""
    role: str = ""
    role_label: str = ""
    is_superadmin: bool = False
    org_id: int = 0
    org_name: str = ""
    orgs: list[dict[str, str]] = []
    nav: list[str] = []
    blocked: str = ""  # why a signed-in user cannot use any organization (suspended, removed)
    must_enroll_2fa: bool = False  # an organization requires 2FA and this user has not turned it on
    brand_name: str = "AllIN"  # an agency's white label for its clients' people, else AllIN's own
    brand_logo: str = ""
    brand_color: str = ""
    brand_favicon: str = ""
    org_pref: str = rx.Cookie("", name="allin_org", same_site="lax", max_age=365 * 24 * 3600)

    def _identify(self, db: Session) -> tuple[User, Actor]:
        """The user and actor behind this tab's cookie, or NotSignedIn. Called by every handler."""
        found = auth.session_user(db, access_token_of(self))
        if found is None:
            raise NotSignedIn("Your session has ended. Please sign in again.")
        _session, user = found
        preferred = int(self.org_pref) if self.org_pref.isdigit() else None
        try:
            return user, orgs.actor_for(db, user, preferred)
        except (NotFound, orgs.OrgSuspended):
            pass
        try:
            return user, orgs.actor_for(db, user)
        except NotFound:
            raise NoOrganization("You are not a member of any organization yet. Ask your team for an invitation, "
                                 "or contact the platform administrator.") from None

    @rx.event
    def load_page(self):
        """on_load of every app page: who is this, which organization, which sections."""
        with session_scope() as db:
            try:
                user, actor = self._identify(db)
            except NotSignedIn:
                self.signed_in = False
                return go_to(resume_url(self))
            except PermissionDenied as exc:  # signed in, but no usable organization
                self.signed_in, self.blocked, self.nav = True, exc.message, []
                return
            self.blocked = ""
            self._show(db, user, actor)

    def _show(self, db: Session, user: User, actor: Actor) -> None:
        self.signed_in = True
        self.must_enroll_2fa = org_security.rules_for(db, user).require_2fa and not user.totp_enabled
        self.user_name, self.user_email = user.full_name or user.email, user.email
        self.role, self.role_label = actor.role.value, actor.role.label
        self.is_superadmin = user.is_superadmin
        self.org_id = actor.org_id
        reachable = orgs.reachable_orgs(db, user)
        self.org_name = next((o.name for o in reachable if o.id == actor.org_id), "")
        self.orgs = [{"id": str(o.id), "name": o.name} for o in reachable]
        brand = branding.brand_for_org(db, actor.org_id)
        self.brand_name, self.brand_logo, self.brand_color = brand.app_name, brand.logo_url, brand.primary_color
        self.brand_favicon = brand.favicon_url
        hidden = brand.hidden_sections if actor.role not in (Role.super_admin, Role.agency_owner) else ()
        self.nav = [s.key for s in sections_for(actor.role) if s.key not in hidden]

    @rx.event
    def switch_org(self, org_id: str):
        with session_scope() as db:
            try:
                user, _ = self._identify(db)
                actor = orgs.actor_for(db, user, int(org_id) if org_id.isdigit() else None)
            except NotSignedIn:
                return go_to(resume_url(self))
            except (NotFound, PermissionDenied):
                return rx.toast.error("That organization is not available to you.")
            self.org_pref = str(actor.org_id)
            self._show(db, user, actor)
        return [rx.toast.success(f"Now working in {self.org_name}."), go_to(self.router.url.path or "/dashboard")]

    @rx.event
    def sign_out(self):
        self.signed_in = False
        return go_to("/api/v1/auth/web/logout")


def resume_url(state: rx.State) -> str:
    """Where a tab goes when its session idled out: the refresh cookie may resume it, else sign-in."""
    return f"/api/v1/auth/web/resume?next={quote(state.router.url.path or '/dashboard')}"


def requires_sign_in(handler):
    """For async handlers of signed-in pages: an ended session sends the tab to sign in again."""

    @functools.wraps(handler)
    async def guarded(self, *args, **kwargs):
        try:
            return await handler(self, *args, **kwargs)
        except NotSignedIn:
            return go_to(resume_url(self))

    return guarded


async def signed_in_actor(state: rx.State, db: Session) -> tuple[User, Actor]:
    """For other states' handlers: re-identify the caller from the cookie (raises NotSignedIn)."""
    session_state = await state.get_state(SessionState)
    return session_state._identify(db)


async def act_as_signed_in(state: rx.State, action, *, blocking: bool = False):
    """Run `action(db, actor)` for the signed-in caller in one transaction.

    Returns (result, None), or (None, error) for a DomainError the page should show; NotSignedIn
    propagates so `requires_sign_in` can send the tab to sign in again. `blocking=True` runs it on a
    worker thread: needed when it calls a network over HTTP, which may be this very server (the
    simulator), so the event loop must stay free to answer.
    """
    session_state = await state.get_state(SessionState)

    def run():
        with session_scope() as db:
            _user, actor = session_state._identify(db)
            return action(db, actor)

    try:
        return (await asyncio.to_thread(run) if blocking else run()), None
    except NotSignedIn:
        raise
    except DomainError as exc:
        return None, exc

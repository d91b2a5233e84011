"""The simulator's OAuth endpoints for every network: consent, token (code, refresh, Meta exchanges), revoke."""

from __future__ import annotations

import base64
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from allin_app.core.clock import utcnow
from allin_app.platforms.base import pkce_challenge, split_scopes
from allin_app.platforms.config import network_config
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.networks import CODE_TTL, LONG_LIVED_TTL, SimNetwork
from allin_app.platforms.simulator.pages import consent_page, error_page

APP_NAME = "AllIN"
_GRAPH_CODES = {"invalid_client": 1, "invalid_token": 190}


def oauth_error(net: SimNetwork, error: str, description: str) -> JSONResponse:
    """A refusal in the network's own shape (Meta's Graph error object, else RFC 6749)."""
    if net.error_style == "graph":
        body = {"error": {"message": description, "type": "OAuthException", "code": _GRAPH_CODES.get(error, 100),
                          "fbtrace_id": secrets.token_urlsafe(8)}}
        return JSONResponse(body, status_code=400)
    status = 401 if error == "invalid_client" else 400
    if net.name == "reddit" and error == "invalid_client":
        return JSONResponse({"message": "Unauthorized", "error": 401}, status_code=401)
    body: dict[str, Any] = {"error": error, "error_description": description}
    if net.name == "tiktok":
        body["log_id"] = secrets.token_hex(16)
    return JSONResponse(body, status_code=status)


def _redirect(redirect_uri: str, params: dict[str, str]) -> RedirectResponse:
    joiner = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{joiner}{urlencode(params)}", status_code=302)


async def _params(request: Request) -> dict[str, Any]:
    """Query and form fields together (Graph takes GET queries; everyone else posts forms)."""
    params: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        form = await request.form()
        params |= {key: value for key, value in form.items() if key != "profile_id"}
        params["profile_id"] = form.getlist("profile_id")
    return params


def _client_credentials(request: Request, net: SimNetwork, params: dict[str, Any]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        return client_id, secret
    return params.get(net.client_id_param, ""), params.get("client_secret", "")


def _client_ok(net: SimNetwork, client_id: str, secret: str | None = None) -> bool:
    app = network_config(net.name)
    return secrets.compare_digest(client_id, app.client_id) and (
        secret is None or secrets.compare_digest(secret, app.client_secret))


# --- consent ---------------------------------------------------------------------------------


def consent_screen(net: SimNetwork, request: Request) -> Response:
    params = dict(request.query_params)
    client_id, redirect_uri = params.get(net.client_id_param, ""), params.get("redirect_uri", "")
    if not _client_ok(net, client_id):
        return HTMLResponse(error_page(net, "Invalid client: this app is not registered."), status_code=400)
    if not redirect_uri.startswith(("http://", "https://")):
        return HTMLResponse(error_page(net, "Invalid redirect_uri."), status_code=400)
    state = params.get("state", "")
    if params.get("response_type", "code") != "code":
        return _redirect(redirect_uri, {"error": "unsupported_response_type", "state": state})
    challenge, method = params.get("code_challenge", ""), params.get("code_challenge_method", "plain")
    if (net.pkce_required and not challenge) or (challenge and method != "S256"):
        return _redirect(redirect_uri, {"error": "invalid_request", "error_description": "PKCE S256 is required",
                                        "state": state})
    hidden = {"client_id": client_id, "redirect_uri": redirect_uri, "scope": params.get("scope", ""),
              "state": state, "code_challenge": challenge}
    page = consent_page(net, APP_NAME, list(split_scopes(params.get("scope"))), store.network_profiles(net.name), hidden)
    return HTMLResponse(page)


async def consent_decision(net: SimNetwork, request: Request) -> Response:
    params = await _params(request)
    redirect_uri, state = params.get("redirect_uri", ""), params.get("state", "")
    if not _client_ok(net, params.get("client_id", "")) or not redirect_uri.startswith(("http://", "https://")):
        return HTMLResponse(error_page(net, "Invalid client or redirect_uri."), status_code=400)
    if params.get("decision") != "allow":
        denied = {"error": "access_denied", "error_description": "The user denied the request.", "state": state}
        if net.error_style == "graph":
            denied |= {"error_reason": "user_denied", "error_code": "200"}
        return _redirect(redirect_uri, denied)
    # The signed-in user is always part of the grant; pages, channels and organizations are ticked.
    chosen = [p["external_id"] for p in store.network_profiles(net.name)
              if p["kind"] == "profile" or p["external_id"] in params["profile_id"]]
    grant_id = store.create_grant(net.name, params["client_id"], params.get("scope", ""), chosen)
    code = store.create_code(grant_id, redirect_uri, params.get("code_challenge") or None, CODE_TTL)
    return _redirect(redirect_uri, {"code": code, "state": state})


# --- token endpoint --------------------------------------------------------------------------


def token_body(net: SimNetwork, grant: dict[str, Any], access: str, refresh: str | None,
               refresh_expires_in: int | None = None) -> dict[str, Any]:
    """The success answer as each network spells it."""
    if net.name == "threads":  # the code buys a short-lived token and the user id, nothing else
        return {"access_token": access, "user_id": (grant["profile_ids"] or [""])[0]}
    if net.error_style == "graph":
        return {"access_token": access, "token_type": "bearer", "expires_in": net.access_ttl}
    scope = net.scope_separator.join(split_scopes(grant["scopes"]))
    body: dict[str, Any] = {"access_token": access, "token_type": "Bearer", "expires_in": net.access_ttl,
                            "scope": scope}
    if refresh:
        body["refresh_token"] = refresh
    if refresh and refresh_expires_in is not None:
        key = "refresh_expires_in" if net.name == "tiktok" else "refresh_token_expires_in"
        body[key] = refresh_expires_in
    if net.name == "tiktok":
        body["open_id"] = (grant["profile_ids"] or [""])[0]
    return body


def _redeem_code(net: SimNetwork, params: dict[str, Any], client_id: str) -> JSONResponse:
    row = store.use_code(params.get("code", ""))
    if row is None:
        return oauth_error(net, "invalid_grant", "Invalid authorization code.")
    grant = store.get_grant(row["grant_id"])
    if row["was_used"]:  # RFC 6749 4.1.2: a replayed code revokes what it bought
        store.revoke_grant(row["grant_id"])
        return oauth_error(net, "invalid_grant", "This authorization code has been used.")
    if row["expires_at"] <= utcnow():
        return oauth_error(net, "invalid_grant", "This authorization code has expired.")
    if grant is None or grant["client_id"] != client_id or grant["revoked"]:
        return oauth_error(net, "invalid_grant", "The code was not issued to this client.")
    if params.get("redirect_uri", "") != row["redirect_uri"]:
        return oauth_error(net, "invalid_grant", "redirect_uri does not match the one used to authorize.")
    if row["code_challenge"]:
        verifier = params.get("code_verifier", "")
        if not verifier or pkce_challenge(verifier) != row["code_challenge"]:
            return oauth_error(net, "invalid_grant", "Value passed for the code_verifier was invalid.")
    access = store.issue_token(grant["id"], "access", net.access_ttl)
    refresh = store.issue_token(grant["id"], "refresh", net.refresh_ttl) if net.issues_refresh_token else None
    return JSONResponse(token_body(net, grant, access, refresh, net.refresh_ttl),
                        headers={"Cache-Control": "no-store"})


def _refresh(net: SimNetwork, params: dict[str, Any], client_id: str) -> JSONResponse:
    row = store.live_token(params.get("refresh_token", ""), "refresh")
    grant = store.get_grant(row["grant_id"]) if row else None
    if row is None or grant is None or grant["revoked"] or grant["client_id"] != client_id:
        return oauth_error(net, "invalid_grant", "Invalid or revoked refresh token.")
    access = store.issue_token(grant["id"], "access", net.access_ttl)
    refresh, remaining = None, None
    if net.rotates_refresh_token:
        store.revoke_token(row["token"])
        refresh = store.issue_token(grant["id"], "refresh", net.refresh_ttl)
    elif net.name in ("linkedin", "tiktok", "pinterest"):  # they echo the same refresh token back
        refresh = row["token"]
        # LinkedIn: refreshing does not extend the refresh token's life.
        remaining = int((row["expires_at"] - utcnow()).total_seconds()) if row["expires_at"] else None
    return JSONResponse(token_body(net, grant, access, refresh, remaining), headers={"Cache-Control": "no-store"})


def _long_lived(net: SimNetwork, user_token: str, *, min_age: int = 0) -> JSONResponse:
    """Meta: trade a valid user token for a 60-day one (Facebook exchange, Threads exchange/refresh)."""
    row = store.live_token(user_token, "access")
    grant = store.get_grant(row["grant_id"]) if row else None
    if row is None or grant is None or grant["revoked"]:
        return oauth_error(net, "invalid_token", "Error validating access token: the session has been invalidated.")
    if min_age and (utcnow() - row["issued_at"]).total_seconds() < min_age:
        return oauth_error(net, "invalid_request", "The token can only be refreshed once it is 24 hours old.")
    token = store.issue_token(grant["id"], "access", LONG_LIVED_TTL, long_lived=True)
    return JSONResponse({"access_token": token, "token_type": "bearer", "expires_in": LONG_LIVED_TTL})


async def token_endpoint(net: SimNetwork, request: Request) -> Response:
    params = await _params(request)
    client_id, secret = _client_credentials(request, net, params)
    if not _client_ok(net, client_id, secret):
        message = "Error validating client secret." if net.error_style == "graph" else "Client authentication failed."
        return oauth_error(net, "invalid_client", message)
    grant_type = params.get("grant_type") or ("authorization_code" if "code" in params else "")
    if grant_type == "authorization_code":
        return _redeem_code(net, params, client_id)
    if grant_type == "refresh_token" and net.issues_refresh_token:
        return _refresh(net, params, client_id)
    if grant_type == "fb_exchange_token" and net.name in ("facebook", "instagram"):
        return _long_lived(net, params.get("fb_exchange_token", ""))
    return oauth_error(net, "unsupported_grant_type", f"grant_type {grant_type!r} is not supported.")


def threads_exchange(net: SimNetwork, request: Request) -> Response:
    params = dict(request.query_params)
    if params.get("grant_type") != "th_exchange_token":
        return oauth_error(net, "unsupported_grant_type", "grant_type must be th_exchange_token.")
    if not secrets.compare_digest(params.get("client_secret", ""), network_config(net.name).client_secret):
        return oauth_error(net, "invalid_client", "Error validating client secret.")
    return _long_lived(net, params.get("access_token", ""))


def threads_refresh(net: SimNetwork, request: Request) -> Response:
    params = dict(request.query_params)
    if params.get("grant_type") != "th_refresh_token":
        return oauth_error(net, "unsupported_grant_type", "grant_type must be th_refresh_token.")
    row = store.live_token(params.get("access_token", ""), "access")
    if row is not None and not row["long_lived"]:
        return oauth_error(net, "invalid_request", "Only long-lived tokens can be refreshed.")
    return _long_lived(net, params.get("access_token", ""), min_age=86_400)


# --- revocation ------------------------------------------------------------------------------


async def revoke_endpoint(net: SimNetwork, request: Request) -> Response:
    params = await _params(request)
    if net.error_style == "graph":  # DELETE /me/permissions with the user token: de-authorizes the app
        token = params.get("access_token") or request.headers.get("authorization", "").removeprefix("Bearer ")
        row = store.live_token(token, "access")
        if row is None:
            return oauth_error(net, "invalid_token", "Error validating access token.")
        store.revoke_grant(row["grant_id"])
        return JSONResponse({"success": True})
    client_id, secret = _client_credentials(request, net, params)
    if net.name != "youtube" and not _client_ok(net, client_id, secret):  # Google needs no client auth here
        return oauth_error(net, "invalid_client", "Client authentication failed.")
    token = params.get("token", "")
    row = store.live_token(token, "refresh") or store.live_token(token, "access")
    if row is not None:
        store.revoke_grant(row["grant_id"])
    return JSONResponse({} if net.name != "tiktok" else {"data": {}, "error": {"code": "ok", "message": ""}})


def add_oauth_routes(router: APIRouter, net: SimNetwork) -> None:
    base = f"/{net.name}"

    def bind(handler):  # each route gets its network without a path parameter
        async def endpoint(request: Request) -> Response:
            result = handler(net, request)
            return await result if hasattr(result, "__await__") else result
        return endpoint

    router.add_api_route(base + net.authorize_path, bind(consent_screen), methods=["GET"])
    router.add_api_route(f"{base}/consent", bind(consent_decision), methods=["POST"])
    token_methods = ["GET", "POST"] if net.error_style == "graph" else ["POST"]
    router.add_api_route(base + net.token_path, bind(token_endpoint), methods=token_methods)
    if net.revoke_path:
        router.add_api_route(base + net.revoke_path, bind(revoke_endpoint), methods=[net.revoke_method])
    if net.name == "threads":
        router.add_api_route(f"{base}/access_token", bind(threads_exchange), methods=["GET"])
        router.add_api_route(f"{base}/refresh_access_token", bind(threads_refresh), methods=["GET"])

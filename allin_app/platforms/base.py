"""The adapter interface every network implements, its error kinds, and a shared OAuth 2.0 client."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import json
import re
import secrets
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

import httpx

from allin_app.core.clock import utcnow
from allin_app.platforms.config import NetworkConfig, network_config
from allin_app.platforms.errors import AuthExpired, ContentRejected, NotFound, PlatformError, RateLimited, Transient
from allin_app.platforms.posts import AccountMetrics, PostMetrics, PublishedPost, PublishingAPI, PublishingQuota
from allin_app.platforms.public import PublicLookupAPI

# re-exported: the interface's value types and error kinds, so adapters import from one place
__all__ = ["AccountMetrics", "AuthExpired", "ContentRejected", "NotFound", "PlatformError", "PostMetrics",
           "PublishedPost", "PublishingQuota", "RateLimited", "Transient"]

DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
_shared_clients: dict[str, httpx.Client] = {}
_shared_lock = threading.Lock()


def shared_client(name: str = "default", headers: dict[str, str] | None = None) -> httpx.Client:
    """One pooled client per process (and per `name`, for a network that needs its own headers): adapters are
    made per call, and a client each would leave its connections open until garbage collection."""
    with _shared_lock:
        client = _shared_clients.get(name)
        if client is None or client.is_closed:
            client = _shared_clients[name] = httpx.Client(timeout=DEFAULT_TIMEOUT, headers=headers)
        return client


@dataclass(frozen=True)
class OAuthStart:
    url: str
    state: str
    code_verifier: str | None


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None  # UTC
    scopes: tuple[str, ...]
    # Facebook and Instagram accounts keep the Page's own token, which speaks for the Page itself
    # and, taken from a long-lived user token, does not expire.
    page_token: bool = False


@dataclass(frozen=True)
class Profile:
    external_id: str
    handle: str
    display_name: str
    avatar_url: str
    followers: int
    kind: str  # "page", "profile", "channel", "organization", "business_account", ...
    # Facebook Pages (and Instagram through them) publish with a Page token, not the user's token.
    access_token: str | None = None


# --- mapping answers to error kinds ------------------------------------------------------------

# Graph API (Facebook, Instagram, Threads) codes: 190 bad token; 4/17/32/613 throttling; 1/101 app credentials.
_GRAPH_AUTH_CODES = {102, 190, 458, 459, 460, 463, 464, 467}
_GRAPH_RATE_CODES = {4, 17, 32, 613, 80001, 80002, 80004}
_GRAPH_CLIENT_CODES = {1, 101}


def _json_body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message_and_code(body: dict[str, Any], fallback: str) -> tuple[str, str | None]:
    """Each network spells its error differently; take the human sentence and the machine code."""
    error = body.get("error")
    if isinstance(error, dict):  # Graph, Google, TikTok API
        code = error.get("code", error.get("status"))
        return str(error.get("message") or fallback), None if code is None else str(code)
    message = (body.get("error_description") or body.get("detail") or body.get("display_message")
               or body.get("message") or body.get("debug_message"))
    code = body.get("error") or body.get("code") or body.get("error_code") or body.get("title")
    if not message and isinstance(error, str):
        message = error
    return str(message or fallback), None if code is None else str(code)


def retry_after_seconds(response: httpx.Response, default: int = 60) -> int:
    header = response.headers.get("retry-after")
    if header:
        if header.strip().isdigit():
            return int(header)
        moment = email.utils.parsedate_to_datetime(header)
        if moment is not None:
            return max(1, int((moment - utcnow()).total_seconds()))
    if reset := response.headers.get("x-rate-limit-reset"):  # X: epoch seconds
        return max(1, int(float(reset) - utcnow().timestamp()))
    if reset := response.headers.get("x-ratelimit-reset"):  # Reddit: seconds to go
        return max(1, int(float(reset)))
    if usage := response.headers.get("x-business-use-case-usage"):  # Graph: {id: [{..., minutes}]}
        waits = [entry.get("estimated_time_to_regain_access", 0) for entries in json.loads(usage).values()
                 for entry in entries]
        return max(1, 60 * max(waits, default=1))
    return default


def error_for_response(response: httpx.Response, *, during_authorization: bool = False) -> PlatformError:
    """Map a failed network answer to one error kind.

    During authorization (token endpoint) a 401 means our client credentials were refused
    (`invalid_client`, a configuration problem), and any other refusal means the code or
    refresh token is no good (AuthExpired: reconnect). On API calls 401 means the token died.
    """
    status = response.status_code
    body = _json_body(response)
    message, code = _message_and_code(body, response.reason_phrase or f"HTTP {status}")
    graph_code = body["error"].get("code") if isinstance(body.get("error"), dict) else None
    kwargs = {"code": code, "status": status}
    if status == 429 or graph_code in _GRAPH_RATE_CODES:
        return RateLimited(message, retry_after_seconds(response), **kwargs)
    if status >= 500 or status == 408:
        return Transient(message, **kwargs)
    if status == 404 or (graph_code == 100 and body["error"].get("error_subcode") == 33):
        return NotFound(message, **kwargs)
    if code == "invalid_client" or graph_code in _GRAPH_CLIENT_CODES or (during_authorization and status == 401):
        return PlatformError(message, code="invalid_client", status=status)
    if status == 401 or code in ("invalid_grant", "invalid_token") or graph_code in _GRAPH_AUTH_CODES:
        return AuthExpired(message, **kwargs)
    if during_authorization:
        return AuthExpired(message, **kwargs)
    if status in (400, 403, 409, 422):
        return ContentRejected(message, **kwargs)
    return PlatformError(message, **kwargs)


# --- PKCE and state ----------------------------------------------------------------------------


def new_state() -> str:
    return secrets.token_urlsafe(32)


def pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) per RFC 7636: 43+ unreserved characters."""
    verifier = secrets.token_urlsafe(48)
    return verifier, pkce_challenge(verifier)


def parse_time(value: str | float | None) -> datetime | None:
    """Graph's `2026-11-25T23:51:20+0000`, ISO 8601 with `Z`, or epoch seconds, as aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return datetime.fromisoformat(re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value.replace("Z", "+00:00")))


def split_scopes(value: str | None) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[,\s]+", value or "") if part)


# --- the interface -----------------------------------------------------------------------------


class PlatformAdapter(PublishingAPI, PublicLookupAPI, ABC):
    """OAuth and profiles here; publish, delete and metrics come from `posts.PublishingAPI`, other accounts'
    public profiles and posts from `public.PublicLookupAPI`."""

    network: ClassVar[str]
    label: ClassVar[str]
    uses_pkce: ClassVar[bool] = False
    default_scopes: ClassVar[tuple[str, ...]] = ()

    def start_authorization(self, redirect_uri: str) -> OAuthStart:
        """A fresh state (and PKCE verifier where the network uses it) plus the consent URL."""
        state = new_state()
        verifier, challenge = new_pkce_pair() if self.uses_pkce else (None, None)
        return OAuthStart(self.authorization_url(redirect_uri, state, challenge), state, verifier)

    @abstractmethod
    def authorization_url(self, redirect_uri: str, state: str, code_challenge: str | None = None) -> str: ...

    @abstractmethod
    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str | None = None) -> TokenSet: ...

    @abstractmethod
    def refresh(self, token_set: TokenSet) -> TokenSet: ...

    @abstractmethod
    def revoke(self, token_set: TokenSet) -> None: ...

    @abstractmethod
    def list_profiles(self, token_set: TokenSet) -> list[Profile]: ...


class OAuth2Adapter(PlatformAdapter):
    """Authorization-code OAuth 2.0 as most networks speak it; a network file mostly sets the data."""

    authorize_path: ClassVar[str]
    token_path: ClassVar[str]
    revoke_path: ClassVar[str | None] = None  # None: the network has no revocation endpoint
    # Meta's networks have no refresh tokens: a still-valid token is exchanged for a fresh one.
    renews_without_refresh_token: ClassVar[bool] = False
    token_host: ClassVar[Literal["auth", "api"]] = "auth"
    scope_separator: ClassVar[str] = " "
    client_auth: ClassVar[Literal["basic", "body"]] = "body"
    client_id_param: ClassVar[str] = "client_id"
    authorize_extra: ClassVar[dict[str, str]] = {}
    revoke_token_param: ClassVar[str] = "token"

    def __init__(self, config: NetworkConfig | None = None, client: httpx.Client | None = None):
        self.config = config or network_config(self.network)
        self.http = client or shared_client()

    # URLs -----------------------------------------------------------------------------------
    @property
    def token_base(self) -> str:
        if self.config.token_base_url:
            return self.config.token_base_url
        return self.config.auth_base_url if self.token_host == "auth" else self.config.api_base_url

    def api_url(self, path: str) -> str:
        return self.config.api_base_url + path

    def authorization_url(self, redirect_uri: str, state: str, code_challenge: str | None = None) -> str:
        params = {self.client_id_param: self.config.client_id, "redirect_uri": redirect_uri,
                  "response_type": "code", "scope": self.scope_separator.join(self.default_scopes),
                  "state": state, **self.authorize_extra}
        if code_challenge:
            params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
        return f"{self.config.auth_base_url}{self.authorize_path}?{urlencode(params)}"

    # token endpoint -------------------------------------------------------------------------
    def exchange_code(self, code: str, redirect_uri: str, code_verifier: str | None = None) -> TokenSet:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        if code_verifier:
            form["code_verifier"] = code_verifier
        return self.token_set_from(self.call_token_endpoint(self.token_path, form))

    def refresh(self, token_set: TokenSet) -> TokenSet:
        if not token_set.refresh_token:
            raise AuthExpired("No refresh token was issued; the user must reconnect.")
        form = {"grant_type": "refresh_token", "refresh_token": token_set.refresh_token}
        return self.token_set_from(self.call_token_endpoint(self.token_path, form), previous=token_set)

    def revoke(self, token_set: TokenSet) -> None:
        if not self.revoke_path:
            return  # the user removes the app in the network's own settings
        token = token_set.refresh_token or token_set.access_token
        self.send("POST", self.token_base + self.revoke_path, during_authorization=True,
                  **self._with_client_auth({self.revoke_token_param: token}))

    def call_token_endpoint(self, path: str, form: dict[str, str]) -> dict[str, Any]:
        response = self.send("POST", self.token_base + path, during_authorization=True,
                             **self._with_client_auth(form))
        payload = _json_body(response)
        if "access_token" not in payload:  # Reddit answers some refusals with 200 {"error": ...}
            raise error_for_response(httpx.Response(400, json=payload), during_authorization=True)
        return payload

    def _with_client_auth(self, form: dict[str, str]) -> dict[str, Any]:
        if self.client_auth == "basic":
            return {"data": form, "auth": (self.config.client_id, self.config.client_secret)}
        return {"data": {**form, self.client_id_param: self.config.client_id,
                         "client_secret": self.config.client_secret}}

    def token_set_from(self, payload: dict[str, Any], previous: TokenSet | None = None) -> TokenSet:
        expires_in = payload.get("expires_in")
        scopes = split_scopes(payload.get("scope")) or (previous.scopes if previous else self.default_scopes)
        return TokenSet(
            access_token=payload["access_token"],
            refresh_token=payload.get("refresh_token") or (previous.refresh_token if previous else None),
            expires_at=utcnow() + timedelta(seconds=int(expires_in)) if expires_in else None,
            scopes=tuple(scopes),
        )

    # HTTP -----------------------------------------------------------------------------------
    def send(self, method: str, url: str, *, during_authorization: bool = False, **kwargs: Any) -> httpx.Response:
        """One request; transport failures become Transient, error answers their mapped kind."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.TransportError as exc:  # timeouts, refused and dropped connections
            never_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            raise Transient(f"{self.label} did not answer: {exc.__class__.__name__}", maybe_sent=not never_sent) from exc
        if response.is_error:
            raise self.error_for(response, during_authorization=during_authorization)
        return response

    def error_for(self, response: httpx.Response, *, during_authorization: bool = False) -> PlatformError:
        """The error kind for a refusal; a network with its own error details refines this."""
        return error_for_response(response, during_authorization=during_authorization)

    def get_json(self, path: str, token_set: TokenSet, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return _json_body(self.call("GET", path, token_set.access_token, params=params))

    def call(self, method: str, path: str, access_token: str, **kwargs: Any) -> httpx.Response:
        """An API call with a bearer token (`headers=` adds to it)."""
        headers = {"Authorization": f"Bearer {access_token}", **kwargs.pop("headers", {})}
        return self.send(method, self.api_url(path), headers=headers, **kwargs)


"""Which AI provider an organization uses: its own OpenAI-compatible model, the platform's, or the
local one. The API key is stored encrypted and never handed back."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlparse

from sqlmodel import Session

from allin_app.admin.service import record_audit
from allin_app.ai.local import LocalProvider
from allin_app.ai.models import AISettings
from allin_app.ai.openai_compat import OpenAICompatibleProvider
from allin_app.ai.providers import AIUnavailable, Provider
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import decrypt_secret, encrypt_secret
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs

RETRIES = 2
BACKOFF_SECONDS = 1.0  # doubled at each retry, unless the server says Retry-After
SOURCES = ("organization", "platform", "local")  # the org's own model, the platform's (env config), offline
CHECK_MESSAGES = [{"role": "user", "content": "Reply with one word: ready."}]
CHECK_TOKENS = 8
CHECK_SHOWN = 200  # characters of the test answer shown back


@dataclass(frozen=True)
class AISettingsView:
    base_url: str
    model: str
    has_api_key: bool
    provider: str  # the name of the provider the organization's AI answers come from


def provider_for(db: Session, org_id: int) -> Provider:
    return _provider_and_source(db, org_id, RETRIES)[0]


def _provider_and_source(db: Session, org_id: int, retries: int, *, with_key: bool = True) -> tuple[Provider, str]:
    """The provider answering for the organization, and where it comes from: one of SOURCES. `with_key=False`
    names it without reading the stored key (the settings page must open even when that key is unreadable)."""
    own = db.get(AISettings, org_id)
    if own is not None and own.base_url:
        key = _stored_key(own) if with_key else ""
        return _remote(own.base_url, own.model, key, retries), "organization"
    if settings.ai_base_url and settings.ai_model:
        return _remote(settings.ai_base_url, settings.ai_model, settings.ai_api_key, retries), "platform"
    return LocalProvider(), "local"


def _name_of(db: Session, org_id: int) -> str:
    return _provider_and_source(db, org_id, RETRIES, with_key=False)[0].name


def _stored_key(own: AISettings) -> str:
    try:
        return decrypt_secret(own.api_key_encrypted) if own.api_key_encrypted else ""
    except ValueError as exc:  # the server's secret key changed since the key was saved
        raise AIUnavailable(f"OpenAI-compatible: {own.model} at {own.base_url}",
                            "its stored API key can no longer be read; enter it again in Settings > AI provider.") from exc


def _remote(base_url: str, model: str, key: str, retries: int = RETRIES) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(base_url, model, key, timeout=settings.ai_timeout_seconds, retries=retries,
                                    backoff=BACKOFF_SECONDS)


@dataclass(frozen=True)
class ProviderInUse:
    source: str  # one of SOURCES
    name: str  # as every AI answer names it


def provider_in_use(db: Session, actor: Actor, org_id: int) -> ProviderInUse:
    """Which provider answers the organization's AI requests now; any member may know (every AI answer says it)."""
    org = orgs.get_organization(db, actor, org_id)
    provider, source = _provider_and_source(db, org.id, RETRIES, with_key=False)
    return ProviderInUse(source, provider.name)


@dataclass(frozen=True)
class ConnectionCheck:
    provider: str
    source: str
    answer: str
    seconds: float


def test_connection(db: Session, actor: Actor, org_id: int) -> ConnectionCheck:
    """Send one tiny completion through the provider the organization uses now, without retries, so the user
    sees at once whether it answers. A failure raises AIUnavailable with the reason (timeout, key, rate limit)."""
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id), write=False)
    provider, source = _provider_and_source(db, org.id, retries=0)
    started = time.perf_counter()
    answer = provider.complete(CHECK_MESSAGES, max_tokens=CHECK_TOKENS, temperature=0.0)
    text = answer if isinstance(answer, str) else "".join(answer)
    return ConnectionCheck(provider.name, source, " ".join(text.split())[:CHECK_SHOWN],
                           round(time.perf_counter() - started, 2))


def settings_of(db: Session, actor: Actor, org_id: int) -> AISettingsView:
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id), write=False)
    own = db.get(AISettings, org.id) or AISettings(org_id=org.id)
    return AISettingsView(own.base_url, own.model, bool(own.api_key_encrypted), _name_of(db, org.id))


def save_settings(db: Session, actor: Actor, org_id: int, base_url: str, model: str,
                  api_key: str | None = None) -> AISettingsView:
    """Empty `base_url` goes back to the platform's provider; `api_key=None` keeps the stored key."""
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id))
    base_url, model = base_url.strip().rstrip("/"), model.strip()
    if base_url:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(base_url) > 500:
            raise ValidationFailed("base_url", "Give the model's address, like http://localhost:11434/v1.")
        if not model or len(model) > 200:
            raise ValidationFailed("model", "Name the model to use, like llama3.")
    own = db.get(AISettings, org.id) or AISettings(org_id=org.id)
    own.base_url, own.model = base_url, model if base_url else ""
    if api_key is not None:
        own.api_key_encrypted = encrypt_secret(api_key.strip()) if api_key.strip() else ""
    own.updated_at = utcnow()
    db.add(own)
    record_audit(db, "ai.settings_changed", actor_user_id=actor.user_id, org_id=org.id, target=f"org:{org.id}",
                 detail=base_url or "platform default")
    db.flush()
    return AISettingsView(own.base_url, own.model, bool(own.api_key_encrypted), _name_of(db, org.id))

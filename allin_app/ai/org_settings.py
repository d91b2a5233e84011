"""Which AI provider an organization uses: its own OpenAI-compatible model, the platform's, or the
local one. The API key is stored encrypted and never handed back."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from sqlmodel import Session

from allin_app.admin.service import record_audit
from allin_app.ai.local import LocalProvider
from allin_app.ai.models import AISettings
from allin_app.ai.openai_compat import OpenAICompatibleProvider
from allin_app.ai.providers import Provider
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import decrypt_secret, encrypt_secret
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, require
from allin_app.orgs import service as orgs

RETRIES = 2
BACKOFF_SECONDS = 1.0  # doubled at each retry, unless the server says Retry-After


@dataclass(frozen=True)
class AISettingsView:
    base_url: str
    model: str
    has_api_key: bool
    provider: str  # the name of the provider the organization's AI answers come from


def provider_for(db: Session, org_id: int) -> Provider:
    own = db.get(AISettings, org_id)
    if own is not None and own.base_url:
        key = decrypt_secret(own.api_key_encrypted) if own.api_key_encrypted else ""
        return _remote(own.base_url, own.model, key)
    if settings.ai_base_url and settings.ai_model:
        return _remote(settings.ai_base_url, settings.ai_model, settings.ai_api_key)
    return LocalProvider()


def _remote(base_url: str, model: str, key: str) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(base_url, model, key, timeout=settings.ai_timeout_seconds, retries=RETRIES,
                                    backoff=BACKOFF_SECONDS)


def settings_of(db: Session, actor: Actor, org_id: int) -> AISettingsView:
    org = orgs.get_organization(db, actor, org_id)
    require(actor, Permission.organization_settings, Target(org_id=org.id), write=False)
    own = db.get(AISettings, org.id) or AISettings(org_id=org.id)
    return AISettingsView(own.base_url, own.model, bool(own.api_key_encrypted), provider_for(db, org.id).name)


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
    return AISettingsView(own.base_url, own.model, bool(own.api_key_encrypted), provider_for(db, org.id).name)

"""An organization's own AI model: an OpenAI-compatible endpoint, its key encrypted at rest."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class AISettings(SQLModel, table=True):
    __tablename__ = "ai_settings"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    base_url: str = Field(default="", max_length=500)  # empty: the platform's model, else the local provider
    model: str = Field(default="", max_length=200)
    api_key_encrypted: str = Field(default="", max_length=2000)  # core.crypto.encrypt_secret
    updated_at: datetime = Field(default_factory=utcnow)

"""Settings read once from the environment (and `.env`): the only place that knows variable names."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / "data", alias="ALLIN_DATA_DIR")
    db_url: str = Field(default="", alias="DB_URL")
    redis_url: str = Field(default="", alias="REDIS_URL")
    secret_key: str = Field(default="", alias="ALLIN_SECRET_KEY")
    port: int = Field(default=3009, alias="ALLIN_PORT")
    public_url: str = Field(default="", alias="ALLIN_PUBLIC_URL")
    smtp_url: str = Field(default="", alias="SMTP_URL")
    mail_from: str = Field(default="AllIN <no-reply@allin.local>", alias="MAIL_FROM")
    bcrypt_rounds: int = Field(default=12, alias="ALLIN_BCRYPT_ROUNDS")
    cookie_secure: bool = Field(default=False, alias="ALLIN_COOKIE_SECURE")
    # Reverse proxies in front of AllIN that append to X-Forwarded-For (0: trust no such header).
    trusted_proxy_hops: int = Field(default=0, alias="ALLIN_TRUSTED_PROXY_HOPS")
    # A platform-wide OpenAI-compatible model (OpenAI, Ollama, vLLM, llama.cpp server); unset: the local provider.
    ai_base_url: str = Field(default="", alias="AI_BASE_URL")
    ai_model: str = Field(default="", alias="AI_MODEL")
    ai_api_key: str = Field(default="", alias="AI_API_KEY")
    ai_timeout_seconds: float = Field(default=30.0, alias="AI_TIMEOUT_SECONDS")

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def sqlalchemy_url(self) -> str:
        """DB_URL with the psycopg 3 driver named; SQLite in the data dir when unset."""
        url = self.db_url
        if not url:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{self.data_dir.resolve() / 'allin.db'}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url

    @cached_property
    def effective_secret_key(self) -> str:
        """ALLIN_SECRET_KEY, else a key generated once into the data dir (mode 0600)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret.key"
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()


settings = Settings()

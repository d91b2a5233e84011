"""Per-network developer-app settings (`<NETWORK>_CLIENT_ID`, ...); unset values point at the simulator."""

from __future__ import annotations

from pydantic import BaseModel
from pydantic_settings import BaseSettings, SettingsConfigDict

from allin_app.core.config import REPO_ROOT, settings

NETWORKS = ("facebook", "instagram", "twitter", "linkedin", "tiktok", "youtube", "pinterest", "snapchat",
            "reddit", "threads")


class NetworkConfig(BaseModel):
    network: str
    client_id: str
    client_secret: str
    auth_base_url: str
    # None: the adapter picks the auth or the API host, as the real network does.
    token_base_url: str | None
    api_base_url: str


class _NetworkEnv(BaseSettings):
    """Read with `_env_prefix="<NETWORK>_"`; empty means "use the simulator default"."""

    model_config = SettingsConfigDict(env_file=REPO_ROOT / ".env", extra="ignore")

    client_id: str = ""
    client_secret: str = ""
    auth_base_url: str = ""
    # Real networks often mint tokens on another host than the consent page (Google, X, Facebook).
    token_base_url: str = ""
    api_base_url: str = ""


def simulator_base_url(network: str) -> str:
    return f"{settings.base_url}/sim/{network}"


def network_config(network: str) -> NetworkConfig:
    """The developer app AllIN uses for `network`: environment first, else the local simulator."""
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}")
    env = _NetworkEnv(_env_prefix=f"{network.upper()}_")
    simulator = simulator_base_url(network)
    auth_base = (env.auth_base_url or simulator).rstrip("/")
    return NetworkConfig(
        network=network,
        client_id=env.client_id or f"allin-demo-{network}",
        client_secret=env.client_secret or "allin-demo-secret",
        auth_base_url=auth_base,
        token_base_url=env.token_base_url.rstrip("/") or None,
        api_base_url=(env.api_base_url or simulator).rstrip("/"),
    )

"""Reflex configuration: one port (3009) in prod; everything else comes from allin_app.core.config."""

import reflex as rx

from allin_app.core.config import settings

config = rx.Config(
    app_name="allin_app",
    db_url=settings.sqlalchemy_url,
    redis_url=settings.redis_url or None,
    frontend_port=settings.port,
    backend_port=settings.port,
    api_url=settings.base_url,
    deploy_url=settings.base_url,
    trusted_proxy_hops=settings.trusted_proxy_hops,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)

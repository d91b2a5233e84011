"""TikTok, YouTube, Pinterest and Snapchat publishing endpoints in their own shapes (one module each)."""

from __future__ import annotations

from fastapi import APIRouter

from allin_app.platforms.simulator.pinterest_api import add_pinterest_routes
from allin_app.platforms.simulator.snapchat_api import add_snapchat_routes
from allin_app.platforms.simulator.tiktok_api import add_tiktok_routes
from allin_app.platforms.simulator.youtube_api import add_youtube_routes


def add_video_network_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`, after the profile routes."""
    add_tiktok_routes(router)
    add_youtube_routes(router)
    add_pinterest_routes(router)
    add_snapchat_routes(router)

"""TikTok, YouTube, Pinterest and Snapchat publishing endpoints in their own shapes."""

from __future__ import annotations

from fastapi import APIRouter


def add_video_network_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`."""

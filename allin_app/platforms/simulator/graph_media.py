"""Instagram's content publishing endpoints in Graph API shapes."""

from __future__ import annotations

from fastapi import APIRouter


def add_graph_media_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`."""

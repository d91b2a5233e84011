"""Media uploads for X, LinkedIn and Reddit in their own shapes."""

from __future__ import annotations

from fastapi import APIRouter


def add_rest_media_routes(router: APIRouter) -> None:
    """Registered by `simulator/__init__.py`."""

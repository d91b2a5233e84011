"""REST routes of the media library (/api/v1/media)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/media", tags=["media"])

"""REST routes of posts (/api/v1/content)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/content", tags=["content"])

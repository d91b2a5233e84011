"""REST routes of templates (/api/v1/templates) and campaigns (/api/v1/campaigns)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["templates", "campaigns"])

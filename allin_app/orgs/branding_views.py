"""Public routes for an agency's logo and favicon (the branded login page needs them signed out)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from allin_app.api.deps import DbSession
from allin_app.core.errors import NotFound
from allin_app.orgs import branding

router = APIRouter(prefix="/api/v1/branding", tags=["branding"])


@router.get("/{org_id}/{kind}", summary="An agency's white-label logo or favicon", include_in_schema=False)
def white_label_image(org_id: int, kind: str, db: DbSession) -> Response:
    image = branding.public_image(db, org_id, kind)
    if image is None:
        raise NotFound("No such image.")
    data, content_type = image
    return Response(data, media_type=content_type, headers={
        "Cache-Control": "public, max-age=86400", "Content-Security-Policy": "default-src 'none'",
        "X-Content-Type-Options": "nosniff"})

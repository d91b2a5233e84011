"""The REST API (FastAPI) that Reflex mounts on its own port: /api/v1, docs at /api/v1/docs."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.base import BaseHTTPMiddleware

from allin_app.accounts.views import router as accounts_router
from allin_app.ai.predict_views import router as ai_predict_router
from allin_app.ai.variants_views import router as ai_variants_router
from allin_app.ai.views import router as ai_writer_router
from allin_app.analytics.report_views import router as reports_router
from allin_app.analytics.roi_views import router as roi_router
from allin_app.analytics.views import router as analytics_router
from allin_app.api.problems import install_problem_handlers
from allin_app.auth.views import router as auth_router
from allin_app.content.links import router as links_router
from allin_app.content.media_views import router as media_router
from allin_app.content.templates_views import router as templates_router
from allin_app.content.views import router as content_router
from allin_app.core.config import settings
from allin_app.orgs.branding_views import router as branding_router
from allin_app.orgs.views import router as orgs_router
from allin_app.platforms.simulator import router as simulator_router
from allin_app.scheduling.ical import router as ical_router
from allin_app.scheduling.io_views import router as io_router
from allin_app.scheduling.queue_views import router as queue_router
from allin_app.scheduling.views import router as scheduling_router
from allin_app.workflow.activity_views import router as activity_router
from allin_app.workflow.approvals_views import router as approvals_router
from allin_app.workflow.chat_views import router as chat_router
from allin_app.workflow.comments_views import router as comments_router
from allin_app.workflow.tasks_views import router as tasks_router

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    # Reflex's pages need inline scripts and styles, so the policy limits what it safely can.
    "Content-Security-Policy": "frame-ancestors 'none'; object-src 'none'; base-uri 'none'",
}
HSTS = "max-age=31536000; includeSubDomains"


async def _security_headers(request, call_next):
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if settings.cookie_secure:  # served over HTTPS
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.url.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def create_api() -> FastAPI:
    api = FastAPI(
        title="AllIN API",
        version="1.0",
        docs_url="/api/v1/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        description="Social media management: sign in, then send `Authorization: Bearer <access_token>`. "
        "Pick the organization with `X-Organization-Id`.",
    )
    install_problem_handlers(api)
    api.add_middleware(BaseHTTPMiddleware, dispatch=_security_headers)
    api.include_router(auth_router)
    api.include_router(orgs_router)
    api.include_router(accounts_router)
    api.include_router(branding_router)
    api.include_router(io_router)  # before content: /content/export is not a post id
    api.include_router(approvals_router)  # /content/{id}/submit, approve, reject...: before content, one place
    api.include_router(content_router)
    api.include_router(media_router)
    api.include_router(templates_router)
    api.include_router(scheduling_router)
    api.include_router(queue_router)
    api.include_router(activity_router)
    api.include_router(chat_router)
    api.include_router(tasks_router)
    api.include_router(comments_router)
    api.include_router(links_router)  # /l/<code>: short links in published posts
    api.include_router(analytics_router)
    api.include_router(roi_router)  # /api/v1/analytics/conversions and /roi
    api.include_router(reports_router)
    api.include_router(ai_predict_router)  # /api/v1/ai/analyze, /best-times, /engagement-factors
    api.include_router(ai_writer_router)  # /api/v1/ai/generate, /rewrite, /hashtags, /settings...
    api.include_router(ai_variants_router)  # /api/v1/ai/variants, /ab-tests
    api.include_router(ical_router)  # /ical/<token>.ics: private calendar feeds
    api.include_router(simulator_router)  # the local stand-in for the ten networks, at /sim/<network>
    return api

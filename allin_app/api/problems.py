"""RFC 9457 problem+json answers for every error the REST API gives; never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from allin_app.core.errors import AuthenticationFailed, DomainError, NotSignedIn, RateLimited, ValidationFailed

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
    extra: dict = {}
    headers = None
    if isinstance(exc, ValidationFailed):
        extra["errors"] = exc.errors
    if isinstance(exc, AuthenticationFailed):
        extra["code"] = exc.code
    if isinstance(exc, (AuthenticationFailed, NotSignedIn)):
        headers = {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(exc.retry_after)}
    return problem(exc.status, exc.title, exc.message, headers, **extra)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"field": ".".join(str(p) for p in err.get("loc", ())[1:]) or "body", "message": err.get("msg", "invalid")}
        for err in exc.errors()
    ]
    return problem(422, "Invalid input", "The request has invalid fields.", errors=errors)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    titles = {401: "Not signed in", 403: "Not allowed", 404: "Not found", 405: "Method not allowed"}
    return problem(exc.status_code, titles.get(exc.status_code, "Error"), str(exc.detail), getattr(exc, "headers", None))


async def _unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled API error", exc_info=exc)
    return problem(500, "Internal error", "Something went wrong on our side. The error was logged.")


def install_problem_handlers(api: FastAPI) -> None:
    api.add_exception_handler(DomainError, _domain_error)
    api.add_exception_handler(RequestValidationError, _validation_error)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_exception_handler(Exception, _unexpected_error)

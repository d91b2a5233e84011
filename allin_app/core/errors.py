"""Errors a user can cause; services raise them, the UI shows a message, the API answers problem+json."""

from __future__ import annotations


class DomainError(Exception):
    status = 400
    title = "Bad request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotSignedIn(DomainError):
    status = 401
    title = "Not signed in"


class AuthenticationFailed(DomainError):
    """Credentials were refused; `code` lets clients react (e.g. `totp_required`)."""

    status = 401
    title = "Authentication failed"

    def __init__(self, message: str, code: str = "invalid_credentials"):
        super().__init__(message)
        self.code = code


class PermissionDenied(DomainError):
    status = 403
    title = "Not allowed"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class ValidationFailed(DomainError):
    status = 422
    title = "Invalid input"

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.errors = [{"field": field, "message": message}]


class RateLimited(DomainError):
    status = 429
    title = "Too many attempts"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))

"""Password policy and storage: the rules a new password must meet, and bcrypt hashing with a pepper.

Storage is bcrypt over a pre-hash, base64(HMAC-SHA256(pepper, password)): 44 ASCII bytes, so
pyca/bcrypt 5 (which refuses input over 72 bytes) never sees a long input and nothing is truncated.
The pepper is a sub-key of ALLIN_SECRET_KEY, so changing that key makes every stored password fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import cache
from importlib import resources

import bcrypt

from allin_app.core.config import settings
from allin_app.core.crypto import derive_key
from allin_app.core.errors import ValidationFailed

MIN_LENGTH = 8  # Unicode code points
MAX_BYTES = 1024  # UTF-8; a cap against CPU and memory abuse, far above any real password
EMAIL_NAME_MIN_LENGTH = 3
PEPPER_PURPOSE = "allin/password-pepper"
COMMON_PASSWORDS_FILE = "common_passwords.txt"

MSG_TOO_SHORT = f"Use at least {MIN_LENGTH} characters."
MSG_TOO_LONG = (
    f"This password is too long. Use at most {MAX_BYTES:,} bytes "
    "(fewer characters if it has emoji or non-Latin letters)."
)
MSG_UNUSABLE = "This password contains characters that cannot be used. Pick another."
MSG_NO_UPPER = "Add at least one upper-case letter."
MSG_NO_LOWER = "Add at least one lower-case letter."
MSG_NO_DIGIT = "Add at least one digit."
MSG_EMAIL_NAME = "Your password must not contain your email name."
MSG_COMMON = "This password is too common; it appears in lists of breached passwords. Pick another."


def _utf8(password: str) -> bytes | None:
    """The password's UTF-8 bytes, or None when it cannot be encoded (lone surrogates)."""
    try:
        return password.encode("utf-8")
    except UnicodeEncodeError:
        return None


def contains_email_name(password: str, email: str) -> bool:
    """True when the email's local part (3+ characters) appears in the password, ignoring case."""
    if not email:
        return False
    local = email.rsplit("@", 1)[0].strip().casefold()
    if len(local) < EMAIL_NAME_MIN_LENGTH:
        return False
    return local in password.casefold()


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files(__package__).joinpath(COMMON_PASSWORDS_FILE).read_text(encoding="utf-8")
    entries = (line.strip() for line in text.splitlines())
    return frozenset(entry.lower() for entry in entries if entry and not entry.startswith("#"))


def is_common_password(password: str) -> bool:
    """True when the password, ignoring case and surrounding spaces, is in the shipped breached list."""
    candidate = password.lower()
    common = _common_passwords()
    return candidate in common or candidate.strip() in common


def check_password_policy(password: str, email: str = "") -> None:
    """Raise ValidationFailed("password", ...) unless the password meets the rules.

    Order: length, composition, email name (only when `email` is given), common list.
    Pass `email` at registration and password change; leave it empty to skip that rule.
    """
    if len(password) < MIN_LENGTH:
        raise ValidationFailed("password", MSG_TOO_SHORT)
    raw = _utf8(password)
    if raw is None:
        raise ValidationFailed("password", MSG_UNUSABLE)
    if len(raw) > MAX_BYTES:
        raise ValidationFailed("password", MSG_TOO_LONG)
    if not any(ch.isupper() for ch in password):
        raise ValidationFailed("password", MSG_NO_UPPER)
    if not any(ch.islower() for ch in password):
        raise ValidationFailed("password", MSG_NO_LOWER)
    if not any(ch.isdigit() for ch in password):
        raise ValidationFailed("password", MSG_NO_DIGIT)
    if contains_email_name(password, email):
        raise ValidationFailed("password", MSG_EMAIL_NAME)
    if is_common_password(password):
        raise ValidationFailed("password", MSG_COMMON)


def _prehash(raw: bytes) -> bytes:
    """base64(HMAC-SHA256(pepper, password)): 44 bytes, no NUL, whatever the password's length."""
    digest = hmac.new(derive_key(PEPPER_PURPOSE), raw, hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str) -> str:
    """The `$2b$<cost>$...` string to store; cost is settings.bcrypt_rounds."""
    raw = _utf8(password)
    if raw is None:
        raise ValidationFailed("password", MSG_UNUSABLE)
    if len(raw) > MAX_BYTES:
        raise ValidationFailed("password", MSG_TOO_LONG)
    return bcrypt.hashpw(_prehash(raw), bcrypt.gensalt(rounds=settings.bcrypt_rounds)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when the password matches the stored hash; False for anything malformed. Never raises."""
    try:
        raw = password.encode("utf-8")
        if len(raw) > MAX_BYTES:
            return False
        return bcrypt.checkpw(_prehash(raw), password_hash.encode("utf-8"))
    except (ValueError, TypeError, AttributeError):  # bad salt/hash, non-str, unencodable input
        return False


@cache
def _dummy_hash(rounds: int) -> str:
    """A hash of a random password at `rounds`, made once per cost, for burn_equal_time."""
    raw = secrets.token_urlsafe(32).encode("ascii")
    return bcrypt.hashpw(_prehash(raw), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def burn_equal_time() -> None:
    """Spend what one wrong-password check costs, for sign-ins whose email has no account.

    Without it, an unknown email answers faster than a known one and leaks who has an account.
    """
    verify_password("burn-equal-time-not-a-password", _dummy_hash(settings.bcrypt_rounds))

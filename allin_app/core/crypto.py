"""Secrets at rest and token hashing: Fernet for reversible secrets, SHA-256/HMAC for lookups."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from allin_app.core.config import settings


def derive_key(purpose: str, length: int = 32) -> bytes:
    """A sub-key of ALLIN_SECRET_KEY per purpose, so one leak does not open every door."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode()).derive(
        settings.effective_secret_key.encode()
    )


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derive_key("allin/secrets-at-rest")))


def encrypt_secret(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong ALLIN_SECRET_KEY or tampered column
        raise ValueError("secret cannot be decrypted with this ALLIN_SECRET_KEY") from exc


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random token (256 bits by default)."""
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """What we store for a bearer token: SHA-256 hex (tokens carry >=128 random bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def keyed_digest(purpose: str, value: str) -> bytes:
    return hmac.new(derive_key(purpose), value.encode(), hashlib.sha256).digest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())

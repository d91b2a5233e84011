"""Two-factor authentication: TOTP (RFC 6238) with replay protection, and one-time backup codes.

The secret is encrypted at rest. A code is accepted only for a time step later than the last one
consumed, recorded with a conditional UPDATE so two concurrent requests cannot both pass.
Backup codes (10 x 40 random bits) are stored as keyed HMAC digests and consumed atomically.
"""

from __future__ import annotations

import io
import secrets

import pyotp
import segno
from pyotp.exceptions import OTPVerificationError
from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth import passwords
from allin_app.auth.models import BackupCode, User
from allin_app.core.clock import utcnow
from allin_app.core.crypto import decrypt_secret, encrypt_secret, keyed_digest
from allin_app.core.errors import ValidationFailed

ISSUER = "AllIN"
BACKUP_CODE_COUNT = 10
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (i/l/1, o/0)
VALID_WINDOW = 1  # one step either side for clock drift


def _backup_digest(code: str) -> str:
    normalized = code.replace("-", "").replace(" ", "").strip().lower()
    return keyed_digest("allin/backup-codes", normalized).hex()


def _totp(user: User) -> pyotp.TOTP:
    return pyotp.TOTP(decrypt_secret(user.totp_secret_enc), issuer=ISSUER, name=user.email)


def begin_setup(db: Session, user: User) -> tuple[str, str]:
    """Store a fresh (not yet enabled) secret; returns (secret, otpauth:// URI) to show once."""
    if user.totp_enabled:
        raise ValidationFailed("totp", "Two-factor authentication is already on.")
    secret = pyotp.random_base32()
    user.totp_secret_enc = encrypt_secret(secret)
    user.totp_last_step = None
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return secret, uri


def qr_svg(uri: str) -> str:
    """The otpauth URI as an SVG QR code (segno), for an <img src="data:..."> in the page."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2)
    return out.getvalue().decode()


def confirm_setup(db: Session, user: User, code: str) -> list[str]:
    """Turn 2FA on once the user proves their app works; returns the backup codes (shown once)."""
    if user.totp_enabled or not user.totp_secret_enc:
        raise ValidationFailed("code", "Start the setup again: no pending two-factor secret.")
    if not _consume_totp(db, user, code):
        raise ValidationFailed("code", "That code is not valid. Type the 6 digits your app shows now.")
    user.totp_enabled = True
    codes = _new_backup_codes(db, user)
    record_audit(db, "auth.2fa_enabled", actor_user_id=user.id, target=user.email)
    return codes


def disable(db: Session, user: User, password: str) -> None:
    if not passwords.verify_password(password, user.password_hash):
        raise ValidationFailed("password", "Your password is not correct.")
    user.totp_enabled, user.totp_secret_enc, user.totp_last_step = False, None, None
    for code in db.exec(select(BackupCode).where(BackupCode.user_id == user.id)):
        db.delete(code)
    record_audit(db, "auth.2fa_disabled", actor_user_id=user.id, target=user.email)


def regenerate_backup_codes(db: Session, user: User, password: str) -> list[str]:
    if not user.totp_enabled:
        raise ValidationFailed("totp", "Turn on two-factor authentication first.")
    if not passwords.verify_password(password, user.password_hash):
        raise ValidationFailed("password", "Your password is not correct.")
    codes = _new_backup_codes(db, user)
    record_audit(db, "auth.backup_codes_regenerated", actor_user_id=user.id, target=user.email)
    return codes


def remaining_backup_codes(db: Session, user: User) -> int:
    return len(db.exec(select(BackupCode.id).where(BackupCode.user_id == user.id, BackupCode.used_at == None)).all())


def verify_second_factor(db: Session, user: User, code: str) -> str | None:
    """'totp' or 'backup_code' when the code is good (and now spent), else None."""
    code = (code or "").strip()
    if not user.totp_enabled:
        return None
    if code.isdigit() and len(code) == 6:
        return "totp" if _consume_totp(db, user, code) else None
    return "backup_code" if _consume_backup_code(db, user, code) else None


def _consume_totp(db: Session, user: User, code: str) -> bool:
    try:
        step = _totp(user).verify_and_get_timecode(code.strip(), valid_window=VALID_WINDOW)
    except OTPVerificationError:
        return False
    updated = db.exec(
        User.__table__.update()
        .where(User.id == user.id)
        .where((User.totp_last_step == None) | (User.totp_last_step < step))
        .values(totp_last_step=step)
    )
    if updated.rowcount != 1:
        record_audit(db, "auth.totp_replay", actor_user_id=user.id, target=user.email, result="refused")
        return False
    user.totp_last_step = step
    return True


def _consume_backup_code(db: Session, user: User, code: str) -> bool:
    updated = db.exec(
        BackupCode.__table__.update()
        .where(BackupCode.user_id == user.id, BackupCode.code_hash == _backup_digest(code))
        .where(BackupCode.used_at == None)
        .values(used_at=utcnow())
    )
    return updated.rowcount == 1


def _new_backup_codes(db: Session, user: User) -> list[str]:
    for old in db.exec(select(BackupCode).where(BackupCode.user_id == user.id)):
        db.delete(old)
    codes = []
    for _ in range(BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
        db.add(BackupCode(user_id=user.id, code_hash=_backup_digest(raw)))
    return codes

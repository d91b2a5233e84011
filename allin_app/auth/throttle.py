"""Sign-in throttling: failures for one account or one IP first slow sign-in down, then lock it a while.

Numbers (documented in README "Security"): per account, after 3 consecutive failures each try
waits 5 s more; from 5 failures the account is locked 1, 2, 4, 8 then at most 15 minutes.
Per IP, 50 failures within 15 minutes lock that IP for 15 minutes. Locks are soft and expire,
so nobody can lock a victim out for good.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import LoginAttempt
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import RateLimited

SLOW_AFTER = 3
SLOW_STEP = timedelta(seconds=5)
LOCK_AFTER = 5
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(minutes=15)
IP_WINDOW = timedelta(minutes=15)
IP_MAX_FAILURES = 50
ACCOUNT_WINDOW = timedelta(hours=1)


def _recent_failures(db: Session, email: str) -> list[datetime]:
    """Failures for this account since its last success, newest first (within the last hour)."""
    since = utcnow() - ACCOUNT_WINDOW
    last_ok = db.exec(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.email == email, LoginAttempt.success == True)
    ).one()
    if last_ok is not None and as_utc(last_ok) > since:
        since = as_utc(last_ok)
    rows = db.exec(
        select(LoginAttempt.at)
        .where(LoginAttempt.email == email, LoginAttempt.success == False, LoginAttempt.at > since)
        .order_by(col(LoginAttempt.at).desc())
    ).all()
    return [as_utc(at) for at in rows]


def account_wait(failures: int) -> timedelta:
    """How long an account must rest after `failures` consecutive failed sign-ins."""
    if failures >= LOCK_AFTER:
        return min(MAX_LOCK, FIRST_LOCK * 2 ** (failures - LOCK_AFTER))
    if failures >= SLOW_AFTER:
        return SLOW_STEP * (failures - SLOW_AFTER + 1)
    return timedelta(0)


def check_allowed(db: Session, email: str, ip: str) -> None:
    """Raise RateLimited (with seconds to wait) when this account or IP must wait."""
    email, now = email[:254], utcnow()
    failures = _recent_failures(db, email)
    if failures:
        ready_at = failures[0] + account_wait(len(failures))
        if ready_at > now:
            _refuse(ready_at - now, locked=len(failures) >= LOCK_AFTER)
    if ip:
        ip_failures = db.exec(
            select(LoginAttempt.at)
            .where(LoginAttempt.ip == ip, LoginAttempt.success == False, LoginAttempt.at > now - IP_WINDOW)
            .order_by(col(LoginAttempt.at))
        ).all()
        if len(ip_failures) >= IP_MAX_FAILURES:
            _refuse(as_utc(ip_failures[-IP_MAX_FAILURES]) + IP_WINDOW - now, locked=True, what="sign-ins from your network are")


def _refuse(wait: timedelta, locked: bool, what: str = "this account is") -> None:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    when = f"{(seconds + 59) // 60} minute(s)" if seconds > 60 else f"{seconds} second(s)"
    if locked:
        message = f"Too many failed sign-ins: {what} locked for {when}. Try again later or reset your password."
    else:
        message = f"Too many failed sign-ins. Please wait {when} before trying again."
    raise RateLimited(message, retry_after=seconds)


def record_attempt(
    db: Session, email: str, *, user_id: int | None, ip: str, user_agent: str, success: bool, reason: str = ""
) -> None:
    email = email[:254]  # what was typed may be anything; the column is an email's maximum
    db.add(
        LoginAttempt(email=email, user_id=user_id, ip=ip[:64], user_agent=user_agent[:300], success=success,
                     reason=reason)
    )
    record_audit(
        db, "auth.sign_in", actor_user_id=user_id, target=email, result="ok" if success else "fail", ip=ip, detail=reason
    )
    if not success:
        db.flush()
        failures = len(_recent_failures(db, email))
        if failures >= LOCK_AFTER:
            record_audit(
                db, "auth.lockout", actor_user_id=user_id, target=email, result="locked", ip=ip,
                detail=f"{failures} consecutive failures; locked {account_wait(failures)}",
            )

"""Accounts and sign-in: registration, email verification, password reset, sessions, the 2FA step.

Failed sign-ins are facts that must outlive the refused request, so the functions that refuse
credentials commit what they recorded before raising.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from allin_app.admin.service import record_audit
from allin_app.auth import passwords, throttle, totp
from allin_app.auth.models import AuthSession, LoginAttempt, OneTimeToken, User
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import new_token, token_digest
from allin_app.core.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.mail import send_mail
from allin_app.core.rbac import Role
from allin_app.orgs import branding
from allin_app.orgs import security as org_security
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind

IDLE_TIMEOUT = timedelta(minutes=15)
REFRESH_DAYS, REMEMBER_DAYS = 7, 30
VERIFY_TTL = timedelta(hours=24)
RESET_TTL = timedelta(hours=1)
CHALLENGE_TTL = timedelta(minutes=5)
HANDOFF_TTL = timedelta(seconds=60)
TOUCH_EVERY = timedelta(seconds=30)
MAX_RESET_MAILS_PER_HOUR = 5
BAD_LINK = "This link is invalid or has expired. Ask for a new one."
BAD_CREDENTIALS = "Incorrect email or password."
SESSION_ENDED = "Your session has ended. Please sign in again."


@dataclass(frozen=True)
class Client:
    """Where a request came from, for the login history and throttling."""

    ip: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class SignIn:
    """Outcome of the password step: either fully signed in, or a second factor is owed."""

    user: User
    remember: bool
    challenge: str | None = None

    @property
    def needs_second_factor(self) -> bool:
        return self.challenge is not None


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    session_id: int
    refresh_expires_at: datetime


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def validate_email_address(email: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationFailed("email", "Enter a valid email address, like name@example.com.") from None


def find_user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == normalize_email(email))).first()


# --- registration and email verification -------------------------------------------------


def create_user(
    db: Session, email: str, password: str, full_name: str = "", *, verified: bool = False, superadmin: bool = False,
    check_email_name: bool = True,
) -> User:
    """Create a user (no org). Raises ValidationFailed for bad input, including a taken email."""
    email = validate_email_address(email)
    passwords.check_password_policy(password, email if check_email_name else "")
    if find_user_by_email(db, email):
        raise ValidationFailed("email", "This email is already registered.")
    user = User(
        email=email,
        full_name=full_name.strip()[:120],
        password_hash=passwords.hash_password(password),
        is_superadmin=superadmin,
        email_verified_at=utcnow() if verified else None,
    )
    db.add(user)
    db.flush()
    return user


def register(db: Session, email: str, password: str, full_name: str, client: Client = Client()) -> None:
    """Sign-up: same answer whether or not the email is taken (the owner gets a mail instead)."""
    email = validate_email_address(email)
    passwords.check_password_policy(password, email)
    if not full_name.strip():
        raise ValidationFailed("full_name", "Tell us your name.")
    existing = find_user_by_email(db, email)
    if existing:
        passwords.hash_password(password)  # the same work as a new account: no enumeration by timing
        send_mail(db, email, "Someone tried to sign up with your email",
                  "Somebody (maybe you) tried to create an AllIN account with this address, which already has one.\n"
                  f"If it was you, sign in at {settings.base_url}/auth/login or reset your password there.")
        record_audit(db, "auth.register", target=email, result="duplicate", ip=client.ip)
        return
    user = create_user(db, email, password, full_name)
    org = orgs.create_organization(db, f"{user.full_name}'s workspace", OrgKind.individual)
    orgs.add_member(db, org.id, user.id, Role.agency_owner)
    user.home_org_id = org.id
    record_audit(db, "auth.register", actor_user_id=user.id, org_id=org.id, target=email, ip=client.ip)
    send_verification_email(db, user)


def _issue_link_token(db: Session, user: User, purpose: str, ttl: timedelta, payload: str = "") -> str:
    token = new_token()
    db.add(OneTimeToken(user_id=user.id, purpose=purpose, token_hash=token_digest(token), payload=payload,
                        expires_at=utcnow() + ttl))
    return token


def _consume_link_token(db: Session, token: str, purpose: str) -> OneTimeToken:
    """Mark a one-time token used, atomically; raises ValidationFailed when unusable."""
    row = db.exec(
        select(OneTimeToken).where(OneTimeToken.token_hash == token_digest(token or ""), OneTimeToken.purpose == purpose)
    ).first()
    if row is None or row.used_at is not None or as_utc(row.expires_at) <= utcnow():
        raise ValidationFailed("token", BAD_LINK)
    updated = db.exec(  # guards against two concurrent redemptions
        OneTimeToken.__table__.update()
        .where(OneTimeToken.id == row.id, OneTimeToken.used_at == None)
        .values(used_at=utcnow())
    )
    if updated.rowcount != 1:
        raise ValidationFailed("token", BAD_LINK)
    return row


def send_verification_email(db: Session, user: User) -> None:
    token = _issue_link_token(db, user, "verify_email", VERIFY_TTL)
    send_mail(db, user.email, "Confirm your AllIN email address",
              f"Hello {user.full_name or user.email},\n\nConfirm your email address to activate your account:\n"
              f"{settings.base_url}/auth/verify?token={token}\n\nThe link works once, for 24 hours.")


def verify_email(db: Session, token: str) -> User:
    row = _consume_link_token(db, token, "verify_email")
    user = db.get(User, row.user_id)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    record_audit(db, "auth.verify_email", actor_user_id=user.id, target=user.email)
    return user


def resend_verification(db: Session, email: str) -> None:
    user = find_user_by_email(db, email)
    if user and user.email_verified_at is None:
        send_verification_email(db, user)


# --- password reset ----------------------------------------------------------------------


def request_password_reset(db: Session, email: str, client: Client = Client()) -> None:
    """Always succeeds silently: the answer never tells whether the email is registered."""
    user = find_user_by_email(db, email)
    record_audit(db, "auth.reset_requested", actor_user_id=user.id if user else None,
                 target=normalize_email(email)[:120], ip=client.ip, result="ok" if user else "unknown")
    if user is None or not user.is_active or _recent_links(db, user.id, "reset_password") >= MAX_RESET_MAILS_PER_HOUR:
        return  # the same silent answer: nobody can flood an inbox through this form
    token = _issue_link_token(db, user, "reset_password", RESET_TTL)
    app_name = branding.brand_for_org(db, user.home_org_id).app_name
    send_mail(db, user.email, f"Reset your {app_name} password",
              f"Hello {user.full_name or user.email},\n\nChoose a new password for {app_name} here:\n"
              f"{settings.base_url}/auth/reset?token={token}\n\n"
              "The link works once, for 1 hour. If you did not ask for it, ignore this mail.")


def _recent_links(db: Session, user_id: int, purpose: str) -> int:
    since = utcnow() - timedelta(hours=1)
    return len(db.exec(select(OneTimeToken.id).where(OneTimeToken.user_id == user_id, OneTimeToken.purpose == purpose,
                                                     OneTimeToken.created_at > since)).all())


def reset_password(db: Session, token: str, new_password: str, client: Client = Client()) -> SignIn:
    """Set a new password from a reset link; every old session ends. 2FA is still asked for."""
    row = _consume_link_token(db, token, "reset_password")
    user = db.get(User, row.user_id)
    passwords.check_password_policy(new_password, user.email)
    org_security.check_password_length(db, user, new_password)
    user.password_hash = passwords.hash_password(new_password)
    if user.email_verified_at is None:  # the link proved the mailbox
        user.email_verified_at = utcnow()
    _kill_other_links(db, user.id, "reset_password")
    revoke_all_sessions(db, user.id)
    record_audit(db, "auth.password_reset", actor_user_id=user.id, target=user.email, ip=client.ip)
    send_mail(db, user.email, "Your AllIN password was changed",
              "Your password was just reset and every signed-in device was signed out. "
              "If this was not you, reset it again at once and contact your administrator.")
    return _after_password_step(db, user, remember=False)


def _kill_other_links(db: Session, user_id: int, purpose: str) -> None:
    for other in db.exec(select(OneTimeToken).where(
        OneTimeToken.user_id == user_id, OneTimeToken.purpose == purpose, OneTimeToken.used_at == None
    )):
        other.used_at = utcnow()


def change_password(db: Session, user: User, current: str, new: str, keep_session_id: int | None = None) -> None:
    if not passwords.verify_password(current, user.password_hash):
        raise ValidationFailed("current_password", "Your current password is not correct.")
    passwords.check_password_policy(new, user.email)
    org_security.check_password_length(db, user, new)
    user.password_hash = passwords.hash_password(new)
    revoke_all_sessions(db, user.id, except_id=keep_session_id)
    record_audit(db, "auth.password_change", actor_user_id=user.id, target=user.email)


# --- signing in --------------------------------------------------------------------------


def sign_in_with_password(db: Session, email: str, password: str, remember: bool = False,
                          client: Client = Client()) -> SignIn:
    email = normalize_email(email)
    throttle.check_allowed(db, email, client.ip)
    user = find_user_by_email(db, email)
    if user is None:
        passwords.burn_equal_time()
        _refuse(db, email, None, client, "unknown_email")
    if not passwords.verify_password(password, user.password_hash):
        _refuse(db, email, user.id, client, "bad_password")
    if not user.is_active:
        _refuse(db, email, user.id, client, "inactive", "This account is disabled. Contact your administrator.")
    if user.email_verified_at is None:
        _refuse(db, email, user.id, client, "unverified",
                "Confirm your email address first: we sent you a link. Use 'Resend' to get a new one.", "email_unverified")
    try:
        org_security.check_sign_in_address(db, user, client.ip)
    except PermissionDenied as exc:
        _refuse(db, email, user.id, client, "ip_not_allowed", exc.message, "ip_not_allowed")
    result = _after_password_step(db, user, remember)
    if not result.needs_second_factor:
        throttle.record_attempt(db, email, user_id=user.id, ip=client.ip, user_agent=client.user_agent, success=True)
    return result


def _refuse(db: Session, email: str, user_id: int | None, client: Client, reason: str,
            message: str = BAD_CREDENTIALS, code: str = "invalid_credentials") -> None:
    throttle.record_attempt(db, email, user_id=user_id, ip=client.ip, user_agent=client.user_agent,
                            success=False, reason=reason)
    db.commit()
    raise AuthenticationFailed(message, code)


def _after_password_step(db: Session, user: User, remember: bool) -> SignIn:
    if not user.totp_enabled:
        return SignIn(user=user, remember=remember)
    challenge = _issue_link_token(db, user, "2fa_challenge", CHALLENGE_TTL, payload="remember" if remember else "")
    return SignIn(user=user, remember=remember, challenge=challenge)


def complete_second_factor(db: Session, challenge: str, code: str, client: Client = Client()) -> SignIn:
    """Trade the password step's challenge and a TOTP or backup code for a full sign-in."""
    row = db.exec(select(OneTimeToken).where(
        OneTimeToken.token_hash == token_digest(challenge or ""), OneTimeToken.purpose == "2fa_challenge")).first()
    if row is None or row.used_at is not None or as_utc(row.expires_at) <= utcnow():
        raise AuthenticationFailed("Your sign-in took too long. Start again with your password.", "challenge_expired")
    user = db.get(User, row.user_id)
    throttle.check_allowed(db, user.email, client.ip)
    factor = totp.verify_second_factor(db, user, code)
    if factor is None:
        _refuse(db, user.email, user.id, client, "bad_second_factor",
                "That code is not valid. Use the current code from your app or an unused backup code.",
                "invalid_second_factor")
    _consume_link_token(db, challenge, "2fa_challenge")
    throttle.record_attempt(db, user.email, user_id=user.id, ip=client.ip, user_agent=client.user_agent,
                            success=True, reason=factor)
    return SignIn(user=user, remember=row.payload == "remember")


# --- sessions ----------------------------------------------------------------------------


def issue_session(db: Session, user: User, remember: bool, client: Client = Client()) -> IssuedTokens:
    """A fresh session with new access and refresh tokens (never reused across sign-in steps)."""
    access, refresh = new_token(), new_token()
    refresh_expires = utcnow() + timedelta(days=REMEMBER_DAYS if remember else REFRESH_DAYS)
    session = AuthSession(user_id=user.id, access_hash=token_digest(access), refresh_hash=token_digest(refresh),
                          remember=remember, ip=client.ip[:64], user_agent=client.user_agent[:300],
                          refresh_expires_at=refresh_expires)
    db.add(session)
    db.flush()
    return IssuedTokens(access, refresh, int(IDLE_TIMEOUT.total_seconds()), session.id, refresh_expires)


def session_user(db: Session, access_token: str, touch: bool = True) -> tuple[AuthSession, User] | None:
    """The live session and user behind an access token, or None (unknown, revoked, idle too long)."""
    if not access_token:
        return None
    session = db.exec(select(AuthSession).where(AuthSession.access_hash == token_digest(access_token))).first()
    now = utcnow()
    if session is None or session.revoked_at is not None or as_utc(session.last_seen_at) + IDLE_TIMEOUT <= now:
        return None
    user = db.get(User, session.user_id)
    if user is None or not user.is_active:
        return None
    idle_minutes = org_security.rules_for(db, user).idle_minutes  # an organization may ask for less than 15
    if idle_minutes < IDLE_TIMEOUT.total_seconds() // 60 and as_utc(session.last_seen_at) + timedelta(
            minutes=idle_minutes) <= now:
        return None
    if touch and as_utc(session.last_seen_at) + TOUCH_EVERY <= now:
        session.last_seen_at = now
    return session, user


def refresh_session(db: Session, refresh_token: str, client: Client = Client()) -> IssuedTokens:
    """Rotate both tokens of a session; the old pair stops working."""
    digest = token_digest(refresh_token or "")
    session = db.exec(select(AuthSession).where(AuthSession.refresh_hash == digest)).first()
    if session is None:
        _end_session_of_replayed_refresh(db, digest)
    now, user = utcnow(), db.get(User, session.user_id)
    expired = session.refresh_expires_at is None or as_utc(session.refresh_expires_at) <= now
    if session.revoked_at is not None or expired or user is None or not user.is_active:
        raise AuthenticationFailed(SESSION_ENDED, "refresh_invalid")
    access, refresh = new_token(), new_token()
    session.previous_refresh_hash = session.refresh_hash
    session.access_hash, session.refresh_hash = token_digest(access), token_digest(refresh)
    session.last_seen_at = now
    if client.ip:
        session.ip = client.ip[:64]
    return IssuedTokens(access, refresh, int(IDLE_TIMEOUT.total_seconds()), session.id,
                        as_utc(session.refresh_expires_at))


def _end_session_of_replayed_refresh(db: Session, digest: str) -> None:
    """An already-rotated refresh token came back: one of its two holders is a thief; end the session."""
    stolen = db.exec(select(AuthSession).where(AuthSession.previous_refresh_hash == digest,
                                               AuthSession.revoked_at == None)).first()
    if stolen is not None:
        stolen.revoked_at = utcnow()
        record_audit(db, "auth.refresh_reused", actor_user_id=stolen.user_id, target=f"session:{stolen.id}",
                     result="revoked")
        db.commit()
    raise AuthenticationFailed(SESSION_ENDED, "refresh_invalid")


def sign_out(db: Session, access_token: str) -> None:
    """End the session behind the token, even one that idled out (its refresh token dies too)."""
    session = db.exec(select(AuthSession).where(AuthSession.access_hash == token_digest(access_token or ""))).first()
    if session is not None and session.revoked_at is None:
        session.revoked_at = utcnow()
        record_audit(db, "auth.sign_out", actor_user_id=session.user_id, target=f"session:{session.id}")


def list_sessions(db: Session, user_id: int) -> list[AuthSession]:
    cutoff = utcnow()
    sessions = db.exec(select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at == None)
                       .order_by(col(AuthSession.last_seen_at).desc())).all()
    return [s for s in sessions if s.refresh_expires_at and as_utc(s.refresh_expires_at) > cutoff]


def revoke_session(db: Session, user_id: int, session_id: int) -> None:
    session = db.get(AuthSession, session_id)
    if session is None or session.user_id != user_id:
        raise NotFound("That session does not exist.")
    session.revoked_at = utcnow()
    record_audit(db, "auth.session_revoked", actor_user_id=user_id, target=f"session:{session_id}")


def revoke_all_sessions(db: Session, user_id: int, except_id: int | None = None) -> None:
    for session in db.exec(select(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at == None)):
        if session.id != except_id:
            session.revoked_at = utcnow()


def login_history(db: Session, user_id: int, limit: int = 20) -> list[LoginAttempt]:
    return list(db.exec(select(LoginAttempt).where(LoginAttempt.user_id == user_id)
                        .order_by(col(LoginAttempt.at).desc()).limit(limit)))


# --- the browser hand-off: cookies can only be HttpOnly when an HTTP response sets them ----


def create_web_handoff(db: Session, sign_in: SignIn) -> str:
    """A 60-second single-use code the browser trades at /api/v1/auth/web/complete for cookies."""
    if sign_in.needs_second_factor:
        raise AuthenticationFailed("The second factor is still owed.", "totp_required")
    return _issue_link_token(db, sign_in.user, "web_handoff", HANDOFF_TTL, payload="remember" if sign_in.remember else "")


def redeem_web_handoff(db: Session, code: str, client: Client = Client()) -> IssuedTokens:
    row = _consume_link_token(db, code, "web_handoff")
    user = db.get(User, row.user_id)
    return issue_session(db, user, row.payload == "remember", client)

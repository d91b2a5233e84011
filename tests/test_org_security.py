"""Per-organization security policy: who sets it, what it checks, and how sign-in obeys it."""

from __future__ import annotations

import pytest
import time_machine
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.core.clock import utcnow
from allin_app.core.errors import AuthenticationFailed, PermissionDenied, ValidationFailed
from allin_app.orgs import security
from allin_app.orgs import service as orgs

BLOOM_MEMBER = ("creator@allin.demo", "Creator123!@#")


def _actor(db, email: str, org_name: str | None = None):
    user = auth.find_user_by_email(db, email)
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return orgs.actor_for(db, user, org_id)


def _set_policy(db, **changes):
    actor = _actor(db, "agency@allin.demo", CLIENTS[0])
    values = {"require_2fa": False, "min_password_length": 8, "session_timeout_minutes": 15, "ip_allowlist": ""}
    values.update(changes)
    policy = security.update_policy(db, actor, actor.org_id, **values)
    db.commit()
    return policy


def test_allowlist_accepts_addresses_and_ranges_and_names_a_bad_entry():
    assert [str(n) for n in security.parse_allowlist("203.0.113.0/24\n10.1.2.3, 2001:db8::/32")] == [
        "203.0.113.0/24", "10.1.2.3/32", "2001:db8::/32"]
    with pytest.raises(ValidationFailed) as refused:
        security.parse_allowlist("203.0.113.0/24\noffice wifi")
    assert "office wifi" in refused.value.message


def test_sign_in_from_outside_the_allow_list_is_refused_clearly(seeded):
    _set_policy(seeded, ip_allowlist="203.0.113.0/24")
    with pytest.raises(AuthenticationFailed) as refused:
        auth.sign_in_with_password(seeded, *BLOOM_MEMBER, client=auth.Client(ip="198.51.100.7"))
    assert refused.value.code == "ip_not_allowed" and CLIENTS[0] in refused.value.message
    assert auth.sign_in_with_password(seeded, *BLOOM_MEMBER, client=auth.Client(ip="203.0.113.50")).user


def test_the_super_admin_is_never_locked_out_by_an_organization(seeded):
    _set_policy(seeded, ip_allowlist="203.0.113.0/24")
    assert auth.sign_in_with_password(seeded, "admin@allin.demo", "Admin123!@#",
                                      client=auth.Client(ip="198.51.100.7")).user.is_superadmin


def test_an_editor_cannot_save_a_list_that_locks_themselves_out(seeded):
    actor = _actor(seeded, "agency@allin.demo", CLIENTS[0])
    with pytest.raises(ValidationFailed) as refused:
        security.update_policy(seeded, actor, actor.org_id, require_2fa=False, min_password_length=8,
                               session_timeout_minutes=15, ip_allowlist="203.0.113.0/24", editor_ip="198.51.100.7")
    assert "lock you out" in refused.value.message


@pytest.mark.parametrize("email", ["manager@allin.demo", "creator@allin.demo", "client@allin.demo", "team@allin.demo"])
def test_only_owners_set_the_security_policy(seeded, email):
    actor = _actor(seeded, email)
    with pytest.raises(PermissionDenied):
        security.update_policy(seeded, actor, actor.org_id, require_2fa=True, min_password_length=8,
                               session_timeout_minutes=15, ip_allowlist="")


@pytest.mark.parametrize(("changes", "field"), [({"min_password_length": 7}, "min_password_length"),
                                                ({"session_timeout_minutes": 60}, "session_timeout_minutes")])
def test_policy_numbers_stay_within_the_platforms_bounds(seeded, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        _set_policy(seeded, **changes)
    assert refused.value.field == field


def test_required_2fa_and_stricter_rules_bind_the_members(seeded):
    _set_policy(seeded, require_2fa=True, min_password_length=14, session_timeout_minutes=5)
    rules = security.rules_for(seeded, auth.find_user_by_email(seeded, "manager@allin.demo"))
    assert (rules.require_2fa, rules.min_password_length, rules.idle_minutes) == (True, 14, 5)
    assert security.rules_for(seeded, auth.find_user_by_email(seeded, "admin@allin.demo")).require_2fa is False
    assert seeded.exec(select(AuditEvent).where(AuditEvent.action == "org.security_policy_changed")).first()


def test_a_member_changing_password_meets_the_organizations_length(seeded):
    _set_policy(seeded, min_password_length=14)
    user = auth.find_user_by_email(seeded, "manager@allin.demo")
    with pytest.raises(ValidationFailed) as refused:
        auth.change_password(seeded, user, "Manager123!@#", "Shorter-Pw1")
    assert "14" in refused.value.message
    auth.change_password(seeded, user, "Manager123!@#", "A-much-longer-Pw1")


def test_a_shorter_session_timeout_ends_idle_sessions_sooner(seeded):
    _set_policy(seeded, session_timeout_minutes=5)
    user = auth.find_user_by_email(seeded, "manager@allin.demo")
    start = utcnow()
    with time_machine.travel(start, tick=False):
        tokens = auth.issue_session(seeded, user, remember=False)
        seeded.commit()
    with time_machine.travel(start.timestamp() + 4 * 60, tick=False):
        assert auth.session_user(seeded, tokens.access_token, touch=False) is not None
    with time_machine.travel(start.timestamp() + 6 * 60, tick=False):
        assert auth.session_user(seeded, tokens.access_token) is None

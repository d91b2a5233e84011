"""Who sees whom on the Team page: the matrix's 'View Team Activity' row."""

from __future__ import annotations

import pytest

from allin_app.auth import service as auth
from allin_app.core.errors import PermissionDenied
from allin_app.orgs import service as orgs


def _members_seen_by(db, email: str) -> set[str]:
    user = auth.find_user_by_email(db, email)
    return {member.email for member, _role in orgs.list_members(db, orgs.actor_for(db, user))}


def test_manager_sees_the_whole_client_team(seeded):
    assert _members_seen_by(seeded, "manager@allin.demo") == {
        "manager@allin.demo", "creator@allin.demo", "client@allin.demo", "team@allin.demo"}


def test_team_member_sees_only_their_own_activity(seeded):
    assert _members_seen_by(seeded, "team@allin.demo") == {"team@allin.demo"}


def test_client_viewer_has_no_team_page(seeded):
    with pytest.raises(PermissionDenied):
        _members_seen_by(seeded, "client@allin.demo")

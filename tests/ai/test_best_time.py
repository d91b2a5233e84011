"""Best time to post: the organization's own best weekday-hours once it has history, industry defaults (saying
so) before, per network and account, in the organization's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from allin_app.ai import best_time
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from tests.ai.prediction_data import add_account, add_history, bloom, user_id
from tests.content.conftest import actors  # noqa: F401  (fixture)

NOW = datetime(2026, 9, 2, 12, tzinfo=UTC)  # a Wednesday


def _weeks(first: datetime, weeks: int) -> list[datetime]:
    return [first + timedelta(weeks=n) for n in range(weeks)]


def test_industry_defaults_while_history_is_thin(seeded, actors):  # noqa: F811
    found = best_time.best_times(seeded, actors["manager"], "linkedin", limit=3, now=NOW)
    assert found.source == "industry" and found.posts_considered == 0
    assert "Industry defaults" in found.explanation
    assert len(found.slots) == 3
    assert all((s.weekday, s.hour) in best_time.INDUSTRY["linkedin"] for s in found.slots)
    assert all(s.engagement_rate is None and s.next_at > NOW for s in found.slots)
    assert [s.next_at for s in found.slots] == sorted(s.next_at for s in found.slots)


def test_the_orgs_own_best_slots_once_it_has_history(seeded, actors):  # noqa: F811
    org = bloom(seeded)
    account = add_account(seeded, org.id, "instagram", "bloom")
    author = user_id(seeded, "manager")
    tuesday_nine = datetime(2026, 3, 3, 9, tzinfo=UTC)
    friday_eighteen = datetime(2026, 3, 6, 18, tzinfo=UTC)
    add_history(seeded, org.id, author, account, _weeks(tuesday_nine, 12), lambda n, at: 9.0)
    add_history(seeded, org.id, author, account, _weeks(friday_eighteen, 12), lambda n, at: 3.0)
    found = best_time.best_times(seeded, actors["manager"], "instagram", now=NOW)
    assert found.source == "history" and found.posts_considered == 24
    assert [(s.label, s.engagement_rate, s.posts) for s in found.slots] == [("Tuesday 09:00", 9.0, 12),
                                                                            ("Friday 18:00", 3.0, 12)]
    assert found.slots[0].next_at == datetime(2026, 9, 8, 9, tzinfo=UTC)
    # per account: the same; another network has no history of its own yet
    assert best_time.best_times(seeded, actors["manager"], account_id=account.id, now=NOW).source == "history"
    assert best_time.best_times(seeded, actors["manager"], "facebook", now=NOW).source == "industry"


def test_slots_are_in_the_orgs_zone(seeded, actors):  # noqa: F811
    org = bloom(seeded)
    seeded.get(Organization, org.id).timezone = "Europe/Berlin"  # UTC+2 in summer
    account = add_account(seeded, org.id, "instagram", "bloom")
    add_history(seeded, org.id, user_id(seeded, "manager"), account,
                _weeks(datetime(2026, 6, 2, 7, tzinfo=UTC), 20), lambda n, at: 6.0)
    found = best_time.best_times(seeded, actors["manager"], "instagram", now=NOW)
    assert (found.timezone, found.slots[0].label) == ("Europe/Berlin", "Tuesday 09:00")
    assert found.slots[0].next_at == datetime(2026, 9, 8, 7, tzinfo=UTC)


def test_bad_questions(seeded, actors):  # noqa: F811
    with pytest.raises(ValidationFailed):
        best_time.best_times(seeded, actors["manager"], "myspace")
    with pytest.raises(ValidationFailed):
        best_time.best_times(seeded, actors["manager"], "facebook", limit=0)
    other = seeded.exec(Organization.__table__.select().where(Organization.id != bloom(seeded).id)).first()
    foreign = add_account(seeded, other.id, "facebook", "elsewhere")
    with pytest.raises(NotFound):
        best_time.best_times(seeded, actors["manager"], account_id=foreign.id)
    with pytest.raises(PermissionDenied):
        best_time.best_times(seeded, actors["client"], "facebook")

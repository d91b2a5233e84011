"""A/B tests: started through the content and scheduling services (limits, permissions and approvals hold),
read back from analytics' post totals next to their predictions, with a winner only when significant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.ai import ab_tests
from allin_app.ai.ab_models import ABTest, ABVariant
from allin_app.analytics.models import PostTotal
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from tests.ai.prediction_data import add_account, bloom

NOW = datetime(2026, 9, 7, 8, tzinfo=UTC)
TEXTS = ("Fresh oat milk flat whites today. Which one is yours? #coffee",
         "Our oat milk flat white is back: come by and taste it! #coffee")


def _start(db, actor, account_ids, *, texts=TEXTS, schedule=False, network="twitter", post_id=None):
    return ab_tests.start_ab_test(db, actor, ab_tests.StartRequest(
        network=network, variants=tuple(ab_tests.VariantChoice(t, f"approach {i}") for i, t in enumerate(texts)),
        account_ids=tuple(account_ids), schedule=schedule, post_id=post_id))


def _publish(db, post_id: int, impressions: int, engagements: int, reach: int | None = None) -> None:
    """What the metric collector would leave for a published post: its target published, its totals read."""
    for target in db.exec(select(PostTarget).where(PostTarget.post_id == post_id)):
        target.status, target.published_at = PostStatus.published, NOW
        db.add(PostTotal(target_id=target.id, org_id=target.org_id, post_id=post_id, account_id=target.account_id,
                         network=target.network, published_at=NOW, published_on=NOW.date(),
                         last_collected_at=NOW + timedelta(days=1), impressions=impressions,
                         reach=impressions if reach is None else reach, engagements=engagements))
    db.flush()


@pytest.fixture
def x_accounts(seeded):
    org = bloom(seeded)
    return add_account(seeded, org.id, "twitter", "bloom_x"), add_account(seeded, org.id, "twitter", "bloom_beans")


def test_a_test_starts_as_drafts_one_post_per_variant(seeded, actors, x_accounts):
    first, second = x_accounts
    test = _start(seeded, actors["creator"], [first.id, second.id])
    rows = seeded.exec(select(ABVariant).where(ABVariant.test_id == test.id).order_by(ABVariant.key)).all()
    assert test.split == "account" and [r.key for r in rows] == ["A", "B"]
    posts = [seeded.get(Post, r.post_id) for r in rows]
    assert [p.text for p in posts] == list(TEXTS) and all(p.status == PostStatus.draft for p in posts)
    assert all(p.author_user_id == actors["creator"].user_id for p in posts)
    targets = [[t.account_id for t in seeded.exec(select(PostTarget).where(PostTarget.post_id == p.id))]
               for p in posts]
    assert targets == [[first.id], [second.id]]
    assert all(r.predicted_rate is not None and r.predicted_low <= r.predicted_rate <= r.predicted_high for r in rows)
    assert rows[0].planned_at == rows[1].planned_at and rows[0].slot_label
    assert seeded.exec(select(AuditEvent).where(AuditEvent.action == "ab_test.started")).first() is not None


def test_scheduling_at_the_planned_slots_goes_through_the_scheduler(seeded, actors, x_accounts):
    first, _ = x_accounts
    test = _start(seeded, actors["manager"], [first.id], schedule=True)
    rows = seeded.exec(select(ABVariant).where(ABVariant.test_id == test.id)).all()
    assert test.split == "time" and rows[0].planned_at != rows[1].planned_at
    for row in rows:
        post = seeded.get(Post, row.post_id)
        assert post.status == PostStatus.scheduled and post.scheduled_at == row.planned_at


def test_approvals_are_respected_when_a_creator_asks_to_schedule(seeded, actors, x_accounts):
    with pytest.raises(Conflict, match="approv"):
        _start(seeded, actors["creator"], [x_accounts[0].id], schedule=True)


def test_network_limits_hold_when_scheduling(seeded, actors, x_accounts):
    too_long = ("Beans " * 80, TEXTS[1])
    with pytest.raises(ValidationFailed):
        _start(seeded, actors["manager"], [x_accounts[0].id], texts=too_long, schedule=True)


def test_bad_starts_lose_nothing(seeded, actors, x_accounts):
    manager, first = actors["manager"], x_accounts[0].id
    for texts, accounts in (((TEXTS[0],), [first]), ((TEXTS[0], TEXTS[0]), [first]), (TEXTS, []),
                            ((TEXTS[0], " "), [first])):
        with pytest.raises(ValidationFailed):
            _start(seeded, manager, accounts, texts=texts)
    with pytest.raises(ValidationFailed):
        _start(seeded, manager, [first], network="linkedin")
    assert seeded.exec(select(ABTest)).first() is None


def test_who_may_start_and_read_tests(seeded, actors, x_accounts):
    first, second = x_accounts
    for role in ("client", "team"):
        with pytest.raises(PermissionDenied):
            _start(seeded, actors[role], [first.id])
        with pytest.raises(PermissionDenied):
            ab_tests.list_ab_tests(seeded, actors[role])
    mine = _start(seeded, actors["creator"], [first.id, second.id])
    theirs = _start(seeded, actors["manager"], [first.id, second.id])
    assert [t.id for t in ab_tests.list_ab_tests(seeded, actors["creator"]).items] == [mine.id]
    assert {t.id for t in ab_tests.list_ab_tests(seeded, actors["manager"]).items} == {mine.id, theirs.id}
    with pytest.raises(NotFound):  # a creator sees their own tests only
        ab_tests.get_ab_test(seeded, actors["creator"], theirs.id)
    manager_post = seeded.get(Post, seeded.exec(select(ABVariant.post_id).where(ABVariant.test_id == theirs.id))
                              .first())
    with pytest.raises(PermissionDenied):  # nor start one from someone else's post
        _start(seeded, actors["creator"], [first.id], post_id=manager_post.id)


def test_another_organizations_test_is_not_found(seeded, actors, x_accounts):
    test = _start(seeded, actors["manager"], [x_accounts[0].id])
    other = seeded.exec(select(Organization).where(Organization.id != test.org_id)).first()
    test.org_id = other.id
    seeded.flush()
    with pytest.raises(NotFound):
        ab_tests.get_ab_test(seeded, actors["manager"], test.id)
    assert ab_tests.list_ab_tests(seeded, actors["manager"]).total == 0


def test_results_come_from_analytics_and_a_clear_difference_wins(seeded, actors, x_accounts):
    test = _start(seeded, actors["manager"], [a.id for a in x_accounts])
    a, b = seeded.exec(select(ABVariant).where(ABVariant.test_id == test.id).order_by(ABVariant.key)).all()
    found = ab_tests.get_ab_test(seeded, actors["manager"], test.id)
    assert found.verdict.winner is None and found.verdict.sentence.startswith("Not enough data yet")
    assert [v.impressions for v in found.variants] == [0, 0] and found.variants[0].engagement_rate is None
    _publish(seeded, a.post_id, impressions=10_000, engagements=300, reach=6_000)
    _publish(seeded, b.post_id, impressions=10_000, engagements=500, reach=6_000)
    found = ab_tests.get_ab_test(seeded, actors["manager"], test.id)
    first, second = found.variants
    assert (first.impressions, first.reach, first.engagements) == (10_000, 6_000, 300)
    assert first.engagement_rate == 5.0 and first.per_impression == 3.0 and second.per_impression == 5.0
    assert first.predicted_rate == a.predicted_rate and first.against_prediction
    assert found.verdict.winner == "B" and found.verdict.p_value < 0.05 and "B wins" in found.verdict.sentence


def test_a_small_difference_is_not_called(seeded, actors, x_accounts):
    test = _start(seeded, actors["manager"], [a.id for a in x_accounts])
    a, b = seeded.exec(select(ABVariant).where(ABVariant.test_id == test.id).order_by(ABVariant.key)).all()
    _publish(seeded, a.post_id, impressions=1_000, engagements=30)
    _publish(seeded, b.post_id, impressions=50, engagements=5)
    assert "B has fewer than 100 impressions" in ab_tests.get_ab_test(seeded, actors["manager"], test.id).verdict.sentence
    seeded.exec(select(PostTotal).where(PostTotal.post_id == b.post_id)).one().impressions = 1_000
    seeded.exec(select(PostTotal).where(PostTotal.post_id == b.post_id)).one().engagements = 34
    seeded.flush()
    verdict = ab_tests.get_ab_test(seeded, actors["manager"], test.id).verdict
    assert verdict.winner is None and verdict.p_value > 0.05
    assert verdict.sentence.startswith("Not enough data yet to call a winner")


def test_the_z_test_matches_the_textbook_figures():
    z, p = ab_tests.two_proportion_z(500, 10_000, 300, 10_000)  # 5 % vs 3 %: pooled 4 %
    assert round(z, 2) == 7.22 and p < 1e-10
    z, p = ab_tests.two_proportion_z(50, 1_000, 40, 1_000)
    assert round(z, 2) == 1.08 and round(p, 2) == 0.28
    assert ab_tests.two_proportion_z(0, 100, 0, 100) == (0.0, 1.0)


def test_listing_pages_with_a_cursor(seeded, actors, x_accounts):
    ids = [_start(seeded, actors["manager"], [x_accounts[0].id]).id for _ in range(3)]
    page = ab_tests.list_ab_tests(seeded, actors["manager"], limit=2)
    assert [t.id for t in page.items] == ids[::-1][:2] and page.total == 3 and page.next_cursor
    rest = ab_tests.list_ab_tests(seeded, actors["manager"], limit=2, cursor=page.next_cursor)
    assert [t.id for t in rest.items] == [ids[0]] and rest.next_cursor is None
    with pytest.raises(ValidationFailed):
        ab_tests.list_ab_tests(seeded, actors["manager"], cursor="abc")

"""The collector against the in-process simulator: it reads what is due through the adapters with the
accounts' own tokens, stores the readings, rolls them up and says which days changed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from allin_app.accounts import service as account_service
from allin_app.accounts.models import SocialAccount
from allin_app.analytics import collector, events
from allin_app.analytics.models import AccountDaily, AccountSnapshot, MetricSnapshot, OrgDaily, PostDaily, PostTotal
from allin_app.content.models import PostTarget
from allin_app.core.clock import clock_at, utcnow
from allin_app.platforms.registry import adapter_for
from allin_app.platforms.simulator import faults
from tests.analytics.conftest import collect_at, publish_at

T0 = (utcnow() - timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)


def _published(db, sim, actors, accounts, when=T0):
    ids = (accounts["twitter"].id, accounts["linkedin"].id)
    post = publish_at(db, sim, actors["manager"], ids, when)
    return post, db.exec(select(PostTarget).where(PostTarget.post_id == post.id)).all()


def test_a_published_post_is_read_and_rolled_up(seeded, sim, actors, accounts):
    post, targets = _published(seeded, sim, actors, accounts)
    assert all(t.status == "published" and t.published_at is not None for t in targets)
    report = collect_at(sim, T0 + timedelta(hours=2))
    connected = seeded.exec(select(SocialAccount).where(SocialAccount.org_id == post.org_id)).all()
    assert report.posts_read == 2 and report.accounts_read == len(connected) and not report.skipped_accounts
    seeded.expire_all()
    twitter = next(t for t in targets if t.network == "twitter")
    with clock_at(T0 + timedelta(hours=2)):  # what the network says at that moment
        expected = adapter_for("twitter", client=sim).post_metrics(
            account_service.token_set(accounts["twitter"]), accounts["twitter"].external_id, twitter.external_id)
    snapshot = seeded.exec(select(MetricSnapshot).where(MetricSnapshot.target_id == twitter.id)).one()
    assert (snapshot.impressions, snapshot.likes, snapshot.post_id) == (expected.impressions, expected.likes, post.id)
    assert expected.impressions > 0
    day = seeded.get(PostDaily, (twitter.id, T0.date()))
    assert day.impressions == day.delta_impressions == expected.impressions  # the first reading is all new
    assert day.engagements == expected.likes + expected.comments + expected.shares + expected.saves
    assert seeded.get(PostTotal, twitter.id).impressions == expected.impressions
    account_day = seeded.get(AccountDaily, (accounts["twitter"].id, T0.date()))
    assert account_day.posts_published == 1 and account_day.impressions == expected.impressions
    assert account_day.followers > 0 and account_day.followers_delta == 0  # the first reading has no base
    org_day = seeded.get(OrgDaily, (post.org_id, T0.date(), "twitter"))
    assert org_day.impressions == expected.impressions and org_day.followers == account_day.followers


def test_a_later_reading_adds_the_difference_to_its_own_day(seeded, sim, actors, accounts):
    _post, targets = _published(seeded, sim, actors, accounts)
    collect_at(sim, T0 + timedelta(hours=2))
    collect_at(sim, T0 + timedelta(days=1, hours=2))
    seeded.expire_all()
    twitter = next(t for t in targets if t.network == "twitter")
    first, second = seeded.get(PostDaily, (twitter.id, T0.date())), seeded.get(PostDaily, (twitter.id, (T0 + timedelta(days=1)).date()))
    assert second.impressions > first.impressions
    assert second.delta_impressions == second.impressions - first.impressions
    assert seeded.get(PostTotal, twitter.id).impressions == second.impressions


def test_how_often_a_post_is_read_follows_its_age():
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    assert collector.is_due(now - timedelta(hours=1), None, now)  # never read
    assert not collector.is_due(now - timedelta(hours=1), now - timedelta(minutes=10), now)
    assert collector.is_due(now - timedelta(hours=1), now - timedelta(minutes=15), now)
    assert not collector.is_due(now - timedelta(days=2), now - timedelta(minutes=45), now)  # hourly in week one
    assert collector.is_due(now - timedelta(days=2), now - timedelta(minutes=60), now)
    assert not collector.is_due(now - timedelta(days=10), now - timedelta(hours=20), now)  # daily in month one
    assert collector.is_due(now - timedelta(days=10), now - timedelta(hours=24), now)
    assert not collector.is_due(now - timedelta(days=40), now - timedelta(days=6), now)  # weekly until 90 days
    assert collector.is_due(now - timedelta(days=40), now - timedelta(days=7), now)
    assert not collector.is_due(now - timedelta(days=91), None, now)  # settled: never again


def test_a_run_reads_only_what_is_due(seeded, sim, actors, accounts):
    _published(seeded, sim, actors, accounts)
    assert collect_at(sim, T0 + timedelta(minutes=20)).posts_read == 2
    again = collect_at(sim, T0 + timedelta(minutes=30))
    assert again.posts_read == 0 and again.accounts_read == 0  # 10 minutes on: nothing due, followers hourly
    assert collect_at(sim, T0 + timedelta(minutes=36)).posts_read == 2
    connected = len(seeded.exec(select(SocialAccount)).all())
    assert collect_at(sim, T0 + timedelta(minutes=81)).accounts_read == connected
    assert len(seeded.exec(select(AccountSnapshot)).all()) == 2 * connected


def test_one_accounts_ended_access_does_not_stop_the_others(seeded, sim, actors, accounts):
    _published(seeded, sim, actors, accounts)
    faults.inject("twitter", "revoked")  # the person removed AllIN at X
    report = collect_at(sim, T0 + timedelta(hours=1))
    assert report.skipped_accounts == [accounts["twitter"].id]
    assert report.posts_read == 1  # LinkedIn was read all the same
    networks = {s.network for s in seeded.exec(select(MetricSnapshot))}
    assert networks == {"linkedin"}


def test_analytics_updated_is_raised_once_per_organization_with_the_days(seeded, sim, actors, accounts):
    post, _targets = _published(seeded, sim, actors, accounts)
    heard = []
    stop = events.subscribe(events.ANALYTICS_UPDATED, lambda _name, payload: heard.append(payload))
    try:
        collect_at(sim, T0 + timedelta(hours=1))
        collect_at(sim, T0 + timedelta(hours=1, minutes=5))  # nothing due: nothing to say
    finally:
        stop()
    assert len(heard) == 1
    assert heard[0]["org_id"] == post.org_id and heard[0]["days"] == [T0.date().isoformat()]


def test_followers_of_facebook_and_instagram_are_read_with_the_page_token_the_account_keeps(seeded, sim):
    from tests.accounts.test_connect import connect

    page = connect(seeded, sim, "facebook")[0][0]
    instagram = connect(seeded, sim, "instagram")[0][0]
    for account in (page, instagram):
        tokens = account_service.token_set(account)
        assert tokens.page_token  # the generic /me/accounts is not open to a Page token
        assert adapter_for(account.network, client=sim).account_metrics(tokens, account.external_id).followers > 0

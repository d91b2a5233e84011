"""Competitors: adding by handle through the organization's own account, the daily readings, the report
(frequency, engagement rate, hashtags, growth, benchmark, share of voice) and who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics import competitor_charts, competitors
from allin_app.analytics import competitor_collector as job
from allin_app.analytics import competitor_figures as figures
from allin_app.analytics.competitor_collector import public_rate
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.analytics.competitors_state import contender_line
from allin_app.analytics.models import PostTotal
from allin_app.auth import service as auth
from allin_app.core.clock import clock_at, utcnow
from allin_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.platforms.simulator import rivals, store
from tests.accounts.test_connect import connect
from tests.analytics.conftest import collect_at, publish_at

NOW = utcnow().replace(minute=0, second=0, microsecond=0)
T1 = NOW - timedelta(days=5)  # when the competitor is added
DRIFTWOOD, RITUAL = rivals.RIVALS[0], rivals.RIVALS[2]


def _add(db, sim, actor, network="twitter", handle="@DriftwoodRoast", when=T1):
    with clock_at(when):
        found = competitors.add_competitor(db, actor, network, handle, client=sim)
        db.commit()
    return found


def test_adding_looks_the_handle_up_and_brings_its_recent_posts(seeded, sim, actors, accounts):
    competitor = _add(seeded, sim, actors["manager"])
    assert (competitor.handle, competitor.display_name, competitor.network) == ("driftwoodroast", DRIFTWOOD.name,
                                                                                 "twitter")
    assert competitor.external_id == rivals.external_id_of("twitter", DRIFTWOOD) and not competitor.last_error
    posts = seeded.exec(select(CompetitorPost).where(CompetitorPost.competitor_id == competitor.id)).all()
    expected = rivals.posts("twitter", DRIFTWOOD, since=T1 - timedelta(days=job.FIRST_DAYS), now=T1)
    assert sorted(p.external_id for p in posts) == sorted(p.id for p in expected)
    newest = next(p for p in posts if p.external_id == expected[0].id)
    seen = rivals.counters("twitter", DRIFTWOOD, expected[0], T1)
    assert newest.engagements == seen.likes + seen.comments + seen.shares + seen.saves
    snapshot = seeded.exec(select(CompetitorSnapshot).where(CompetitorSnapshot.competitor_id == competitor.id)).one()
    assert snapshot.day == T1.date() and snapshot.followers == rivals.followers("twitter", DRIFTWOOD, T1)
    assert snapshot.posts_total == rivals.post_count("twitter", DRIFTWOOD, T1)
    recent = [p for p in posts if p.published_at.replace(tzinfo=None) >= (T1 - timedelta(days=30)).replace(tzinfo=None)]
    assert snapshot.avg_engagement_rate == public_rate(sum(p.engagements for p in recent), len(recent),
                                                       snapshot.followers)
    assert snapshot.top_hashtags[0]["posts"] >= snapshot.top_hashtags[-1]["posts"]
    assert {t["tag"] for t in snapshot.top_hashtags} <= {f"#{t}" for t in DRIFTWOOD.hashtags}


def test_what_cannot_be_added(seeded, sim, actors, accounts):
    manager = actors["manager"]
    _add(seeded, sim, manager)
    with pytest.raises(Conflict):
        _add(seeded, sim, manager, handle="driftwoodroast")
    with pytest.raises(ValidationFailed, match="no public account") as refused:
        _add(seeded, sim, manager, handle="nobody_here")
    assert refused.value.field == "handle"
    with pytest.raises(ValidationFailed, match="handle"):
        _add(seeded, sim, manager, handle="two words")
    with pytest.raises(ValidationFailed, match="Connect a TikTok account first"):
        _add(seeded, sim, manager, network="tiktok", handle="driftwoodroast")
    with pytest.raises(ValidationFailed, match="only the signed-in account"):
        _add(seeded, sim, manager, network="pinterest", handle="driftwoodroast")
    assert len(competitors.list_competitors(seeded, manager)) == 1


def test_permissions_by_role(seeded, sim, actors, accounts):
    competitor = _add(seeded, sim, actors["manager"])
    for role in ("creator", "team"):
        with pytest.raises(PermissionDenied):
            competitors.list_competitors(seeded, actors[role])
        with pytest.raises(PermissionDenied):
            _add(seeded, sim, actors[role], handle="copperkettle")
        with pytest.raises(PermissionDenied):
            figures.competitor_report(seeded, actors[role], "twitter", NOW.date() - timedelta(days=29), NOW.date())
    client = actors["client"]
    assert [c.id for c in competitors.list_competitors(seeded, client)] == [competitor.id]
    assert figures.competitor_report(seeded, client, "twitter", NOW.date() - timedelta(days=29), NOW.date())
    with pytest.raises(PermissionDenied):
        _add(seeded, sim, client, handle="copperkettle")
    with pytest.raises(PermissionDenied):
        competitors.remove_competitor(seeded, client, competitor.id)
    agency = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"), competitor.org_id)
    assert _add(seeded, sim, agency, handle="copperkettle").added_by_user_id == agency.user_id
    assert competitors.may_edit(agency) and not competitors.may_edit(client) and competitors.may_view(client)


def test_the_daily_job_reads_each_competitor_once_a_day(seeded, sim, actors, accounts):
    competitor = _add(seeded, sim, actors["manager"])
    assert job.collect_competitors(now=T1 + timedelta(hours=3), client=sim) == 0  # read at adding time
    with clock_at(T1 + timedelta(days=1)):
        assert job.collect_competitors(now=T1 + timedelta(days=1), client=sim) == 1
    seeded.expire_all()
    days = seeded.exec(select(CompetitorSnapshot).where(CompetitorSnapshot.competitor_id == competitor.id)
                       .order_by(CompetitorSnapshot.day)).all()
    assert [s.day for s in days] == [T1.date(), (T1 + timedelta(days=1)).date()]
    assert days[1].followers == rivals.followers("twitter", DRIFTWOOD, T1 + timedelta(days=1))
    newer = rivals.posts("twitter", DRIFTWOOD, since=T1, now=T1 + timedelta(days=1))
    stored = {p.external_id for p in seeded.exec(select(CompetitorPost))}
    assert {p.id for p in newer} <= stored


def test_a_failed_reading_is_kept_and_others_go_on(seeded, sim, actors, accounts):
    first = _add(seeded, sim, actors["manager"])
    second = _add(seeded, sim, actors["manager"], network="linkedin", handle="morningritual")
    twitter = seeded.exec(select(SocialAccount).where(SocialAccount.id == accounts["twitter"].id)).one()
    from allin_app.accounts import service as account_service

    store.revoke_token(account_service.token_set(twitter).access_token)
    later = T1 + timedelta(days=1)
    with clock_at(later):
        assert job.collect_competitors(now=later, client=sim) == 1
    seeded.expire_all()
    assert "reconnect" in seeded.get(Competitor, first.id).last_error
    assert seeded.get(Competitor, second.id).last_error == "" and seeded.get(Competitor, second.id).last_collected_at
    assert job.due_ids(seeded, later + timedelta(hours=1)) == []  # tried today: next turn tomorrow


def test_linkedin_competitors_have_followers_but_no_posts(seeded, sim, actors, accounts):
    competitor = _add(seeded, sim, actors["manager"], network="linkedin", handle="morningritual")
    snapshot = seeded.exec(select(CompetitorSnapshot).where(CompetitorSnapshot.competitor_id == competitor.id)).one()
    assert snapshot.followers == rivals.followers("linkedin", RITUAL, T1) and snapshot.avg_engagement_rate is None
    assert seeded.exec(select(CompetitorPost)).all() == []


def test_removing_forgets_what_was_read(seeded, sim, actors, accounts):
    competitor = _add(seeded, sim, actors["manager"])
    competitors.remove_competitor(seeded, actors["manager"], competitor.id)
    seeded.commit()
    assert seeded.exec(select(CompetitorPost)).all() == [] and seeded.exec(select(CompetitorSnapshot)).all() == []
    assert seeded.get(Competitor, competitor.id) is None


def test_the_report_benchmarks_the_organization_against_its_competitors(seeded, sim, actors, accounts):
    manager = actors["manager"]
    post_day = NOW - timedelta(days=3)
    publish_at(seeded, sim, manager, [accounts["twitter"].id], post_day, "Cold brew season #coffee #coldbrew")
    collect_at(sim, post_day + timedelta(hours=6))
    driftwood = _add(seeded, sim, manager, when=NOW - timedelta(hours=1))
    ritual = _add(seeded, sim, manager, handle="morningritual", when=NOW - timedelta(hours=1))
    start, end = NOW.date() - timedelta(days=27), NOW.date()
    report = figures.competitor_report(seeded, manager, "twitter", start, end)
    rows = {row.key: row for row in report.contenders}
    org, drift = rows["org"], rows[str(driftwood.id)]

    ours = seeded.exec(select(PostTotal).where(PostTotal.account_id == accounts["twitter"].id)).one()
    assert org.is_org and org.posts == 1 and org.engagements == ours.engagements
    assert org.top_hashtags[0]["tag"] in ("#coffee", "#coldbrew") and org.followers

    in_period = [p for p in seeded.exec(select(CompetitorPost).where(CompetitorPost.competitor_id == driftwood.id))
                 if start <= p.published_at.date() <= end]
    assert drift.posts == len(in_period) and drift.posts_per_week == round(len(in_period) / 4, 1)
    assert drift.engagements == sum(p.engagements for p in in_period)
    assert drift.engagement_rate == public_rate(drift.engagements, drift.posts, drift.followers)
    total = sum(row.engagements for row in rows.values())
    assert drift.share_of_voice == round(100 * drift.engagements / total, 2)
    assert abs(sum(row.share_of_voice for row in rows.values()) - 100) < 0.05
    assert sum(week[str(driftwood.id)] for week in report.weekly_posts) == drift.posts
    assert all(week["week"].weekday() == 0 for week in report.weekly_posts)
    assert report.followers[str(ritual.id)][-1]["followers"] == rows[str(ritual.id)].followers
    assert drift.top_hashtags[0]["posts"] >= drift.top_hashtags[-1]["posts"] >= 1

    line = contender_line(drift)
    assert line.rate == f"{drift.engagement_rate:,.2f} %" and line.posts == str(drift.posts)
    assert contender_line(org).hashtags.startswith(org.top_hashtags[0]["tag"])
    assert len(competitor_charts.frequency_chart(report).data) == 3  # the organization and two competitors
    assert [t.name for t in competitor_charts.followers_chart(report).data][-1] == RITUAL.name
    voice = competitor_charts.share_of_voice_chart(report).data[0]
    assert sorted(voice.x) == sorted(row.share_of_voice for row in report.contenders)


def test_threads_competitors_have_no_share_of_voice(seeded, sim, actors, accounts):
    connect(seeded, sim, "threads")
    _add(seeded, sim, actors["manager"], network="threads", handle="flowstateyoga", when=NOW - timedelta(hours=1))
    report = figures.competitor_report(seeded, actors["manager"], "threads", NOW.date() - timedelta(days=29),
                                       NOW.date())
    rival = next(row for row in report.contenders if not row.is_org)
    assert rival.posts > 0 and rival.engagements is None and rival.engagement_rate is None
    assert all(row.share_of_voice is None for row in report.contenders)
    assert rival.share_of_posts == 100.0  # the organization posted nothing on Threads

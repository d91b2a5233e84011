"""The query service over a hand-checked week (tests/analytics/figures.py): every figure, every filter,
the comparison with the previous period, and who sees what."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from allin_app.analytics import queries
from allin_app.auth import service as auth
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from tests.analytics.figures import PERIOD, record_week
from tests.analytics.rollup_data import user_id


@pytest.fixture
def week(seeded):
    return record_week(seeded) | {"db": seeded}


def actor(db, name: str, org_id: int | None = None):
    return orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), org_id)


def test_overview_adds_up_the_period_and_compares_it_with_the_one_before(week):
    found = queries.overview(week["db"], actor(week["db"], "manager"), PERIOD)
    assert (found.total_posts, found.total_impressions, found.total_reach) == (3, 2000, 950)
    assert (found.total_engagements, found.clicks, found.scheduled_posts) == (112, 19, 2)
    assert found.engagement_rate == 8.63  # Facebook's 82 engagements over its 950 reached; X reports no reach
    assert found.click_through == 0.95
    assert (found.followers, found.followers_delta) == (3080, 80)
    assert (found.previous_start, found.previous_end) == (date(2026, 4, 27), date(2026, 5, 3))
    assert (found.total_posts_prev, found.total_impressions_prev, found.total_reach_prev) == (1, 1000, 0)
    assert (found.total_engagements_prev, found.scheduled_posts_prev, found.followers_prev) == (50, 1, 1000)
    assert found.change_pct["total_posts"] == 200.0
    assert found.change_pct["total_impressions"] == 100.0
    assert found.change_pct["total_engagements"] == 124.0
    assert found.change_pct["followers"] == 208.0
    assert found.change_pct["total_reach"] is None  # nothing to compare with
    assert found.change_pct["followers_delta"] is None


def test_without_comparison_the_previous_figures_stay_empty(week):
    found = queries.overview(week["db"], actor(week["db"], "manager"), replace(PERIOD, compare=False))
    assert found.previous_start is None and found.change_pct == {} and found.total_posts == 3


@pytest.mark.parametrize(("change", "posts", "impressions", "reach"), [
    ({"networks": ("facebook",)}, 2, 1300, 950),
    ({"account_ids": "x"}, 1, 700, 0),
    ({"campaign_ids": "spring"}, 2, 1500, 700),
    ({"content_types": ("link",)}, 2, 1500, 700),
    ({"content_types": ("text",)}, 1, 500, 250),  # P2, and P3's growth (published before the period)
    ({"author_ids": "creator"}, 1, 300, 250),
])
def test_every_filter_narrows_the_figures(week, change, posts, impressions, reach):
    db = week["db"]
    ids = {"x": (week["x"].id,), "spring": (week["spring"].id,), "creator": (user_id(db, "creator"),)}
    f = replace(PERIOD, **{key: ids.get(value, value) for key, value in change.items()})
    found = queries.overview(db, actor(db, "manager"), f)
    assert (found.total_posts, found.total_impressions, found.total_reach) == (posts, impressions, reach)


def test_account_and_network_filters_keep_followers_to_those_accounts(week):
    db, manager = week["db"], actor(week["db"], "manager")
    assert queries.overview(db, manager, replace(PERIOD, networks=("facebook",))).followers == 2050
    assert queries.overview(db, manager, replace(PERIOD, account_ids=(week["x"].id,))).followers_delta == 30


def test_a_creator_sees_their_own_posts_and_a_team_member_the_assigned_ones(week):
    db = week["db"]
    for name in ("creator", "team"):
        found = queries.overview(db, actor(db, name), PERIOD)
        assert (found.total_posts, found.total_impressions, found.total_engagements) == (1, 300, 30)
        assert found.engagement_rate == 12.0 and found.followers is None
        assert [row.post_id for row in queries.top_posts(db, actor(db, name), PERIOD)] == [week["p2"]]
    forced = queries.overview(db, actor(db, "creator"), replace(PERIOD, author_ids=(user_id(db, "manager"),)))
    assert forced.total_posts == 0  # asking for someone else's posts shows nothing of theirs


def test_a_client_viewer_reads_the_organizations_figures(week):
    db = week["db"]
    assert queries.overview(db, actor(db, "client"), PERIOD).total_impressions == 2000
    assert len(queries.accounts_table(db, actor(db, "client"), PERIOD)) == 2


def test_team_members_have_no_cross_network_or_advanced_analytics(week):
    db, team = week["db"], actor(week["db"], "team")
    with pytest.raises(PermissionDenied):
        queries.by_network(db, team, PERIOD)
    with pytest.raises(PermissionDenied):
        queries.heatmap(db, team, PERIOD)
    with pytest.raises(PermissionDenied):
        queries.agency_overview(db, team, PERIOD)


def test_by_network(week):
    rows = {row.network: row for row in queries.by_network(week["db"], actor(week["db"], "manager"), PERIOD)}
    assert set(rows) == {"facebook", "twitter"}
    fb, x = rows["facebook"], rows["twitter"]
    assert (fb.accounts, fb.posts, fb.reach, fb.impressions, fb.engagements, fb.followers) == (1, 2, 950, 1300, 82, 2050)
    assert fb.engagement_rate == 8.63
    assert (x.posts, x.impressions, x.engagements, x.engagement_rate, x.followers) == (1, 700, 30, 0.0, 1030)


def test_top_and_bottom_posts(week):
    db, manager = week["db"], actor(week["db"], "manager")
    best = queries.top_posts(db, manager, PERIOD)
    assert [(row.post_id, row.network, row.engagements) for row in best] == [
        (week["p1"], "facebook", 52), (week["p2"], "facebook", 30), (week["p1"], "twitter", 20)]
    assert best[0].text == "Spring menu is here" and best[0].account == "Bloomfb" and best[0].engagement_rate == 7.43
    assert queries.top_posts(db, manager, PERIOD, worst=True, limit=1)[0].network == "twitter"
    by_rate = queries.top_posts(db, manager, PERIOD, by="engagement_rate")
    assert [row.post_id for row in by_rate] == [week["p2"], week["p1"]]  # X reports no reach: no rate
    with pytest.raises(ValidationFailed):
        queries.top_posts(db, manager, PERIOD, by="vibes")


def test_heatmap_by_weekday_and_hour_of_publishing(week):
    found = queries.heatmap(week["db"], actor(week["db"], "manager"), PERIOD)
    assert found.rates[0][9] == 7.43 and found.posts[0][9] == 1  # Monday 09:00, Facebook
    assert found.rates[1][18] == 12.0  # Tuesday 18:00
    assert sum(map(sum, found.posts)) == 2 and found.best == (1, 18)


def test_timeseries_by_day_and_week(week):
    db, manager = week["db"], actor(week["db"], "manager")
    daily = queries.timeseries(db, manager, PERIOD, ["impressions", "followers", "posts", "engagement_rate"])
    assert [point["day"] for point in daily] == [date(2026, 5, d) for d in range(4, 11)]
    assert [point["impressions"] for point in daily] == [1300, 500, 200, 0, 0, 0, 0]
    assert [point["followers"] for point in daily] == [3000, 3030, 3080, 3080, 3080, 3080, 3080]
    assert [point["posts"] for point in daily][:3] == [2, 1, 0]
    assert daily[0]["engagement_rate"] == 6.67  # 4 May: Facebook 40 engagements / 600 reached
    # frequency too leaves out X, which reports no reach: Facebook's 800 impressions / 600 reached
    assert queries.timeseries(db, manager, PERIOD, ["frequency"])[0]["frequency"] == 1.33
    weekly = queries.timeseries(db, manager, replace(PERIOD, end=date(2026, 5, 11)), ["impressions"], grain="week")
    assert weekly == [{"day": date(2026, 5, 4), "impressions": 2000}, {"day": date(2026, 5, 11), "impressions": 0}]
    with pytest.raises(ValidationFailed):
        queries.timeseries(db, manager, PERIOD, ["vibes"])


def test_posts_table_pages_with_a_cursor(week):
    db, manager = week["db"], actor(week["db"], "manager")
    first = queries.posts_table(db, manager, PERIOD, limit=2)
    assert first.total == 3 and len(first.items) == 2 and first.next_cursor
    second = queries.posts_table(db, manager, PERIOD, first.next_cursor, limit=2)
    assert len(second.items) == 1 and second.next_cursor is None
    assert {r.target_id for r in first.items}.isdisjoint(r.target_id for r in second.items)
    with pytest.raises(ValidationFailed):
        queries.posts_table(db, manager, PERIOD, "not-a-cursor")


def test_accounts_table_and_follower_growth(week):
    db, manager = week["db"], actor(week["db"], "manager")
    rows = {row.network: row for row in queries.accounts_table(db, manager, PERIOD)}
    assert (rows["twitter"].followers, rows["twitter"].followers_delta, rows["twitter"].posts) == (1030, 30, 1)
    assert (rows["facebook"].followers, rows["facebook"].posts, rows["facebook"].impressions) == (2050, 2, 1300)
    growth = {s.network: s for s in queries.follower_growth(db, manager, PERIOD)}
    assert [p["followers"] for p in growth["facebook"].points][:3] == [2000, 2000, 2050]
    assert growth["facebook"].points[2]["followers_delta"] == 50


def test_the_period_must_make_sense(week):
    db, manager = week["db"], actor(week["db"], "manager")
    with pytest.raises(ValidationFailed) as refused:
        queries.overview(db, manager, queries.Filters(date(2026, 5, 10), date(2026, 5, 4)))
    assert refused.value.field == "end_date"
    with pytest.raises(ValidationFailed):
        queries.overview(db, manager, queries.Filters(date(2020, 1, 1), date(2026, 5, 4)))
    with pytest.raises(ValidationFailed):
        queries.overview(db, manager, replace(PERIOD, networks=("myspace",)))


def test_other_organizations_and_their_ids_answer_not_found(week):
    db, manager = week["db"], actor(week["db"], "manager")
    peak = orgs.get_org_by_slug(db, orgs.slugify("Peak Fitness Studio"))
    with pytest.raises(NotFound):
        queries.overview(db, manager, replace(PERIOD, org_ids=(peak.id,)))
    with pytest.raises(NotFound):
        queries.overview(db, manager, replace(PERIOD, org_ids=(987654,)))
    from tests.analytics.rollup_data import add_account
    theirs = add_account(db, peak.id, "twitter", "peakx")
    with pytest.raises(NotFound):
        queries.overview(db, manager, replace(PERIOD, account_ids=(theirs.id,)))


def test_an_agency_owner_adds_up_clients_and_compares_them(week):
    db = week["db"]
    owner = actor(db, "agency")
    peak = orgs.get_org_by_slug(db, orgs.slugify("Peak Fitness Studio"))
    both = queries.overview(db, owner, replace(PERIOD, org_ids=(week["org"].id, peak.id)))
    assert both.total_impressions == 2000  # Peak has no figures yet
    rows = queries.agency_overview(db, owner, PERIOD)
    assert [row.name for row in rows] == ["Bloom Coffee Co.", "Peak Fitness Studio"]
    assert rows[0].overview.total_reach == 950 and rows[1].overview.total_posts == 0
    with pytest.raises(PermissionDenied):
        queries.agency_overview(db, actor(db, "manager"), PERIOD)


def test_heatmap_hours_are_the_organizations_even_half_an_hour_off_utc(week):
    db = week["db"]
    week["org"].timezone = "Asia/Kolkata"  # UTC+05:30
    db.commit()
    found = queries.heatmap(db, actor(db, "manager"), PERIOD)
    assert found.rates[0][14] == 7.43  # Monday 09:00 UTC is 14:30 there
    assert found.rates[1][23] == 12.0  # Tuesday 18:00 UTC is 23:30 there

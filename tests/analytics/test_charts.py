"""The chart builders are pure: rows in, a plotly figure out, the same for the page and the reports. Also
what the analytics page reads for each role (insights.py) and how figures read on screen (display.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import plotly.graph_objects as go
import pytest

from allin_app.analytics import charts, display, insights, queries
from allin_app.analytics.queries import ClientRow, FollowerSeries, NetworkRow, Overview
from allin_app.auth import service as auth
from allin_app.core.clock import clock_at
from allin_app.orgs import service as orgs
from tests.analytics.figures import PERIOD, record_week

START = date(2026, 5, 4)


def rows(days: int, start: date = START, **metrics) -> list[dict]:
    """`days` timeseries points; each metric's value is base + day index."""
    base = {"likes": 10, "comments": 2, "shares": 1, "saves": 1, "engagements": 14, "reach": 100, "impressions": 150,
            "frequency": 1.5, "engagement_rate": 14.0, "click_through": 2.0, "video_views": 40, "clicks": 3}
    base |= metrics
    return [{"day": start + timedelta(days=i), **{k: v + i for k, v in base.items()}} for i in range(days)]


def names(fig: go.Figure) -> list[str]:
    return [trace.name for trace in fig.data]


def test_a_line_chart_draws_each_metric_and_the_previous_period_dashed_on_the_same_dates():
    current, before = rows(7), rows(7, START - timedelta(days=7), engagement_rate=5.0)
    fig = charts.rates_chart(current, before)
    assert names(fig) == ["Engagement rate", "Engagement rate (previous)", "Click-through rate",
                          "Click-through rate (previous)"]
    now, then = fig.data[0], fig.data[1]
    assert list(now.x) == [r["day"] for r in current] == list(then.x)
    assert list(then.y) == [5.0 + i for i in range(7)] and then.line.dash == "dash"
    assert then.customdata[0] == "27 Apr 2026"  # its own date shows on hover
    assert fig.layout.yaxis.ticksuffix == " %"


def test_a_shorter_previous_period_is_drawn_as_far_as_it_goes():
    fig = charts.line_chart(rows(5), ["reach"], "Reach", rows(3))
    assert len(fig.data[1].x) == 3


def test_engagement_stacks_what_people_did():
    fig = charts.engagement_chart(rows(3), rows(3))
    assert names(fig)[:4] == ["Likes", "Comments", "Shares", "Saves"] and fig.layout.barmode == "stack"
    assert list(fig.data[0].y) == [10, 11, 12]
    assert fig.data[4].name == "Engagements (previous)" and list(fig.data[4].y) == [14, 15, 16]


def test_reach_impressions_and_frequency_on_its_own_axis():
    fig = charts.reach_chart(rows(4))
    assert names(fig) == ["Reach", "Impressions", "Frequency"]
    assert fig.data[2].yaxis == "y2" and fig.layout.yaxis2.overlaying == "y"


def test_an_empty_period_says_so_instead_of_drawing_nothing():
    for fig in (charts.engagement_chart([]), charts.reach_chart([]), charts.rates_chart([]),
                charts.follower_chart([]), charts.network_comparison_chart([]), charts.month_chart([]),
                charts.weekday_chart([]), charts.agency_chart([]),
                charts.heatmap_chart([[0.0] * 24] * 7, [[0] * 24] * 7)):
        assert len(fig.data) == 0 and fig.layout.annotations[0].text.startswith("No ")


def test_follower_growth_has_a_line_per_account():
    points = [{"day": START + timedelta(days=i), "followers": 100 + i, "followers_delta": 1} for i in range(3)]
    fig = charts.follower_chart([FollowerSeries(1, "instagram", "Bloom", points),
                                 FollowerSeries(2, "twitter", "Bloom X", []),
                                 FollowerSeries(3, "facebook", "Bloom FB", points)])
    assert names(fig) == ["Bloom (Instagram)", "Bloom FB (Facebook)"]
    assert list(fig.data[0].y) == [100, 101, 102] and fig.data[0].line.color == charts.NETWORK_COLORS["instagram"]


def test_networks_side_by_side():
    fig = charts.network_comparison_chart([NetworkRow("facebook", 1, 2, 950, 1300, 82, 8.63, 17, 0, 2050),
                                           NetworkRow("twitter", 1, 2, 0, 700, 30, 0.0, 10, 0, 1030)])
    assert list(fig.data[0].x) == ["Facebook", "X (Twitter)"] and list(fig.data[0].y) == [950, 0]
    assert list(fig.data[1].y) == [82, 30] and list(fig.data[2].y) == [8.63, None] and fig.data[2].yaxis == "y2"


def test_the_heatmap_is_seven_days_by_24_hours():
    rates = [[0.0] * 24 for _ in range(7)]
    posts = [[0] * 24 for _ in range(7)]
    rates[2][9], posts[2][9] = 6.5, 3
    fig = charts.heatmap_chart(rates, posts)
    heat = fig.data[0]
    assert heat.type == "heatmap" and list(heat.y) == list(charts.WEEKDAYS) and len(heat.x) == 24
    assert heat.z[2][9] == 6.5 and heat.customdata[2][9] == 3 and heat.x[9] == "09:00"
    assert heat.z[0][0] is None  # no post went out then: blank, not 0 %


def test_seasonality_by_weekday_averages_each_weekday():
    daily = rows(14, date(2026, 5, 4))  # two Mondays: 4 and 11 May
    folded = charts.by_weekday(daily)
    monday = folded[0]
    assert monday["weekday"] == "Mon" and monday["days"] == 2
    assert monday["engagements"] == (14 + 21) / 2 and monday["reach"] == (100 + 107) / 2
    assert monday["engagement_rate"] == round((14 * 100 + 21 * 107) / (100 + 107), 2)  # daily rates by reach
    fig = charts.weekday_chart(daily)
    assert list(fig.data[0].x) == list(charts.WEEKDAYS) and fig.data[0].y[0] == 17.5


def test_seasonality_by_month_names_the_months():
    months = [{"day": date(2025, 12, 1), "engagements": 10, "engagement_rate": 2.0},
              {"day": date(2026, 1, 1), "engagements": 20, "engagement_rate": 3.0}]
    fig = charts.month_chart(months)
    assert list(fig.data[0].x) == ["Dec 2025", "Jan 2026"] and list(fig.data[1].y) == [2.0, 3.0]


@pytest.mark.parametrize(("network", "first", "label"), [
    ("tiktok", "video_views", "Views"), ("youtube", "video_views", "Views"), ("instagram", "reach", "Reach"),
    ("pinterest", "impressions", "Impressions"), ("twitter", "impressions", "Impressions"),
])
def test_each_network_shows_its_own_figures(network, first, label):
    fig = charts.network_metrics_chart(rows(3), network)
    assert fig.data[0].name == label and list(fig.data[0].y) == [r[first] for r in rows(3)]
    shown = [t.name for t in fig.data]
    if network in ("instagram", "pinterest"):
        assert any(n.startswith("Saves") for n in shown)
    if network == "twitter":
        assert "Reposts" in shown


def _overview(**figures) -> Overview:
    return Overview(START, START, total_posts=figures.get("posts", 0), total_reach=figures.get("reach", 0),
                    total_impressions=0, total_engagements=figures.get("engagements", 0),
                    engagement_rate=figures.get("rate", 0.0), click_through=0.0, scheduled_posts=0, clicks=0,
                    followers=None, followers_delta=None)


def test_clients_compared():
    fig = charts.agency_chart([ClientRow(1, "Bloom", _overview(reach=900, engagements=80, rate=8.9)),
                               ClientRow(2, "Peak", _overview(reach=300, engagements=10, rate=3.3))])
    assert list(fig.data[0].x) == ["Bloom", "Peak"] and list(fig.data[0].y) == [900, 300]
    assert list(fig.data[2].y) == [8.9, 3.3]


def test_figures_are_json_serialisable_for_the_browser_and_reports():
    fig = charts.reach_chart(rows(3), rows(3))
    assert '"Reach (previous)"' in fig.to_json()


# ---- how figures read ---------------------------------------------------------------------------

def test_kpi_cards_read_the_overview_with_changes_and_trends():
    found = Overview(START, START, 3, 950, 2000, 112, 8.63, 0.95, 2, 19, None, None, START, START,
                     total_posts_prev=1, total_reach_prev=0, engagement_rate_prev=9.0, scheduled_posts_prev=2,
                     change_pct={"total_posts": 200.0, "total_reach": None, "engagement_rate": -4.1,
                                 "scheduled_posts": 0.0})
    cards = {c.key: c for c in display.kpi_cards(found)}
    assert list(cards) == ["total_posts", "total_reach", "engagement_rate", "scheduled_posts"]
    assert (cards["total_posts"].value, cards["total_posts"].change, cards["total_posts"].direction) == \
        ("3", "+200.0 %", "up")
    assert (cards["total_reach"].value, cards["total_reach"].change, cards["total_reach"].direction) == \
        ("950", "no earlier figures", "flat")
    assert (cards["engagement_rate"].value, cards["engagement_rate"].raw, cards["engagement_rate"].previous) == \
        ("8.63 %", "8.63", "9.00 %")
    assert (cards["engagement_rate"].change, cards["engagement_rate"].direction) == ("−4.1 %", "down")
    assert cards["scheduled_posts"].direction == "flat"
    page = display.kpi_cards(found, ("total_posts", "followers"))
    assert [c.key for c in page] == ["total_posts"]  # followers: not part of this view


# ---- what the analytics page reads, per role -------------------------------------------------

@dataclass
class Week:
    db: object
    ids: dict


@pytest.fixture
def week(seeded):
    return Week(seeded, record_week(seeded))


def actor(db, name: str, org_id: int | None = None):
    return orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), org_id)


def test_a_manager_reads_every_part(week):
    manager = actor(week.db, "manager")
    can = insights.abilities(week.db, manager)
    assert can.advanced and can.cross_network and can.author_filter and not can.agency
    found = insights.insights(week.db, manager, PERIOD, can)
    assert found.overview == queries.overview(week.db, manager, PERIOD) and found.grain == "day"
    assert len(found.series) == 7 and len(found.previous) == 7 and found.daily is found.series
    assert sum(p["impressions"] for p in found.series) == found.overview.total_impressions
    assert [m["day"] for m in found.months] == [date(2026, 5, 1)]
    assert {r.network for r in found.networks} == {"facebook", "twitter"}
    assert found.heatmap is not None and found.followers
    assert found.top[0].engagements >= found.top[-1].engagements
    assert found.bottom[0].engagements <= found.bottom[-1].engagements


def test_a_team_member_reads_only_what_the_matrix_gives_them(week):
    team = actor(week.db, "team")
    can = insights.abilities(week.db, team)
    assert not can.advanced and not can.cross_network and not can.author_filter
    found = insights.insights(week.db, team, PERIOD, can)
    assert found.networks is None and found.heatmap is None and found.followers is None
    assert {r.post_id for r in found.top} == {week.ids["p2"]}  # the post assigned to them


def test_a_creator_sees_their_own_posts_and_no_follower_growth(week):
    creator = actor(week.db, "creator")
    can = insights.abilities(week.db, creator)
    found = insights.insights(week.db, creator, PERIOD, can)
    assert found.followers is None and found.heatmap is not None
    assert {r.post_id for r in found.top} == {week.ids["p2"]}
    assert display.scope_note(creator, "Bloom").startswith("Your posts")


def test_an_agency_owner_compares_clients(week):
    agency = actor(week.db, "agency")
    assert insights.abilities(week.db, agency).agency
    assert not insights.abilities(week.db, actor(week.db, "agency", week.ids["org"].id)).agency  # in a client
    with clock_at(datetime(2026, 5, 10, 12, tzinfo=UTC)):
        found = insights.clients(week.db, agency, PERIOD)
    bloom = next(c for c in found if c.org_id == week.ids["org"].id)
    assert bloom.overview.total_posts == 3 and len(found) > 1


def test_the_filters_offer_the_organizations_own_choices(week):
    options = insights.filter_options(week.db, actor(week.db, "client"))
    assert [n for n, _ in options.networks] == ["facebook", "twitter"]
    assert {label for _, label in options.accounts} == {"Bloomx (X (Twitter))", "Bloomfb (Facebook)"}
    assert [name for _, name in options.campaigns] == ["Spring"]
    assert "Chris Client" in {name for _, name in options.authors}

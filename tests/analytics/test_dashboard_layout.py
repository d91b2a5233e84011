"""The dashboard layout service (which widgets, in which order, which period; per user and organization),
the named periods, and the dashboard's reading of the figures for that layout."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from allin_app.analytics import dashboard, layout, queries
from allin_app.analytics.periods import describe, grain_for, parse_day, preset_range
from allin_app.analytics.tabs import tabs_for
from allin_app.auth import service as auth
from allin_app.core.clock import clock_at
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from tests.analytics.figures import record_week
from tests.analytics.rollup_data import bloom


def actor(db, name: str, org_id: int | None = None):
    return orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), org_id)


def keys(found: layout.Layout) -> list[tuple[str, bool]]:
    return [(s.key, s.visible) for s in found.slots]


DEFAULT = [("kpis", True), ("recent_posts", True), ("platforms", True), ("quick_actions", True),
           ("notifications", True)]


def test_a_new_user_gets_every_widget_of_their_role_and_the_last_30_days(seeded):
    found = layout.layout_for(seeded, actor(seeded, "manager"))
    assert keys(found) == DEFAULT and found.period == "30d" and not found.saved
    team = layout.layout_for(seeded, actor(seeded, "team"))  # no cross-platform analytics: no platform table
    assert [k for k, _ in keys(team)] == ["kpis", "recent_posts", "quick_actions", "notifications"]


def test_moving_hiding_and_the_period_are_remembered(seeded, engine):
    manager = actor(seeded, "manager")
    layout.move_widget(seeded, manager, "notifications", -1)
    layout.move_widget(seeded, manager, "kpis", -1)  # already first: stays
    layout.show_widget(seeded, manager, "platforms", False)
    layout.set_period(seeded, manager, "7d")
    seeded.commit()
    with Session(engine) as fresh:
        found = layout.layout_for(fresh, manager)
    assert keys(found) == [("kpis", True), ("recent_posts", True), ("platforms", False), ("notifications", True),
                           ("quick_actions", True)]
    assert found.period == "7d" and found.saved and found.shown == ["kpis", "recent_posts", "notifications",
                                                                    "quick_actions"]
    layout.move_widget(seeded, manager, "quick_actions", 1)  # already last: stays
    assert keys(layout.layout_for(seeded, manager))[-1] == ("quick_actions", True)


def test_each_person_and_each_organization_has_its_own_layout(seeded):
    manager, creator = actor(seeded, "manager"), actor(seeded, "creator")
    layout.show_widget(seeded, manager, "kpis", False)
    assert keys(layout.layout_for(seeded, creator)) == DEFAULT
    agency = actor(seeded, "agency")
    in_bloom = actor(seeded, "agency", bloom(seeded).id)
    layout.set_period(seeded, in_bloom, "90d")
    assert layout.layout_for(seeded, in_bloom).period == "90d"
    assert layout.layout_for(seeded, agency).period == "30d"
    rows = seeded.exec(select(layout.DashboardLayout)).all()
    assert {(r.user_id, r.org_id) for r in rows} == {(manager.user_id, manager.org_id),
                                                     (in_bloom.user_id, in_bloom.org_id)}


@pytest.mark.parametrize(("widgets", "period", "field"), [
    ([{"key": "kpis"}, {"key": "weather"}], "30d", "widgets"),
    ([{"key": "kpis"}, {"key": "kpis"}], "30d", "widgets"),
    (["kpis"], "30d", "widgets"),
    ([{"key": "kpis"}], "5y", "period"),
])
def test_a_layout_that_does_not_fit_is_refused(seeded, widgets, period, field):
    with pytest.raises(ValidationFailed) as refused:
        layout.save_layout(seeded, actor(seeded, "manager"), widgets, period)
    assert refused.value.field == field


def test_a_widget_the_role_may_not_read_cannot_be_placed(seeded):
    team = actor(seeded, "team")
    with pytest.raises(ValidationFailed):
        layout.save_layout(seeded, team, [{"key": "platforms", "visible": True}], "30d")
    with pytest.raises(ValidationFailed):
        layout.show_widget(seeded, team, "platforms", True)
    with pytest.raises(ValidationFailed):
        layout.move_widget(seeded, team, "kpis", 2)


def test_a_partial_layout_keeps_the_rest_after_it_and_a_stale_one_is_cleaned(seeded):
    manager = actor(seeded, "manager")
    saved = layout.save_layout(seeded, manager, [{"key": "notifications", "visible": False}], "month")
    assert keys(saved)[0] == ("notifications", False) and len(saved.slots) == 5 and saved.period == "month"
    stored = seeded.exec(select(layout.DashboardLayout)).one()
    stored.widgets = [{"key": "retired_widget"}, {"key": "platforms", "visible": False}, "junk"]
    stored.period = "forever"
    seeded.add(stored)
    seeded.flush()
    found = layout.layout_for(seeded, manager)
    assert keys(found)[0] == ("platforms", False) and len(found.slots) == 5 and found.period == "30d"


def test_reset_goes_back_to_the_default(seeded):
    manager = actor(seeded, "manager")
    layout.show_widget(seeded, manager, "kpis", False)
    found = layout.reset_layout(seeded, manager)
    assert keys(found) == DEFAULT and not found.saved
    assert layout.reset_layout(seeded, manager).period == "30d"  # nothing stored: still fine


# ---- periods --------------------------------------------------------------------------------

@pytest.mark.parametrize(("preset", "today", "expected"), [
    ("7d", date(2026, 5, 10), (date(2026, 5, 4), date(2026, 5, 10))),
    ("30d", date(2026, 3, 1), (date(2026, 1, 31), date(2026, 3, 1))),
    ("90d", date(2026, 5, 10), (date(2026, 2, 10), date(2026, 5, 10))),
    ("month", date(2026, 5, 10), (date(2026, 5, 1), date(2026, 5, 10))),
    ("last_month", date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
    ("last_month", date(2024, 3, 31), (date(2024, 2, 1), date(2024, 2, 29))),
    ("year", date(2026, 5, 10), (date(2026, 1, 1), date(2026, 5, 10))),
])
def test_named_periods_end_today(preset, today, expected):
    assert preset_range(preset, today) == expected


def test_period_helpers():
    with pytest.raises(ValidationFailed):
        preset_range("decade", date(2026, 1, 1))
    with pytest.raises(ValidationFailed) as bad:
        parse_day("10/05/2026", "start_date")
    assert bad.value.field == "start_date"
    assert grain_for(date(2026, 1, 1), date(2026, 3, 31)) == "day"
    assert grain_for(date(2026, 1, 1), date(2026, 12, 31)) == "week"
    assert grain_for(date(2025, 1, 1), date(2026, 12, 31)) == "month"
    assert describe(date(2026, 3, 3), date(2026, 4, 1)) == "3 Mar – 1 Apr 2026"
    assert describe(date(2025, 12, 20), date(2026, 1, 2)) == "20 Dec 2025 – 2 Jan 2026"


# ---- what the dashboard reads for a layout ---------------------------------------------------

def test_the_dashboard_figures_are_the_query_services_for_the_chosen_period(seeded):
    week = record_week(seeded)
    manager = actor(seeded, "manager")
    layout.set_period(seeded, manager, "7d")
    with clock_at(datetime(2026, 5, 10, 12, tzinfo=UTC)):
        found = dashboard.dashboard(seeded, manager)
    expected = queries.overview(seeded, manager, queries.Filters(date(2026, 5, 4), date(2026, 5, 10)))
    assert found.overview == expected and found.overview.total_posts == 3
    assert {r.network for r in found.platforms} == {"twitter", "facebook"}
    published = {p.post_id for p in found.recent.published}
    assert published == {week["p1"], week["p2"], week["p3"]}
    p1 = next(p for p in found.recent.published if p.post_id == week["p1"])
    assert p1.figures.reach == 700 and p1.figures.impressions == 1500 and p1.link == f"/create?post={week['p1']}"
    assert set(p1.networks) == {"twitter", "facebook"}
    assert (found.readiness.accounts, found.readiness.published) == (2, 3)


def test_hidden_widgets_are_not_read(seeded):
    manager = actor(seeded, "manager")
    for key in ("kpis", "recent_posts", "platforms"):
        layout.show_widget(seeded, manager, key, False)
    found = dashboard.dashboard(seeded, manager)
    assert found.overview is None and found.recent is None and found.platforms is None


def test_a_creator_sees_the_figures_of_their_own_posts_only(seeded):
    week = record_week(seeded)
    creator = actor(seeded, "creator")
    with clock_at(datetime(2026, 5, 10, 12, tzinfo=UTC)):
        layout.set_period(seeded, creator, "7d")
        found = dashboard.dashboard(seeded, creator)
    assert [p.post_id for p in found.recent.published] == [week["p2"]]
    assert found.overview.total_posts == 1 and found.overview.followers is None


def test_a_client_viewer_reads_without_edit_links(seeded):
    week = record_week(seeded)
    client = actor(seeded, "client")
    found = dashboard.dashboard(seeded, client)
    p1 = next(p for p in found.recent.published if p.post_id == week["p1"])
    assert not p1.link.startswith("/create")


def test_a_new_organization_has_honest_zeros(seeded):
    found = dashboard.dashboard(seeded, actor(seeded, "manager"))
    o = found.overview
    assert (o.total_posts, o.total_reach, o.engagement_rate, o.scheduled_posts) == (0, 0, 0.0, 0)
    assert all(v is None for k, v in o.change_pct.items() if k != "followers")
    assert found.recent.published == [] and found.platforms == []
    assert (found.readiness.accounts, found.readiness.published) == (0, 0)


# ---- the analytics tab bar -------------------------------------------------------------------

def test_analytics_tabs_follow_the_matrix():
    assert [t.key for t in tabs_for(Role.content_manager)] == ["overview", "competitors", "roi", "reports",
                                                                "ab_tests"]
    assert [t.key for t in tabs_for(Role.client_viewer)] == ["overview", "competitors", "roi", "reports"]
    assert [t.key for t in tabs_for(Role.content_creator)] == ["overview", "reports", "ab_tests"]
    assert [t.key for t in tabs_for(Role.team_member)] == ["overview"]

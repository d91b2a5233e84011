"""/api/v1/analytics: the overview, posts and accounts over the hand-checked week, with the same rules as
the services (filters, permissions, isolation) and problem+json errors."""

from __future__ import annotations

import pytest

from allin_app.orgs import service as orgs
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.analytics.figures import record_week

MANAGER = ("manager@allin.demo", "Manager123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
PERIOD = "start_date=2026-05-04&end_date=2026-05-10"


@pytest.fixture
def week(seeded):
    return record_week(seeded)


def test_overview_answers_the_figures_and_the_previous_periods(api, week):  # noqa: F811
    answer = api.get(f"/api/v1/analytics/overview?{PERIOD}", headers=bearer(api, *MANAGER))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["total_posts"], body["total_reach"], body["engagement_rate"], body["scheduled_posts"]) == (3, 950, 8.63, 2)
    assert (body["total_posts_prev"], body["total_reach_prev"], body["scheduled_posts_prev"]) == (1, 0, 1)
    assert body["previous_start_date"] == "2026-04-27" and body["change_pct"]["total_posts"] == 200.0


def test_filters_repeat_or_take_commas(api, week):  # noqa: F811
    headers = bearer(api, *MANAGER)
    one = api.get(f"/api/v1/analytics/overview?{PERIOD}&network=facebook", headers=headers).json()
    assert one["total_impressions"] == 1300
    both = api.get(f"/api/v1/analytics/overview?{PERIOD}&network=facebook,twitter", headers=headers).json()
    repeated = api.get(f"/api/v1/analytics/overview?{PERIOD}&network=facebook&network=twitter", headers=headers).json()
    assert both["total_impressions"] == repeated["total_impressions"] == 2000
    campaign = api.get(f"/api/v1/analytics/overview?{PERIOD}&campaign_id={week['spring'].id}", headers=headers).json()
    assert campaign["total_impressions"] == 1500
    typed = api.get(f"/api/v1/analytics/overview?{PERIOD}&content_type=link", headers=headers).json()
    assert typed["total_posts"] == 2
    account = api.get(f"/api/v1/analytics/overview?{PERIOD}&account_id={week['x'].id}", headers=headers).json()
    assert account["followers"] == 1030


def test_bad_dates_and_filters_answer_422_problems(api, week):  # noqa: F811
    headers = bearer(api, *MANAGER)
    backwards = api.get("/api/v1/analytics/overview?start_date=2026-05-10&end_date=2026-05-04", headers=headers)
    assert backwards.status_code == 422
    assert backwards.headers["content-type"].startswith("application/problem+json")
    assert backwards.json()["errors"][0]["field"] == "end_date"
    garbled = api.get("/api/v1/analytics/overview?start_date=May-4", headers=headers)
    assert garbled.status_code == 422 and garbled.json()["errors"][0]["field"] == "start_date"
    for query in ("network=myspace", "account_id=abc", "content_type=hologram"):
        assert api.get(f"/api/v1/analytics/overview?{PERIOD}&{query}", headers=headers).status_code == 422


def test_posts_answer_a_page_with_a_cursor(api, week):  # noqa: F811
    headers = bearer(api, *MANAGER)
    first = api.get(f"/api/v1/analytics/posts?{PERIOD}&limit=2", headers=headers).json()
    assert set(first) == {"items", "total", "next_cursor"}
    assert first["total"] == 3 and len(first["items"]) == 2 and first["next_cursor"]
    assert {"post_id", "network", "impressions", "reach", "engagements", "engagement_rate"} <= set(first["items"][0])
    rest = api.get(f"/api/v1/analytics/posts?{PERIOD}&limit=2&cursor={first['next_cursor']}", headers=headers).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert api.get(f"/api/v1/analytics/posts?{PERIOD}&cursor=garbage", headers=headers).status_code == 422


def test_accounts_list_each_accounts_figures(api, week):  # noqa: F811
    body = api.get(f"/api/v1/analytics/accounts?{PERIOD}", headers=bearer(api, *CLIENT)).json()
    assert body["total"] == 2
    by_network = {row["network"]: row for row in body["items"]}
    assert by_network["facebook"]["followers"] == 2050 and by_network["twitter"]["posts"] == 1


def test_a_creator_gets_their_own_figures_only(api, week):  # noqa: F811
    body = api.get(f"/api/v1/analytics/overview?{PERIOD}", headers=bearer(api, *CREATOR)).json()
    assert (body["total_posts"], body["total_impressions"], body["followers"]) == (1, 300, None)
    posts = api.get(f"/api/v1/analytics/posts?{PERIOD}", headers=bearer(api, *CREATOR)).json()
    assert [row["post_id"] for row in posts["items"]] == [week["p2"]]


def test_other_organizations_answer_404_and_strangers_401(api, week, seeded):  # noqa: F811
    headers = bearer(api, *MANAGER)
    peak = orgs.get_org_by_slug(seeded, orgs.slugify("Peak Fitness Studio"))
    assert api.get(f"/api/v1/analytics/overview?{PERIOD}&org_id={peak.id}", headers=headers).status_code == 404
    assert api.get(f"/api/v1/analytics/posts?{PERIOD}", headers={"X-Organization-Id": str(peak.id), **headers}
                   ).status_code == 404
    assert api.get(f"/api/v1/analytics/overview?{PERIOD}").status_code == 401


def test_an_agency_owner_adds_up_several_clients(api, week, seeded):  # noqa: F811
    headers = bearer(api, "agency@allin.demo", "Agency123!@#")
    peak = orgs.get_org_by_slug(seeded, orgs.slugify("Peak Fitness Studio"))
    query = f"{PERIOD}&org_id={week['org'].id},{peak.id}"
    assert api.get(f"/api/v1/analytics/overview?{query}", headers=headers).json()["total_reach"] == 950

"""ROI and attribution: clicks recorded per click with post, network and campaign; conversions by API and
CSV (attribution rules, per-row errors, idempotent imports); the ROI figures; who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from allin_app.analytics import roi, roi_charts, roi_figures, roi_import
from allin_app.analytics.roi_models import Conversion, LinkClick
from allin_app.analytics.roi_state import campaign_line, cards
from allin_app.api.app import create_api
from allin_app.auth import service as auth
from allin_app.content import campaigns, links
from allin_app.content import service as posts
from allin_app.content.models import Post
from allin_app.core.clock import clock_at, utcnow
from allin_app.core.errors import PermissionDenied, ValidationFailed
from allin_app.core.money import format_money
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization, OrgKind
from tests.accounts.test_api_accounts import bearer

MANAGER = ("manager@allin.demo", "Manager123!@#")

TODAY = utcnow().date()
WHEN = datetime.combine(TODAY - timedelta(days=2), datetime.min.time(), UTC) + timedelta(hours=10)


@pytest.fixture
def shop(seeded, accounts, actors):
    """An autumn campaign with a tagged, shortened post on X and LinkedIn, and one click on each link."""
    db, manager = seeded, actors["manager"]
    autumn = campaigns.create_campaign(db, manager, name="Autumn blend", starts_on=TODAY - timedelta(days=20),
                                       ends_on=TODAY + timedelta(days=10), budget_cents=50_000)
    post = posts.create_post(db, manager, posts.PostDraft(
        text="Autumn blend is back", link="https://bloom.example/autumn", campaign_id=autumn.id,
        account_ids=(accounts["twitter"].id, accounts["linkedin"].id),
        options={"utm": "on", "utm_campaign": "autumn-blend", "shorten": "on"}))
    codes = {network: links.link_for(db, post, network).rsplit("/", 1)[1] for network in ("twitter", "linkedin")}
    with clock_at(WHEN):
        links.follow(db, codes["twitter"])
        links.follow(db, codes["twitter"])
        links.follow(db, codes["linkedin"])
    db.commit()
    return {"db": db, "campaign": autumn, "post": post, "codes": codes, "manager": manager}


def _conversion(external_id: str, **extra) -> dict:
    return {"external_id": external_id, "occurred_at": WHEN.isoformat(), "value": "49.90", **extra}


def test_each_click_is_recorded_with_its_post_network_and_campaign(shop):
    db = shop["db"]
    clicks = db.exec(select(LinkClick).order_by(LinkClick.id)).all()
    assert [(c.post_id, c.network, c.campaign_id) for c in clicks] == [
        (shop["post"].id, "twitter", shop["campaign"].id)] * 2 + [(shop["post"].id, "linkedin", shop["campaign"].id)]
    assert clicks[0].clicked_at.replace(tzinfo=UTC) == WHEN
    assert shop["codes"]["twitter"] != shop["codes"]["linkedin"]
    other = posts.create_post(db, shop["manager"], posts.PostDraft(
        text="Same link, other post", link="https://bloom.example/autumn", options={"shorten": "on"}))
    assert links.link_for(db, other, "twitter").rsplit("/", 1)[1] != shop["codes"]["twitter"]  # one code per post


def test_attribution_rules_in_order(shop):
    db, post, autumn, org_id = shop["db"], shop["post"], shop["campaign"], shop["post"].org_id
    by_link = roi.attribute(db, org_id, short_code=shop["codes"]["linkedin"], utm_campaign="nothing")
    assert by_link == roi.Attribution(post.id, autumn.id, "linkedin", "short_link")
    assert roi.attribute(db, org_id, post_id=post.id, utm_source="x") == roi.Attribution(
        post.id, autumn.id, "twitter", "post")
    assert roi.attribute(db, org_id, utm_content=f"post-{post.id}").rule == "utm_content"
    assert roi.attribute(db, org_id, utm_campaign="AUTUMN_BLEND", utm_source="facebook") == roi.Attribution(
        None, autumn.id, "facebook", "utm_campaign")
    assert roi.attribute(db, org_id, utm_campaign="winter", utm_source="newsletter") == roi.Attribution()
    with pytest.raises(ValidationFailed, match="No short link"):
        roi.attribute(db, org_id, short_code="nope")
    with pytest.raises(ValidationFailed, match="No post"):
        roi.attribute(db, org_id, post_id=999_999)


def test_recording_by_api_is_idempotent_and_all_or_nothing(shop):
    client = TestClient(create_api())
    headers = bearer(client, *MANAGER)
    url = "/api/v1/analytics/conversions"
    short = links.short_url(shop["db"].exec(select(links.ShortLink).where(
        links.ShortLink.code == shop["codes"]["twitter"])).one())
    first = client.post(url, json=_conversion("order-1", short_code=short), headers=headers)
    assert first.status_code == 201, first.text
    item = first.json()["items"][0]
    assert (item["post_id"], item["network"], item["attributed_by"], item["value_cents"], item["currency"]) == (
        shop["post"].id, "twitter", "short_link", 4990, "USD")
    again = client.post(url, json={"conversions": [_conversion("order-1", short_code=short)]}, headers=headers)
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    changed = client.post(url, json={"conversions": [_conversion("order-1", short_code=short, value="59.90"),
                                                     _conversion("order-2", utm_campaign="Autumn blend")]},
                          headers=headers)
    assert (changed.json()["created"], changed.json()["updated"]) == (1, 1)
    bad = client.post(url, json={"conversions": [_conversion("order-3"), _conversion("order-4", value="-1"),
                                                 _conversion("order-4", occurred_at="yesterday")]}, headers=headers)
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"conversions[1].value", "conversions[2].occurred_at", "conversions[2].external_id"}
    shop["db"].expire_all()
    assert {c.external_id for c in shop["db"].exec(select(Conversion))} == {"order-1", "order-2"}
    listed = client.get("/api/v1/analytics/conversions", headers=headers).json()
    assert listed["total"] == 2 and {i["external_id"] for i in listed["items"]} == {"order-1", "order-2"}
    figures = client.get("/api/v1/analytics/roi", headers=headers).json()
    assert figures["totals"]["clicks"] == 3 and figures["totals"]["revenue_cents"] == 5990 + 4990
    client_headers = bearer(client, "client@allin.demo", "Client123!@#")
    assert client.get("/api/v1/analytics/roi", headers=client_headers).status_code == 200
    assert client.post(url, json=_conversion("order-9"), headers=client_headers).status_code == 403


CSV = ("order_id;date;revenue;currency;utm_campaign;utm_source;short_link;post_id;note\n"
       "A-1;{day} 10:00;120.00;;autumn blend;x;;;first\n"
       "A-2;{day};35,5;EUR;;;;;euros\n"
       "A-3;someday;10;;;;;;bad time\n"
       "A-4;{day} 11:00;-5;;;;;;negative\n"
       "A-1;{day} 12:00;1;;;;;;repeated\n"
       "A-5;{day} 12:00;10;XYZ;;;nope;;two problems\n"
       "A-6;{day} 13:00;80;;;;{code};;by link\n")


def _csv(shop) -> bytes:
    return CSV.format(day=WHEN.date().isoformat(), code=shop["codes"]["linkedin"]).encode()


def test_csv_import_reports_each_rows_problems_and_imports_the_rest(shop):
    db, manager = shop["db"], shop["manager"]
    preview = roi_import.preview_conversions(db, manager, _csv(shop))
    problems = {row.number: row.errors for row in preview.rows if not row.valid}
    assert sorted(problems) == [4, 5, 6, 7]
    assert problems[4] == ["time: 'someday' is not a date and time like 2026-11-20 14:30."]
    assert "negative" in problems[5][0] and "same id as row 2" in problems[6][0]
    assert len(problems[7]) == 1 and "currency" in problems[7][0]  # attribution waits for the other fields
    assert preview.ignored_columns == ["note"]
    assert db.exec(select(Conversion)).all() == []  # a preview saves nothing
    done = roi_import.import_conversions(db, manager, _csv(shop))
    assert (done.recorded.created, len(done.skipped)) == (3, 4)
    rows = {c.external_id: c for c in db.exec(select(Conversion))}
    assert rows["A-1"].campaign_id == shop["campaign"].id and rows["A-1"].network == "twitter"
    assert rows["A-2"].value_cents == 3550 and rows["A-2"].currency == "EUR" and rows["A-2"].attributed_by == "none"
    assert rows["A-6"].post_id == shop["post"].id and rows["A-6"].network == "linkedin"
    again = roi_import.import_conversions(db, manager, _csv(shop))
    assert (again.recorded.created, again.recorded.updated, again.recorded.unchanged) == (0, 0, 3)


def test_csv_files_that_cannot_be_read(shop):
    with pytest.raises(ValidationFailed, match="lacks value"):
        roi_import.preview_conversions(shop["db"], shop["manager"], b"order_id,date\nA,2026-01-01\n")
    with pytest.raises(ValidationFailed, match="UTF-8"):
        roi_import.preview_conversions(shop["db"], shop["manager"], "external_id;occurred_at;value\n".encode("cp1252")
                                       + b"\xe9;2026-01-01;1\n")


def test_the_roi_figures(shop):
    db, manager, autumn = shop["db"], shop["manager"], shop["campaign"]
    roi_import.import_conversions(db, manager, _csv(shop))
    campaigns.add_campaign_cost(db, manager, autumn.id, "Ads", 6_000, TODAY - timedelta(days=3))
    campaigns.add_campaign_cost(db, manager, autumn.id, "Old flyers", 9_999, TODAY - timedelta(days=60))
    report = roi_figures.roi_report(db, manager, TODAY - timedelta(days=29), TODAY)
    row = next(c for c in report.campaigns if c.campaign_id == autumn.id)
    assert (row.clicks, row.conversions, row.revenue_cents) == (3, 2, 20_000)  # A-1 by campaign, A-6 by link
    assert (row.cost_cents, row.cost_basis) == (6_000, "costs")  # the period's costs, not the budget
    assert row.conversion_rate == round(100 * 2 / 3, 2) and row.cost_per_click_cents == 2_000
    assert row.cac_cents == 3_000 and row.roi == round(100 * (20_000 - 6_000) / 6_000, 2)
    totals = report.totals
    assert (totals.clicks, totals.conversions, totals.revenue_cents, totals.cost_cents) == (3, 3, 20_000, 6_000)
    assert report.other_currencies == {"EUR": 3550} and report.unattributed.conversions == 1
    post = report.posts[0]
    assert (post.post_id, post.clicks, post.conversions, post.revenue_cents) == (shop["post"].id, 3, 1, 8_000)
    assert sorted(post.networks) == ["linkedin", "twitter"] and post.campaign == "Autumn blend"
    networks = {n.network: n for n in report.networks}
    assert (networks["twitter"].clicks, networks["twitter"].revenue_cents) == (2, 12_000)
    day = next(d for d in report.daily if d["day"] == WHEN.date())
    assert (day["clicks"], day["conversions"], day["revenue_cents"]) == (3, 3, 20_000)
    assert sum(d["clicks"] for d in report.daily) == 3

    shown = {card.key: card.value for card in cards(report)}
    assert (shown["revenue"], shown["cost"], shown["cac"]) == ("$200.00", "$60.00", "$20.00")
    assert shown["roi"] == f"{totals.roi:,.2f} %" and shown["conversions"] == "3"
    assert campaign_line(row, "USD").basis == "costs entered" and campaign_line(row, "USD").positive
    assert len(roi_charts.daily_chart(report).data) == 3 and roi_charts.campaign_chart(report).data[0].y == (200.0,)


def test_a_campaign_without_costs_counts_its_budget(shop):
    report = roi_figures.roi_report(shop["db"], shop["manager"], TODAY - timedelta(days=6), TODAY)
    row = next(c for c in report.campaigns if c.campaign_id == shop["campaign"].id)
    assert (row.cost_cents, row.cost_basis, row.roi) == (50_000, "budget", -100.0)


def test_permissions_by_role(shop, actors):
    db = shop["db"]
    for role in ("creator", "team"):
        with pytest.raises(PermissionDenied):
            roi_figures.roi_report(db, actors[role], TODAY, TODAY)
        with pytest.raises(PermissionDenied):
            roi.record_conversions(db, actors[role], [_conversion("x")])
    client = actors["client"]
    assert roi_figures.roi_report(db, client, TODAY - timedelta(days=6), TODAY).totals.clicks == 3
    with pytest.raises(PermissionDenied):
        roi.record_conversions(db, client, [_conversion("x")])
    with pytest.raises(PermissionDenied):
        roi_import.preview_conversions(db, client, _csv(shop))
    agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), shop["post"].org_id)
    assert roi.record_conversions(db, agency, [_conversion("by-agency")]).created == 1
    assert roi.may_read(client) and not roi.may_record(client) and roi.may_record(agency)


def test_money_reads_in_the_organizations_currency(shop):
    db, manager = shop["db"], shop["manager"]
    agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), manager.org_id)
    assert db.get(Organization, manager.org_id).currency == "USD"  # the default
    orgs.update_organization(db, agency, manager.org_id, {"currency": "eur"})
    assert db.get(Organization, manager.org_id).currency == "EUR"
    assert roi.record_conversions(db, manager, [_conversion("eu-1")]).conversions[0].currency == "EUR"
    assert roi_figures.roi_report(db, manager, WHEN.date(), WHEN.date()).currency == "EUR"
    assert format_money(123456, "EUR") == "€1,234.56" and format_money(-500, "USD") == "−$5.00"
    with pytest.raises(ValidationFailed):
        orgs.update_organization(db, agency, manager.org_id, {"currency": "XYZ"})


def test_another_organizations_post_or_link_is_refused_like_an_unknown_one(shop):
    db, manager = shop["db"], shop["manager"]
    other = orgs.create_organization(db, "Harbor Bakery", OrgKind.client)
    theirs = Post(org_id=other.id, author_user_id=manager.user_id, text="Harbor's post")
    db.add(theirs)
    db.flush()
    their_link = links.short_link(db, other.id, "https://harbor.example/", theirs.id, "twitter")
    links.follow(db, their_link.code)
    for item in ({"post_id": theirs.id}, {"short_code": their_link.code}, {"utm_content": f"post-{theirs.id}"}):
        with pytest.raises(ValidationFailed, match="in this organization"):
            roi.record_conversions(db, manager, [_conversion("x", **item)])
    assert roi_figures.roi_report(db, manager, TODAY - timedelta(days=6), TODAY).totals.clicks == 3


def test_deleting_a_campaign_keeps_its_clicks_and_conversions_in_the_totals(shop):
    db, manager = shop["db"], shop["manager"]
    roi.record_conversions(db, manager, [_conversion("c-1", utm_campaign="Autumn blend")])
    campaigns.delete_campaign(db, manager, shop["campaign"].id)
    db.commit()
    db.expire_all()
    assert all(c.campaign_id is None for c in db.exec(select(LinkClick)))
    report = roi_figures.roi_report(db, manager, TODAY - timedelta(days=6), TODAY)
    assert report.campaigns == [] and (report.totals.clicks, report.totals.conversions) == (3, 1)

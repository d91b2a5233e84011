"""Campaigns: dates, budget and costs, team, posts on a timeline, deleting, and who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import campaigns
from allin_app.content.models import Campaign, Post, PostStatus
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs


def _user_id(db, name: str) -> int:
    return auth.find_user_by_email(db, f"{name}@allin.demo").id


def _spring(db, actor, **overrides):
    fields = {"name": "Spring menu", "goal": "200 sign-ups", "starts_on": date(2026, 3, 1),
              "ends_on": date(2026, 3, 31), "budget_cents": 150_000, "color": "#FF8800"}
    return campaigns.create_campaign(db, actor, **{**fields, **overrides})


def _post(db, actor, campaign, status=PostStatus.scheduled, when=datetime(2026, 3, 16, 9, tzinfo=UTC)):
    post = Post(org_id=actor.org_id, author_user_id=actor.user_id, campaign_id=campaign.id, status=status,
                text="Spring is here", scheduled_at=when)
    db.add(post)
    db.flush()
    return post


# ---- money ----

@pytest.mark.parametrize("text, cents", [("1250", 125_000), ("1,250.5", 125_050), (" 0.99 ", 99), ("7.00", 700)])
def test_amounts_are_read_into_cents(text, cents):
    assert campaigns.parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "1.234", "12,5.x", "NaN"])
def test_an_unreadable_amount_gets_a_message(text):
    with pytest.raises(ValidationFailed) as refused:
        campaigns.parse_amount(text, "budget")
    assert refused.value.field == "budget"


def test_money_is_shown_with_two_decimals():
    assert campaigns.format_money(123_456_789) == "1,234,567.89"
    assert campaigns.format_money(5) == "0.05"
    assert campaigns.format_money(-1050) == "-10.50"


# ---- creating ----

def test_a_manager_creates_a_campaign_with_a_team(seeded, actors):
    campaign = _spring(seeded, actors["manager"], member_ids=[_user_id(seeded, "creator")])
    assert campaign.color == "#ff8800" and campaign.budget_cents == 150_000
    assert [u.email for u in campaigns.campaign_team(seeded, actors["manager"], campaign.id)] == ["creator@allin.demo"]
    assert campaigns.list_campaigns(seeded, actors["client"])[0].id == campaign.id
    assert seeded.exec(select(AuditEvent).where(AuditEvent.action == "campaign.created")).one().detail == "Spring menu"


def test_the_end_date_cannot_come_before_the_start(seeded, actors):
    with pytest.raises(ValidationFailed) as refused:
        _spring(seeded, actors["manager"], starts_on=date(2026, 3, 10), ends_on=date(2026, 3, 9))
    assert refused.value.field == "ends_on"
    assert _spring(seeded, actors["manager"], starts_on="2026-03-10", ends_on="2026-03-10").ends_on == date(2026, 3, 10)


@pytest.mark.parametrize("overrides, field", [
    ({"name": "  "}, "name"), ({"starts_on": ""}, "starts_on"), ({"ends_on": "31/03/2026"}, "ends_on"),
    ({"budget_cents": -1}, "budget"), ({"color": "orange"}, "color"), ({"goal": "g" * 501}, "goal"),
    ({"member_ids": [999_999]}, "member_ids")])
def test_bad_input_names_the_field_and_saves_nothing(seeded, actors, overrides, field):
    with pytest.raises(ValidationFailed) as refused:
        _spring(seeded, actors["manager"], **overrides)
    assert refused.value.field == field


def test_only_members_of_the_organization_join_the_team(seeded, actors):
    with pytest.raises(ValidationFailed, match="Only members"):
        _spring(seeded, actors["manager"], member_ids=[_user_id(seeded, "agency")])


# ---- budget and costs ----

def test_costs_add_up_to_the_budget_spent(seeded, actors):
    manager = actors["manager"]
    campaign = _spring(seeded, manager)
    ads = campaigns.add_campaign_cost(seeded, manager, campaign.id, "Instagram ads", 40_000, "2026-03-02")
    campaigns.add_campaign_cost(seeded, manager, campaign.id, "Photo shoot", 25_050, date(2026, 2, 20))
    assert campaigns.budget_spent(seeded, manager, campaign.id) == 65_050
    assert [c.description for c in campaigns.campaign_costs(seeded, manager, campaign.id)] == [
        "Instagram ads", "Photo shoot"]
    campaigns.remove_campaign_cost(seeded, manager, campaign.id, ads.id)
    assert campaigns.budget_spent(seeded, manager, campaign.id) == 25_050
    assert campaigns.spent_by_campaign(seeded, [campaign.id]) == {campaign.id: 25_050}


@pytest.mark.parametrize("description, cents, spent_on, field", [
    ("", 100, "2026-03-01", "description"), ("Ads", 0, "2026-03-01", "amount"),
    ("Ads", -5, "2026-03-01", "amount"), ("Ads", 100, "soon", "spent_on")])
def test_a_cost_needs_a_description_an_amount_and_a_date(seeded, actors, description, cents, spent_on, field):
    campaign = _spring(seeded, actors["manager"])
    with pytest.raises(ValidationFailed) as refused:
        campaigns.add_campaign_cost(seeded, actors["manager"], campaign.id, description, cents, spent_on)
    assert refused.value.field == field
    assert campaigns.budget_spent(seeded, actors["manager"], campaign.id) == 0


def test_a_cost_of_another_campaign_is_not_found(seeded, actors):
    manager = actors["manager"]
    first, second = _spring(seeded, manager), _spring(seeded, manager, name="Summer")
    cost = campaigns.add_campaign_cost(seeded, manager, first.id, "Ads", 100, "2026-03-01")
    with pytest.raises(NotFound):
        campaigns.remove_campaign_cost(seeded, manager, second.id, cost.id)


# ---- editing ----

def test_editing_keeps_the_dates_in_order(seeded, actors):
    campaign = _spring(seeded, actors["manager"])
    with pytest.raises(ValidationFailed) as refused:
        campaigns.update_campaign(seeded, actors["manager"], campaign.id, {"ends_on": "2026-02-01"})
    assert refused.value.field == "ends_on"
    campaigns.update_campaign(seeded, actors["manager"], campaign.id, {"budget_cents": 0, "goal": ""})
    assert campaign.budget_cents == 0 and campaign.goal == ""
    with pytest.raises(ValidationFailed):
        campaigns.update_campaign(seeded, actors["manager"], campaign.id, {"org_id": 1})


# ---- who may do what ----

@pytest.mark.parametrize("who", ["creator", "client", "team"])
def test_only_managers_and_agency_owners_start_campaigns(seeded, actors, who):
    with pytest.raises(PermissionDenied):
        _spring(seeded, actors[who])


def test_the_agency_owner_starts_campaigns_in_a_client(seeded):
    agency = auth.find_user_by_email(seeded, "agency@allin.demo")
    owner_in_bloom = orgs.actor_for(seeded, agency, orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0])).id)
    assert _spring(seeded, owner_in_bloom).org_id == owner_in_bloom.org_id


def test_a_creator_on_the_team_assists_but_cannot_delete_or_restaff(seeded, actors):
    campaign = _spring(seeded, actors["manager"], member_ids=[_user_id(seeded, "creator")])
    creator = actors["creator"]
    assert campaigns.may_assist(seeded, creator, campaign) and not campaigns.may_manage(creator)
    campaigns.update_campaign(seeded, creator, campaign.id, {"goal": "300 sign-ups"})
    cost = campaigns.add_campaign_cost(seeded, creator, campaign.id, "Flyers", 9_900, "2026-03-03")
    campaigns.remove_campaign_cost(seeded, creator, campaign.id, cost.id)
    with pytest.raises(PermissionDenied):
        campaigns.update_campaign(seeded, creator, campaign.id, {"member_ids": []})
    with pytest.raises(PermissionDenied):
        campaigns.delete_campaign(seeded, creator, campaign.id)


def test_a_creator_off_the_team_and_a_client_only_read(seeded, actors):
    campaign = _spring(seeded, actors["manager"], member_ids=[_user_id(seeded, "team")])
    for who in ("creator", "client", "team"):
        assert campaigns.get_campaign(seeded, actors[who], campaign.id).id == campaign.id
        with pytest.raises(PermissionDenied):
            campaigns.add_campaign_cost(seeded, actors[who], campaign.id, "Ads", 100, "2026-03-01")
        with pytest.raises(PermissionDenied):
            campaigns.update_campaign(seeded, actors[who], campaign.id, {"name": "Mine now"})


def test_another_organizations_campaign_is_not_found(seeded, actors):
    agency = auth.find_user_by_email(seeded, "agency@allin.demo")
    peak = orgs.actor_for(seeded, agency, orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1])).id)
    theirs = _spring(seeded, peak)
    cost = campaigns.add_campaign_cost(seeded, peak, theirs.id, "Ads", 100, "2026-03-01")
    manager = actors["manager"]
    for call in (campaigns.get_campaign, campaigns.campaign_posts, campaigns.campaign_costs,
                 campaigns.campaign_team, campaigns.budget_spent, campaigns.delete_campaign):
        with pytest.raises(NotFound):
            call(seeded, manager, theirs.id)
    with pytest.raises(NotFound):
        campaigns.update_campaign(seeded, manager, theirs.id, {"name": "x"})
    with pytest.raises(NotFound):
        campaigns.add_campaign_cost(seeded, manager, theirs.id, "Ads", 100, "2026-03-01")
    with pytest.raises(NotFound):
        campaigns.remove_campaign_cost(seeded, manager, theirs.id, cost.id)
    assert theirs.id not in {c.id for c in campaigns.list_campaigns(seeded, manager)}


# ---- posts, timeline, deleting ----

def test_posts_are_listed_in_order_and_placed_on_the_timeline(seeded, actors):
    manager = actors["manager"]
    campaign = _spring(seeded, manager)
    late = _post(seeded, manager, campaign, when=datetime(2026, 3, 31, 12, tzinfo=UTC))
    mid = _post(seeded, manager, campaign, when=datetime(2026, 3, 16, 9, tzinfo=UTC))
    before = _post(seeded, manager, campaign, PostStatus.draft, when=datetime(2026, 2, 1, tzinfo=UTC))
    gone = _post(seeded, manager, campaign)
    gone.deleted_at = datetime(2026, 3, 1, tzinfo=UTC)
    posts = campaigns.campaign_posts(seeded, manager, campaign.id)
    assert [p.id for p in posts] == [before.id, mid.id, late.id]
    marks = campaigns.timeline(campaign, posts, campaigns.org_zone(seeded, manager.org_id))
    assert [(m.percent, m.outside) for m in marks] == [(0.0, True), (50.0, False), (100.0, False)]
    assert campaigns.post_counts(seeded, [campaign.id]) == {campaign.id: 3}


def test_the_campaign_status_follows_its_dates(seeded, actors):
    campaign = _spring(seeded, actors["manager"])
    assert campaigns.campaign_status(campaign, date(2026, 2, 28)) == "Upcoming"
    assert campaigns.campaign_status(campaign, date(2026, 3, 31)) == "Running"
    assert campaigns.campaign_status(campaign, date(2026, 4, 1)) == "Ended"


def test_deleting_a_campaign_detaches_its_posts(seeded, actors):
    manager = actors["manager"]
    campaign = _spring(seeded, manager, member_ids=[_user_id(seeded, "team")])
    post = _post(seeded, manager, campaign)
    campaigns.add_campaign_cost(seeded, manager, campaign.id, "Ads", 100, "2026-03-01")
    assert campaigns.delete_campaign(seeded, manager, campaign.id) == 1
    seeded.refresh(post)
    assert post.campaign_id is None and seeded.get(Campaign, campaign.id) is None
    assert "1 post(s) detached" in seeded.exec(
        select(AuditEvent).where(AuditEvent.action == "campaign.deleted")).one().detail

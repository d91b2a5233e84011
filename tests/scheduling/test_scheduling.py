"""Scheduling rules and warnings, the REST routes, and the health check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from allin_app.content import service as posts
from allin_app.content.models import PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from allin_app.scheduling import publisher, service
from allin_app.scheduling.models import PublishingSettings
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.workflow.approval_helpers import approved_by_manager


def _draft(db, actor, accounts, text="Hello", networks=("twitter",)):
    return posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=tuple(accounts[n].id for n in networks)))


def test_scheduling_sets_every_target_and_needs_an_offset_and_a_future_time(seeded, actors, accounts):
    post = _draft(seeded, actors["manager"], accounts, networks=("twitter", "linkedin"))
    when = utcnow() + timedelta(days=1)
    done = service.schedule_post(seeded, actors["manager"], post.id, when)
    assert done.post.status == PostStatus.scheduled and done.warnings == []
    assert {(t.status, t.scheduled_at) for t in posts.targets_of(seeded, post)} == {("scheduled", when)}
    with pytest.raises(ValidationFailed, match="UTC offset"):
        service.schedule_post(seeded, actors["manager"], post.id, when.replace(tzinfo=None))
    with pytest.raises(ValidationFailed, match="passed"):
        service.schedule_post(seeded, actors["manager"], post.id, utcnow() - timedelta(hours=1))
    assert service.unschedule(seeded, actors["manager"], post.id).status == PostStatus.draft


def test_who_may_schedule_and_what(seeded, actors, accounts):
    theirs = _draft(seeded, actors["manager"], accounts)
    with pytest.raises(PermissionDenied):
        service.schedule_post(seeded, actors["creator"], theirs.id, utcnow() + timedelta(hours=1))
    empty = posts.create_post(seeded, actors["creator"], posts.PostDraft(text="no accounts"))
    with pytest.raises(ValidationFailed, match="at least one account"):
        service.schedule_post(seeded, actors["creator"], empty.id, utcnow() + timedelta(hours=1))
    too_long = _draft(seeded, actors["manager"], accounts, text="x" * 300)
    with pytest.raises(ValidationFailed, match="limit is 280"):
        service.schedule_post(seeded, actors["manager"], too_long.id, utcnow() + timedelta(hours=1))


def test_an_organization_that_requires_approval_schedules_approved_posts_only(seeded, actors, accounts):
    seeded.add(PublishingSettings(org_id=actors["manager"].org_id, require_approval=True))
    post = _draft(seeded, actors["manager"], accounts)
    with pytest.raises(Conflict, match="approved posts only"):
        service.schedule_post(seeded, actors["manager"], post.id, utcnow() + timedelta(hours=1))
    post.status = PostStatus.approved  # the status alone is not an approval: a review of this version is
    with pytest.raises(Conflict, match="approved posts only"):
        service.schedule_post(seeded, actors["manager"], post.id, utcnow() + timedelta(hours=1))
    post.status = PostStatus.draft
    approved_by_manager(seeded, actors["manager"], post)
    assert service.schedule_post(seeded, actors["manager"], post.id, utcnow() + timedelta(hours=1)).post.status \
        == PostStatus.scheduled


def test_warnings_for_posts_too_close_and_a_quota_that_would_run_out(seeded, actors, accounts):
    when = utcnow() + timedelta(days=1)
    first = _draft(seeded, actors["manager"], accounts, text="first", networks=("linkedin",))
    service.schedule_post(seeded, actors["manager"], first.id, when)
    second = _draft(seeded, actors["manager"], accounts, text="second", networks=("linkedin",))
    warnings = service.schedule_post(seeded, actors["manager"], second.id, when + timedelta(minutes=10)).warnings
    assert any("closer than 30 minutes" in w for w in warnings)
    accounts["linkedin"].quota_total, accounts["linkedin"].quota_used = 2, 0
    accounts["linkedin"].quota_window_seconds = 86_400
    third = _draft(seeded, actors["manager"], accounts, text="third", networks=("linkedin",))
    warnings = service.schedule_post(seeded, actors["manager"], third.id, when + timedelta(hours=2)).warnings
    assert any("posting quota of 2 per day" in w for w in warnings)


def test_api_schedules_publishes_now_and_reports_health(api, seeded, sim, accounts):  # noqa: F811
    headers = bearer(api, "manager@allin.demo", "Manager123!@#")
    post_id = api.post("/api/v1/content", headers=headers,
                       json={"text": "API post", "account_ids": [accounts["twitter"].id]}).json()["id"]
    bad = api.post(f"/api/v1/content/{post_id}/schedule", headers=headers, json={})
    assert bad.status_code == 422
    later = (utcnow() + timedelta(hours=3)).isoformat()
    answer = api.post(f"/api/v1/content/{post_id}/schedule", headers=headers, json={"scheduled_at": later})
    assert answer.status_code == 200 and answer.json()["post"]["status"] == "scheduled"
    assert api.post(f"/api/v1/content/{post_id}/publish", headers=headers).status_code == 200
    health = TestClient(create_api()).get("/api/v1/health")
    assert health.status_code == 503 and "not run yet" in health.json()["problems"][0]
    assert publisher.tick(client=sim) == 1
    health = TestClient(create_api()).get("/api/v1/health")
    assert health.status_code == 200 and health.json()["due_unclaimed"] == 0
    shown = api.get(f"/api/v1/content/{post_id}", headers=headers).json()
    assert shown["status"] == "published" and shown["targets"][0]["url"].startswith("https://x.com/")


def test_super_admins_hear_when_due_posts_are_not_going_out(seeded, sim, actors, accounts):
    from allin_app.auth import service as auth
    from allin_app.orgs import service as orgs
    from allin_app.scheduling.health import alert_if_overdue, publisher_health
    from allin_app.workflow import notifications

    post = _draft(seeded, actors["manager"], accounts, text="Stuck post")
    service.schedule_post(seeded, actors["manager"], post.id, utcnow())
    seeded.commit()
    later = utcnow() + timedelta(minutes=10)  # nobody ticked: the post is ten minutes overdue
    assert alert_if_overdue(later) is True
    assert alert_if_overdue(later + timedelta(minutes=5)) is False  # once per half hour while it lasts
    admin = auth.find_user_by_email(seeded, "admin@allin.demo")
    admin_actor = orgs.actor_for(seeded, admin)
    assert notifications.recent(seeded, admin_actor)[0].title == "Posts are not going out"
    assert not publisher_health(seeded, admin_actor).healthy
    with pytest.raises(PermissionDenied):
        publisher_health(seeded, actors["manager"])


def test_api_schedule_can_take_the_next_queue_slot(api, seeded, accounts):  # noqa: F811
    headers = bearer(api, "manager@allin.demo", "Manager123!@#")
    account_id = accounts["twitter"].id
    slots = [{"weekday": day, "at": "09:30"} for day in range(7)]
    assert api.put(f"/api/v1/accounts/{account_id}/queue", headers=headers,
                   json={"slots": slots, "paused": False}).status_code == 200
    post_id = api.post("/api/v1/content", headers=headers,
                       json={"text": "Queued by API", "account_ids": [account_id]}).json()["id"]
    answer = api.post(f"/api/v1/content/{post_id}/schedule", headers=headers, json={"queue": True})
    assert answer.status_code == 200 and answer.json()["post"]["status"] == "scheduled"
    assert answer.json()["post"]["scheduled_at"] is not None


def test_the_agency_owner_sets_the_gap_the_grace_window_and_approval(seeded, actors):
    from allin_app.auth import service as auth
    from allin_app.orgs import service as orgs

    owner = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"), actors["manager"].org_id)
    done = service.update_publishing_settings(seeded, owner, min_gap_minutes=45, grace_minutes=120,
                                              require_approval=True)
    assert service.publishing_settings(seeded, owner.org_id) is done
    assert (done.min_gap_minutes, done.grace_minutes, done.require_approval) == (45, 120, True)
    with pytest.raises(ValidationFailed, match="minimum gap"):
        service.update_publishing_settings(seeded, owner, min_gap_minutes=-1, grace_minutes=60,
                                           require_approval=False)
    for role in ("manager", "creator"):  # organization settings belong to the agency owner
        with pytest.raises(PermissionDenied):
            service.update_publishing_settings(seeded, actors[role], min_gap_minutes=0, grace_minutes=60,
                                               require_approval=False)


def test_changing_the_words_of_a_scheduled_post_sends_it_back_for_approval(seeded, actors, accounts):
    seeded.add(PublishingSettings(org_id=actors["manager"].org_id, require_approval=True))
    post = _draft(seeded, actors["manager"], accounts, text="Approved words")
    approved_by_manager(seeded, actors["manager"], post)
    when = utcnow() + timedelta(hours=1)
    service.schedule_post(seeded, actors["manager"], post.id, when)
    posts.update_post(seeded, actors["manager"], post.id, posts.PostDraft(
        text="Approved words, changed afterwards", account_ids=(accounts["twitter"].id,)))
    # back to review, keeping its time: held if still unapproved then (tests/workflow/test_held.py)
    assert post.status == PostStatus.in_review and post.scheduled_at == when
    assert [(t.status, t.scheduled_at) for t in posts.targets_of(seeded, post)] == [("in_review", when)]


def test_a_reviewer_approves_so_the_post_may_be_scheduled_or_rejects_with_a_reason(seeded, actors, accounts):
    from allin_app.workflow import notifications

    seeded.add(PublishingSettings(org_id=actors["manager"].org_id, require_approval=True))
    post = posts.create_post(seeded, actors["creator"], posts.PostDraft(text="Please approve",
                                                                        account_ids=(accounts["twitter"].id,)))
    posts.submit_for_approval(seeded, actors["creator"], [post.id])
    with pytest.raises(PermissionDenied):
        posts.review_posts(seeded, actors["creator"], [post.id], approve=True)
    # the implicit review path (no workflow set up) is decided by managers and agency owners
    assert posts.review_posts(seeded, actors["manager"], [post.id], approve=True) == 1
    assert post.status == PostStatus.approved
    assert notifications.recent(seeded, actors["creator"])[0].title == "Approved: Please approve"
    assert service.schedule_post(seeded, actors["creator"], post.id, utcnow() + timedelta(hours=1)).post.status \
        == PostStatus.scheduled
    other = posts.create_post(seeded, actors["creator"], posts.PostDraft(text="Not this",
                                                                         account_ids=(accounts["twitter"].id,)))
    posts.submit_for_approval(seeded, actors["creator"], [other.id])
    with pytest.raises(ValidationFailed, match="Say why"):
        posts.review_posts(seeded, actors["manager"], [other.id], approve=False)
    posts.review_posts(seeded, actors["manager"], [other.id], approve=False, note="Wrong price")
    assert other.status == PostStatus.rejected

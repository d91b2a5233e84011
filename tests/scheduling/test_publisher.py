"""The publisher against the simulator: on time, exactly once, through retries, lost replies,
dead workers, rate limits and downtime."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlmodel import select

from allin_app.accounts import service as account_service
from allin_app.content import service as posts
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import utcnow
from allin_app.platforms.registry import adapter_for
from allin_app.platforms.simulator import faults
from allin_app.scheduling import publisher, service
from allin_app.scheduling.models import DeliveryAttempt
from tests.workflow.approval_helpers import approved_by_manager


def _scheduled(db, actors, accounts, networks=("twitter",), text="Fresh beans at 9", when=None):
    account_ids = tuple(accounts[n].id for n in networks)
    post = posts.create_post(db, actors["manager"], posts.PostDraft(text=text, account_ids=account_ids))
    service.schedule_post(db, actors["manager"], post.id, when or utcnow())
    db.commit()
    return post


def _on_network(sim, account, text):
    listed = adapter_for(account.network, client=sim).recent_posts(account_service.token_set(account),
                                                                    account.external_id, limit=50)
    return [p for p in listed if p.text.startswith(text)]


def _target(db, post, network="twitter") -> PostTarget:
    db.expire_all()
    return next(t for t in posts.targets_of(db, db.get(Post, post.id)) if t.network == network)


def _outcomes(db, target) -> list[str]:
    return [a.outcome for a in db.exec(select(DeliveryAttempt).where(DeliveryAttempt.target_id == target.id)
                                       .order_by(DeliveryAttempt.number))]


def test_a_due_post_goes_out_to_every_account_once(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, ("twitter", "linkedin"))
    assert publisher.tick(client=sim) == 2
    assert publisher.tick(client=sim) == 0  # nothing left to do
    seeded.expire_all()
    assert seeded.get(Post, post.id).status == "published"
    for network in ("twitter", "linkedin"):
        target = _target(seeded, post, network)
        assert target.status == "published" and target.external_id and target.url.startswith("https://")
        assert _outcomes(seeded, target) == ["published"]
        assert len(_on_network(sim, accounts[network], "Fresh beans at 9")) == 1


def test_a_post_waits_for_its_time(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, when=utcnow() + timedelta(hours=2))
    assert publisher.tick(client=sim) == 0
    with time_machine.travel(utcnow() + timedelta(hours=2, seconds=5), tick=False):
        seeded.expire_all()
        account = seeded.get(type(accounts["twitter"]), accounts["twitter"].id)
        account_service.refresh_account(seeded, actors["manager"], account.id, client=sim)  # X tokens last 2 h
        seeded.commit()
        assert publisher.tick(client=sim) == 1
    assert _target(seeded, post).status == "published"


def test_a_lost_reply_is_verified_on_the_network_and_never_posted_twice(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, text="Lost reply test")
    faults.inject("twitter", "drop_reply")  # the network makes the post, then the answer is lost
    assert publisher.tick(client=sim) == 0
    assert _target(seeded, post).status == "verifying"
    with time_machine.travel(utcnow() + publisher.VERIFY_AFTER + timedelta(seconds=1), tick=False):
        assert publisher.tick(client=sim) == 1  # found among the recent posts
    target = _target(seeded, post)
    assert target.status == "published" and _outcomes(seeded, target) == ["unknown", "found"]
    assert len(_on_network(sim, accounts["twitter"], "Lost reply test")) == 1


def test_a_failure_before_the_post_was_made_is_retried_after_checking(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, text="Server error test")
    faults.inject("twitter", "5xx")  # refused before anything was made
    publisher.tick(client=sim)
    with time_machine.travel(utcnow() + publisher.VERIFY_AFTER + timedelta(seconds=1), tick=False):
        assert publisher.tick(client=sim) == 1  # not found, so tried again at once, and published
    target = _target(seeded, post)
    assert _outcomes(seeded, target) == ["unknown", "not_found", "published"]
    assert len(_on_network(sim, accounts["twitter"], "Server error test")) == 1


def test_rate_limits_wait_as_long_as_the_network_says(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, text="Rate limit test")
    faults.inject("twitter", "429")
    assert publisher.tick(client=sim) == 0
    target = _target(seeded, post)
    assert target.status == "scheduled" and target.next_attempt_at is not None
    assert publisher.tick(client=sim) == 0  # still waiting
    with time_machine.travel(target.next_attempt_at + timedelta(seconds=1), tick=False):
        assert publisher.tick(client=sim) == 1
    assert _outcomes(seeded, _target(seeded, post)) == ["retry", "published"]


def test_access_ended_fails_at_once_with_the_reason(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, text="Revoked test")
    faults.inject("twitter", "revoked")
    publisher.tick(client=sim)
    target = _target(seeded, post)
    assert target.status == "failed" and "refused" in target.error and _outcomes(seeded, target) == ["failed"]
    seeded.expire_all()
    assert seeded.get(Post, post.id).status == "failed"
    assert seeded.get(type(accounts["twitter"]), accounts["twitter"].id).status == "expired"


def test_a_worker_that_died_mid_publish_leaves_a_lease_that_is_verified(seeded, sim, actors, accounts):
    post = _scheduled(seeded, actors, accounts, text="Dead worker test")
    claimed = publisher.claim("worker-a", utcnow(), "scheduled")
    assert claimed and publisher.claim("worker-b", utcnow(), "scheduled") == []  # one worker per target
    with publisher.session_scope() as db:  # worker-a wrote its attempt, the post landed, then it died
        publisher._prepare(db, claimed[0], "worker-a")
    account = accounts["twitter"]
    adapter_for("twitter", client=sim).publish_text(account_service.token_set(account), account.external_id,
                                                    "Dead worker test")
    with time_machine.travel(utcnow() + publisher.LEASE + timedelta(seconds=1), tick=False):
        assert publisher.tick("worker-b", client=sim) == 1
    target = _target(seeded, post)
    assert target.status == "published" and _outcomes(seeded, target) == ["unknown", "found"]
    assert len(_on_network(sim, account, "Dead worker test")) == 1


def test_posts_due_while_the_app_was_down_too_long_ago_are_missed(seeded, sim, actors, accounts):
    late = _scheduled(seeded, actors, accounts, text="Late but in grace")
    missed = _scheduled(seeded, actors, accounts, text="Far too late")
    seeded.get(PostTarget, _target(seeded, late).id).scheduled_at = utcnow() - timedelta(minutes=30)
    seeded.get(PostTarget, _target(seeded, missed).id).scheduled_at = utcnow() - timedelta(hours=3)
    seeded.commit()
    assert publisher.tick(client=sim) == 1
    assert _target(seeded, late).status == "published"
    gone = _target(seeded, missed)
    assert gone.status == "missed" and "grace window" in gone.error
    assert _on_network(sim, accounts["twitter"], "Far too late") == []


def test_backoff_doubles_with_jitter_and_stops_at_an_hour():
    assert 22 <= publisher.backoff(1) <= 38
    assert 45 <= publisher.backoff(2) <= 75
    assert publisher.backoff(20) <= 4500


def test_the_author_hears_it_went_out_and_managers_hear_when_it_did_not(seeded, sim, actors, accounts):
    from allin_app.workflow import notifications

    creator = actors["creator"]
    ok = posts.create_post(seeded, creator, posts.PostDraft(text="Creator's post", account_ids=(accounts["twitter"].id,)))
    approved_by_manager(seeded, actors["manager"], ok)  # creators publish approved content only
    service.schedule_post(seeded, creator, ok.id, utcnow())
    seeded.commit()
    publisher.tick(client=sim)
    assert [n.title for n in notifications.recent(seeded, creator)] == ["Published: Creator's post",
                                                                        "Approved: Creator's post"]
    failing = _scheduled(seeded, actors, accounts, text="Will be refused")
    faults.inject("twitter", "revoked")
    publisher.tick(client=sim)
    manager_sees = notifications.recent(seeded, actors["manager"])
    assert manager_sees[0].title == "Failed: Will be refused" and "refused" in manager_sees[0].body
    assert manager_sees[0].link == f"/create?post={failing.id}"
    # the network ended X's access: the managers also hear that the account needs reconnecting
    assert sorted(n.kind for n in manager_sees) == ["account_unhealthy", "post_failed"]
    assert notifications.unread_count(seeded, actors["manager"]) == 2
    assert notifications.mark_all_read(seeded, actors["manager"]) == 2


def test_a_used_up_quota_holds_the_post_instead_of_failing_it(seeded, sim, actors, accounts):
    linkedin = accounts["linkedin"]
    linkedin.quota_used, linkedin.quota_total, linkedin.quota_window_seconds = 150, 150, 86_400
    post = _scheduled(seeded, actors, accounts, ("linkedin",), text="Held by the quota")
    assert publisher.tick(client=sim) == 0
    target = _target(seeded, post, "linkedin")
    assert target.status == "scheduled" and "quota" in target.error and _outcomes(seeded, target) == []
    seeded.get(type(linkedin), linkedin.id).quota_used = 10  # the next reading: the window freed up
    seeded.commit()
    with time_machine.travel(utcnow() + publisher.QUOTA_RECHECK + timedelta(seconds=1), tick=False):
        assert publisher.tick(client=sim) == 1
    seeded.expire_all()
    assert seeded.get(type(linkedin), linkedin.id).quota_used == 11

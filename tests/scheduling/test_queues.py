"""Queues: time slots per account, the next free slot, the minimum gap, paused queues, priority posts,
daylight saving, conflicts and their resolution, who may do what, and the REST routes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient

from allin_app.api.app import create_api
from allin_app.content import service as posts
from allin_app.core.clock import as_utc
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from allin_app.scheduling import queues, service
from allin_app.scheduling.queue_views import router as queue_router
from tests.accounts.test_api_accounts import bearer
from tests.workflow.approval_helpers import approved_if_creator

MONDAY = datetime(2027, 6, 7, 6, 0, tzinfo=UTC)  # a Monday, 06:00 UTC
EVERY_DAY = range(7)


def _post(db, actor, accounts, text="Queued words", networks=("twitter",)):
    return posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=tuple(accounts[n].id for n in networks)))


def _times(db, post):
    return {t.account_id: as_utc(t.scheduled_at) for t in posts.targets_of(db, post)}


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return (MONDAY + timedelta(days=day_offset)).replace(hour=hour, minute=minute)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def test_a_post_takes_the_next_free_slot_keeping_the_minimum_gap(seeded, actors, accounts, clock):
    manager, x = actors["manager"], accounts["twitter"]
    queue = queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(9, 0))
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(12, 0))
    assert len(queue.slots) == 7 and len(queues.queue_of(seeded, manager, x.id).slots) == 14
    first = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "one").id)
    second = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "two").id)
    assert first.times == {x.id: _at(0, 9)} and second.times == {x.id: _at(0, 12)}
    assert first.post.queued and first.post.status == "scheduled" and as_utc(first.post.scheduled_at) == _at(0, 9)
    by_hand = _post(seeded, manager, accounts, "by hand")
    service.schedule_post(seeded, manager, by_hand.id, _at(1, 9, 10))  # within 30 minutes of Tuesday 09:00
    third = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "three").id)
    assert third.times == {x.id: _at(1, 12)}


def test_each_account_gets_its_own_time_and_the_post_goes_at_the_earliest(seeded, actors, accounts, clock):
    manager = actors["manager"]
    queues.add_slots(seeded, manager, accounts["twitter"].id, [0], time(15, 0))
    queues.add_slots(seeded, manager, accounts["linkedin"].id, [0, 1], time(10, 30))
    post = _post(seeded, manager, accounts, networks=("twitter", "linkedin"))
    done = queues.add_to_queue(seeded, manager, post.id)
    assert _times(seeded, post) == {accounts["twitter"].id: _at(0, 15), accounts["linkedin"].id: _at(0, 10, 30)}
    assert as_utc(done.post.scheduled_at) == _at(0, 10, 30)


def test_a_paused_queue_takes_no_new_post_and_keeps_what_it_scheduled(seeded, actors, accounts, clock):
    manager, x = actors["manager"], accounts["twitter"]
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(9, 0))
    placed = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts).id)
    assert queues.set_paused(seeded, manager, x.id, True).paused
    with pytest.raises(Conflict, match="paused"):
        queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "later").id)
    assert _times(seeded, placed.post) == {x.id: _at(0, 9)}
    queues.set_paused(seeded, manager, x.id, False)
    assert queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "later").id).times == {x.id: _at(1, 9)}


def test_a_priority_post_takes_the_first_slot_and_pushes_queued_posts_back(seeded, actors, accounts, clock):
    manager, x = actors["manager"], accounts["twitter"]
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(9, 0))
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(12, 0))
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(18, 0))
    a = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "a").id).post
    b = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "b").id).post
    by_hand = _post(seeded, manager, accounts, "by hand")
    service.schedule_post(seeded, manager, by_hand.id, _at(0, 18))
    urgent = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "urgent").id, priority=True)
    assert urgent.times == {x.id: _at(0, 9)} and urgent.post.priority
    assert _times(seeded, a) == {x.id: _at(0, 12)}
    assert _times(seeded, b) == {x.id: _at(1, 9)}  # 18:00 is held by the post scheduled by hand
    assert _times(seeded, by_hand) == {x.id: _at(0, 18)}
    assert as_utc(b.scheduled_at) == _at(1, 9)


def test_a_slot_stays_at_its_local_time_across_a_daylight_saving_change(seeded, actors, accounts):
    manager, x = actors["manager"], accounts["twitter"]
    seeded.get(Organization, manager.org_id).timezone = "Europe/Paris"
    with time_machine.travel(datetime(2027, 3, 26, 12, 0, tzinfo=UTC), tick=False):
        queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(9, 0))
        placed = [queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, f"day {n}").id).times[x.id]
                  for n in range(3)]
    assert placed == [datetime(2027, 3, 27, 8, 0, tzinfo=UTC), datetime(2027, 3, 28, 7, 0, tzinfo=UTC),
                      datetime(2027, 3, 29, 7, 0, tzinfo=UTC)]
    assert {moment.astimezone(queues.service.zone("Europe/Paris")).hour for moment in placed} == {9}


def test_the_view_shows_what_fills_each_slot_and_resolves_a_conflict(seeded, actors, accounts, clock):
    manager, x = actors["manager"], accounts["twitter"]
    queues.add_slots(seeded, manager, x.id, EVERY_DAY, time(9, 0))
    queued = queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts, "queued one").id).post
    view = queues.queue_view(seeded, manager, x.id, count=3)
    assert [s.when for s in view.upcoming] == [_at(0, 9), _at(1, 9), _at(2, 9)]
    assert view.upcoming[0].booking.post.id == queued.id and view.upcoming[1].booking is None
    by_hand = _post(seeded, manager, accounts, "by hand")
    service.schedule_post(seeded, manager, by_hand.id, _at(0, 8, 50))  # ten minutes before the queued post
    [conflict] = queues.queue_view(seeded, manager, x.id).conflicts
    assert conflict.movable.post.id == queued.id
    with pytest.raises(Conflict, match="placed"):
        queues.resolve_conflict(seeded, manager, by_hand.id, x.id)
    assert queues.resolve_conflict(seeded, manager, queued.id, x.id) == _at(1, 9)
    assert queues.queue_view(seeded, manager, x.id).conflicts == []


def test_who_may_change_queues_and_queue_posts(seeded, actors, accounts, clock):
    x = accounts["twitter"]
    with pytest.raises(PermissionDenied):
        queues.add_slots(seeded, actors["creator"], x.id, [0], time(9, 0))
    with pytest.raises(PermissionDenied):
        queues.set_paused(seeded, actors["client"], x.id, True)
    assert queues.queue_of(seeded, actors["client"], x.id).slots == []  # reading is fine
    queues.add_slots(seeded, actors["manager"], x.id, [0], time(9, 0))
    mine = approved_if_creator(seeded, actors["creator"], _post(seeded, actors["creator"], accounts))
    assert queues.add_to_queue(seeded, actors["creator"], mine.id).times == {x.id: _at(0, 9)}
    theirs = _post(seeded, actors["manager"], accounts)
    with pytest.raises(PermissionDenied):
        queues.add_to_queue(seeded, actors["creator"], theirs.id)
    with pytest.raises(NotFound):
        queues.remove_slot(seeded, actors["manager"], 10_000)


def test_no_slots_and_bad_days_are_explained(seeded, actors, accounts, clock):
    manager = actors["manager"]
    with pytest.raises(ValidationFailed, match="no posting times"):
        queues.add_to_queue(seeded, manager, _post(seeded, manager, accounts).id)
    with pytest.raises(ValidationFailed, match="day of the week"):
        queues.add_slots(seeded, manager, accounts["twitter"].id, [7], time(9, 0))
    queue = queues.add_slots(seeded, manager, accounts["twitter"].id, [0, 0, 1], time(9, 0, 30))
    assert [(s.weekday, s.at) for s in queue.slots] == [(0, time(9, 0)), (1, time(9, 0))]
    assert queues.remove_slot(seeded, manager, queue.slots[0].id).slots[0].weekday == 1


# --- REST ------------------------------------------------------------------------------------


@pytest.fixture
def api(seeded):
    app = create_api()
    if not any(getattr(route, "path", "") == "/api/v1/accounts/{account_id}/queue" for route in app.routes):
        app.include_router(queue_router)  # until the API registers it
    return TestClient(app)


def test_api_sets_a_queue_and_adds_a_post_to_it(api, seeded, accounts, clock):
    manager = bearer(api, "manager@allin.demo", "Manager123!@#")
    x = accounts["twitter"].id
    put = api.put(f"/api/v1/accounts/{x}/queue", headers=manager,
                  json={"slots": [{"weekday": 0, "at": "09:00"}, {"weekday": 0, "at": "13:30"}], "paused": False})
    assert put.status_code == 200, put.text
    assert [(s["weekday"], s["at"]) for s in put.json()["slots"]] == [(0, "09:00"), (0, "13:30")]
    post_id = api.post("/api/v1/content", headers=manager, json={"text": "From the API", "account_ids": [x]}).json()["id"]
    queued = api.post(f"/api/v1/content/{post_id}/queue", headers=manager, json={"priority": False})
    assert queued.status_code == 200, queued.text
    assert queued.json()["times"] == {str(x): "2027-06-07T09:00:00Z"}
    got = api.get(f"/api/v1/accounts/{x}/queue", headers=manager).json()
    assert got["upcoming"][0] == {"at": "2027-06-07T09:00:00Z", "free": False, "post_id": post_id,
                                  "excerpt": "From the API"}
    assert got["upcoming"][1]["free"] and got["paused"] is False
    bad = api.put(f"/api/v1/accounts/{x}/queue", headers=manager, json={"slots": [{"weekday": 9, "at": "09:00"}]})
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    creator = bearer(api, "creator@allin.demo", "Creator123!@#")
    assert api.put(f"/api/v1/accounts/{x}/queue", headers=creator, json={"slots": []}).status_code == 403
    assert api.get("/api/v1/accounts/999999/queue", headers=manager).status_code == 404

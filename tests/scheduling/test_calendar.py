"""The calendar: what a visible range shows and to whom, and moving posts by drag and drop (daylight-saving
changes included)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from allin_app.content import service as posts
from allin_app.content.models import Campaign, PostStatus
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from allin_app.scheduling import calendar, service
from allin_app.scheduling.calendar import CalendarQuery
from allin_app.scheduling.calendar_state import build_grid, visible_days
from tests.workflow.approval_helpers import approved_if_creator

YEAR = utcnow().year + 2  # far enough ahead that every moment here is in the future


def _draft(db, actor, accounts, text="Hello", networks=("twitter",)):
    return posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=tuple(accounts[n].id for n in networks)))


def _scheduled(db, actor, accounts, when: datetime, text="Hello", networks=("twitter",)):
    post = approved_if_creator(db, actor, _draft(db, actor, accounts, text, networks))
    return service.schedule_post(db, actor, post.id, when).post


def _org_zone(db, actor, name: str) -> ZoneInfo:
    db.get(Organization, actor.org_id).timezone = name
    return ZoneInfo(name)


def _clock_changes(where: ZoneInfo, year: int) -> list[date]:
    """The days the clocks change on (spring forward, then fall back)."""
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    offset = [datetime.combine(day, time(12), where).utcoffset() for day in days]
    return [day for n, day in enumerate(days[1:], 1) if offset[n] != offset[n - 1]]


def _ids(found) -> set[int]:
    return {entry.post.id for entry in found.entries}


# --- daylight-saving time -------------------------------------------------------------------


@pytest.mark.parametrize("zone_name", ["Europe/Paris", "America/New_York"])
@pytest.mark.parametrize("change", [0, 1], ids=["spring", "autumn"])
def test_a_nine_oclock_post_moved_across_a_clock_change_stays_at_nine(seeded, actors, accounts, zone_name, change):
    where = _org_zone(seeded, actors["manager"], zone_name)
    changes_on = _clock_changes(where, YEAR)[change]
    before = datetime.combine(changes_on - timedelta(days=3), time(9), where)
    post = _scheduled(seeded, actors["manager"], accounts, before)
    moved = calendar.move_post(seeded, actors["manager"], post.id, changes_on + timedelta(days=2)).post
    local = as_utc(moved.scheduled_at).astimezone(where)
    assert (local.date(), local.time()) == (changes_on + timedelta(days=2), time(9))
    lost_or_gained = timedelta(hours=-1 if change == 0 else 1)
    assert as_utc(moved.scheduled_at) - as_utc(before) == timedelta(days=5) + lost_or_gained
    assert all(as_utc(t.scheduled_at) == as_utc(moved.scheduled_at) for t in posts.targets_of(seeded, moved))


def test_the_post_keeps_its_own_zones_time_when_the_calendar_shows_another(seeded, actors, accounts):
    _org_zone(seeded, actors["manager"], "Europe/Paris")
    new_york = ZoneInfo("America/New_York")
    spring = _clock_changes(new_york, YEAR)[0]
    post = _draft(seeded, actors["manager"], accounts)
    service.schedule_post(seeded, actors["manager"], post.id,
                          datetime.combine(spring - timedelta(days=2), time(9), new_york), "America/New_York")
    moved = calendar.move_post(seeded, actors["manager"], post.id, spring + timedelta(days=1),
                               zone_name="Europe/Paris").post
    assert as_utc(moved.scheduled_at).astimezone(new_york).replace(tzinfo=None) == \
        datetime.combine(spring + timedelta(days=1), time(9))
    assert moved.timezone == "America/New_York"


def test_a_drop_on_an_hour_takes_that_wall_clock_time_and_refuses_one_the_clocks_skip(seeded, actors, accounts):
    paris = _org_zone(seeded, actors["manager"], "Europe/Paris")
    spring = _clock_changes(paris, YEAR)[0]
    post = _scheduled(seeded, actors["manager"], accounts, datetime.combine(spring - timedelta(days=1), time(9), paris))
    moved = calendar.move_post(seeded, actors["manager"], post.id, spring + timedelta(days=1), time(14, 30)).post
    assert as_utc(moved.scheduled_at).astimezone(paris).replace(tzinfo=None) == \
        datetime.combine(spring + timedelta(days=1), time(14, 30))
    with pytest.raises(ValidationFailed, match="does not exist"):
        calendar.move_post(seeded, actors["manager"], post.id, spring, time(2, 30))


# --- who may move what ----------------------------------------------------------------------


def test_moves_refused_for_someone_elses_post_a_viewer_and_a_published_post(seeded, actors, accounts):
    when = utcnow() + timedelta(days=3)
    theirs = _scheduled(seeded, actors["manager"], accounts, when)
    target_day = (when + timedelta(days=1)).date()
    with pytest.raises(PermissionDenied):
        calendar.move_post(seeded, actors["creator"], theirs.id, target_day)
    with pytest.raises(PermissionDenied):
        calendar.move_post(seeded, actors["client"], theirs.id, target_day)
    own = _scheduled(seeded, actors["creator"], accounts, when, text="Mine")
    assert calendar.move_post(seeded, actors["creator"], own.id, target_day).post.status == PostStatus.scheduled
    theirs.status = PostStatus.published
    with pytest.raises(Conflict, match="published: it stays where it went out"):
        calendar.move_post(seeded, actors["manager"], theirs.id, target_day)
    theirs.status = PostStatus.publishing
    with pytest.raises(Conflict, match="publishing"):
        calendar.move_post(seeded, actors["manager"], theirs.id, target_day)


def test_a_move_into_the_past_is_refused_and_a_queued_post_leaves_the_queue(seeded, actors, accounts):
    post = _scheduled(seeded, actors["manager"], accounts, utcnow() + timedelta(days=2))
    post.queued = True
    with pytest.raises(ValidationFailed, match="passed"):
        calendar.move_post(seeded, actors["manager"], post.id, (utcnow() - timedelta(days=2)).date())
    assert calendar.move_post(seeded, actors["manager"], post.id, (utcnow() + timedelta(days=4)).date()).post.queued \
        is False


def test_a_team_member_moves_only_what_is_assigned_to_them(seeded, actors, accounts):
    when = utcnow() + timedelta(days=3)
    assigned = _scheduled(seeded, actors["manager"], accounts, when, text="Assigned")
    assigned.assignee_user_id = actors["team"].user_id
    other = _scheduled(seeded, actors["manager"], accounts, when, text="Not assigned")
    day = (when + timedelta(days=1)).date()
    assert calendar.move_post(seeded, actors["team"], assigned.id, day).post.id == assigned.id
    with pytest.raises(NotFound):
        calendar.move_post(seeded, actors["team"], other.id, day)


# --- what a range shows ---------------------------------------------------------------------


def test_only_the_visible_range_is_returned_published_posts_on_the_day_they_went_out(seeded, actors, accounts):
    paris = _org_zone(seeded, actors["manager"], "Europe/Paris")
    monday = date(YEAR, 6, 2) - timedelta(days=date(YEAR, 6, 2).weekday())
    manager = actors["manager"]
    inside = _scheduled(seeded, manager, accounts, datetime.combine(monday + timedelta(days=2), time(10), paris))
    first_minute = _scheduled(seeded, manager, accounts, datetime.combine(monday, time(0), paris), text="Early")
    before = _scheduled(seeded, manager, accounts, datetime.combine(monday, time(0), paris) - timedelta(minutes=1))
    after = _scheduled(seeded, manager, accounts, datetime.combine(monday + timedelta(days=7), time(0), paris))
    # due the week before, it went out (late) inside this week: it shows where it went out
    late = _scheduled(seeded, manager, accounts, datetime.combine(monday - timedelta(days=2), time(9), paris))
    late.status = PostStatus.published
    for target in posts.targets_of(seeded, late):
        target.status, target.published_at = PostStatus.published, datetime.combine(monday, time(8), paris)
    found = calendar.calendar_posts(seeded, manager, CalendarQuery(monday, monday + timedelta(days=6)))
    assert _ids(found) == {inside.id, first_minute.id, late.id}
    assert before.id not in _ids(found) and after.id not in _ids(found)
    assert [e.local.date() for e in found.entries if e.post.id == late.id] == [monday]
    previous = calendar.calendar_posts(seeded, manager, CalendarQuery(monday - timedelta(days=7),
                                                                      monday - timedelta(days=1)))
    assert _ids(previous) == {before.id}


def test_what_each_role_sees(seeded, actors, accounts):
    when = utcnow() + timedelta(days=2)
    by_manager = _scheduled(seeded, actors["manager"], accounts, when)
    by_creator = _scheduled(seeded, actors["creator"], accounts, when, text="Creator's")
    assigned = _scheduled(seeded, actors["manager"], accounts, when, text="For the team")
    assigned.assignee_user_id = actors["team"].user_id
    deleted = _scheduled(seeded, actors["manager"], accounts, when, text="Gone")
    posts.delete_posts(seeded, actors["manager"], [deleted.id])
    day = when.astimezone(calendar.calendar_zone(seeded, actors["manager"])).date()
    query = CalendarQuery(day, day)
    everything = {by_manager.id, by_creator.id, assigned.id}
    for role in ("manager", "creator", "client"):
        assert _ids(calendar.calendar_posts(seeded, actors[role], query)) == everything, role
    assert _ids(calendar.calendar_posts(seeded, actors["team"], query)) == {assigned.id}


def test_filters_by_network_account_campaign_and_status(seeded, actors, accounts):
    manager = actors["manager"]
    when = utcnow() + timedelta(days=2)
    on_x = _scheduled(seeded, manager, accounts, when)
    on_linkedin = _scheduled(seeded, manager, accounts, when, networks=("linkedin",))
    campaign = Campaign(org_id=manager.org_id, name="Spring")
    seeded.add(campaign)
    seeded.flush()
    on_linkedin.campaign_id = campaign.id
    missed = _scheduled(seeded, manager, accounts, when, text="Missed it")
    missed.status = PostStatus.failed
    for target in posts.targets_of(seeded, missed):
        target.status = calendar.MISSED
    day = when.astimezone(calendar.calendar_zone(seeded, manager)).date()

    def shown(**filters) -> set[int]:
        return _ids(calendar.calendar_posts(seeded, manager, CalendarQuery(day, day, **filters)))

    assert shown(network="linkedin") == {on_linkedin.id}
    assert shown(account_id=accounts["twitter"].id) == {on_x.id, missed.id}
    assert shown(campaign_id=campaign.id) == {on_linkedin.id}
    assert shown(status="missed") == {missed.id}
    assert shown(status="failed") == set()
    assert shown(status="scheduled") == {on_x.id, on_linkedin.id}
    states = {e.post.id: e.state for e in calendar.calendar_posts(seeded, manager, CalendarQuery(day, day)).entries}
    assert states[missed.id] == "missed"


def test_bad_ranges_and_filters_are_refused_clearly(seeded, actors, accounts):
    manager, day = actors["manager"], date(YEAR, 5, 1)
    with pytest.raises(ValidationFailed, match="before the first day"):
        calendar.calendar_posts(seeded, manager, CalendarQuery(day, day - timedelta(days=1)))
    with pytest.raises(ValidationFailed, match="at most 42 days"):
        calendar.calendar_posts(seeded, manager, CalendarQuery(day, day + timedelta(days=60)))
    with pytest.raises(ValidationFailed, match="Unknown network"):
        calendar.calendar_posts(seeded, manager, CalendarQuery(day, day, network="myspace"))
    with pytest.raises(ValidationFailed, match="Unknown time zone"):
        calendar.calendar_posts(seeded, manager, CalendarQuery(day, day, zone_name="Mars/Olympus"))
    with pytest.raises(NotFound):
        calendar.calendar_posts(seeded, manager, CalendarQuery(day, day, campaign_id=10_000))


# --- the grid the page draws ----------------------------------------------------------------


def test_the_month_grid_is_whole_weeks_with_each_post_on_its_local_day(seeded, actors, accounts):
    paris = _org_zone(seeded, actors["manager"], "Europe/Paris")
    anchor = date(YEAR, 7, 15)
    first, last = visible_days("month", anchor)
    assert first.weekday() == 0 and last.weekday() == 6 and first <= date(YEAR, 7, 1) and last >= date(YEAR, 7, 31)
    # 23:30 in Paris is the next day in UTC: the chip belongs to the Paris day
    post = _scheduled(seeded, actors["manager"], accounts, datetime.combine(date(YEAR, 7, 10), time(23, 30), paris))
    found = calendar.calendar_posts(seeded, actors["manager"], CalendarQuery(first, last))
    grid = build_grid("month", anchor, found.entries, found.zone, utcnow(), {}, can_compose=True)
    assert all(len(row.cells) == 7 for row in grid.rows) and grid.title == f"July {YEAR}"
    cells = {cell.day: cell for row in grid.rows for cell in row.cells}
    chip = cells[date(YEAR, 7, 10).isoformat()].chips[0]
    assert (chip.id, chip.time, [m.network for m in chip.networks]) == (str(post.id), "23:30", ["twitter"])
    assert cells[date(YEAR, 7, 10).isoformat()].compose_url == \
        f"/create?at={YEAR}-07-10T09%3A00&tz=Europe%2FParis"
    week = build_grid("week", anchor, [], paris, utcnow(), {}, can_compose=False)
    assert len(week.rows) == 24 and all(len(row.cells) == 7 and not any(c.compose_url for c in row.cells)
                                        for row in week.rows)
    past = build_grid("day", date(utcnow().year - 1, 1, 1), [], paris, utcnow(), {}, can_compose=True)
    assert not any(cell.compose_url for row in past.rows for cell in row.cells)

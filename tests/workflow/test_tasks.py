"""Tasks: create, assign, move along, repeat, templates, deadline alerts, and who sees and changes what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import select

from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import campaigns
from allin_app.content import service as posts
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization
from allin_app.workflow import task_templates, tasks
from allin_app.workflow.models import Notification
from allin_app.workflow.task_models import Task

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def people(seeded):
    """Bloom Coffee's people by role, and the agency owner acting in Bloom."""
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    found = {name: orgs.actor_for(seeded, auth.find_user_by_email(seeded, f"{name}@allin.demo"))
             for name in ("manager", "creator", "client", "team")}
    found["agency"] = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "agency@allin.demo"), bloom.id)
    return found


def _task(db, actor, **fields):
    return tasks.create_task(db, actor, **{"title": "Write the spring newsletter", **fields})


def _notes(db, user_id: int, kind: str) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)))


# ---- creating and assigning ----

def test_a_manager_gives_a_task_and_the_assignee_hears(seeded, people):
    manager, team = people["manager"], people["team"]
    due = datetime(2030, 5, 6, 15, 0, tzinfo=PARIS)
    task = _task(seeded, manager, description="  Three stories  ", assignee_user_id=team.user_id, due_at=due,
                 priority="high")
    assert (task.title, task.description, task.priority, task.status) == (
        "Write the spring newsletter", "Three stories", "high", "todo")
    assert as_utc(task.due_at) == datetime(2030, 5, 6, 13, 0, tzinfo=UTC)
    [note] = _notes(seeded, team.user_id, "task_assigned")
    assert note.link == f"/tasks?task={task.id}" and "Write the spring newsletter" in note.title
    assert not _notes(seeded, manager.user_id, "task_assigned")  # nobody hears about their own task


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"description": "x" * 5001}, "description"),
    ({"priority": "urgent"}, "priority"),
    ({"recurrence": "FREQ=SOMETIMES"}, "recurrence"),
    ({"recurrence": "FREQ=MINUTELY", "due_at": datetime(2030, 1, 1, tzinfo=UTC)}, "recurrence"),
    ({"recurrence": "FREQ=WEEKLY"}, "due_at"),
])
def test_bad_input_is_refused_with_its_field(seeded, people, fields, field):
    with pytest.raises(ValidationFailed) as refused:
        _task(seeded, people["manager"], **fields)
    assert refused.value.field == field
    assert seeded.exec(select(Task)).first() is None


def test_work_goes_only_to_people_of_the_organization_who_work_on_content(seeded, people):
    stranger = auth.create_user(seeded, "stranger@example.com", "Harbor-Lights-51", verified=True)
    for user_id in (stranger.id, people["client"].user_id):
        with pytest.raises(ValidationFailed) as refused:
            _task(seeded, people["manager"], assignee_user_id=user_id)
        assert refused.value.field == "assignee_user_id"


def test_the_agency_owner_hands_out_work_in_a_client(seeded, people):
    task = _task(seeded, people["agency"], assignee_user_id=people["agency"].user_id)
    assert task.org_id == people["manager"].org_id
    assert tasks.get_task(seeded, people["manager"], task.id).id == task.id


# ---- who sees and changes what ----

def test_a_team_member_sees_and_moves_only_the_tasks_given_to_them(seeded, people):
    manager, team = people["manager"], people["team"]
    theirs = _task(seeded, manager, assignee_user_id=team.user_id)
    other = _task(seeded, manager, title="Not theirs", assignee_user_id=people["creator"].user_id)
    assert [t.id for t in tasks.list_tasks(seeded, team).items] == [theirs.id]
    with pytest.raises(NotFound):
        tasks.get_task(seeded, team, other.id)
    with pytest.raises(NotFound):
        tasks.update_task(seeded, team, other.id, {"status": "done"})
    assert tasks.update_task(seeded, team, theirs.id, {"status": "in_progress"}).status == "in_progress"
    with pytest.raises(PermissionDenied):
        tasks.update_task(seeded, team, theirs.id, {"title": "Easier work"})
    with pytest.raises(PermissionDenied):
        tasks.update_task(seeded, team, theirs.id, {"status": "cancelled"})
    with pytest.raises(PermissionDenied):
        tasks.delete_task(seeded, team, theirs.id)
    with pytest.raises(PermissionDenied):
        _task(seeded, team)


def test_a_creator_makes_tasks_for_themselves_only(seeded, people):
    creator, manager = people["creator"], people["manager"]
    own = _task(seeded, creator)
    assert own.assignee_user_id == creator.user_id
    with pytest.raises(PermissionDenied):
        _task(seeded, creator, assignee_user_id=people["team"].user_id)
    with pytest.raises(PermissionDenied):
        tasks.update_task(seeded, creator, own.id, {"assignee_user_id": people["team"].user_id})
    given = _task(seeded, manager, title="Given to the creator", assignee_user_id=creator.user_id)
    hidden = _task(seeded, manager, title="The team member's", assignee_user_id=people["team"].user_id)
    assert {t.id for t in tasks.list_tasks(seeded, creator).items} == {own.id, given.id}
    with pytest.raises(NotFound):
        tasks.get_task(seeded, creator, hidden.id)
    assert tasks.update_task(seeded, creator, given.id, {"title": "Given, reworded"}).title == "Given, reworded"
    with pytest.raises(PermissionDenied):
        tasks.delete_task(seeded, creator, given.id)
    tasks.delete_task(seeded, creator, own.id)
    assert seeded.get(Task, own.id) is None


def test_client_viewers_have_no_tasks(seeded, people):
    client = people["client"]
    with pytest.raises(PermissionDenied):
        tasks.list_tasks(seeded, client)
    with pytest.raises(PermissionDenied):
        _task(seeded, client)
    task = _task(seeded, people["manager"])
    with pytest.raises(NotFound):
        tasks.get_task(seeded, client, task.id)


def test_a_manager_changes_and_deletes_any_task(seeded, people):
    manager, creator = people["manager"], people["creator"]
    task = _task(seeded, creator)
    changed = tasks.update_task(seeded, manager, task.id, {"assignee_user_id": people["team"].user_id,
                                                           "priority": "low", "due_at": None})
    assert (changed.assignee_user_id, changed.priority) == (people["team"].user_id, "low")
    assert len(_notes(seeded, people["team"].user_id, "task_assigned")) == 1
    with pytest.raises(ValidationFailed):
        tasks.update_task(seeded, manager, task.id, {"org_id": 99})
    tasks.delete_task(seeded, manager, task.id)
    with pytest.raises(NotFound):
        tasks.get_task(seeded, manager, task.id)


def test_status_moves(seeded, people):
    manager = people["manager"]
    task = _task(seeded, manager)
    done = tasks.update_task(seeded, manager, task.id, {"status": "done"})
    assert done.completed_at is not None
    reopened = tasks.update_task(seeded, manager, task.id, {"status": "todo"})
    assert reopened.completed_at is None
    tasks.update_task(seeded, manager, task.id, {"status": "cancelled"})
    with pytest.raises(Conflict):
        tasks.update_task(seeded, manager, task.id, {"status": "done"})
    with pytest.raises(ValidationFailed):
        tasks.update_task(seeded, manager, task.id, {"status": "finished"})


# ---- links, lists ----

def test_links_to_a_post_or_campaign_of_the_organization(seeded, people):
    manager = people["manager"]
    post = posts.create_post(seeded, manager, posts.PostDraft(text="Spring menu"))
    campaign = campaigns.create_campaign(seeded, manager, name="Spring", starts_on="2030-03-01", ends_on="2030-03-31")
    task = _task(seeded, manager, post_id=post.id, campaign_id=campaign.id)
    assert [t.id for t in tasks.list_tasks(seeded, manager, post_id=post.id).items] == [task.id]
    assert [t.id for t in tasks.list_tasks(seeded, manager, campaign_id=campaign.id).items] == [task.id]
    campaigns.delete_campaign(seeded, manager, campaign.id)  # the task stays, without its campaign
    seeded.refresh(task)
    assert task.campaign_id is None
    with pytest.raises(NotFound):
        _task(seeded, manager, post_id=post.id + 1000)


def test_lists_filter_sort_and_page(seeded, people):
    manager, team = people["manager"], people["team"]
    later = _task(seeded, manager, title="Later", due_at=datetime(2030, 6, 2, tzinfo=UTC))
    undated = _task(seeded, manager, title="Someday")
    sooner = _task(seeded, manager, title="Sooner", due_at=datetime(2030, 6, 1, tzinfo=UTC),
                   assignee_user_id=team.user_id)
    closed = _task(seeded, manager, title="Done already")
    tasks.update_task(seeded, manager, closed.id, {"status": "done"})
    first = tasks.list_tasks(seeded, manager, status="open", limit=2)
    assert [t.id for t in first.items] == [sooner.id, later.id] and first.total == 3 and first.next_cursor
    rest = tasks.list_tasks(seeded, manager, status="open", limit=2, cursor=first.next_cursor)
    assert [t.id for t in rest.items] == [undated.id] and rest.next_cursor is None
    assert [t.id for t in tasks.list_tasks(seeded, manager, status="closed").items] == [closed.id]
    assert [t.id for t in tasks.list_tasks(seeded, manager, mine=True).items] == []
    assert [t.id for t in tasks.list_tasks(seeded, team, mine=True).items] == [sooner.id]
    due_soon = tasks.list_tasks(seeded, manager, due_before=datetime(2030, 6, 1, 12, tzinfo=UTC))
    assert [t.id for t in due_soon.items] == [sooner.id]
    with pytest.raises(ValidationFailed):
        tasks.list_tasks(seeded, manager, status="later")


# ---- repeating tasks ----

def test_a_weekly_task_done_comes_back_next_week_at_the_same_local_time(seeded, people):
    manager, team = people["manager"], people["team"]
    seeded.get(Organization, manager.org_id).timezone = "Europe/Paris"
    monday = datetime(2030, 3, 25, 9, 0, tzinfo=PARIS)  # daylight-saving time starts on the 31st
    task = _task(seeded, manager, assignee_user_id=team.user_id, due_at=monday, recurrence="FREQ=WEEKLY",
                 description="Every Monday")
    tasks.update_task(seeded, team, task.id, {"status": "done"})
    following = seeded.exec(select(Task).where(Task.previous_task_id == task.id)).one()
    assert as_utc(following.due_at).astimezone(PARIS) == datetime(2030, 4, 1, 9, 0, tzinfo=PARIS)
    assert as_utc(following.due_at) == datetime(2030, 4, 1, 7, 0, tzinfo=UTC)
    assert (following.status, following.assignee_user_id, following.series_id, following.description) == (
        "todo", team.user_id, task.id, "Every Monday")
    tasks.update_task(seeded, team, task.id, {"status": "todo"})
    tasks.update_task(seeded, team, task.id, {"status": "done"})  # done again: still one next occurrence
    assert len(seeded.exec(select(Task).where(Task.series_id == task.id)).all()) == 2


def test_a_late_repeating_task_comes_back_at_its_next_date_after_today(seeded, people):
    manager = people["manager"]
    with time_machine.travel(datetime(2030, 1, 16, 12, tzinfo=UTC), tick=False):
        task = _task(seeded, manager, due_at=datetime(2030, 1, 1, 9, tzinfo=UTC), recurrence="FREQ=WEEKLY")
        tasks.update_task(seeded, manager, task.id, {"status": "done"})
    following = seeded.exec(select(Task).where(Task.previous_task_id == task.id)).one()
    assert as_utc(following.due_at) == datetime(2030, 1, 22, 9, tzinfo=UTC)


def test_a_counted_series_ends_and_a_cancelled_one_stops(seeded, people):
    manager = people["manager"]
    first = _task(seeded, manager, due_at=datetime(2030, 2, 1, 9, tzinfo=UTC), recurrence="FREQ=DAILY;COUNT=2")
    tasks.update_task(seeded, manager, first.id, {"status": "done"})
    second = seeded.exec(select(Task).where(Task.previous_task_id == first.id)).one()
    assert as_utc(second.due_at) == datetime(2030, 2, 2, 9, tzinfo=UTC)
    tasks.update_task(seeded, manager, second.id, {"status": "done"})
    assert seeded.exec(select(Task).where(Task.previous_task_id == second.id)).first() is None
    daily = _task(seeded, manager, due_at=datetime(2030, 2, 1, 9, tzinfo=UTC), recurrence="FREQ=DAILY")
    tasks.update_task(seeded, manager, daily.id, {"status": "cancelled"})
    assert seeded.exec(select(Task).where(Task.previous_task_id == daily.id)).first() is None


# ---- templates ----

def test_templates_are_kept_by_managers_and_used_by_creators(seeded, people):
    manager, creator, team = people["manager"], people["creator"], people["team"]
    template = task_templates.create_task_template(
        seeded, manager, name="Monthly report", title="Write the monthly report", description="Numbers first",
        priority="high", due_in_days=3, recurrence="freq=monthly")
    assert template.recurrence == "FREQ=MONTHLY"
    with pytest.raises(PermissionDenied):
        task_templates.create_task_template(seeded, creator, name="Mine", title="Mine")
    with pytest.raises(PermissionDenied):
        task_templates.list_task_templates(seeded, team)
    assert [t.id for t in task_templates.list_task_templates(seeded, creator)] == [template.id]
    before = utcnow()
    task = task_templates.create_from_template(seeded, creator, template.id)
    assert (task.title, task.description, task.priority, task.recurrence, task.assignee_user_id) == (
        "Write the monthly report", "Numbers first", "high", "FREQ=MONTHLY", creator.user_id)
    assert before + timedelta(days=3) <= as_utc(task.due_at) <= utcnow() + timedelta(days=3)
    renamed = task_templates.update_task_template(seeded, manager, template.id, {"name": "Report", "due_in_days": 5})
    assert (renamed.name, renamed.due_in_days) == ("Report", 5)
    with pytest.raises(ValidationFailed) as refused:
        task_templates.update_task_template(seeded, manager, template.id, {"due_in_days": None})
    assert refused.value.field == "due_in_days"  # it still repeats
    task_templates.delete_task_template(seeded, manager, template.id)
    with pytest.raises(NotFound):
        task_templates.get_task_template(seeded, manager, template.id)


# ---- deadline alerts ----

def test_a_deadline_alert_goes_out_once_per_due_date(seeded, people):
    manager, team = people["manager"], people["team"]
    now = datetime(2030, 3, 1, 8, tzinfo=UTC)
    soon = _task(seeded, manager, title="Due soon", assignee_user_id=team.user_id, due_at=now + timedelta(hours=5))
    late = _task(seeded, manager, title="Late", assignee_user_id=team.user_id, due_at=now - timedelta(days=1))
    _task(seeded, manager, title="Next week", assignee_user_id=team.user_id, due_at=now + timedelta(days=7))
    finished = _task(seeded, manager, title="Finished", assignee_user_id=team.user_id, due_at=now)
    tasks.update_task(seeded, manager, finished.id, {"status": "done"})
    _task(seeded, manager, title="Nobody's", due_at=now)
    seeded.commit()

    assert tasks.alert_due_tasks(now) == 2
    alerts = {n.title: n for n in _notes(seeded, team.user_id, "task_due")}
    assert set(alerts) == {"Due soon: Due soon", "Overdue: Late"}
    assert alerts["Due soon: Due soon"].link == f"/tasks?task={soon.id}"
    assert tasks.alert_due_tasks(now + timedelta(minutes=5)) == 0

    seeded.refresh(late)  # as a new request would read it: with the alert the job recorded
    assert late.due_alert_sent_at is not None
    tasks.update_task(seeded, manager, late.id, {"due_at": now + timedelta(hours=2)})
    seeded.commit()
    assert tasks.alert_due_tasks(now + timedelta(minutes=10)) == 1
    assert len(_notes(seeded, team.user_id, "task_due")) == 3


# ---- another organization ----

def test_another_organizations_tasks_and_templates_are_not_found(seeded, people):
    agency = auth.find_user_by_email(seeded, "agency@allin.demo")
    peak = orgs.actor_for(seeded, agency, orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1])).id)
    theirs = _task(seeded, peak, title="Peak's own")
    template = task_templates.create_task_template(seeded, peak, name="Peak", title="Peak's")
    peak_post = posts.create_post(seeded, peak, posts.PostDraft(text="Peak post"))
    manager = people["manager"]
    for call in (lambda: tasks.get_task(seeded, manager, theirs.id),
                 lambda: tasks.update_task(seeded, manager, theirs.id, {"status": "done"}),
                 lambda: tasks.delete_task(seeded, manager, theirs.id),
                 lambda: tasks.list_tasks(seeded, manager, post_id=peak_post.id),
                 lambda: _task(seeded, manager, post_id=peak_post.id),
                 lambda: task_templates.get_task_template(seeded, manager, template.id),
                 lambda: task_templates.create_from_template(seeded, manager, template.id)):
        with pytest.raises(NotFound):
            call()
    assert theirs.id not in {t.id for t in tasks.list_tasks(seeded, manager).items}
    with pytest.raises(ValidationFailed):  # nobody has that id
        _task(seeded, manager, assignee_user_id=peak.user_id + 10_000)


# ---- what the page shows (workflow/tasks_view.py) ----

def test_the_page_groups_tasks_by_when_they_are_due_in_the_organizations_zone(seeded, people):
    from allin_app.workflow.tasks_view import grouped

    manager = people["manager"]
    now = datetime(2030, 3, 1, 22, 30, tzinfo=UTC)  # 23:30 in Paris: an hour of "today" left
    made = {title: _task(seeded, manager, title=title, due_at=due) for title, due in (
        ("Late", now - timedelta(minutes=1)), ("Tonight", now + timedelta(minutes=20)),
        ("Tomorrow", now + timedelta(hours=2)), ("Someday", None), ("Finished", now))}
    tasks.update_task(seeded, manager, made["Finished"].id, {"status": "done"})
    groups = grouped(seeded, manager, list(made.values()), PARIS, now)
    assert [(g.key, [r.title for r in g.rows]) for g in groups] == [
        ("overdue", ["Late"]), ("today", ["Tonight"]), ("upcoming", ["Tomorrow"]), ("no_date", ["Someday"]),
        ("done", ["Finished"])]
    assert groups[0].rows[0].due == "Fri 1 Mar, 23:29" and groups[0].rows[0].can_edit


def test_the_form_reads_a_local_date_and_time_and_a_link(seeded, people):
    from allin_app.workflow.tasks_view import editor_choices, read_due, read_link

    assert read_due("2030-03-31", "09:00", PARIS) == datetime(2030, 3, 31, 7, 0, tzinfo=UTC)
    assert read_due("2030-03-01", "", PARIS) == datetime(2030, 3, 1, 22, 59, tzinfo=UTC)  # by the end of the day
    assert read_due("", "", PARIS) is None
    for day, at in (("", "09:00"), ("tomorrow", "")):
        with pytest.raises(ValidationFailed):
            read_due(day, at, PARIS)
    assert read_link("post:12") == (12, None) and read_link("campaign:3") == (None, 3)
    assert read_link("none") == (None, None) and read_link("user:5") == (None, None)
    creator = editor_choices(seeded, people["creator"], None)
    assert [c.value for c in creator.assignees] == [str(people["creator"].user_id)]
    everyone = {c.value for c in editor_choices(seeded, people["manager"], None).assignees}
    assert {str(people["team"].user_id), str(people["creator"].user_id)} <= everyone
    assert str(people["client"].user_id) not in everyone

"""Assigning drafts to members: who may, to whom, who hears; and what a team member then sees (their posts in
the library, the calendar and campaigns; only the campaigns they are on)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import campaigns, library
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.scheduling import calendar
from allin_app.workflow import assignments
from allin_app.workflow.models import Notification


@pytest.fixture
def people(seeded):
    return {name: orgs.actor_for(seeded, auth.find_user_by_email(seeded, f"{name}@allin.demo"))
            for name in ("manager", "creator", "client", "team")}


def _draft(db, actor, text="Spring menu draft"):
    return posts.create_post(db, actor, posts.PostDraft(text=text))


def _assignments_of(db, user_id: int) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == user_id,
                                                   Notification.kind == "assignment")))


def test_a_manager_assigns_a_draft_and_the_team_member_hears_sees_and_edits_it(seeded, people):
    manager, team = people["manager"], people["team"]
    post = _draft(seeded, people["creator"])
    with pytest.raises(NotFound):
        posts.get_post(seeded, team, post.id)
    assigned = assignments.assign_post(seeded, manager, post.id, team.user_id)
    assert assigned.assignee_user_id == team.user_id
    [note] = _assignments_of(seeded, team.user_id)
    assert note.link == f"/create?post={post.id}" and "Spring menu draft" in note.title
    assert posts.get_post(seeded, team, post.id).id == post.id
    posts.update_post(seeded, team, post.id, posts.PostDraft(text="Spring menu, polished"))
    assignments.assign_post(seeded, manager, post.id, None)
    with pytest.raises(NotFound):
        posts.get_post(seeded, team, post.id)


def test_the_author_hands_over_their_own_draft_only(seeded, people):
    creator, team = people["creator"], people["team"]
    own = _draft(seeded, creator)
    assignments.assign_post(seeded, creator, own.id, team.user_id)
    assert len(_assignments_of(seeded, team.user_id)) == 1
    managers = _draft(seeded, people["manager"], "The manager's draft")
    with pytest.raises(PermissionDenied):
        assignments.assign_post(seeded, creator, managers.id, team.user_id)
    own.status = PostStatus.in_review  # no longer a draft: the author keeps it, a manager may still reassign
    with pytest.raises(PermissionDenied):
        assignments.assign_post(seeded, creator, own.id, None)
    assignments.assign_post(seeded, people["manager"], own.id, None)


@pytest.mark.parametrize("who", ["team", "client"])
def test_team_members_and_clients_do_not_assign(seeded, people, who):
    post = _draft(seeded, people["manager"])
    assignments.assign_post(seeded, people["manager"], post.id, people["team"].user_id)
    with pytest.raises((PermissionDenied, NotFound)):
        assignments.assign_post(seeded, people[who], post.id, people["creator"].user_id)
    assert not assignments.may_assign_any(people[who])


def test_only_people_who_work_on_content_are_assigned(seeded, people):
    post = _draft(seeded, people["manager"])
    stranger = auth.create_user(seeded, "stranger@example.com", "Harbor-Lights-51", verified=True)
    for user_id in (people["client"].user_id, stranger.id):
        with pytest.raises(ValidationFailed):
            assignments.assign_post(seeded, people["manager"], post.id, user_id)
    names = {u.email for u in assignments.assignable_people(seeded, people["manager"].org_id)}
    assert {"manager@allin.demo", "creator@allin.demo", "team@allin.demo", "agency@allin.demo"} <= names
    assert "client@allin.demo" not in names and "stranger@example.com" not in names


def test_a_published_post_has_nothing_left_to_assign(seeded, people):
    post = _draft(seeded, people["manager"])
    post.status = PostStatus.published
    with pytest.raises(Conflict):
        assignments.assign_post(seeded, people["manager"], post.id, people["team"].user_id)


def test_bulk_assignment_is_all_or_nothing(seeded, people):
    manager, team = people["manager"], people["team"]
    first, second = _draft(seeded, manager, "First"), _draft(seeded, manager, "Second")
    gone = _draft(seeded, manager, "Published")
    gone.status = PostStatus.published
    with pytest.raises(Conflict):
        assignments.assign_posts(seeded, manager, [first.id, gone.id], team.user_id)
    assert first.assignee_user_id is None
    assert assignments.assign_posts(seeded, manager, [first.id, second.id], team.user_id) == 2
    [note] = _assignments_of(seeded, team.user_id)
    assert note.title.endswith("assigned you 2 posts") and note.link == "/content"


def test_another_organizations_post_is_not_found(seeded, people):
    agency = auth.find_user_by_email(seeded, "agency@allin.demo")
    peak = orgs.actor_for(seeded, agency, orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1])).id)
    theirs = _draft(seeded, peak)
    with pytest.raises(NotFound):
        assignments.assign_post(seeded, people["manager"], theirs.id, people["team"].user_id)


# ---- what a team member sees ----

def _scheduled(db, actor, text: str, campaign_id: int | None = None, assignee: int | None = None) -> Post:
    post = Post(org_id=actor.org_id, author_user_id=actor.user_id, status=PostStatus.scheduled, text=text,
                scheduled_at=datetime(2030, 3, 16, 9, tzinfo=UTC), campaign_id=campaign_id, assignee_user_id=assignee)
    db.add(post)
    db.flush()
    return post


def test_library_calendar_and_campaigns_agree_on_a_team_members_posts(seeded, people):
    manager, team = people["manager"], people["team"]
    spring = campaigns.create_campaign(seeded, manager, name="Spring", starts_on="2030-03-01", ends_on="2030-03-31",
                                       member_ids=[team.user_id])
    summer = campaigns.create_campaign(seeded, manager, name="Summer", starts_on="2030-06-01", ends_on="2030-06-30")
    theirs = _scheduled(seeded, manager, "Theirs", spring.id, team.user_id)
    _scheduled(seeded, manager, "Someone else's", spring.id)
    in_library = library.list_posts(seeded, team, library.PostQuery())
    assert [p.id for p in in_library.items] == [theirs.id] and in_library.total == 1
    on_calendar = calendar.calendar_posts(seeded, team, calendar.CalendarQuery(date(2030, 3, 1), date(2030, 3, 31)))
    assert [entry.post.id for entry in on_calendar.entries] == [theirs.id]
    assert [c.id for c in campaigns.list_campaigns(seeded, team)] == [spring.id]
    assert [p.id for p in campaigns.campaign_posts(seeded, team, spring.id)] == [theirs.id]
    assert campaigns.post_counts(seeded, [spring.id], team) == {spring.id: 1}
    assert campaigns.post_counts(seeded, [spring.id], manager) == {spring.id: 2}
    with pytest.raises(NotFound):
        campaigns.get_campaign(seeded, team, summer.id)
    with pytest.raises(NotFound):
        campaigns.campaign_posts(seeded, team, summer.id)
    assert {c.id for c in campaigns.list_campaigns(seeded, people["creator"])} == {spring.id, summer.id}

"""Private calendar feeds: created once with a secret URL, read back as iCal by calendar apps, revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import delete

from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.content.models import PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.crypto import token_digest
from allin_app.core.errors import NotFound
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Membership, OrgKind
from allin_app.scheduling import ical, service
from allin_app.scheduling.models import CalendarFeed
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)


def _scheduled(db, actor, accounts, text, hours=24, networks=("twitter",)):
    post = posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=tuple(accounts[n].id for n in networks)))
    return service.schedule_post(db, actor, post.id, utcnow() + timedelta(hours=hours)).post


def _token(url: str) -> str:
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def _events(db, url: str) -> dict[str, object]:
    calendar = Calendar.from_ical(ical.feed_calendar(db, _token(url)))
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_a_feed_lists_scheduled_and_recent_posts_as_events(seeded, actors, accounts):
    long_text = "Our autumn blend is here: " + "notes of fig and cocoa " * 5
    post = _scheduled(seeded, actors["manager"], accounts, long_text, networks=("twitter", "linkedin"))
    published = _scheduled(seeded, actors["manager"], accounts, "Out already", hours=1)
    published.status = PostStatus.published
    posts.create_post(seeded, actors["manager"], posts.PostDraft(text="A draft is not on the calendar"))
    made = ical.create_feed(seeded, actors["manager"])
    stored = seeded.get(CalendarFeed, made.feed.id)
    assert stored.token_hash == token_digest(_token(made.url)) and _token(made.url) not in stored.token_hash
    events = _events(seeded, made.url)
    assert len(events) == 2
    event = next(e for e in events.values() if str(e["description"]).startswith(long_text))
    assert str(event["uid"]).startswith(f"post-{post.id}@")
    assert event.decoded("dtstart") == post.scheduled_at.replace(microsecond=0) \
        or event.decoded("dtstart") == post.scheduled_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert str(event["summary"]).startswith("Our autumn blend is here") and "…" in str(event["summary"])
    assert str(event["summary"]).endswith("(X (Twitter), LinkedIn)")
    assert str(event["url"]).endswith(f"/create?post={post.id}")
    assert str(event["status"]) == "TENTATIVE"
    assert _events(seeded, made.url).keys() == events.keys()  # UIDs stay put between fetches


def test_revoked_and_unknown_feeds_are_not_found(seeded, actors, accounts):
    made = ical.create_feed(seeded, actors["manager"])
    assert [f.id for f in ical.list_feeds(seeded, actors["manager"])] == [made.feed.id]
    with pytest.raises(NotFound):
        ical.revoke_feed(seeded, actors["creator"], made.feed.id)  # someone else's feed
    ical.revoke_feed(seeded, actors["manager"], made.feed.id)
    assert ical.list_feeds(seeded, actors["manager"]) == []
    for token in (_token(made.url), "no-such-token", ""):
        with pytest.raises(NotFound):
            ical.feed_calendar(seeded, token)


def test_a_feed_ends_with_the_membership(seeded, actors, accounts):
    made = ical.create_feed(seeded, actors["creator"])
    seeded.exec(delete(Membership).where(Membership.user_id == actors["creator"].user_id))
    with pytest.raises(NotFound):
        ical.feed_calendar(seeded, _token(made.url))


def test_another_organizations_posts_are_never_in_a_feed(seeded, actors, accounts):
    mine = _scheduled(seeded, actors["manager"], accounts, "Bloom's post")
    other = orgs.create_organization(seeded, "Harbor Bakery", OrgKind.client)
    owner = auth.create_user(seeded, "owner@harbor.example", "Harbor-Lights-51", verified=True)
    orgs.add_member(seeded, other.id, owner.id, Role.agency_owner)
    harbor = orgs.actor_for(seeded, owner, other.id)
    theirs = posts.create_post(seeded, harbor, posts.PostDraft(text="Harbor's post"))
    theirs.status, theirs.scheduled_at = PostStatus.scheduled, utcnow() + timedelta(hours=5)
    uids = set(_events(seeded, ical.create_feed(seeded, actors["manager"]).url))
    assert uids == {f"post-{mine.id}@localhost"}
    assert set(_events(seeded, ical.create_feed(seeded, harbor).url)) == {f"post-{theirs.id}@localhost"}


def test_team_members_see_their_assigned_posts_only(seeded, actors, accounts):
    assigned = _scheduled(seeded, actors["manager"], accounts, "Yours to watch")
    assigned.assignee_user_id = actors["team"].user_id
    _scheduled(seeded, actors["manager"], accounts, "Not yours", hours=30)
    assert set(_events(seeded, ical.create_feed(seeded, actors["team"]).url)) == {f"post-{assigned.id}@localhost"}


def test_api_creates_lists_serves_and_revokes_feeds(api, seeded, accounts):  # noqa: F811
    headers = bearer(api, "client@allin.demo", "Client123!@#")
    made = api.post("/api/v1/calendar/feeds", headers=headers)
    assert made.status_code == 201 and "/ical/" in made.json()["url"]
    listed = api.get("/api/v1/calendar/feeds", headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["url"] is None  # the secret is shown once
    path = "/ical/" + made.json()["url"].rsplit("/ical/", 1)[1]
    served = api.get(path)  # no sign-in: calendar apps cannot
    assert served.status_code == 200 and served.headers["content-type"].startswith("text/calendar")
    assert Calendar.from_ical(served.content)["prodid"] == "-//AllIN//Calendar feed//EN"
    other = bearer(api, "manager@allin.demo", "Manager123!@#")
    assert api.delete(f"/api/v1/calendar/feeds/{made.json()['id']}", headers=other).status_code == 404
    assert api.delete(f"/api/v1/calendar/feeds/{made.json()['id']}", headers=headers).status_code == 204
    assert api.get(path).status_code == 404

"""The notification centre: each person's choices over the organization's defaults (in the app, email), the
email digest (grouped, only what is unread since the last one, once per period, nothing when empty, at 08:00
daily or Monday 08:00 weekly in the home organization's zone), the centre's filters and read marks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import select

from allin_app.admin.models import OutboxMail
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization
from allin_app.orgs.notifications import update_notification_defaults
from allin_app.workflow import digest, notification_prefs, notifications
from allin_app.workflow.models import Notification, NotificationPreference
from tests.accounts.test_connect import _user_and_actor

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def people(seeded):
    """Bloom Coffee's people (users and actors) by role, its agency owner, and Bloom itself."""
    found = {name: _user_and_actor(seeded, f"{name}@allin.demo") for name in ("manager", "creator", "team", "agency")}
    found["org"] = seeded.get(Organization, found["manager"][1].org_id)
    return found


def _mails(db, to: str) -> list[OutboxMail]:
    return list(db.exec(select(OutboxMail).where(OutboxMail.to_email == to).order_by(OutboxMail.id)))


def _tell(db, people, who: str, event: str, title: str, **kwargs) -> None:
    notifications.notify(db, people["org"].id, [people[who][0].id], event, f"test_{event}", title, "Body text",
                         "/content", **kwargs)
    db.flush()


# ---- preferences over the organization's defaults ----

def test_the_organizations_defaults_apply_until_a_person_chooses(seeded, people):
    _tell(seeded, people, "creator", "approvals", "Approved: spring menu")  # default: in the app and by email
    _tell(seeded, people, "creator", "comments", "New comment")  # default: in the app only
    assert [n.title for n in notifications.recent(seeded, people["creator"][1])] == ["New comment",
                                                                                     "Approved: spring menu"]
    assert [m.subject for m in _mails(seeded, "creator@allin.demo")] == ["Bloom Coffee Co.: Approved: spring menu"]


def test_a_persons_choice_overrides_the_organizations_default_both_ways(seeded, people):
    creator = people["creator"][1]
    notification_prefs.update_preferences(seeded, creator, {"approvals": {"in_app": True, "email": False},
                                                            "comments": {"in_app": False, "email": True}})
    _tell(seeded, people, "creator", "approvals", "Approved: spring menu")
    _tell(seeded, people, "creator", "comments", "New comment")
    assert [n.title for n in notifications.recent(seeded, creator)] == ["Approved: spring menu"]
    assert [m.subject for m in _mails(seeded, "creator@allin.demo")] == ["Bloom Coffee Co.: New comment"]
    # the manager chose nothing: the organization's defaults still hold for them
    _tell(seeded, people, "manager", "comments", "New comment")
    assert notifications.unread_count(seeded, people["manager"][1]) == 1 and not _mails(seeded, "manager@allin.demo")


def test_a_choice_equal_to_the_default_follows_the_organization_later(seeded, people):
    creator, agency = people["creator"][1], people["agency"][1]
    notification_prefs.update_preferences(seeded, creator, {"publishing": {"in_app": True, "email": True}})
    assert seeded.exec(select(NotificationPreference)).all() == []  # nothing of their own to keep
    update_notification_defaults(seeded, agency, people["org"].id,
                                 {"publishing": {"in_app": True, "email": False}}, "instant")
    choice = next(c for c in notification_prefs.preferences(seeded, creator) if c.event == "publishing")
    assert (choice.in_app, choice.email, choice.org_email) == (True, False, False)


def test_preferences_are_per_organization_and_unknown_events_are_refused(seeded, people):
    agency_user, agency = people["agency"]
    peak = next(o for o in seeded.exec(select(Organization)) if o.name == "Peak Fitness Studio")
    bloom_owner = orgs.actor_for(seeded, agency_user, people["org"].id)
    notification_prefs.update_preferences(seeded, bloom_owner, {"publishing": {"in_app": False, "email": False}})
    assert notification_prefs.channels_for(seeded, people["org"], agency_user.id, "publishing") == {
        "in_app": False, "email": False}
    assert notification_prefs.channels_for(seeded, peak, agency_user.id, "publishing") == {"in_app": True,
                                                                                             "email": True}
    with pytest.raises(ValidationFailed):
        notification_prefs.update_preferences(seeded, agency, {"fireworks": {"email": True}})


def test_news_that_needs_nobody_is_never_mailed(seeded, people):
    _tell(seeded, people, "creator", "publishing", "Published: spring menu", email=False)
    assert notifications.unread_count(seeded, people["creator"][1]) == 1
    assert _mails(seeded, "creator@allin.demo") == []


# ---- the notifications centre ----

def test_filters_paging_and_read_marks(seeded, people):
    creator = people["creator"][1]
    for number in range(3):
        _tell(seeded, people, "creator", "approvals", f"Approval {number}")
    _tell(seeded, people, "creator", "mentions", "You were mentioned")
    first, second, *_ = notifications.recent(seeded, creator)
    notifications.mark_read(seeded, creator, first.id)
    assert notifications.unread_count(seeded, creator) == 3

    unread = notifications.list_notifications(seeded, creator, unread_only=True)
    assert second.id in {n.id for n in unread.items} and first.id not in {n.id for n in unread.items}
    approvals = notifications.list_notifications(seeded, creator, event="approvals")
    assert approvals.total == 3 and {n.event for n in approvals.items} == {"approvals"}
    paged = notifications.list_notifications(seeded, creator, page=2, page_size=3)
    assert (paged.total, paged.pages, paged.page, len(paged.items)) == (4, 2, 2, 1)
    with pytest.raises(ValidationFailed):
        notifications.list_notifications(seeded, creator, event="fireworks")

    notifications.mark_read(seeded, creator, first.id, read=False)
    assert notifications.unread_count(seeded, creator) == 4
    assert notifications.open_notification(seeded, creator, second.id) == "/content"
    assert notifications.mark_all_read(seeded, creator) == 3
    assert notifications.unread_count(seeded, creator) == 0


def test_nobody_marks_or_opens_someone_elses_notification(seeded, people):
    _tell(seeded, people, "creator", "approvals", "Approved")
    theirs = notifications.recent(seeded, people["creator"][1])[0]
    with pytest.raises(NotFound):
        notifications.mark_read(seeded, people["manager"][1], theirs.id)
    with pytest.raises(NotFound):
        notifications.open_notification(seeded, people["team"][1], theirs.id)


def test_the_live_bell_sees_new_items_and_read_changes(seeded, people):
    user, creator = people["creator"]
    before = notifications.latest(seeded, user.id, creator.org_id)
    _tell(seeded, people, "creator", "approvals", "Approved")
    newest, unread = notifications.latest(seeded, user.id, creator.org_id)
    assert newest > before[0] and unread == before[1] + 1
    notifications.mark_all_read(seeded, creator)
    assert notifications.latest(seeded, user.id, creator.org_id) == (newest, 0)
    items, count = notifications.bell(seeded, user.id, creator.org_id)
    assert [n.title for n in items] == ["Approved"] and count == 0


# ---- the digest ----

def test_digest_periods_start_at_eight_local_daily_and_monday_weekly():
    wednesday_morning = datetime(2026, 3, 11, 6, 30, tzinfo=UTC)  # 07:30 in Berlin: before today's 08:00
    assert digest.period_start("daily", wednesday_morning, BERLIN) == datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    assert digest.period_start("daily", wednesday_morning + timedelta(hours=1), BERLIN) == datetime(
        2026, 3, 11, 7, 0, tzinfo=UTC)
    assert digest.period_start("weekly", wednesday_morning, BERLIN) == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    monday_early = datetime(2026, 3, 9, 6, 0, tzinfo=UTC)  # Monday 07:00 in Berlin: last week's period
    assert digest.period_start("weekly", monday_early, BERLIN) == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # daylight saving: 08:00 in Berlin is 06:00 UTC
    assert digest.period_start("daily", summer, BERLIN) == datetime(2026, 7, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def daily_creator(seeded, people):
    """The creator chose a daily digest; Bloom Coffee lives in Berlin."""
    people["org"].timezone = "Europe/Berlin"
    notification_prefs.set_email_frequency(seeded, people["creator"][1], "daily")
    seeded.commit()
    return people


def _digests(db, to: str = "creator@allin.demo") -> list[OutboxMail]:
    db.expire_all()
    return [m for m in _mails(db, to) if "digest" in m.subject]


def test_a_digest_replaces_the_separate_mails(seeded, daily_creator):
    _tell(seeded, daily_creator, "creator", "approvals", "Approved: spring menu")
    assert notifications.unread_count(seeded, daily_creator["creator"][1]) == 1
    assert _mails(seeded, "creator@allin.demo") == []


def test_the_digest_groups_what_is_unread_since_the_last_one_and_goes_out_once(seeded, daily_creator):
    creator = daily_creator["creator"][1]
    with time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), tick=False):  # Tuesday afternoon
        _tell(seeded, daily_creator, "creator", "approvals", "Approved: spring menu")
        _tell(seeded, daily_creator, "creator", "mentions", "Maya mentioned you")
        _tell(seeded, daily_creator, "creator", "approvals", "Rejected: summer menu")
        _tell(seeded, daily_creator, "creator", "publishing", "Published: already seen")
        notifications.mark_read(seeded, creator, notifications.recent(seeded, creator)[0].id)
        seeded.commit()
    with time_machine.travel(datetime(2026, 3, 11, 6, 0, tzinfo=UTC), tick=False):  # 07:00 Berlin: not yet
        assert digest.send_due_digests() == 0
    with time_machine.travel(datetime(2026, 3, 11, 7, 5, tzinfo=UTC), tick=False):  # 08:05 Berlin
        assert digest.send_due_digests() == 1
        assert digest.send_due_digests() == 0  # never twice for one period
    [mail] = _digests(seeded)
    assert mail.subject == "Your daily AllIN digest: 3 unread"
    body = mail.body
    assert "Published: already seen" not in body  # read already
    approvals, mentions = body.index("Approvals requested and decided (2)"), body.index("Mentions of you")
    assert approvals < body.index("Approved: spring menu") < body.index("Rejected: summer menu") < mentions
    assert "http://localhost:3009/content" in body and "Tue 10 Mar 13:00" in body  # times in Berlin

    with time_machine.travel(datetime(2026, 3, 11, 15, 0, tzinfo=UTC), tick=False):
        _tell(seeded, daily_creator, "creator", "comments", "A new comment")
        seeded.commit()
    with time_machine.travel(datetime(2026, 3, 12, 7, 1, tzinfo=UTC), tick=False):
        assert digest.send_due_digests() == 1
    second = _digests(seeded)[-1]
    assert second.subject == "Your daily AllIN digest: 1 unread"  # only what came since the last digest
    assert "A new comment" in second.body and "spring menu" not in second.body


def test_no_digest_when_nothing_is_new(seeded, daily_creator):
    with time_machine.travel(datetime(2026, 3, 11, 7, 5, tzinfo=UTC), tick=False):
        assert digest.send_due_digests() == 0
    assert _digests(seeded) == []


def test_a_weekly_digest_goes_out_on_monday_morning(seeded, daily_creator):
    notification_prefs.set_email_frequency(seeded, daily_creator["creator"][1], "weekly")
    with time_machine.travel(datetime(2026, 3, 4, 12, 0, tzinfo=UTC), tick=False):  # a Wednesday
        _tell(seeded, daily_creator, "creator", "approvals", "Approved: spring menu")
        seeded.commit()
    for day in (5, 6, 7, 8):  # Thursday to Sunday: nothing
        with time_machine.travel(datetime(2026, 3, day, 7, 5, tzinfo=UTC), tick=False):
            assert digest.send_due_digests() == 0
    with time_machine.travel(datetime(2026, 3, 9, 7, 5, tzinfo=UTC), tick=False):  # Monday 08:05 Berlin
        assert digest.send_due_digests() == 1
    assert _digests(seeded)[0].subject == "Your weekly AllIN digest: 1 unread"


def test_the_organizations_frequency_is_the_default_digest(seeded, people):
    update_notification_defaults(seeded, people["agency"][1], people["org"].id, {}, "daily")
    seeded.commit()
    team_user, team = people["team"]
    assert notification_prefs.email_frequency(seeded, team).effective == "daily"
    assert (team_user.id, "daily") in digest.digest_receivers(seeded)
    notification_prefs.set_email_frequency(seeded, team, "instant")  # their own choice wins
    assert team_user.id not in {user_id for user_id, _ in digest.digest_receivers(seeded)}
    with pytest.raises(ValidationFailed):
        notification_prefs.set_email_frequency(seeded, team, "hourly")


# ---- account health ----

def test_an_account_that_cannot_be_renewed_rings_the_managers_bell(seeded, people):
    from allin_app.accounts.jobs import alert_managers
    from allin_app.accounts.models import SocialAccount

    account = SocialAccount(org_id=people["org"].id, network="twitter", external_id="7", handle="bloomcoffee",
                            display_name="Bloom Coffee")
    seeded.add(account)
    seeded.flush()
    alert_managers(seeded, account, "The network ended access.")
    seeded.flush()
    for who in ("manager", "agency"):
        user = people[who][0]
        [ring] = seeded.exec(select(Notification).where(Notification.user_id == user.id)).all()
        assert (ring.event, ring.title, ring.link) == ("accounts", "X (Twitter) account @bloomcoffee needs attention",
                                                       "/accounts")
    assert notifications.unread_count(seeded, people["creator"][1]) == 0

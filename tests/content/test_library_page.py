"""The content library page's helpers: controls to query, posts to rows, choices and buttons by role."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from allin_app.content import service as posts
from allin_app.content.library_state import (
    ALL,
    Filters,
    LibraryState,
    PostRow,
    error_text,
    excerpt,
    library_choices,
    library_page,
    moment_text,
    post_query,
)
from allin_app.content.models import Campaign, Post, PostStatus
from allin_app.core.errors import ValidationFailed
from allin_app.orgs.models import Organization

BERLIN = ZoneInfo("Europe/Berlin")


def test_dates_are_whole_days_in_the_organizations_zone():
    query = post_query(Filters(date_from="2026-03-01", date_to="2026-03-01"), BERLIN)
    assert query.date_from == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert query.date_to.astimezone(UTC) == datetime(2026, 3, 1, 22, 59, 59, 999999, tzinfo=UTC)


def test_a_date_range_the_wrong_way_round_or_not_a_date_is_refused_with_a_message():
    with pytest.raises(ValidationFailed, match="end date is before the start date"):
        post_query(Filters(date_from="2026-03-02", date_to="2026-03-01"), BERLIN)
    with pytest.raises(ValidationFailed, match="Pick a date"):
        post_query(Filters(date_from="yesterday"), BERLIN)


def test_controls_become_the_library_query():
    query = post_query(Filters(status="draft", network="twitter", account="7", campaign="3", author="x1",
                               search="  espresso ", sort="created", order="asc"), BERLIN, cursor="abc")
    assert (query.status, query.network, query.account_id, query.campaign_id, query.author_id) == (
        "draft", "twitter", 7, 3, None)
    assert (query.search, query.sort, query.descending, query.limit, query.cursor) == (
        "  espresso ", "created", False, 25, "abc")
    everything = post_query(Filters(), BERLIN)
    assert (everything.status, everything.network, everything.account_id, everything.cursor) == (None, None, None,
                                                                                                  None)


def test_only_filters_narrow_the_list_not_the_sort_order():
    assert not Filters().narrowed()
    assert not Filters(sort="scheduled", order="asc").narrowed()
    assert Filters(search="tea").narrowed() and Filters(status="draft").narrowed()
    assert not Filters(status=ALL).narrowed()


def test_an_excerpt_is_the_first_120_characters_on_one_line():
    long = Post(org_id=1, author_user_id=1, text="word " * 60)
    assert len(excerpt(long)) == 120 and excerpt(long).endswith("…")
    assert excerpt(Post(org_id=1, author_user_id=1, text="Fresh\n\n  beans")) == "Fresh beans"
    assert excerpt(Post(org_id=1, author_user_id=1, text="", title="A video title")) == "A video title"
    assert excerpt(Post(org_id=1, author_user_id=1, text="   ")) == "(no text yet)"


def test_times_show_in_the_zone_with_its_name():
    assert moment_text(datetime(2026, 7, 1, 12, 30), BERLIN) == "01 Jul 2026, 14:30 CEST"  # naive = UTC
    assert moment_text(datetime(2026, 1, 1, 12, 30, tzinfo=UTC), ZoneInfo("UTC")) == "01 Jan 2026, 12:30 UTC"


def test_error_text_lists_every_problem_once():
    error = posts.invalid([("text.twitter", "X is over."), ("text.threads", "Threads is over."),
                           ("text.x", "X is over.")])
    assert error_text(error) == "X is over. Threads is over."
    assert error_text(ValidationFailed("date_to", "Wrong way round.")) == "Wrong way round."


def test_rows_carry_networks_campaign_author_status_and_local_time(seeded, accounts, actors):
    manager = actors["manager"]
    seeded.get(Organization, manager.org_id).timezone = "America/New_York"
    campaign = Campaign(org_id=manager.org_id, name="Autumn blend")
    seeded.add(campaign)
    seeded.flush()
    post = posts.create_post(seeded, manager, posts.PostDraft(
        text="Our autumn blend is here", campaign_id=campaign.id,
        account_ids=(accounts["twitter"].id, accounts["linkedin"].id)))
    post.scheduled_at = datetime(2026, 10, 1, 13, 0, tzinfo=UTC)
    seeded.flush()

    page = library_page(seeded, manager, Filters())
    assert page.total == 1 and page.next_cursor == ""
    row = page.rows[0]
    assert (row.id, row.excerpt, row.networks, row.campaign, row.author) == (
        str(post.id), "Our autumn blend is here", ["LinkedIn", "X (Twitter)"], "Autumn blend", "Morgan Manager")
    assert (row.status, row.status_label, row.when_label, row.when) == (
        "draft", "Draft", "Scheduled", "01 Oct 2026, 09:00 EDT")
    assert row.can_edit
    assert library_page(seeded, actors["client"], Filters()).rows == []  # a draft nobody sent the client
    post.status = PostStatus.approved
    assert not library_page(seeded, actors["client"], Filters()).rows[0].can_edit
    post.status = PostStatus.published
    assert not library_page(seeded, manager, Filters()).rows[0].can_edit  # published: duplicate instead


def test_pages_follow_the_cursor_and_filters_reach_the_query(seeded, accounts, actors):
    manager = actors["manager"]
    for number in range(30):
        posts.create_post(seeded, manager, posts.PostDraft(text=f"Post {number} {'espresso' if number % 3 else 'tea'}",
                                                           account_ids=(accounts["twitter"].id,)))
    seeded.flush()
    first = library_page(seeded, manager, Filters())
    assert (first.total, len(first.rows)) == (30, 25) and first.next_cursor
    second = library_page(seeded, manager, Filters(), first.next_cursor)
    assert len(second.rows) == 5 and not {r.id for r in first.rows} & {r.id for r in second.rows}
    assert library_page(seeded, manager, Filters(search="tea")).total == 10
    assert library_page(seeded, manager, Filters(network="linkedin")).total == 0


def test_choices_and_bulk_buttons_follow_the_role(seeded, accounts, actors):
    manager, creator = actors["manager"], actors["creator"]
    posts.create_post(seeded, creator, posts.PostDraft(text="Casey's draft"))
    seeded.add(Campaign(org_id=manager.org_id, name="Launch"))
    seeded.flush()

    managing = library_choices(seeded, manager)
    assert [c.label for c in managing.campaigns] == ["Launch"]
    assert [c.label for c in managing.authors] == ["Casey Creator"]  # people who wrote posts, not the team
    assert {c.label for c in managing.accounts} >= {"X (Twitter) · " + (accounts["twitter"].display_name
                                                                         or accounts["twitter"].handle)}
    assert (managing.can_delete, managing.can_submit, managing.can_move, managing.can_duplicate) == (
        True, True, True, True)
    client = library_choices(seeded, actors["client"])
    assert (client.can_delete, client.can_submit, client.can_move, client.can_duplicate) == (
        False, False, False, False)
    assert client.authors == []  # Casey's draft was not sent to the client for review
    team = library_choices(seeded, actors["team"])
    assert (team.can_delete, team.can_submit, team.can_duplicate, team.authors) == (False, True, False, [])


def _row_of(post_id: str) -> PostRow:
    return PostRow(id=post_id, excerpt="x", networks=[], campaign="", author="", status="draft",
                   status_label="Draft", when_label="Changed", when="", can_edit=True)


def test_the_state_selects_rows_and_tells_where_the_page_is():
    state = LibraryState()
    state.rows, state.total, state.page_index = [_row_of(str(n)) for n in range(1, 26)], 137, 1
    assert state.range_text == "26–50 of 137" and not state.all_selected
    state.toggle_row("3", True)
    state.toggle_row("3", True)
    state.toggle_row("4", True)
    state.toggle_row("4", False)
    assert state.selected == ["3"]
    state.toggle_page(True)
    assert state.all_selected and len(state.selected) == 25
    state.toggle_page(False)
    assert state.selected == [] and not state.narrowed
    state.filters = Filters(search="tea")
    assert state.narrowed

"""Writing posts: per-network words, limits, versions, permissions, and the library's queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from allin_app.content import library
from allin_app.content import service as posts
from allin_app.content.library import PostQuery
from allin_app.content.models import Campaign, PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs

Draft = posts.PostDraft


def _ids(*accounts):
    return tuple(a.id for a in accounts)


def test_a_creator_writes_one_text_with_an_override_per_network(seeded, accounts, actors):
    draft = Draft(text="New seasonal blend today", overrides={"linkedin": "We launched a seasonal blend."},
                  account_ids=_ids(accounts["twitter"], accounts["linkedin"]))
    post = posts.create_post(seeded, actors["creator"], draft)
    assert post.status == PostStatus.draft and post.version == 1
    assert {(t.network, t.status) for t in posts.targets_of(seeded, post)} == {("twitter", "draft"),
                                                                              ("linkedin", "draft")}
    assert posts.text_for(post, "linkedin") == "We launched a seasonal blend."
    assert posts.text_for(post, "twitter") == "New seasonal blend today"
    assert len({t.idempotency_key for t in posts.targets_of(seeded, post)}) == 2


def test_drafts_may_run_long_but_the_checked_paths_name_network_and_count(seeded, accounts, actors):
    long_for_x = "日" * 150  # 300 weighted on X, 150 characters on LinkedIn
    draft = Draft(text=long_for_x, account_ids=_ids(accounts["twitter"], accounts["linkedin"]))
    post = posts.create_post(seeded, actors["manager"], draft)  # autosave keeps every word
    assert posts.post_problems(seeded, post) == {
        "twitter": ["X (Twitter): the text is 300 characters; the limit is 280."]}
    with pytest.raises(ValidationFailed) as refused:
        posts.create_post(seeded, actors["manager"], draft, enforce_limits=True)
    assert refused.value.errors == [{"field": "text.twitter",
                                     "message": "X (Twitter): the text is 300 characters; the limit is 280."}]
    with pytest.raises(ValidationFailed):
        posts.submit_for_approval(seeded, actors["manager"], [post.id])
    fixed = posts.update_post(seeded, actors["manager"], post.id,
                              Draft(text=long_for_x, overrides={"twitter": "日" * 140},
                                    account_ids=draft.account_ids))
    assert posts.submit_for_approval(seeded, actors["manager"], [fixed.id]) == 1
    assert fixed.status == PostStatus.in_review


def test_every_change_of_words_is_a_version_and_restoring_adds_one(seeded, accounts, actors):
    manager = actors["manager"]
    post = posts.create_post(seeded, manager, Draft(text="v1", account_ids=_ids(accounts["twitter"])))
    posts.update_post(seeded, manager, post.id, Draft(text="v2", account_ids=_ids(accounts["twitter"])))
    posts.update_post(seeded, manager, post.id, Draft(text="v2", link="https://bloom.example",
                                                      account_ids=_ids(accounts["twitter"])))  # same words
    assert [v.number for v in posts.list_versions(seeded, manager, post.id)] == [2, 1]
    restored = posts.restore_version(seeded, manager, post.id, 1)
    assert restored.text == "v1" and restored.version == 3 and restored.link == "https://bloom.example"
    assert [v.text for v in posts.list_versions(seeded, manager, post.id)] == ["v1", "v2", "v1"]


def test_a_save_from_an_older_version_is_refused_not_merged(seeded, accounts, actors):
    manager = actors["manager"]
    post = posts.create_post(seeded, manager, Draft(text="shared draft"))
    posts.update_post(seeded, manager, post.id, Draft(text="edited in tab A"), base_version=1)
    with pytest.raises(Conflict, match="newer version"):
        posts.update_post(seeded, manager, post.id, Draft(text="edited in tab B"), base_version=1)
    assert posts.get_post(seeded, manager, post.id).text == "edited in tab A"


def test_permissions_follow_the_matrix(seeded, accounts, actors):
    mine = posts.create_post(seeded, actors["creator"], Draft(text="creator's own"))
    theirs = posts.create_post(seeded, actors["manager"], Draft(text="manager's"))
    posts.update_post(seeded, actors["creator"], mine.id, Draft(text="creator's own, edited"))
    with pytest.raises(PermissionDenied):
        posts.update_post(seeded, actors["creator"], theirs.id, Draft(text="not mine"))
    with pytest.raises(PermissionDenied):
        posts.create_post(seeded, actors["client"], Draft(text="clients only read"))
    with pytest.raises(PermissionDenied):
        posts.create_post(seeded, actors["team"], Draft(text="team members create nothing on their own"))
    with pytest.raises(NotFound):  # team members see only what they are assigned
        posts.get_post(seeded, actors["team"], theirs.id)
    theirs.assignee_user_id = actors["team"].user_id
    posts.update_post(seeded, actors["team"], theirs.id, Draft(text="edited by the assignee"))
    with pytest.raises(PermissionDenied):
        posts.delete_posts(seeded, actors["team"], [theirs.id])
    assert posts.delete_posts(seeded, actors["manager"], [theirs.id, mine.id]) == 2
    with pytest.raises(NotFound):
        posts.get_post(seeded, actors["manager"], mine.id)


def test_accounts_media_and_campaigns_must_belong_to_the_organization(seeded, accounts, actors):
    peak = orgs.get_org_by_slug(seeded, orgs.slugify("Peak Fitness Studio"))
    foreign_campaign = Campaign(org_id=peak.id, name="Peak launch")
    seeded.add(foreign_campaign)
    seeded.flush()
    manager = actors["manager"]
    with pytest.raises(ValidationFailed, match="not connected in this organization"):
        posts.create_post(seeded, manager, Draft(text="x", account_ids=(999_999,)))
    with pytest.raises(ValidationFailed, match="library"):
        posts.create_post(seeded, manager, Draft(text="x", media_ids=(999_999,)))
    with pytest.raises(ValidationFailed, match="campaign"):
        posts.create_post(seeded, manager, Draft(text="x", campaign_id=foreign_campaign.id))


def test_published_posts_are_not_edited_but_duplicated(seeded, accounts, actors):
    manager = actors["manager"]
    post = posts.create_post(seeded, manager, Draft(text="went out", account_ids=_ids(accounts["twitter"])))
    post.status = PostStatus.published
    with pytest.raises(Conflict, match="Duplicate it"):
        posts.update_post(seeded, manager, post.id, Draft(text="too late"))
    copy = posts.duplicate_post(seeded, manager, post.id)
    assert copy.id != post.id and copy.text == "went out" and copy.status == PostStatus.draft
    assert [t.account_id for t in posts.targets_of(seeded, copy)] == [accounts["twitter"].id]


def test_library_filters_search_and_pages_by_keyset(seeded, accounts, actors):
    manager = actors["manager"]
    campaign = Campaign(org_id=manager.org_id, name="Autumn")
    seeded.add(campaign)
    seeded.flush()
    with time_machine.travel(utcnow(), tick=False) as traveller:
        made = []
        for number in range(7):
            traveller.shift(timedelta(minutes=1))
            account = accounts["twitter"] if number % 2 else accounts["linkedin"]
            made.append(posts.create_post(seeded, manager, Draft(
                text=f"Post {number} about {'espresso' if number < 3 else 'tea'} 100%",
                account_ids=(account.id,), campaign_id=campaign.id if number == 6 else None)))
    seeded.flush()
    first = library.list_posts(seeded, manager, PostQuery(limit=3))
    assert first.total == 7 and [p.id for p in first.items] == [p.id for p in made[::-1][:3]]
    pages, cursor = [], None
    while True:
        page = library.list_posts(seeded, manager, PostQuery(limit=3, cursor=cursor))
        pages += [p.id for p in page.items]
        if not (cursor := page.next_cursor):
            break
    assert pages == [p.id for p in made[::-1]]
    assert library.list_posts(seeded, manager, PostQuery(search="espresso")).total == 3
    assert library.list_posts(seeded, manager, PostQuery(search="100%")).total == 7  # % is a character here
    assert library.list_posts(seeded, manager, PostQuery(search="_")).total == 0
    assert library.list_posts(seeded, manager, PostQuery(network="twitter")).total == 3
    assert library.list_posts(seeded, manager, PostQuery(campaign_id=campaign.id)).items == [made[6]]
    oldest_first = library.list_posts(seeded, manager, PostQuery(sort="created", descending=False, limit=2))
    assert [p.id for p in oldest_first.items] == [made[0].id, made[1].id]
    with pytest.raises(ValidationFailed, match="no longer valid"):
        library.list_posts(seeded, manager, PostQuery(cursor="garbage"))


def test_bulk_move_to_campaign_and_submit(seeded, accounts, actors):
    manager = actors["manager"]
    campaign = Campaign(org_id=manager.org_id, name="Launch")
    seeded.add(campaign)
    seeded.flush()
    made = [posts.create_post(seeded, manager, Draft(text=f"p{n}", account_ids=_ids(accounts["linkedin"])))
            for n in range(3)]
    assert posts.move_to_campaign(seeded, manager, [p.id for p in made], campaign.id) == 3
    assert all(p.campaign_id == campaign.id for p in made)
    assert posts.submit_for_approval(seeded, manager, [p.id for p in made]) == 3
    with pytest.raises(Conflict, match="Only drafts"):
        posts.submit_for_approval(seeded, manager, [made[0].id])

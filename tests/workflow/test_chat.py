"""Team chat: #general for everyone, open channels, private direct messages, who outside the organization may
take part (the agency's staff assigned to a client) and who may not, files from the library, unread counts,
paging, and @mentions that notify."""

from __future__ import annotations

import pytest
from sqlmodel import select

from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.auth import service as auth
from allin_app.content.models import MediaAsset
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Role
from allin_app.orgs import clients
from allin_app.orgs import service as orgs
from allin_app.workflow import chat
from allin_app.workflow import chat_messages as messages
from allin_app.workflow.chat_models import ChatChannel, ChatMember
from allin_app.workflow.chat_rows import build_view
from allin_app.workflow.models import Notification

PEOPLE = ("manager", "creator", "client", "team", "agency")


@pytest.fixture
def bloom(seeded):
    """Bloom Coffee's people acting in Bloom Coffee, by role (the agency owner included)."""
    db = seeded
    org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    people = {name: orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), org.id) for name in PEOPLE}
    people["org"] = org
    return people


def _user(db, email: str, org_name: str, role: Role):
    user = auth.create_user(db, email, "Harbor-Lights-51", email.split("@")[0].title(), verified=True)
    orgs.add_member(db, orgs.get_org_by_slug(db, orgs.slugify(org_name)).id, user.id, role)
    return user


def _asset(db, org_id: int, name: str = "latte.jpg", **extra) -> MediaAsset:
    asset = MediaAsset(org_id=org_id, name=name, kind="image", mime="image/jpeg", size=1, sha256="0" * 64,
                       storage_key=f"{org_id}/{name}", has_thumbnail=True, **extra)
    db.add(asset)
    db.flush()
    return asset


def _general(db, actor) -> int:
    return chat.general_channel(db, actor).id


def _unread(db, actor) -> dict[str, int]:
    return {row.label: row.unread for row in chat.list_channels(db, actor)}


def _bodies(page) -> list[str]:
    return [m.body for m in page.items]


# --- #general ----------------------------------------------------------------------------------


def test_every_organization_has_one_general_channel_everyone_is_in(seeded, bloom):
    db = seeded
    first = chat.list_channels(db, bloom["manager"])
    again = chat.list_channels(db, bloom["creator"])
    assert [r.label for r in first] == [r.label for r in again] == ["#general"]
    assert first[0].is_general and first[0].is_member and again[0].id == first[0].id
    assert len(db.exec(select(ChatChannel).where(ChatChannel.org_id == bloom["org"].id)).all()) == 1
    for name in PEOPLE:
        assert [r.is_member for r in chat.list_channels(db, bloom[name])] == [True]
    agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"))
    assert chat.general_channel(db, agency).id != first[0].id  # the agency's own #general
    with pytest.raises(Conflict):
        chat.leave_channel(db, bloom["creator"], first[0].id)


# --- channels ----------------------------------------------------------------------------------


def test_channels_are_opened_joined_and_left(seeded, bloom):
    db = seeded
    channel = chat.create_channel(db, bloom["manager"], "  #Spring Launch ", "Menu photos and captions")
    assert (channel.name, channel.topic) == ("spring-launch", "Menu photos and captions")
    row = next(r for r in chat.list_channels(db, bloom["creator"]) if r.id == channel.id)
    assert row.label == "#spring-launch" and not row.is_member
    messages.post_message(db, bloom["manager"], channel.id, "Shoot on Friday")
    chat.join_channel(db, bloom["creator"], channel.id)
    assert _unread(db, bloom["creator"])["#spring-launch"] == 0  # what was said before joining is history
    messages.post_message(db, bloom["manager"], channel.id, "Bring the oat milk")
    assert _unread(db, bloom["creator"])["#spring-launch"] == 1
    chat.leave_channel(db, bloom["creator"], channel.id)
    assert not next(r for r in chat.list_channels(db, bloom["creator"]) if r.id == channel.id).is_member
    assert chat.unread_total(db, bloom["creator"]) == 0


@pytest.mark.parametrize("name", ["", "#", "a" * 41, "no/slash", "-dash-first", "émoji☕"])
def test_a_channel_name_is_a_short_slug(seeded, bloom, name):
    with pytest.raises(ValidationFailed) as refused:
        chat.create_channel(seeded, bloom["manager"], name)
    assert refused.value.field == "name"


def test_channel_names_are_unique_in_an_organization_and_topics_are_short(seeded, bloom):
    db = seeded
    chat.create_channel(db, bloom["manager"], "launch")
    with pytest.raises(ValidationFailed, match="already"):
        chat.create_channel(db, bloom["creator"], "Launch")
    with pytest.raises(ValidationFailed, match="already"):
        chat.create_channel(db, bloom["creator"], "general")
    with pytest.raises(ValidationFailed) as refused:
        chat.create_channel(db, bloom["creator"], "other", "x" * 251)
    assert refused.value.field == "topic"
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    in_peak = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), peak.id)
    assert chat.create_channel(db, in_peak, "launch").org_id == peak.id  # another organization's own


def test_client_viewers_take_part_in_channels_but_do_not_open_them(seeded, bloom):
    db = seeded
    with pytest.raises(PermissionDenied):
        chat.create_channel(db, bloom["client"], "feedback")
    channel = chat.create_channel(db, bloom["team"], "feedback")
    chat.join_channel(db, bloom["client"], channel.id)
    said = messages.post_message(db, bloom["client"], channel.id, "The new cups look great")
    assert said.author_name == "Chris Client"
    messages.post_message(db, bloom["client"], _general(db, bloom["client"]), "Hello team")
    dm = chat.open_direct(db, bloom["client"], bloom["manager"].user_id)
    messages.post_message(db, bloom["client"], dm.id, "Can we talk prices?")
    assert _unread(db, bloom["manager"])["Chris Client"] == 1


def test_archived_channels_are_read_only_and_only_their_maker_or_a_manager_archives(seeded, bloom):
    db = seeded
    channel = chat.create_channel(db, bloom["creator"], "ideas")
    messages.post_message(db, bloom["creator"], channel.id, "Latte art contest?")
    with pytest.raises(PermissionDenied):
        chat.archive_channel(db, bloom["team"], channel.id)
    with pytest.raises(Conflict):
        chat.archive_channel(db, bloom["manager"], _general(db, bloom["manager"]))
    chat.archive_channel(db, bloom["manager"], channel.id)
    with pytest.raises(Conflict):
        messages.post_message(db, bloom["creator"], channel.id, "Too late")
    assert _bodies(messages.list_messages(db, bloom["creator"], channel.id)) == ["Latte art contest?"]


# --- direct messages ---------------------------------------------------------------------------


def test_a_direct_message_is_one_conversation_seen_by_its_two_people_only(seeded, bloom):
    db = seeded
    dm = chat.open_direct(db, bloom["manager"], bloom["creator"].user_id)
    assert chat.open_direct(db, bloom["creator"], bloom["manager"].user_id).id == dm.id
    messages.post_message(db, bloom["manager"], dm.id, "Your draft is great")
    assert _unread(db, bloom["creator"])["Morgan Manager"] == 1
    assert [r.label for r in chat.list_channels(db, bloom["manager"]) if r.kind == "direct"] == ["Casey Creator"]
    for outsider in ("team", "client", "agency"):
        assert all(r.id != dm.id for r in chat.list_channels(db, bloom[outsider]))
        with pytest.raises(NotFound):
            messages.list_messages(db, bloom[outsider], dm.id)
        with pytest.raises(NotFound):
            messages.post_message(db, bloom[outsider], dm.id, "Me too")
        with pytest.raises(NotFound):
            chat.join_channel(db, bloom[outsider], dm.id)
    with pytest.raises(Conflict):
        chat.leave_channel(db, bloom["creator"], dm.id)


def test_direct_messages_only_reach_people_of_the_organization(seeded, bloom):
    db = seeded
    with pytest.raises(ValidationFailed):
        chat.open_direct(db, bloom["manager"], bloom["manager"].user_id)
    peak_manager = _user(db, "pat@peak.example", CLIENTS[1], Role.content_manager)
    with pytest.raises(NotFound):
        chat.open_direct(db, bloom["manager"], peak_manager.id)
    with pytest.raises(NotFound):
        chat.open_direct(db, bloom["manager"], 999_999)
    people = {u.email for u in chat.chat_people(db, bloom["manager"])}
    assert people == {"creator@allin.demo", "client@allin.demo", "team@allin.demo", "agency@allin.demo"}


# --- agencies: the client's channels ------------------------------------------------------------


def test_agency_staff_assigned_to_the_client_take_part_and_nobody_else_outside_it(seeded, bloom):
    db = seeded
    sam = _user(db, "sam@northwind.example", AGENCY, Role.content_manager)
    riley = _user(db, "riley@northwind.example", AGENCY, Role.content_creator)
    agency_home = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"))
    clients.set_assignment(db, agency_home, bloom["org"].id, sam.id, True)
    general = _general(db, bloom["manager"])
    messages.post_message(db, bloom["manager"], general, "Welcome @Sam")

    sam_in_bloom = orgs.actor_for(db, sam, bloom["org"].id)
    assert [m.body for m in messages.list_messages(db, sam_in_bloom, general).items] == ["Welcome @Sam"]
    messages.post_message(db, sam_in_bloom, general, "Thanks!")
    assert db.exec(select(Notification).where(Notification.user_id == sam.id)).one().kind == "chat_mention"
    dm = chat.open_direct(db, bloom["client"], sam.id)  # the client writes to its agency contact
    assert dm.org_id == bloom["org"].id
    assert sam.id in {u.id for u in chat.chat_people(db, bloom["client"])}
    assert riley.id not in {u.id for u in chat.chat_people(db, bloom["client"])}

    with pytest.raises(NotFound):
        orgs.actor_for(db, riley, bloom["org"].id)  # not assigned: cannot act in the client at all
    for elsewhere in (orgs.actor_for(db, riley), orgs.actor_for(db, sam), agency_home):
        with pytest.raises(NotFound):  # acting in the agency: the client's conversations are not there
            messages.list_messages(db, elsewhere, general)
        with pytest.raises(NotFound):
            messages.post_message(db, elsewhere, general, "Hi")
        with pytest.raises(NotFound):
            chat.open_direct(db, elsewhere, bloom["client"].user_id)
    with pytest.raises(NotFound):
        chat.open_direct(db, bloom["client"], riley.id)


# --- attachments ---------------------------------------------------------------------------------


def test_attachments_are_files_of_the_organizations_library(seeded, bloom):
    db = seeded
    general = _general(db, bloom["creator"])
    photo = _asset(db, bloom["org"].id)
    said = messages.post_message(db, bloom["creator"], general, "", [photo.id])
    assert [(a.asset_id, a.name, a.available) for a in said.attachments] == [(photo.id, "latte.jpg", True)]
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    for foreign in (_asset(db, peak.id, "gym.jpg"), _asset(db, bloom["org"].id, "gone.jpg", deleted_at=utcnow())):
        with pytest.raises(NotFound):
            messages.post_message(db, bloom["creator"], general, "Look", [foreign.id])
    with pytest.raises(NotFound):
        messages.post_message(db, bloom["creator"], general, "Look", [999_999])
    with pytest.raises(ValidationFailed) as empty:
        messages.post_message(db, bloom["creator"], general, "   \n ", [])
    assert empty.value.field == "body"
    with pytest.raises(ValidationFailed):
        messages.post_message(db, bloom["creator"], general, "x" * 4001)
    with pytest.raises(ValidationFailed):
        messages.post_message(db, bloom["creator"], general, "many", [photo.id] * 2 + list(range(1, 12)))
    beans = _asset(db, bloom["org"].id, "100%_beans.png")
    assert [a.name for a in messages.attachable_assets(db, bloom["creator"], "100%")] == [beans.name]
    photo.deleted_at = utcnow()  # deleted from the library later: the message says the file is gone
    assert not messages.list_messages(db, bloom["manager"], general).items[0].attachments[0].available
    assert [a.name for a in messages.attachable_assets(db, bloom["creator"])] == [beans.name]


# --- unread --------------------------------------------------------------------------------------


def test_unread_counts_what_others_said_after_the_read_mark(seeded, bloom):
    db = seeded
    general = _general(db, bloom["creator"])
    said = [messages.post_message(db, bloom["manager"], general, f"Note {n}") for n in range(3)]
    messages.post_message(db, bloom["creator"], general, "Reading")  # one's own message reads the rest too
    assert chat.unread_total(db, bloom["creator"]) == 0
    more = [messages.post_message(db, bloom["manager"], general, f"More {n}") for n in range(3)]
    assert _unread(db, bloom["creator"])["#general"] == 3 and chat.unread_total(db, bloom["team"]) == 7
    assert chat.unread_total(db, bloom["manager"]) == 0  # posting after the creator's message read it
    assert chat.mark_read(db, bloom["creator"], general, more[1].id) == 1
    assert chat.mark_read(db, bloom["creator"], general, said[0].id) == 1  # a read mark never moves back
    messages.delete_message(db, bloom["manager"], more[2].id)
    assert chat.unread_total(db, bloom["creator"]) == 0  # deleted messages are not waiting for anyone
    assert chat.mark_read(db, bloom["team"], general, 10**9) == 0  # clamped to the newest message
    messages.post_message(db, bloom["manager"], general, "After")
    assert chat.unread_total(db, bloom["team"]) == 1


def test_the_sidebar_count_writes_nothing_and_a_newcomer_has_all_of_general_to_read(seeded, bloom):
    db = seeded
    assert chat.unread_total(db, bloom["team"]) == 0
    assert db.exec(select(ChatChannel)).all() == []
    general = _general(db, bloom["manager"])
    for text in ("one", "two"):
        messages.post_message(db, bloom["manager"], general, text)
    assert chat.unread_total(db, bloom["team"]) == 2
    assert db.exec(select(ChatMember).where(ChatMember.user_id == bloom["team"].user_id)).all() == []
    assert _unread(db, bloom["team"])["#general"] == 2  # opening the chat puts them in #general, nothing read


def test_the_change_signature_moves_with_what_the_chat_shows(seeded, bloom):
    db = seeded
    general = _general(db, bloom["creator"])
    start = chat.change_signature(db, bloom["creator"])
    said = messages.post_message(db, bloom["manager"], general, "New")
    after_post = chat.change_signature(db, bloom["creator"])
    assert after_post != start
    chat.mark_read(db, bloom["creator"], general, said.id)
    after_read = chat.change_signature(db, bloom["creator"])
    assert after_read != after_post
    messages.edit_message(db, bloom["manager"], said.id, "Newer")
    assert chat.change_signature(db, bloom["creator"]) != after_read
    assert chat.change_signature(db, bloom["creator"]) == chat.change_signature(db, bloom["creator"])


# --- paging --------------------------------------------------------------------------------------


def test_messages_page_back_by_id_oldest_first_in_each_page(seeded, bloom):
    db = seeded
    general = _general(db, bloom["manager"])
    said = [messages.post_message(db, bloom["manager"], general, f"m{n}") for n in range(7)]
    page = messages.list_messages(db, bloom["creator"], general, limit=3)
    assert _bodies(page) == ["m4", "m5", "m6"]
    page = messages.list_messages(db, bloom["creator"], general, before_id=page.older_before, limit=3)
    assert _bodies(page) == ["m1", "m2", "m3"]
    page = messages.list_messages(db, bloom["creator"], general, before_id=page.older_before, limit=3)
    assert _bodies(page) == ["m0"] and page.older_before is None
    newer = messages.list_messages(db, bloom["creator"], general, after_id=said[4].id)
    assert _bodies(newer) == ["m5", "m6"]
    with pytest.raises(ValidationFailed):
        messages.list_messages(db, bloom["creator"], general, limit=0)


# --- mentions ------------------------------------------------------------------------------------


def _mentions_of(db, actor) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == actor.user_id,
                                                   Notification.kind == "chat_mention")))


def test_mentions_notify_the_people_named_and_plain_messages_notify_nobody(seeded, bloom):
    db = seeded
    general = _general(db, bloom["manager"])
    messages.post_message(db, bloom["manager"], general, "Morning all, nothing to see")
    assert db.exec(select(Notification)).all() == []
    said = messages.post_message(db, bloom["manager"], general, "@Casey Creator and @team: captions by 3?")
    creator_told = _mentions_of(db, bloom["creator"])
    assert len(creator_told) == 1 and len(_mentions_of(db, bloom["team"])) == 1
    assert creator_told[0].link == f"/chat?channel={general}"
    assert creator_told[0].title == "Morgan Manager mentioned you in #general"
    assert ("mention", "@Casey Creator") in said.pieces
    messages.post_message(db, bloom["manager"], general, "Note to self @Morgan Manager")
    assert _mentions_of(db, bloom["manager"]) == []

    dm = chat.open_direct(db, bloom["manager"], bloom["creator"].user_id)
    messages.post_message(db, bloom["manager"], dm.id, "Between us, @Chris Client wants it cheaper")
    assert _mentions_of(db, bloom["client"]) == []  # cannot read the conversation: not told
    messages.post_message(db, bloom["manager"], dm.id, "@Casey Creator ok?")
    assert _mentions_of(db, bloom["creator"])[-1].title == "Morgan Manager mentioned you in a direct message"


def test_editing_in_a_mention_tells_only_the_newly_named(seeded, bloom):
    db = seeded
    general = _general(db, bloom["manager"])
    said = messages.post_message(db, bloom["manager"], general, "@Casey Creator please check")
    messages.edit_message(db, bloom["manager"], said.id, "@Casey Creator and @Taylor Team please check")
    assert len(_mentions_of(db, bloom["creator"])) == 1 and len(_mentions_of(db, bloom["team"])) == 1


# --- edit and delete -----------------------------------------------------------------------------


def test_people_edit_and_delete_their_own_messages_only(seeded, bloom):
    db = seeded
    general = _general(db, bloom["manager"])
    photo = _asset(db, bloom["org"].id)
    said = messages.post_message(db, bloom["creator"], general, "Draft is up", [photo.id])
    for other in ("manager", "agency", "team"):
        with pytest.raises(PermissionDenied):
            messages.edit_message(db, bloom[other], said.id, "Hacked")
        with pytest.raises(PermissionDenied):
            messages.delete_message(db, bloom[other], said.id)
    edited = messages.edit_message(db, bloom["creator"], said.id, "Draft is up (v2)")
    assert edited.edited and edited.body == "Draft is up (v2)"
    assert messages.edit_message(db, bloom["creator"], said.id, "").body == ""  # the file still says something
    messages.delete_message(db, bloom["creator"], said.id)
    shown = messages.list_messages(db, bloom["manager"], general).items[-1]
    assert shown.deleted and shown.body == "" and shown.attachments == []
    with pytest.raises(NotFound):
        messages.edit_message(db, bloom["creator"], said.id, "Back")
    words_only = messages.post_message(db, bloom["creator"], general, "Words")
    with pytest.raises(ValidationFailed):
        messages.edit_message(db, bloom["creator"], words_only.id, "  ")


# --- what the page shows -------------------------------------------------------------------------


def test_the_page_opens_general_marks_what_it_shows_read_and_reloads_what_is_on_screen(seeded, bloom):
    db = seeded
    general = _general(db, bloom["manager"])
    said = [messages.post_message(db, bloom["manager"], general, f"m{n}") for n in range(60)]
    view = build_view(db, bloom["creator"], 999_999)  # unknown or foreign: #general
    assert view.channel.label == "#general" and view.channel.unread == 0 and view.total_unread == 0
    assert view.messages[0].body == "m10" and view.older_before == said[10].id
    assert view.messages[-1].author == "Morgan Manager" and view.messages[-1].initials == "MM"
    messages.post_message(db, bloom["manager"], general, "m60")
    again = build_view(db, bloom["creator"], general, shown_from=said[5].id)  # older ones were loaded
    assert again.reloaded and again.messages[0].body == "m5" and again.messages[-1].body == "m60"
    assert view.signature != again.signature
    messages.post_message(db, bloom["manager"], general, "m61")
    out_of_view = build_view(db, bloom["creator"], general, shown_from=said[5].id, mark_read=False)
    assert out_of_view.messages[-1].body == "m61" and out_of_view.channel.unread == 1  # shown, not yet read

"""Comments on posts: threads and replies, who may edit, delete and resolve, and @mentions that tell
exactly the people who may see the post (never the commenter)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from allin_app.admin.models import AuditEvent, OutboxMail
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.content.models import PostStatus
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.workflow import approvals, comments, review_links
from allin_app.workflow.comments import Person
from allin_app.workflow.comments_state import matching, typed_mention
from allin_app.workflow.models import Notification
from tests.workflow.approval_helpers import draft, two_stages


@pytest.fixture
def bloom(seeded):
    """Bloom Coffee's people acting in Bloom Coffee, by role (the agency owner included)."""
    db = seeded
    bloom_org = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    people = {name: orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), bloom_org.id)
              for name in ("manager", "creator", "client", "team", "agency")}
    people["org"] = bloom_org
    return people


@pytest.fixture
def post(seeded, bloom):
    """The creator's post, approved: the whole organization sees it, the client viewer too."""
    made = posts.create_post(seeded, bloom["creator"], posts.PostDraft(text="Pumpkin spice is back on Monday"))
    made.status = PostStatus.approved
    seeded.flush()
    return made


def told(db, actor, kind: str | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == actor.user_id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.exec(query.order_by(Notification.id)))


def kinds_for(db, people: dict, *names: str) -> dict[str, list[str]]:
    return {name: [n.kind for n in told(db, people[name])] for name in names}


# --- threads ---------------------------------------------------------------------------------


def test_threads_hold_their_replies_oldest_first_and_a_reply_to_a_reply_joins_the_thread(seeded, bloom, post):
    db = seeded
    first = comments.add_comment(db, bloom["manager"], post.id, "Can we say which Monday?")
    second = comments.add_comment(db, bloom["client"], post.id, "Love it")
    reply = comments.add_comment(db, bloom["creator"], post.id, "The 14th", parent_id=first.id)
    nested = comments.add_comment(db, bloom["client"], post.id, "Perfect", parent_id=reply.id)
    assert nested.parent_id == first.id  # one level of nesting: the thread's root

    threads = comments.list_comments(db, bloom["creator"], post.id)
    assert [t.id for t in threads] == [first.id, second.id]
    assert [r.body for r in threads[0].replies] == ["The 14th", "Perfect"]
    assert threads[0].author_name == "Morgan Manager" and threads[0].replies[0].author_name == "Casey Creator"
    assert threads[1].replies == []


def test_a_reply_must_name_a_comment_of_the_same_post(seeded, bloom, post):
    db = seeded
    other = posts.create_post(db, bloom["creator"], posts.PostDraft(text="Another post"))
    db.flush()
    elsewhere = comments.add_comment(db, bloom["manager"], other.id, "On the other post")
    with pytest.raises(NotFound):
        comments.add_comment(db, bloom["manager"], post.id, "Crossed wires", parent_id=elsewhere.id)


@pytest.mark.parametrize(("body", "message"), [("   ", "Write a comment first."),
                                               ("x" * 5001, "at most 5,000 characters")])
def test_an_empty_or_too_long_body_is_refused_on_the_body_field(seeded, bloom, post, body, message):
    with pytest.raises(ValidationFailed) as refused:
        comments.add_comment(seeded, bloom["manager"], post.id, body)
    assert refused.value.field == "body" and message in refused.value.message


# --- who may comment -------------------------------------------------------------------------


def test_a_team_member_comments_only_on_posts_assigned_to_them(seeded, bloom, post):
    db = seeded
    with pytest.raises(NotFound):
        comments.add_comment(db, bloom["team"], post.id, "Can I help?")
    with pytest.raises(NotFound):
        comments.list_comments(db, bloom["team"], post.id)
    post.assignee_user_id = bloom["team"].user_id
    db.flush()
    comments.add_comment(db, bloom["team"], post.id, "On it")
    assert [t.body for t in comments.list_comments(db, bloom["team"], post.id)] == ["On it"]


def test_a_client_viewer_reads_and_comments_on_the_posts_they_see(seeded, bloom, post):
    db = seeded
    comments.add_comment(db, bloom["client"], post.id, "Please mention the oat milk")
    assert [t.author_name for t in comments.list_comments(db, bloom["client"], post.id)] == ["Chris Client"]


def test_a_client_viewer_neither_comments_on_nor_hears_about_a_draft_not_sent_to_them(seeded, bloom):
    db = seeded
    draft = posts.create_post(db, bloom["creator"], posts.PostDraft(text="Still thinking"))
    db.flush()
    with pytest.raises(NotFound):
        comments.add_comment(db, bloom["client"], draft.id, "Sneak peek?")
    assert "Chris Client" not in {p.name for p in comments.mention_candidates(db, bloom["manager"], draft.id)}
    comment = comments.add_comment(db, bloom["manager"], draft.id, "@Chris Client will like this")
    assert comments.comment_view(db, bloom["manager"], comment).mentions == []
    assert told(db, bloom["client"]) == []


def test_a_deleted_post_takes_its_comments_out_of_reach(seeded, bloom, post):
    db = seeded
    comment = comments.add_comment(db, bloom["manager"], post.id, "Before it goes")
    posts.delete_posts(db, bloom["manager"], [post.id])
    with pytest.raises(NotFound):
        comments.list_comments(db, bloom["manager"], post.id)
    with pytest.raises(NotFound):
        comments.edit_comment(db, bloom["manager"], comment.id, "After")


# --- edit, delete, resolve -------------------------------------------------------------------


def test_only_the_author_edits_a_comment(seeded, bloom, post):
    db = seeded
    comment = comments.add_comment(db, bloom["creator"], post.id, "Draft one")
    with pytest.raises(PermissionDenied):
        comments.edit_comment(db, bloom["manager"], comment.id, "Managers do not rewrite people")
    edited = comments.edit_comment(db, bloom["creator"], comment.id, "Draft two")
    assert edited.body == "Draft two" and edited.edited_at is not None
    with pytest.raises(ValidationFailed):
        comments.edit_comment(db, bloom["creator"], comment.id, "")


def test_authors_delete_their_own_and_managers_anyones(seeded, bloom, post):
    db = seeded
    by_client = comments.add_comment(db, bloom["client"], post.id, "Client's note")
    by_manager = comments.add_comment(db, bloom["manager"], post.id, "Manager's note")
    with pytest.raises(PermissionDenied):
        comments.delete_comment(db, bloom["creator"], by_manager.id)
    with pytest.raises(PermissionDenied):
        comments.delete_comment(db, bloom["client"], by_manager.id)
    comments.delete_comment(db, bloom["client"], by_client.id)
    comments.delete_comment(db, bloom["agency"], by_manager.id)  # an agency owner manages its clients
    assert comments.list_comments(db, bloom["manager"], post.id) == []
    with pytest.raises(NotFound):
        comments.delete_comment(db, bloom["manager"], by_client.id)  # gone


def test_a_deleted_first_comment_keeps_its_thread_readable(seeded, bloom, post):
    db = seeded
    root = comments.add_comment(db, bloom["creator"], post.id, "Which photo?")
    comments.add_comment(db, bloom["manager"], post.id, "The second one", parent_id=root.id)
    comments.delete_comment(db, bloom["creator"], root.id)
    [thread] = comments.list_comments(db, bloom["client"], post.id)
    assert thread.deleted and thread.body == "" and not thread.can_edit
    assert [r.body for r in thread.replies] == ["The second one"]


def test_resolving_is_for_thread_roots_by_the_author_of_post_or_thread_or_a_manager(seeded, bloom, post):
    db = seeded
    by_manager = comments.add_comment(db, bloom["manager"], post.id, "Shorter, please")
    reply = comments.add_comment(db, bloom["client"], post.id, "Agreed", parent_id=by_manager.id)
    with pytest.raises(Conflict):
        comments.set_resolved(db, bloom["manager"], reply.id, True)
    with pytest.raises(PermissionDenied):
        comments.set_resolved(db, bloom["client"], by_manager.id, True)  # neither post, thread nor manager

    resolved = comments.set_resolved(db, bloom["creator"], by_manager.id, True)  # the post's author
    assert resolved.resolved_at is not None and resolved.resolved_by_user_id == bloom["creator"].user_id
    [thread] = comments.list_comments(db, bloom["client"], post.id)
    assert thread.resolved_by == "Casey Creator" and not thread.can_resolve
    assert comments.set_resolved(db, bloom["manager"], by_manager.id, False).resolved_at is None

    by_client = comments.add_comment(db, bloom["client"], post.id, "One more thing")
    comments.set_resolved(db, bloom["client"], by_client.id, True)  # who started the thread
    comments.set_resolved(db, bloom["agency"], by_client.id, False)  # a manager of the client
    assert [t.resolved_at is None for t in comments.list_comments(db, bloom["client"], post.id)] == [True, True]


# --- mentions and who hears ------------------------------------------------------------------


def test_mentions_are_found_by_full_name_or_email_name_and_the_longest_match_wins():
    ann, annie, bob = Person(1, "Ann Lee", "ann"), Person(2, "Annie Hall", "annie.h"), Person(3, "Bob Ross", "bob")
    people = [ann, annie, bob]
    assert comments.find_mentions("Thanks @ann lee, and @Annie Hall!", people) == [ann, annie]
    assert comments.find_mentions("@annie.h: see @bob.", people) == [annie, bob]
    assert comments.find_mentions("mail bob@allin.demo or @bobby or @@bob", people) == []
    assert comments.find_mentions("@ann's idea", people) == [ann]
    assert comments.split_mentions("Hi @Bob Ross, ok?", people) == [("text", "Hi "), ("mention", "@Bob Ross"),
                                                                   ("text", ", ok?")]


def test_a_new_comment_tells_the_post_author_and_the_mentioned_who_may_see_it(seeded, bloom, post):
    db = seeded
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    outsider = auth.create_user(db, "pat@peak.example", "Peak-Trail-Runs-7", "Pat Peak", verified=True)
    orgs.add_member(db, peak.id, outsider.id, Role.content_manager)
    db.flush()

    comment = comments.add_comment(
        db, bloom["manager"], post.id,
        "@Chris Client does this read well? @Taylor Team @Pat Peak @manager @Avery Agency FYI")
    assert {p.user_id for p in comments.comment_view(db, bloom["manager"], comment).mentions} == {
        bloom["client"].user_id, bloom["agency"].user_id, bloom["manager"].user_id}
    assert kinds_for(db, bloom, "client", "agency", "creator", "team", "manager") == {
        "client": ["mention"], "agency": ["mention"], "creator": ["comment"], "team": [], "manager": []}
    assert not db.exec(select(Notification).where(Notification.user_id == outsider.id)).all()
    [mention] = told(db, bloom["client"], "mention")
    assert mention.title == "Morgan Manager mentioned you on “Pumpkin spice is back on Monday”"
    assert mention.body.startswith("@Chris Client does this") and mention.link == f"/create?post={post.id}"
    mails = db.exec(select(OutboxMail.to_email).where(OutboxMail.subject.contains("mentioned you"))).all()
    assert sorted(mails) == ["agency@allin.demo", "client@allin.demo"]  # mentions are mailed by default


def test_the_post_author_mentioned_hears_once_and_nobody_hears_their_own_comment(seeded, bloom, post):
    db = seeded
    comments.add_comment(db, bloom["manager"], post.id, "@Casey Creator nice one")
    assert kinds_for(db, bloom, "creator", "manager") == {"creator": ["mention"], "manager": []}
    comments.add_comment(db, bloom["creator"], post.id, "Note to self, @creator")
    assert kinds_for(db, bloom, "creator") == {"creator": ["mention"]}


def test_a_reply_tells_the_threads_other_participants_only(seeded, bloom, post):
    db = seeded
    root = comments.add_comment(db, bloom["manager"], post.id, "Photo?")
    comments.add_comment(db, bloom["client"], post.id, "The latte art one", parent_id=root.id)
    assert kinds_for(db, bloom, "manager", "client", "creator") == {
        "manager": ["comment_reply"], "client": [], "creator": ["comment"]}  # the author heard of the thread
    comments.add_comment(db, bloom["agency"], post.id, "Agreed", parent_id=root.id)
    assert kinds_for(db, bloom, "manager", "client", "agency", "creator") == {
        "manager": ["comment_reply", "comment_reply"], "client": ["comment_reply"], "agency": [],
        "creator": ["comment"]}
    [reply_note] = told(db, bloom["client"], "comment_reply")
    assert reply_note.title == "Avery Agency replied on “Pumpkin spice is back on Monday”"


def test_a_team_member_is_mentionable_once_assigned(seeded, bloom, post):
    db = seeded
    names = {p.name for p in comments.mention_candidates(db, bloom["manager"], post.id)}
    assert names == {"Avery Agency", "Casey Creator", "Chris Client"}  # not the manager, not Taylor
    post.assignee_user_id = bloom["team"].user_id
    db.flush()
    assert "Taylor Team" in {p.name for p in comments.mention_candidates(db, bloom["manager"], post.id)}
    comments.add_comment(db, bloom["manager"], post.id, "@team can you pick a photo?")
    assert kinds_for(db, bloom, "team") == {"team": ["mention"]}


def test_editing_in_a_mention_tells_only_the_newly_mentioned(seeded, bloom, post):
    db = seeded
    comment = comments.add_comment(db, bloom["manager"], post.id, "@Chris Client thoughts?")
    comments.edit_comment(db, bloom["manager"], comment.id, "@Chris Client thoughts? cc @Avery Agency")
    comments.edit_comment(db, bloom["manager"], comment.id, "@Chris Client thoughts? cc @Avery Agency!")
    assert kinds_for(db, bloom, "client", "agency") == {"client": ["mention"], "agency": ["mention"]}
    comments.edit_comment(db, bloom["manager"], comment.id, "Never mind")
    assert comments.comment_view(db, bloom["manager"], comment).mentions == []


def test_while_in_review_the_notification_opens_the_review(seeded, bloom, post):
    db = seeded
    post.status = PostStatus.in_review
    db.flush()
    comments.add_comment(db, bloom["manager"], post.id, "Looks good")
    assert told(db, bloom["creator"])[0].link == f"/approvals?post={post.id}"


def test_comments_show_in_the_team_activity_as_comment_actions(seeded, bloom, post):
    db = seeded
    root = comments.add_comment(db, bloom["manager"], post.id, "Shorter   please")
    comments.set_resolved(db, bloom["creator"], root.id, True)
    comments.set_resolved(db, bloom["creator"], root.id, True)  # already resolved: nothing new happens
    events = db.exec(select(AuditEvent).where(AuditEvent.target == f"post:{post.id}",
                                              AuditEvent.action.startswith("comment."))
                     .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_user_id, e.detail) for e in events] == [
        ("comment.added", bloom["manager"].user_id, "Shorter please"),
        ("comment.resolved", bloom["creator"].user_id, "Shorter please")]


def test_the_panel_suggests_people_for_the_mention_being_typed():
    people = [{"name": "Morgan Manager", "handle": "manager"}, {"name": "Chris Client", "handle": "client"},
              {"name": "Casey Creator", "handle": "creator"}]
    assert typed_mention("Thanks @Mor") == "Mor" and typed_mention("@") == ""
    assert typed_mention("Thanks @Morgan Man") == "Morgan Man"
    assert typed_mention("mail me at me@ex") is None and typed_mention("@Morgan Manager done") is None
    assert [s.name for s in matching(people, "c")] == ["Chris Client", "Casey Creator"]
    assert [s.name for s in matching(people, "manager")] == ["Morgan Manager"]  # by handle or last name
    assert [s.name for s in matching(people, "Morgan M")] == ["Morgan Manager"]


def test_a_review_link_reviewer_comments_under_their_name_on_the_posts_it_carries(seeded, accounts, bloom):
    db = seeded
    two_stages(db, bloom)
    sent, kept = (draft(db, bloom["creator"], accounts, text) for text in ("Autumn blend is back", "Not sent"))
    approvals.submit(db, bloom["creator"], [sent.id, kept.id])
    _link, path = review_links.create_review_link(db, bloom["manager"], [sent.id], "Rita Reviewer", "rita@example.com")
    token = path.rsplit("/", 1)[1]

    comment = comments.add_link_comment(db, token, sent.id, "@Morgan Manager the price is wrong")
    assert (comment.author_user_id, comment.author_name, comment.author_email) == (
        None, "Rita Reviewer", "rita@example.com")
    assert [n.title for n in told(db, bloom["manager"], "mention")] == [
        "Rita Reviewer mentioned you on “Autumn blend is back”"]
    assert [n.link for n in told(db, bloom["creator"], "comment")] == [f"/approvals?post={sent.id}"]
    [thread] = comments.list_comments(db, bloom["manager"], sent.id)
    assert thread.author_email == "rita@example.com" and not thread.can_edit and thread.can_resolve

    comments.add_comment(db, bloom["creator"], sent.id, "Fixed it", parent_id=comment.id)
    [seen_by_link] = comments.list_link_comments(db, token, sent.id)
    assert [r.body for r in seen_by_link.replies] == ["Fixed it"] and not seen_by_link.can_resolve
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "comment.added",
                                             AuditEvent.actor_type == "review_link")).one()
    assert event.detail.startswith("Rita Reviewer <rita@example.com> by review link: @Morgan Manager")

    with pytest.raises(NotFound):
        comments.add_link_comment(db, token, kept.id, "A post the link does not carry")
    with pytest.raises(NotFound):
        comments.add_link_comment(db, "not-a-token", sent.id, "Guessing")

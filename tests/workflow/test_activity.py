"""The team's activity feed: readable lines from the audit log, limited per role (managers their organization,
agency owners also their clients, creators the collaboration, team members their own actions, client viewers
nothing), never another organization's, with filters, paging and the REST route."""

from __future__ import annotations

import pytest

from allin_app.admin.seed import CLIENTS
from allin_app.admin.service import record_audit
from allin_app.auth import service as auth
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.workflow import activity
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.workflow.approval_helpers import approve, bloom_people, draft, two_stages

SPRING = "“Spring menu launch with new pastries”"


@pytest.fixture
def story(seeded, accounts):
    """A morning at Bloom Coffee (and one change at its sister client Peak Fitness)."""
    db = seeded
    people = bloom_people(db)
    two_stages(db, people)  # the agency owner saves a workflow and turns approvals on
    post = draft(db, people["creator"], accounts, text="Spring menu launch with new pastries")
    approve(db, post, people["creator"], people["manager"])  # submitted, then approved at Internal review
    orgs.update_organization(db, people["agency"], people["manager"].org_id, {"industry": "Coffee"})
    team = people["team"]
    record_audit(db, "task.status_changed", actor_user_id=team.user_id, org_id=team.org_id, target="task:0",
                 detail="Shoot the pastry photos")
    record_audit(db, "auth.sign_in", actor_user_id=people["manager"].user_id, org_id=team.org_id)  # security log
    record_audit(db, "account.token_refreshed", actor_type="system", org_id=team.org_id)  # nobody's action
    agency_user = auth.find_user_by_email(db, "agency@allin.demo")
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    orgs.update_organization(db, orgs.actor_for(db, agency_user, peak.id), peak.id, {"industry": "Fitness"})
    db.commit()
    people["agency_home"] = orgs.actor_for(db, agency_user)
    return people


def texts(db, actor, **filters) -> list[str]:
    return [line.text for line in activity.feed(db, actor, **filters).lines]


def test_a_manager_reads_the_organizations_team_actions_as_sentences(seeded, story):
    lines = texts(seeded, story["manager"])
    assert lines[7:] == ["Morgan Manager connected LinkedIn", "Morgan Manager connected X (Twitter)"]
    assert lines[:7] == [
        "Taylor Team changed the status of a task",
        "Avery Agency updated the organization's profile",
        f"Morgan Manager approved {SPRING} at Internal review",
        f"Casey Creator submitted {SPRING} for review",
        f"Casey Creator created {SPRING}",
        "Avery Agency turned approvals on",
        "Avery Agency saved an approval workflow",
    ]
    approved = activity.feed(seeded, story["manager"], kind="approvals").lines[0]
    assert approved.link.startswith("/create?post=") and approved.kind == "approvals"


def test_an_agency_owner_also_reads_the_clients(seeded, story):
    lines = activity.feed(seeded, story["agency_home"]).lines
    assert {line.org_name for line in lines} == {CLIENTS[0], CLIENTS[1]}
    assert sum(line.text == "Avery Agency updated the organization's profile" for line in lines) == 2


def test_a_creator_reads_the_collaboration_only(seeded, story):
    lines = texts(seeded, story["creator"])
    assert f"Morgan Manager approved {SPRING} at Internal review" in lines
    assert "Taylor Team changed the status of a task" in lines
    assert "Avery Agency updated the organization's profile" not in lines
    with pytest.raises(ValidationFailed):
        activity.feed(seeded, story["creator"], kind="settings")


def test_a_team_member_reads_only_their_own_and_a_client_viewer_nothing(seeded, story):
    assert texts(seeded, story["team"]) == ["Taylor Team changed the status of a task"]
    assert [u.email for u in activity.people(seeded, story["team"])] == ["team@allin.demo"]
    with pytest.raises(NotFound):
        activity.feed(seeded, story["team"], person_id=story["creator"].user_id)
    with pytest.raises(PermissionDenied):
        activity.feed(seeded, story["client"])


def test_another_organizations_activity_stays_out(seeded, story):
    lines = activity.feed(seeded, story["manager"]).lines
    assert {line.org_name for line in lines} == {CLIENTS[0]}
    peak_owner = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[1]))
    assert all(line.org_id != peak_owner.id for line in lines)


def test_filters_by_person_and_kind_and_pages(seeded, story):
    manager = story["manager"]
    assert texts(seeded, manager, person_id=story["creator"].user_id) == [
        f"Casey Creator submitted {SPRING} for review", f"Casey Creator created {SPRING}"]
    assert texts(seeded, manager, kind="content") == [f"Casey Creator created {SPRING}"]
    assert texts(seeded, manager, kind="settings") == ["Avery Agency updated the organization's profile"]
    first, second = (activity.feed(seeded, manager, offset=offset, limit=4) for offset in (0, 4))
    assert (first.total, len(first.lines), len(second.lines)) == (9, 4, 4)
    assert {line.id for line in first.lines}.isdisjoint(line.id for line in second.lines)
    with pytest.raises(ValidationFailed):
        activity.feed(seeded, manager, kind="fireworks")
    assert {"creator@allin.demo", "team@allin.demo"} <= {u.email for u in activity.people(seeded, manager)}
    assert activity.kinds_for(story["creator"]).keys() == set(activity.COLLABORATION)


def test_the_rest_route_answers_the_same_feed(api, story):  # noqa: F811
    manager = bearer(api, "manager@allin.demo", "Manager123!@#")
    first = api.get("/api/v1/activity?limit=4", headers=manager).json()
    assert first["total"] == 9 and len(first["items"]) == 4 and first["next_cursor"] == "4"
    assert first["items"][0]["text"] == "Taylor Team changed the status of a task"
    rest = api.get(f"/api/v1/activity?limit=5&cursor={first['next_cursor']}", headers=manager).json()
    assert len(rest["items"]) == 5 and rest["next_cursor"] is None
    approvals = api.get("/api/v1/activity?kind=approvals", headers=manager).json()
    assert {item["kind"] for item in approvals["items"]} == {"approvals"}
    assert api.get("/api/v1/activity?kind=fireworks", headers=manager).status_code == 422
    assert api.get("/api/v1/activity?cursor=abc", headers=manager).status_code == 422
    assert api.get("/api/v1/activity?person_id=999999", headers=manager).status_code == 404
    client = bearer(api, "client@allin.demo", "Client123!@#")
    assert api.get("/api/v1/activity", headers=client).status_code == 403
    team = bearer(api, "team@allin.demo", "Team123!@#")
    assert [i["text"] for i in api.get("/api/v1/activity", headers=team).json()["items"]] == [
        "Taylor Team changed the status of a task"]

"""/api/v1/tasks: the same rules as the services, as JSON; problems as problem+json."""

from __future__ import annotations

from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)

MANAGER = ("manager@allin.demo", "Manager123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
CREATOR = ("creator@allin.demo", "Creator123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")


def _user_id(api, headers) -> int:  # noqa: F811
    return api.get("/api/v1/auth/me", headers=headers).json()["id"]


def test_create_read_change_and_delete(api):  # noqa: F811
    manager, team = bearer(api, *MANAGER), bearer(api, *TEAM)
    team_id = _user_id(api, team)
    made = api.post("/api/v1/tasks", headers=manager, json={
        "title": "Shoot the latte art reel", "assignee_user_id": team_id, "due_at": "2030-05-06T17:00:00+02:00",
        "priority": "high", "recurrence": "FREQ=WEEKLY"})
    assert made.status_code == 201, made.text
    task = made.json()
    assert (task["status"], task["priority"], task["due_at"]) == ("todo", "high", "2030-05-06T15:00:00Z")
    assert task["series_id"] == task["id"]
    assert api.get(f"/api/v1/tasks/{task['id']}", headers=team).json()["title"] == "Shoot the latte art reel"

    done = api.patch(f"/api/v1/tasks/{task['id']}", headers=team, json={"status": "done"})
    assert done.status_code == 200 and done.json()["completed_at"]
    mine = api.get("/api/v1/tasks?mine=true&status=open", headers=team).json()
    assert mine["total"] == 1 and mine["items"][0]["due_at"] == "2030-05-13T15:00:00Z"  # the next one

    refused = api.patch(f"/api/v1/tasks/{task['id']}", headers=team, json={"title": "Other"})
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    cleared = api.patch(f"/api/v1/tasks/{task['id']}", headers=manager, json={"assignee_user_id": None})
    assert cleared.json()["assignee_user_id"] is None
    assert api.get(f"/api/v1/tasks/{task['id']}", headers=team).status_code == 404
    assert api.delete(f"/api/v1/tasks/{task['id']}", headers=manager).status_code == 204
    assert api.get(f"/api/v1/tasks/{task['id']}", headers=manager).status_code == 404


def test_invalid_input_answers_422_with_the_field(api):  # noqa: F811
    manager = bearer(api, *MANAGER)
    empty = api.post("/api/v1/tasks", headers=manager, json={"title": "  "})
    assert empty.status_code == 422 and empty.json()["errors"] == [
        {"field": "title", "message": "Give the task a title."}]
    rule = api.post("/api/v1/tasks", headers=manager, json={"title": "x", "recurrence": "FREQ=DAILY"})
    assert rule.status_code == 422 and rule.json()["errors"][0]["field"] == "due_at"
    assert api.post("/api/v1/tasks", headers=manager, json={"title": "x", "colour": "red"}).status_code == 422
    assert api.get("/api/v1/tasks?status=someday", headers=manager).status_code == 422
    assert api.get("/api/v1/tasks?cursor=abc", headers=manager).status_code == 422


def test_lists_page_with_a_cursor(api):  # noqa: F811
    manager = bearer(api, *MANAGER)
    for day in range(1, 6):
        api.post("/api/v1/tasks", headers=manager, json={"title": f"Day {day}", "due_at": f"2030-01-0{day}T09:00:00Z"})
    first = api.get("/api/v1/tasks?limit=2", headers=manager).json()
    assert [t["title"] for t in first["items"]] == ["Day 1", "Day 2"] and first["total"] == 5
    second = api.get(f"/api/v1/tasks?limit=2&cursor={first['next_cursor']}", headers=manager).json()
    assert [t["title"] for t in second["items"]] == ["Day 3", "Day 4"]
    due = api.get("/api/v1/tasks?due_before=2030-01-03T00:00:00Z", headers=manager).json()
    assert due["total"] == 2


def test_roles(api):  # noqa: F811
    creator, team, client = bearer(api, *CREATOR), bearer(api, *TEAM), bearer(api, *CLIENT)
    own = api.post("/api/v1/tasks", headers=creator, json={"title": "Draft three captions"})
    assert own.status_code == 201 and own.json()["assignee_user_id"] == _user_id(api, creator)
    assert api.post("/api/v1/tasks", headers=creator, json={
        "title": "For the team", "assignee_user_id": _user_id(api, team)}).status_code == 403
    assert api.post("/api/v1/tasks", headers=team, json={"title": "Mine"}).status_code == 403
    assert api.get("/api/v1/tasks", headers=client).status_code == 403
    assert api.get("/api/v1/tasks", headers=team).json() == {"items": [], "total": 0, "next_cursor": None}
    assert api.get("/api/v1/tasks").status_code == 401


def test_a_task_from_a_template(api, seeded):  # noqa: F811
    from allin_app.auth import service as auth
    from allin_app.orgs import service as orgs
    from allin_app.workflow import task_templates

    manager_actor = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "manager@allin.demo"))
    template = task_templates.create_task_template(seeded, manager_actor, name="Report", title="Monthly report",
                                                   description="Numbers first", priority="low", due_in_days=2)
    seeded.commit()
    made = api.post("/api/v1/tasks", headers=bearer(api, *CREATOR), json={"template_id": template.id,
                                                                          "priority": "high"})
    assert made.status_code == 201, made.text
    assert (made.json()["title"], made.json()["description"], made.json()["priority"]) == (
        "Monthly report", "Numbers first", "high")
    assert made.json()["due_at"] is not None
    assert api.post("/api/v1/tasks", headers=bearer(api, *MANAGER),
                    json={"template_id": template.id + 1000}).status_code == 404

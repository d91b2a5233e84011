"""What the Tasks page shows and reads back, kept apart from its event handlers: rows grouped by when they
are due (in the organization's zone), the task form's values and choices, and the form read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from allin_app.auth.models import User
from allin_app.content import campaigns, library
from allin_app.content import service as posts
from allin_app.content.library import PostQuery
from allin_app.content.models import Post
from allin_app.core.clock import as_utc
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.workflow import assignments, task_rules, task_templates, tasks
from allin_app.workflow.task_models import CLOSED_STATUSES, Task, TaskPriority, TaskStatus

NONE = "none"  # the selects' "nobody" / "nothing" (a select item cannot have an empty value)
GROUPS = {"overdue": "Overdue", "today": "Today", "upcoming": "Upcoming", "no_date": "No date", "done": "Done"}
END_OF_DAY = time(23, 59)  # a due date without a time: by the end of that day
POST_CHOICES = 50  # the most recently changed posts offered as links
EXCERPT = 60


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class TaskRow:
    id: str
    title: str
    status: str
    status_label: str
    priority: str
    priority_label: str
    due: str
    assignee: str
    link: str
    link_label: str
    repeat: str
    can_edit: bool


@dataclass
class TaskGroup:
    key: str
    label: str
    rows: list[TaskRow] = field(default_factory=list)


@dataclass
class EditorChoices:
    assignees: list[Choice] = field(default_factory=list)
    links: list[Choice] = field(default_factory=list)
    templates: list[Choice] = field(default_factory=list)


# --- the list ----------------------------------------------------------------------------------


def when_text(moment: datetime, zone: ZoneInfo, today: date) -> str:
    local = as_utc(moment).astimezone(zone)
    year = "" if local.year == today.year else f" {local.year}"
    return f"{local:%a} {local.day} {local:%b}{year}, {local:%H:%M}"


def group_of(task: Task, now: datetime, zone: ZoneInfo) -> str:
    if task.status in CLOSED_STATUSES:
        return "done"
    if task.due_at is None:
        return "no_date"
    if as_utc(task.due_at) < now:
        return "overdue"
    return "today" if as_utc(task.due_at).astimezone(zone).date() == now.astimezone(zone).date() else "upcoming"


def _link(db: Session, actor: Actor, task: Task) -> tuple[str, str]:
    """(href, label) of the linked post or campaign, when the viewer may open it."""
    if task.post_id is not None:
        post = db.get(Post, task.post_id)
        if post is not None and posts.may_see(actor, post):
            return f"/create?post={post.id}", _post_label(post)
    if task.campaign_id is not None:
        try:
            return f"/campaigns/{task.campaign_id}", "Campaign: " + campaigns.get_campaign(
                db, actor, task.campaign_id).name
        except NotFound:
            pass
    return "", ""


def task_rows(db: Session, actor: Actor, found: list[Task], zone: ZoneInfo, now: datetime) -> list[TaskRow]:
    people = {user.id: assignments.display_name(user) for user in db.exec(select(User).where(
        col(User.id).in_({t.assignee_user_id for t in found if t.assignee_user_id})))}
    today, rows = now.astimezone(zone).date(), []
    for task in found:
        link, link_label = _link(db, actor, task)
        rows.append(TaskRow(
            id=str(task.id), title=task.title, status=task.status, status_label=TaskStatus(task.status).label,
            priority=task.priority, priority_label=TaskPriority(task.priority).label,
            due=when_text(task.due_at, zone, today) if task.due_at else "",
            assignee=people.get(task.assignee_user_id, ""), link=link, link_label=link_label,
            repeat=task_rules.describe(task.recurrence), can_edit=tasks.may_edit(actor, task)))
    return rows


def grouped(db: Session, actor: Actor, found: list[Task], zone: ZoneInfo, now: datetime) -> list[TaskGroup]:
    """Overdue, Today, Upcoming, No date, Done: the groups that have tasks, in that order."""
    groups = {key: TaskGroup(key, label) for key, label in GROUPS.items()}
    for task, row in zip(found, task_rows(db, actor, found, zone, now), strict=True):
        groups[group_of(task, now, zone)].rows.append(row)
    return [group for group in groups.values() if group.rows]


# --- the task form -----------------------------------------------------------------------------


def form_values(task: Task | None, zone: ZoneInfo) -> dict[str, str]:
    if task is None:
        return {"title": "", "description": "", "due_date": "", "due_time": ""}
    local = as_utc(task.due_at).astimezone(zone) if task.due_at else None
    return {"title": task.title, "description": task.description,
            "due_date": local.date().isoformat() if local else "", "due_time": f"{local:%H:%M}" if local else ""}


def link_value(task: Task | None) -> str:
    if task is not None and task.post_id is not None:
        return f"post:{task.post_id}"
    if task is not None and task.campaign_id is not None:
        return f"campaign:{task.campaign_id}"
    return NONE


def read_link(value: str) -> tuple[int | None, int | None]:
    """(post_id, campaign_id) from the link select."""
    kind, _, number = value.partition(":")
    if not number.isdigit() or kind not in ("post", "campaign"):
        return None, None
    return (int(number), None) if kind == "post" else (None, int(number))


def read_due(day: str, at: str, zone: ZoneInfo) -> datetime | None:
    """The form's date and time in the organization's zone, as UTC; a date alone means its end."""
    if not day.strip():
        if at.strip():
            raise ValidationFailed("due_date", "Pick the day too.")
        return None
    try:
        moment = datetime.combine(date.fromisoformat(day.strip()),
                                  time.fromisoformat(at.strip()) if at.strip() else END_OF_DAY, zone)
    except ValueError:
        raise ValidationFailed("due_date", "Pick a day and a time from the pickers.") from None
    return as_utc(moment)


def _post_label(post: Post) -> str:
    words = " ".join((post.text or post.title).split()) or "(no text yet)"
    return "Post: " + (words[:EXCERPT] + ("…" if len(words) > EXCERPT else ""))


def editor_choices(db: Session, actor: Actor, task: Task | None) -> EditorChoices:
    """Who the task can go to, what it can link to, which templates can fill it in."""
    me = db.get(User, actor.user_id)
    people = assignments.assignable_people(db, actor.org_id) if tasks.manages(actor) else [me]
    recent = library.list_posts(db, actor, PostQuery(limit=POST_CHOICES)).items
    linked = db.get(Post, task.post_id) if task is not None and task.post_id else None
    if linked is not None and posts.may_see(actor, linked) and linked not in recent:
        recent.append(linked)
    links = [Choice(f"post:{p.id}", _post_label(p)) for p in recent]
    links += [Choice(f"campaign:{c.id}", f"Campaign: {c.name}") for c in campaigns.list_campaigns(db, actor)]
    found = task_templates.list_task_templates(db, actor) if tasks.may_create(actor) else []
    return EditorChoices(assignees=[Choice(str(u.id), assignments.display_name(u)) for u in people if u],
                         links=links, templates=[Choice(str(t.id), t.name) for t in found])

"""The team's activity feed: the audit log's team actions as readable lines ("Maya approved “Spring menu…”
at Client review"), limited to what the viewer may see (matrix: View Team Activity).

Managers read their organization's activity, agency owners also their clients', creators their organization's
collaboration (posts, reviews, comments, tasks, campaigns, publishing, chat), team members only their own;
client viewers none. Sign-ins and other security events stay in the admin's audit log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, not_, or_
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.accounts.service import networks
from allin_app.admin.models import AuditEvent
from allin_app.auth.models import User
from allin_app.content.models import Campaign, MediaAsset, MediaFolder, Post, Template
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Scope, scope_for
from allin_app.orgs.models import Membership, Organization
from allin_app.workflow.approval_models import ApprovalDecision
from allin_app.workflow.chat_models import ChatChannel
from allin_app.workflow.task_models import Task

PAGE_SIZE = 25

# kind -> (label, action prefixes); an action belongs to the first kind one of whose prefixes it starts with.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "approvals": ("Reviews and approvals", ("post.submitted", "post.approved", "post.rejected",
                                            "post.changes_requested", "post.fast_tracked", "post.review_reset",
                                            "approvals.")),
    "comments": ("Comments", ("comment.",)),
    "tasks": ("Tasks and assignments", ("task.", "post.assigned")),
    "publishing": ("Scheduling and publishing", ("post.scheduled", "post.queued", "post.queue_moved",
                                                 "post.published", "post.failed", "post.held", "queue.", "series.")),
    "content": ("Posts, media and templates", ("post.", "posts.", "template.", "media.")),
    "campaigns": ("Campaigns", ("campaign.",)),
    "chat": ("Team chat", ("chat.",)),
    "accounts": ("Social accounts", ("account.",)),
    "team": ("Team and clients", ("org.member_", "org.invitation_", "org.ownership_", "org.client_")),
    "settings": ("Organization settings", ("org.", "calendar_feed.")),
}
COLLABORATION = ("approvals", "comments", "tasks", "publishing", "content", "campaigns", "chat")
HIDDEN = ("auth.",)  # security events: the admin's audit log, not the team's feed

# How an action reads after the person's name; {t} is what it acted on. Others read "<verb> <noun> {t}".
PHRASES = {
    "post.created": "created {t}", "post.deleted": "deleted {t}", "post.version_restored": "restored a version of {t}",
    "post.submitted": "submitted {t} for review", "post.approved": "approved {t}", "post.rejected": "rejected {t}",
    "post.changes_requested": "asked for changes to {t}", "post.fast_tracked": "fast-tracked {t}",
    "post.review_reset": "sent {t} back to review", "post.scheduled": "scheduled {t}",
    "post.queued": "added {t} to the queue", "post.queue_moved": "moved {t} in the queue",
    "post.assigned": "assigned {t}", "posts.imported": "imported posts",
    "org.member_role_changed": "changed the role of {t}", "org.member_removed": "removed {t} from the team",
    "org.member_invited": "invited {t}", "org.invitation_accepted": "joined the team",
    "org.ownership_transferred": "handed ownership to {t}", "org.client_created": "added the client {t}",
    "org.client_assigned": "assigned {t} to this client", "org.client_unassigned": "took {t} off this client",
    "account.connected": "connected {t}", "account.disconnected": "disconnected {t}",
    "queue.paused": "paused the queue of {t}", "queue.resumed": "resumed the queue of {t}",
    "series.created": "set up a recurring series", "series.updated": "changed a recurring series",
    "series.deleted": "ended a recurring series",
    "template.created": "created {t}", "template.updated": "updated {t}", "template.deleted": "deleted {t}",
    "template.restored": "restored a version of {t}",
    "media.uploaded": "uploaded {t}", "media.edited": "saved an edited copy as {t}", "media.updated": "updated {t}",
    "media.moved": "moved {t}", "media.deleted": "deleted {t}", "media.folder_created": "created {t}",
    "media.folder_renamed": "renamed {t}", "media.folder_moved": "moved {t}", "media.folder_deleted": "deleted {t}",
    "campaign.created": "created {t}", "campaign.updated": "updated {t}", "campaign.deleted": "deleted {t}",
    "campaign.cost_added": "added a cost to {t}", "campaign.cost_removed": "removed a cost from {t}",
    "chat.channel_created": "created the channel {t}", "chat.channel_archived": "archived the channel {t}",
    "approvals.enabled": "turned approvals on", "approvals.disabled": "turned approvals off",
    "approvals.workflow_saved": "saved an approval workflow", "approvals.workflow_deleted": "deleted an approval workflow",
    "org.updated": "updated the organization's profile", "org.invitation_revoked": "revoked an invitation",
    "org.invitation_resent": "sent an invitation again",
    "org.notification_defaults_changed": "changed the notification defaults",
    "org.security_policy_changed": "changed the security policy",
    "org.publishing_settings_changed": "changed the publishing settings",
    "org.white_label_changed": "changed the white label", "org.brand_guidelines_changed": "changed the brand guidelines",
    "calendar_feed.created": "created a calendar feed", "calendar_feed.revoked": "revoked a calendar feed",
}
DECISIONS = {"post.submitted": "submitted", "post.approved": "approved", "post.rejected": "rejected",
             "post.changes_requested": "changes_requested", "post.fast_tracked": "fast_tracked"}


def kind_of(action: str) -> str:
    return next((kind for kind, (_label, prefixes) in KINDS.items() if action.startswith(prefixes)), "")


def _kind_clause(kind: str):
    """SQL for "the action is of this kind": one of its prefixes, none of an earlier kind's."""
    earlier = [p for k, (_l, prefixes) in KINDS.items() if list(KINDS).index(k) < list(KINDS).index(kind)
               for p in prefixes]
    mine = or_(*[AuditEvent.action.startswith(p) for p in KINDS[kind][1]])
    return and_(mine, not_(or_(*[AuditEvent.action.startswith(p) for p in earlier]))) if earlier else mine


@dataclass(frozen=True)
class Visibility:
    org_ids: frozenset[int]
    own_only: bool
    kinds: tuple[str, ...]


def visibility(actor: Actor) -> Visibility:
    """What the actor may read of the feed; PermissionDenied for roles that see none of it."""
    scope = scope_for(actor.role, Permission.view_team_activity)
    if scope is Scope.none:
        raise PermissionDenied("Your role does not show the team's activity.")
    org_ids = frozenset({actor.org_id} | (actor.reachable_org_ids if scope is Scope.agency_clients else set()))
    return Visibility(org_ids, scope is Scope.own, COLLABORATION if scope is Scope.view else tuple(KINDS))


def _where(seen: Visibility, actor: Actor) -> list:
    where = [AuditEvent.org_id.in_(seen.org_ids),
             or_(AuditEvent.actor_user_id != None, AuditEvent.actor_type == "review_link"),
             not_(or_(*[AuditEvent.action.startswith(p) for p in HIDDEN]))]
    if seen.own_only:
        where.append(AuditEvent.actor_user_id == actor.user_id)
    if seen.kinds != tuple(KINDS):
        where.append(or_(*[_kind_clause(kind) for kind in seen.kinds]))
    return where


def people(db: Session, actor: Actor) -> list[User]:
    """Whose activity the actor may filter by: the members of the organizations they see (or themselves)."""
    seen = visibility(actor)
    if seen.own_only:
        return [db.get(User, actor.user_id)]
    ids = db.exec(select(Membership.user_id).where(Membership.org_id.in_(seen.org_ids))).all()
    return sorted((u for u in db.exec(select(User).where(User.id.in_(set(ids))))),
                  key=lambda u: (u.full_name or u.email).lower())


def kinds_for(actor: Actor) -> dict[str, str]:
    """The kinds the actor may filter by, with their labels."""
    return {kind: KINDS[kind][0] for kind in visibility(actor).kinds}


@dataclass(frozen=True)
class ActivityLine:
    id: int
    at: datetime
    org_id: int
    org_name: str
    person_id: int | None
    person: str
    kind: str
    text: str  # "Maya approved “Spring menu…” at Client review"
    detail: str
    link: str


@dataclass(frozen=True)
class ActivityFeed:
    lines: list[ActivityLine]
    total: int  # lines matching the filters, on every page


def feed(db: Session, actor: Actor, *, person_id: int | None = None, kind: str = "", offset: int = 0,
         limit: int = PAGE_SIZE) -> ActivityFeed:
    """The team's activity the actor may see, newest first, by person and kind: `limit` lines from `offset`."""
    seen = visibility(actor)
    where = _where(seen, actor)
    if kind:
        if kind not in seen.kinds:
            raise ValidationFailed("kind", f"There is no '{kind}' activity to filter by.")
        where.append(_kind_clause(kind))
    if person_id is not None:
        if person_id not in {u.id for u in people(db, actor)}:
            raise NotFound("Person not found.")
        where.append(AuditEvent.actor_user_id == person_id)
    total = db.exec(select(func.count()).select_from(AuditEvent).where(*where)).one()
    events = list(db.exec(select(AuditEvent).where(*where).order_by(AuditEvent.id.desc())
                          .offset(max(0, offset)).limit(limit)))
    return ActivityFeed(describe(db, events), total)


# ---- turning audit events into sentences ----

def _excerpt(text: str, size: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1].rstrip() + "…"


TARGETS = {
    "post": (Post, lambda p: f"“{_excerpt(p.text) or f'Post {p.id}'}”"),
    "campaign": (Campaign, lambda c: f"the campaign “{c.name}”"),
    "template": (Template, lambda t: f"the template “{t.name}”"),
    "media": (MediaAsset, lambda m: f"“{m.name}”"),
    "media_folder": (MediaFolder, lambda f: f"the folder “{f.name}”"),
    "user": (User, lambda u: u.full_name or u.email),
    "org": (Organization, lambda o: o.name),
    "account": (SocialAccount, lambda a: f"{a.network} account @{a.handle.lstrip('@')}"),
    "task": (Task, lambda t: f"the task “{_excerpt(t.title)}”"),
    "chat_channel": (ChatChannel, lambda c: f"#{c.name}"),
}
LINKS = {"post": "/create?post={id}"}
NETWORKS = networks()


def _split(target: str) -> tuple[str, int | None]:
    noun, _, ident = target.partition(":")
    return noun, int(ident) if ident.isdigit() else None


def _names(db: Session, events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """What each event acted on, by name: one query per kind of target on the page."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for noun, ident in (_split(event.target), _split(event.detail), ("user", event.actor_user_id)):
            if noun in TARGETS and ident is not None:
                wanted[noun].add(ident)
    names = {}
    for noun, ids in wanted.items():
        model, name = TARGETS[noun]
        for row in db.exec(select(model).where(model.id.in_(ids))):
            names[(noun, row.id)] = name(row)
    return names


def _stages(db: Session, events: list[AuditEvent]) -> dict[int, str]:
    """The review stage each decision was taken at (audit event id -> stage name), where the review knows it."""
    decisions = [e for e in events if e.action in DECISIONS and _split(e.target)[1] is not None]
    if not decisions:
        return {}
    rows = db.exec(select(ApprovalDecision).where(
        ApprovalDecision.post_id.in_({_split(e.target)[1] for e in decisions}))).all()
    found = {}
    for event in decisions:
        same = [r for r in rows if r.post_id == _split(event.target)[1] and r.decision == DECISIONS[event.action]
                and r.user_id == event.actor_user_id and r.stage_name]
        if same:
            nearest = min(same, key=lambda r: abs((r.created_at.replace(tzinfo=None)
                                                   - event.at.replace(tzinfo=None)).total_seconds()))
            found[event.id] = nearest.stage_name
    return found


def _reviewer_by_link(detail: str) -> str:
    """A review link's reviewer is named in the detail: "Name <email> by review link: …"."""
    return detail.split(" <", 1)[0] if " <" in detail else "A reviewer"


def _phrase(event: AuditEvent, thing: str) -> str:
    if event.action in PHRASES:
        return PHRASES[event.action].format(t=thing).strip()
    noun, _, verb = event.action.partition(".")
    what, _, did = verb.rpartition("_")
    if what and did in ("changed", "updated"):  # task.status_changed: "changed the status of the task …"
        return f"{did} the {what.replace('_', ' ')} of {thing or 'a ' + noun.replace('_', ' ')}"
    verb, noun = verb.replace("_", " "), noun.replace("_", " ")
    if _split(event.target)[0].replace("_", " ") == noun or not thing:
        return f"{verb} {thing or 'a ' + noun}".strip()
    return f"{verb} a {noun} on {thing}"


def _detail(event: AuditEvent, named: bool) -> str:
    """The second line: a reviewer's feedback, a role change, or what a deleted thing was called."""
    if event.action in DECISIONS:
        return event.detail if event.actor_user_id else event.detail.partition("by review link: ")[2]
    if event.action == "org.member_role_changed":
        before, _, after = event.detail.partition(" -> ")
        labels = {role.value: role.label for role in Role}
        return f"{labels.get(before, before)} → {labels.get(after, after)}"
    return "" if named else event.detail


def _assignee(event: AuditEvent, names: dict) -> str:
    noun, ident = _split(event.detail)
    return names.get((noun, ident), "") if noun == "user" else ""


def describe(db: Session, events: list[AuditEvent]) -> list[ActivityLine]:
    names, stages = _names(db, events), _stages(db, events)
    org_ids = {e.org_id for e in events if e.org_id is not None}
    orgs = {o.id: o.name for o in db.exec(select(Organization).where(Organization.id.in_(org_ids)))}
    lines = []
    for event in events:
        noun, ident = _split(event.target)
        named = (noun, ident) in names
        person = names.get(("user", event.actor_user_id), "Someone") if event.actor_user_id \
            else _reviewer_by_link(event.detail)
        thing = names[(noun, ident)] if named else ("" if noun in ("org", "") else f"a {noun.replace('_', ' ')}")
        if noun in NETWORKS:  # connecting names the network; the detail names the accounts
            thing = NETWORKS[noun]
        text = f"{person} {_phrase(event, thing)}"
        if event.action == "post.assigned":
            assignee = _assignee(event, names)
            text = f"{person} assigned {thing} to {assignee}" if assignee else f"{person} unassigned {thing}"
        if event.id in stages and event.action != "post.submitted":
            text += f" at {stages[event.id]}"
        link = LINKS[noun].format(id=ident) if noun in LINKS and named else ""
        lines.append(ActivityLine(event.id, event.at, event.org_id, orgs.get(event.org_id, ""), event.actor_user_id,
                                  person, kind_of(event.action), text, _detail(event, named), link))
    return lines

"""Helpers for approval tests (and for older tests whose posts must now be approved before they go out)."""

from __future__ import annotations

from sqlmodel import select

from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.core.rbac import Role
from allin_app.orgs import service as orgs
from allin_app.workflow import approvals
from allin_app.workflow.approval_models import ApprovalDecision
from allin_app.workflow.models import Notification

STANDARD = approvals.WorkflowSpec(name="Standard", stages=(
    approvals.StageSpec("Internal review", (Role.content_manager.value,)),
    approvals.StageSpec("Client review", (Role.client_viewer.value,)),
))


def bloom_people(db) -> dict:
    """Everyone who acts in Bloom Coffee, by demo login name (the agency owner and the admin included)."""
    bloom = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))
    return {name: orgs.actor_for(db, auth.find_user_by_email(db, f"{name}@allin.demo"), bloom.id)
            for name in ("admin", "agency", "manager", "creator", "client", "team")}


def two_stages(db, people, *, enabled: bool = True):
    """Internal review (managers) -> Client review (client viewers), approvals on."""
    workflow = approvals.save_workflow(db, people["agency"], None, STANDARD)
    approvals.set_approvals_enabled(db, people["agency"], enabled)
    db.flush()
    return workflow


def draft(db, author, accounts, text="Autumn blend is back", networks=("twitter",), **extra):
    return posts.create_post(db, author, posts.PostDraft(text=text, account_ids=tuple(accounts[n].id for n in networks),
                                                         **extra))


def approve(db, post, submitter, *deciders) -> None:
    """Submit the post and approve each stage in turn."""
    approvals.submit(db, submitter, [post.id])
    for decider in deciders:
        approvals.decide(db, decider, [post.id], "approve")
    db.flush()


def approved_by_manager(db, manager, post) -> None:
    """The implicit default path (approvals with no workflow): one stage, a manager approves."""
    approve(db, post, manager, manager)


def approved_if_creator(db, actor, post):
    """Creators publish approved content only (the matrix): a manager approves their post first."""
    if actor.role is Role.content_creator:
        manager = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"), actor.org_id)
        approved_by_manager(db, manager, post)
    return post


def notes(db, actor, kind: str) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == actor.user_id, Notification.kind == kind)))


def decisions(db, post) -> list[tuple[str, str, int | None]]:
    rows = db.exec(select(ApprovalDecision).where(ApprovalDecision.post_id == post.id).order_by(ApprovalDecision.id))
    return [(d.decision, d.stage_name, d.user_id) for d in rows]


def audits(db, post) -> list[str]:
    return [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.target == f"post:{post.id}")
                                      .order_by(AuditEvent.id)) if e.action.startswith("post.")]

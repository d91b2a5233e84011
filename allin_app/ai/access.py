"""Who may use the AI tools, and on what.

Team members' AI rows are "Assigned only" / "Basic tools": they use the tools while working on a post
assigned to them, so their requests name that post (`post_id`). Everyone else uses them across the
organization acted in, with or without a post.
"""

from __future__ import annotations

from sqlmodel import Session

from allin_app.content.service import get_post, target_of
from allin_app.core.errors import PermissionDenied
from allin_app.core.rbac import Actor, Permission, Scope, Target, allows, require, scope_for


def post_target(db: Session, actor: Actor, post_id: int | None) -> Target | None:
    """The post worked on as a permission target (NotFound when the actor cannot see it); None for a draft."""
    return None if post_id is None else target_of(get_post(db, actor, post_id))


def may_use(actor: Actor, permission: Permission, target: Target | None, *, write: bool = True) -> bool:
    """`allows`, where a draft that is no post yet (`target` None) is assigned to nobody."""
    if target is None and scope_for(actor.role, permission) is Scope.assigned:
        return False
    return allows(actor, permission, target, write=write)


def authorize(db: Session, actor: Actor, permission: Permission, post_id: int | None = None) -> None:
    target = post_target(db, actor, post_id)
    if target is None and scope_for(actor.role, permission) in (Scope.assigned, Scope.own):
        raise PermissionDenied("Open a post assigned to you to use the AI tools on it.")
    require(actor, permission, target or Target(org_id=actor.org_id))

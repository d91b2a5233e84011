"""Who may use the AI tools, and on what.

Team members' AI rows are "Assigned only" / "Basic tools": they use the tools while working on a post
assigned to them, so their requests name that post (`post_id`). Everyone else uses them across the
organization acted in, with or without a post.
"""

from __future__ import annotations

from sqlmodel import Session

from allin_app.content.models import Post
from allin_app.content.service import may_see, target_of
from allin_app.core.errors import NotFound, PermissionDenied
from allin_app.core.rbac import Actor, Permission, Scope, Target, require, scope_for


def authorize(db: Session, actor: Actor, permission: Permission, post_id: int | None = None) -> None:
    if post_id is not None:
        post = db.get(Post, post_id)
        if post is None or not may_see(actor, post, db):
            raise NotFound("Post not found.")
        require(actor, permission, target_of(post))
        return
    if scope_for(actor.role, permission) in (Scope.assigned, Scope.own):
        raise PermissionDenied("Open a post assigned to you to use the AI tools on it.")
    require(actor, permission, Target(org_id=actor.org_id))

"""Assigning a draft to a member: they are told, and a team member then sees and edits it (the matrix's
"Assigned only"). Also who can be given work in an organization at all, which tasks share.

Who may assign a post: whoever edits the organization's content as a whole (managers, agency owners,
admins), and the post's author, who may hand their own draft to someone else on the team.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Target, allows, may_open
from allin_app.workflow import approval_paths
from allin_app.workflow.notifications import notify

EVENT = "assignments"  # the notification setting these fall under (orgs/notifications.py)
AUTHOR_HANDS_OVER = (PostStatus.draft, PostStatus.rejected)


def org_people(db: Session, org_id: int) -> dict[int, tuple[User, Role]]:
    """Everyone who works in the organization, with their role there, by user id (see approval_paths.org_people)."""
    return {user.id: (user, role) for user, role in approval_paths.org_people(db, org_id)}


def may_be_assigned(role: Role) -> bool:
    """Work goes to people who edit content, or team members (who edit what they are given); not clients."""
    return may_open(role, Permission.edit_content)


def assignable_people(db: Session, org_id: int) -> list[User]:
    found = [user for user, role in org_people(db, org_id).values() if may_be_assigned(role)]
    return sorted(found, key=lambda u: ((u.full_name or u.email).lower(), u.id))


def check_assignee(db: Session, org_id: int, user_id: int, field: str = "assignee_user_id") -> User:
    found = org_people(db, org_id).get(user_id)
    if found is None or not may_be_assigned(found[1]):
        raise ValidationFailed(field, "Pick someone of this organization who works on its content.")
    return found[0]


def display_name(user: User | None) -> str:
    return (user.full_name or user.email) if user else ""


# --- posts -----------------------------------------------------------------------------------


def may_assign(actor: Actor, post: Post) -> bool:
    if allows(actor, Permission.edit_content, Target(org_id=post.org_id)):  # the whole organization's content
        return post.status in posts.EDITABLE
    return (post.author_user_id == actor.user_id and post.status in AUTHOR_HANDS_OVER
            and allows(actor, Permission.edit_content, posts.target_of(post)))


def may_assign_any(actor: Actor) -> bool:
    """Whether the role assigns posts at all (the library offers the bulk action then)."""
    return allows(actor, Permission.edit_content) and actor.role is not Role.team_member


def assign_posts(db: Session, actor: Actor, post_ids: Iterable[int], user_id: int | None) -> int:
    """Give these posts to `user_id` (None: to nobody). All or none: one refused post refuses the lot."""
    found = [posts.get_post(db, actor, post_id) for post_id in dict.fromkeys(post_ids)]
    for post in found:
        if not may_assign(actor, post):
            if allows(actor, Permission.edit_content, posts.target_of(post)) and post.status not in posts.EDITABLE:
                raise Conflict(f"This post is {PostStatus(post.status).label.lower()}; there is nothing left to "
                               "assign.")
            raise PermissionDenied("You may assign your own drafts, or any post if you manage the content.")
    assignee = check_assignee(db, actor.org_id, user_id) if user_id is not None else None
    changed = [post for post in found if post.assignee_user_id != user_id]
    for post in changed:
        post.assignee_user_id, post.updated_at = user_id, utcnow()
        record_audit(db, "post.assigned", actor_user_id=actor.user_id, org_id=post.org_id, target=f"post:{post.id}",
                     detail=f"user:{user_id}" if user_id else "unassigned")
    if assignee is not None and assignee.id != actor.user_id and changed:
        _tell_assignee(db, actor, assignee, changed)
    return len(found)


def assign_post(db: Session, actor: Actor, post_id: int, user_id: int | None) -> Post:
    assign_posts(db, actor, [post_id], user_id)
    return posts.get_post(db, actor, post_id)


def _tell_assignee(db: Session, actor: Actor, assignee: User, given: list[Post]) -> None:
    by = display_name(db.get(User, actor.user_id))
    if len(given) == 1:
        words = " ".join((given[0].text or given[0].title).split())[:60] or "a draft"
        title, link = f"{by} assigned you: {words}", f"/create?post={given[0].id}"
    else:
        title, link = f"{by} assigned you {len(given)} posts", "/content"
    notify(db, actor.org_id, [assignee.id], EVENT, "assignment", title, "", link)

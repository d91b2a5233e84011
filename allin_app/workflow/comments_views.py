"""REST routes of comments on posts: list and write under /api/v1/content/{id}/comments, edit,
resolve and delete under /api/v1/comments/{id}."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.errors import ValidationFailed
from allin_app.workflow import comments
from allin_app.workflow.comment_models import PostComment

router = APIRouter(prefix="/api/v1", tags=["comments"])


class CommentIn(BaseModel):
    body: str = Field(default="", description=f"Plain text, at most {comments.MAX_BODY} characters; "
                                              "@First Last or @email-name mentions someone who may see the post")
    parent_id: int | None = Field(default=None, description="Reply to this comment (joins its thread)")


class CommentPatch(BaseModel):
    body: str | None = Field(default=None, description="New words (your own comments only)")
    resolved: bool | None = Field(default=None, description="Resolve or reopen a thread (its first comment)")


class MentionOut(BaseModel):
    user_id: int
    name: str


class CommentOut(BaseModel):
    id: int
    post_id: int
    parent_id: int | None
    author_id: int | None
    author_name: str
    author_email: str = Field(description="Only for a reviewer who commented through a review link")
    body: str
    mentions: list[MentionOut]
    resolved: bool
    resolved_at: datetime | None
    resolved_by: str
    deleted: bool
    created_at: datetime
    edited_at: datetime | None
    replies: list[CommentOut] = []


class ThreadPage(BaseModel):
    items: list[CommentOut]
    total: int


def comment_out(view: comments.CommentView) -> CommentOut:
    return CommentOut(id=view.id, post_id=view.post_id, parent_id=view.parent_id, author_id=view.author_user_id,
                      author_name=view.author_name, author_email=view.author_email, body=view.body,
                      mentions=[MentionOut(user_id=p.user_id, name=p.name) for p in view.mentions],
                      resolved=view.resolved_at is not None, resolved_at=view.resolved_at,
                      resolved_by=view.resolved_by, deleted=view.deleted, created_at=view.created_at,
                      edited_at=view.edited_at, replies=[comment_out(reply) for reply in view.replies])


def _answer(db: DbSession, caller: CurrentCaller, comment: PostComment) -> CommentOut:
    db.flush()
    return comment_out(comments.comment_view(db, caller.actor, comment))


@router.get("/content/{post_id}/comments", response_model=ThreadPage,
            summary="The post's comment threads with their replies, oldest first (resolved ones too)")
def list_comments(post_id: int, caller: CurrentCaller, db: DbSession) -> ThreadPage:
    threads = comments.list_comments(db, caller.actor, post_id)
    return ThreadPage(items=[comment_out(t) for t in threads], total=len(threads))


@router.post("/content/{post_id}/comments", response_model=CommentOut, status_code=201,
             summary="Comment on a post, or reply to a comment; mentioned people are notified")
def add_comment(post_id: int, body: CommentIn, caller: CurrentCaller, db: DbSession) -> CommentOut:
    comment = comments.add_comment(db, caller.actor, post_id, body.body, body.parent_id)
    return _answer(db, caller, comment)


@router.patch("/comments/{comment_id}", response_model=CommentOut,
              summary="Edit your comment's words, or resolve / reopen a thread")
def update_comment(comment_id: int, body: CommentPatch, caller: CurrentCaller, db: DbSession) -> CommentOut:
    if body.body is None and body.resolved is None:
        raise ValidationFailed("body", "Send the new words (body) or whether the thread is resolved.")
    comment = None
    if body.body is not None:
        comment = comments.edit_comment(db, caller.actor, comment_id, body.body)
    if body.resolved is not None:
        comment = comments.set_resolved(db, caller.actor, comment_id, body.resolved)
    return _answer(db, caller, comment)


@router.delete("/comments/{comment_id}", status_code=204,
               summary="Delete a comment (your own; managers any)")
def delete_comment(comment_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    comments.delete_comment(db, caller.actor, comment_id)
    return Response(status_code=204)

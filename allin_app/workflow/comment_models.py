"""Comments on posts: threads (a first comment and its replies), @mentions, resolved or not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class PostComment(SQLModel, table=True):
    """One comment. A thread is a comment without `parent_id` and the replies naming it; a reviewer
    who came through a review link has no user: `author_name` and `author_email` say who it was."""

    __tablename__ = "post_comments"
    __table_args__ = (Index("ix_post_comments_post_created", "post_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    post_id: int = Field(foreign_key="posts.id")
    parent_id: int | None = Field(default=None, foreign_key="post_comments.id", index=True)
    author_user_id: int | None = Field(default=None, foreign_key="users.id")
    author_name: str = Field(default="", max_length=120)
    author_email: str = Field(default="", max_length=254)
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    resolved_at: datetime | None = None
    resolved_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    deleted_at: datetime | None = None


class CommentMention(SQLModel, table=True):
    """Someone a comment @mentions (and who was told about it)."""

    __tablename__ = "comment_mentions"

    comment_id: int = Field(foreign_key="post_comments.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True)

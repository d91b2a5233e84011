"""Approval workflows: an organization's review paths (stages and who decides each), the review rounds
of posts, every decision taken, who a stage was sent to, review links for people without a seat, and
which version of a post each reviewer last saw."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow

DEFAULT_FAST_TRACK_ROLES = ["agency_owner", "content_manager"]


class ApprovalWorkflow(SQLModel, table=True):
    """A path through review: chosen by its conditions (all empty = the default path), in `position` order."""

    __tablename__ = "approval_workflows"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    name: str = Field(max_length=120)
    enabled: bool = True
    position: int = 0
    networks: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    campaign_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fast_track_roles: list[str] = Field(default_factory=lambda: list(DEFAULT_FAST_TRACK_ROLES),
                                        sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class ApprovalStage(SQLModel, table=True):
    __tablename__ = "approval_stages"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    workflow_id: int = Field(foreign_key="approval_workflows.id", index=True)
    position: int = 0
    name: str = Field(max_length=120)
    approver_roles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    approver_user_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class PostReview(SQLModel, table=True):
    """One review round of a post. `stages` is the path as it was when the round began, so changing a
    workflow never moves a post already on its way."""

    __tablename__ = "post_reviews"
    __table_args__ = (Index("ix_post_reviews_post_status", "post_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    post_id: int = Field(foreign_key="posts.id")
    workflow_id: int | None = Field(default=None, foreign_key="approval_workflows.id")  # None: the implicit path
    stage_position: int = 0  # from 0
    stage_count: int = 1
    # [{"name", "roles", "user_ids"}] per stage, copied from the workflow when the round began
    stages: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=20)  # pending, approved, rejected, changes_requested, cancelled
    post_version: int = 1
    submitted_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    submitted_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    fast_tracked: bool = False
    # an occurrence of a recurring series with its model's words carries the model's approval
    carried_from_review_id: int | None = Field(default=None, foreign_key="post_reviews.id")


class ApprovalDecision(SQLModel, table=True):
    """Who decided what, when, at which stage, on which version, and why."""

    __tablename__ = "approval_decisions"
    __table_args__ = (Index("ix_approval_decisions_post", "post_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    review_id: int = Field(foreign_key="post_reviews.id", index=True)
    post_id: int = Field(foreign_key="posts.id")
    stage_position: int = 0
    stage_name: str = Field(default="", max_length=120)
    decision: str = Field(max_length=20)  # submitted, approved, rejected, changes_requested, fast_tracked, reset
    feedback: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    user_id: int | None = Field(default=None, foreign_key="users.id", index=True)  # None: a review link's reviewer
    reviewer_name: str = Field(default="", max_length=120)
    reviewer_email: str = Field(default="", max_length=254)
    link_id: int | None = Field(default=None, foreign_key="review_links.id")
    post_version: int = 1
    created_at: datetime = Field(default_factory=utcnow)


class ReviewRequest(SQLModel, table=True):
    """A stage of a review round sent to one person; what lets a client viewer see a post not yet approved."""

    __tablename__ = "review_requests"
    __table_args__ = (UniqueConstraint("review_id", "stage_position", "user_id", name="uq_review_request"),
                      Index("ix_review_requests_user_post", "user_id", "post_id"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    post_id: int = Field(foreign_key="posts.id", index=True)
    review_id: int = Field(foreign_key="post_reviews.id")
    stage_position: int = 0
    user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class ReviewLink(SQLModel, table=True):
    """A signed, expiring link for a reviewer without a seat: the token is in the URL only, its hash here."""

    __tablename__ = "review_links"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    post_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reviewer_name: str = Field(max_length=120)
    reviewer_email: str = Field(max_length=254)
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class ReviewSeen(SQLModel, table=True):
    """The version of a post a reviewer (a user, or a review link) last saw: changes are shown since then."""

    __tablename__ = "review_seen"
    __table_args__ = (Index("ix_review_seen_post_user", "post_id", "user_id"),
                      Index("ix_review_seen_post_link", "post_id", "link_id"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    post_id: int = Field(foreign_key="posts.id")
    user_id: int | None = Field(default=None, foreign_key="users.id")
    link_id: int | None = Field(default=None, foreign_key="review_links.id")
    version: int = 1
    seen_at: datetime = Field(default_factory=utcnow)

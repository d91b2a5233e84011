"""Posts (one text for several accounts, with per-network overrides), their versions, the media
library, templates and campaigns.

A post goes to each of its target accounts through a `PostTarget`, the row the publisher claims,
so a post to five accounts is five deliveries with their own status and result.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class PostStatus(StrEnum):
    draft = "draft"
    in_review = "in_review"
    approved = "approved"
    scheduled = "scheduled"
    publishing = "publishing"
    published = "published"
    failed = "failed"
    rejected = "rejected"
    held = "held"  # came due while its review was still pending: waits for the approval, then goes out

    @property
    def label(self) -> str:
        return "Held for approval" if self is PostStatus.held else self.value.replace("_", " ").capitalize()


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    name: str = Field(max_length=120)
    goal: str = Field(default="", max_length=500)
    starts_on: date | None = None
    ends_on: date | None = None
    budget_cents: int = 0
    color: str = Field(default="#6366f1", max_length=9)
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class CampaignMember(SQLModel, table=True):
    __tablename__ = "campaign_members"

    campaign_id: int = Field(foreign_key="campaigns.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True)


class CampaignCost(SQLModel, table=True):
    """Money spent on a campaign, entered by hand (ads, production, influencers)."""

    __tablename__ = "campaign_costs"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaigns.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    description: str = Field(max_length=200)
    amount_cents: int
    spent_on: date
    created_at: datetime = Field(default_factory=utcnow)


def _live_posts_index(name: str, *columns: str) -> Index:
    """The library lists and counts posts that are not deleted: partial indexes over just those let
    SQLite and PostgreSQL count and page 100,000 posts without reading the rows (bench/library.py)."""
    live = text("deleted_at IS NULL")
    return Index(name, *columns, sqlite_where=live, postgresql_where=live)


class Post(SQLModel, table=True):
    __tablename__ = "posts"
    __table_args__ = (
        _live_posts_index("ix_posts_live_org_updated", "org_id", "updated_at"),
        _live_posts_index("ix_posts_live_org_status_updated", "org_id", "status", "updated_at"),
        _live_posts_index("ix_posts_live_org_created", "org_id", "created_at"),
        _live_posts_index("ix_posts_live_org_scheduled", "org_id", "scheduled_at"),
        _live_posts_index("ix_posts_live_org_author", "org_id", "author_user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    author_user_id: int = Field(foreign_key="users.id", index=True)
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id")  # a team member edits it
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", index=True)
    status: str = Field(default=PostStatus.draft, max_length=12)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # network -> text, where the post says something else on that network
    overrides: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    title: str = Field(default="", max_length=300)  # YouTube, Pinterest, Reddit
    link: str = Field(default="", max_length=2048)
    first_comment: str = Field(default="", max_length=2200)
    options: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    scheduled_at: datetime | None = Field(default=None, index=True)  # UTC
    timezone: str = Field(default="", max_length=64)  # the post's own zone; "" = the organization's
    queued: bool = False  # placed by "Add to queue": the queue may move it to keep slots in order
    priority: bool = False  # a queued post that takes the earliest free slot and pushes others back
    series_id: int | None = Field(default=None, foreign_key="recurring_series.id", index=True)
    occurs_on: date | None = None  # which occurrence of its series this post is
    version: int = 1  # the number of the latest PostVersion
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class PostTarget(SQLModel, table=True):
    """One delivery of a post to one account: what the publisher claims, tries and records."""

    __tablename__ = "post_targets"
    __table_args__ = (UniqueConstraint("post_id", "account_id", name="uq_post_target_account"),
                      Index("ix_post_targets_due", "status", "scheduled_at"))

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="posts.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    account_id: int = Field(foreign_key="social_accounts.id", index=True)
    network: str = Field(max_length=20)
    status: str = Field(default=PostStatus.draft, max_length=12)
    scheduled_at: datetime | None = None
    idempotency_key: str = Field(max_length=64, unique=True)
    external_id: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=1000)
    error: str = Field(default="", max_length=1000)
    published_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None  # a retry waits until then (backoff, rate limit, quota)
    lease_until: datetime | None = None  # a worker publishing this target holds it until then
    locked_by: str = Field(default="", max_length=80)


class PostVersion(SQLModel, table=True):
    """Every save that changed the words: view, compare, restore."""

    __tablename__ = "post_versions"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="posts.id", index=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    number: int
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    overrides: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    title: str = Field(default="", max_length=300)
    author_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class MediaFolder(SQLModel, table=True):
    __tablename__ = "media_folders"
    __table_args__ = (UniqueConstraint("org_id", "parent_id", "name", name="uq_media_folder_name"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="media_folders.id")
    name: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow)


class MediaAsset(SQLModel, table=True):
    """A file in the organization's media library; the bytes live under the data directory."""

    __tablename__ = "media_assets"
    __table_args__ = (Index("ix_media_assets_org_sha", "org_id", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    folder_id: int | None = Field(default=None, foreign_key="media_folders.id", index=True)
    # An edited copy points at the file it was made from; the original is never changed.
    source_id: int | None = Field(default=None, foreign_key="media_assets.id")
    name: str = Field(max_length=255)
    kind: str = Field(max_length=10)  # image, gif, video, pdf
    mime: str = Field(max_length=60)
    size: int
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=200)  # path under <data_dir>/media
    has_thumbnail: bool = False
    tags: str = Field(default="", max_length=500)  # space separated, lower case
    alt_text: str = Field(default="", max_length=1000)
    shared_with_clients: bool = False  # an agency's file its clients may use
    uploaded_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class PostMedia(SQLModel, table=True):
    __tablename__ = "post_media"

    post_id: int = Field(foreign_key="posts.id", primary_key=True)
    media_id: int = Field(foreign_key="media_assets.id", primary_key=True)
    position: int = 0


class Template(SQLModel, table=True):
    """Reusable words with {{variables}}; built-in ones have no organization."""

    __tablename__ = "templates"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    name: str = Field(max_length=120)
    category: str = Field(default="", max_length=60)
    body: str = Field(sa_column=Column(Text, nullable=False))
    shared_with_clients: bool = False
    version: int = 1
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class TemplateVersion(SQLModel, table=True):
    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "number", name="uq_template_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="templates.id", index=True)
    number: int
    name: str = Field(max_length=120)
    body: str = Field(sa_column=Column(Text, nullable=False))
    author_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)


class ShortLink(SQLModel, table=True):
    """AllIN's own short link (`/l/<code>`): one per organization and target URL, counting clicks. A post's
    links are one per post and network (`post_id`, `network`), so each click is known by both."""

    __tablename__ = "short_links"
    __table_args__ = (UniqueConstraint("org_id", "target_hash", name="uq_short_link_target"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    code: str = Field(max_length=16, unique=True)
    target_url: str = Field(max_length=2048)
    target_hash: str = Field(max_length=64)
    post_id: int | None = Field(default=None, foreign_key="posts.id", ondelete="SET NULL")
    network: str = Field(default="", max_length=20)
    clicks: int = 0
    last_clicked_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)

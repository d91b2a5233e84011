"""What the metric collector stores: the raw series the networks report, and the daily rollups that
every dashboard, report and API answer reads (never the raw series).

Days are the organization's local days (its time zone when the figures were rolled up). A rollup row
exists for a day on which something was read; lifetime counters carry forward across days without one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

COUNTERS = ("impressions", "reach", "likes", "comments", "shares", "clicks", "saves", "video_views")
SUMMED = (*COUNTERS, "engagements")  # what the rollups add up over days, accounts and networks
DELTAS = tuple(f"delta_{name}" for name in SUMMED)


class MetricSnapshot(SQLModel, table=True):
    """One reading of a published post's lifetime counters on one account, as the network reported them."""

    __tablename__ = "metric_snapshots"
    __table_args__ = (UniqueConstraint("target_id", "captured_at", name="uq_metric_snapshot_target_time"),
                      Index("ix_metric_snapshots_org_time", "org_id", "captured_at"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    post_id: int = Field(foreign_key="posts.id", index=True)
    target_id: int = Field(foreign_key="post_targets.id")
    account_id: int = Field(foreign_key="social_accounts.id", index=True)
    network: str = Field(max_length=20)
    captured_at: datetime  # UTC
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0


class AccountSnapshot(SQLModel, table=True):
    __tablename__ = "account_snapshots"
    __table_args__ = (UniqueConstraint("account_id", "captured_at", name="uq_account_snapshot_account_time"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    account_id: int = Field(foreign_key="social_accounts.id")
    network: str = Field(max_length=20)
    captured_at: datetime  # UTC
    followers: int = 0
    posts: int | None = None  # None: the network reports no post count for this kind of account


class PostDaily(SQLModel, table=True):
    """A post on one account, one local day: its lifetime counters at the end of that day and what the
    day added (delta_*). The post's attributes are copied in so filters need no join."""

    __tablename__ = "post_daily"
    __table_args__ = (Index("ix_post_daily_org_day", "org_id", "day"),
                      Index("ix_post_daily_account_day", "account_id", "day"),
                      Index("ix_post_daily_org_author_day", "org_id", "author_user_id", "day"),
                      Index("ix_post_daily_org_campaign_day", "org_id", "campaign_id", "day"))

    target_id: int = Field(foreign_key="post_targets.id", primary_key=True)
    day: date = Field(primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    post_id: int = Field(foreign_key="posts.id", index=True)
    account_id: int = Field(foreign_key="social_accounts.id")
    network: str = Field(max_length=20)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")
    author_user_id: int | None = Field(default=None, foreign_key="users.id")
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id")
    content_type: str = Field(default="text", max_length=12)
    published_on: date  # local day the post went out
    as_of: datetime  # UTC time of the reading the lifetime counters come from
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0
    engagements: int = 0
    delta_impressions: int = 0
    delta_reach: int = 0
    delta_likes: int = 0
    delta_comments: int = 0
    delta_shares: int = 0
    delta_clicks: int = 0
    delta_saves: int = 0
    delta_video_views: int = 0
    delta_engagements: int = 0


class PostTotal(SQLModel, table=True):
    """A post on one account at its latest reading: what top posts, the heatmap and the posts table read
    (one row per published target, so ranking a period's posts never scans their days)."""

    __tablename__ = "post_totals"
    # (org, day published, engagements): a period's top posts come from the index, then 10 rows are read
    __table_args__ = (Index("ix_post_totals_org_published", "org_id", "published_on", "engagements"),
                      Index("ix_post_totals_published_at", "published_at"))

    target_id: int = Field(foreign_key="post_targets.id", primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    post_id: int = Field(foreign_key="posts.id", index=True)
    account_id: int = Field(foreign_key="social_accounts.id", index=True)
    network: str = Field(max_length=20)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id")
    author_user_id: int | None = Field(default=None, foreign_key="users.id")
    assignee_user_id: int | None = Field(default=None, foreign_key="users.id")
    content_type: str = Field(default="text", max_length=12)
    published_at: datetime  # UTC
    published_on: date  # local
    last_collected_at: datetime  # UTC
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0
    engagements: int = 0


class AccountDaily(SQLModel, table=True):
    """One account, one local day: followers at its end (carried from the last reading), their change,
    the posts it published, and what its posts' counters grew by."""

    __tablename__ = "account_daily"
    __table_args__ = (Index("ix_account_daily_org_day", "org_id", "day"),)

    account_id: int = Field(foreign_key="social_accounts.id", primary_key=True)
    day: date = Field(primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    network: str = Field(max_length=20)
    followers_as_of: datetime | None = None  # UTC time of the follower reading; None: carried forward
    followers: int = 0
    followers_delta: int = 0
    posts_published: int = 0
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0
    engagements: int = 0


class OrgDaily(SQLModel, table=True):
    """One organization, one network, one local day: the sums of its accounts' rows (followers: every
    account's latest count, carried forward)."""

    __tablename__ = "org_daily"

    org_id: int = Field(foreign_key="organizations.id", primary_key=True)
    day: date = Field(primary_key=True)
    network: str = Field(max_length=20, primary_key=True)
    posts_published: int = 0
    impressions: int = 0
    reach: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    saves: int = 0
    video_views: int = 0
    engagements: int = 0
    followers: int = 0
    followers_delta: int = 0

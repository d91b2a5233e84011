"""Competitors an organization tracks: accounts on one network it does not own, read once a day through
the network's public lookups (platforms/public.py) with a token of one of the organization's own accounts
there. A snapshot per local day keeps the profile's figures; their public posts are kept one row each, with
the counters as last read (None where the network shows other apps no counts)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class Competitor(SQLModel, table=True):
    __tablename__ = "competitors"
    __table_args__ = (UniqueConstraint("org_id", "network", "handle", name="uq_competitor_org_network_handle"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    network: str = Field(max_length=20)
    handle: str = Field(max_length=100)  # as the network spells it (lower case, without '@')
    display_name: str = Field(default="", max_length=200)
    external_id: str = Field(default="", max_length=100)  # the network's id for the account
    avatar_url: str = Field(default="", max_length=1000)
    added_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    checked_at: datetime | None = None  # UTC, the last attempt to read it (the daily job's clock)
    last_collected_at: datetime | None = None  # UTC, the last reading that worked
    last_error: str = Field(default="", max_length=500)  # why the last reading failed ("" when it worked)


class CompetitorSnapshot(SQLModel, table=True):
    """A competitor's profile on one local day of the organization (the day's latest reading)."""

    __tablename__ = "competitor_snapshots"
    __table_args__ = (UniqueConstraint("competitor_id", "day", name="uq_competitor_snapshot_day"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    competitor_id: int = Field(foreign_key="competitors.id", index=True)
    day: date
    captured_at: datetime  # UTC
    followers: int = 0
    posts_total: int = 0  # the network's count where it shows one, else the posts AllIN has seen
    # average engagements per post over the 30 days before the reading, per follower (%); None: no counts
    avg_engagement_rate: float | None = None
    top_hashtags: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # [{tag, posts}]


class CompetitorPost(SQLModel, table=True):
    __tablename__ = "competitor_posts"
    __table_args__ = (UniqueConstraint("competitor_id", "external_id", name="uq_competitor_post"),
                      Index("ix_competitor_posts_competitor_time", "competitor_id", "published_at"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    competitor_id: int = Field(foreign_key="competitors.id")
    external_id: str = Field(max_length=100)
    url: str = Field(default="", max_length=1000)
    text: str = Field(default="", max_length=2000)
    published_at: datetime  # UTC
    hashtags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    engagements: int | None = None  # likes + comments + shares + saves, as analytics counts them
    read_at: datetime  # UTC, when the counters were read

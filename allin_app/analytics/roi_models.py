"""Return on what social media costs: each click on AllIN's short links, and conversions (sales, sign-ups)
reported by the organization's shop or CRM, with what they are attributed to (see roi.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class LinkClick(SQLModel, table=True):
    """One click on a short link, with the post, network and campaign it came from at that moment."""

    __tablename__ = "link_clicks"
    __table_args__ = (Index("ix_link_clicks_org_time", "org_id", "clicked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    short_link_id: int = Field(foreign_key="short_links.id", index=True, ondelete="CASCADE")
    clicked_at: datetime = Field(default_factory=utcnow)  # UTC
    # a deleted post or campaign leaves its clicks in the organization's totals
    post_id: int | None = Field(default=None, foreign_key="posts.id", index=True, ondelete="SET NULL")
    network: str = Field(default="", max_length=20)
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", index=True, ondelete="SET NULL")


class Conversion(SQLModel, table=True):
    """A conversion as reported (by API or CSV), and what AllIN attributed it to when it came in."""

    __tablename__ = "conversions"
    __table_args__ = (UniqueConstraint("org_id", "external_id", name="uq_conversion_external_id"),
                      Index("ix_conversions_org_time", "org_id", "occurred_at"))

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id")
    external_id: str = Field(max_length=200)  # the shop's or CRM's id: a second import of it changes nothing
    occurred_at: datetime  # UTC
    value_cents: int = 0
    currency: str = Field(default="USD", max_length=3)
    utm_campaign: str = Field(default="", max_length=200)
    utm_source: str = Field(default="", max_length=200)
    utm_medium: str = Field(default="", max_length=200)
    utm_content: str = Field(default="", max_length=200)
    short_code: str | None = Field(default=None, max_length=16)
    # attributed (roi.attribute): the post, its network and campaign, and by which rule
    post_id: int | None = Field(default=None, foreign_key="posts.id", index=True, ondelete="SET NULL")
    campaign_id: int | None = Field(default=None, foreign_key="campaigns.id", index=True, ondelete="SET NULL")
    network: str = Field(default="", max_length=20)
    attributed_by: str = Field(default="none", max_length=20)  # short_link, post, utm_content, utm_campaign, none
    source: str = Field(default="api", max_length=10)  # api or csv
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

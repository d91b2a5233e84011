"""A/B tests: variants of one message published as separate posts, each with the prediction made when the test
started, so their real results can be read next to what was expected."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class ABTest(SQLModel, table=True):
    __tablename__ = "ab_tests"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    created_by_user_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    network: str = Field(max_length=20)
    split: str = Field(max_length=10)  # "account": one account per variant, same time; "time": one slot each
    reason: str = Field(default="", max_length=1000)  # why this split, as the recommendation said it


class ABVariant(SQLModel, table=True):
    __tablename__ = "ab_test_variants"

    id: int | None = Field(default=None, primary_key=True)
    test_id: int = Field(foreign_key="ab_tests.id", index=True)
    org_id: int = Field(foreign_key="organizations.id")
    post_id: int = Field(foreign_key="posts.id", index=True)
    key: str = Field(max_length=2)  # A, B, C...
    approach: str = Field(default="", max_length=200)  # how it differs: "witty tone, ends with a question"
    planned_at: datetime | None = None  # UTC: the slot the plan gave it
    slot_label: str = Field(default="", max_length=40)  # "Tuesday 10:00" in the organization's zone
    predicted_rate: float | None = None  # engagement per person reached, %, at the start of the test
    predicted_low: float | None = None
    predicted_high: float | None = None
    prediction_source: str = Field(default="", max_length=20)  # model, network_history, industry

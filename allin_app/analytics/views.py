"""REST routes of analytics (/api/v1/analytics): the overview, posts and accounts with their figures.

The period is `start_date` and `end_date` (ISO dates, both included, the organization's local days;
by default the last 30 days). Filters repeat or take commas: `network=facebook,instagram`,
`account_id`, `campaign_id`, `content_type`, `author_id`, and `org_id` (agency owners: several clients).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlmodel import Session

from allin_app.analytics import queries
from allin_app.analytics.dashboard import today_of
from allin_app.analytics.queries import AccountRow, Filters, PostRow
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])
DEFAULT_DAYS = 30

Many = Annotated[list[str] | None, Query()]


class OverviewOut(BaseModel):
    start_date: date
    end_date: date
    total_posts: int
    total_reach: int
    total_impressions: int
    total_engagements: int
    engagement_rate: float
    click_through: float
    scheduled_posts: int
    clicks: int
    followers: int | None
    followers_delta: int | None
    previous_start_date: date | None
    previous_end_date: date | None
    total_posts_prev: int
    total_reach_prev: int
    total_impressions_prev: int
    total_engagements_prev: int
    engagement_rate_prev: float
    click_through_prev: float
    scheduled_posts_prev: int
    clicks_prev: int
    followers_prev: int | None
    followers_delta_prev: int | None
    change_pct: dict[str, float | None]


class PostPageOut(BaseModel):
    items: list[PostRow]  # the query rows are dataclasses: FastAPI documents and checks them as they are
    total: int
    next_cursor: str | None


class AccountPageOut(BaseModel):
    items: list[AccountRow]
    total: int
    next_cursor: str | None


def _words(values: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for value in values or () for part in value.split(",") if part.strip()))


def _ids(values: list[str] | None, field: str) -> tuple[int, ...]:
    try:
        return tuple(int(word) for word in _words(values))
    except ValueError:
        raise ValidationFailed(field, f"{field} takes whole numbers, repeated or separated by commas.") from None


def period_from(db: Session, actor: Actor, start_date: date | None, end_date: date | None) -> tuple[date, date]:
    """The asked period; by default the DEFAULT_DAYS ending today (the organization's local date)."""
    end = end_date or today_of(db, actor)
    return start_date or end - timedelta(days=DEFAULT_DAYS - 1), end


def filters_from(db: Session, actor: Actor, start_date: date | None, end_date: date | None, network: Many,
                 account_id: Many, campaign_id: Many, content_type: Many, author_id: Many, org_id: Many,
                 compare: bool = True) -> Filters:
    start, end = period_from(db, actor, start_date, end_date)
    return Filters(start=start, end=end, networks=_words(network), account_ids=_ids(account_id, "account_id"),
                   campaign_ids=_ids(campaign_id, "campaign_id"), content_types=_words(content_type),
                   author_ids=_ids(author_id, "author_id"), org_ids=_ids(org_id, "org_id"), compare=compare)


@router.get("/overview", response_model=OverviewOut, summary="Headline figures with the previous period's")
def overview(caller: CurrentCaller, db: DbSession, start_date: date | None = None, end_date: date | None = None,
             network: Many = None, account_id: Many = None, campaign_id: Many = None, content_type: Many = None,
             author_id: Many = None, org_id: Many = None, compare: bool = True) -> OverviewOut:
    f = filters_from(db, caller.actor, start_date, end_date, network, account_id, campaign_id, content_type,
                     author_id, org_id, compare)
    found = asdict(queries.overview(db, caller.actor, f))
    renamed = {"start": "start_date", "end": "end_date", "previous_start": "previous_start_date",
               "previous_end": "previous_end_date"}
    return OverviewOut(**{renamed.get(key, key): value for key, value in found.items()})


@router.get("/posts", response_model=PostPageOut, summary="Posts published in the period, with their figures")
def posts(caller: CurrentCaller, db: DbSession, start_date: date | None = None, end_date: date | None = None,
          network: Many = None, account_id: Many = None, campaign_id: Many = None, content_type: Many = None,
          author_id: Many = None, org_id: Many = None, cursor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> PostPageOut:
    f = filters_from(db, caller.actor, start_date, end_date, network, account_id, campaign_id, content_type,
                     author_id, org_id)
    page = queries.posts_table(db, caller.actor, f, cursor, limit)
    return PostPageOut(items=page.items, total=page.total,
                       next_cursor=page.next_cursor)


@router.get("/accounts", response_model=AccountPageOut, summary="Each account's figures for the period")
def accounts(caller: CurrentCaller, db: DbSession, start_date: date | None = None, end_date: date | None = None,
             network: Many = None, account_id: Many = None, campaign_id: Many = None, content_type: Many = None,
             author_id: Many = None, org_id: Many = None) -> AccountPageOut:
    f = filters_from(db, caller.actor, start_date, end_date, network, account_id, campaign_id, content_type,
                     author_id, org_id)
    rows = queries.accounts_table(db, caller.actor, f)
    return AccountPageOut(items=rows, total=len(rows), next_cursor=None)

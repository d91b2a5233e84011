"""What an analytics question may cover: the Filters every query takes, checked against the actor's
reach (permissions, organizations, ids), and turned into conditions on the rollup tables.

Who sees what (core/rbac.py): a content creator sees their own posts' figures (the author filter is
forced), a team member the posts assigned to them, a client viewer their organization, an agency
owner any of its clients (several at once with `org_ids`), a super admin any organization. An id of
an organization out of reach, or of an account or campaign in one, answers NotFound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.analytics.metrics_math import day_bounds, zone_of
from allin_app.analytics.models import AccountDaily, OrgDaily, PostDaily, PostTotal
from allin_app.analytics.rollups import CONTENT_TYPES
from allin_app.content.models import Campaign
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Scope, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

MAX_DAYS = 3 * 366  # the longest period one question may span


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    networks: tuple[str, ...] = ()
    account_ids: tuple[int, ...] = ()
    campaign_ids: tuple[int, ...] = ()
    content_types: tuple[str, ...] = ()
    author_ids: tuple[int, ...] = ()
    org_ids: tuple[int, ...] = ()  # several client organizations (agency owners); empty: the actor's
    compare: bool = True


@dataclass(frozen=True)
class Reach:
    """Filters checked for one actor and one permission, with what the role forces on top."""

    filters: Filters
    org_ids: tuple[int, ...]
    zones: dict[int, ZoneInfo]
    author_id: int | None = None  # forced: a creator's own posts
    assignee_id: int | None = None  # forced: a team member's assigned posts
    names: dict[int, str] = field(default_factory=dict)  # org id -> name

    @property
    def content_scoped(self) -> bool:
        """Figures come from the actor's own (or assigned) posts, not the organization's accounts."""
        return self.author_id is not None or self.assignee_id is not None

    @property
    def level(self) -> str:
        """The coarsest rollup that can answer: org_daily, account_daily or post_daily."""
        f = self.filters
        if self.content_scoped or f.campaign_ids or f.content_types or f.author_ids:
            return "post"
        return "account" if f.account_ids else "org"

    def bounds(self, org_id: int, start: date, end: date) -> tuple[datetime, datetime]:
        """[start of `start`, end of `end`) in UTC for one organization's zone."""
        return day_bounds(start, self.zones[org_id])[0], day_bounds(end, self.zones[org_id])[1]


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ValidationFailed("end_date", "The end date is before the start date.")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationFailed("start_date", f"Pick a period of at most {MAX_DAYS} days.")


def reach_for(db: Session, actor: Actor, f: Filters, permission: Permission) -> Reach:
    """Check the actor may ask `f` with `permission`; answers the checked question (raises otherwise)."""
    require(actor, permission, write=False)
    check_period(f.start, f.end)
    org_ids = tuple(dict.fromkeys(f.org_ids)) or (actor.org_id,)
    scope = scope_for(actor.role, permission)
    orgs = {}
    for org_id in org_ids:
        org = db.get(Organization, org_id)
        if org is None or not _reaches(actor, scope, org_id):
            raise NotFound("Organization not found.")
        orgs[org_id] = org
    _check_names(f)
    _check_ids(db, SocialAccount, f.account_ids, org_ids, "Account not found.")
    _check_ids(db, Campaign, f.campaign_ids, org_ids, "Campaign not found.")
    return Reach(filters=f, org_ids=org_ids, zones={o.id: zone_of(o.timezone) for o in orgs.values()},
                 author_id=actor.user_id if scope is Scope.own else None,
                 assignee_id=actor.user_id if scope is Scope.assigned else None,
                 names={o.id: o.name for o in orgs.values()})


def _reaches(actor: Actor, scope: Scope, org_id: int) -> bool:
    if scope is Scope.all or actor.role is Role.super_admin:
        return True
    if scope is Scope.agency_clients:
        return org_id == actor.org_id or org_id in actor.reachable_org_ids
    return org_id == actor.org_id


def _check_names(f: Filters) -> None:
    if unknown := [n for n in f.networks if n not in ADAPTERS]:
        raise ValidationFailed("network", f"Unknown network {unknown[0]!r}: use one of {', '.join(ADAPTERS)}.")
    if unknown := [t for t in f.content_types if t not in CONTENT_TYPES]:
        raise ValidationFailed("content_type", f"Unknown content type {unknown[0]!r}: use one of "
                                               f"{', '.join(CONTENT_TYPES)}.")


def _check_ids(db: Session, model, ids: tuple[int, ...], org_ids: tuple[int, ...], message: str) -> None:
    if not ids:
        return
    found = set(db.exec(select(model.id).where(model.id.in_(ids), model.org_id.in_(org_ids))))
    if found != set(ids):
        raise NotFound(message)


# --- conditions on each rollup table -----------------------------------------------------------


def post_conditions(reach: Reach, table=PostDaily) -> list:
    """Conditions on post_daily or post_totals (same attribute columns)."""
    f = reach.filters
    found = [table.org_id.in_(reach.org_ids)]
    for column, values in ((table.network, f.networks), (table.account_id, f.account_ids),
                           (table.campaign_id, f.campaign_ids), (table.content_type, f.content_types),
                           (table.author_user_id, f.author_ids)):
        if values:
            found.append(column.in_(values))
    if reach.author_id is not None:
        found.append(table.author_user_id == reach.author_id)
    if reach.assignee_id is not None:
        found.append(table.assignee_user_id == reach.assignee_id)
    return found


def account_conditions(reach: Reach, table=AccountDaily) -> list:
    f = reach.filters
    found = [table.org_id.in_(reach.org_ids)]
    if f.networks:
        found.append(table.network.in_(f.networks))
    if f.account_ids and table is not OrgDaily:
        found.append(table.account_id.in_(f.account_ids))
    return found


def table_for(reach: Reach):
    return {"post": PostDaily, "account": AccountDaily, "org": OrgDaily}[reach.level]


def conditions_for(reach: Reach, table) -> list:
    return post_conditions(reach, table) if table in (PostDaily, PostTotal) else account_conditions(reach, table)

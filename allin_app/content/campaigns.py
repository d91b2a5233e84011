"""Campaigns: posts grouped under a goal, dates, a budget with the costs spent against it, and a team.

Amounts are whole cents. Every member of the organization may read its campaigns; creating, editing
and deleting follow the matrix's Create Campaigns row, where a creator only assists on the campaigns
whose team they are on (edit and enter costs, but not start, delete or restaff one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, update
from sqlmodel import Session, col, delete, select

from allin_app.admin.service import record_audit
from allin_app.analytics.models import PostDaily, PostTotal
from allin_app.auth.models import User
from allin_app.content.library import visibility_conditions
from allin_app.content.models import Campaign, CampaignCost, CampaignMember, Post
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Target, allows, require
from allin_app.orgs.models import Membership, Organization
from allin_app.workflow.task_models import Task

DEFAULT_COLOR = "#6366f1"
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_CENTS = 100_000_000_000  # a billion in any currency: beyond that a typo is likelier than a budget
EDITABLE = ("name", "goal", "starts_on", "ends_on", "budget_cents", "color", "member_ids")


# ---- money ----

def format_money(cents: int) -> str:
    """1234567 -> '12,345.67' (organizations have no currency setting, so no symbol)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole:,}.{rest:02d}"


def parse_amount(text: str, field: str = "amount") -> int:
    """'1,250.5' -> 125050 cents; anything else gets a message saying what to type."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationFailed(field, "Enter an amount like 1250 or 1250.50.") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise ValidationFailed(field, "Enter an amount with at most two decimals, like 1250.50.")
    return int(amount * 100)


def _check_cents(cents: int, field: str, *, positive: bool) -> int:
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise ValidationFailed(field, "Enter the amount as a number.")
    if cents < 0 or (positive and cents == 0):
        raise ValidationFailed(field, "Enter an amount above zero." if positive else "A budget cannot be negative.")
    if cents > MAX_CENTS:
        raise ValidationFailed(field, f"That is more than {format_money(MAX_CENTS)}: check the amount.")
    return cents


def as_date(value: date | str | None, field: str, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed(field, f"Pick the {what}.") from None


# ---- reading ----

def get_campaign(db: Session, actor: Actor, campaign_id: int) -> Campaign:
    """A campaign of the acting organization, else NotFound (never a hint that it exists). Team members
    reach only the campaigns they are on (their "projects": the matrix's "Assigned only")."""
    campaign = db.get(Campaign, campaign_id)
    if campaign is None or campaign.org_id != actor.org_id:
        raise NotFound("Campaign not found.")
    if actor.role is Role.team_member and actor.user_id not in team_ids(db, campaign.id):
        raise NotFound("Campaign not found.")
    return campaign


def list_campaigns(db: Session, actor: Actor) -> list[Campaign]:
    """The organization's campaigns (a team member's own only), the latest start first."""
    statement = select(Campaign).where(Campaign.org_id == actor.org_id)
    if actor.role is Role.team_member:
        statement = statement.where(col(Campaign.id).in_(
            select(CampaignMember.campaign_id).where(CampaignMember.user_id == actor.user_id)))
    return list(db.exec(statement.order_by(col(Campaign.starts_on).desc(), col(Campaign.id).desc())))


def _visible_posts(actor: Actor | None) -> list:
    """The library's rule: team members count and see only posts assigned to them, client viewers posts not
    yet approved only when sent to them for review (no actor: every post)."""
    return visibility_conditions(actor) if actor is not None else []


def team_ids(db: Session, campaign_id: int) -> frozenset[int]:
    return frozenset(db.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == campaign_id)))


def campaign_team(db: Session, actor: Actor, campaign_id: int) -> list[User]:
    campaign = get_campaign(db, actor, campaign_id)
    return list(db.exec(select(User).join(CampaignMember, col(CampaignMember.user_id) == User.id)
                        .where(CampaignMember.campaign_id == campaign.id).order_by(User.full_name, User.email)))


def team_choices(db: Session, actor: Actor) -> list[User]:
    """Who can be put on a campaign: the members of the acting organization."""
    return list(db.exec(select(User).join(Membership, col(Membership.user_id) == User.id)
                        .where(Membership.org_id == actor.org_id).order_by(User.full_name, User.email)))


def campaign_costs(db: Session, actor: Actor, campaign_id: int) -> list[CampaignCost]:
    campaign = get_campaign(db, actor, campaign_id)
    return list(db.exec(select(CampaignCost).where(CampaignCost.campaign_id == campaign.id)
                        .order_by(col(CampaignCost.spent_on).desc(), col(CampaignCost.id).desc())))


def spent_by_campaign(db: Session, campaign_ids: list[int]) -> dict[int, int]:
    """campaign id -> cents spent (the sum of its costs); campaigns without costs are left out."""
    if not campaign_ids:
        return {}
    rows = db.exec(select(CampaignCost.campaign_id, func.sum(CampaignCost.amount_cents))
                   .where(col(CampaignCost.campaign_id).in_(campaign_ids)).group_by(CampaignCost.campaign_id))
    return {campaign_id: int(total or 0) for campaign_id, total in rows}


def budget_spent(db: Session, actor: Actor, campaign_id: int) -> int:
    campaign = get_campaign(db, actor, campaign_id)
    return spent_by_campaign(db, [campaign.id]).get(campaign.id, 0)


def post_counts(db: Session, campaign_ids: list[int], actor: Actor | None = None) -> dict[int, int]:
    """campaign id -> its posts (those `actor` may see, when given)."""
    if not campaign_ids:
        return {}
    rows = db.exec(select(Post.campaign_id, func.count(Post.id))
                   .where(col(Post.campaign_id).in_(campaign_ids), Post.deleted_at == None, *_visible_posts(actor))
                   .group_by(Post.campaign_id))
    return {campaign_id: int(count) for campaign_id, count in rows}


def campaign_posts(db: Session, actor: Actor, campaign_id: int) -> list[Post]:
    """The campaign's posts, in the order they go out (scheduled time, else last change)."""
    campaign = get_campaign(db, actor, campaign_id)
    posts = db.exec(select(Post).where(Post.campaign_id == campaign.id, Post.deleted_at == None,
                                       *_visible_posts(actor)))
    return sorted(posts, key=lambda p: (post_moment(p), p.id))


def post_moment(post: Post) -> datetime:
    return as_utc(post.scheduled_at or post.updated_at)


def org_zone(db: Session, org_id: int) -> ZoneInfo:
    org = db.get(Organization, org_id)
    try:
        return ZoneInfo(org.timezone if org and org.timezone else "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def campaign_status(campaign: Campaign, today: date) -> str:
    if campaign.starts_on and today < campaign.starts_on:
        return "Upcoming"
    if campaign.ends_on and today > campaign.ends_on:
        return "Ended"
    return "Running"


@dataclass(frozen=True)
class TimelineMark:
    post_id: int
    day: date
    percent: float  # 0 at the start date, 100 at the end date
    outside: bool  # the post falls before the start or after the end


def timeline(campaign: Campaign, posts: list[Post], zone: ZoneInfo) -> list[TimelineMark]:
    """Where each post sits between the campaign's start and end dates (in the organization's zone)."""
    if campaign.starts_on is None or campaign.ends_on is None:
        return []
    marks = []
    for post in posts:
        day = post_moment(post).astimezone(zone).date()
        marks.append(TimelineMark(post.id, day, day_percent(campaign, day), not campaign.starts_on <= day
                                  <= campaign.ends_on))
    return marks


def day_percent(campaign: Campaign, day: date) -> float:
    span = max((campaign.ends_on - campaign.starts_on).days, 1)
    return round(min(max((day - campaign.starts_on).days / span, 0.0), 1.0) * 100, 2)


# ---- changes ----

def _require_full(actor: Actor, campaign_org_id: int) -> None:
    """Start, delete or restaff: managers and agency owners; an assisting creator may not."""
    require(actor, Permission.create_campaigns, Target(org_id=campaign_org_id))


def _require_assist(db: Session, actor: Actor, campaign: Campaign) -> None:
    require(actor, Permission.create_campaigns,
            Target(org_id=campaign.org_id, assigned_user_ids=team_ids(db, campaign.id)))


def may_manage(actor: Actor) -> bool:
    return allows(actor, Permission.create_campaigns, Target(org_id=actor.org_id))


def may_assist(db: Session, actor: Actor, campaign: Campaign) -> bool:
    return allows(actor, Permission.create_campaigns,
                  Target(org_id=campaign.org_id, assigned_user_ids=team_ids(db, campaign.id)))


def _apply(campaign: Campaign, values: dict) -> None:
    """Validate the plain fields given in `values`, then set them all (the team is set apart)."""
    checked = {key: CHECKS[key](values[key]) for key in CHECKS if key in values}
    starts_on, ends_on = checked.get("starts_on", campaign.starts_on), checked.get("ends_on", campaign.ends_on)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed("ends_on", "The end date comes before the start date.")
    for key, value in checked.items():
        setattr(campaign, key, value)


def _checked_name(value) -> str:
    name = str(value or "").strip()
    if not name:
        raise ValidationFailed("name", "Give the campaign a name.")
    if len(name) > 120:
        raise ValidationFailed("name", "Use at most 120 characters for the name.")
    return name


def _checked_goal(value) -> str:
    goal = str(value or "").strip()
    if len(goal) > 500:
        raise ValidationFailed("goal", "Describe the goal in at most 500 characters.")
    return goal


def _checked_color(value) -> str:
    color = str(value or "").strip()
    if not COLOR.match(color):
        raise ValidationFailed("color", "Pick a colour (like #6366f1).")
    return color.lower()


CHECKS = {
    "name": _checked_name,
    "goal": _checked_goal,
    "starts_on": lambda value: as_date(value, "starts_on", "start date"),
    "ends_on": lambda value: as_date(value, "ends_on", "end date"),
    "budget_cents": lambda value: _check_cents(value, "budget", positive=False),
    "color": _checked_color,
}


def _set_team(db: Session, campaign: Campaign, member_ids) -> None:
    wanted = set()
    for member_id in member_ids or ():
        if not str(member_id).isdigit():
            raise ValidationFailed("member_ids", "Pick team members from the list.")
        wanted.add(int(member_id))
    members = set(db.exec(select(Membership.user_id).where(Membership.org_id == campaign.org_id,
                                                           col(Membership.user_id).in_(wanted)))) if wanted else set()
    if wanted - members:
        raise ValidationFailed("member_ids", "Only members of this organization can be on its campaigns.")
    db.exec(delete(CampaignMember).where(CampaignMember.campaign_id == campaign.id))
    for user_id in sorted(wanted):
        db.add(CampaignMember(campaign_id=campaign.id, user_id=user_id))
    db.flush()


def create_campaign(db: Session, actor: Actor, *, name: str, starts_on: date | str, ends_on: date | str,
                    goal: str = "", budget_cents: int = 0, color: str = DEFAULT_COLOR,
                    member_ids=()) -> Campaign:
    _require_full(actor, actor.org_id)
    campaign = Campaign(org_id=actor.org_id, name="", created_by_user_id=actor.user_id)
    _apply(campaign, {"name": name, "goal": goal, "starts_on": starts_on, "ends_on": ends_on,
                      "budget_cents": budget_cents, "color": color})
    db.add(campaign)
    db.flush()
    _set_team(db, campaign, member_ids)
    record_audit(db, "campaign.created", actor_user_id=actor.user_id, org_id=campaign.org_id,
                 target=f"campaign:{campaign.id}", detail=campaign.name)
    return campaign


def update_campaign(db: Session, actor: Actor, campaign_id: int, changes: dict) -> Campaign:
    """Change the given fields (of EDITABLE); restaffing needs more than assisting."""
    campaign = get_campaign(db, actor, campaign_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(min(unknown), "This field cannot be changed here.")
    if "member_ids" in changes:
        _require_full(actor, campaign.org_id)
    else:
        _require_assist(db, actor, campaign)
    _apply(campaign, changes)
    if "member_ids" in changes:
        _set_team(db, campaign, changes["member_ids"])
    record_audit(db, "campaign.updated", actor_user_id=actor.user_id, org_id=campaign.org_id,
                 target=f"campaign:{campaign.id}", detail=", ".join(sorted(changes)))
    return campaign


def delete_campaign(db: Session, actor: Actor, campaign_id: int) -> int:
    """Delete the campaign, its costs and team; its posts stay, detached. Returns how many were detached."""
    campaign = get_campaign(db, actor, campaign_id)
    _require_full(actor, campaign.org_id)
    detached = post_counts(db, [campaign.id]).get(campaign.id, 0)
    db.exec(update(Post).where(col(Post.campaign_id) == campaign.id).values(campaign_id=None))
    db.exec(update(Task).where(col(Task.campaign_id) == campaign.id).values(campaign_id=None))
    for figures in (PostDaily, PostTotal):  # the posts' figures stay in the totals, without the campaign
        db.exec(update(figures).where(col(figures.campaign_id) == campaign.id).values(campaign_id=None))
    db.exec(delete(CampaignCost).where(CampaignCost.campaign_id == campaign.id))
    db.exec(delete(CampaignMember).where(CampaignMember.campaign_id == campaign.id))
    db.delete(campaign)
    db.flush()
    record_audit(db, "campaign.deleted", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"campaign:{campaign_id}", detail=f"{campaign.name}; {detached} post(s) detached")
    return detached


def add_campaign_cost(db: Session, actor: Actor, campaign_id: int, description: str, amount_cents: int,
                      spent_on: date | str) -> CampaignCost:
    campaign = get_campaign(db, actor, campaign_id)
    _require_assist(db, actor, campaign)
    description = (description or "").strip()
    if not description:
        raise ValidationFailed("description", "Say what the money was spent on.")
    if len(description) > 200:
        raise ValidationFailed("description", "Use at most 200 characters for the description.")
    cost = CampaignCost(campaign_id=campaign.id, org_id=campaign.org_id, description=description,
                        amount_cents=_check_cents(amount_cents, "amount", positive=True),
                        spent_on=as_date(spent_on, "spent_on", "date it was spent"))
    db.add(cost)
    db.flush()
    record_audit(db, "campaign.cost_added", actor_user_id=actor.user_id, org_id=campaign.org_id,
                 target=f"campaign:{campaign.id}", detail=f"{description}: {format_money(cost.amount_cents)}")
    return cost


def remove_campaign_cost(db: Session, actor: Actor, campaign_id: int, cost_id: int) -> None:
    campaign = get_campaign(db, actor, campaign_id)
    cost = db.get(CampaignCost, cost_id)
    if cost is None or cost.campaign_id != campaign.id or cost.org_id != campaign.org_id:
        raise NotFound("Cost not found.")
    _require_assist(db, actor, campaign)
    db.delete(cost)
    record_audit(db, "campaign.cost_removed", actor_user_id=actor.user_id, org_id=campaign.org_id,
                 target=f"campaign:{campaign.id}", detail=f"{cost.description}: {format_money(cost.amount_cents)}")


def today_in(db: Session, org_id: int) -> date:
    return utcnow().astimezone(org_zone(db, org_id)).date()

"""The ROI view of one period (the organization's local days): revenue per post, campaign and network, clicks
on short links, conversions, and what the campaigns cost.

Definitions:
- revenue: the value of the period's conversions in the organization's currency (Settings > Organization);
  conversions in other currencies are counted as conversions but their value is listed apart, per currency
  (AllIN converts no money: it has no exchange rates to trust);
- cost of a campaign: its costs entered with a date in the period; a campaign without any cost entered counts
  its budget instead, when its dates overlap the period (`cost_basis` says which);
- conversion rate = conversions ÷ clicks; cost per click = cost ÷ clicks; customer acquisition cost (CAC) =
  cost ÷ conversions; ROI = (revenue − cost) ÷ cost. Each is None where its divisor is 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from allin_app.analytics import metrics_math as mm
from allin_app.analytics.filters import check_period
from allin_app.analytics.roi import require_read
from allin_app.analytics.roi_models import Conversion, LinkClick
from allin_app.content.models import Campaign, CampaignCost, Post
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor
from allin_app.orgs.models import Organization

TOP_POSTS = 50


def per_unit(cents: int, count: int) -> int | None:
    return round(cents / count) if count else None


def roi_pct(revenue: int, cost: int) -> float | None:
    return round(100 * (revenue - cost) / cost, mm.RATE_DECIMALS) if cost else None


@dataclass
class Figures:
    clicks: int = 0
    conversions: int = 0
    revenue_cents: int = 0

    @property
    def conversion_rate(self) -> float | None:
        return mm.percent(self.conversions, self.clicks) if self.clicks else None


@dataclass
class CampaignRoi(Figures):
    campaign_id: int = 0
    name: str = ""
    color: str = ""
    budget_cents: int = 0
    cost_cents: int = 0
    cost_basis: str = ""  # "costs", "budget" or "" (nothing spent)

    @property
    def cost_per_click_cents(self) -> int | None:
        return per_unit(self.cost_cents, self.clicks)

    @property
    def cac_cents(self) -> int | None:
        return per_unit(self.cost_cents, self.conversions)

    @property
    def roi(self) -> float | None:
        return roi_pct(self.revenue_cents, self.cost_cents)


@dataclass
class PostRoi(Figures):
    post_id: int = 0
    text: str = ""
    campaign: str = ""
    networks: list[str] = field(default_factory=list)


@dataclass
class NetworkRoi(Figures):
    network: str = ""


@dataclass
class RoiReport:
    start: date
    end: date
    currency: str
    totals: CampaignRoi  # the whole organization (campaign_id 0): every click, conversion and campaign cost
    campaigns: list[CampaignRoi]
    posts: list[PostRoi]
    networks: list[NetworkRoi]
    daily: list[dict]  # {"day", "clicks", "conversions", "revenue_cents"} for every day of the period
    other_currencies: dict[str, int]  # currency -> value (cents) of conversions not in the organization's
    unattributed: Figures  # conversions tied to no campaign and no post (a network at most)


def roi_report(db: Session, actor: Actor, start: date, end: date) -> RoiReport:
    require_read(actor)
    check_period(start, end)
    org = db.get(Organization, actor.org_id)
    zone = mm.zone_of(org.timezone)
    begins, ends = mm.day_bounds(start, zone)[0], mm.day_bounds(end, zone)[1]
    currency = org.currency or "USD"
    campaigns: dict[int, CampaignRoi] = {}
    posts: dict[int, PostRoi] = {}
    networks: dict[str, NetworkRoi] = defaultdict(NetworkRoi)
    daily = {start + timedelta(days=n): Figures() for n in range((end - start).days + 1)}
    totals, unattributed, others = CampaignRoi(name=org.name), Figures(), Counter()

    def campaign(campaign_id: int) -> CampaignRoi:
        return campaigns.setdefault(campaign_id, CampaignRoi(campaign_id=campaign_id))

    for clicked_at, post_id, network, campaign_id in db.exec(
            select(LinkClick.clicked_at, LinkClick.post_id, LinkClick.network, LinkClick.campaign_id).where(
                LinkClick.org_id == org.id, LinkClick.clicked_at >= begins, LinkClick.clicked_at < ends)):
        for target in _targets(totals, campaign, posts, networks, campaign_id, post_id, network):
            target.clicks += 1
        daily[mm.local_day(as_utc(clicked_at), zone)].clicks += 1
    for row in db.exec(select(Conversion).where(Conversion.org_id == org.id, Conversion.occurred_at >= begins,
                                                Conversion.occurred_at < ends)):
        value = row.value_cents if row.currency == currency else 0
        if row.currency != currency:
            others[row.currency] += row.value_cents
        found = _targets(totals, campaign, posts, networks, row.campaign_id, row.post_id, row.network)
        if row.campaign_id is None and row.post_id is None:
            found.append(unattributed)
        for target in found:
            target.conversions += 1
            target.revenue_cents += value
        day = daily[mm.local_day(as_utc(row.occurred_at), zone)]
        day.conversions, day.revenue_cents = day.conversions + 1, day.revenue_cents + value
    _add_costs(db, org.id, start, end, campaign)
    _name(db, org.id, campaigns, posts)
    totals.cost_cents = sum(c.cost_cents for c in campaigns.values())
    ranked = sorted(posts.values(), key=lambda p: (-p.revenue_cents, -p.conversions, -p.clicks, -p.post_id))
    return RoiReport(start, end, currency, totals,
                     sorted(campaigns.values(), key=lambda c: (-c.revenue_cents, -c.clicks, c.name)),
                     ranked[:TOP_POSTS], sorted(networks.values(), key=lambda n: (-n.revenue_cents, -n.clicks)),
                     [{"day": day, "clicks": f.clicks, "conversions": f.conversions, "revenue_cents": f.revenue_cents}
                      for day, f in sorted(daily.items())], dict(others), unattributed)


def _targets(totals, campaign, posts, networks, campaign_id, post_id, network) -> list[Figures]:
    """Where one click or conversion counts: the whole, its campaign, its post and its network."""
    found: list[Figures] = [totals]
    if campaign_id:
        found.append(campaign(campaign_id))
    if post_id:
        found.append(posts.setdefault(post_id, PostRoi(post_id=post_id)))
        if network and network not in posts[post_id].networks:
            posts[post_id].networks.append(network)
    if network:
        found.append(networks[network])
        networks[network].network = network
    return found


def _add_costs(db: Session, org_id: int, start: date, end: date, campaign) -> None:
    costed = set(db.exec(select(CampaignCost.campaign_id).where(CampaignCost.org_id == org_id).distinct()))
    for campaign_id, spent in db.exec(select(CampaignCost.campaign_id, func.sum(CampaignCost.amount_cents)).where(
            CampaignCost.org_id == org_id, CampaignCost.spent_on >= start, CampaignCost.spent_on <= end)
            .group_by(CampaignCost.campaign_id)):
        found = campaign(campaign_id)
        found.cost_cents, found.cost_basis = int(spent or 0), "costs"
    overlapping = db.exec(select(Campaign).where(
        Campaign.org_id == org_id, Campaign.budget_cents > 0, Campaign.starts_on <= end, Campaign.ends_on >= start))
    for row in overlapping:
        if row.id not in costed:
            found = campaign(row.id)
            found.cost_cents, found.cost_basis = row.budget_cents, "budget"


def _name(db: Session, org_id: int, campaigns: dict[int, CampaignRoi], posts: dict[int, PostRoi]) -> None:
    found = {c.id: c for c in db.exec(select(Campaign).where(Campaign.org_id == org_id,
                                                            Campaign.id.in_(list(campaigns))))}
    for campaign_id, row in list(campaigns.items()):
        if campaign_id not in found:  # deleted since: its figures stay in the totals only
            del campaigns[campaign_id]
            continue
        row.name, row.color, row.budget_cents = found[campaign_id].name, found[campaign_id].color, \
            found[campaign_id].budget_cents
    texts = dict(db.exec(select(Post.id, Post.text).where(Post.org_id == org_id, Post.id.in_(list(posts)))).all())
    campaign_of = dict(db.exec(select(Post.id, Post.campaign_id).where(Post.id.in_(list(posts)))).all())
    names = {c.id: c.name for c in db.exec(select(Campaign).where(Campaign.org_id == org_id))}
    for post_id, row in posts.items():
        row.text = " ".join((texts.get(post_id) or "").split())
        row.campaign = names.get(campaign_of.get(post_id), "")

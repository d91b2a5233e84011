"""What a report says, before it becomes a file: each chosen section's key figures, its table (raw values,
so a spreadsheet can compute with them) and its chart, from the analytics query service with the
permissions of the person it is made for; plus the brand on the cover."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import plotly.graph_objects as go
from PIL import Image
from sqlmodel import Session, col, select

from allin_app.analytics import charts, display, queries
from allin_app.analytics import metrics_math as mm
from allin_app.analytics import report_spec as spec
from allin_app.analytics.filters import reach_for
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import describe
from allin_app.analytics.queries import Filters
from allin_app.analytics.report_charts import campaigns_chart, top_posts_chart
from allin_app.analytics.report_models import Report
from allin_app.analytics.roi import may_read as may_read_roi
from allin_app.analytics.roi_charts import campaign_chart
from allin_app.analytics.roi_figures import CampaignRoi, roi_report
from allin_app.content.models import Campaign
from allin_app.core.clock import utcnow
from allin_app.core.rbac import Actor, Permission
from allin_app.orgs.branding import DEFAULT_APP_NAME, brand_for_org
from allin_app.orgs.models import Organization, WhiteLabel

log = logging.getLogger(__name__)
TOP_POSTS = 10
PREVIEW = 80  # characters of a post's text in a table
DEFAULT_PRIMARY = "#4F46E5"
OVERVIEW_KEYS = {"posts": "total_posts", "impressions": "total_impressions", "reach": "total_reach",
                 "engagements": "total_engagements", "engagement_rate": "engagement_rate", "clicks": "clicks",
                 "click_through": "click_through", "followers": "followers"}
ENGAGEMENT_METRICS = ("engagements", "likes", "comments", "shares", "saves", "engagement_rate", "clicks",
                      "click_through")
Progress = Callable[[int], None]


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # int, float, str or date cells


@dataclass
class Section:
    key: str
    title: str
    figures: list[tuple[str, str]]  # (label, shown value): the key figures of a slide or page
    table: Table
    chart: go.Figure | None = None
    note: str = ""
    image: bytes | None = None  # the chart as PNG, once rendered


@dataclass(frozen=True)
class Branding:
    show: bool
    name: str
    primary: str
    accent: str
    logo_png: bytes | None = None


@dataclass
class ReportDocument:
    title: str
    org_name: str
    start: date
    end: date
    generated_at: str
    brand: Branding
    scope: str
    sections: list[Section] = field(default_factory=list)
    charts_note: str = ""  # why the charts are missing, when they are

    @property
    def period(self) -> str:
        return describe(self.start, self.end)


def build_document(db: Session, actor: Actor, report: Report, start: date, end: date,
                   progress: Progress = lambda _p: None) -> ReportDocument:
    """Every chosen section in the document's order; `progress` hears 0-100 as sections are done."""
    org = db.get(Organization, report.org_id)
    f = Filters(start=start, end=end, networks=tuple(report.networks), account_ids=tuple(report.account_ids),
                campaign_ids=tuple(report.campaign_ids))
    local_now = utcnow().astimezone(zone_of(org.timezone))
    document = ReportDocument(report.name, org.name, start, end, f"{local_now:%d %b %Y %H:%M} ({org.timezone})",
                              branding_for(db, report), display.scope_note(actor, org.name))
    chosen = [s for s in spec.SECTIONS if s in report.sections]
    for done, key in enumerate(chosen, start=1):
        document.sections.append(BUILDERS[key](db, actor, f, list(report.metrics)))
        progress(round(100 * done / len(chosen)))
    return document


def branding_for(db: Session, report: Report) -> Branding:
    """The agency's white label on its clients' reports (AllIN's look otherwise); nothing when turned off."""
    if not report.branding:
        return Branding(False, "", DEFAULT_PRIMARY, "")
    brand = brand_for_org(db, report.org_id)
    label = db.get(WhiteLabel, brand.agency_id) if brand.agency_id else None
    return Branding(True, brand.app_name or DEFAULT_APP_NAME, brand.primary_color or DEFAULT_PRIMARY,
                    brand.accent_color, _as_png(label.logo) if label and label.logo else None)


def _as_png(image: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(image)) as picture:
            out = io.BytesIO()
            picture.convert("RGBA").save(out, format="PNG")
            return out.getvalue()
    except (OSError, ValueError):
        log.warning("the white-label logo could not be read; the report goes without it")
        return None


def _shown(metric: str, value) -> str:
    return display.rate(value) if metric in display.RATES else display.count(value)


def _totals(rows: list[dict], metrics: list[str]) -> dict[str, int]:
    return {m: sum(row.get(m, 0) for row in rows) for m in metrics}


# ---- the sections ----------------------------------------------------------------------------


def overview_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    found = queries.overview(db, actor, f)
    cards = {card.key: card for card in display.kpi_cards(found, tuple(OVERVIEW_KEYS.values()))}
    rows = []
    for metric in metrics:
        key = OVERVIEW_KEYS.get(metric)
        if key in cards:
            prev = getattr(found, f"{key}_prev")
            rows.append([spec.METRICS[metric], getattr(found, key), prev, found.change_pct.get(key)])
    counted = [m for m in metrics if m not in OVERVIEW_KEYS]
    if counted:
        now = _totals(queries.timeseries(db, actor, replace(f, compare=False), counted, "month"), counted)
        before_start, before_end = queries.previous_period(f.start, f.end)
        before = _totals(queries.timeseries(db, actor, replace(f, start=before_start, end=before_end), counted,
                                            "month"), counted)
        rows += [[spec.METRICS[m], now[m], before[m], mm.change_pct(now[m], before[m])] for m in counted]
    if "posts" in metrics:
        rows.append(["Scheduled posts", found.scheduled_posts, found.scheduled_posts_prev,
                     found.change_pct.get("scheduled_posts")])
    figures = [(label, _figure_text(label, now, change)) for label, now, _prev, change in rows[:6]]
    return Section("overview", spec.SECTIONS["overview"], figures,
                   Table(["Figure", "This period", "Previous period", "Change (%)"], rows),
                   note=f"Compared with {describe(found.previous_start, found.previous_end)}.")


def _figure_text(label: str, value, change: float | None) -> str:
    shown = display.rate(value) if label.endswith("(%)") else display.count(value)
    return f"{shown} ({display.change(change)})"


def engagement_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    wanted = ["engagements", "likes", "comments", "shares", "saves", "engagement_rate", "clicks", "click_through"]
    grain = spec.grain_for(f.start, f.end)
    rows = queries.timeseries(db, actor, f, wanted, grain)
    start, end = queries.previous_period(f.start, f.end)
    previous = queries.timeseries(db, actor, replace(f, start=start, end=end), wanted, grain)
    columns = [m for m in ENGAGEMENT_METRICS if m in metrics] or ["engagements", "engagement_rate"]
    totals = _totals(rows, ["engagements", "likes", "comments", "shares", "saves"])
    best = max(rows, key=lambda row: row["engagements"]) if rows else None
    figures = [("Engagements", display.count(totals["engagements"])), ("Likes", display.count(totals["likes"])),
               ("Comments", display.count(totals["comments"])), ("Shares", display.count(totals["shares"]))]
    if best and best["engagements"]:
        figures.append((f"Best {grain}", f"{best['day']:%d %b %Y}: {best['engagements']:,}"))
    return Section("engagement", spec.SECTIONS["engagement"], figures,
                   Table([grain.capitalize(), *(spec.METRICS[m] for m in columns)],
                         [[row["day"], *(row[m] for m in columns)] for row in rows]),
                   charts.engagement_chart(rows, previous))


def reach_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    grain = spec.grain_for(f.start, f.end)
    rows = queries.timeseries(db, actor, f, ["reach", "impressions", "frequency"], grain)
    start, end = queries.previous_period(f.start, f.end)
    previous = queries.timeseries(db, actor, replace(f, start=start, end=end), ["reach", "impressions"], grain)
    totals = _totals(rows, ["reach", "impressions"])
    figures = [("Reach", display.count(totals["reach"])), ("Impressions", display.count(totals["impressions"])),
               ("Frequency", f"{mm.frequency(totals['impressions'], totals['reach']):.2f}")]
    return Section("reach", spec.SECTIONS["reach"], figures,
                   Table([grain.capitalize(), "Reach", "Impressions", "Frequency"],
                         [[row["day"], row["reach"], row["impressions"], row["frequency"]] for row in rows]),
                   charts.reach_chart(rows, previous))


def followers_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    series = queries.follower_growth(db, actor, f)
    rows = []
    for one in series:
        first, last = one.points[0]["followers"], one.points[-1]["followers"]
        rows.append([one.name, charts.network_label(one.network), first, last, last - first])
    figures = [("Followers", display.count(sum(r[3] for r in rows))),
               ("Change", f"{sum(r[4] for r in rows):+,}")] if rows else []
    note = "" if rows else "Follower counts belong to the organization's accounts: there are none to show here."
    return Section("followers", spec.SECTIONS["followers"], figures,
                   Table(["Account", "Network", "Followers at start", "Followers at end", "Change"], rows),
                   charts.follower_chart(series) if rows else None, note)


def networks_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    found = queries.by_network(db, actor, f)
    rows = [[charts.network_label(r.network), r.accounts, r.posts, r.reach, r.impressions, r.engagements,
             r.engagement_rate, r.clicks, r.followers] for r in found]
    best = max(found, key=lambda r: r.engagement_rate) if found else None
    figures = [("Networks", str(len(found)))]
    if best and best.engagement_rate:
        leader = f"{charts.network_label(best.network)}: {display.rate(best.engagement_rate)}"
        figures.append(("Highest engagement rate", leader))
    return Section("networks", spec.SECTIONS["networks"], figures,
                   Table(["Network", "Accounts", "Posts", "Reach", "Impressions", "Engagements", "Engagement rate (%)",
                          "Clicks", "Followers"], rows),
                   charts.network_comparison_chart(found))


def top_posts_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    found = queries.top_posts(db, actor, f, limit=TOP_POSTS)
    rows = [[p.published_at.date(), charts.network_label(p.network), p.account, _preview(p.text), p.reach,
             p.impressions, p.engagements, p.engagement_rate, p.clicks] for p in found]
    labels = [f"{i}. {_preview(p.text, 30)} · {charts.network_label(p.network)}" for i, p in enumerate(found, start=1)]
    figures = [("Best post", f"{found[0].engagements:,} engagements on {charts.network_label(found[0].network)}")
               ] if found else []
    return Section("top_posts", spec.SECTIONS["top_posts"], figures,
                   Table(["Published", "Network", "Account", "Post", "Reach", "Impressions", "Engagements",
                          "Engagement rate (%)", "Clicks"], rows),
                   top_posts_chart(labels, [p.engagements for p in found]),
                   "" if found else "No posts were published in this period.")


def _preview(text: str, length: int = PREVIEW) -> str:
    words = " ".join((text or "").split())
    return words if len(words) <= length else words[:length - 1] + "…"


def heatmap_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    found = queries.heatmap(db, actor, f)
    cells = sorted(((found.rates[d][h], d, h, found.posts[d][h]) for d in range(7) for h in range(24)
                    if found.posts[d][h]), reverse=True)
    rows = [[spec.WEEKDAYS[d], f"{h:02d}:00", posts, rate] for rate, d, h, posts in cells]
    figures = []
    if found.best:
        day, hour = found.best
        figures.append(("Best time", f"{spec.WEEKDAYS[day]} {hour:02d}:00 ({display.rate(found.rates[day][hour])})"))
    return Section("heatmap", spec.SECTIONS["heatmap"], figures,
                   Table(["Weekday", "Hour", "Posts", "Average engagement rate (%)"], rows),
                   charts.heatmap_chart(found.rates, found.posts))


def campaigns_section(db: Session, actor: Actor, f: Filters, metrics: list[str]) -> Section:
    """Each campaign that ran during the period (or the ones the report is filtered on): its reach and
    engagement, and where the actor may read ROI (analytics/roi_figures.py) its clicks on short links,
    conversions, revenue, cost and return."""
    reach = reach_for(db, actor, f, Permission.view_basic_analytics)
    query = select(Campaign).where(col(Campaign.org_id).in_(reach.org_ids))
    if f.campaign_ids:
        query = query.where(col(Campaign.id).in_(f.campaign_ids))
    else:
        query = query.where((Campaign.starts_on == None) | (Campaign.starts_on <= f.end),
                            (Campaign.ends_on == None) | (Campaign.ends_on >= f.start))
    found = db.exec(query.order_by(Campaign.name)).all()
    money = roi_report(db, actor, f.start, f.end) if may_read_roi(actor) else None
    by_id = {c.campaign_id: c for c in money.campaigns} if money else {}
    headers = ["Campaign", "Posts", "Reach", "Engagements", "Engagement rate (%)"]
    if money:
        headers += ["Link clicks", "Conversions", f"Revenue ({money.currency})", f"Cost ({money.currency})",
                    f"Cost per click ({money.currency})", "ROI (%)"]
    rows = []
    for campaign in found:
        o = queries.overview(db, actor, replace(f, campaign_ids=(campaign.id,), compare=False))
        row = [campaign.name, o.total_posts, o.total_reach, o.total_engagements, o.engagement_rate]
        if money:
            c = by_id.get(campaign.id) or CampaignRoi(campaign_id=campaign.id)
            row += [c.clicks, c.conversions, c.revenue_cents / 100, c.cost_cents / 100,
                    None if c.cost_per_click_cents is None else c.cost_per_click_cents / 100, c.roi]
        rows.append(row)
    figures = [("Campaigns", str(len(rows)))]
    if money and rows:
        revenue, cost = sum(r[7] for r in rows), sum(r[8] for r in rows)
        figures += [("Revenue", f"{revenue:,.2f} {money.currency}"), ("Cost", f"{cost:,.2f} {money.currency}")]
    chart = None
    if rows:
        chart = campaign_chart(money) if money else campaigns_chart([r[0] for r in rows], [r[2] for r in rows],
                                                                    [r[3] for r in rows])
    return Section("campaigns", spec.SECTIONS["campaigns"], figures, Table(headers, rows), chart,
                   "" if rows else "No campaign ran during this period.")


BUILDERS: dict[str, Callable[[Session, Actor, Filters, list[str]], Section]] = {
    "overview": overview_section, "engagement": engagement_section, "reach": reach_section,
    "followers": followers_section, "networks": networks_section, "top_posts": top_posts_section,
    "heatmap": heatmap_section, "campaigns": campaigns_section,
}


def cell_text(value) -> str:
    """A table cell as the PDF, slides and CSV show it."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return f"{value:%d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)

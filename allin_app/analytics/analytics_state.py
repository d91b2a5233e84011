"""Reflex state of the analytics page (/analytics): the filters as the page holds them, and what
insights.py answers for them, turned into plotly figures (analytics/charts.py) and table rows."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import reflex as rx

from allin_app.analytics import charts, display, insights
from allin_app.analytics.dashboard import today_of
from allin_app.analytics.display import KpiCard
from allin_app.analytics.filters import Filters
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import CUSTOM, PRESETS, describe, parse_day, preset_range
from allin_app.analytics.queries import ClientRow, PostRow
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.orgs.models import Organization

ALL = "all"  # a select's "any" (a select item cannot have an empty value)
PAGE_KPIS = ("total_posts", "total_reach", "total_impressions", "total_engagements", "engagement_rate", "clicks",
             "click_through", "followers", "followers_delta")


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class PostLine:
    id: str
    text: str
    network: str
    account: str
    published: str
    reach: str
    engagements: str
    rate: str
    clicks: str


@dataclass
class ClientLine:
    org_id: str
    name: str
    posts: str
    reach: str
    engagements: str
    rate: str
    change: str
    direction: str


def post_line(row: PostRow, zone) -> PostLine:
    words = " ".join(row.text.split())
    local = row.published_at.astimezone(zone)
    return PostLine(str(row.post_id), words if len(words) <= 80 else words[:79] + "…", charts.network_label(row.network),
                    row.account, f"{local.day} {local:%b %Y %H:%M}", display.reach_of(row.reach, row.impressions),
                    display.count(row.engagements), display.rate_of(row.engagement_rate, row.reach, row.impressions),
                    display.count(row.clicks))


def client_line(row: ClientRow) -> ClientLine:
    o, pct = row.overview, row.overview.change_pct.get("total_reach") if row.overview.change_pct else None
    return ClientLine(str(row.org_id), row.name, display.count(o.total_posts), display.count(o.total_reach),
                      display.count(o.total_engagements), display.rate(o.engagement_rate),
                      display.change(pct) if o.previous_start else "", display.direction(pct))


def _ids(value: str) -> tuple[int, ...]:
    return (int(value),) if value.isdigit() else ()


def _names(value: str) -> tuple[str, ...]:
    return () if value in ("", ALL) else (value,)


class AnalyticsState(rx.State):
    loaded: bool = False
    preset: str = "30d"
    start: str = ""
    end: str = ""
    network: str = ALL
    account: str = ALL
    campaign: str = ALL
    content_type: str = ALL
    author: str = ALL
    compare: bool = True
    view: str = "organization"  # or "agency": the agency's clients side by side

    networks: list[Choice] = []
    accounts: list[Choice] = []
    campaigns: list[Choice] = []
    content_types: list[Choice] = []
    authors: list[Choice] = []
    can_advanced: bool = False
    can_cross: bool = False
    can_agency: bool = False
    can_author: bool = False

    scope: str = ""
    period_text: str = ""
    compared_text: str = ""
    kpis: list[KpiCard] = []
    top: list[PostLine] = []
    bottom: list[PostLine] = []
    clients: list[ClientLine] = []
    empty: bool = False  # nothing was published or reached in the period
    error: str = ""
    _org_id: int = 0  # the organization the filters were chosen in

    fig_engagement: go.Figure = go.Figure()
    fig_reach: go.Figure = go.Figure()
    fig_rates: go.Figure = go.Figure()
    fig_followers: go.Figure = go.Figure()
    fig_networks: go.Figure = go.Figure()
    fig_network_own: go.Figure = go.Figure()
    fig_heatmap: go.Figure = go.Figure()
    fig_weekdays: go.Figure = go.Figure()
    fig_months: go.Figure = go.Figure()
    fig_clients: go.Figure = go.Figure()

    @rx.var
    def presets(self) -> list[list[str]]:
        return [[key, label] for key, label in {**PRESETS, CUSTOM: "Custom dates"}.items()]

    @rx.var
    def some_unreached(self) -> bool:
        return any(p.reach == "—" for p in self.top + self.bottom)

    def _filters(self) -> Filters:
        return Filters(parse_day(self.start, "start_date"), parse_day(self.end, "end_date"),
                       networks=_names(self.network), account_ids=_ids(self.account), campaign_ids=_ids(self.campaign),
                       content_types=_names(self.content_type), author_ids=_ids(self.author), compare=self.compare)

    def _read(self, db, actor):
        if self.preset != CUSTOM or not self.start or not self.end:
            start, end = preset_range(self.preset if self.preset in PRESETS else "30d", today_of(db, actor))
            self.start, self.end = start.isoformat(), end.isoformat()
        if actor.org_id != self._org_id:  # another organization: its own accounts, campaigns and people
            self.account = self.campaign = self.author = ALL
            self.loaded, self._org_id = False, actor.org_id
        can = insights.abilities(db, actor)
        if not can.agency:
            self.view = "organization"
        elif not self.loaded:  # an agency's own organization has no accounts: its clients come first
            self.view = "agency"
        f = self._filters()
        org = db.get(Organization, actor.org_id)
        found = insights.insights(db, actor, f, can)
        clients = insights.clients(db, actor, f) if can.agency and self.view == "agency" else []
        return can, insights.filter_options(db, actor), found, clients, org

    def _show(self, can, options, found: insights.Insights, clients: list[ClientRow], org, scope: str) -> None:
        self.can_advanced, self.can_cross, self.can_agency, self.can_author = (
            can.advanced, can.cross_network, can.agency, can.author_filter)
        self.networks = [Choice(v, label) for v, label in options.networks]
        self.accounts = [Choice(str(v), label) for v, label in options.accounts]
        self.campaigns = [Choice(str(v), label) for v, label in options.campaigns]
        self.content_types = [Choice(v, label) for v, label in options.content_types]
        self.authors = [Choice(str(v), label) for v, label in options.authors]
        self.scope = scope
        o = found.overview
        self.kpis = display.kpi_cards(o, PAGE_KPIS)
        self.empty = not (o.total_posts or o.total_impressions or o.total_reach or o.total_engagements)
        self.period_text = describe(o.start, o.end)
        self.compared_text = describe(o.previous_start, o.previous_end) if o.previous_start else ""
        zone = zone_of(org.timezone if org else None)
        self.top = [post_line(r, zone) for r in found.top]
        self.bottom = [post_line(r, zone) for r in found.bottom]
        self.clients = [client_line(c) for c in clients]
        self._draw(found, clients)

    def _draw(self, found: insights.Insights, clients: list[ClientRow]) -> None:
        series, previous = found.series, found.previous
        self.fig_engagement = charts.engagement_chart(series, previous)
        self.fig_reach = charts.reach_chart(series, previous)
        self.fig_rates = charts.rates_chart(series, previous)
        self.fig_followers = charts.follower_chart(found.followers or [])
        self.fig_networks = charts.network_comparison_chart(found.networks or [])
        self.fig_network_own = (charts.network_metrics_chart(series, self.network, previous)
                                if self.network != ALL else go.Figure())
        heat = found.heatmap
        self.fig_heatmap = (charts.heatmap_chart(heat.rates, heat.posts) if heat
                            else charts.heatmap_chart([[0.0] * 24] * 7, [[0] * 24] * 7))
        self.fig_weekdays = charts.weekday_chart(found.daily)
        self.fig_months = charts.month_chart(found.months)
        self.fig_clients = charts.agency_chart(clients)

    async def _reload(self):
        def run(db, actor):
            can, options, found, clients, org = self._read(db, actor)
            return can, options, found, clients, org, display.scope_note(actor, org.name if org else "")

        shown, error = await act_as_signed_in(self, run)
        if error:
            self.error = error.message
            return rx.toast.error(error.message)
        self.error, self.loaded = "", True
        self._show(*shown)
        return None

    @rx.event
    @requires_sign_in
    async def load(self):
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def choose_preset(self, preset: str):
        self.preset = preset if preset in PRESETS or preset == CUSTOM else "30d"
        if self.preset == CUSTOM:
            return None  # the two date inputs take over, starting from the period shown
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def set_start(self, value: str):
        self.preset, self.start = CUSTOM, value
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def set_end(self, value: str):
        self.preset, self.end = CUSTOM, value
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def pick(self, name: str, value: str):
        """One of the select filters changed: network, account, campaign, content_type or author."""
        if name not in ("network", "account", "campaign", "content_type", "author"):
            return None
        before = getattr(self, name)
        setattr(self, name, value or ALL)
        result = await self._reload()
        if self.error:  # a choice the service refused (not found, say) is not kept
            setattr(self, name, before)
        return result

    @rx.event
    @requires_sign_in
    async def set_compare(self, on: bool):
        self.compare = bool(on)
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def show_view(self, view: str | list[str]):
        self.view = "agency" if view == "agency" else "organization"
        return await self._reload()

    @rx.event
    @requires_sign_in
    async def clear_filters(self):
        self.network = self.account = self.campaign = self.content_type = self.author = ALL
        return await self._reload()

"""Reflex state of the competitors page (/analytics/competitors): the tracked accounts, the add form, and
one network's report over a period (competitor_figures.py) as table rows and plotly figures."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import reflex as rx

from allin_app.analytics import charts, competitor_charts, competitor_figures, competitors, display
from allin_app.analytics.competitor_figures import CompetitorReport, Contender
from allin_app.analytics.competitor_models import Competitor
from allin_app.analytics.dashboard import today_of
from allin_app.analytics.metrics_math import zone_of
from allin_app.analytics.periods import PRESETS, describe, preset_range
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.core.clock import as_utc
from allin_app.orgs.models import Organization


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class TrackedLine:
    id: str
    name: str
    handle: str
    network: str
    avatar: str
    read: str  # when it was last read, in the organization's zone
    error: str


@dataclass
class ContenderLine:
    key: str
    name: str
    handle: str
    is_org: bool
    followers: str
    growth: str
    posts: str
    per_week: str
    avg_engagements: str
    rate: str
    share_of_voice: str
    share_of_posts: str
    hashtags: str
    error: str


def _maybe(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:,.2f}{suffix}" if isinstance(value, float) else f"{value:,}{suffix}"


def contender_line(row: Contender) -> ContenderLine:
    growth = "—" if row.followers_delta is None else f"{row.followers_delta:+,}".replace("-", "−")
    tags = ", ".join(f"{t['tag']} ({t['posts']})" for t in row.top_hashtags[:5])
    return ContenderLine(row.key, row.name, row.handle, row.is_org, display.count(row.followers), growth,
                         f"{row.posts:,}", f"{row.posts_per_week:.1f}", _maybe(row.avg_engagements),
                         _maybe(row.engagement_rate, " %"), _maybe(row.share_of_voice, " %"),
                         f"{row.share_of_posts:.2f} %", tags or "—", row.last_error)


def tracked_line(competitor: Competitor, zone) -> TrackedLine:
    read = as_utc(competitor.last_collected_at).astimezone(zone) if competitor.last_collected_at else None
    return TrackedLine(str(competitor.id), competitor.display_name or competitor.handle, competitor.handle,
                       charts.network_label(competitor.network), competitor.avatar_url,
                       f"{read.day} {read:%b %Y %H:%M}" if read else "not read yet", competitor.last_error)


class CompetitorsState(rx.State):
    loaded: bool = False
    can_edit: bool = False
    preset: str = "30d"
    network: str = ""
    networks: list[Choice] = []  # the networks with tracked competitors
    trackable: list[Choice] = []  # where competitors can be added
    tracked: list[TrackedLine] = []
    rows: list[ContenderLine] = []
    period_text: str = ""
    error: str = ""

    add_network: str = ""
    add_handle: str = ""
    add_error: str = ""
    adding: bool = False

    fig_followers: go.Figure = go.Figure()
    fig_frequency: go.Figure = go.Figure()
    fig_rate: go.Figure = go.Figure()
    fig_voice: go.Figure = go.Figure()

    @rx.var
    def presets(self) -> list[list[str]]:
        return [[key, label] for key, label in PRESETS.items()]

    def _read(self, db, actor):
        found = competitors.list_competitors(db, actor)
        networks = sorted({c.network for c in found})
        network = self.network if self.network in networks else (networks[0] if networks else "")
        report = None
        if network:
            start, end = preset_range(self.preset if self.preset in PRESETS else "30d", today_of(db, actor))
            report = competitor_figures.competitor_report(db, actor, network, start, end)
        zone = zone_of(db.get(Organization, actor.org_id).timezone)
        return found, networks, network, report, competitors.may_edit(actor), zone

    def _show(self, found: list[Competitor], networks: list[str], network: str, report: CompetitorReport | None,
              can_edit: bool, zone) -> None:
        self.can_edit, self.network, self.loaded = can_edit, network, True
        self.networks = [Choice(n, charts.network_label(n)) for n in networks]
        self.trackable = [Choice(n, charts.network_label(n)) for n in competitors.trackable_networks()]
        self.add_network = self.add_network or network or (self.trackable[0].value if self.trackable else "")
        self.tracked = [tracked_line(c, zone) for c in found if c.network == network]
        self.rows = [contender_line(row) for row in report.contenders] if report else []
        self.period_text = describe(report.start, report.end) if report else ""
        if report:
            self.fig_followers = competitor_charts.followers_chart(report)
            self.fig_frequency = competitor_charts.frequency_chart(report)
            self.fig_rate = competitor_charts.engagement_rate_chart(report)
            self.fig_voice = competitor_charts.share_of_voice_chart(report)

    async def _reload(self) -> None:
        shown, error = await act_as_signed_in(self, self._read)
        self.error = error.message if error else ""
        if not error:
            self._show(*shown)

    @rx.event
    @requires_sign_in
    async def load(self):
        await self._reload()

    @rx.event
    @requires_sign_in
    async def pick_network(self, network: str):
        self.network = network
        await self._reload()

    @rx.event
    @requires_sign_in
    async def choose_preset(self, preset: str):
        self.preset = preset if preset in PRESETS else "30d"
        await self._reload()

    @rx.event
    def set_add_network(self, network: str):
        self.add_network, self.add_error = network, ""

    @rx.event
    def set_add_handle(self, handle: str):
        self.add_handle, self.add_error = handle, ""

    @rx.event
    def start_adding(self):
        self.adding = True

    @rx.event
    @requires_sign_in
    async def add(self):
        network, handle = self.add_network, self.add_handle
        # blocking: the lookup calls the network over HTTP, which may be this very server (the simulator)
        added, error = await act_as_signed_in(
            self, lambda db, actor: competitors.add_competitor(db, actor, network, handle).display_name, blocking=True)
        self.adding = False
        if error:
            self.add_error = error.message
            return None
        self.add_handle, self.add_error, self.network = "", "", network
        await self._reload()
        return rx.toast.success(f"Now tracking {added}.")

    @rx.event
    @requires_sign_in
    async def remove(self, competitor_id: str):
        if not competitor_id.isdigit():
            return None
        _, error = await act_as_signed_in(
            self, lambda db, actor: competitors.remove_competitor(db, actor, int(competitor_id)))
        if error:
            return rx.toast.error(error.message)
        await self._reload()
        return rx.toast.success("No longer tracked.")

"""Reflex state of the dashboard (/dashboard): the figures, lists and arrangement dashboard.py reads, as
the page shows them; arranging widgets and picking the period are saved through analytics/layout.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from allin_app.analytics import display
from allin_app.analytics import layout as layouts
from allin_app.analytics.charts import network_label
from allin_app.analytics.dashboard import Dashboard, dashboard
from allin_app.analytics.display import KpiCard
from allin_app.analytics.periods import describe
from allin_app.analytics.recent import RecentPost
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.models import PostStatus
from allin_app.core.rbac import Permission, may_open

STATUS_COLORS = {"draft": "gray", "in_review": "amber", "approved": "cyan", "scheduled": "blue",
                 "publishing": "blue", "published": "green", "failed": "red", "rejected": "red", "held": "orange"}


@dataclass
class WidgetRow:
    key: str
    label: str
    visible: bool
    first: bool
    last: bool


@dataclass
class RecentRow:
    id: str
    text: str
    status: str
    status_label: str
    when: str
    networks: list[str] = field(default_factory=list)
    link: str = ""
    external: bool = False
    has_figures: bool = False
    reach: str = ""
    engagements: str = ""
    rate: str = ""


@dataclass
class PlatformRow:
    network: str
    label: str
    accounts: str
    posts: str
    reach: str
    engagements: str
    rate: str


def _when(moment: datetime | None, zone: ZoneInfo, prefix: str) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{prefix} {local.day} {local:%b %Y, %H:%M}"


def recent_row(post: RecentPost, zone: ZoneInfo) -> RecentRow:
    status = PostStatus(post.status)
    prefix = {"published": "Published", "scheduled": "Goes out"}.get(post.status, "Edited")
    row = RecentRow(str(post.post_id), post.text, post.status, status.label, _when(post.when, zone, prefix),
                    [network_label(n) for n in post.networks], post.link, post.link.startswith("http"))
    if post.figures is not None:
        f = post.figures
        row.has_figures, row.reach = True, display.reach_of(f.reach, f.impressions)
        row.engagements, row.rate = display.count(f.engagements), display.rate_of(f.engagement_rate, f.reach,
                                                                                   f.impressions)
    return row


def platform_row(row) -> PlatformRow:
    return PlatformRow(row.network, network_label(row.network), display.count(row.accounts), display.count(row.posts),
                       display.reach_of(row.reach, row.impressions), display.count(row.engagements),
                       display.rate_of(row.engagement_rate, row.reach, row.impressions))


class DashboardState(rx.State):
    loaded: bool = False
    period: str = layouts.DEFAULT_PERIOD
    widgets: list[WidgetRow] = []
    customizing: bool = False
    kpis: list[KpiCard] = []
    period_text: str = ""
    compared_text: str = ""
    scope: str = ""
    published: list[RecentRow] = []
    scheduled: list[RecentRow] = []
    drafts: list[RecentRow] = []
    platforms: list[PlatformRow] = []
    accounts_connected: int = 0
    posts_published: int = 0
    can_connect: bool = False
    error: str = ""

    @rx.var
    def shown(self) -> list[str]:
        return [w.key for w in self.widgets if w.visible]

    @rx.var
    def some_unreached(self) -> bool:
        return any(p.reach == "—" for p in self.platforms)

    @rx.var
    def periods(self) -> list[list[str]]:
        return [[key, label] for key, label in layouts.PERIODS.items()]

    def _show(self, found: Dashboard, can_connect: bool, scope: str) -> None:
        slots = found.layout.slots
        self.widgets = [WidgetRow(s.key, s.label, s.visible, i == 0, i == len(slots) - 1) for i, s in enumerate(slots)]
        self.period, self.can_connect = found.layout.period, can_connect
        self.accounts_connected, self.posts_published = found.readiness.accounts, found.readiness.published
        self.scope = scope
        overview = found.overview
        self.kpis = display.kpi_cards(overview) if overview else []
        self.period_text = describe(overview.start, overview.end) if overview else ""
        self.compared_text = (describe(overview.previous_start, overview.previous_end)
                              if overview and overview.previous_start else "")
        recent = found.recent
        self.published = [recent_row(p, found.zone) for p in recent.published] if recent else []
        self.scheduled = [recent_row(p, found.zone) for p in recent.scheduled] if recent else []
        self.drafts = [recent_row(p, found.zone) for p in recent.drafts] if recent else []
        self.platforms = [platform_row(r) for r in found.platforms or []]

    async def _run(self, change=None):
        """Apply `change` (a layout service call) if any, then read the dashboard again, in one transaction."""

        def run(db, actor):
            if change is not None:
                change(db, actor)
            found = dashboard(db, actor)
            return found, may_open(actor.role, Permission.connect_accounts), display.scope_note(actor, found.org_name)

        found, error = await act_as_signed_in(self, run)
        if error:
            self.error = error.message
            return rx.toast.error(error.message)
        self.error, self.loaded = "", True
        self._show(*found)
        return None

    @rx.event
    @requires_sign_in
    async def load(self):
        self.customizing = False
        return await self._run()

    @rx.event
    @requires_sign_in
    async def choose_period(self, period: str):
        return await self._run(lambda db, actor: layouts.set_period(db, actor, period))

    @rx.event
    def toggle_customizing(self):
        self.customizing = not self.customizing

    @rx.event
    @requires_sign_in
    async def move(self, key: str, step: int):
        return await self._run(lambda db, actor: layouts.move_widget(db, actor, key, step))

    @rx.event
    @requires_sign_in
    async def show_widget(self, key: str, visible: bool):
        return await self._run(lambda db, actor: layouts.show_widget(db, actor, key, visible))

    @rx.event
    @requires_sign_in
    async def reset_layout(self):
        result = await self._run(layouts.reset_layout)
        return result or rx.toast.success("Dashboard back to its default layout.")

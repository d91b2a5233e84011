"""The tab bar above every analytics page (overview, competitors, ROI, reports): each tab shows only to the
roles that may open it (core.rbac.may_open), so nobody is offered a page that answers "Not allowed"."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.core.rbac import Permission, Role, may_open


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    route: str
    opened_by: tuple[Permission, ...]  # any one of these


ANALYTICS_TABS: tuple[Tab, ...] = (
    Tab("overview", "Overview", "/analytics", (Permission.view_basic_analytics,)),
    Tab("competitors", "Competitors", "/analytics/competitors", (Permission.competitive_analysis,)),
    Tab("roi", "ROI", "/analytics/roi", (Permission.roi_attribution,)),
    Tab("reports", "Reports", "/analytics/reports", (Permission.generate_reports, Permission.advanced_reporting)),
    Tab("ab_tests", "A/B tests", "/analytics/ab-tests", (Permission.ab_testing_recommendations,)),
)


def may_open_tab(role: Role, tab: Tab) -> bool:
    return any(may_open(role, p) for p in tab.opened_by)


def tabs_for(role: Role) -> list[Tab]:
    """The analytics tabs a role sees, in order."""
    return [t for t in ANALYTICS_TABS if may_open_tab(role, t)]


def roles_for(tab: Tab) -> list[str]:
    return [role.value for role in Role if may_open_tab(role, tab)]


def _tab(tab: Tab, current: str) -> rx.Component:
    link = rx.link(rx.button(tab.label, variant="solid" if tab.key == current else "soft", id=f"analytics-tab-{tab.key}"),
                   href=tab.route, underline="none")
    roles = roles_for(tab)
    if len(roles) == len(Role):
        return link
    return rx.cond(rx.Var.create(roles).contains(SessionState.role), link)


def analytics_tabs(current: str) -> rx.Component:
    """The tabs, `current` (overview, competitors, roi or reports) highlighted."""
    return rx.hstack(*[_tab(t, current) for t in ANALYTICS_TABS], spacing="2", margin_bottom="1rem",
                     id="analytics-tabs")

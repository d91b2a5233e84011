"""A client viewer opens the dashboard (its key figures are the query service's for their organization,
the layout they choose is remembered) and the analytics page (interactive plotly charts with data)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from allin_app.analytics import dashboard, display, queries
from allin_app.auth import service as auth
from allin_app.orgs import service as orgs

pytestmark = pytest.mark.browser

CLIENT = ("client@allin.demo", "Client123!@#")


def _overview(live_app, period: str) -> queries.Overview:
    with live_app.db() as db:
        actor = orgs.actor_for(db, auth.find_user_by_email(db, CLIENT[0]))
        start, end = dashboard.period_of(db, actor, period)
        return queries.overview(db, actor, queries.Filters(start, end))


def _expect_kpis(page, overview: queries.Overview) -> None:
    for card in display.kpi_cards(overview):
        value = page.locator(f"#kpi-{card.key} .kpi-value")
        expect(value).to_have_attribute("data-value", card.raw)
        expect(value).to_have_text(card.value)
        expect(page.locator(f"#kpi-{card.key} .kpi-change")).to_have_attribute("data-direction", card.direction)


def test_the_client_dashboard_shows_the_organizations_figures_and_keeps_its_layout(sign_in, live_app):
    page = sign_in(*CLIENT)
    expect(page.locator("#widget-kpis")).to_be_visible(timeout=30_000)
    _expect_kpis(page, _overview(live_app, "30d"))
    expect(page.locator("#dashboard-scope")).to_contain_text("All of Bloom Coffee")
    expect(page.locator("#action-analytics")).to_be_visible()
    expect(page.locator("#action-create")).to_have_count(0)  # a client viewer writes no posts
    expect(page.locator("#action-connect")).to_have_count(0)
    expect(page.locator("#widget-notifications")).to_be_visible()

    page.click("#dashboard-period")
    page.get_by_role("option", name="Last 7 days").click()
    _expect_kpis(page, _overview(live_app, "7d"))
    page.click("#arrange-dashboard")
    page.locator(".widget-visible[data-widget='platforms']").click()
    expect(page.locator("#widget-platforms")).to_have_count(0)
    page.locator(".arrange-row[data-widget='notifications'] .widget-up").click()

    page.reload()
    expect(page.locator("#widget-kpis")).to_be_visible(timeout=30_000)
    expect(page.locator("#dashboard-period")).to_contain_text("Last 7 days")
    _expect_kpis(page, _overview(live_app, "7d"))
    expect(page.locator("#widget-platforms")).to_have_count(0)
    widgets = page.locator(".dashboard-widget")
    expect(widgets.nth(widgets.count() - 2)).to_have_id("widget-notifications")  # moved above quick actions


def _traces(page, chart_id: str) -> int:
    return page.evaluate(f"() => (document.getElementById('{chart_id}')?.data || []).length")


def test_the_client_opens_analytics_with_interactive_charts(sign_in, live_app):
    page = sign_in(*CLIENT)
    expect(page.locator("#nav-analytics")).to_be_visible(timeout=30_000)
    page.click("#nav-analytics")
    expect(page.locator("#analytics-kpis")).to_be_visible(timeout=30_000)
    expect(page.locator("#analytics-scope")).to_contain_text("All of Bloom Coffee")
    for tab in ("overview", "competitors", "roi", "reports"):  # a client viewer may read each of them
        expect(page.locator(f"#analytics-tab-{tab}")).to_be_visible()
    for chart in ("chart-engagement", "chart-reach", "chart-rates", "chart-months", "chart-weekdays"):
        expect(page.locator(f"#{chart}.js-plotly-plot")).to_be_visible(timeout=30_000)
        page.wait_for_function(f"() => (document.getElementById('{chart}')?.data || []).length > 0", timeout=30_000)
    # best hours: a 7 x 24 grid once posts went out, else a note saying there are none yet
    expect(page.locator("#chart-heatmap.js-plotly-plot")).to_be_visible()
    assert _traces(page, "chart-engagement") >= 4  # likes, comments, shares, saves (+ the previous period)
    dashed = page.evaluate("() => document.getElementById('chart-engagement').data"
                           ".some(t => t.line && t.line.dash === 'dash')")
    assert dashed  # compared with the previous period by default

    page.click("#filter-compare")
    page.wait_for_function("() => !document.getElementById('chart-engagement').data"
                           ".some(t => t.line && t.line.dash === 'dash')", timeout=30_000)
    networks = page.locator("#network-tabs .network-tab")
    if networks.count() > 1:  # a network of the organization: its own figures
        networks.nth(1).click()
        expect(page.locator("#chart-network-own.js-plotly-plot")).to_be_visible(timeout=30_000)
        page.wait_for_function("() => (document.getElementById('chart-network-own')?.data || []).length > 0",
                               timeout=30_000)

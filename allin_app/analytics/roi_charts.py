"""The ROI page's charts as pure functions: an RoiReport in, plotly figures out (cartesian traces only)."""

from __future__ import annotations

import plotly.graph_objects as go

from allin_app.analytics.charts import NETWORK_COLORS, PALETTE, _empty, network_label
from allin_app.analytics.charts import _figure as _chart_figure
from allin_app.analytics.roi_figures import RoiReport


def _figure(title: str) -> go.Figure:
    fig = _chart_figure(title)
    fig.update_layout(margin={"l": 56, "r": 56, "b": 40}, legend={"yanchor": "bottom", "y": -0.3})
    return fig


def daily_chart(report: RoiReport) -> go.Figure:
    """Clicks and conversions a day (bars), revenue a day (line, its own axis)."""
    fig = _figure("Clicks, conversions and revenue")
    if not any(d["clicks"] or d["conversions"] for d in report.daily):
        return _empty(fig, "No clicks or conversions in this period yet")
    days = [d["day"] for d in report.daily]
    fig.add_trace(go.Bar(x=days, y=[d["clicks"] for d in report.daily], name="Clicks", marker_color=PALETTE[1]))
    fig.add_trace(go.Bar(x=days, y=[d["conversions"] for d in report.daily], name="Conversions",
                         marker_color=PALETTE[3]))
    fig.add_trace(go.Scatter(x=days, y=[d["revenue_cents"] / 100 for d in report.daily], name=f"Revenue ({report.currency})",
                             mode="lines+markers" if len(days) <= 31 else "lines", yaxis="y2",
                             line={"color": PALETTE[0], "width": 2}))
    fig.update_layout(barmode="group", yaxis={"rangemode": "tozero"},
                      yaxis2={"overlaying": "y", "side": "right", "rangemode": "tozero", "showgrid": False,
                              "title": {"text": report.currency}})
    return fig


def campaign_chart(report: RoiReport) -> go.Figure:
    """Revenue against cost, per campaign."""
    fig = _figure(f"Revenue and cost per campaign ({report.currency})")
    rows = [c for c in report.campaigns if c.revenue_cents or c.cost_cents]
    if not rows:
        return _empty(fig, "No campaign earned or spent in this period")
    names = [c.name for c in rows]
    fig.add_trace(go.Bar(x=names, y=[c.revenue_cents / 100 for c in rows], name="Revenue", marker_color=PALETTE[3]))
    fig.add_trace(go.Bar(x=names, y=[c.cost_cents / 100 for c in rows], name="Cost", marker_color=PALETTE[4]))
    fig.update_layout(barmode="group", hovermode="closest")
    return fig


def network_chart(report: RoiReport) -> go.Figure:
    fig = _figure("Clicks and conversions per network")
    if not report.networks:
        return _empty(fig, "No clicks or conversions in this period yet")
    labels = [network_label(n.network) for n in report.networks]
    colors = [NETWORK_COLORS.get(n.network, PALETTE[0]) for n in report.networks]
    fig.add_trace(go.Bar(x=labels, y=[n.clicks for n in report.networks], name="Clicks", marker_color=colors))
    fig.add_trace(go.Bar(x=labels, y=[n.conversions for n in report.networks], name="Conversions",
                         marker_color=colors, opacity=0.55))
    fig.update_layout(barmode="group", hovermode="closest")
    return fig

"""The competitors page's charts as pure functions: a CompetitorReport in, plotly figures out (cartesian
traces only, which is what the page's plotly bundle draws). The organization is always the first colour."""

from __future__ import annotations

import plotly.graph_objects as go

from allin_app.analytics.charts import PALETTE, _empty
from allin_app.analytics.charts import _figure as _chart_figure
from allin_app.analytics.competitor_figures import CompetitorReport, Contender


def _figure(title: str) -> go.Figure:
    fig = _chart_figure(title)
    fig.update_layout(margin={"b": 40}, hovermode="closest", legend={"yanchor": "bottom", "y": -0.35})
    return fig


def _colors(report: CompetitorReport) -> dict[str, str]:
    return {row.key: PALETTE[n % len(PALETTE)] for n, row in enumerate(report.contenders)}


def _label(row: Contender) -> str:
    return f"{row.name} (you)" if row.is_org else row.name


def followers_chart(report: CompetitorReport) -> go.Figure:
    fig, colors = _figure("Followers"), _colors(report)
    drawn = False
    for row in report.contenders:
        points = report.followers.get(row.key, [])
        if points:
            drawn = True
            fig.add_trace(go.Scatter(x=[p["day"] for p in points], y=[p["followers"] for p in points],
                                     name=_label(row), mode="lines+markers" if len(points) <= 31 else "lines",
                                     line={"color": colors[row.key], "width": 2}))
    return fig if drawn else _empty(fig, "No follower readings in this period yet")


def frequency_chart(report: CompetitorReport) -> go.Figure:
    fig, colors = _figure("Posts per week"), _colors(report)
    weeks = [w["week"] for w in report.weekly_posts]
    for row in report.contenders:
        fig.add_trace(go.Bar(x=weeks, y=[w.get(row.key, 0) for w in report.weekly_posts], name=_label(row),
                             marker_color=colors[row.key]))
    fig.update_layout(barmode="group", bargap=0.2)
    fig.update_xaxes(title_text="Week starting")
    return fig if any(row.posts for row in report.contenders) else _empty(fig, "Nobody posted in this period")


def _bars(report: CompetitorReport, title: str, values: dict[str, float | None], suffix: str) -> go.Figure:
    fig, colors = _figure(title), _colors(report)
    shown = [row for row in report.contenders if values.get(row.key) is not None]
    if not shown:
        return _empty(fig, "This network does not show these figures for other accounts")
    fig.add_trace(go.Bar(x=[values[row.key] for row in shown], y=[_label(row) for row in shown], orientation="h",
                         marker_color=[colors[row.key] for row in shown], showlegend=False,
                         text=[f"{values[row.key]:.2f}{suffix}" for row in shown], textposition="auto"))
    fig.update_xaxes(ticksuffix=suffix, rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig


def engagement_rate_chart(report: CompetitorReport) -> go.Figure:
    return _bars(report, "Engagement rate (engagements per post ÷ followers)",
                 {row.key: row.engagement_rate for row in report.contenders}, " %")


def share_of_voice_chart(report: CompetitorReport) -> go.Figure:
    return _bars(report, "Share of voice (share of all engagements)",
                 {row.key: row.share_of_voice for row in report.contenders}, " %")

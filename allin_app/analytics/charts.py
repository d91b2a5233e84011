"""Every analytics chart as a pure function: query rows in, a plotly Figure out. The analytics page shows
them with rx.plotly and the reports export the same figures to PDF and PPTX, so a chart looks the same
everywhere. No database and no Reflex here.

Rows are what analytics/queries.py answers: timeseries dicts ({"day": date, metric: value, ...}),
NetworkRow, FollowerSeries, Heatmap and ClientRow (or anything with the same attributes). A previous
period's series, when given, is drawn dashed on the current period's dates, point for point.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from allin_app.analytics import metrics_math as mm
from allin_app.platforms.limits import LABELS as NETWORK_LABELS

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
METRIC_LABELS = {"posts": "Posts", "impressions": "Impressions", "reach": "Reach", "likes": "Likes",
                 "comments": "Comments", "shares": "Shares", "saves": "Saves", "clicks": "Clicks",
                 "video_views": "Video views", "engagements": "Engagements", "followers": "Followers",
                 "followers_delta": "New followers", "engagement_rate": "Engagement rate",
                 "click_through": "Click-through rate", "frequency": "Frequency"}
PERCENT_METRICS = ("engagement_rate", "click_through")
PALETTE = ("#4f46e5", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#14b8a6", "#64748b",
           "#a3a3a3")
NETWORK_COLORS = {"facebook": "#1877f2", "instagram": "#e1306c", "twitter": "#1f2937", "linkedin": "#0a66c2",
                  "tiktok": "#00b2b2", "youtube": "#ff0000", "pinterest": "#bd081c", "snapchat": "#e6c300",
                  "reddit": "#ff4500", "threads": "#6b7280"}
# What each network itself puts first, and what it calls a counter when its word differs from ours.
NETWORK_METRICS = {
    "facebook": ("reach", "engagements", "shares", "clicks"),
    "instagram": ("reach", "likes", "saves", "comments"),
    "twitter": ("impressions", "likes", "shares", "comments"),
    "linkedin": ("impressions", "clicks", "likes", "shares"),
    "tiktok": ("video_views", "likes", "shares", "comments"),
    "youtube": ("video_views", "likes", "comments", "shares"),
    "pinterest": ("impressions", "saves", "clicks"),
    "snapchat": ("video_views", "reach", "shares"),
    "reddit": ("impressions", "likes", "comments"),
    "threads": ("reach", "likes", "shares", "comments"),
}
NETWORK_WORDS = {("twitter", "shares"): "Reposts", ("threads", "shares"): "Reposts", ("reddit", "likes"): "Upvotes",
                 ("linkedin", "shares"): "Reposts", ("tiktok", "video_views"): "Views",
                 ("youtube", "video_views"): "Views", ("snapchat", "video_views"): "Story views",
                 ("pinterest", "saves"): "Saves (pins)", ("linkedin", "likes"): "Reactions",
                 ("facebook", "engagements"): "Engagements"}
HEIGHT = 360


def metric_label(metric: str, network: str = "") -> str:
    return NETWORK_WORDS.get((network, metric)) or METRIC_LABELS.get(metric, metric.replace("_", " ").capitalize())


def network_label(network: str) -> str:
    return NETWORK_LABELS.get(network, network.capitalize())


def _figure(title: str, height: int = HEIGHT) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 15}}, height=height, template="plotly_white",
                      margin={"l": 48, "r": 24, "t": 48, "b": 96}, hovermode="x unified",
                      legend={"orientation": "h", "yanchor": "top", "y": -0.16, "x": 0},
                      font={"family": "Inter, system-ui, sans-serif", "size": 12})
    return fig


def _empty(fig: go.Figure, message: str = "No figures in this period yet") -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                       font={"size": 13, "color": "#6b7280"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _days(rows: Sequence[dict]) -> list[date]:
    return [row["day"] for row in rows]


def _values(rows: Sequence[dict], metric: str) -> list:
    return [row.get(metric, 0) for row in rows]


def _previous_on(rows: Sequence[dict], previous: Sequence[dict], metric: str) -> tuple[list, list, list]:
    """The previous period's points drawn on the current period's dates (the i-th bucket under the i-th),
    with their own dates kept for the hover."""
    count = min(len(rows), len(previous))
    return (_days(rows)[:count], _values(previous, metric)[:count],
            [f"{row['day']:%d %b %Y}" for row in previous[:count]])


def _lines(fig: go.Figure, rows: Sequence[dict], metrics: Sequence[str], previous: Sequence[dict] | None,
           network: str = "", axis: str = "y", colors: Sequence[str] = PALETTE) -> None:
    markers = "lines+markers" if len(rows) <= 31 else "lines"
    for index, metric in enumerate(metrics):
        color, label = colors[index % len(colors)], metric_label(metric, network)
        fig.add_trace(go.Scatter(x=_days(rows), y=_values(rows, metric), name=label, mode=markers, yaxis=axis,
                                 line={"color": color, "width": 2}))
        if previous:
            days, values, when = _previous_on(rows, previous, metric)
            fig.add_trace(go.Scatter(x=days, y=values, name=f"{label} (previous)", mode="lines", yaxis=axis,
                                     customdata=when, line={"color": color, "width": 1.5, "dash": "dash"},
                                     opacity=0.65, hovertemplate=f"{label} on %{{customdata}}: %{{y}}<extra></extra>"))


def line_chart(rows: Sequence[dict], metrics: Sequence[str], title: str, previous: Sequence[dict] | None = None,
               network: str = "") -> go.Figure:
    """One line per metric over time (percentages for rates), the previous period dashed."""
    fig = _figure(title)
    if not rows:
        return _empty(fig)
    _lines(fig, rows, metrics, previous, network)
    if all(m in PERCENT_METRICS for m in metrics):
        fig.update_yaxes(ticksuffix=" %", rangemode="tozero")
    else:
        fig.update_yaxes(rangemode="tozero")
    return fig


def engagement_chart(rows: Sequence[dict], previous: Sequence[dict] | None = None) -> go.Figure:
    """What people did each day (likes, comments, shares, saves stacked), and the total of the previous period."""
    fig = _figure("Engagement over time")
    if not rows:
        return _empty(fig)
    for index, metric in enumerate(("likes", "comments", "shares", "saves")):
        fig.add_trace(go.Bar(x=_days(rows), y=_values(rows, metric), name=metric_label(metric),
                             marker_color=PALETTE[index]))
    fig.update_layout(barmode="stack")
    if previous:
        days, values, when = _previous_on(rows, previous, "engagements")
        fig.add_trace(go.Scatter(x=days, y=values, name="Engagements (previous)", mode="lines",
                                 customdata=when, line={"color": "#111827", "width": 1.5, "dash": "dash"},
                                 hovertemplate="Engagements on %{customdata}: %{y}<extra></extra>"))
    return fig


def reach_chart(rows: Sequence[dict], previous: Sequence[dict] | None = None) -> go.Figure:
    """Reach and impressions, and frequency (impressions per person reached) on its own axis."""
    fig = _figure("Reach, impressions and frequency")
    if not rows:
        return _empty(fig)
    _lines(fig, rows, ("reach", "impressions"), previous)
    _lines(fig, rows, ("frequency",), None, axis="y2", colors=("#f59e0b",))
    fig.update_layout(yaxis={"title": "People and views", "rangemode": "tozero"},
                      yaxis2={"title": "Frequency", "overlaying": "y", "side": "right", "rangemode": "tozero",
                              "showgrid": False})
    return fig


def rates_chart(rows: Sequence[dict], previous: Sequence[dict] | None = None) -> go.Figure:
    return line_chart(rows, ("engagement_rate", "click_through"), "Engagement rate and click-through", previous)


def follower_chart(series: Sequence) -> go.Figure:
    """Each account's followers day by day."""
    fig = _figure("Follower growth")
    lines = [s for s in series if s.points]
    if not lines:
        return _empty(fig, "No follower readings in this period yet")
    for index, one in enumerate(lines):
        fig.add_trace(go.Scatter(x=[p["day"] for p in one.points], y=[p["followers"] for p in one.points],
                                 name=f"{one.name} ({network_label(one.network)})", mode="lines",
                                 line={"color": NETWORK_COLORS.get(one.network, PALETTE[index % len(PALETTE)]),
                                       "width": 2}))
    return fig


def network_comparison_chart(rows: Sequence) -> go.Figure:
    """Reach and engagements side by side per network, with each network's engagement rate."""
    fig = _figure("Cross-network comparison")
    if not rows:
        return _empty(fig, "No connected networks yet")
    names = [network_label(r.network) for r in rows]
    fig.add_trace(go.Bar(x=names, y=[r.reach for r in rows], name="Reach", marker_color=PALETTE[0]))
    fig.add_trace(go.Bar(x=names, y=[r.engagements for r in rows], name="Engagements", marker_color=PALETTE[1]))
    rates = [r.engagement_rate if r.reach else None for r in rows]  # no reach reported (X): no rate to show
    fig.add_trace(go.Scatter(x=names, y=rates, name="Engagement rate", yaxis="y2",
                             mode="markers", marker={"size": 11, "color": PALETTE[2]},
                             hovertemplate="%{y:.2f} %<extra>Engagement rate</extra>"))
    fig.update_layout(barmode="group", hovermode="x",
                      yaxis2={"overlaying": "y", "side": "right", "ticksuffix": " %", "rangemode": "tozero",
                              "showgrid": False})
    return fig


def heatmap_chart(rates: Sequence[Sequence[float]], posts: Sequence[Sequence[int]]) -> go.Figure:
    """Average engagement rate by weekday and hour of publishing (7 x 24), with how many posts each cell has."""
    fig = _figure("Best days and hours to post", height=340)
    if not any(any(row) for row in posts):
        return _empty(fig, "No published posts with reach in this period yet")
    hours = [f"{h:02d}:00" for h in range(24)]
    # an hour nothing went out at stays blank rather than reading as a 0 % rate
    z = [[rate if count else None for rate, count in zip(day, counts, strict=True)]
         for day, counts in zip(rates, posts, strict=True)]
    fig.add_trace(go.Heatmap(z=z, x=hours, y=list(WEEKDAYS), customdata=[list(p) for p in posts],
                             colorscale="Blues", colorbar={"title": "%", "ticksuffix": " %"},
                             hovertemplate="%{y} %{x}: %{z:.2f} % over %{customdata} posts<extra></extra>"))
    fig.update_layout(hovermode="closest", yaxis={"autorange": "reversed"})
    return fig


def by_weekday(rows: Sequence[dict]) -> list[dict]:
    """Daily rows folded onto the weekday: the average engagements and reach of a day, and the engagement
    rate of all of that weekday's days together (each day's rate weighted by its reach, which counts only
    the engagements of networks that report reach, as every engagement rate does)."""
    sums = [{"days": 0, "engagements": 0, "reach": 0, "reached": 0.0} for _ in WEEKDAYS]
    for row in rows:
        cell = sums[row["day"].weekday()]
        cell["days"] += 1
        cell["engagements"] += row.get("engagements", 0)
        cell["reach"] += row.get("reach", 0)
        cell["reached"] += row.get("engagement_rate", 0.0) * row.get("reach", 0) / 100
    return [{"weekday": WEEKDAYS[i], "days": c["days"],
             "engagements": round(c["engagements"] / c["days"], 1) if c["days"] else 0.0,
             "reach": round(c["reach"] / c["days"], 1) if c["days"] else 0.0,
             "engagement_rate": mm.engagement_rate(c["reached"], c["reach"])} for i, c in enumerate(sums)]


def weekday_chart(daily_rows: Sequence[dict]) -> go.Figure:
    fig = _figure("Seasonality by weekday")
    folded = by_weekday(daily_rows)
    if not any(row["days"] for row in folded):
        return _empty(fig)
    names = [row["weekday"] for row in folded]
    fig.add_trace(go.Bar(x=names, y=[row["engagements"] for row in folded], name="Engagements per day",
                         marker_color=PALETTE[0]))
    fig.add_trace(go.Scatter(x=names, y=[row["engagement_rate"] for row in folded], name="Engagement rate",
                             yaxis="y2", mode="lines+markers", line={"color": PALETTE[2]}))
    fig.update_layout(hovermode="x", yaxis2={"overlaying": "y", "side": "right", "ticksuffix": " %",
                                             "rangemode": "tozero", "showgrid": False})
    return fig


def month_chart(month_rows: Sequence[dict]) -> go.Figure:
    """Engagements and engagement rate per calendar month (rows grouped by month)."""
    fig = _figure("Seasonality by month")
    if not month_rows:
        return _empty(fig)
    names = [f"{MONTHS[row['day'].month - 1]} {row['day'].year}" for row in month_rows]
    fig.add_trace(go.Bar(x=names, y=_values(month_rows, "engagements"), name="Engagements", marker_color=PALETTE[0]))
    fig.add_trace(go.Scatter(x=names, y=_values(month_rows, "engagement_rate"), name="Engagement rate", yaxis="y2",
                             mode="lines+markers", line={"color": PALETTE[2]}))
    fig.update_layout(hovermode="x", yaxis2={"overlaying": "y", "side": "right", "ticksuffix": " %",
                                             "rangemode": "tozero", "showgrid": False})
    return fig


def network_metrics_chart(rows: Sequence[dict], network: str, previous: Sequence[dict] | None = None) -> go.Figure:
    """One network's own figures over time (views for video networks, saves for Instagram and Pinterest...)."""
    metrics = NETWORK_METRICS.get(network, ("impressions", "reach", "engagements"))
    return line_chart(rows, metrics, f"{network_label(network)}: its own figures", previous, network=network)


def agency_chart(clients: Sequence) -> go.Figure:
    """An agency's clients side by side: reach, engagements and engagement rate over the period."""
    fig = _figure("Clients compared")
    if not clients:
        return _empty(fig, "No client organizations yet")
    names = [c.name for c in clients]
    fig.add_trace(go.Bar(x=names, y=[c.overview.total_reach for c in clients], name="Reach", marker_color=PALETTE[0]))
    fig.add_trace(go.Bar(x=names, y=[c.overview.total_engagements for c in clients], name="Engagements",
                         marker_color=PALETTE[1]))
    fig.add_trace(go.Scatter(x=names, y=[c.overview.engagement_rate for c in clients], name="Engagement rate",
                             yaxis="y2", mode="markers", marker={"size": 11, "color": PALETTE[2]}))
    fig.update_layout(barmode="group", hovermode="x", yaxis2={"overlaying": "y", "side": "right", "ticksuffix": " %",
                                                              "rangemode": "tozero", "showgrid": False})
    return fig


def sentiment_chart(days: Sequence) -> go.Figure:
    """Comment sentiment per day (DaySentiment rows): the average mood, -1 to 1, and how many comments."""
    fig = _figure("Comment sentiment")
    if not days:
        return _empty(fig, "No comments in this period")
    when = [d.day for d in days]
    fig.add_trace(go.Bar(x=when, y=[d.comments for d in days], name="Comments", yaxis="y2", opacity=0.35,
                         marker_color=PALETTE[1]))
    fig.add_trace(go.Scatter(x=when, y=[d.average for d in days], name="Average sentiment",
                             mode="lines+markers" if len(days) <= 31 else "lines",
                             line={"color": PALETTE[0], "width": 2}))
    fig.update_layout(yaxis={"title": "Sentiment (−1 to 1)", "range": [-1.05, 1.05], "zeroline": True},
                      yaxis2={"title": "Comments", "overlaying": "y", "side": "right", "rangemode": "tozero",
                              "showgrid": False})
    return fig

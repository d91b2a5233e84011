"""Charts of a report as PNG images, and the two report charts analytics/charts.py does not draw.

Plotly figures become images with kaleido 1.x, which drives a Chromium-family browser through the
DevTools protocol (the `choreographer` package). It finds the browser by the `BROWSER_PATH` environment
variable, else on PATH (`chromium`, `google-chrome`...): Debian's `/usr/bin/chromium` (`apt-get install
chromium`, which `make test` also does) is enough; nothing is downloaded. plotly.js comes from the
plotly package and MathJax is turned off, so rendering works without the internet. All of a report's
charts render in one browser session; one report renders at a time per process (memory on small hosts).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence

import plotly.graph_objects as go

from allin_app.analytics.charts import PALETTE, _empty, _figure

log = logging.getLogger(__name__)
WIDTH, HEIGHT, SCALE = 960, 400, 2
RENDER_TIMEOUT = 60  # seconds for one chart
_render_lock = threading.Lock()


class ChartsUnavailable(RuntimeError):
    """No browser to draw charts with (or it failed); the message says what to install or set."""


def _browser_path() -> str | None:
    """BROWSER_PATH if set, else what choreographer finds on PATH."""
    from choreographer.browsers.chromium import Chromium

    return os.environ.get("BROWSER_PATH") or Chromium.find_browser(skip_local=True)


async def _render_all(figures: Sequence[go.Figure], path: str) -> list[bytes]:
    import kaleido

    options = {"format": "png", "width": WIDTH, "height": HEIGHT, "scale": SCALE}
    async with kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, mathjax=False, path=path) as browser:
        return [await browser.calc_fig(_for_print(fig), opts={**options, "height": fig.layout.height or HEIGHT})
                for fig in figures]


def _for_print(fig: go.Figure) -> go.Figure:
    """A copy with the title off the page's edge (the screen layout puts it flush left)."""
    copy = go.Figure(fig)
    copy.update_layout(title_x=0.01)
    return copy


def render_png(figures: Sequence[go.Figure]) -> list[bytes]:
    """PNG images of `figures`, in order. Raises ChartsUnavailable without a usable browser."""
    if not figures:
        return []
    path = _browser_path()
    if not path:
        raise ChartsUnavailable("Charts need Chromium on the server: install it (Debian: apt-get install chromium) "
                                "or set BROWSER_PATH to a Chrome or Chromium binary.")
    from kaleido import _sync_server

    with _render_lock:
        try:  # kaleido's own thread and event loop, so this works inside a running loop too
            return _sync_server.oneshot_async_run(_render_all, args=(list(figures), path), kwargs={})
        except Exception as exc:
            log.warning("charts could not be drawn with %s: %s", path, exc)
            raise ChartsUnavailable(f"The charts could not be drawn with {path}: {exc.__class__.__name__}.") from exc


def top_posts_chart(labels: Sequence[str], engagements: Sequence[int]) -> go.Figure:
    """The period's best posts as horizontal bars, the best on top."""
    fig = _figure("Top posts by engagements", height=max(300, 80 + 30 * len(labels)))
    if not labels:
        return _empty(fig, "No posts published in this period")
    fig.add_trace(go.Bar(y=list(labels), x=list(engagements), name="Engagements", orientation="h",
                         marker_color=PALETTE[0], text=list(engagements), textposition="outside"))
    fig.update_layout(hovermode="y", showlegend=False, yaxis={"autorange": "reversed", "automargin": True})
    return fig


def campaigns_chart(names: Sequence[str], reach: Sequence[int], engagements: Sequence[int]) -> go.Figure:
    fig = _figure("Campaigns compared")
    if not names:
        return _empty(fig, "No campaigns ran in this period")
    fig.add_trace(go.Bar(x=list(names), y=list(reach), name="Reach", marker_color=PALETTE[0]))
    fig.add_trace(go.Bar(x=list(names), y=list(engagements), name="Engagements", marker_color=PALETTE[1]))
    fig.update_layout(barmode="group", hovermode="x")
    return fig

"""One way to put an analytics figure on a page: plotly's cartesian bundle (lines, bars, heatmaps: all the
charts in analytics/charts.py, at a fraction of the full bundle's size), white in light mode and dark in
dark mode, resizing with the window. Other analytics pages import `plot` too."""

from __future__ import annotations

import reflex as rx
from plotly.graph_objs.layout import Template
from plotly.io import templates
from reflex_components_core.core.cond import color_mode_cond


def _template():
    return color_mode_cond(light=templates["plotly_white"], dark=templates["plotly_dark"]).to(Template)


def plot(figure, id_: str) -> rx.Component:
    """`figure`: a state var holding a plotly Figure (built by analytics/charts.py)."""
    return rx.box(
        rx.plotly.cartesian(data=figure, id=id_, use_resize_handler=True, style={"width": "100%"},
                            template=_template(), config={"displaylogo": False, "responsive": True}),
        width="100%", class_name="analytics-chart",
    )

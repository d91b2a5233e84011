"""The analytics page (/analytics): filters, headline figures, interactive charts, a tab per network with
that network's own figures, best and weakest posts, and for agency owners their clients compared."""

import reflex as rx

from allin_app.ai.factors_panel import factors_card
from allin_app.ai.sentiment_panel import comments_button, sentiment_card
from allin_app.analytics.analytics_state import ALL
from allin_app.analytics.analytics_state import AnalyticsState as A
from allin_app.analytics.chart_view import plot
from allin_app.analytics.dashboard_page import kpi_card
from allin_app.analytics.tabs import analytics_tabs
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page


def _select(name: str, label: str, value, choices, any_label: str) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", color_scheme="gray"),
        rx.select.root(
            rx.select.trigger(id=f"filter-{name}", min_width="10rem"),
            rx.select.content(rx.select.item(any_label, value=ALL),
                              rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
            value=value, on_change=lambda v: A.pick(name, v)),
        spacing="1")


def _dates() -> rx.Component:
    def day(label: str, value, handler, id_: str) -> rx.Component:
        return rx.vstack(rx.text(label, size="1", color_scheme="gray"),
                         rx.input(type="date", value=value, on_change=handler, id=id_, debounce_timeout=400),
                         spacing="1")

    return rx.hstack(
        rx.vstack(rx.text("Period", size="1", color_scheme="gray"),
                  rx.select.root(rx.select.trigger(id="filter-period", min_width="10rem"),
                                 rx.select.content(rx.foreach(A.presets, lambda p: rx.select.item(p[1], value=p[0]))),
                                 value=A.preset, on_change=A.choose_preset), spacing="1"),
        day("From", A.start, A.set_start, "filter-start"),
        day("To", A.end, A.set_end, "filter-end"),
        rx.vstack(rx.text("Compare", size="1", color_scheme="gray"),
                  rx.hstack(rx.switch(checked=A.compare, on_change=A.set_compare, id="filter-compare"),
                            rx.text("Previous period", size="2"), align="center", spacing="2", height="2rem"),
                  spacing="1"),
        spacing="3", wrap="wrap", align="end")


def filters() -> rx.Component:
    return rx.card(rx.vstack(
        _dates(),
        rx.hstack(
            _select("account", "Account", A.account, A.accounts, "All accounts"),
            _select("campaign", "Campaign", A.campaign, A.campaigns, "All campaigns"),
            _select("content_type", "Content type", A.content_type, A.content_types, "All content types"),
            rx.cond(A.can_author, _select("author", "Author", A.author, A.authors, "All authors")),
            rx.button("Clear filters", variant="ghost", size="2", on_click=A.clear_filters, id="clear-filters"),
            spacing="3", wrap="wrap", align="end"),
        spacing="3", width="100%"), width="100%", id="analytics-filters")


def _network_tab(choice) -> rx.Component:
    return rx.button(choice.label, size="2", variant=rx.cond(A.network == choice.value, "solid", "outline"),
                     on_click=A.pick("network", choice.value), class_name="network-tab", data_network=choice.value)


def network_tabs() -> rx.Component:
    return rx.flex(
        rx.button("All networks", size="2", variant=rx.cond(A.network == ALL, "solid", "outline"),
                  on_click=A.pick("network", ALL), class_name="network-tab", data_network=ALL),
        rx.foreach(A.networks, _network_tab),
        wrap="wrap", gap="2", id="network-tabs")


def _section(title: str, *children: rx.Component, id_: str = "") -> rx.Component:
    return rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%", id=id_ or None)


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(*children, columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%")


def _card(child: rx.Component) -> rx.Component:
    return rx.card(child, width="100%")


def _post_table(rows, id_: str) -> rx.Component:
    heads = ("Post", "Network", "Account", "Published", "Reach", "Engagements", "Rate", "Clicks", "")

    def row(line) -> rx.Component:
        return rx.table.row(rx.table.cell(rx.text(line.text, size="2"), min_width="16rem", max_width="28rem"),
                            rx.table.cell(line.network), rx.table.cell(line.account),
                            *[rx.table.cell(value, white_space="nowrap") for value in (
                                line.published, line.reach, line.engagements, line.rate, line.clicks)],
                            rx.table.cell(comments_button(line.id)),
                            class_name="ranked-post", data_post=line.id)

    return rx.cond(rows.length() > 0,
                   rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                                 rx.table.body(rx.foreach(rows, row)), size="1", width="100%", id=id_),
                   rx.text("No post was published in this period.", size="2", color_scheme="gray"))


def charts() -> rx.Component:
    return rx.vstack(
        rx.cond(A.network != ALL, _card(plot(A.fig_network_own, "chart-network-own"))),
        _grid(_card(plot(A.fig_engagement, "chart-engagement")), _card(plot(A.fig_reach, "chart-reach")),
              _card(plot(A.fig_rates, "chart-rates")),
              rx.cond(A.can_advanced & A.can_author, _card(plot(A.fig_followers, "chart-followers")))),
        rx.cond(A.can_cross & (A.network == ALL), _card(plot(A.fig_networks, "chart-networks"))),
        rx.cond(A.can_advanced, _card(plot(A.fig_heatmap, "chart-heatmap"))),
        _section("Seasonality", _grid(_card(plot(A.fig_months, "chart-months")),
                                      _card(plot(A.fig_weekdays, "chart-weekdays")))),
        spacing="4", width="100%")


def ranked_posts() -> rx.Component:
    return rx.vstack(
        _card(_section("Top posts", _post_table(A.top, "top-posts"))),
        _card(_section("Weakest posts", _post_table(A.bottom, "bottom-posts"))),
        rx.text("Ranked by engagements over each post's life.",
                rx.cond(A.some_unreached, " —: the network reports no reach, so no engagement rate either.", ""),
                size="1", color_scheme="gray"),
        spacing="4", width="100%")


def organization_view() -> rx.Component:
    return rx.vstack(
        network_tabs(),
        filters(),
        rx.grid(rx.foreach(A.kpis, kpi_card), columns=rx.breakpoints(initial="1", sm="2", lg="3"), spacing="3",
                width="100%", id="analytics-kpis"),
        rx.cond(A.empty, rx.callout(
            "No figures for this period and these filters. Figures come from posts published on connected accounts: "
            "the collector reads each network after publishing, so the first readings appear a few minutes after "
            "a post goes out. Try a longer period or clear the filters.", icon="info", color_scheme="blue", width="100%",
            id="analytics-empty")),
        rx.text(A.period_text, rx.cond(A.compared_text != "", " compared with " + A.compared_text, ""), size="1",
                color_scheme="gray", id="analytics-periods"),
        charts(),
        sentiment_card(A.start, A.end),
        factors_card(),
        ranked_posts(),
        spacing="4", width="100%")


def _client(line) -> rx.Component:
    color = rx.match(line.direction, ("up", "green"), ("down", "red"), "gray")
    return rx.table.row(rx.table.row_header_cell(line.name), rx.table.cell(line.posts), rx.table.cell(line.reach),
                        rx.table.cell(line.engagements), rx.table.cell(line.rate),
                        rx.table.cell(rx.cond(line.change != "", rx.badge(line.change, color_scheme=color), "")),
                        class_name="client-row", data_org=line.org_id)


def agency_view() -> rx.Component:
    heads = ("Client", "Posts", "Reach", "Engagements", "Engagement rate", "Reach change")
    return rx.vstack(
        _dates(),
        _card(plot(A.fig_clients, "chart-clients")),
        rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                      rx.table.body(rx.foreach(A.clients, _client)), width="100%", id="agency-clients"),
        spacing="4", width="100%", id="agency-overview")


def _view_switch() -> rx.Component:
    return rx.cond(A.can_agency, rx.segmented_control.root(
        rx.segmented_control.item("This organization", value="organization"),
        rx.segmented_control.item("Agency overview", value="agency"),
        value=A.view, on_change=A.show_view, id="analytics-view"))


@app_page("analytics", "Analytics", on_load=[A.load])
def analytics() -> rx.Component:
    return rx.vstack(
        page_header("Analytics", "Performance across your connected accounts."),
        analytics_tabs("overview"),
        rx.hstack(rx.text(A.scope, size="2", color_scheme="gray", id="analytics-scope"), rx.spacer(), _view_switch(),
                  width="100%", align="center"),
        error_callout(A.error, id_="analytics-error"),
        rx.cond(A.loaded, rx.cond(A.view == "agency", agency_view(), organization_view()),
                rx.center(rx.spinner(size="3"), width="100%", padding="3rem")),
        width="100%", spacing="4", id="analytics",
    )

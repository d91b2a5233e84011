"""Competitors (/analytics/competitors): the accounts tracked per network, adding one by handle, and the
benchmark of the organization against them (followers, posting frequency, engagement rate, hashtags, share
of voice) with its charts."""

import reflex as rx

from allin_app.analytics.chart_view import plot
from allin_app.analytics.competitors_state import CompetitorsState as C
from allin_app.analytics.tabs import analytics_tabs
from allin_app.ui.components import empty_state, error_callout, page_header
from allin_app.ui.shell import app_page

DEFINITIONS = ("Posts and engagements count posts published in the period (likes, comments, shares and saves as "
               "last read). Engagement rate: average engagements per post ÷ followers, the rate public figures "
               "allow for everyone alike. Share of voice: your (or a competitor's) share of all engagements of you "
               "and the competitors tracked on this network in the period.")


def _add_form() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Track a competitor", size="3"),
        rx.hstack(
            rx.select.root(rx.select.trigger(id="competitor-network", min_width="10rem"),
                           rx.select.content(rx.foreach(C.trackable, lambda c: rx.select.item(c.label, value=c.value))),
                           value=C.add_network, on_change=C.set_add_network),
            rx.input(placeholder="@handle", value=C.add_handle, on_change=C.set_add_handle, id="competitor-handle",
                     width="16rem"),
            rx.button("Track", on_click=[C.start_adding, C.add], loading=C.adding, id="add-competitor"),
            spacing="2", align="center", wrap="wrap"),
        rx.cond(C.add_error != "", rx.text(C.add_error, color_scheme="red", size="2", id="competitor-error")),
        rx.text("AllIN looks the handle up through your own connected account on that network, then reads it once "
                "a day.", size="1", color_scheme="gray"),
        spacing="2", width="100%"), width="100%", id="competitor-add")


def _tracked(line) -> rx.Component:
    return rx.hstack(
        rx.avatar(src=line.avatar, fallback=line.name[:2], size="2"),
        rx.vstack(rx.text(line.name, weight="medium", size="2"),
                  rx.text("@" + line.handle + " · read " + line.read, size="1", color_scheme="gray"), spacing="0"),
        rx.cond(line.error != "", rx.tooltip(rx.badge("Not read", color_scheme="orange"), content=line.error)),
        rx.cond(C.can_edit, rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", color_scheme="gray",
                                           on_click=C.remove(line.id), aria_label="Stop tracking",
                                           class_name="remove-competitor")),
        spacing="2", align="center", padding="0.25rem 0.5rem", border=f"1px solid {rx.color('gray', 5)}",
        border_radius="8px", class_name="tracked-competitor", data_competitor=line.id)


def _controls() -> rx.Component:
    return rx.hstack(
        rx.flex(rx.foreach(C.networks, lambda c: rx.button(
            c.label, size="2", variant=rx.cond(C.network == c.value, "solid", "outline"),
            on_click=C.pick_network(c.value), class_name="competitor-network-tab")), wrap="wrap", gap="2"),
        rx.spacer(),
        rx.select.root(rx.select.trigger(id="competitor-period", min_width="10rem"),
                       rx.select.content(rx.foreach(C.presets, lambda p: rx.select.item(p[1], value=p[0]))),
                       value=C.preset, on_change=C.choose_preset),
        width="100%", align="center", wrap="wrap")


def _row(line) -> rx.Component:
    name = rx.vstack(rx.text(line.name, weight="bold"),
                     rx.cond(line.is_org, rx.badge("You", color_scheme="indigo"),
                             rx.text("@" + line.handle, size="1", color_scheme="gray")), spacing="1")
    return rx.table.row(
        rx.table.row_header_cell(name), rx.table.cell(line.followers), rx.table.cell(line.growth),
        rx.table.cell(line.posts), rx.table.cell(line.per_week), rx.table.cell(line.avg_engagements),
        rx.table.cell(line.rate), rx.table.cell(line.share_of_voice), rx.table.cell(line.share_of_posts),
        rx.table.cell(rx.text(line.hashtags, size="1"), max_width="16rem"),
        class_name="contender-row", data_key=line.key,
        background=rx.cond(line.is_org, rx.color("accent", 2), "transparent"))


def _benchmark() -> rx.Component:
    heads = ("Account", "Followers", "Growth", "Posts", "Posts / week", "Avg engagements / post", "Engagement rate",
             "Share of voice", "Share of posts", "Top hashtags")
    return rx.card(rx.vstack(
        rx.hstack(rx.heading("Benchmark", size="4"), rx.text(C.period_text, size="2", color_scheme="gray"),
                  spacing="3", align="baseline"),
        rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                      rx.table.body(rx.foreach(C.rows, _row)), size="1", width="100%", id="competitor-benchmark"),
        rx.text(DEFINITIONS, size="1", color_scheme="gray"),
        spacing="3", width="100%"), width="100%")


def _charts() -> rx.Component:
    def card(figure, id_: str) -> rx.Component:
        return rx.card(plot(figure, id_), width="100%")

    return rx.grid(card(C.fig_followers, "chart-competitor-followers"),
                   card(C.fig_frequency, "chart-competitor-frequency"),
                   card(C.fig_rate, "chart-competitor-rate"), card(C.fig_voice, "chart-competitor-voice"),
                   columns=rx.breakpoints(initial="1", lg="2"), spacing="4", width="100%")


def _report() -> rx.Component:
    return rx.cond(
        C.networks.length() > 0,
        rx.vstack(_controls(), rx.flex(rx.foreach(C.tracked, _tracked), wrap="wrap", gap="2", id="tracked-competitors"),
                  _benchmark(), _charts(), spacing="4", width="100%"),
        empty_state("binoculars", "No competitors yet",
                    rx.cond(C.can_edit, "Add a competitor's handle above: its public profile and recent posts come in "
                                        "at once, and AllIN reads it every day.",
                            "Your organization's managers choose the competitors to follow; their reports appear "
                            "here."), id_="competitors-empty"))


@app_page("analytics", "Competitors", on_load=[C.load], route="/analytics/competitors")
def competitors_page() -> rx.Component:
    return rx.vstack(
        page_header("Competitors", "How your accounts compare with the competitors you follow."),
        analytics_tabs("competitors"),
        error_callout(C.error, id_="competitors-error"),
        rx.cond(C.loaded, rx.vstack(rx.cond(C.can_edit, _add_form()), _report(), spacing="4", width="100%"),
                rx.cond(C.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="3rem"))),
        width="100%", spacing="4", id="competitors",
    )

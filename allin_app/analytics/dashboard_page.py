"""The dashboard (/dashboard, the landing page): key figures against the previous period, recent posts,
platform performance, quick actions and notifications, in the order and period each person chose."""

import reflex as rx

from allin_app.analytics.dashboard_state import STATUS_COLORS
from allin_app.analytics.dashboard_state import DashboardState as D
from allin_app.auth.state import SessionState
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.state import NotificationsState as N

TRENDS = {"up": ("arrow-up-right", "green"), "down": ("arrow-down-right", "red"), "flat": ("minus", "gray")}


def _card(title: str, *children: rx.Component, id_: str) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"), width="100%",
                   id=id_, class_name="dashboard-widget")


# ---- key figures ----

def _trend(card) -> rx.Component:
    icon = rx.match(card.direction, *[(key, rx.icon(name, size=16)) for key, (name, _) in TRENDS.items()],
                    rx.icon("minus", size=16))
    color = rx.match(card.direction, *[(key, c) for key, (_, c) in TRENDS.items()], "gray")
    return rx.badge(icon, card.change, color_scheme=color, variant="soft", class_name="kpi-change",
                    data_direction=card.direction)


def kpi_card(card) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(card.label, size="2", color_scheme="gray"),
        rx.heading(card.value, size="7", class_name="kpi-value", data_value=card.raw),
        rx.hstack(_trend(card), rx.cond(card.previous != "", rx.text("was " + card.previous, size="1",
                                                                     color_scheme="gray")),
                  spacing="2", align="center"),
        spacing="1"), id="kpi-" + card.key, class_name="kpi-card", width="100%")


def kpis() -> rx.Component:
    return rx.vstack(
        rx.grid(rx.foreach(D.kpis, kpi_card), columns=rx.breakpoints(initial="1", sm="2", lg="4"), spacing="3",
                width="100%"),
        rx.cond(D.compared_text != "", rx.text(D.period_text, " compared with ", D.compared_text, size="1",
                                               color_scheme="gray", id="kpi-periods")),
        spacing="2", width="100%", id="widget-kpis", class_name="dashboard-widget")


# ---- recent posts ----

def _post_text(row) -> rx.Component:
    text = rx.text(row.text, size="2", weight="medium")
    return rx.cond(row.link == "", text,
                   rx.cond(row.external, rx.link(text, href=row.link, is_external=True, class_name="post-link"),
                           rx.link(text, href=row.link, class_name="post-link")))


def _recent_row(row) -> rx.Component:
    return rx.hstack(
        rx.badge(row.status_label, color_scheme=rx.match(row.status, *STATUS_COLORS.items(), "gray"),
                 class_name="status-badge", min_width="5.5rem", justify="center"),
        rx.vstack(
            _post_text(row),
            rx.hstack(rx.foreach(row.networks, lambda n: rx.badge(n, variant="outline", size="1")),
                      rx.text(row.when, size="1", color_scheme="gray"), spacing="2", wrap="wrap", align="center"),
            rx.cond(row.has_figures, rx.text(f"Reach {row.reach} · Engagements {row.engagements} · Rate {row.rate}",
                                             size="1", class_name="post-figures")),
            spacing="1", width="100%"),
        spacing="3", align="start", width="100%", class_name="recent-post", data_post=row.id,
    )


def _recent_list(title: str, rows, empty: str, id_: str) -> rx.Component:
    return rx.vstack(
        rx.text(title, weight="bold", size="2"),
        rx.cond(rows.length() > 0, rx.foreach(rows, _recent_row), rx.text(empty, size="2", color_scheme="gray")),
        spacing="2", width="100%", id=id_)


def recent_posts() -> rx.Component:
    return _card("Recent posts", _recent_list("Published", D.published, "Nothing published yet.", "recent-published"),
                 rx.separator(size="4"),
                 rx.grid(_recent_list("Scheduled", D.scheduled, "Nothing scheduled.", "recent-scheduled"),
                         _recent_list("Drafts", D.drafts, "No drafts.", "recent-drafts"),
                         columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
                 id_="widget-recent_posts")


# ---- platforms, actions, notifications ----

def _platform(row) -> rx.Component:
    return rx.table.row(rx.table.row_header_cell(row.label), rx.table.cell(row.accounts), rx.table.cell(row.posts),
                        rx.table.cell(row.reach), rx.table.cell(row.engagements), rx.table.cell(row.rate),
                        class_name="platform-row", data_network=row.network)


def platforms() -> rx.Component:
    heads = ("Network", "Accounts", "Posts", "Reach", "Engagements", "Engagement rate")
    return _card("Platform performance", rx.cond(
        D.platforms.length() > 0,
        rx.vstack(rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                                rx.table.body(rx.foreach(D.platforms, _platform)), width="100%", size="1"),
                  rx.cond(D.some_unreached, rx.text("—: the network counts impressions but reports no reach, so no "
                                                    "engagement rate either.", size="1", color_scheme="gray")),
                  spacing="2", width="100%"),
        rx.text("No network connected yet: each connected account gets a row here with its posts and reach.",
                size="2", color_scheme="gray")), id_="widget-platforms")


def _action(label: str, icon: str, href: str, id_: str) -> rx.Component:
    return rx.link(rx.button(rx.icon(icon, size=16), label, variant="soft", id=id_), href=href)


def quick_actions() -> rx.Component:
    nav = SessionState.nav
    return _card("Quick actions", rx.flex(
        rx.cond(nav.contains("create"), _action("Create post", "square-pen", "/create", "action-create")),
        rx.cond(nav.contains("calendar"), _action("Open calendar", "calendar-days", "/calendar", "action-calendar")),
        rx.cond(nav.contains("accounts") & D.can_connect,
                _action("Connect account", "share-2", "/accounts", "action-connect")),
        rx.cond(nav.contains("analytics"), _action("View analytics", "chart-line", "/analytics", "action-analytics")),
        wrap="wrap", spacing="3"), id_="widget-quick_actions")


def _notification(row) -> rx.Component:
    return rx.hstack(
        rx.cond(row.unread, rx.box(width="8px", height="8px", min_width="8px", border_radius="50%",
                                   background=rx.color("accent", 9))),
        rx.vstack(rx.text(row.title, size="2", weight=rx.cond(row.unread, "bold", "regular")),
                  rx.cond(row.body != "", rx.text(row.body, size="1", color_scheme="gray")), spacing="0"),
        rx.spacer(), rx.text(row.when, size="1", color_scheme="gray", white_space="nowrap"),
        on_click=N.open_item(row.id), cursor="pointer", width="100%", align="center", padding="0.25rem",
        border_radius="6px", _hover={"background": rx.color("gray", 3)}, class_name="dashboard-notification")


def notifications() -> rx.Component:
    return _card("Notifications", rx.cond(
        N.rows.length() > 0, rx.vstack(rx.foreach(N.rows, _notification), spacing="1", width="100%"),
        rx.text("Nothing yet. Approvals, mentions, assignments, publishing results and account alerts show up "
                "here.", size="2", color_scheme="gray")),
        rx.link("See all notifications", href="/notifications", size="2"), id_="widget-notifications")


WIDGETS = {"kpis": kpis, "recent_posts": recent_posts, "platforms": platforms, "quick_actions": quick_actions,
           "notifications": notifications}


def _widget(key) -> rx.Component:
    return rx.match(key, *[(name, build()) for name, build in WIDGETS.items()], rx.fragment())


# ---- arranging ----

def _arrange_row(widget) -> rx.Component:
    return rx.hstack(
        rx.checkbox(widget.label, checked=widget.visible, on_change=lambda on: D.show_widget(widget.key, on),
                    class_name="widget-visible", data_widget=widget.key),
        rx.spacer(),
        rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="soft", disabled=widget.first,
                       on_click=D.move(widget.key, -1), aria_label="Move up", class_name="widget-up"),
        rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="soft", disabled=widget.last,
                       on_click=D.move(widget.key, 1), aria_label="Move down", class_name="widget-down"),
        width="100%", align="center", class_name="arrange-row", data_widget=widget.key)


def arrange_panel() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text("Arrange your dashboard", weight="bold"), rx.spacer(),
                  rx.button("Reset", size="1", variant="ghost", on_click=D.reset_layout, id="reset-layout"),
                  width="100%", align="center"),
        rx.text("Show or hide widgets and change their order; AllIN remembers it for you in this organization.",
                size="1", color_scheme="gray"),
        rx.foreach(D.widgets, _arrange_row), spacing="2", width="100%"), id="arrange-panel", max_width="28rem")


def getting_started() -> rx.Component:
    """An organization without figures says how figures come, instead of showing made-up ones."""
    no_accounts = D.accounts_connected == 0
    return rx.cond(D.loaded & (D.posts_published == 0), rx.callout(
        rx.cond(no_accounts,
                "No figures yet: no social account is connected. Connect one under Accounts, publish a post, and "
                "reach, engagement and followers appear here after the next metric collection.",
                "No figures yet: nothing has been published. Publish or schedule a post; its reach and engagement "
                "appear here after the next metric collection."),
        icon="info", color_scheme="blue", width="100%", id="getting-started"))


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.text(D.scope, size="2", color_scheme="gray", id="dashboard-scope"),
        rx.spacer(),
        rx.select.root(rx.select.trigger(id="dashboard-period"),
                       rx.select.content(rx.foreach(D.periods, lambda p: rx.select.item(p[1], value=p[0]))),
                       value=D.period, on_change=D.choose_period),
        rx.button(rx.icon("layout-grid", size=16), rx.cond(D.customizing, "Done", "Arrange"), variant="soft",
                  on_click=D.toggle_customizing, id="arrange-dashboard"),
        width="100%", align="center", spacing="3")


@app_page("dashboard", "Dashboard", on_load=[D.load])
def dashboard() -> rx.Component:
    return rx.vstack(
        page_header(f"Welcome, {SessionState.user_name}", f"{SessionState.org_name} · {SessionState.role_label}"),
        _toolbar(),
        error_callout(D.error, id_="dashboard-error"),
        rx.cond(D.customizing, arrange_panel()),
        getting_started(),
        rx.cond(D.loaded, rx.foreach(D.shown, _widget), rx.center(rx.spinner(size="3"), width="100%", padding="3rem")),
        width="100%", spacing="4", id="dashboard",
    )

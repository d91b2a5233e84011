"""The dashboard and analytics pages; until posts are published they say how to get there."""

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.ui.components import empty_page, empty_state, page_header
from allin_app.ui.shell import app_page


def _step(number: str, title: str, text: str, href: str, section: str) -> rx.Component:
    return rx.cond(
        SessionState.nav.contains(section),
        rx.link(
            rx.card(rx.hstack(rx.badge(number, size="3", radius="full"),
                              rx.vstack(rx.text(title, weight="bold"), rx.text(text, size="2", color_scheme="gray"),
                                        spacing="1"), spacing="3", align="start")),
            href=href, underline="none",
        ),
    )


@app_page("dashboard", "Dashboard")
def dashboard() -> rx.Component:
    return rx.vstack(
        page_header(f"Welcome, {SessionState.user_name}", f"{SessionState.org_name} · {SessionState.role_label}"),
        rx.heading("Getting started", size="4"),
        rx.grid(
            _step("1", "Connect a social account", "Link your networks so AllIN can publish for you.",
                  "/accounts", "accounts"),
            _step("2", "Write your first post", "Compose once, tailor it per network, and schedule it.",
                  "/create", "create"),
            _step("3", "Plan the calendar", "See what goes out when, across every account.", "/calendar",
                  "calendar"),
            _step("4", "Watch the results", "Reach, engagement and growth appear once posts are live.",
                  "/analytics", "analytics"),
            columns="2",
            spacing="4",
            width="100%",
        ),
        empty_state("chart-no-axes-combined", "No activity yet",
                    "Your key metrics and recent activity appear here as soon as your organization publishes "
                    "its first post."),
        width="100%",
        spacing="4",
        id="dashboard",
    )


@app_page("analytics", "Analytics")
def analytics() -> rx.Component:
    return empty_page("Analytics", "Performance across your connected accounts.", "chart-line",
                      "Nothing to measure yet",
                      "Reach, impressions, engagement and follower growth are collected from each network after a "
                      "post is published. Connect an account and publish a post to see them here.",
                      rx.link(rx.button("Connect an account", variant="soft"), href="/accounts"))

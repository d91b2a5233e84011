"""The signed-in app shell (sidebar, top bar, organization switcher, user menu) and the
`app_page` decorator every signed-in page uses: shell + sign-in guard + role check."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.ui.components import brand_colors, empty_state, logo
from allin_app.ui.nav import SECTION_BY_KEY, SECTIONS, Section
from allin_app.workflow.approvals_state import AwaitingCountState
from allin_app.workflow.chat_state import ChatBadgeState
from allin_app.workflow.state import NotificationsState as N


def _nav_badge(key: str) -> list[rx.Component]:
    """How many posts await the signed-in reviewer, beside "Approvals"."""
    if key == "chat":  # unread chat messages, beside "Chat"
        return [rx.spacer(), rx.box(rx.cond(ChatBadgeState.total > 0, rx.badge(
            ChatBadgeState.total, color_scheme="red", variant="solid", radius="full", id="chat-unread-total")),
            on_mount=ChatBadgeState.refresh)]
    if key != "approvals":
        return []
    return [rx.spacer(), rx.box(rx.cond(AwaitingCountState.count > 0, rx.badge(
        AwaitingCountState.count, color_scheme="amber", variant="solid", radius="full", id="approvals-count")),
        on_mount=AwaitingCountState.refresh)]


def _nav_link(section: Section) -> rx.Component:
    active = rx.State.router.url.path == section.route
    return rx.cond(
        SessionState.nav.contains(section.key),
        rx.link(
            rx.hstack(rx.icon(section.icon, size=18), rx.text(section.label, size="3"), *_nav_badge(section.key),
                      spacing="3", align="center", width="100%"),
            href=section.route,
            id=f"nav-{section.key}",
            underline="none",
            padding="0.5rem 0.75rem",
            border_radius="8px",
            width="100%",
            color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
            background=rx.cond(active, rx.color("accent", 3), "transparent"),
            _hover={"background": rx.color("gray", 3)},
        ),
    )


def sidebar() -> rx.Component:
    return rx.vstack(
        rx.box(logo("5", SessionState.brand_name, SessionState.brand_logo), padding="0.5rem 0.75rem 1rem"),
        rx.vstack(*[_nav_link(s) for s in SECTIONS], spacing="1", width="100%", id="sidebar-nav"),
        width="15rem",
        min_width="15rem",
        height="100vh",
        position="sticky",
        top="0",
        padding="1rem 0.75rem",
        border_right=f"1px solid {rx.color('gray', 4)}",
        background=rx.color("gray", 1),
        id="sidebar",
    )


def org_switcher() -> rx.Component:
    return rx.cond(
        SessionState.orgs.length() > 1,
        rx.select.root(
            rx.select.trigger(placeholder="Organization", id="org-switcher", min_width="14rem"),
            rx.select.content(
                rx.foreach(SessionState.orgs, lambda o: rx.select.item(o["name"], value=o["id"])),
            ),
            value=SessionState.org_id.to_string(),
            on_change=SessionState.switch_org,
        ),
        rx.text(SessionState.org_name, weight="medium", id="org-name"),
    )


def user_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user", size=18),
                rx.text(SessionState.user_name, size="2"),
                variant="ghost",
                id="user-menu",
            )
        ),
        rx.menu.content(
            rx.box(rx.vstack(rx.text(SessionState.user_email, size="2"),
                             rx.badge(SessionState.role_label, id="role-badge"), spacing="1"), padding="0.5rem"),
            rx.menu.separator(),
            rx.menu.item("Profile", on_click=rx.redirect("/settings"), id="menu-profile"),
            rx.menu.item("Security", on_click=rx.redirect("/settings/security"), id="menu-security"),
            rx.menu.separator(),
            rx.menu.item("Sign out", color="red", on_click=SessionState.sign_out, id="menu-sign-out"),
        ),
    )


def _notification(row) -> rx.Component:
    """One item of the bell: unread ones stand out; clicking marks it read and opens what it is about."""
    return rx.box(rx.vstack(
        rx.hstack(rx.cond(row.unread, rx.box(width="8px", height="8px", min_width="8px", border_radius="50%",
                                             background=rx.color("accent", 9))),
                  rx.text(row.title, weight=rx.cond(row.unread, "bold", "regular"), size="2"), rx.spacer(),
                  rx.text(row.when, size="1", color_scheme="gray", white_space="nowrap"), align="center",
                  width="100%"),
        rx.cond(row.body != "", rx.text(row.body, size="1", color_scheme="gray", trim="both")),
        spacing="1", width="100%"),
        on_click=N.open_item(row.id), cursor="pointer", padding="0.4rem 0.5rem", border_radius="6px", width="100%",
        background=rx.cond(row.unread, rx.color("accent", 2), "transparent"), _hover={"background": rx.color("gray", 3)},
        class_name=rx.cond(row.unread, "notification unread", "notification"))


def notification_bell() -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(rx.box(
            rx.icon_button(rx.icon("bell", size=18), variant="ghost", id="notifications-bell",
                           aria_label="Notifications"),
            rx.cond(N.unread > 0, rx.badge(N.unread, color_scheme="red", variant="solid", radius="full",
                                           position="absolute", top="-4px", right="-6px", id="unread-count",
                                           pointer_events="none")),
            position="relative", on_mount=N.refresh)),
        rx.popover.content(rx.vstack(
            rx.hstack(rx.text("Notifications", weight="bold"), rx.spacer(),
                      rx.cond(N.unread > 0, rx.button("Mark all read", size="1", variant="ghost",
                                                      on_click=N.mark_all_read, id="bell-mark-all-read")),
                      width="100%", align="center"),
            rx.cond(N.rows.length() > 0, rx.foreach(N.rows, _notification),
                    rx.text("Nothing yet. Approvals, mentions, assignments, publishing results and account alerts "
                            "show up here.", size="2", color_scheme="gray")),
            rx.separator(),
            rx.popover.close(rx.link("See all notifications", href="/notifications", size="2",
                                     id="notifications-see-all")),
            width="24rem", spacing="1", id="notifications-list")),
        on_open_change=N.opened,
    )


def topbar() -> rx.Component:
    return rx.hstack(
        org_switcher(),
        rx.spacer(),
        notification_bell(),
        rx.color_mode.button(id="theme-toggle", variant="ghost"),
        user_menu(),
        align="center",
        spacing="3",
        padding="0.75rem 1.5rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        width="100%",
    )


def not_allowed() -> rx.Component:
    return empty_state("lock", "Not allowed", "Your role does not give access to this page. Ask an administrator of "
                       "your organization if you need it.", rx.link("Back to the dashboard", href="/dashboard"),
                       id_="not-allowed", color="red")


def enroll_2fa() -> rx.Component:
    """An organization of this user requires two-factor authentication: set it up first."""
    return empty_state("shield-check", "Turn on two-factor authentication",
                       "Your organization requires a second sign-in step for everyone. It takes a minute with an "
                       "authenticator app.",
                       rx.link(rx.button("Set up 2FA now", size="3"), href="/settings/security", id="enroll-2fa"),
                       id_="two-factor-required", color="accent")


def blocked() -> rx.Component:
    """Signed in, but no organization can be used (suspended or membership removed)."""
    return rx.center(
        rx.card(rx.vstack(
            logo(),
            rx.callout(SessionState.blocked, icon="ban", color_scheme="orange", id="blocked-message"),
            rx.button("Sign out", on_click=SessionState.sign_out, variant="soft", id="blocked-sign-out"),
            spacing="4",
        ), max_width="30rem"),
        min_height="100vh",
    )


def _layout(content: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.cond(SessionState.brand_favicon != "", rx.el.link(rel="icon", href=SessionState.brand_favicon)),
        sidebar(),
        rx.vstack(topbar(), rx.box(content, padding="1.5rem 2rem", width="100%", max_width="80rem"),
                  spacing="0", width="100%", min_height="100vh"),
        spacing="0",
        width="100%",
        align="start",
        style=brand_colors(SessionState.brand_color),
    )


def app_page(section: str, title: str, on_load: list | None = None, route: str | None = None) -> Callable:
    """Register a signed-in page of `section`: wrapped in the shell, guarded, role-checked."""
    route = route or SECTION_BY_KEY[section].route

    def decorator(body: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        def page() -> rx.Component:
            allowed = rx.cond(SessionState.nav.contains(section), body(), not_allowed())
            guarded = allowed if section == "settings" else rx.cond(SessionState.must_enroll_2fa, enroll_2fa(), allowed)
            return rx.cond(
                SessionState.blocked != "",
                blocked(),
                rx.cond(SessionState.signed_in, _layout(guarded), rx.center(rx.spinner(size="3"), height="100vh")),
            )

        page.__name__ = body.__name__
        rx.page(route=route, title=f"{title} · AllIN",
                on_load=[SessionState.load_page, N.watch, *(on_load or [])])(page)
        return body

    return decorator

"""The notifications centre (/notifications): everything the bell has had, filtered by type or unread, paged;
each item marked read or unread, or opened."""

from __future__ import annotations

import reflex as rx

from allin_app.orgs.notifications import EVENTS
from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.state import ALL
from allin_app.workflow.state import NotificationCenterState as C
from allin_app.workflow.state import NotificationsState as N


def _filters() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(id="notifications-type", min_width="16rem", aria_label="Type"),
            rx.select.content(rx.select.item("Every type", value=ALL),
                              *[rx.select.item(label, value=key) for key, label in EVENTS.items()]),
            value=C.event, on_change=C.set_event),
        rx.hstack(rx.switch(checked=C.unread_only, on_change=C.set_unread_only, id="notifications-unread-only"),
                  rx.text("Unread only", size="2"), align="center", spacing="2"),
        rx.spacer(),
        rx.button("Mark all read", variant="soft", on_click=C.mark_all_read, disabled=N.unread == 0,
                  id="notifications-mark-all-read"),
        width="100%", align="center", spacing="4",
    )


def _row(row) -> rx.Component:
    toggle = rx.cond(
        row.unread,
        rx.button("Mark read", size="1", variant="soft", on_click=C.set_read(row.id, True),
                  class_name="mark-read"),
        rx.button("Mark unread", size="1", variant="soft", color_scheme="gray", on_click=C.set_read(row.id, False),
                  class_name="mark-unread"),
    )
    return rx.table.row(
        rx.table.cell(rx.cond(row.unread, rx.box(width="8px", height="8px", border_radius="50%",
                                                 background=rx.color("accent", 9)))),
        rx.table.cell(rx.vstack(
            rx.link(row.title, on_click=N.open_item(row.id), weight=rx.cond(row.unread, "bold", "regular"),
                    cursor="pointer", class_name="notification-title"),
            rx.cond(row.body != "", rx.text(row.body, size="1", color_scheme="gray")),
            spacing="1")),
        rx.table.cell(rx.badge(row.event_label, variant="soft", color_scheme="gray")),
        rx.table.cell(rx.text(row.when, size="2", white_space="nowrap")),
        rx.table.cell(toggle),
        class_name=rx.cond(row.unread, "notification-row unread", "notification-row"),
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button("Newer", variant="soft", size="1", disabled=C.page <= 1, on_click=C.go_to_page(C.page - 1),
                  id="notifications-newer"),
        rx.text(f"Page {C.page} of {C.pages} · {C.total} in all", size="2", id="notifications-paging"),
        rx.button("Older", variant="soft", size="1", disabled=C.page >= C.pages, on_click=C.go_to_page(C.page + 1),
                  id="notifications-older"),
        align="center", spacing="3",
    )


def _list() -> rx.Component:
    return rx.cond(
        C.rows.length() > 0,
        rx.vstack(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                               for h in ("", "Notification", "Type", "When", "")])),
                rx.table.body(rx.foreach(C.rows, _row)),
                width="100%", id="notifications-table"),
            _pager(), width="100%", spacing="3"),
        empty_state("bell-off", rx.cond(C.unread_only | (C.event != ALL), "Nothing matches", "No notifications yet"),
                    "Approvals you are asked for and their decisions, mentions, assignments, publishing results and "
                    "account alerts land here and in the bell.", id_="notifications-empty"),
    )


@app_page("dashboard", "Notifications", on_load=[C.load], route="/notifications")
def notifications_page() -> rx.Component:
    return rx.vstack(
        page_header("Notifications", "What happened that concerns you, newest first."),
        rx.cond(C.error != "", rx.callout(C.error, icon="triangle-alert", color_scheme="red", width="100%")),
        _filters(),
        _list(),
        rx.link("Choose what you hear about, and how", href="/settings#notification-preferences", size="2"),
        width="100%", spacing="4", on_unmount=C.leave,
    )

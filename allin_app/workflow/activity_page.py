"""The team's activity feed (/team/activity), reached from the Team page."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.activity_state import ALL
from allin_app.workflow.activity_state import ActivityState as A


def _filters() -> rx.Component:
    return rx.hstack(
        rx.select.root(
            rx.select.trigger(id="activity-person", min_width="14rem", aria_label="Person"),
            rx.select.content(rx.select.item("Everyone", value=ALL),
                              rx.foreach(A.people, lambda p: rx.select.item(p["name"], value=p["id"]))),
            value=A.person, on_change=A.set_person),
        rx.select.root(
            rx.select.trigger(id="activity-kind", min_width="14rem", aria_label="Kind"),
            rx.select.content(rx.select.item("Every kind", value=ALL),
                              rx.foreach(A.kinds, lambda k: rx.select.item(k["label"], value=k["key"]))),
            value=A.kind, on_change=A.set_kind),
        spacing="3", align="center",
    )


def _line(row) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.cond(row["link"] != "", rx.link(row["text"], href=row["link"], weight="medium"),
                    rx.text(row["text"], weight="medium")),
            rx.cond(row["detail"] != "", rx.text(row["detail"], size="1", color_scheme="gray")),
            rx.hstack(rx.badge(row["kind"], variant="soft", color_scheme="gray"),
                      rx.cond(A.several_orgs, rx.badge(row["org"], variant="outline")), spacing="2"),
            spacing="1", width="100%"),
        rx.text(row["when"], size="1", color_scheme="gray", white_space="nowrap"),
        width="100%", align="start", padding="0.6rem 0", border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="activity-line",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button("Newer", variant="soft", size="1", disabled=A.page <= 1, on_click=A.go_to_page(A.page - 1),
                  id="activity-newer"),
        rx.text(f"Page {A.page} of {A.pages} · {A.total} in all", size="2", id="activity-paging"),
        rx.button("Older", variant="soft", size="1", disabled=A.page >= A.pages, on_click=A.go_to_page(A.page + 1),
                  id="activity-older"),
        align="center", spacing="3",
    )


@app_page("team", "Team activity", on_load=[A.load], route="/team/activity")
def activity_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_header("Team activity", f"What the team did in {SessionState.org_name}, newest first."),
                  rx.spacer(), rx.link(rx.button("Team", variant="soft"), href="/team", id="back-to-team"),
                  width="100%", align="start"),
        rx.cond(A.error != "", rx.callout(A.error, icon="triangle-alert", color_scheme="red", width="100%",
                                          id="activity-error")),
        _filters(),
        rx.cond(A.rows.length() > 0,
                rx.vstack(rx.vstack(rx.foreach(A.rows, _line), spacing="0", width="100%", id="activity-feed"),
                          _pager(), width="100%", spacing="3"),
                rx.cond(A.error == "", empty_state("history", "No activity to show",
                                                   "Posts written, reviewed and published, comments, tasks and "
                                                   "team changes show up here as they happen.",
                                                   id_="activity-empty"))),
        width="100%", spacing="4",
    )

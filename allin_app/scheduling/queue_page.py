"""Calendar › Queues (/calendar/queues): posting times per account, the next slots and what fills
them, conflicts, and adding a post to the queue (state in `queue_state.py`)."""

import reflex as rx

from allin_app.scheduling.queue_state import QueueState as Q
from allin_app.ui.components import empty_state, error_callout, page_header
from allin_app.ui.shell import app_page

DAY_OPTIONS = (("every", "Every day"), ("weekdays", "Monday to Friday"), ("0", "Monday"), ("1", "Tuesday"),
               ("2", "Wednesday"), ("3", "Thursday"), ("4", "Friday"), ("5", "Saturday"), ("6", "Sunday"))


def _slot_chip(slot) -> rx.Component:
    return rx.badge(
        slot.label,
        rx.cond(Q.can_manage, rx.icon("x", size=12, cursor="pointer", on_click=Q.remove_slot(slot.id),
                                      class_name="remove-slot", aria_label="Remove this time")),
        variant="surface", size="2", class_name="slot-chip",
    )


def _add_slot_form(row) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.input(type="hidden", name="account_id", value=row.id),
            rx.el.select(*[rx.el.option(label, value=value) for value, label in DAY_OPTIONS], name="weekday",
                         class_name="slot-day", style={"padding": "0.3rem", "border_radius": "6px"}),
            rx.input(type="time", name="at", default_value="09:00", class_name="slot-time", size="2"),
            rx.button(rx.icon("plus", size=14), "Add time", type="submit", size="2", variant="soft",
                      class_name="add-slot"),
            spacing="2", align="center", wrap="wrap",
        ),
        on_submit=Q.add_slot, reset_on_submit=False,
    )


def _upcoming(slot) -> rx.Component:
    return rx.hstack(
        rx.text(slot.when, size="2", weight="medium", min_width="9.5rem"),
        rx.cond(slot.free, rx.badge("free", color_scheme="gray", variant="soft"),
                rx.text(slot.excerpt, size="2", trim="both")),
        spacing="3", align="center", width="100%", class_name="upcoming-slot",
    )


def _conflict(row, conflict) -> rx.Component:
    return rx.callout.root(
        rx.hstack(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(conflict.text),
            rx.cond(conflict.post_id != 0,
                    rx.button("Resolve", size="1", variant="soft", class_name="resolve-conflict",
                              on_click=Q.resolve(conflict.post_id, row.id)),
                    rx.text("Both were scheduled by hand: change one in Create.", size="1")),
            spacing="2", align="center", wrap="wrap",
        ),
        color_scheme="amber", size="1", class_name="queue-conflict",
    )


def _account(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(
            rx.heading(row.name, size="4"), rx.badge(row.network, variant="outline"),
            rx.cond(row.paused, rx.badge("Paused", color_scheme="orange", class_name="paused-badge")),
            rx.spacer(),
            rx.cond(Q.can_manage, rx.hstack(
                rx.text("Paused", size="2"),
                rx.switch(checked=row.paused, on_change=lambda on: Q.set_paused(row.id, on), class_name="pause-queue"),
                spacing="2", align="center")),
            align="center", width="100%",
        ),
        rx.cond(row.paused, rx.text("New posts are not added to this queue. Posts it already scheduled keep their "
                                    "time.", size="2", color_scheme="orange")),
        rx.text("Posting times", size="2", weight="bold"),
        rx.cond(row.slots.length() > 0, rx.flex(rx.foreach(row.slots, _slot_chip), wrap="wrap", gap="2"),
                rx.text("No posting times yet.", size="2", color_scheme="gray")),
        rx.cond(Q.can_manage, _add_slot_form(row)),
        rx.foreach(row.conflicts, lambda c: _conflict(row, c)),
        rx.cond(row.upcoming.length() > 0, rx.vstack(
            rx.text("Next slots", size="2", weight="bold"),
            rx.foreach(row.upcoming, _upcoming),
            spacing="1", width="100%", class_name="upcoming-slots")),
        spacing="3", width="100%",
    ), width="100%", class_name="queue-account")


def _add_to_queue() -> rx.Component:
    return rx.card(rx.form(rx.vstack(
        rx.text("Add a post to the queue", weight="bold"),
        rx.text("It goes out at the next free time of each of its accounts. Priority takes the first time and "
                "moves the other queued posts back one slot.", size="2", color_scheme="gray"),
        rx.hstack(
            rx.el.select(rx.el.option("Pick a post…", value=""),
                         rx.foreach(Q.choices, lambda c: rx.el.option(c.label, value=c.id)),
                         name="post_id", id="queue-post", style={"padding": "0.3rem", "max_width": "28rem"}),
            rx.checkbox("Priority", name="priority", id="queue-priority"),
            rx.button(rx.icon("list-plus", size=14), "Add to queue", type="submit", id="add-to-queue"),
            spacing="3", align="center", wrap="wrap",
        ),
        spacing="2", width="100%",
    ), on_submit=Q.add_to_queue, reset_on_submit=False), width="100%")


@app_page("calendar", "Queues", on_load=[Q.load], route="/calendar/queues")
def queues_page() -> rx.Component:
    return rx.vstack(
        page_header("Queues", "Each account's posting times, and what goes out at each."),
        rx.hstack(rx.link("← Calendar", href="/calendar"),
                  rx.text("Times are in the organization's time zone (", Q.zone_name, ").", size="2",
                          color_scheme="gray"), spacing="3", align="center"),
        error_callout(Q.error, id_="queue-error"),
        rx.cond(Q.choices.length() > 0, _add_to_queue()),
        rx.cond(Q.rows.length() > 0, rx.vstack(rx.foreach(Q.rows, _account), spacing="4", width="100%"),
                empty_state("list-ordered", "No connected accounts", "Connect an account in Accounts, then give it "
                            "posting times here.", rx.link("Go to Accounts", href="/accounts"))),
        spacing="4", width="100%",
    )

"""The composer's scheduling panel (state in `schedule_state.py`)."""

import reflex as rx

from allin_app.content.composer_state import ComposerState as C
from allin_app.scheduling.schedule_state import ScheduleState as T

STATUS_COLORS = (("published", "green"), ("failed", "red"), ("missed", "red"), ("verifying", "amber"),
                 ("publishing", "blue"), ("scheduled", "blue"), ("in_review", "amber"), ("held", "orange"))


def _delivery(row) -> rx.Component:
    return rx.hstack(
        rx.badge(row.status, color_scheme=rx.match(row.status, *STATUS_COLORS, "gray"), class_name="delivery-status"),
        rx.text(row.account, " · ", row.network, size="2"),
        rx.cond(row.url != "", rx.link("View post", href=row.url, is_external=True, size="2")),
        rx.cond(row.error != "", rx.text(row.error, size="1", color_scheme="gray")),
        rx.cond(row.timeline.length() > 0, rx.vstack(
            rx.foreach(row.timeline, lambda line: rx.text(line, size="1", color_scheme="gray")),
            spacing="0", width="100%", padding_left="0.5rem", class_name="delivery-timeline")),
        spacing="2", align="center", wrap="wrap", class_name="delivery-row",
    )


def _best_times() -> rx.Component:
    def pick(slot) -> rx.Component:
        return rx.tooltip(rx.button(rx.icon("sparkles", size=12), slot.label, size="1", variant="outline",
                                    on_click=T.set_when(slot.when_local), class_name="best-time"),
                          content=slot.hint)

    return rx.vstack(rx.text("Best times", size="1", weight="medium"),
                     rx.flex(rx.foreach(T.best_slots, pick), wrap="wrap", gap="2"),
                     rx.text(T.best_note, size="1", color_scheme="gray", max_width="18rem", id="best-times-note"),
                     spacing="1", id="best-times")


def _picker() -> rx.Component:
    return rx.vstack(
        rx.text("Publish at", size="2", weight="medium"),
        rx.input(type="datetime-local", value=T.when_local, on_change=T.set_when, id="schedule-at"),
        rx.select(T.zones, value=T.zone_name, on_change=T.set_zone, size="1", id="schedule-zone"),
        rx.hstack(rx.button("In an hour", size="1", variant="soft", on_click=T.quick("hour")),
                  rx.button("Tomorrow 09:00", size="1", variant="soft", on_click=T.quick("tomorrow")), spacing="2"),
        rx.cond(T.best_slots.length() > 0, _best_times()),
        rx.button("Schedule", on_click=T.schedule, id="confirm-schedule", width="100%"),
        spacing="2",
    )


def schedule_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.popover.root(
                rx.popover.trigger(rx.button(rx.icon("calendar-clock", size=14), "Schedule", id="open-schedule",
                                             disabled=C.post_id == 0)),
                rx.popover.content(_picker()),
                on_open_change=T.open,
            ),
            rx.button(rx.icon("send", size=14), "Publish now", variant="soft", on_click=T.publish_now,
                      id="publish-now", disabled=C.post_id == 0),
            rx.cond(C.status == "scheduled", rx.button("Unschedule", variant="ghost", on_click=T.unschedule,
                                                       id="unschedule")),
            spacing="2", align="center", wrap="wrap",
        ),
        rx.cond(T.scheduled_for != "", rx.text("Scheduled for ", T.scheduled_for, size="2", id="scheduled-for")),
        rx.cond(T.error != "", rx.callout(T.error, icon="triangle-alert", color_scheme="red", size="1",
                                          id="schedule-error")),
        rx.foreach(T.warnings, lambda w: rx.callout(w, icon="info", color_scheme="amber", size="1",
                                                    class_name="schedule-warning")),
        rx.cond(T.deliveries.length() > 0, rx.vstack(rx.foreach(T.deliveries, _delivery), spacing="1",
                                                     id="deliveries")),
        width="100%", spacing="2", on_mount=T.open,
    )

"""The content calendar (/calendar): month, week and day views of what goes out when, with filters, a
time zone switch, and drag and drop to reschedule (state in `calendar_state.py`)."""

import reflex as rx
from reflex_base.event import EventHandler, no_args_event_spec
from reflex_components_core.el.elements.typography import Div

from allin_app.content.library_state import ALL, Choice
from allin_app.content.models import PostStatus
from allin_app.platforms.limits import LABELS
from allin_app.scheduling.calendar import MISSED
from allin_app.scheduling.calendar_state import STATE_COLORS, STATE_LABELS
from allin_app.scheduling.calendar_state import CalendarState as C
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page

NETWORK_CHOICES = [Choice(key, label) for key, label in LABELS.items()]
CALENDAR_STATUS_CHOICES = [*(Choice(s.value, s.label) for s in PostStatus), Choice(MISSED, STATE_LABELS[MISSED])]
LEGEND = ("in_review", "held", "scheduled", "publishing", "published", "failed", MISSED)


class DragBox(Div):
    """A div that speaks HTML5 drag and drop (Reflex has no drag and drop component)."""

    on_drag_start: EventHandler[no_args_event_spec]
    on_drag_over: EventHandler[no_args_event_spec]
    on_drop: EventHandler[no_args_event_spec]


# --- toolbar and filters ----------------------------------------------------------------------


def _select(name: str, everything: str, choices, id_: str) -> rx.Component:
    items = ([rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))] if isinstance(choices, rx.Var)
             else [rx.select.item(c.label, value=c.value) for c in choices])
    return rx.select.root(
        rx.select.trigger(id=id_, min_width="9rem"),
        rx.select.content(rx.select.item(everything, value=ALL), *items),
        value=getattr(C.filters, name), on_change=lambda value: C.set_filter(name, value), size="2",
    )


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.segmented_control.root(
            rx.segmented_control.item("Month", value="month"), rx.segmented_control.item("Week", value="week"),
            rx.segmented_control.item("Day", value="day"),
            value=C.view, on_change=C.set_view, id="calendar-view"),
        rx.icon_button(rx.icon("chevron-left", size=16), variant="soft", on_click=C.step(-1), id="calendar-prev",
                       aria_label="Previous"),
        rx.button("Today", variant="soft", on_click=C.go_today, id="calendar-today"),
        rx.icon_button(rx.icon("chevron-right", size=16), variant="soft", on_click=C.step(1), id="calendar-next",
                       aria_label="Next"),
        rx.heading(C.title, size="5", id="calendar-title"),
        rx.spacer(),
        rx.text("Times in", size="2", color_scheme="gray"),
        rx.select.root(
            rx.select.trigger(id="calendar-zone", min_width="12rem"),
            rx.select.content(rx.foreach(C.zones, lambda z: rx.select.item(
                rx.cond(z == C.org_zone, z + " (organization)", z), value=z))),
            value=C.zone_name, on_change=C.set_zone, size="2"),
        width="100%", align="center", spacing="2", wrap="wrap",
    )


def _filters() -> rx.Component:
    return rx.hstack(
        _select("network", "Every network", NETWORK_CHOICES, "calendar-network"),
        _select("account", "Every account", C.accounts, "calendar-account"),
        _select("campaign", "Every campaign", C.campaigns, "calendar-campaign"),
        _select("status", "Every status", CALENDAR_STATUS_CHOICES, "calendar-status"),
        rx.cond(C.narrowed, rx.button("Clear filters", variant="ghost", size="2", on_click=C.clear_filters,
                                      id="calendar-clear")),
        rx.spacer(),
        *[rx.hstack(rx.box(width="10px", height="10px", border_radius="3px",
                           background=f"var(--{STATE_COLORS[state]}-9)"),
                    rx.text(STATE_LABELS[state], size="1", color_scheme="gray"), spacing="1", align="center")
          for state in LEGEND],
        width="100%", align="center", spacing="2", wrap="wrap", id="calendar-filters",
    )


# --- the grid -------------------------------------------------------------------------------


def _marks(chip) -> rx.Component:
    return rx.hstack(rx.foreach(chip.networks, lambda m: rx.box(
        m.short, title=m.label, aria_label=m.label, background=m.color, color="white", font_size="10px",
        font_weight="700", line_height="16px", min_width="16px", padding="0 3px", border_radius="4px",
        text_align="center", class_name="network-mark", data_network=m.network)), spacing="1")


def _preview(chip) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.badge(chip.state_label, color_scheme="gray", variant="soft"), rx.text(chip.time, size="2"),
                  _marks(chip), align="center", spacing="2"),
        rx.text(chip.excerpt, size="2"),
        rx.foreach(chip.accounts, lambda a: rx.text(a, size="1", color_scheme="gray")),
        rx.cond(chip.campaign != "", rx.text("Campaign: ", chip.campaign, size="1", color_scheme="gray")),
        spacing="1", max_width="20rem", class_name="post-preview",
    )


def _chip(chip) -> rx.Component:
    card = DragBox.create(
        rx.hstack(rx.text(chip.time, size="1", weight="bold"), _marks(chip), spacing="1", align="center"),
        rx.text(chip.excerpt, size="1", overflow="hidden", white_space="nowrap",
                text_overflow="ellipsis"),
        draggable=True, on_drag_start=C.start_drag(chip.id, chip.minute),
        on_click=rx.redirect("/create?post=" + chip.id).stop_propagation,
        class_name="calendar-post", data_post=chip.id, data_state=chip.state,
        style={"border_left": "3px solid " + chip.color, "background": chip.tint, "border_radius": "4px",
               "padding": "2px 4px", "cursor": "grab", "overflow": "hidden", "width": "100%"},
    )
    return rx.hover_card.root(rx.hover_card.trigger(card), rx.hover_card.content(_preview(chip)), open_delay=300)


def _cell(cell) -> rx.Component:
    heading = rx.cond(
        cell.label != "",
        rx.hstack(rx.text(cell.label, size="1", weight=rx.cond(cell.today, "bold", "regular"),
                          color=rx.cond(cell.today, rx.color("accent", 11), rx.color("gray", 11)),
                          on_click=C.open_day(cell.day).stop_propagation, cursor="pointer", class_name="day-number"),
                  width="100%"),
    )
    return DragBox.create(
        heading,
        rx.foreach(cell.chips, _chip),
        on_drag_over=rx.prevent_default,
        on_drop=C.drop(cell.day, cell.hour).prevent_default,
        on_click=C.compose(cell.day, cell.hour),
        class_name="calendar-cell", data_day=cell.day, data_hour=cell.hour,
        title=rx.cond(cell.compose_url != "", "Click to write a post for this time", ""),
        style={"min_height": rx.cond(C.view == "month", "6.5rem", "2.4rem"), "padding": "4px",
               "display": "flex", "flex_direction": "column", "gap": "3px", "min_width": "0",
               "border_top": f"1px solid {rx.color('gray', 4)}", "border_left": f"1px solid {rx.color('gray', 4)}",
               "opacity": rx.cond(cell.outside, "0.55", "1"),
               "background": rx.cond(cell.today, rx.color("accent", 2), "transparent"),
               "cursor": rx.cond(cell.compose_url != "", "copy", "default")},
    )


def _row(row) -> rx.Component:
    return rx.fragment(
        rx.cond(C.view != "month", rx.text(row.label, size="1", color_scheme="gray", padding="4px",
                                           class_name="hour-label")),
        rx.foreach(row.cells, _cell),
    )


def _grid() -> rx.Component:
    return rx.box(
        rx.cond(C.view != "month", rx.box()),
        rx.foreach(C.columns, lambda name: rx.text(name, size="2", weight="medium", padding="4px",
                                                   class_name="column-heading")),
        rx.foreach(C.rows, _row),
        display="grid", grid_template_columns=C.template, width="100%", id="calendar-grid",
        border_right=f"1px solid {rx.color('gray', 4)}", border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_view=C.view,
    )


@app_page("calendar", "Calendar", on_load=[C.load])
def calendar() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_header("Calendar", "What goes out when, across all your accounts. Drag a post to another day or "
                                    "time to move it; click an empty day or hour to write one."),
            rx.spacer(),
            rx.link(rx.button(rx.icon("list-ordered", size=14), "Queues", variant="soft"), href="/calendar/queues",
                    id="open-queues"),
            rx.link(rx.button(rx.icon("file-up", size=14), "Import, export, feed", variant="soft"),
                    href="/calendar/import", id="open-import"),
            width="100%", align="start", spacing="2"),
        _toolbar(),
        _filters(),
        error_callout(C.error, "calendar-error"),
        rx.cond(C.truncated, rx.callout("This range holds more posts than the calendar can show at once: narrow "
                                        "it with the filters or a shorter view.", icon="info", color_scheme="amber",
                                        id="calendar-truncated")),
        rx.cond(~C.can_move & C.loaded, rx.text("Your role views the calendar; it cannot move posts.", size="2",
                                                color_scheme="gray", id="calendar-view-only")),
        rx.cond(C.loaded, _grid(), rx.center(rx.spinner(size="3"), width="100%", padding="3rem")),
        width="100%", spacing="3",
    )

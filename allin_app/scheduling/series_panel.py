"""The composer's "Repeat" dialog (state in `series_state.py`): daily, weekly or monthly, every N,
until a date or a number of times, skipped dates, texts taken in turn."""

import reflex as rx

from allin_app.content.composer_state import ComposerState as C
from allin_app.scheduling.series_state import DAYS
from allin_app.scheduling.series_state import SeriesState as S


def _labelled(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="2", weight="medium"), control, spacing="1")


def _frequency() -> rx.Component:
    return rx.hstack(
        _labelled("Repeat", rx.el.select(
            rx.el.option("Daily", value="daily"), rx.el.option("Weekly", value="weekly"),
            rx.el.option("Monthly", value="monthly"),
            value=S.frequency, on_change=lambda v: S.set_field("frequency", v), id="series-frequency",
            style={"padding": "0.35rem"})),
        _labelled("Every", rx.input(value=S.interval, on_change=lambda v: S.set_field("interval", v), type="number",
                                    min=1, max=365, width="5rem", id="series-interval")),
        _labelled("First date", rx.input(type="date", value=S.starts_on, id="series-starts-on",
                                         on_change=lambda v: S.set_field("starts_on", v))),
        _labelled("At", rx.input(type="time", value=S.at, on_change=lambda v: S.set_field("at", v), id="series-at")),
        spacing="3", wrap="wrap", align="end",
    )


def _days() -> rx.Component:
    return rx.cond(
        S.frequency == "weekly",
        _labelled("On", rx.hstack(*[
            rx.button(label, size="1", type="button", id=f"series-day-{n}", on_click=S.toggle_day(n),
                      variant=rx.cond(S.weekdays.contains(n), "solid", "outline"))
            for n, label in enumerate(DAYS)], spacing="1", wrap="wrap")),
        rx.cond(S.frequency == "monthly", _labelled(
            "On day of the month (months without it are skipped)",
            rx.input(value=S.month_day, type="number", min=1, max=31, width="5rem", id="series-month-day",
                     on_change=lambda v: S.set_field("month_day", v)))),
    )


def _end() -> rx.Component:
    return _labelled("Ends", rx.hstack(
        rx.el.select(rx.el.option("Never", value="never"), rx.el.option("On a date", value="until"),
                     rx.el.option("After a number of times", value="count"), value=S.end_mode,
                     on_change=lambda v: S.set_field("end_mode", v), id="series-end", style={"padding": "0.35rem"}),
        rx.cond(S.end_mode == "until", rx.input(type="date", value=S.until, id="series-until",
                                                on_change=lambda v: S.set_field("until", v))),
        rx.cond(S.end_mode == "count", rx.input(type="number", min=1, value=S.count, width="6rem", id="series-count",
                                                on_change=lambda v: S.set_field("count", v))),
        spacing="2", align="center", wrap="wrap",
    ))


def _variant(text, index) -> rx.Component:
    return rx.hstack(
        rx.text_area(value=text, on_change=lambda v: S.set_variant(index, v), rows="2", width="100%",
                     class_name="series-variant"),
        rx.icon_button(rx.icon("trash-2", size=14), variant="ghost", type="button", on_click=S.remove_variant(index),
                       aria_label="Remove this text"),
        width="100%", align="start",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _frequency(), _days(), _end(),
        _labelled("Skip these dates (e.g. 2026-12-25, 2027-01-01)",
                  rx.input(value=S.skip_dates, on_change=lambda v: S.set_field("skip_dates", v), width="100%",
                           id="series-skip")),
        rx.text("Texts in turn: the first post says the post's own words, the next one the first text below, and "
                "so on.", size="2", color_scheme="gray"),
        rx.foreach(S.variants, _variant),
        rx.button(rx.icon("plus", size=14), "Add a text", size="1", variant="soft", type="button",
                  on_click=S.add_variant, id="series-add-variant"),
        spacing="3", width="100%",
    )


def _current() -> rx.Component:
    return rx.cond(S.series_id != 0, rx.vstack(
        rx.callout(S.summary, icon="repeat", size="1", id="series-summary"),
        rx.cond(S.is_occurrence, rx.hstack(
            rx.text("This post is one of the series. Changes here apply to all upcoming posts.", size="2"),
            rx.button("Change only this one", size="1", variant="soft", on_click=S.detach, id="series-detach"),
            spacing="2", align="center", wrap="wrap")),
        rx.cond(S.upcoming.length() > 0, rx.text("Next: ", S.upcoming.join(" · "), size="1", color_scheme="gray")),
        spacing="2", width="100%",
    ))


def series_panel() -> rx.Component:
    """The "Repeat" button and its dialog, for the composer's action row."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("repeat", size=14), "Repeat", variant="soft", id="open-series",
                                    disabled=C.post_id == 0)),
        rx.dialog.content(
            rx.dialog.title("Repeat this post"),
            rx.vstack(
                _current(), _form(),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", size="1",
                                                  id="series-error")),
                rx.hstack(
                    rx.cond(S.series_id != 0, rx.button("Stop repeating", color_scheme="red", variant="soft",
                                                        on_click=S.stop, id="series-stop")),
                    rx.spacer(),
                    rx.dialog.close(rx.button("Close", variant="ghost", type="button")),
                    rx.button(rx.cond(S.series_id != 0, "Change all upcoming", "Repeat"), on_click=S.save,
                              id="series-save"),
                    width="100%", align="center",
                ),
                spacing="3", width="100%",
            ),
            max_width="40rem",
        ),
        on_open_change=S.open,
    )

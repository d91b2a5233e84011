"""The content calendar (/calendar)."""

import reflex as rx

from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("calendar", "Calendar")
def calendar() -> rx.Component:
    return rx.vstack(
        page_header("Calendar", "What goes out when, across all your accounts."),
        empty_state("calendar-days", "Nothing scheduled",
                    "Scheduled and published posts appear on this calendar by day, week and month. Schedule a "
                    "post from Create to fill it."),
        width="100%",
    )

"""The content calendar (/calendar)."""

import reflex as rx

from allin_app.ui.components import empty_page
from allin_app.ui.shell import app_page


@app_page("calendar", "Calendar")
def calendar() -> rx.Component:
    return empty_page(
        "Calendar",
        "What goes out when, across all your accounts.",
        "calendar-days",
        "Nothing scheduled",
        "Scheduled and published posts appear on this calendar by day, week and month. Schedule a "
        "post from Create to fill it.",
    )

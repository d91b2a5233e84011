"""Templates (/templates) and campaigns (/campaigns)."""

import reflex as rx

from allin_app.ui.components import content_tabs, empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("content", "Templates", route="/templates")
def templates() -> rx.Component:
    return rx.vstack(page_header("Templates", "Reusable posts with {{variables}}."), content_tabs("templates"),
                     empty_state("file-text", "No templates yet", "Templates you save appear here."), width="100%")


@app_page("content", "Campaigns", route="/campaigns")
def campaigns() -> rx.Component:
    return rx.vstack(page_header("Campaigns", "Posts grouped by goal, dates and budget."), content_tabs("campaigns"),
                     empty_state("flag", "No campaigns yet", "Campaigns you create appear here."), width="100%")

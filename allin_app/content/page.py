"""The content library (/content)."""

import reflex as rx

from allin_app.ui.components import empty_page
from allin_app.ui.shell import app_page


@app_page("content", "Content")
def content() -> rx.Component:
    return empty_page(
        "Content",
        "Drafts, scheduled and published posts, templates and media.",
        "library",
        "No content yet",
        "Every draft, scheduled and published post of your organization is listed here, with the "
        "ones waiting for your approval on top.",
    )

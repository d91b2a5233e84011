"""The team page (/team)."""

import reflex as rx

from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("team", "Team")
def team() -> rx.Component:
    return rx.vstack(
        page_header("Team", "Who works in this organization, and their roles."),
        empty_state("users", "Team management",
                    "Members, invitations and roles of your organization are managed here; the demo team was "
                    "created by the seed and signs in with the logins in the README."),
        width="100%",
    )

"""The composer (/create)."""

import reflex as rx

from allin_app.ui.components import empty_page
from allin_app.ui.shell import app_page


@app_page("create", "Create")
def create() -> rx.Component:
    return empty_page(
        "Create",
        "Write a post once and tailor it for each network.",
        "square-pen",
        "The composer needs a connected account",
        "Posts are written for the social accounts of your organization. Once an account is "
        "connected under Accounts, you can compose, preview per network and schedule here.",
        rx.link(rx.button("Go to Accounts", variant="soft"), href="/accounts"),
    )

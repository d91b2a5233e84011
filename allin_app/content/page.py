"""The composer (/create) and the content library (/content)."""

import reflex as rx

from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("create", "Create")
def create() -> rx.Component:
    return rx.vstack(
        page_header("Create", "Write a post once and tailor it for each network."),
        empty_state("square-pen", "The composer needs a connected account",
                    "Posts are written for the social accounts of your organization. Once an account is "
                    "connected under Accounts, you can compose, preview per network and schedule here.",
                    rx.link(rx.button("Go to Accounts", variant="soft"), href="/accounts")),
        width="100%",
    )


@app_page("content", "Content")
def content() -> rx.Component:
    return rx.vstack(
        page_header("Content", "Drafts, scheduled and published posts, templates and media."),
        empty_state("library", "No content yet",
                    "Every draft, scheduled and published post of your organization is listed here, with the "
                    "ones waiting for your approval on top."),
        width="100%",
    )

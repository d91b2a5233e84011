"""Connected social accounts (/accounts)."""

import reflex as rx

from allin_app.ui.components import empty_state, page_header
from allin_app.ui.shell import app_page


@app_page("accounts", "Accounts")
def accounts() -> rx.Component:
    return rx.vstack(
        page_header("Accounts", "The social media accounts this organization publishes to."),
        empty_state("share-2", "No accounts connected",
                    "Facebook, Instagram, X, LinkedIn, TikTok, YouTube, Pinterest, Snapchat, Reddit and Threads "
                    "accounts you connect are listed here with their health and token status."),
        width="100%",
    )

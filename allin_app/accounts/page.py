"""Connected social accounts (/accounts)."""

import reflex as rx

from allin_app.ui.components import empty_page
from allin_app.ui.shell import app_page


@app_page("accounts", "Accounts")
def accounts() -> rx.Component:
    return empty_page(
        "Accounts",
        "The social media accounts this organization publishes to.",
        "share-2",
        "No accounts connected",
        "Facebook, Instagram, X, LinkedIn, TikTok, YouTube, Pinterest, Snapchat, Reddit and Threads "
        "accounts you connect are listed here with their health and token status.",
    )

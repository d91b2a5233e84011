"""The public pages an account's owner opens from a reconnect link: /connect/reconnect and /connect/done."""

from __future__ import annotations

import asyncio

import reflex as rx

from allin_app.accounts import reconnect
from allin_app.auth.state import go_to
from allin_app.core.db import session_scope
from allin_app.core.errors import DomainError
from allin_app.ui.components import auth_card, error_callout


class ReconnectState(rx.State):
    summary: str = ""
    network: str = ""
    error: str = ""
    done_message: str = ""
    _token: str = ""

    @rx.event
    def open_page(self):
        self._token = self.router.url.query_parameters.get("token", "")
        try:
            with session_scope() as db:
                preview = reconnect.reconnect_preview(db, self._token)
        except DomainError as exc:
            self.summary, self.error = "", exc.message
            return
        self.error, self.network = "", preview.network_label
        self.summary = (f"{preview.sender_name} asks you to reconnect the {preview.network_label} account "
                        f"{preview.account_name} so {preview.org_name} can keep posting.")

    @rx.event
    async def go(self):
        def start() -> str:  # the network may be this very server (the simulator): keep the loop free
            with session_scope() as db:
                return reconnect.start_reconnect(db, self._token)

        try:
            url = await asyncio.to_thread(start)
        except DomainError as exc:
            self.error = exc.message
            return
        return go_to(url)

    @rx.event
    def open_done(self):
        params = self.router.url.query_parameters
        self.error = params.get("error", "")
        self.done_message = f"Thank you: {params['connected']} is connected again." if params.get("connected") else ""


@rx.page(route="/connect/reconnect", title="Reconnect an account", on_load=ReconnectState.open_page)
def reconnect_page() -> rx.Component:
    return auth_card(
        "Reconnect an account",
        error_callout(ReconnectState.error, "reconnect-error"),
        rx.cond(ReconnectState.summary != "", rx.vstack(
            rx.text(ReconnectState.summary, id="reconnect-summary"),
            rx.text("You will sign in at the network itself; AllIN never sees your password.", size="2",
                    color_scheme="gray"),
            rx.button(f"Continue to {ReconnectState.network}", on_click=ReconnectState.go, size="3", width="100%",
                      id="reconnect-go"),
            spacing="3", width="100%")),
    )


@rx.page(route="/connect/done", title="Account reconnected", on_load=ReconnectState.open_done)
def reconnect_done_page() -> rx.Component:
    return auth_card(
        "Reconnect an account",
        error_callout(ReconnectState.error, "reconnect-error"),
        rx.cond(ReconnectState.done_message != "", rx.callout(ReconnectState.done_message, icon="circle-check",
                                                              color_scheme="green", id="reconnect-done")),
        rx.text("You can close this page.", size="2", color_scheme="gray"),
    )

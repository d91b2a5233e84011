"""Connected social accounts (/accounts): health, token expiry, connect, refresh, disconnect."""

import reflex as rx

from allin_app.accounts.state import AccountsState as A
from allin_app.ui.components import empty_state, error_callout, notice_callout, page_header
from allin_app.ui.shell import app_page

HEALTH_COLORS = {"Active": "green", "Warning": "amber", "Error": "red", "Expired": "red"}


def _health_badge(row) -> rx.Component:
    return rx.tooltip(rx.badge(row["health"], color_scheme=rx.match(row["health"], *HEALTH_COLORS.items(), "gray"),
                               class_name="health-badge"),
                      content=rx.cond(row["reason"] != "", row["reason"], "Working normally"))


def _account_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.hstack(rx.avatar(src=row["avatar"], fallback=row["name"][:2], size="2"),
                                rx.vstack(rx.text(row["name"], weight="medium"),
                                          rx.text(row["handle"], size="1", color_scheme="gray"), spacing="0"),
                                spacing="3", align="center")),
        rx.table.cell(row["network"]),
        rx.table.cell(row["followers"]),
        rx.table.cell(rx.cond(row["quota"] != "", rx.text(row["quota"], size="2", class_name="posting-quota"),
                              rx.text("none", size="2", color_scheme="gray"))),
        rx.table.cell(_health_badge(row)),
        rx.table.cell(row["expires"]),
        rx.table.cell(rx.text(row["scopes"], size="1", color_scheme="gray"), max_width="16rem"),
        rx.table.cell(rx.cond(A.can_manage, rx.hstack(
            rx.cond(row["health"] == "Expired",
                    rx.button("Reconnect", size="1", on_click=A.connect(row["key"]), class_name="reconnect-account"),
                    rx.button("Refresh now", size="1", variant="soft", on_click=A.refresh(row["id"]),
                              class_name="refresh-account")),
            rx.button("Send link", size="1", variant="soft", color_scheme="gray", on_click=A.ask_link(row["id"]),
                      class_name="send-reconnect-link"),
            rx.button("Disconnect", size="1", variant="soft", color_scheme="red",
                      on_click=A.ask_disconnect(row["id"]), class_name="disconnect-account"),
            spacing="2"))),
        class_name="account-row",
    )


def _connect_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), "Connect account", id="connect-account")),
        rx.dialog.content(
            rx.dialog.title("Connect an account"),
            rx.dialog.description("You will sign in at the network and choose which pages, profiles or channels "
                                  "AllIN may publish to.", size="2", margin_bottom="1rem"),
            rx.grid(rx.foreach(A.networks, lambda n: rx.button(
                n["label"], variant="outline", on_click=A.connect(n["key"]), id="connect-" + n["key"])),
                columns="2", spacing="2"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")), justify="end",
                      margin_top="1rem"),
        ),
    )


def _disconnect_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Disconnect this account?"),
            rx.alert_dialog.description("AllIN revokes its access at the network and forgets the tokens. Posts "
                                        "already published stay in your history and analytics.", size="2"),
            rx.text("First keep a copy of this account's posts and their metrics, as the network reports them:",
                    size="2", margin_top="0.75rem"),
            rx.hstack(rx.button(rx.icon("download", size=14), "CSV", size="1", variant="soft",
                                on_click=A.download_export("csv"), id="export-csv"),
                      rx.button(rx.icon("download", size=14), "JSON", size="1", variant="soft",
                                on_click=A.download_export("json"), id="export-json"),
                      spacing="2", margin_top="0.5rem"),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Disconnect", color_scheme="red", on_click=A.disconnect(A.confirm_id),
                                id="confirm-disconnect"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=A.confirm_id != "",
        on_open_change=A.cancel_disconnect,
    )


def _reconnect_link_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Send a reconnect link"),
            rx.dialog.description("The account's owner (your client, say) reconnects it at the network without an "
                                  "AllIN login. The link works once, for 48 hours.", size="2", margin_bottom="1rem"),
            rx.form(rx.vstack(
                rx.input(name="email", type="email", placeholder="owner@example.com", id="reconnect-email",
                         width="100%"),
                rx.cond(A.link_error != "", rx.text(A.link_error, color_scheme="red", size="2", id="link-error")),
                rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                          rx.button("Send link", type="submit", id="send-link"), justify="end", width="100%"),
                spacing="3"), on_submit=A.send_link),
        ),
        open=A.link_id != "",
        on_open_change=A.close_link,
    )


@app_page("accounts", "Accounts", on_load=[A.load])
def accounts() -> rx.Component:
    headers = ("Account", "Network", "Followers", "Posting quota", "Health", "Access expires", "Scopes granted", "")
    return rx.vstack(
        rx.hstack(page_header("Accounts", "The social media accounts this organization publishes to."),
                  rx.spacer(), rx.cond(A.can_connect, _connect_dialog()), width="100%", align="start"),
        notice_callout(A.notice, "accounts-notice"),
        error_callout(A.error, "accounts-error"),
        rx.cond(
            A.rows.length() > 0,
            rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                          rx.table.body(rx.foreach(A.rows, _account_row)), width="100%", id="accounts-table"),
            empty_state("share-2", "No accounts connected",
                        "Connect Facebook, Instagram, X, LinkedIn, TikTok, YouTube, Pinterest, Snapchat, Reddit or "
                        "Threads accounts to publish to them and follow their results here."),
        ),
        _disconnect_dialog(),
        _reconnect_link_dialog(),
        width="100%",
    )

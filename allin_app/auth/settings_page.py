"""Settings (/settings: profile) and Settings > Security (/settings/security)."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.security_state import SecurityState
from allin_app.auth.state import SessionState
from allin_app.ui.components import error_callout, field, page_header, settings_tabs
from allin_app.ui.shell import app_page
from allin_app.workflow.notification_prefs_card import notification_prefs_card


@app_page("settings", "Settings")
def settings_page() -> rx.Component:
    row = lambda label, value, id_: rx.hstack(
        rx.text(label, weight="medium", width="10rem"), rx.text(value, id=id_), spacing="4")
    return rx.vstack(
        page_header("Settings"),
        settings_tabs("profile"),
        rx.card(rx.vstack(
            row("Name", SessionState.user_name, "profile-name"),
            row("Email", SessionState.user_email, "profile-email"),
            row("Organization", SessionState.org_name, "profile-org"),
            row("Role", SessionState.role_label, "profile-role"),
            rx.hstack(rx.text("Dark mode", weight="medium", width="10rem"),
                      rx.color_mode.switch(id="theme-switch"), spacing="4", align="center"),
            spacing="3",
        ), width="100%"),
        notification_prefs_card(),
        width="100%",
    )


def _two_factor_off() -> rx.Component:
    return rx.cond(
        SecurityState.setup_secret == "",
        rx.vstack(
            rx.text("Protect your account with a code from an authenticator app (Google Authenticator, Authy, "
                    "Microsoft Authenticator or any TOTP app) in addition to your password."),
            rx.button("Enable 2FA", on_click=SecurityState.start_2fa, id="enable-2fa"),
            spacing="3",
        ),
        rx.vstack(
            rx.text("1. Scan this QR code with your authenticator app, or type the secret by hand."),
            rx.image(src=SecurityState.setup_qr, width="12rem", height="12rem", alt="QR code for 2FA", id="totp-qr"),
            rx.code(SecurityState.setup_secret, id="totp-secret", size="3"),
            rx.text("2. Enter the 6-digit code the app shows to confirm."),
            rx.form(
                rx.hstack(
                    rx.input(name="code", id="totp-confirm-code", placeholder="123456", auto_complete="one-time-code"),
                    rx.button("Confirm", type="submit", id="confirm-2fa"),
                    rx.button("Cancel", type="button", variant="soft", color_scheme="gray",
                              on_click=SecurityState.cancel_2fa_setup),
                    spacing="2",
                ),
                on_submit=SecurityState.confirm_2fa,
                reset_on_submit=True,
            ),
            spacing="3",
        ),
    )


def _password_confirm_form(label: str, on_submit, id_: str, color: str = "gray") -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="password", type="password", placeholder="Your password", id=f"{id_}-password",
                     auto_complete="current-password"),
            rx.button(label, type="submit", variant="soft", color_scheme=color, id=id_),
            spacing="2",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
    )


def _two_factor_on() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.badge("On", color_scheme="green", id="two-factor-status"),
                  rx.text(f"{SecurityState.backup_left} unused backup codes left.", size="2")),
        rx.text("New backup codes (the old ones stop working):", size="2"),
        _password_confirm_form("Regenerate backup codes", SecurityState.regenerate_codes, "regenerate-codes"),
        rx.text("Turn off two-factor authentication:", size="2"),
        _password_confirm_form("Disable 2FA", SecurityState.disable_2fa, "disable-2fa", "red"),
        spacing="3",
    )


def _backup_codes() -> rx.Component:
    return rx.cond(
        SecurityState.backup_codes.length() > 0,
        rx.callout(
            rx.vstack(
                rx.text("Save these backup codes somewhere safe. Each works once if you lose your phone. "
                        "They are shown only now.", weight="medium"),
                rx.grid(rx.foreach(SecurityState.backup_codes, lambda c: rx.code(c, class_name="backup-code")),
                        columns="5", spacing="2"),
                spacing="2",
            ),
            icon="key-round",
            color_scheme="amber",
            id="backup-codes",
        ),
    )


def _sessions_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Device", "IP", "Last seen", "")])),
        rx.table.body(rx.foreach(SecurityState.sessions, lambda s: rx.table.row(
            rx.table.cell(s["device"], max_width="28rem", overflow="hidden", text_overflow="ellipsis"),
            rx.table.cell(s["ip"]),
            rx.table.cell(s["last_seen"]),
            rx.table.cell(rx.cond(s["current"] == "yes", rx.badge("This device"),
                                  rx.button("Sign out", size="1", variant="soft", color_scheme="red",
                                            on_click=SecurityState.revoke(s["id"])))),
        ))),
        width="100%",
        id="sessions-table",
    )


def _history_table() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Time", "IP", "Device", "Result")])),
        rx.table.body(rx.foreach(SecurityState.history, lambda a: rx.table.row(
            rx.table.cell(a["at"]), rx.table.cell(a["ip"]),
            rx.table.cell(a["device"], max_width="24rem", overflow="hidden", text_overflow="ellipsis"),
            rx.table.cell(a["result"]),
        ))),
        width="100%",
        id="history-table",
    )


def _change_password() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Current password", "current_password", "password", "current-password"),
            field("New password", "new_password", "password", "new-password"),
            field("Repeat new password", "new_password_confirm", "password", "new-password"),
            rx.button("Change password", type="submit", id="change-password"),
            spacing="3",
            max_width="24rem",
        ),
        on_submit=SecurityState.change_password,
        reset_on_submit=True,
    )


def _section(title: str, *children) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%"), width="100%")


@app_page("settings", "Security", on_load=[SecurityState.load], route="/settings/security")
def security_page() -> rx.Component:
    return rx.vstack(
        page_header("Settings"),
        settings_tabs("security"),
        error_callout(SecurityState.error, "security-error"),
        _backup_codes(),
        _section("Two-factor authentication",
                 rx.cond(SecurityState.two_factor_enabled, _two_factor_on(), _two_factor_off())),
        _section("Password", _change_password()),
        _section("Active sessions", _sessions_table()),
        _section("Sign-in history", _history_table()),
        spacing="4",
        width="100%",
    )

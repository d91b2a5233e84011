"""Settings > Organization (/settings/organization): the acting organization's profile."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.settings_card import ai_settings_card
from allin_app.core.money import currency_choices
from allin_app.orgs.notifications import FREQUENCIES
from allin_app.orgs.settings_state import LANGUAGES, SIZES, TIMEZONES, OrgSettingsState
from allin_app.ui.components import error_callout, page_header, settings_tabs
from allin_app.ui.shell import app_page
from allin_app.workflow.workflows_card import workflows_card

S = OrgSettingsState


def _message(name: str) -> rx.Component:
    return rx.cond(S.error_field == name, rx.text(S.error, color_scheme="red", size="2", id=f"{name}-error"))


def _labelled(label: str, name: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, as_="label", html_for=name, size="2", weight="medium"), control, _message(name),
                     spacing="1", width="100%")


def _text(label: str, name: str, **props) -> rx.Component:
    return _labelled(label, name, rx.input(id=name, name=name, default_value=S.profile[name], width="100%",
                                           read_only=~S.can_edit, **props))


def _choice(label: str, name: str, options: dict[str, str] | list[str]) -> rx.Component:
    items = options.items() if isinstance(options, dict) else [(o, o) for o in options]
    return _labelled(label, name, rx.select.root(
        rx.select.trigger(id=name, width="100%", placeholder="Choose…"),
        rx.select.content(*[rx.select.item(text, value=value) for value, text in items]),
        name=name, default_value=S.profile[name], disabled=~S.can_edit,
    ))


def _profile_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _text("Name", "name"),
            _labelled("Description", "description", rx.text_area(
                id="description", name="description", default_value=S.profile["description"], width="100%",
                read_only=~S.can_edit)),
            rx.grid(_text("Industry", "industry", placeholder="e.g. Food & drink"),
                    _choice("Size (people)", "size", list(SIZES)), columns="2", spacing="4", width="100%"),
            _text("Website", "website", placeholder="https://example.com"),
            _text("Address", "address"),
            rx.grid(_choice("Default time zone", "timezone", TIMEZONES), _choice("Language", "language", LANGUAGES),
                    columns="2", spacing="4", width="100%"),
            _choice("Currency (budgets, costs and revenue)", "currency", currency_choices()),
            rx.cond(S.can_edit, rx.button("Save organization", type="submit", id="save-organization"),
                    rx.text("Only the organization's owner (or the agency that manages it) can change these.",
                            size="2", color_scheme="gray", id="org-read-only")),
            spacing="4",
            max_width="40rem",
        ),
        on_submit=S.save,
        key=S.profile["name"],  # re-mount with fresh defaults after a load
    )


def _security_form() -> rx.Component:
    def number(label: str, name: str, hint: str) -> rx.Component:
        return _labelled(label, name, rx.vstack(
            rx.input(id=name, name=name, type="number", default_value=S.policy[name], width="8rem"),
            rx.text(hint, size="1", color_scheme="gray"), spacing="1"))

    return rx.form(
        rx.vstack(
            rx.hstack(rx.switch(checked=S.require_2fa, on_change=S.set_require_2fa, id="require-2fa"),
                      rx.text("Require two-factor authentication for every member"), spacing="2", align="center"),
            rx.grid(number("Minimum password length", "min_password_length", "8 to 64 characters"),
                    number("Sign out after inactivity (minutes)", "session_timeout_minutes", "5 to 15 minutes"),
                    columns="2", spacing="4", width="100%"),
            _labelled("Allowed networks (IP allow list)", "ip_allowlist", rx.vstack(
                rx.text_area(id="ip_allowlist", name="ip_allowlist", default_value=S.policy["ip_allowlist"],
                             placeholder="203.0.113.0/24", width="100%", rows="3"),
                rx.text(f"One address or CIDR range per line; empty allows every network. Your address now: "
                        f"{S.your_ip}", size="1", color_scheme="gray"),
                spacing="1", width="100%")),
            rx.button("Save security policy", type="submit", id="save-security"),
            spacing="4",
            max_width="40rem",
        ),
        on_submit=S.save_security,
        key=S.policy["ip_allowlist"] + S.policy["min_password_length"] + S.policy["session_timeout_minutes"],
    )


def _publishing_form() -> rx.Component:
    def minutes(name: str, label: str, hint: str) -> rx.Component:
        return rx.vstack(rx.text(label, size="2", weight="medium"),
                         rx.input(name=name, default_value=S.publishing[name], type="number", min="0", id=name,
                                  disabled=~S.can_edit, width="8rem"),
                         rx.cond(S.error_field == name, rx.text(S.error, color_scheme="red", size="1"),
                                 rx.text(hint, size="1", color_scheme="gray")), spacing="1")

    return rx.form(rx.vstack(
        minutes("min_gap_minutes", "Minimum gap between posts on one account (minutes)",
                "Closer posts are flagged; queues keep at least this gap."),
        minutes("grace_minutes", "Grace window after downtime (minutes)",
                "A post that came due while AllIN was down goes out this late at most; later, it is marked missed."),
        rx.cond(S.can_edit, rx.button("Save publishing settings", type="submit", id="save-publishing")),
        spacing="3"), on_submit=S.save_publishing,
        key=S.publishing["min_gap_minutes"] + S.publishing["grace_minutes"])


def _notification_defaults() -> rx.Component:
    def row(event) -> rx.Component:
        def switch(channel: str) -> rx.Component:
            return rx.table.cell(rx.switch(checked=event[channel] == "on", disabled=~S.can_edit,
                                           on_change=lambda on: S.toggle_notification(event["key"], channel, on),
                                           id=f"notify-{channel}-" + event["key"]))

        return rx.table.row(rx.table.cell(event["label"]), switch("in_app"), switch("email"))

    return rx.vstack(
        rx.text("What members of this organization hear about, unless they choose otherwise.", size="2",
                color_scheme="gray"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Event", "In the app", "Email")])),
            rx.table.body(rx.foreach(S.notify_events, row)),
            width="100%", size="1",
        ),
        rx.hstack(rx.text("Email frequency", size="2", weight="medium"),
                  rx.select.root(rx.select.trigger(id="notify-frequency"),
                                 rx.select.content(*[rx.select.item(label, value=key)
                                                     for key, label in FREQUENCIES.items()]),
                                 value=S.notify_frequency, on_change=S.set_notify_frequency, disabled=~S.can_edit),
                  spacing="3", align="center"),
        rx.cond(S.can_edit, rx.button("Save notification defaults", on_click=S.save_notifications,
                                      id="save-notifications")),
        spacing="3", width="100%", max_width="40rem",
    )


@app_page("settings", "Organization", on_load=[S.load], route="/settings/organization")
def organization_settings() -> rx.Component:
    return rx.vstack(
        page_header("Settings"),
        settings_tabs("organization"),
        error_callout(rx.cond(S.error_field == "", S.error, ""), "org-settings-error"),
        rx.card(rx.vstack(rx.hstack(rx.heading("Organization profile", size="4"), rx.badge(S.kind_label)),
                          _profile_form(), spacing="4"), width="100%"),
        rx.card(rx.vstack(rx.heading("Publishing", size="4"), _publishing_form(), spacing="4"), width="100%",
                id="publishing-settings"),
        workflows_card(),
        ai_settings_card(),
        rx.card(rx.vstack(rx.heading("Notification defaults", size="4"), _notification_defaults(), spacing="4"),
                width="100%", id="notification-defaults"),
        rx.cond(S.can_edit_security, rx.card(rx.vstack(rx.heading("Security policy", size="4"), _security_form(),
                                                        spacing="4"), width="100%", id="security-policy")),
        width="100%",
    )

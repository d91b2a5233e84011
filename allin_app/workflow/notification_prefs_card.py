"""Settings > Profile > Notifications: the person's own choices per event and channel (over the organization's
defaults), and whether their email comes as things happen or as a daily or weekly digest."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.orgs.notifications import CHANNELS, FREQUENCIES
from allin_app.workflow import notification_prefs as prefs

FOLLOW = "org"  # the select's "as my organization says" (a select item cannot have an empty value)
FREQUENCY_LABELS = {"instant": "As they happen", "daily": "Daily digest (08:00)",
                    "weekly": "Weekly digest (Monday 08:00)"}


def _on(value: bool) -> str:
    return "on" if value else ""


class NotificationPrefsState(rx.State):
    events: list[dict[str, str]] = []  # noqa: RUF012 - Reflex state vars are declared this way
    frequency: str = FOLLOW
    org_frequency: str = ""
    error: str = ""

    def _show(self, choices: list[prefs.EventChoice], email: prefs.EmailFrequency) -> None:
        self.events = [{"key": c.event, "label": c.label, "in_app": _on(c.in_app), "email": _on(c.email),
                        "default": "Organization default: " + ", ".join(
                            [name for name, on in (("in the app", c.org_in_app), ("email", c.org_email)) if on]
                            or ["off"])} for c in choices]
        self.frequency = email.chosen or FOLLOW
        self.org_frequency = FREQUENCIES[email.org_default]

    @rx.event
    @requires_sign_in
    async def load(self):
        found, error = await act_as_signed_in(self, lambda db, actor: (prefs.preferences(db, actor),
                                                                       prefs.email_frequency(db, actor)))
        self.error = error.message if error else ""
        if not error:
            self._show(*found)

    @rx.event
    def toggle(self, event: str, channel: str, on: bool):
        if channel in CHANNELS:
            self.events = [{**row, channel: _on(on)} if row["key"] == event else row for row in self.events]

    @rx.event
    def set_frequency(self, value: str):
        self.frequency = value if value in FREQUENCIES else FOLLOW

    @rx.event
    @requires_sign_in
    async def save(self):
        choices = {row["key"]: {c: row[c] == "on" for c in CHANNELS} for row in self.events}
        frequency = "" if self.frequency == FOLLOW else self.frequency

        def change(db, actor):
            return prefs.update_preferences(db, actor, choices), prefs.set_email_frequency(db, actor, frequency)

        found, error = await act_as_signed_in(self, change)
        if error:
            return rx.toast.error(error.message)
        self._show(*found)
        return rx.toast.success("Notification settings saved.")


S = NotificationPrefsState


def _row(event) -> rx.Component:
    def switch(channel: str) -> rx.Component:
        return rx.table.cell(rx.switch(checked=event[channel] == "on",
                                       on_change=lambda on: S.toggle(event["key"], channel, on),
                                       id=f"my-notify-{channel}-" + event["key"]))

    return rx.table.row(rx.table.cell(rx.vstack(rx.text(event["label"], size="2"),
                                                rx.text(event["default"], size="1", color_scheme="gray"),
                                                spacing="0")),
                        switch("in_app"), switch("email"))


def notification_prefs_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Notifications", size="4"),
        rx.text("What you hear about in this organization, and how. Anything you leave as it is follows the "
                "organization's defaults.", size="2", color_scheme="gray"),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2")),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Event", "In the app", "Email")])),
            rx.table.body(rx.foreach(S.events, _row)),
            width="100%", size="1"),
        rx.hstack(
            rx.text("Email", size="2", weight="medium"),
            rx.select.root(
                rx.select.trigger(id="my-notify-frequency", min_width="16rem"),
                rx.select.content(rx.select.item("As my organization says (" + S.org_frequency + ")", value=FOLLOW),
                                  *[rx.select.item(label, value=key) for key, label in FREQUENCY_LABELS.items()]),
                value=S.frequency, on_change=S.set_frequency),
            spacing="3", align="center"),
        rx.text("A digest replaces the separate emails: one email lists what you have not read in the app yet, "
                "grouped by type, at 08:00 in your organization's time zone.", size="1", color_scheme="gray"),
        rx.text("SMS needs an SMS provider configured by your administrator.", size="1", color_scheme="gray",
                id="sms-note"),
        rx.button("Save notification settings", on_click=S.save, id="save-my-notifications"),
        spacing="3", width="100%"),
        width="100%", id="notification-preferences", on_mount=S.load)

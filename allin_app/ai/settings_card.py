"""The "AI provider" card of Settings > Organization: which provider answers now, the organization's own
OpenAI-compatible model (base URL, model, write-only API key), "Test connection" and "Use the default"."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.settings_state import AISettingsState as S

READ_ONLY = ("Only the organization's owner (or the agency that manages it) can choose the AI provider; "
             "ask them to change it.")


def _field(label: str, name: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, as_="label", html_for=f"ai-{name}", size="2", weight="medium"),
        control,
        rx.cond((S.error_field == name) & (S.error != ""),
                rx.text(S.error, color_scheme="red", size="1", id=f"ai-{name}-error"),
                rx.text(hint, size="1", color_scheme="gray")),
        spacing="1", width="100%")


def _key_hint() -> rx.Component:
    return rx.cond(
        S.has_api_key,
        rx.hstack(rx.badge("A key is stored", color_scheme="green", id="ai-key-stored"),
                  rx.text("Leave empty to keep it.", size="1", color_scheme="gray"),
                  rx.button("Remove the key", size="1", variant="ghost", color_scheme="red", type="button",
                            on_click=S.remove_key, id="ai-remove-key"),
                  spacing="2", align="center"),
        rx.text("No key stored. Local servers (Ollama, llama.cpp) usually need none.", size="1", color_scheme="gray",
                id="ai-no-key"))


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("Base URL", "base_url", rx.input(
                id="ai-base_url", name="base_url", default_value=S.base_url, width="100%",
                placeholder="http://localhost:11434/v1"),
                "The OpenAI-compatible API's address: OpenAI, Ollama, vLLM, llama.cpp server. Empty: the default."),
            _field("Model", "model", rx.input(id="ai-model", name="model", default_value=S.model, width="100%",
                                              placeholder="llama3")),
            rx.vstack(
                rx.text("API key", as_="label", html_for="ai-api_key", size="2", weight="medium"),
                rx.input(id="ai-api_key", name="api_key", type="password", width="100%", auto_complete="off",
                         placeholder=rx.cond(S.has_api_key, "•••••••• (stored, never shown)", "sk-…")),
                _key_hint(),
                spacing="1", width="100%"),
            rx.cond((S.error != "") & (S.error_field == ""),
                    rx.text(S.error, color_scheme="red", size="2", id="ai-settings-error")),
            rx.hstack(
                rx.button("Save AI provider", type="submit", id="save-ai-provider"),
                rx.cond(S.source == "organization",
                        rx.button("Use the default", type="button", variant="soft", color_scheme="gray",
                                  on_click=S.use_default, id="ai-use-default")),
                spacing="2"),
            spacing="3", width="100%", max_width="40rem"),
        on_submit=S.save,
        key=S.form_key.to_string() + S.base_url + S.model,
    )


def _test() -> rx.Component:
    return rx.vstack(
        rx.button(rx.cond(S.testing, rx.spinner(size="1"), rx.icon("plug-zap", size=14)), "Test connection",
                  variant="outline", on_click=S.test_connection, disabled=S.testing, id="ai-test-connection"),
        rx.cond(S.test_answer != "", rx.callout(S.test_answer, icon="circle-check", color_scheme="green",
                                                id="ai-test-answer", width="100%")),
        rx.cond(S.test_error != "", rx.callout(S.test_error, icon="triangle-alert", color_scheme="red",
                                               id="ai-test-error", width="100%")),
        spacing="2", width="100%", max_width="40rem")


def ai_settings_card() -> rx.Component:
    """The card; it loads itself after the page, for every member who can open the settings."""
    return rx.box(rx.cond(S.visible, rx.card(rx.vstack(
        rx.heading("AI provider", size="4"),
        rx.hstack(rx.text("Answering now:", size="2", color_scheme="gray"),
                  rx.badge(S.source_label, id="ai-provider-source", data_source=S.source),
                  spacing="2", align="center"),
        rx.text(S.provider, size="2", id="ai-provider-name"),
        rx.text("Every AI answer says which provider wrote it. Without a model of its own, the organization uses "
                "the platform's model when the platform has one, else the local provider, which works offline.",
                size="1", color_scheme="gray"),
        rx.cond(S.can_edit, rx.vstack(_form(), rx.divider(), _test(), spacing="4", width="100%"),
                rx.text(READ_ONLY, size="2", color_scheme="gray", id="ai-settings-read-only")),
        spacing="3", width="100%"), width="100%", id="ai-provider-settings")), on_mount=S.load, width="100%")

"""Settings > Brand (/settings/brand): brand guidelines, and for agencies the white label."""

from __future__ import annotations

import reflex as rx

from allin_app.orgs.brand_state import BrandState as B
from allin_app.orgs.branding import HIDEABLE_SECTIONS
from allin_app.ui.components import error_callout, page_header, settings_tabs
from allin_app.ui.nav import SECTION_BY_KEY
from allin_app.ui.shell import app_page


def _message(name: str) -> rx.Component:
    return rx.cond(B.error_field == name, rx.text(B.error, color_scheme="red", size="2", id=f"{name}-error"))


def _field(label: str, name: str, values, hint: str = "", area: bool = False) -> rx.Component:
    control = (rx.text_area if area else rx.input)(id=name, name=name, default_value=values[name], width="100%",
                                                   read_only=~B.can_edit)
    return rx.vstack(rx.text(label, as_="label", html_for=name, size="2", weight="medium"), control,
                     rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")), _message(name),
                     spacing="1", width="100%")


def _guidelines() -> rx.Component:
    g = B.guidelines
    return rx.form(rx.vstack(
        rx.grid(_field("Brand colours", "colors", g, "Hex codes, comma-separated: #1A2B3C, #F5F5F5"),
                _field("Fonts", "fonts", g), columns="2", spacing="4", width="100%"),
        _field("Voice and tone", "voice_tone", g, "How posts should sound, e.g. warm, plain words, no jargon.",
               area=True),
        _field("Words to avoid", "words_to_avoid", g, "Comma-separated.", area=True),
        _field("Required hashtags", "required_hashtags", g, "Added to every post, e.g. #BloomCoffee"),
        rx.cond(B.can_edit, rx.button("Save guidelines", type="submit", id="save-guidelines")),
        spacing="4", max_width="44rem",
    ), on_submit=B.save_guidelines, key=g["colors"] + g["voice_tone"] + g["required_hashtags"])


def _image_upload(kind: str, url, handler) -> rx.Component:
    upload_id = f"upload-{kind}"
    return rx.vstack(
        rx.text(kind.capitalize(), size="2", weight="medium"),
        rx.hstack(
            rx.cond(url != "", rx.image(src=url, height="40px", alt=kind, id=f"{kind}-preview"),
                    rx.text("none yet", size="2", color_scheme="gray")),
            rx.upload(rx.button(f"Choose {kind}", variant="soft", type="button"), id=upload_id,
                      accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/gif": [".gif"],
                              "image/webp": [".webp"], "image/x-icon": [".ico"]},
                      max_files=1, border="none", padding="0"),
            rx.button("Upload", type="button", on_click=handler(rx.upload_files(upload_id=upload_id)),
                      id=f"{upload_id}-submit"),
            spacing="3", align="center",
        ),
        rx.text(rx.selected_files(upload_id).join(", "), size="1", color_scheme="gray"),
        _message(kind),
        spacing="1",
    )


def _white_label() -> rx.Component:
    lab = B.label
    checkboxes = [rx.checkbox(SECTION_BY_KEY[key].label, checked=B.hidden.contains(key),
                              on_change=lambda hide, key=key: B.toggle_hidden(key, hide), id=f"hide-{key}")
                  for key in HIDEABLE_SECTIONS]
    return rx.vstack(
        rx.text("Your clients' people see this name, logo and colours instead of AllIN's: in the app, on the "
                "sign-in page and in the mail they receive.", size="2", color_scheme="gray"),
        rx.form(rx.vstack(
            rx.grid(_field("App name", "app_name", lab), _field("Custom domain", "custom_domain", lab,
                                                              "e.g. social.youragency.com"),
                    _field("Primary colour", "primary_color", lab, "#1A2B3C"),
                    _field("Accent colour", "accent_color", lab, "#F0A020"), columns="2", spacing="4", width="100%"),
            rx.text("Hide these sections from your clients:", size="2", weight="medium"),
            rx.flex(*checkboxes, wrap="wrap", spacing="4"),
            _message("hidden_sections"),
            rx.button("Save white label", type="submit", id="save-white-label"),
            spacing="4", max_width="44rem",
        ), on_submit=B.save_label, key=lab["app_name"] + lab["custom_domain"] + lab["primary_color"]),
        rx.divider(),
        _image_upload("logo", B.logo_url, B.upload_logo),
        _image_upload("favicon", B.favicon_url, B.upload_favicon),
        spacing="4", width="100%",
    )


@app_page("settings", "Brand", on_load=[B.load], route="/settings/brand")
def brand_settings() -> rx.Component:
    return rx.vstack(
        page_header("Settings"),
        settings_tabs("brand"),
        error_callout(rx.cond(B.error_field == "", B.error, ""), "brand-error"),
        rx.card(rx.vstack(rx.heading("Brand guidelines", size="4"), _guidelines(), spacing="4"), width="100%"),
        rx.cond(B.is_agency, rx.card(rx.vstack(rx.heading("White label", size="4"), _white_label(), spacing="4"),
                                     width="100%", id="white-label")),
        spacing="4",
        width="100%",
    )

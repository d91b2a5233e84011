"""Small shared pieces: the signed-out card, form fields, messages, empty states."""

from __future__ import annotations

import reflex as rx

BRAND = "AllIN"


def logo(size: str = "6", name=BRAND, image_url="") -> rx.Component:
    """The app's mark: AllIN's, or an agency's white-label name and logo (vars) for its clients."""
    mark = rx.icon("infinity", size=28, color=rx.color("accent", 9))
    if not isinstance(image_url, str):
        mark = rx.cond(image_url != "", rx.image(src=image_url, height="28px", alt="logo", id="brand-logo"), mark)
    return rx.hstack(mark, rx.heading(name, size=size, weight="bold", id="brand-name"), align="center", spacing="2")


def auth_card(title: str, *children: rx.Component, subtitle: str = "", brand=None) -> rx.Component:
    """The centered card every signed-out page uses; `brand` = (name, logo url, colour) vars to white-label it."""
    name, image_url, color = brand or (BRAND, "", "")
    return rx.center(
        rx.card(
            rx.vstack(
                logo(name=name, image_url=image_url),
                rx.heading(title, size="5", id="page-title"),
                rx.cond(subtitle != "", rx.text(subtitle, color_scheme="gray", size="2")),
                *children,
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="26rem",
        ),
        min_height="100vh",
        padding="1rem",
        background=rx.color("gray", 2),
        style=brand_colors(color),
    )


def brand_colors(color) -> dict:
    """Override the theme's accent with a white-label colour (no override when it is empty)."""
    return {} if isinstance(color, str) and not color else {"--accent-9": color, "--accent-10": color}


def field(label: str, name: str, type_: str = "text", autocomplete: str = "", error=None, error_field=None,
          **props) -> rx.Component:
    """A labelled input; with `error`/`error_field` vars, the message shows under the field it is about."""
    message = rx.fragment()
    if error is not None and error_field is not None:
        message = rx.cond(error_field == name, rx.text(error, color_scheme="red", size="2", id=f"{name}-error"))
    return rx.vstack(
        rx.text(label, as_="label", html_for=name, size="2", weight="medium"),
        rx.input(id=name, name=name, type=type_, auto_complete=autocomplete or None, width="100%", size="3", **props),
        message,
        spacing="1",
        width="100%",
    )


def error_callout(message, id_: str = "form-error") -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle-alert", color_scheme="red", role="alert", id=id_, width="100%"),
    )


def notice_callout(message, id_: str = "form-notice") -> rx.Component:
    return rx.cond(message != "", rx.callout(message, icon="info", color_scheme="blue", id=id_, width="100%"))


def empty_state(icon: str, title: str, text: str, *actions: rx.Component, id_: str = "empty-state",
                color: str = "gray") -> rx.Component:
    """A centred message: an honest empty page (what will appear here and how), or why a page is closed."""
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=40, color=rx.color(color, 9)),
            rx.heading(title, size="5"),
            rx.text(text, color_scheme="gray", text_align="center", max_width="34rem"),
            rx.hstack(*actions, spacing="3"),
            align="center",
            spacing="3",
            id=id_,
        ),
        padding="4rem 1rem",
        width="100%",
    )


def empty_page(title: str, subtitle: str, icon: str, heading: str, text: str, *actions: rx.Component) -> rx.Component:
    """A section page that has nothing to show yet."""
    return rx.vstack(page_header(title, subtitle), empty_state(icon, heading, text, *actions), width="100%")


def page_header(title: str, subtitle: str = "") -> rx.Component:
    return rx.vstack(
        rx.heading(title, size="7", id="page-title"),
        rx.cond(subtitle != "", rx.text(subtitle, color_scheme="gray")),
        spacing="1",
        margin_bottom="1.5rem",
    )


SETTINGS_TABS = (("profile", "Profile", "/settings"), ("security", "Security", "/settings/security"),
                 ("organization", "Organization", "/settings/organization"), ("brand", "Brand", "/settings/brand"))


CONTENT_TABS = (("posts", "Posts", "/content"), ("media", "Media", "/media"),
                ("templates", "Templates", "/templates"), ("campaigns", "Campaigns", "/campaigns"))


def _tabs(tabs: tuple[tuple[str, str, str], ...], active: str) -> rx.Component:
    return rx.hstack(
        *[rx.link(rx.button(label, variant="solid" if key == active else "soft", id=f"tab-{key}"), href=href)
          for key, label, href in tabs],
        spacing="2",
        margin_bottom="1rem",
    )


def settings_tabs(active: str) -> rx.Component:
    """The tabs above every Settings page."""
    return _tabs(SETTINGS_TABS, active)


def content_tabs(active: str) -> rx.Component:
    """The tabs above every Content page: posts, media, templates, campaigns."""
    return _tabs(CONTENT_TABS, active)

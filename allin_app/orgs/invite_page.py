"""The invitation page (/auth/invite?token=...): who invited you where, then create an account or,
signed in with the invited address, accept."""

from __future__ import annotations

import reflex as rx

from allin_app.orgs.invite_state import InviteState
from allin_app.ui.components import auth_card, error_callout, field

_errors = {"error": InviteState.error, "error_field": InviteState.error_field}


def _summary() -> rx.Component:
    return rx.vstack(
        rx.text(rx.text.strong(InviteState.inviter), " invited you to join ", rx.text.strong(InviteState.org_name),
                " as ", rx.text.strong(InviteState.role_label), ".", id="invite-summary"),
        rx.cond(InviteState.message != "",
                rx.blockquote(InviteState.message, size="2", id="invite-note")),
        spacing="2",
        width="100%",
    )


def _register_form() -> rx.Component:
    email = rx.vstack(  # shown, not submitted: the account gets the invitation's address whatever is sent
        rx.text("Email", size="2", weight="medium"),
        rx.input(value=InviteState.email, read_only=True, width="100%", size="3", variant="soft",
                 id="invite-email", aria_label="Email"),
        spacing="1",
        width="100%",
    )
    form = rx.form(
        rx.vstack(
            field("Your name", "full_name", autocomplete="name", **_errors),
            field("Password", "password", "password", "new-password", **_errors),
            rx.text("At least 8 characters, with upper- and lower-case letters and a digit.", size="1",
                    color_scheme="gray"),
            field("Repeat password", "password_confirm", "password", "new-password", **_errors),
            rx.button("Create account and join", type="submit", size="3", width="100%", id="invite-register",
                      loading=InviteState.busy),
            spacing="3",
            width="100%",
        ),
        on_submit=InviteState.register,
        width="100%",
    )
    return rx.vstack(rx.heading("Create your account", size="3"), email, form, spacing="3", width="100%")


def _signed_in() -> rx.Component:
    return rx.cond(
        InviteState.for_someone_else,
        rx.callout(
            rx.text("You are signed in as ", InviteState.signed_in_email, ", but this invitation is for ",
                    InviteState.email, ". Sign out, then open the link again."),
            icon="info", color_scheme="amber", id="invite-other-account", width="100%",
        ),
        rx.button("Accept invitation", on_click=InviteState.accept, size="3", width="100%", id="invite-accept",
                  loading=InviteState.busy),
    )


def _signed_out() -> rx.Component:
    return rx.vstack(
        _register_form(),
        rx.divider(),
        rx.text("Already have an AllIN account with this email? ",
                rx.link("Sign in to accept", href=InviteState.login_href, id="invite-sign-in"), size="2"),
        spacing="4",
        width="100%",
    )


def _usable() -> rx.Component:
    return rx.vstack(
        _summary(),
        error_callout(InviteState.general_error, "invite-error"),
        rx.cond(InviteState.signed_in_email != "", _signed_in(), _signed_out()),
        spacing="4",
        width="100%",
    )


def _unusable() -> rx.Component:
    return rx.vstack(
        error_callout(InviteState.invalid, "invite-invalid"),
        rx.link(rx.button("Go to sign in", size="3", width="100%", variant="soft"), href="/auth/login", width="100%"),
        spacing="4",
        width="100%",
    )


@rx.page(route="/auth/invite", title="Join your team · AllIN", on_load=InviteState.open_page)
def invite_page() -> rx.Component:
    return auth_card(
        "You are invited",
        rx.cond(
            InviteState.loaded,
            rx.cond(InviteState.invalid != "", _unusable(), _usable()),
            rx.center(rx.spinner(size="3"), width="100%", padding="2rem"),
        ),
    )

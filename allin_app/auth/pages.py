"""The signed-out pages: /auth/login (with the 2FA step), /auth/register, /auth/forgot,
/auth/reset and /auth/verify."""

from __future__ import annotations

import reflex as rx

from allin_app.auth.forms_state import ForgotState, LoginState, RegisterState, ResetState, VerifyState
from allin_app.ui.components import auth_card, error_callout, field, notice_callout


def _submit(label: str, id_: str, loading=False) -> rx.Component:
    # Until on_load has run, a submit could be answered and then wiped by the page's own reset.
    return rx.button(label, type="submit", size="3", width="100%", id=id_, loading=loading,
                     disabled=~rx.State.is_hydrated)


def _code_form(on_submit, back=None) -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text("Two-factor authentication is on for this account. Enter the 6-digit code from your "
                    "authenticator app, or one of your backup codes.", size="2", color_scheme="gray"),
            field("Code", "code", autocomplete="one-time-code", input_mode="text", auto_focus=True),
            _submit("Verify", "verify-code"),
            back if back is not None else rx.fragment(),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Email", "email", "email", "username", placeholder="you@company.com", auto_focus=True),
            field("Password", "password", "password", "current-password"),
            rx.hstack(
                rx.checkbox("Remember me for 30 days", name="remember", id="remember"),
                rx.spacer(),
                rx.link("Forgot password?", href="/auth/forgot", size="2", id="forgot-link"),
                width="100%",
                align="center",
            ),
            _submit("Sign in", "sign-in", LoginState.busy),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.submit_password,
        width="100%",
    )


@rx.page(route="/auth/login", title="Sign in · AllIN", on_load=LoginState.open_page)
def login_page() -> rx.Component:
    return auth_card(
        "Sign in",
        notice_callout(LoginState.notice),
        error_callout(LoginState.error),
        rx.cond(
            LoginState.stage == "second_factor",
            _code_form(LoginState.submit_code,
                       rx.link("Use another account", on_click=LoginState.back_to_password, size="2")),
            _password_form(),
        ),
        rx.text("New here? ", rx.link("Create an account", href="/auth/register", id="register-link"), size="2"),
        subtitle="Welcome back. Sign in to manage your social media.",
        brand=(LoginState.brand_name, LoginState.brand_logo, LoginState.brand_color),
    )


_register_errors = {"error": RegisterState.error, "error_field": RegisterState.error_field}


@rx.page(route="/auth/register", title="Create your account · AllIN")
def register_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field("Your name", "full_name", autocomplete="name", **_register_errors),
            field("Email", "email", "email", "email", **_register_errors),
            field("Password", "password", "password", "new-password", **_register_errors),
            rx.text("At least 8 characters, with upper- and lower-case letters and a digit. "
                    "A symbol or a longer passphrase makes it stronger.", size="1", color_scheme="gray"),
            field("Repeat password", "password_confirm", "password", "new-password", **_register_errors),
            _submit("Create account", "register"),
            spacing="3",
            width="100%",
        ),
        on_submit=RegisterState.submit,
        width="100%",
    )
    done = rx.callout("Check your inbox: we sent a link to confirm your email address. Then sign in.",
                      icon="mail-check", color_scheme="green", id="register-done")
    return auth_card(
        "Create your account",
        rx.cond(RegisterState.done, done, form),
        rx.text("Already have an account? ", rx.link("Sign in", href="/auth/login"), size="2"),
    )


@rx.page(route="/auth/forgot", title="Forgot password · AllIN")
def forgot_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field("Email", "email", "email", "username"),
            _submit("Send reset link", "send-reset"),
            spacing="3",
            width="100%",
        ),
        on_submit=ForgotState.submit,
        width="100%",
    )
    sent = rx.callout("If an account exists for that address, a reset link is on its way. It works once, for 1 hour.",
                      icon="mail-check", color_scheme="green", id="reset-sent")
    return auth_card(
        "Reset your password",
        error_callout(ForgotState.error),
        rx.cond(ForgotState.sent, sent, form),
        rx.link("Back to sign in", href="/auth/login", size="2"),
        subtitle="We will email you a link to choose a new password.",
    )


@rx.page(route="/auth/reset", title="Choose a new password · AllIN", on_load=ResetState.open_page)
def reset_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            field("New password", "password", "password", "new-password"),
            field("Repeat new password", "password_confirm", "password", "new-password"),
            _submit("Set password and sign in", "set-password"),
            spacing="3",
            width="100%",
        ),
        on_submit=ResetState.submit,
        width="100%",
    )
    return auth_card(
        "Choose a new password",
        error_callout(ResetState.error),
        rx.cond(ResetState.stage == "second_factor", _code_form(ResetState.submit_code), form),
        rx.link("Back to sign in", href="/auth/login", size="2"),
    )


@rx.page(route="/auth/verify", title="Confirm email · AllIN", on_load=VerifyState.open_page)
def verify_page() -> rx.Component:
    return auth_card(
        "Confirm your email",
        rx.cond(
            VerifyState.verified,
            rx.callout("Your email address is confirmed. You can sign in now.", icon="circle-check",
                       color_scheme="green", id="verify-ok"),
            error_callout(VerifyState.error, "verify-error"),
        ),
        rx.link(rx.button("Go to sign in", size="3", width="100%"), href="/auth/login", width="100%"),
    )

"""/review/<token>: the public page a reviewer without an AllIN account opens from their review link.
It shows the posts sent to them (previews per network, changes since they last looked, history) and
lets them approve, reject, request changes and comment, under their name and email."""

from __future__ import annotations

import reflex as rx

from allin_app.content.preview_card import diff_part, network_preview
from allin_app.ui.components import logo
from allin_app.workflow.approvals_page import history_table
from allin_app.workflow.review_link_state import ReviewLinkState

R = ReviewLinkState


def _decisions(row) -> rx.Component:
    return rx.cond(row.in_review, rx.hstack(
        rx.button(rx.icon("check", size=14), "Approve", color_scheme="green", on_click=R.ask("approve", row.post_id),
                  class_name="link-approve"),
        rx.button("Request changes", color_scheme="orange", variant="soft",
                  on_click=R.ask("request_changes", row.post_id), class_name="link-request-changes"),
        rx.button(rx.icon("x", size=14), "Reject", color_scheme="red", variant="soft",
                  on_click=R.ask("reject", row.post_id), class_name="link-reject"),
        spacing="2", wrap="wrap"),
        rx.text("This post is no longer waiting for a decision.", size="2", color_scheme="gray"))


def _changes(row) -> rx.Component:
    return rx.vstack(
        rx.text("What changed since you last looked", weight="bold", size="2"),
        rx.cond(row.first_look, rx.text("This is the first time you see it.", size="2", color_scheme="gray"),
                rx.cond(row.changed, rx.text(rx.foreach(row.changes, diff_part), size="2", class_name="link-changes"),
                        rx.text("Nothing changed since you last looked.", size="2", color_scheme="gray"))),
        spacing="1", width="100%")


def _comment(comment) -> rx.Component:
    return rx.box(rx.text(rx.text.span(comment.who, weight="bold"), " · ", comment.when, size="1",
                          color_scheme="gray"),
                  rx.text(comment.body, size="2", white_space="pre-wrap"),
                  padding_left=rx.cond(comment.reply, "1.5rem", "0"), width="100%", class_name="link-comment-row")


def _comment_box(row) -> rx.Component:
    return rx.vstack(
        rx.text("Comments", weight="bold", size="2"),
        rx.foreach(row.comments, _comment),
        rx.form(rx.vstack(
            rx.el.input(type="hidden", name="post_id", value=row.post_id),
            rx.text_area(name="body", rows="2", width="100%", id="link-comment-" + row.post_id.to_string(),
                         class_name="link-comment", placeholder="A question or a remark for the team"),
            rx.hstack(rx.button("Send comment", type="submit", size="1", variant="soft",
                                class_name="link-comment-send"), justify="end", width="100%"),
            spacing="1", width="100%"), on_submit=R.comment, width="100%"),
        spacing="1", width="100%")


def _post(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(row.stage, weight="medium"), rx.spacer(), rx.badge(row.status_label, class_name="link-status"),
                  width="100%", align="center"),
        _decisions(row),
        _changes(row),
        rx.grid(rx.foreach(row.previews, network_preview), columns=rx.breakpoints(initial="1", md="2"), spacing="3",
                width="100%"),
        rx.text("History", weight="bold", size="2"),
        history_table(row.history),
        _comment_box(row),
        spacing="3", width="100%"), width="100%", class_name="link-post", data_post=row.post_id)


def _dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(R.dialog_button),
        rx.form(rx.vstack(
            rx.text(rx.cond(R.dialog == "approve", "Feedback (optional)", "Feedback"), as_="label",
                    html_for="link-feedback", size="2", weight="medium"),
            rx.text_area(name="feedback", id="link-feedback", rows="4", width="100%"),
            rx.cond(R.dialog_error != "", rx.text(R.dialog_error, color_scheme="red", size="2",
                                                  id="link-decision-error")),
            rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                      rx.button(R.dialog_button, type="submit", id="link-decision-send"),
                      justify="end", spacing="2", margin_top="1rem", width="100%"),
            spacing="2", width="100%"), on_submit=R.send, reset_on_submit=False),
        max_width="32rem"), open=R.dialog != "", on_open_change=R.close_dialog)


def _usable() -> rx.Component:
    return rx.vstack(
        rx.heading(R.org_name, size="6", id="review-org"),
        rx.text("Hello ", R.reviewer_name, ", these posts wait for your review. The link works until ", R.expires,
                ".", color_scheme="gray", id="review-greeting"),
        rx.cond(R.posts.length() > 0, rx.foreach(R.posts, _post),
                rx.text("Nothing to review here any more.", color_scheme="gray")),
        _dialog(),
        spacing="4", width="100%")


@rx.page(route="/review/[token]", title="Review · AllIN", on_load=R.open_page)
def review_link_page() -> rx.Component:
    return rx.box(rx.vstack(
        logo("5"),
        rx.cond(R.loaded,
                rx.cond(R.invalid != "",
                        rx.callout(R.invalid, icon="link-2-off", color_scheme="red", id="review-invalid",
                                   width="100%"),
                        _usable()),
                rx.center(rx.spinner(size="3"), width="100%", padding="2rem")),
        spacing="5", width="100%", max_width="60rem", margin="0 auto"),
        padding="2rem 1rem", min_height="100vh", background=rx.color("gray", 2))

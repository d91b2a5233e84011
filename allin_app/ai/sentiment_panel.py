"""Comment sentiment on /analytics: a "Comments" button on each ranked post opening a dialog with the post's
comments and their moods, and a chart card of the daily average over the page's period. Both only for roles
with AI Analytics (SentimentState.can_read, set when the card mounts)."""

from __future__ import annotations

import reflex as rx

from allin_app.ai import sentiment
from allin_app.ai.sentiment_state import MOOD_COLORS
from allin_app.ai.sentiment_state import SentimentState as S
from allin_app.analytics.chart_view import plot


def _mood_badge(mood) -> rx.Component:
    return rx.badge(mood, color_scheme=rx.match(mood, *MOOD_COLORS.items(), "gray"), class_name="comment-mood")


def comments_button(post_id) -> rx.Component:
    """For a ranked post's row: opens its comment sentiment."""
    return rx.cond(S.can_read, rx.button(rx.icon("message-circle", size=14), "Comments", size="1", variant="soft",
                                         on_click=S.open_post(post_id), class_name="post-sentiment",
                                         data_post=post_id))


def _counts() -> rx.Component:
    def count(mood: str) -> rx.Component:
        return rx.badge(S.counts[mood].to_string() + " " + mood, color_scheme=MOOD_COLORS[mood], variant="soft",
                        id=f"sentiment-count-{mood}")

    return rx.hstack(
        rx.text("Average ", rx.text.strong(S.average, id="sentiment-average"), size="2"),
        rx.cond(S.mood != "", _mood_badge(S.mood)),
        count("positive"), count("neutral"), count("negative"),
        spacing="2", align="center", wrap="wrap")


def _comment_row(line) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_mood_badge(line.mood)),
        rx.table.cell(line.score, white_space="nowrap"),
        rx.table.cell(rx.text(line.text, size="2"), min_width="14rem"),
        rx.table.cell(line.network),
        rx.table.cell(rx.text(line.author, size="1", color_scheme="gray")),
        rx.table.cell(rx.text(line.written, size="1", color_scheme="gray"), white_space="nowrap"),
        class_name="sentiment-comment", data_mood=line.mood)


def _comments() -> rx.Component:
    heads = ("Mood", "Score", "Comment", "Network", "By", "Written")
    return rx.cond(
        S.comments.length() > 0,
        rx.scroll_area(rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
            rx.table.body(rx.foreach(S.comments, _comment_row)), size="1", width="100%", id="sentiment-comments"),
            max_height="24rem", type="auto"),
        rx.text("No comments yet on the networks that list them.", size="2", color_scheme="gray",
                id="sentiment-no-comments"))


def _notes() -> rx.Component:
    return rx.vstack(
        rx.cond(S.by_network.length() > 0, rx.text("By network: ", rx.foreach(S.by_network, lambda n: rx.badge(
            n, variant="outline", margin_right="0.25rem")), size="2", id="sentiment-by-network")),
        rx.cond(S.failed != "", rx.callout(S.failed, icon="triangle-alert", color_scheme="amber", size="1",
                                           id="sentiment-failed", width="100%")),
        rx.cond(S.unsupported != "", rx.text(S.unsupported, size="1", color_scheme="gray",
                                             id="sentiment-unsupported")),
        spacing="2", width="100%")


def sentiment_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Comment sentiment"),
        rx.dialog.description(S.post_text, size="2", color_scheme="gray"),
        rx.cond(
            S.post_loading,
            rx.hstack(rx.spinner(), rx.text("Reading the comments from the networks…", size="2"), align="center",
                      padding_y="1rem"),
            rx.cond(S.post_error != "",
                    rx.callout(S.post_error, icon="triangle-alert", color_scheme="red", id="sentiment-error"),
                    rx.vstack(_counts(), _notes(), _comments(), spacing="3", width="100%", margin_top="0.75rem"))),
        rx.text(f"Moods by VADER on each comment's text: positive from {sentiment.POSITIVE:+.2f}, negative from "
                f"{sentiment.NEGATIVE:+.2f}.", size="1",
                color_scheme="gray", margin_top="0.75rem"),
        rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                  margin_top="0.75rem"),
        max_width="56rem", id="sentiment-dialog",
    ), open=S.post_open, on_open_change=S.set_post_open)


def sentiment_card(start, end) -> rx.Component:
    """The chart card for the period `start`..`end` (state vars of the page); it loads when it mounts and again
    when the period changes (the key re-mounts it)."""
    return rx.box(
        rx.cond(S.can_read, rx.card(rx.vstack(
            rx.cond(S.chart_loading,
                    rx.hstack(rx.spinner(), rx.text("Reading comments from the networks…", size="2"), align="center",
                              id="sentiment-chart-loading"),
                    rx.cond(S.chart_error != "",
                            rx.callout(S.chart_error, icon="triangle-alert", color_scheme="amber",
                                       id="sentiment-chart-error", width="100%"),
                            plot(S.fig, "chart-sentiment"))),
            rx.text(f"Comments written each day on the posts published in this period (the {sentiment.MAX_POSTS} "
                    "newest), all networks. ",
                    S.chart_note, size="1", color_scheme="gray", id="sentiment-chart-note"),
            spacing="2", width="100%"), width="100%", id="sentiment-card")),
        sentiment_dialog(),
        key=start + "/" + end, on_mount=S.start(start, end), width="100%", id="sentiment-section",
        data_access=S.access)

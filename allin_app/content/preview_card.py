"""Reflex pieces that show a post as a network will: the preview card (a `NetworkPreview` var) and a
word diff (a list of `DiffPart` vars). The composer, the approvals page and review links share them."""

from __future__ import annotations

import reflex as rx


def _segment(segment) -> rx.Component:
    return rx.match(
        segment.kind,
        ("break", rx.el.br()),
        ("text", rx.text.span(segment.text)),
        rx.text.span(segment.text, color=rx.color("blue", 11), class_name="preview-" + segment.kind),
    )


def network_preview(card) -> rx.Component:
    """One network's card: who posts, the words with links, hashtags and mentions coloured, media, link card."""
    return rx.card(rx.vstack(
        rx.hstack(rx.avatar(src=card.avatar, fallback=card.name[:2], size="2"),
                  rx.vstack(rx.text(card.name, weight="bold", size="2"),
                            rx.text(rx.cond(card.handle != "", card.handle + " · ", ""), card.label, size="1",
                                    color_scheme="gray"), spacing="0"),
                  align="center"),
        rx.cond(card.title != "", rx.text(card.title, weight="bold")),
        rx.text(rx.foreach(card.segments, _segment), size="2", white_space="pre-wrap", class_name="preview-text"),
        rx.cond(card.media.length() > 0, rx.grid(
            rx.foreach(card.media, lambda src: rx.image(src=src, width="100%", aspect_ratio="1", object_fit="cover",
                                                        border_radius="6px", class_name="preview-media")),
            columns=rx.cond(card.media.length() > 1, "2", "1"), spacing="1", width="100%")),
        rx.cond(card.link_domain != "",
                rx.card(rx.vstack(rx.text(card.link_domain, size="1", color_scheme="gray"),
                                  rx.text(card.link_url, size="1", class_name="preview-link-url", trim="both"),
                                  spacing="1"), variant="surface", width="100%")),
        rx.foreach(card.problems, lambda p: rx.callout(p, icon="triangle-alert", color_scheme="red", size="1",
                                                       class_name="fit-problem")),
        spacing="2", width="100%",
    ), class_name="network-preview", data_network=card.network, width="100%")


def diff_part(part) -> rx.Component:
    """A word run of a diff: added in green, removed in red and struck through, the rest plain."""
    return rx.match(
        part.kind,
        ("added", rx.text.span(part.text, " ", color=rx.color("green", 11), class_name="diff-added")),
        ("removed", rx.text.span(part.text, " ", color=rx.color("red", 11), text_decoration="line-through",
                                 class_name="diff-removed")),
        rx.text.span(part.text, " "),
    )

"""The composer's AI assistant panel (state in `writer_state.py`): write from a prompt, improve the text,
hashtags and emoji, the brand voice check. Every answer says which provider wrote it."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.writer_state import CONTENT_TYPE_LABELS
from allin_app.ai.writer_state import AIWriterState as W
from allin_app.content.composer_state import ComposerState as C


def _select(options, value, name: str, id_: str, labels: dict[str, str] | None = None) -> rx.Component:
    def item(option):
        label = rx.match(option, *labels.items(), option) if labels else option
        return rx.select.item(label, value=option)

    return rx.select.root(rx.select.trigger(id=id_), rx.select.content(rx.foreach(options, item)),
                          value=value, on_change=lambda v: W.set_choice(name, v), size="1")


def _write_tab() -> rx.Component:
    return rx.vstack(
        rx.text_area(placeholder="What should the post say? e.g. our autumn blend is back in every shop",
                     value=W.prompt, on_change=lambda v: W.set_choice("prompt", v), rows="2", width="100%",
                     id="ai-prompt"),
        rx.hstack(
            _select(W.content_types, W.content_type, "content_type", "ai-content-type", CONTENT_TYPE_LABELS),
            _select(W.tones, W.tone, "tone", "ai-tone"),
            _select(W.lengths, W.length, "length", "ai-length"),
            rx.button(rx.icon("sparkles", size=14), "Generate", size="1", on_click=W.generate, id="ai-generate",
                      loading=W.busy == "Writing…", disabled=W.busy != ""),
            spacing="2", wrap="wrap", align="center"),
        rx.text("Uses your brand voice, words to avoid and required hashtags, and fits each chosen network.",
                size="1", color_scheme="gray"),
        spacing="2", width="100%",
    )


def _improve_tab() -> rx.Component:
    def action(label: str, icon: str, event, id_: str) -> rx.Component:
        return rx.button(rx.icon(icon, size=14), label, size="1", variant="soft", on_click=event, id=id_,
                         disabled=(W.busy != "") | (C.text == ""))

    return rx.vstack(
        rx.hstack(
            _select(W.tones, W.tone, "tone", "ai-rewrite-tone"),
            action("Rewrite in this tone", "refresh-cw", W.rewrite, "ai-rewrite"),
            spacing="2", align="center", wrap="wrap"),
        rx.hstack(
            rx.cond(C.previews.length() > 1, rx.select.root(
                rx.select.trigger(placeholder="Network", id="ai-shorten-network"),
                rx.select.content(rx.foreach(C.previews, lambda p: rx.select.item(p.label, value=p.network))),
                value=W.shorten_for, on_change=lambda v: W.set_choice("shorten_for", v), size="1")),
            action("Shorten to fit", "minimize-2", W.shorten, "ai-shorten"),
            action("Expand", "maximize-2", W.expand, "ai-expand"),
            action("Proofread", "spell-check", W.proofread, "ai-proofread"),
            action("Adapt to each network", "split", W.adapt, "ai-adapt"),
            spacing="2", align="center", wrap="wrap"),
        spacing="2", width="100%",
    )


def _tags_tab() -> rx.Component:
    def tag(choice) -> rx.Component:
        return rx.tooltip(rx.button(choice.tag, size="1", variant="soft", on_click=W.add_to_text(choice.tag),
                                    class_name="ai-hashtag", data_source=choice.source),
                          content=choice.reason)

    return rx.vstack(
        rx.button(rx.icon("hash", size=14), "Suggest hashtags and emoji", size="1", variant="soft",
                  on_click=W.suggest, id="ai-suggest", disabled=C.text == ""),
        rx.cond(W.hashtags.length() > 0, rx.vstack(
            rx.text("From your posts' history and this text's keywords; click to add.", size="1",
                    color_scheme="gray"),
            rx.flex(rx.foreach(W.hashtags, tag), wrap="wrap", gap="2", id="ai-hashtags"),
            spacing="1", width="100%")),
        rx.cond(W.emoji.length() > 0, rx.flex(
            rx.foreach(W.emoji, lambda e: rx.button(e, size="1", variant="ghost", on_click=W.add_to_text(e),
                                                    class_name="ai-emoji")),
            wrap="wrap", gap="1", id="ai-emoji")),
        spacing="2", width="100%",
    )


def _brand_tab() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("shield-check", size=14), "Check against the brand voice", size="1", variant="soft",
                  on_click=W.check_brand, id="ai-brand-check", disabled=C.text == ""),
        rx.cond(W.brand_checked, rx.vstack(
            rx.cond(W.brand_flags.length() > 0,
                    rx.foreach(W.brand_flags, lambda f: rx.callout(f.message, icon="triangle-alert", size="1",
                                                                   color_scheme="amber", class_name="brand-flag",
                                                                   data_kind=f.kind, width="100%")),
                    rx.callout("Fits the brand guidelines.", icon="check", size="1", color_scheme="green",
                               id="brand-ok", width="100%")),
            rx.text("The text reads ", W.brand_tone, ".", size="1", color_scheme="gray"),
            spacing="2", width="100%", id="brand-report")),
        spacing="2", width="100%",
    )


def _version(v) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.badge(v.label), rx.spacer(),
                  rx.button("Use for this network", size="1", variant="soft", on_click=W.use_version(v.network),
                            class_name="use-version"), width="100%"),
        rx.text(v.text, size="2", white_space="pre-wrap"), spacing="1"),
        width="100%", class_name="ai-version", data_network=v.network)


def _answer() -> rx.Component:
    fixes = rx.vstack(rx.text("Corrections", size="1", weight="bold"),
                      rx.foreach(W.fixes, lambda f: rx.text(f, size="1", class_name="ai-fix")), spacing="0")
    return rx.cond((W.answer != "") | (W.busy != ""), rx.card(rx.vstack(
        rx.hstack(rx.text(rx.cond(W.busy != "", W.busy, "Suggestion"), weight="bold", size="2"), rx.spacer(),
                  rx.badge(rx.icon("cpu", size=12), W.provider, variant="soft", id="ai-provider"), width="100%"),
        rx.text(W.answer, size="2", white_space="pre-wrap", id="ai-answer"),
        rx.foreach(W.notes, lambda n: rx.text(n, size="1", color_scheme="gray")),
        rx.cond(W.fixes.length() > 0, fixes),
        rx.foreach(W.versions, _version),
        rx.cond(W.busy == "", rx.hstack(
            rx.button("Replace my text", size="1", on_click=W.use_answer("replace"), id="ai-use"),
            rx.button("Add below", size="1", variant="soft", on_click=W.use_answer("append"), id="ai-append"),
            rx.button("Discard", size="1", variant="ghost", color_scheme="gray", on_click=W.discard,
                      id="ai-discard"),
            spacing="2")),
        spacing="2", width="100%"), width="100%", id="ai-answer-card"))


def writer_panel() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("sparkles", size=16), rx.text("AI assistant", weight="bold", size="2"), spacing="2",
                  align="center"),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Write", value="write"),
                         rx.tabs.trigger("Improve", value="improve", id="ai-tab-improve"),
                         rx.tabs.trigger("Hashtags", value="tags", id="ai-tab-tags"),
                         rx.tabs.trigger("Brand voice", value="brand", id="ai-tab-brand"), size="1"),
            rx.tabs.content(_write_tab(), value="write", padding_top="0.5rem"),
            rx.tabs.content(_improve_tab(), value="improve", padding_top="0.5rem"),
            rx.tabs.content(_tags_tab(), value="tags", padding_top="0.5rem"),
            rx.tabs.content(_brand_tab(), value="brand", padding_top="0.5rem"),
            default_value="write", width="100%"),
        rx.cond(W.error != "", rx.callout(W.error, icon="triangle-alert", color_scheme="red", size="1",
                                          id="ai-error", width="100%")),
        _answer(),
        spacing="2", width="100%",
    ), width="100%", id="ai-panel")

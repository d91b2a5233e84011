"""The open conversation of the chat page: its messages (author, time, mentions, files as thumbnails or chips,
edit and delete for one's own) and the composer."""

from __future__ import annotations

import reflex as rx

from allin_app.workflow.chat_messages import MAX_BODY
from allin_app.workflow.chat_state import CLEAR_INPUT
from allin_app.workflow.chat_state import ChatState as S


def _file(file) -> rx.Component:
    chip = rx.hstack(rx.icon(rx.cond(file.kind == "pdf", "file-text", rx.cond(file.kind == "video", "film",
                                                                               "image")), size=14),
                     rx.text(file.name, size="1", trim="both", max_width="12rem"), spacing="1", align="center",
                     padding="0.3rem 0.5rem", border_radius="6px", background=rx.color("gray", 3))
    return rx.cond(
        file.url == "",
        rx.tooltip(rx.box(chip, opacity="0.6", class_name="chat-file-gone"),
                   content="Deleted from the media library"),
        rx.link(rx.cond(file.thumb != "",
                        rx.image(src=file.thumb, alt=file.name, max_width="12rem", max_height="9rem",
                                 border_radius="8px", object_fit="cover"),
                        chip),
                href=file.url, is_external=True, class_name="chat-file", title=file.name),
    )


def _body(message) -> rx.Component:
    return rx.text(
        rx.foreach(message.pieces, lambda piece: rx.cond(
            piece.kind == "mention",
            rx.text.span(piece.text, color=rx.color("accent", 11), weight="bold", class_name="chat-mention"),
            rx.text.span(piece.text))),
        size="2", white_space="pre-wrap", word_break="break-word", class_name="chat-body",
    )


def _edit_form(message) -> rx.Component:
    return rx.form(rx.vstack(
        rx.text_area(name="body", default_value=message.body, enter_key_submit=True, auto_height=True,
                     max_length=MAX_BODY, width="100%", auto_focus=True, id="chat-edit-input"),
        rx.hstack(rx.button("Cancel", type="button", size="1", variant="soft", color_scheme="gray",
                            on_click=S.cancel_edit),
                  rx.button("Save", type="submit", size="1", id="chat-edit-save"), spacing="2"),
        spacing="2", width="100%"), on_submit=S.save_edit, width="100%")


def _own_menu(message) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=14), size="1", variant="ghost", color_scheme="gray",
                                       class_name="chat-message-menu")),
        rx.menu.content(
            rx.menu.item("Edit", on_click=S.start_edit(message.id)),
            rx.menu.item("Delete", color="red", on_click=S.delete_message(message.id)),
        ),
    )


def _message(message) -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=message.initials, size="2", radius="full"),
        rx.vstack(
            rx.hstack(
                rx.text(message.author, size="2", weight="bold"),
                rx.text(message.when, size="1", color_scheme="gray"),
                rx.cond(message.edited & ~message.deleted, rx.text("(edited)", size="1", color_scheme="gray")),
                rx.spacer(),
                rx.cond(message.mine & ~message.deleted & ~S.archived, _own_menu(message)),
                align="center", width="100%", spacing="2",
            ),
            rx.cond(
                message.deleted,
                rx.text("This message was deleted.", size="2", color_scheme="gray", font_style="italic"),
                rx.cond(S.editing_id == message.id, _edit_form(message), _body(message)),
            ),
            rx.cond(message.files.length() > 0,
                    rx.flex(rx.foreach(message.files, _file), wrap="wrap", gap="2", padding_top="0.25rem")),
            spacing="1", width="100%", min_width="0",
        ),
        spacing="3", width="100%", align="start", class_name="chat-message", padding="0.25rem 0",
    )


def conversation() -> rx.Component:
    # column-reverse keeps the view at the newest message as messages arrive, without scripts.
    return rx.box(
        rx.vstack(
            rx.cond(S.has_older, rx.center(rx.button("Load older messages", variant="ghost", size="1",
                                                     on_click=S.load_older, id="chat-older"), width="100%")),
            rx.cond(S.messages.length() > 0, rx.foreach(S.messages, _message),
                    rx.center(rx.text(rx.cond(S.current.direct, "No messages yet. Say hello!",
                                              "Nothing said here yet. Start the conversation."),
                                      size="2", color_scheme="gray"), padding="3rem 0", width="100%")),
            # New messages that arrived while the tab was out of view stay unread until seen.
            rx.cond(S.current.unread > 0, rx.center(rx.button(
                rx.icon("check-check", size=14), S.current.unread.to_string() + " new: mark as read", size="1",
                variant="soft", on_click=S.mark_seen, id="chat-mark-seen"), width="100%")),
            spacing="2", width="100%",
        ),
        display="flex", flex_direction="column-reverse", overflow_y="auto", flex="1", min_height="0", width="100%",
        padding="0.75rem 1rem", id="chat-messages",
    )


def _attached(item) -> rx.Component:
    return rx.badge(
        rx.icon(rx.cond(item.kind == "pdf", "file-text", rx.cond(item.kind == "video", "film", "image")), size=12),
        item.name,
        rx.icon("x", size=12, cursor="pointer", on_click=S.detach(item.id)),
        variant="soft", size="2", class_name="chat-attached",
    )


def composer() -> rx.Component:
    return rx.cond(
        S.archived,
        rx.callout("This channel is archived: it can be read, not written to.", icon="archive", color_scheme="gray",
                   width="100%", margin="0.75rem 1rem"),
        rx.form(
            rx.vstack(
                rx.cond(S.attached.length() > 0, rx.flex(rx.foreach(S.attached, _attached), wrap="wrap", gap="2")),
                rx.hstack(
                    rx.icon_button(rx.icon("paperclip", size=16), type="button", variant="soft", size="2",
                                   title="Attach from media library", on_click=S.toggle_picker(True),
                                   id="chat-attach"),
                    rx.text_area(name="body", id="chat-input", enter_key_submit=True, auto_height=True, rows="1",
                                 max_length=MAX_BODY, placeholder="Message " + S.current.label, width="100%",
                                 size="2", min_height="2.5rem", max_height="12rem", resize="none"),
                    rx.button(rx.icon("send-horizontal", size=16), "Send", type="submit", size="2", id="chat-send"),
                    spacing="2", align="end", width="100%",
                ),
                rx.text("Enter sends, Shift+Enter starts a new line. @Name mentions someone.", size="1",
                        color_scheme="gray"),
                spacing="2", width="100%",
            ),
            on_submit=[rx.call_script(CLEAR_INPUT), S.send], reset_on_submit=False, width="100%", padding="0.75rem 1rem",
            border_top=f"1px solid {rx.color('gray', 4)}", id="chat-composer",
        ),
    )

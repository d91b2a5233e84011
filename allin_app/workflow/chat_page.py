"""Team chat (/chat): conversations on the left with unread counts, the open one on the right with its
messages, files from the media library and a composer (Enter sends, Shift+Enter starts a new line)."""

from __future__ import annotations

import reflex as rx

from allin_app.ui.components import field
from allin_app.ui.shell import app_page
from allin_app.workflow.chat_message_view import composer, conversation
from allin_app.workflow.chat_state import ChatState as S


def unread_badge(count) -> rx.Component:
    return rx.cond(count > 0, rx.badge(count, color_scheme="red", variant="solid", radius="full",
                                       class_name="chat-unread"))


def _conversation_link(row) -> rx.Component:
    selected = row.id == S.current.id
    return rx.hstack(
        rx.cond(row.direct, rx.avatar(fallback=row.initials, size="1", radius="full"),
                rx.icon("hash", size=14, color=rx.color("gray", 10))),
        rx.text(rx.cond(row.direct, row.label, row.label[1:]), size="2", trim="both",
                weight=rx.cond(row.unread > 0, "bold", "regular")),
        rx.spacer(),
        unread_badge(row.unread),
        on_click=S.open_channel(row.id), cursor="pointer", align="center", width="100%", spacing="2",
        padding="0.3rem 0.5rem", border_radius="6px", class_name="chat-channel",
        background=rx.cond(selected, rx.color("accent", 4), "transparent"),
        _hover={"background": rx.color("gray", 3)},
    )


def _section(title: str, rows, action: rx.Component | None = None) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(title, size="1", weight="bold", color_scheme="gray"), rx.spacer(), action or rx.fragment(),
                  align="center", width="100%", padding="0 0.5rem"),
        rx.foreach(rows, _conversation_link),
        spacing="1", width="100%",
    )


def _sidebar() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading("Chat", size="5"), unread_badge(S.total_unread), align="center", spacing="2",
                  padding="0 0.5rem"),
        _section("CHANNELS", S.channels, rx.cond(
            S.can_create, rx.icon_button(rx.icon("plus", size=14), size="1", variant="ghost", title="New channel",
                                         on_click=S.toggle_channel_form(True), id="chat-new-channel"))),
        rx.cond(S.browse.length() > 0, _section("OTHER CHANNELS", S.browse)),
        _section("DIRECT MESSAGES", S.directs, rx.icon_button(
            rx.icon("square-pen", size=14), size="1", variant="ghost", title="New message",
            on_click=S.toggle_people(True), id="chat-new-message")),
        rx.cond(S.directs.length() == 0,
                rx.text("Write to someone of the team with the pen above.", size="1", color_scheme="gray",
                        padding="0 0.5rem")),
        width="15rem", min_width="15rem", spacing="4", padding="0.75rem 0.25rem", height="100%", overflow_y="auto",
        border_right=f"1px solid {rx.color('gray', 4)}", id="chat-sidebar",
    )


def _header() -> rx.Component:
    channel_menu = rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), variant="ghost", id="chat-channel-menu")),
        rx.menu.content(
            rx.menu.item("Leave channel", on_click=S.leave, id="chat-leave"),
            rx.cond(S.can_archive, rx.menu.item("Archive channel", color="red", on_click=S.archive,
                                                id="chat-archive")),
        ),
    )
    return rx.hstack(
        rx.vstack(
            rx.heading(S.current.label, size="4", id="chat-title"),
            rx.cond(S.current.topic != "", rx.text(S.current.topic, size="1", color_scheme="gray")),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(S.archived, rx.badge("Archived", color_scheme="gray")),
        rx.cond(~S.current.member & ~S.current.direct & ~S.archived,
                rx.button("Join channel", size="2", on_click=S.join, id="chat-join")),
        rx.cond(S.current.member & ~S.current.direct & ~S.current.general, channel_menu),
        align="center", width="100%", padding="0.5rem 1rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _channel_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("New channel"),
        rx.dialog.description("Channels are open to everyone in the organization.", size="2", margin_bottom="1rem"),
        rx.form(rx.vstack(
            field("Name", "name", placeholder="spring-launch", error=S.form_error, error_field=S.form_field,
                  max_length=60, auto_focus=True),
            field("Topic (optional)", "topic", placeholder="What the channel is for", error=S.form_error,
                  error_field=S.form_field, max_length=250),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                      rx.button("Create channel", type="submit", id="chat-create-channel"), justify="end",
                      width="100%"),
            spacing="3"), on_submit=S.create_channel),
        max_width="28rem",
    ), open=S.channel_form_open, on_open_change=S.toggle_channel_form)


def _person(person) -> rx.Component:
    return rx.hstack(
        rx.avatar(fallback=person.initials, size="2", radius="full"),
        rx.vstack(rx.text(person.name, size="2", weight="medium"), rx.text(person.email, size="1",
                                                                            color_scheme="gray"), spacing="0"),
        on_click=S.write_to(person.id), cursor="pointer", width="100%", align="center", padding="0.4rem",
        border_radius="6px", class_name="chat-person", _hover={"background": rx.color("gray", 3)},
    )


def _people_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("New message"),
        rx.dialog.description("Pick someone of the organization to write to.", size="2", margin_bottom="0.75rem"),
        rx.cond(S.people.length() > 0,
                rx.scroll_area(rx.vstack(rx.foreach(S.people, _person), spacing="1"), max_height="22rem"),
                rx.text("Nobody else is in this organization yet.", size="2", color_scheme="gray")),
        rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                  margin_top="1rem"),
        max_width="26rem",
    ), open=S.people_open, on_open_change=S.toggle_people)


def _library_item(item) -> rx.Component:
    chosen = S.picked.contains(item.id)
    return rx.box(
        rx.cond(item.thumb != "", rx.image(src=item.thumb, width="96px", height="96px", object_fit="cover",
                                           border_radius="6px"),
                rx.center(rx.icon(rx.cond(item.kind == "pdf", "file-text", "film"), size=28), width="96px",
                          height="96px", background=rx.color("gray", 3), border_radius="6px")),
        rx.text(item.name, size="1", trim="both", max_width="96px"),
        on_click=S.toggle_pick(item.id), cursor="pointer", padding="4px", border_radius="8px",
        outline=rx.cond(chosen, f"2px solid {rx.color('accent', 9)}", "none"), class_name="chat-library-item",
    )


def _picker_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Attach from the media library"),
        rx.cond(S.library.length() > 0,
                rx.scroll_area(rx.flex(rx.foreach(S.library, _library_item), wrap="wrap", gap="3"),
                               max_height="24rem"),
                rx.text("The library is empty. Upload files under Content > Media.", size="2", color_scheme="gray")),
        rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                  rx.button(rx.cond(S.picked.length() > 0, f"Attach ({S.picked.length()})", "Attach"),
                            on_click=S.attach_picked, id="chat-attach-picked",
                            disabled=(S.picked.length() == 0) & (S.attached.length() == 0)),
                  justify="end", margin_top="1rem"),
        max_width="40rem",
    ), open=S.picker_open, on_open_change=S.toggle_picker)


@app_page("chat", "Chat", on_load=[S.load])
def chat_page() -> rx.Component:
    return rx.box(
        rx.cond(S.loaded, rx.hstack(
            _sidebar(),
            rx.vstack(_header(), conversation(), composer(), spacing="0", height="100%", width="100%",
                      min_width="0"),
            spacing="0", height="100%", width="100%",
        ), rx.center(rx.spinner(size="3"), height="100%")),
        _channel_dialog(), _people_dialog(), _picker_dialog(),
        height="calc(100vh - 8.5rem)", width="100%", border=f"1px solid {rx.color('gray', 4)}", border_radius="10px",
        overflow="hidden", on_unmount=S.leave_page, id="chat-page",
    )

"""The comments panel of a post: open threads with their replies, resolved ones folded away, and a box
that suggests @mentions while typing. The page that shows it calls CommentsState.load(post_id)."""

from __future__ import annotations

import reflex as rx

from allin_app.workflow.comments_state import CommentsState as C


def _piece(piece) -> rx.Component:
    return rx.cond(piece.kind == "mention",
                   rx.text.span(piece.text, color=rx.color("accent", 11), weight="medium", class_name="comment-mention"),
                   rx.text.span(piece.text))


def _suggestion(person) -> rx.Component:
    return rx.button(rx.text("@", person.name, size="2"), rx.text(person.handle, size="1", color_scheme="gray"),
                     type="button", size="1", variant="ghost", on_click=C.mention(person.name),
                     class_name="mention-suggestion", justify="start", width="100%")


def _text_box(box: str, value, on_change, placeholder: str, id_: str) -> rx.Component:
    return rx.vstack(
        rx.text_area(name="body", value=value, on_change=on_change, debounce_timeout=250, rows="2",
                     placeholder=placeholder, id=id_, width="100%"),
        rx.cond((C.suggest_for == box) & (C.suggestions.length() > 0),
                rx.vstack(rx.foreach(C.suggestions, _suggestion), spacing="0", width="100%", padding="0.25rem",
                          border=f"1px solid {rx.color('gray', 6)}", border_radius="6px",
                          class_name="mention-suggestions")),
        spacing="1", width="100%",
    )


def _form(box: str, value, on_change, on_submit, placeholder: str, id_: str, label: str, on_cancel=None):
    cancel = rx.button("Cancel", type="button", size="1", variant="soft", color_scheme="gray", on_click=on_cancel) \
        if on_cancel is not None else rx.fragment()
    return rx.form(rx.vstack(
        _text_box(box, value, on_change, placeholder, id_),
        rx.hstack(rx.spacer(), cancel, rx.button(label, type="submit", size="1", id=f"{id_}-send"), width="100%"),
        spacing="2", width="100%"), on_submit=on_submit, width="100%")


def _delete_button(row) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.icon_button(rx.icon("trash-2", size=12), size="1", variant="ghost",
                                               color_scheme="red", class_name="delete-comment")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this comment?"),
            rx.alert_dialog.description("Its replies stay in the thread.", size="2"),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                      rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=C.delete(row.id),
                                                       class_name="confirm-delete-comment")),
                      justify="end", spacing="2", margin_top="1rem"),
            max_width="24rem"),
    )


def _comment(row) -> rx.Component:
    editing = C.editing == row.id
    return rx.vstack(
        rx.hstack(
            rx.avatar(fallback=row.author[:2], size="1", radius="full"),
            rx.text(row.author, weight="bold", size="2", class_name="comment-author"),
            rx.text(row.when, size="1", color_scheme="gray"),
            rx.cond(row.edited, rx.text("(edited)", size="1", color_scheme="gray")),
            rx.spacer(),
            rx.cond(row.can_edit & ~editing,
                    rx.icon_button(rx.icon("pencil", size=12), size="1", variant="ghost",
                                   on_click=C.start_edit(row.id, row.body), class_name="edit-comment")),
            rx.cond(row.can_delete, _delete_button(row)),
            align="center", spacing="2", width="100%"),
        rx.cond(row.deleted,
                rx.text("This comment was deleted.", size="2", color_scheme="gray", font_style="italic"),
                rx.cond(editing,
                        _form("edit", C.edit_draft, C.set_edit_draft, C.save_edit, "Edit your comment", "edit-body",
                              "Save", C.cancel_edit),
                        rx.text(rx.foreach(row.pieces, _piece), size="2", white_space="pre-wrap",
                                class_name="comment-body"))),
        spacing="1", width="100%", class_name="comment", data_comment=row.id,
    )


def _thread_actions(thread) -> rx.Component:
    root_id = thread.root.id
    return rx.hstack(
        rx.button(rx.icon("reply", size=12), "Reply", size="1", variant="ghost", on_click=C.start_reply(root_id),
                  class_name="reply-comment"),
        rx.cond(thread.can_resolve, rx.cond(
            thread.resolved,
            rx.button(rx.icon("rotate-ccw", size=12), "Reopen", size="1", variant="ghost",
                      on_click=C.resolve(root_id, False), class_name="reopen-thread"),
            rx.button(rx.icon("check", size=12), "Resolve", size="1", variant="ghost", color_scheme="green",
                      on_click=C.resolve(root_id, True), class_name="resolve-thread"))),
        rx.cond(thread.resolved, rx.text("Resolved by ", thread.resolved_by, size="1", color_scheme="green")),
        spacing="2", align="center",
    )


def _thread(thread) -> rx.Component:
    return rx.box(rx.vstack(
        _comment(thread.root),
        rx.cond(thread.replies.length() > 0,
                rx.vstack(rx.foreach(thread.replies, _comment), spacing="2", width="100%", padding_left="0.75rem",
                          border_left=f"2px solid {rx.color('gray', 5)}")),
        rx.cond(C.reply_to == thread.root.id,
                _form("reply", C.reply_draft, C.set_reply_draft, C.reply, "Reply… type @ to mention", "reply-body",
                      "Reply", C.cancel_reply),
                _thread_actions(thread)),
        spacing="2", width="100%"),
        class_name="comment-thread", data_resolved=rx.cond(thread.resolved, "yes", "no"), padding="0.6rem",
        border=f"1px solid {rx.color('gray', 4)}", border_radius="8px", width="100%")


def _resolved() -> rx.Component:
    count = C.resolved_threads.length()
    return rx.cond(count > 0, rx.vstack(
        rx.button(rx.cond(C.show_resolved, rx.text.span("Hide resolved"),
                          rx.text.span("Show resolved (", count, ")")),
                  size="1", variant="ghost", color_scheme="gray", on_click=C.toggle_resolved, id="toggle-resolved"),
        rx.cond(C.show_resolved, rx.vstack(rx.foreach(C.resolved_threads, _thread), spacing="2", width="100%",
                                           opacity="0.8")),
        spacing="2", width="100%"))


def comments_panel() -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.icon("message-square", size=16), rx.text("Comments", weight="bold", size="2"),
                  rx.badge(C.open_threads.length(), variant="soft", id="open-thread-count"), align="center"),
        rx.cond(C.open_threads.length() > 0,
                rx.vstack(rx.foreach(C.open_threads, _thread), spacing="2", width="100%"),
                rx.text("No open comments. Ask a question or give feedback; type @ to mention someone.", size="2",
                        color_scheme="gray")),
        _resolved(),
        _form("new", C.draft, C.set_draft, C.add, "Write a comment… type @ to mention someone", "comment-body",
              "Comment"),
        spacing="3", width="100%"),
        width="100%", id="comments-panel")

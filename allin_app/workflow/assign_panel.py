"""Assigning posts on screen: the composer's "Assigned to" select, the library's bulk button and its dialog."""

import reflex as rx

from allin_app.content.library_state import LibraryState
from allin_app.workflow.assign_state import NOBODY
from allin_app.workflow.assign_state import LibraryAssignState as A
from allin_app.workflow.assign_state import PostAssigneeState as P


def _options(choices) -> rx.Component:
    return rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))


def assignee_picker(post_id) -> rx.Component:
    """For a saved post (`post_id` > 0): who it is assigned to; a select for whoever may hand it over."""
    return rx.box(
        rx.cond(P.may_assign,
                rx.hstack(rx.text("Assigned to", size="2"),
                          rx.select.root(rx.select.trigger(placeholder="Nobody", id="composer-assignee"),
                                         rx.select.content(rx.select.item("Nobody", value=NOBODY),
                                                           _options(P.choices)),
                                         value=P.assignee, on_change=P.assign),
                          align="center", spacing="2"),
                rx.cond(P.assignee_name != "", rx.text("Assigned to ", P.assignee_name, size="2",
                                                       color_scheme="gray", id="composer-assigned-to"))),
        key=post_id.to_string(), on_mount=P.show(post_id), width="100%")


def assign_button() -> rx.Component:
    return rx.cond(A.available, rx.button(rx.icon("user-check", size=14), "Assign to", size="2", variant="soft",
                                          disabled=LibraryState.selected.length() == 0, on_click=A.ask,
                                          id="bulk-assign"))


def assign_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Assign to a member"),
            rx.dialog.description("They are told, and a team member then sees and edits these posts.", size="2",
                                  margin_bottom="1rem"),
            rx.select.root(rx.select.trigger(placeholder="Pick someone", id="assign-to", width="100%"),
                           rx.select.content(rx.select.item("Nobody (take the assignment back)", value=NOBODY),
                                             _options(A.choices)),
                           value=A.to, on_change=A.set_to),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Assign", on_click=A.assign, disabled=A.to == "", id="confirm-assign"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=A.dialog_open, on_open_change=A.close,
    )

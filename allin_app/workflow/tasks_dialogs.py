"""The dialogs of /tasks: a task (new, edit, or read-only for whoever only moves it along), a task template,
and deleting a template."""

import reflex as rx

from allin_app.workflow.task_templates_state import TaskTemplatesState as TT
from allin_app.workflow.tasks_state import TasksState as T
from allin_app.workflow.tasks_view import NONE

PRIORITIES = (("low", "Low"), ("normal", "Normal"), ("high", "High"))
REPEATS = (("none", "Does not repeat"), ("daily", "Every day"), ("weekly", "Every week"), ("monthly", "Every month"))
TASK_FIELDS = ["title", "description", "assignee_user_id", "due_at", "due_date", "priority", "recurrence", "post_id",
               "campaign_id"]
TEMPLATE_FIELDS = ["name", "title", "description", "priority", "due_in_days", "recurrence"]


def _label(text: str, for_id: str) -> rx.Component:
    return rx.text(text, as_="label", html_for=for_id, size="2", weight="medium")


def _message(state, *names: str) -> rx.Component:
    return rx.cond(rx.Var.create(list(names)).contains(state.form_error_field),
                   rx.text(state.form_error, color_scheme="red", size="2", class_name="field-error"))


def _other_error(state, known: list[str], id_: str) -> rx.Component:
    return rx.cond((state.form_error != "") & ~rx.Var.create(known).contains(state.form_error_field),
                   rx.text(state.form_error, color_scheme="red", size="2", id=id_))


def _select(state, name: str, value, fixed: tuple = (), choices=None, id_: str = "", **props) -> rx.Component:
    """A select bound to `state.<name>` through `state.set_choice`."""
    items = [rx.select.item(label, value=key) for key, label in fixed]
    if choices is not None:
        items.append(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value)))
    return rx.select.root(rx.select.trigger(id=id_, width="100%"), rx.select.content(*items), value=value,
                          on_change=lambda picked: state.set_choice(name, picked), **props)


def _repeat_select(state, id_: str, **props) -> rx.Component:
    custom = rx.cond(state.custom_rule != "", rx.select.item("Custom: " + state.custom_rule, value="custom"))
    return rx.select.root(rx.select.trigger(id=id_, width="100%"),
                          rx.select.content(*[rx.select.item(label, value=key) for key, label in REPEATS], custom),
                          value=state.repeat, on_change=lambda picked: state.set_choice("repeat", picked), **props)


def _field(label: str, control: rx.Component, for_id: str, *messages: rx.Component) -> rx.Component:
    return rx.vstack(_label(label, for_id), control, *messages, spacing="1", width="100%")


# ---- a task ----

def _template_picker() -> rx.Component:
    return rx.cond((T.editing_id == "") & (T.choices.templates.length() > 0), _field(
        "Start from a template",
        rx.select.root(rx.select.trigger(placeholder="Pick a template", id="task-template", width="100%"),
                       rx.select.content(rx.foreach(T.choices.templates,
                                                    lambda c: rx.select.item(c.label, value=c.value))),
                       on_change=T.apply_template),
        "task-template"))


def _delete_controls() -> rx.Component:
    return rx.cond(T.can_delete, rx.cond(
        T.confirm_delete,
        rx.hstack(rx.text("Delete it?", size="2"),
                  rx.button("Delete", type="button", color_scheme="red", on_click=T.delete, id="confirm-delete-task"),
                  rx.button("Keep", type="button", variant="soft", color_scheme="gray", on_click=T.ask_delete(False)),
                  spacing="2", align="center"),
        rx.button(rx.icon("trash-2", size=14), "Delete", type="button", variant="soft", color_scheme="red",
                  on_click=T.ask_delete(True), id="delete-task")))


def task_dialog() -> rx.Component:
    locked = T.read_only
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(locked, "Task", rx.cond(T.editing_id == "", "New task", "Edit task"))),
        rx.cond(locked, rx.dialog.description("Move it along with the status on the list; whoever gave it to you "
                                              "changes the rest.", size="2", margin_bottom="0.5rem")),
        rx.form(rx.vstack(
            _template_picker(),
            _field("Title", rx.input(name="title", id="task-title-input", default_value=T.values["title"],
                                     disabled=locked, width="100%", placeholder="e.g. Film the new latte art"),
                   "task-title-input", _message(T, "title")),
            _field("Description", rx.text_area(name="description", id="task-description-input", rows="4",
                                               default_value=T.values["description"], disabled=locked, width="100%"),
                   "task-description-input", _message(T, "description")),
            rx.grid(
                _field("Assignee", _select(T, "assignee", T.assignee, ((NONE, "Nobody yet"),), T.choices.assignees,
                                           "task-assignee", disabled=locked), "task-assignee",
                       _message(T, "assignee_user_id")),
                _field("Priority", _select(T, "priority", T.priority, PRIORITIES, id_="task-priority",
                                           disabled=locked), "task-priority", _message(T, "priority")),
                columns="2", spacing="3", width="100%"),
            rx.grid(
                _field("Due date", rx.input(type="date", name="due_date", id="task-due-date", disabled=locked,
                                            default_value=T.values["due_date"], width="100%"), "task-due-date",
                       _message(T, "due_date", "due_at")),
                _field("Time", rx.input(type="time", name="due_time", id="task-due-time", disabled=locked,
                                        default_value=T.values["due_time"], width="100%"), "task-due-time"),
                columns="2", spacing="3", width="100%"),
            _field("Repeat", _repeat_select(T, "task-repeat", disabled=locked), "task-repeat",
                   _message(T, "recurrence")),
            _field("Linked to", _select(T, "link", T.link, ((NONE, "Nothing"),), T.choices.links, "task-link",
                                        disabled=locked), "task-link", _message(T, "post_id", "campaign_id")),
            _other_error(T, TASK_FIELDS, "task-form-error"),
            rx.hstack(_delete_controls(), rx.spacer(),
                      rx.dialog.close(rx.button(rx.cond(locked, "Close", "Cancel"), type="button", variant="soft",
                                                color_scheme="gray")),
                      rx.cond(~locked, rx.button("Save task", type="submit", id="save-task")),
                      width="100%", align="center", spacing="2"),
            spacing="3", width="100%",
        ), on_submit=T.save, key=T.form_key),
        max_width="38rem",
    ), open=T.editor_open, on_open_change=T.set_editor_open)


# ---- a template ----

def template_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(TT.editing_id == "", "New task template", "Edit task template")),
        rx.dialog.description("The common kinds of task, filled in with one click by whoever creates tasks.",
                              size="2", margin_bottom="0.5rem"),
        rx.form(rx.vstack(
            _field("Name", rx.input(name="name", id="template-name-input", default_value=TT.values["name"],
                                    width="100%", placeholder="e.g. Monthly report"),
                   "template-name-input", _message(TT, "name")),
            _field("Task title", rx.input(name="title", id="template-title-input", default_value=TT.values["title"],
                                          width="100%"), "template-title-input", _message(TT, "title")),
            _field("Description", rx.text_area(name="description", id="template-description-input", rows="4",
                                               default_value=TT.values["description"], width="100%"),
                   "template-description-input", _message(TT, "description")),
            rx.grid(
                _field("Priority", _select(TT, "priority", TT.priority, PRIORITIES, id_="template-priority"),
                       "template-priority", _message(TT, "priority")),
                _field("Due in (days)", rx.input(name="due_in_days", id="template-due-input", input_mode="numeric",
                                                 default_value=TT.values["due_in_days"], width="100%",
                                                 placeholder="No due date"),
                       "template-due-input", _message(TT, "due_in_days")),
                columns="2", spacing="3", width="100%"),
            _field("Repeat", _repeat_select(TT, "template-repeat"), "template-repeat", _message(TT, "recurrence")),
            _other_error(TT, TEMPLATE_FIELDS, "template-form-error"),
            rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                      rx.button("Save template", type="submit", id="save-task-template"), justify="end",
                      width="100%"),
            spacing="3", width="100%",
        ), on_submit=TT.save),
        max_width="36rem",
    ), open=TT.editor_open, on_open_change=TT.set_editor_open)


def template_delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(rx.alert_dialog.content(
        rx.alert_dialog.title("Delete “" + TT.delete_name + "”?"),
        rx.alert_dialog.description("Tasks already made from it stay as they are.", size="2"),
        rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                  rx.button("Delete", color_scheme="red", on_click=TT.delete, id="confirm-delete-task-template"),
                  justify="end", spacing="2", margin_top="1rem"),
    ), open=TT.delete_id != "", on_open_change=TT.cancel_delete)

"""Tasks (/tasks): my tasks, everyone's (for managers), and task templates; `?task=<id>` opens one."""

import reflex as rx

from allin_app.ui.components import empty_state, error_callout, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.task_templates_state import TaskTemplatesState as TT
from allin_app.workflow.tasks_dialogs import task_dialog, template_delete_dialog, template_dialog
from allin_app.workflow.tasks_state import DONE_SHOWN
from allin_app.workflow.tasks_state import TasksState as T

PRIORITY_COLORS = {"high": "red", "normal": "gray", "low": "blue"}
GROUP_COLORS = {"overdue": "red", "today": "amber", "upcoming": "blue", "no_date": "gray", "done": "green"}


def _tab(key: str, label: str, active) -> rx.Component:
    return rx.button(label, variant=rx.cond(active, "solid", "soft"), on_click=T.set_tab(key), id=f"tab-{key}")


def _tabs() -> rx.Component:
    return rx.hstack(
        _tab("mine", "My tasks", T.tab == "mine"),
        rx.cond(T.can_manage, _tab("all", "All tasks", T.tab == "all")),
        rx.cond(TT.available, _tab("templates", "Templates", T.tab == "templates")),
        spacing="2", margin_bottom="1rem",
    )


def _meta(icon: str, text, class_name: str) -> rx.Component:
    return rx.cond(text != "", rx.hstack(rx.icon(icon, size=14), rx.text(text, size="1", class_name=class_name),
                                         spacing="1", align="center", color=rx.color("gray", 11)))


def _status(row) -> rx.Component:
    return rx.cond(
        ~row.can_edit & (row.status == "cancelled"),
        rx.badge("Cancelled", color_scheme="gray", class_name="task-status-badge"),
        rx.select.root(rx.select.trigger(class_name="task-status", min_width="8rem"),
                       rx.select.content(rx.foreach(T.status_choices,
                                                    lambda c: rx.select.item(c.label, value=c.value))),
                       value=row.status, on_change=lambda status: T.set_status(row.id, status), size="1"),
    )


def _row(row) -> rx.Component:
    return rx.hstack(
        _status(row),
        rx.vstack(
            rx.hstack(
                rx.link(row.title, href="/tasks?task=" + row.id, on_click=T.open_task(row.id).prevent_default,
                        weight="medium", class_name="task-title", underline="hover",
                        text_decoration=rx.cond(row.status == "done", "line-through", "none")),
                rx.badge(row.priority_label, color_scheme=rx.match(row.priority, *PRIORITY_COLORS.items(), "gray"),
                         variant="soft", size="1", class_name="task-priority"),
                spacing="2", align="center", wrap="wrap"),
            rx.hstack(
                _meta("calendar-clock", row.due, "task-due"),
                _meta("user", row.assignee, "task-assignee"),
                _meta("repeat", row.repeat, "task-repeat"),
                rx.cond(row.link != "", rx.hstack(rx.icon("link", size=14),
                                                  rx.link(row.link_label, href=row.link, size="1",
                                                          class_name="task-link"),
                                                  spacing="1", align="center")),
                spacing="4", wrap="wrap"),
            spacing="1", width="100%"),
        width="100%", align="center", spacing="3", padding="0.6rem 0.75rem", class_name="task-row",
        data_task_id=row.id, border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _group(group) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(group.label, size="4"),
                  rx.badge(group.rows.length().to_string(),
                           color_scheme=rx.match(group.key, *GROUP_COLORS.items(), "gray"), radius="full"),
                  spacing="2", align="center"),
        rx.card(rx.vstack(rx.foreach(group.rows, _row), spacing="0", width="100%"), width="100%", padding="0"),
        rx.cond((group.key == "done") & (T.done_total > DONE_SHOWN),
                rx.text("The latest " + group.rows.length().to_string() + " of " + T.done_total.to_string()
                        + " finished tasks.", size="1", color_scheme="gray")),
        spacing="2", width="100%", class_name="task-group", data_group=group.key,
    )


def _list() -> rx.Component:
    return rx.cond(
        T.groups.length() > 0,
        rx.vstack(
            rx.cond(T.open_total > T.open_shown,
                    rx.text("Showing the " + T.open_shown.to_string() + " soonest of " + T.open_total.to_string()
                            + " open tasks.", size="2", color_scheme="gray", id="tasks-truncated")),
            rx.foreach(T.groups, _group),
            spacing="5", width="100%", id="task-groups"),
        rx.cond(T.loaded, empty_state(
            "list-checks", "No tasks here",
            rx.cond(T.tab == "all", "Tasks anyone in the organization creates appear here, grouped by when they are "
                    "due.", "Tasks given to you appear here, grouped by when they are due."),
            rx.cond(T.can_create, rx.button(rx.icon("plus", size=16), "New task", on_click=T.open_new,
                                            id="new-task-empty")),
            id_="no-tasks")),
    )


def _template_card(row) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.heading(row.name, size="4", class_name="task-template-name"), rx.spacer(),
                  rx.badge(row.priority_label, color_scheme=rx.match(row.priority, *PRIORITY_COLORS.items(), "gray"),
                           variant="soft"), width="100%", align="center"),
        rx.text(row.title, weight="medium", size="2"),
        rx.cond(row.description != "", rx.text(row.description, size="2", color_scheme="gray", white_space="pre-wrap",
                                               max_height="6rem", overflow="hidden")),
        rx.hstack(_meta("calendar-clock", row.due_in, "template-due"), _meta("repeat", row.repeat, "template-repeat"),
                  spacing="4"),
        rx.hstack(
            rx.button(rx.icon("plus", size=14), "Create task", size="1", on_click=T.new_from_template(row.id),
                      class_name="use-task-template"),
            rx.cond(TT.can_manage, rx.button("Edit", size="1", variant="soft", on_click=TT.open_edit(row.id),
                                             class_name="edit-task-template")),
            rx.cond(TT.can_manage, rx.button("Delete", size="1", variant="soft", color_scheme="red",
                                             on_click=TT.ask_delete(row.id, row.name),
                                             class_name="delete-task-template")),
            spacing="2"),
        spacing="2", width="100%"), class_name="task-template-card", width="100%")


def _templates() -> rx.Component:
    return rx.vstack(
        error_callout(TT.error, "task-templates-error"),
        rx.cond(TT.can_manage, rx.button(rx.icon("plus", size=16), "New template", on_click=TT.open_new,
                                         variant="soft", id="new-task-template")),
        rx.cond(TT.rows.length() > 0,
                rx.grid(rx.foreach(TT.rows, _template_card), columns=rx.breakpoints(initial="1", md="2"),
                        spacing="4", width="100%", id="task-templates-list"),
                empty_state("clipboard-list", "No task templates yet",
                            rx.cond(TT.can_manage, "Save the kinds of task your team does again and again: a title, "
                                    "a description, a priority, when it is due and whether it repeats.",
                                    "The people who hand out work keep templates here for tasks that come back."),
                            id_="no-task-templates")),
        spacing="3", width="100%",
    )


@app_page("tasks", "Tasks", on_load=[T.load, TT.load])
def tasks_page() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_header("Tasks", "What is due, to whom, and how far along it is."), rx.spacer(),
                  rx.cond(T.can_create, rx.button(rx.icon("plus", size=16), "New task", on_click=T.open_new,
                                                  id="new-task")),
                  width="100%", align="start"),
        _tabs(),
        error_callout(T.error, "tasks-error"),
        rx.cond(T.tab == "templates", _templates(), _list()),
        task_dialog(), template_dialog(), template_delete_dialog(),
        width="100%",
    )

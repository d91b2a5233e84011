"""The "Approval workflows" card of Settings > Organization: approvals on or off, the workflows in the
order they are tried, and an editor for one (conditions, fast-track roles, ordered stages)."""

from __future__ import annotations

import reflex as rx

from allin_app.platforms.limits import LABELS
from allin_app.workflow.workflows_state import WorkflowsState as W


def _chip(label, chosen, on_click, class_name: str, value, disabled=False) -> rx.Component:
    return rx.button(label, size="1", variant=rx.cond(chosen, "solid", "outline"), on_click=on_click,
                     type="button", class_name=class_name, data_value=value, disabled=disabled)


def _error(field, id_, prefix: bool = False) -> rx.Component:
    """The editor's error when it is about `field` (or, with `prefix`, any field of a stage)."""
    about = W.error_field.startswith(field) if prefix else W.error_field == field
    return rx.cond(about & (W.error != ""), rx.text(W.error, color_scheme="red", size="1", id=id_))


def _stage_row(stage) -> rx.Component:
    return rx.hstack(rx.badge(stage.name, variant="soft"), rx.text(stage.approvers, size="1", color_scheme="gray"),
                     spacing="2", align="center")


def _workflow_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row.name, weight="medium", size="2"),
                                rx.cond(~row.enabled, rx.badge("Off", color_scheme="gray", size="1")), spacing="1")),
        rx.table.cell(rx.text(row.conditions, size="2")),
        rx.table.cell(rx.vstack(rx.foreach(row.stages, _stage_row), spacing="1")),
        rx.table.cell(rx.text(row.fast_track, size="2")),
        rx.table.cell(rx.cond(W.can_edit, rx.hstack(
            rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="ghost", on_click=W.move(row.id, True),
                           class_name="workflow-up", aria_label="Try earlier"),
            rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="ghost", on_click=W.move(row.id, False),
                           class_name="workflow-down", aria_label="Try later"),
            rx.button("Edit", size="1", variant="soft", on_click=W.edit_workflow(row.id), class_name="edit-workflow"),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete", size="1", variant="soft", color_scheme="red",
                                                  class_name="delete-workflow")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this workflow?"),
                    rx.alert_dialog.description("Posts already in review keep the path they started on."),
                    rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                              rx.alert_dialog.action(rx.button("Delete", color_scheme="red",
                                                               on_click=W.delete(row.id),
                                                               class_name="confirm-delete-workflow")),
                              justify="end", spacing="2", margin_top="1rem"))),
            spacing="2"))),
        class_name="workflow-row", data_name=row.name,
    )


def _choices(title: str, name: str, choices, hint: str) -> rx.Component:
    """A multi-select as a row of toggles; `choices` is a fixed dict or a list var of Choice."""
    chosen = getattr(W, name)
    if isinstance(choices, dict):
        chips = [_chip(label, chosen.contains(value), W.toggle(name, value), f"choice-{name}", value)
                 for value, label in choices.items()]
    else:
        chips = [rx.foreach(choices, lambda c: _chip(c.label, chosen.contains(c.value), W.toggle(name, c.value),
                                                     f"choice-{name}", c.value))]
    return rx.vstack(rx.text(title, size="2", weight="medium"), rx.flex(*chips, wrap="wrap", gap="1"),
                     rx.text(hint, size="1", color_scheme="gray"), _error(name, f"{name}-error"),
                     spacing="1", width="100%")


def _stage_editor(stage, index) -> rx.Component:
    def approver(choice, kind: str) -> rx.Component:
        chosen = stage.roles.contains(choice.value) if kind == "roles" else stage.user_ids.contains(choice.value)
        return _chip(choice.label, chosen, W.toggle_stage(index, kind, choice.value), f"stage-{kind}", choice.value)

    return rx.card(rx.vstack(
        rx.hstack(
            rx.badge("Stage ", index + 1),
            rx.input(value=stage.name, on_change=lambda v: W.set_stage_name(index, v), placeholder="Stage name",
                     class_name="stage-name", flex="1"),
            rx.icon_button(rx.icon("arrow-up", size=14), size="1", variant="soft", type="button",
                           on_click=W.move_stage(index, -1), disabled=index == 0, class_name="stage-up",
                           aria_label="Move up"),
            rx.icon_button(rx.icon("arrow-down", size=14), size="1", variant="soft", type="button",
                           on_click=W.move_stage(index, 1), disabled=index == W.stages.length() - 1,
                           class_name="stage-down", aria_label="Move down"),
            rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="soft", color_scheme="red", type="button",
                           on_click=W.remove_stage(index), class_name="stage-remove", aria_label="Remove stage"),
            width="100%", align="center"),
        rx.text("Decided by any of these roles", size="1", color_scheme="gray"),
        rx.flex(rx.foreach(W.role_choices, lambda c: approver(c, "roles")), wrap="wrap", gap="1"),
        rx.text("or these people", size="1", color_scheme="gray"),
        rx.flex(rx.foreach(W.member_choices, lambda c: approver(c, "user_ids")), wrap="wrap", gap="1"),
        _error("stages." + (index + 1).to_string() + ".", "stage-error-" + (index + 1).to_string(), prefix=True),
        spacing="2", width="100%"), width="100%", class_name="stage-editor")


def _editor() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(rx.cond(W.editing == 0, "New approval workflow", "Edit approval workflow")),
        rx.vstack(
            rx.vstack(rx.text("Name", as_="label", html_for="workflow-name", size="2", weight="medium"),
                      rx.input(value=W.name, on_change=W.set_name, id="workflow-name", width="100%",
                               placeholder="e.g. Client sign-off"),
                      _error("name", "workflow-name-error"), spacing="1", width="100%"),
            rx.hstack(rx.switch(checked=W.enabled, on_change=W.set_enabled, id="workflow-enabled"),
                      rx.text("In use", size="2"), align="center"),
            rx.heading("When it applies", size="2"),
            rx.text("A post takes the first workflow in use, in the list's order, whose conditions it meets; no "
                    "condition means every post.", size="1", color_scheme="gray"),
            _choices("Networks", "networks", LABELS, "Any of these networks among the post's accounts."),
            rx.cond(W.campaign_choices.length() > 0,
                    _choices("Campaigns", "campaign_ids", W.campaign_choices, "Posts of any of these campaigns.")),
            _choices("Content types", "content_types", W.content_type_choices, "What the post carries."),
            _choices("Fast-track allowed for", "fast_track_roles", W.role_choices,
                     "These roles may approve past every stage in an emergency; it is recorded as such."),
            rx.heading("Stages, in order", size="2"),
            rx.foreach(W.stages, _stage_editor),
            _error("stages", "stages-error"),
            rx.button(rx.icon("plus", size=14), "Add a stage", size="1", variant="soft", type="button",
                      on_click=W.add_stage, id="add-stage"),
            rx.cond((W.error != "") & (W.error_field == ""), rx.text(W.error, color_scheme="red", size="2",
                                                                     id="workflow-error")),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Save workflow", on_click=W.save, id="save-workflow"), justify="end", width="100%"),
            spacing="3", width="100%"),
        max_width="44rem",
    ), open=W.editing >= 0, on_open_change=W.close_editor)


def workflows_card() -> rx.Component:
    """The card; it loads itself, and shows nothing to people who neither approve nor set up."""
    header = rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                            ("Workflow", "Applies to", "Stages", "Fast-track", "")]))
    return rx.box(rx.cond(W.visible, rx.card(rx.vstack(
        rx.heading("Approval workflows", size="4"),
        rx.hstack(rx.switch(checked=W.approvals_on, on_change=W.set_approvals, disabled=~W.can_edit,
                            id="approvals-enabled"),
                  rx.text("Posts need approval before they are scheduled or published", size="2"), align="center"),
        rx.cond(W.workflows.length() > 0,
                rx.table.root(header, rx.table.body(rx.foreach(W.workflows, _workflow_row)), width="100%", size="1",
                              id="workflow-list"),
                rx.text("No workflow yet: a post goes through one stage, decided by a content manager or the "
                        "agency owner.", size="2", color_scheme="gray", id="no-workflows")),
        rx.cond(W.can_edit,
                rx.button(rx.icon("plus", size=14), "Add workflow", variant="soft", on_click=W.new_workflow,
                          id="add-workflow"),
                rx.text("Only the organization's owner (or the agency that manages it) can change these.", size="2",
                        color_scheme="gray", id="workflows-read-only")),
        _editor(),
        spacing="4", width="100%"), width="100%", id="approval-workflows")), on_mount=W.load, width="100%")

"""The agency's Clients page (/clients): every client with real counts, and onboarding a new one."""

from __future__ import annotations

import reflex as rx

from allin_app.core.rbac import Role
from allin_app.orgs.clients_state import ClientsState
from allin_app.orgs.settings_state import TIMEZONES
from allin_app.ui.components import error_callout, field, page_header
from allin_app.ui.shell import app_page

C = ClientsState
INVITABLE_ROLES = (Role.client_viewer, Role.content_manager, Role.content_creator, Role.team_member)


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["name"], weight="medium")),
        rx.table.cell(row["industry"]),
        rx.table.cell(row["members"]),
        rx.table.cell(row["invitations"]),
        rx.table.cell(rx.hstack(rx.text(row["accounts"]), rx.cond(row["attention"] != "0", rx.badge(
            f"{row['attention']} need attention", color_scheme="red")), spacing="2")),
        rx.table.cell(rx.badge(row["status"], color_scheme=rx.cond(row["status"] == "Active", "green", "orange"))),
        rx.table.cell(rx.hstack(
            rx.button("Staff", size="1", variant="soft", color_scheme="gray",
                      on_click=C.open_staff(row["id"], row["name"]), class_name="client-staff"),
            rx.button("Open", size="1", variant="soft", on_click=C.open_client(row["id"])),
            spacing="2")),
        class_name="client-row",
    )


def _new_client_dialog() -> rx.Component:
    errors = {"error": C.form_error, "error_field": C.form_error_field}
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("plus", size=16), "New client", id="new-client")),
        rx.dialog.content(
            rx.dialog.title("Onboard a client"),
            rx.dialog.description("The client gets its own organization: its accounts, content and team stay "
                                  "separate from your other clients.", size="2", margin_bottom="1rem"),
            rx.form(rx.vstack(
                field("Client name", "name", **errors),
                field("Industry", "industry", placeholder="e.g. Hospitality", **errors),
                field("Website", "website", placeholder="https://", **errors),
                rx.vstack(rx.text("Time zone", size="2", weight="medium"),
                          rx.select.root(rx.select.trigger(width="100%"),
                                         rx.select.content(*[rx.select.item(t, value=t) for t in TIMEZONES]),
                                         name="timezone", default_value="UTC"),
                          rx.cond(C.form_error_field == "timezone", rx.text(C.form_error, color_scheme="red", size="2")),
                          spacing="1", width="100%"),
                rx.vstack(rx.text("Voice and tone", size="2", weight="medium"),
                          rx.text_area(name="voice_tone", id="voice_tone", width="100%",
                                       placeholder="How their posts should sound (you can refine it later)"),
                          spacing="1", width="100%"),
                rx.vstack(rx.text("Invite the client's people", size="2", weight="medium"),
                          rx.text_area(name="invite_emails", id="invite_emails", width="100%",
                                       placeholder="one email per line (optional)"),
                          rx.select.root(rx.select.trigger(id="invite_role"), rx.select.content(
                              *[rx.select.item(r.label, value=r.value) for r in INVITABLE_ROLES]),
                              name="invite_role", default_value=Role.client_viewer.value),
                          rx.cond(C.form_error_field.contains("email"),
                                  rx.text(C.form_error, color_scheme="red", size="2", id="invite_emails-error")),
                          spacing="1", width="100%"),
                rx.cond((C.form_error != "") & (C.form_error_field == ""), rx.text(C.form_error, color_scheme="red")),
                rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                          rx.button("Create client", type="submit", id="create-client"), justify="end", width="100%"),
                spacing="3",
            ), on_submit=C.create),
        ),
        open=C.dialog_open,
        on_open_change=C.set_dialog_open,
    )


def _staff_dialog() -> rx.Component:
    def member(row) -> rx.Component:
        return rx.hstack(
            rx.switch(checked=row["assigned"] == "yes", on_change=lambda on: C.set_assigned(row["id"], on),
                      class_name="assign-switch"),
            rx.text(row["name"], weight="medium"), rx.badge(row["role"]), spacing="3", align="center",
            class_name="staff-row",
        )

    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(f"Agency staff on {C.staff_client_name}"),
            rx.dialog.description("Staff reach only the clients they are assigned to, with their agency role. "
                                  "Owners reach every client.", size="2", margin_bottom="1rem"),
            rx.cond(C.staff.length() > 0, rx.vstack(rx.foreach(C.staff, member), spacing="2", id="staff-list"),
                    rx.text("Your agency has no staff besides its owners yet: invite them on the Team page while "
                            "working in the agency.", color_scheme="gray", size="2")),
            rx.hstack(rx.dialog.close(rx.button("Done", variant="soft")), justify="end", margin_top="1rem"),
        ),
        open=C.staff_client_id != "",
        on_open_change=C.close_staff,
    )


@app_page("clients", "Clients", on_load=[C.load])
def clients_page() -> rx.Component:
    headers = ("Client", "Industry", "Members", "Pending invitations", "Connected accounts", "Status", "")
    return rx.vstack(
        rx.hstack(page_header("Clients", f"Organizations {C.agency_name} manages."), rx.spacer(),
                  _new_client_dialog(), width="100%", align="start"),
        error_callout(C.error),
        _staff_dialog(),
        rx.cond(
            C.rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(rx.foreach(C.rows, _row)),
                width="100%",
                id="clients-table",
            ),
            rx.cond(C.error == "", rx.text("No clients yet: onboard your first with New client.",
                                          color_scheme="gray")),
        ),
        width="100%",
    )

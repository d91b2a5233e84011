"""The Admin page (/admin): platform audit log and the outbox of mail the platform sent."""

import reflex as rx

from allin_app.admin.orgs_state import AdminOrgsState as O
from allin_app.admin.state import AdminState
from allin_app.orgs.models import OrgKind
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page


def _mail(m) -> rx.Component:
    return rx.card(rx.vstack(
        rx.hstack(rx.text(m["subject"], weight="bold"), rx.spacer(), rx.badge(m["status"])),
        rx.text(f"To {m['to']} · {m['at']}", size="1", color_scheme="gray"),
        rx.text(m["body"], white_space="pre-wrap", size="2", class_name="outbox-body"),
        spacing="1",
    ), width="100%", class_name="outbox-mail")


def _audit_table() -> rx.Component:
    headers = ("Time (UTC)", "Action", "Target", "Result", "IP", "Detail")
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(AdminState.audit, lambda e: rx.table.row(
            rx.table.cell(e["at"]), rx.table.cell(e["action"]), rx.table.cell(e["target"]),
            rx.table.cell(e["result"]), rx.table.cell(e["ip"]), rx.table.cell(e["detail"]),
        ))),
        width="100%",
        size="1",
        id="audit-table",
    )


def _org_row(row) -> rx.Component:
    suspended = row["status"] == "Suspended"
    return rx.table.row(
        rx.table.cell(row["name"]), rx.table.cell(row["kind"]), rx.table.cell(row["parent"]),
        rx.table.cell(rx.badge(row["status"], color_scheme=rx.cond(suspended, "orange", "green"))),
        rx.table.cell(rx.hstack(
            rx.button(rx.cond(suspended, "Reactivate", "Suspend"), size="1", variant="soft",
                      on_click=O.set_suspended(row["id"], ~suspended), class_name="suspend-org"),
            rx.button("Delete", size="1", variant="soft", color_scheme="red",
                      on_click=O.ask_delete(row["id"], row["name"]), class_name="delete-org"),
            spacing="2")),
        class_name="org-row",
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(f"Delete {O.delete_name}?"),
            rx.alert_dialog.description(O.retention_note, size="2"),
            error_callout(O.error, "delete-org-error"),
            rx.form(rx.vstack(
                rx.text("Type the organization's name to confirm:", size="2"),
                rx.input(name="confirm_name", id="confirm-name", width="100%"),
                rx.hstack(rx.button("Cancel", type="button", variant="soft", color_scheme="gray",
                                    on_click=O.cancel_delete),
                          rx.button("Delete organization", type="submit", color_scheme="red", id="confirm-delete"),
                          justify="end", width="100%"),
                spacing="3", margin_top="1rem"),
                on_submit=O.confirm_delete),
        ),
        open=O.delete_id != "",
    )


def _organizations_tab() -> rx.Component:
    kinds = [rx.select.item(k.label, value=k.value) for k in OrgKind]
    return rx.vstack(
        error_callout(O.error, "orgs-error"),
        rx.hstack(
            rx.form(rx.hstack(rx.input(name="query", placeholder="Search by name", id="org-search"),
                              rx.button("Search", type="submit", variant="soft")), on_submit=O.search),
            rx.spacer(),
            rx.form(rx.hstack(
                rx.input(name="name", placeholder="New organization name", id="new-org-name"),
                rx.select.root(rx.select.trigger(placeholder="Type"), rx.select.content(*kinds), name="kind",
                               default_value=OrgKind.small_business.value),
                rx.select.root(rx.select.trigger(placeholder="Agency (for a client)"), rx.select.content(
                    rx.foreach(O.agencies, lambda a: rx.select.item(a["name"], value=a["id"]))), name="parent_id"),
                rx.button("Create", type="submit", id="create-org"), spacing="2"), on_submit=O.create,
                reset_on_submit=True),
            width="100%",
        ),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                           for h in ("Organization", "Type", "Agency", "Status", "")])),
            rx.table.body(rx.foreach(O.rows, _org_row)),
            width="100%", id="orgs-table",
        ),
        _delete_dialog(),
        spacing="3", padding_top="1rem", width="100%",
    )


def _publisher_card() -> rx.Component:
    health = AdminState.publisher
    return rx.card(rx.hstack(
        rx.badge(health["state"], color_scheme=rx.cond(health["ok"] == "yes", "green", "red"), id="publisher-state"),
        rx.text("Last tick: ", health["last_tick"], size="2"),
        rx.text("Due and waiting: ", health["due"], size="2"),
        rx.text("Oldest overdue: ", health["oldest"], size="2"),
        rx.cond(health["problems"] != "", rx.text(health["problems"], size="2", color_scheme="red")),
        spacing="4", wrap="wrap", align="center"), width="100%", margin_bottom="1rem", id="publisher-health")


@app_page("admin", "Admin", on_load=[AdminState.load, O.load])
def admin_page() -> rx.Component:
    return rx.vstack(
        page_header("Admin", "Platform-wide records. Only super admins see this page."),
        error_callout(AdminState.error),
        _publisher_card(),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Organizations", value="orgs", id="tab-orgs"),
                         rx.tabs.trigger("Mail outbox", value="outbox", id="tab-outbox"),
                         rx.tabs.trigger("Audit log", value="audit", id="tab-audit")),
            rx.tabs.content(
                rx.vstack(
                    rx.text("Every mail AllIN sends is kept here. Without SMTP_URL this is the only place it "
                            "arrives, so you can hand out verification and reset links yourself.", size="2",
                            color_scheme="gray"),
                    rx.foreach(AdminState.outbox, _mail),
                    spacing="3", padding_top="1rem", id="outbox-list",
                ),
                value="outbox",
            ),
            rx.tabs.content(rx.box(_audit_table(), padding_top="1rem"), value="audit"),
            rx.tabs.content(_organizations_tab(), value="orgs"),
            default_value="orgs",
            width="100%",
        ),
        width="100%",
    )

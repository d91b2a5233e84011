"""The Admin page (/admin): platform audit log and the outbox of mail the platform sent."""

import reflex as rx

from allin_app.admin.state import AdminState
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


@app_page("admin", "Admin", on_load=[AdminState.load])
def admin_page() -> rx.Component:
    return rx.vstack(
        page_header("Admin", "Platform-wide records. Only super admins see this page."),
        error_callout(AdminState.error),
        rx.tabs.root(
            rx.tabs.list(rx.tabs.trigger("Mail outbox", value="outbox", id="tab-outbox"),
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
            default_value="outbox",
            width="100%",
        ),
        width="100%",
    )

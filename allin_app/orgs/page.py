"""The team page (/team): the people of the organization and their roles."""

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.orgs.state import TeamState
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page


def _member_row(member) -> rx.Component:
    return rx.table.row(
        rx.table.cell(member["name"]), rx.table.cell(member["email"]), rx.table.cell(rx.badge(member["role"])),
        rx.table.cell(member["two_factor"]),
    )


@app_page("team", "Team", on_load=[TeamState.load])
def team() -> rx.Component:
    return rx.vstack(
        page_header("Team", f"Who works in {SessionState.org_name}, and their roles."),
        error_callout(TeamState.error),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Name", "Email", "Role", "2FA")])),
            rx.table.body(rx.foreach(TeamState.members, _member_row)),
            width="100%",
            id="team-table",
        ),
        width="100%",
    )

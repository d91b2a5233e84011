"""The team page (/team): the people of the organization and their roles, invitations, and the
role changes and removals the acting role may make."""

import reflex as rx

from allin_app.auth.state import SessionState
from allin_app.orgs.state import ROLE_OPTIONS, TeamState
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page


def _role_items() -> list[rx.Component]:
    return [rx.select.item(option["label"], value=option["value"]) for option in ROLE_OPTIONS]


def _confirm(trigger: rx.Component, title: str, description, action_label: str, on_confirm, action_id: str,
             color: str = "red") -> rx.Component:
    """A button that asks before it acts (rx.alert_dialog)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(description, size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(action_label, color_scheme=color, on_click=on_confirm, id=action_id)),
                spacing="3",
                justify="end",
                margin_top="1rem",
            ),
            max_width="28rem",
        ),
    )


def _role_cell(member) -> rx.Component:
    select = rx.select.root(
        rx.select.trigger(id=f"role-{member['id']}", aria_label="Role"),
        rx.select.content(*_role_items()),
        value=member["role"],
        on_change=lambda role: TeamState.change_role(member["id"], role),
        size="2",
    )
    return rx.cond(member["editable"] == "yes", select, rx.badge(member["role_label"]))


def _member_actions(member) -> rx.Component:
    remove = _confirm(
        rx.button("Remove", size="1", variant="soft", color_scheme="red", id=f"remove-{member['id']}"),
        "Remove this member?",
        member["name"] + " loses access to " + SessionState.org_name + " at their next click.",
        "Remove", TeamState.remove_member(member["id"]), "confirm-remove",
    )
    transfer = _confirm(
        rx.button("Make owner", size="1", variant="soft", id=f"transfer-{member['id']}"),
        "Transfer ownership?",
        member["name"] + " becomes the owner of " + SessionState.org_name
        + ". If you own it yourself, you become a content manager.",
        "Transfer", TeamState.transfer_ownership(member["id"]), "confirm-transfer", "amber",
    )
    return rx.hstack(
        rx.cond(member["transferable"] == "yes", transfer),
        rx.cond(member["removable"] == "yes", remove),
        spacing="2",
    )


def _member_row(member) -> rx.Component:
    return rx.table.row(
        rx.table.cell(member["name"]), rx.table.cell(member["email"]), rx.table.cell(_role_cell(member)),
        rx.table.cell(member["two_factor"]),
        rx.cond(TeamState.can_remove | TeamState.can_transfer, rx.table.cell(_member_actions(member))),
        id=f"member-{member['id']}",
    )


def _members_table() -> rx.Component:
    headers = [rx.table.column_header_cell(h) for h in ("Name", "Email", "Role", "2FA")]
    return rx.table.root(
        rx.table.header(rx.table.row(
            *headers, rx.cond(TeamState.can_remove | TeamState.can_transfer, rx.table.column_header_cell("")))),
        rx.table.body(rx.foreach(TeamState.members, _member_row)),
        width="100%",
        id="team-table",
    )


def _labelled(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.vstack(rx.text(label, as_="label", html_for=html_for, size="2", weight="medium"), control,
                     spacing="1", width="100%")


def _invite_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("user-plus", size=16), "Invite people", id="invite-open")),
        rx.dialog.content(
            rx.dialog.title("Invite people"),
            rx.dialog.description("Each person gets an email with a link that works once, for 7 days.", size="2",
                                  margin_bottom="1rem"),
            rx.vstack(
                error_callout(TeamState.invite_error, "invite-error"),
                _labelled("Email addresses", rx.text_area(
                    id="invite-emails", value=TeamState.invite_emails, on_change=TeamState.set_invite_emails,
                    placeholder="One per line, or separated by commas (up to 50)", rows="4", width="100%"),
                    "invite-emails"),
                _labelled("Role", rx.select.root(
                    rx.select.trigger(id="invite-role", width="100%"), rx.select.content(*_role_items()),
                    value=TeamState.invite_role, on_change=TeamState.set_invite_role), "invite-role"),
                _labelled("Personal message (optional)", rx.text_area(
                    id="invite-message", value=TeamState.invite_message, on_change=TeamState.set_invite_message,
                    placeholder="A few words of welcome", rows="3", max_length=500, width="100%"),
                    "invite-message"),
                rx.hstack(
                    rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                    rx.button("Send invitations", on_click=TeamState.send_invites, id="invite-submit"),
                    spacing="3",
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="32rem",
        ),
        open=TeamState.invite_open,
        on_open_change=TeamState.set_invite_open,
    )


def _invitation_row(invitation) -> rx.Component:
    actions = rx.hstack(
        rx.button("Resend", size="1", variant="soft", on_click=TeamState.resend_invitation(invitation["id"]),
                  id=f"resend-{invitation['id']}"),
        rx.button("Revoke", size="1", variant="soft", color_scheme="red",
                  on_click=TeamState.revoke_invitation(invitation["id"]), id=f"revoke-{invitation['id']}"),
        spacing="2",
    )
    status = rx.badge(invitation["status_label"],
                      color_scheme=rx.cond(invitation["status"] == "expired", "orange", "blue"))
    return rx.table.row(
        rx.table.cell(invitation["email"]), rx.table.cell(invitation["role"]),
        rx.table.cell(invitation["invited_by"]), rx.table.cell(invitation["expires"]), rx.table.cell(status),
        rx.cond(TeamState.can_invite, rx.table.cell(actions)),
        id=f"invitation-{invitation['id']}",
    )


def _invitations_section() -> rx.Component:
    headers = [rx.table.column_header_cell(h) for h in ("Email", "Role", "Invited by", "Expires", "Status")]
    return rx.vstack(
        rx.heading("Pending invitations", size="4", margin_top="2rem"),
        rx.cond(
            TeamState.invitations.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(*headers, rx.cond(TeamState.can_invite,
                                                               rx.table.column_header_cell("")))),
                rx.table.body(rx.foreach(TeamState.invitations, _invitation_row)),
                width="100%",
                id="invitations-table",
            ),
            rx.text("No pending invitations.", color_scheme="gray", id="no-invitations"),
        ),
        width="100%",
        spacing="3",
    )


@app_page("team", "Team", on_load=[TeamState.load])
def team() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            page_header("Team", f"Who works in {SessionState.org_name}, and their roles."),
            rx.spacer(),
            rx.link(rx.button("Activity", variant="soft"), href="/team/activity", id="team-activity"),
            rx.cond(TeamState.can_invite, _invite_dialog()),
            width="100%",
            align="start",
        ),
        error_callout(TeamState.error),
        _members_table(),
        rx.cond(TeamState.can_see_invitations, _invitations_section()),
        width="100%",
    )

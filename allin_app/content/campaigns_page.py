"""Campaigns (/campaigns) and one campaign (/campaigns/<id>): budget and costs, timeline, posts, team."""

import reflex as rx

from allin_app.content.campaigns_state import CampaignsState as C
from allin_app.ui.components import content_tabs, empty_state, error_callout, page_header
from allin_app.ui.shell import app_page

STATUS_COLORS = {"Upcoming": "blue", "Running": "green", "Ended": "gray"}
POST_COLORS = {"draft": "gray", "in_review": "amber", "approved": "cyan", "scheduled": "blue",
               "publishing": "blue", "published": "green", "failed": "red", "rejected": "red", "held": "orange"}


def _status_badge(status) -> rx.Component:
    return rx.badge(status, color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"), class_name="campaign-status")


def _swatch(color, size: str = "0.9rem") -> rx.Component:
    return rx.box(width=size, height=size, border_radius="50%", background=color, flex_shrink="0")


def budget_bar(percent, over, id_: str = "", height: str = "0.6rem") -> rx.Component:
    """Spent against budget; red once the costs pass the budget."""
    return rx.box(
        rx.box(width=percent + "%", height="100%", border_radius="999px",
               background=rx.cond(over == "yes", rx.color("red", 9), rx.color("green", 9))),
        role="progressbar", aria_valuenow=percent, aria_valuemin="0", aria_valuemax="100",
        width="100%", height=height, border_radius="999px", background=rx.color("gray", 4), overflow="hidden",
        id=id_ or None,
    )


# ---- the campaign form (new and edit) ----

def _message(name: str) -> rx.Component:
    return rx.cond(C.form_error_field == name, rx.text(C.form_error, color_scheme="red", size="2",
                                                       id=f"campaign-{name}-error"))


def _labelled(label: str, name: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, as_="label", html_for=f"campaign-{name}", size="2", weight="medium"), control,
                     _message(name), spacing="1", width="100%")


def _input(label: str, name: str, **props) -> rx.Component:
    return _labelled(label, name, rx.input(name=name, id=f"campaign-{name}", default_value=C.form_values[name],
                                           width="100%", **props))


def _team_picker() -> rx.Component:
    def choice(person) -> rx.Component:
        return rx.checkbox(person["name"], checked=C.picked_team.contains(person["id"]),
                           on_change=lambda on: C.pick_member(person["id"], on), class_name="team-choice")

    return rx.vstack(rx.text("Team", size="2", weight="medium"),
                     rx.flex(rx.foreach(C.team_choices, choice), wrap="wrap", spacing="4"),
                     _message("member_ids"), spacing="1", width="100%")


def _campaign_form(on_submit, submit_label: str) -> rx.Component:
    known = ["name", "goal", "starts_on", "ends_on", "budget", "color", "member_ids"]
    return rx.form(rx.vstack(
        _input("Name", "name", placeholder="e.g. Spring menu launch"),
        _labelled("Goal", "goal", rx.text_area(name="goal", id="campaign-goal", default_value=C.form_values["goal"],
                                               placeholder="What should it achieve? e.g. 200 newsletter sign-ups",
                                               width="100%")),
        rx.grid(_input("Starts", "starts_on", type="date"), _input("Ends", "ends_on", type="date"), columns="2",
                spacing="3", width="100%"),
        rx.grid(_input("Budget", "budget", placeholder="e.g. 1500.00", input_mode="decimal"),
                _labelled("Colour", "color", rx.el.input(type="color", name="color", id="campaign-color",
                                                          default_value=C.form_values["color"],
                                                          style={"height": "2rem", "width": "4rem"})),
                columns="2", spacing="3", width="100%"),
        rx.cond(C.can_manage, _team_picker()),
        rx.cond((C.form_error != "") & ~rx.Var.create(known).contains(C.form_error_field),
                rx.text(C.form_error, color_scheme="red", size="2", id="campaign-form-error")),
        rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                  rx.button(submit_label, type="submit", id="save-campaign"), justify="end", width="100%"),
        spacing="3", width="100%",
    ), on_submit=on_submit)


def _form_dialog(title: str, on_submit, submit_label: str) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(rx.dialog.title(title), _campaign_form(on_submit, submit_label), max_width="36rem"),
        open=C.form_open, on_open_change=C.set_form_open,
    )


# ---- the list ----

def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(rx.hstack(_swatch(row["color"]), rx.text(row["name"], weight="medium"), spacing="2",
                                        align="center"), href="/campaigns/" + row["id"], class_name="campaign-link")),
        rx.table.cell(row["dates"]),
        rx.table.cell(_status_badge(row["status"])),
        rx.table.cell(row["posts"]),
        rx.table.cell(rx.cond(row["has_budget"] == "yes",
                              rx.vstack(rx.text(row["spent"] + " of " + row["budget"], size="2"),
                                        budget_bar(row["percent"], row["over"]), spacing="1", min_width="9rem"),
                              rx.text("Spent " + row["spent"], size="2", color_scheme="gray"))),
        class_name="campaign-row",
    )


@app_page("content", "Campaigns", on_load=[C.load_list], route="/campaigns")
def campaigns_list() -> rx.Component:
    headers = ("Campaign", "Dates", "Status", "Posts", "Budget spent")
    return rx.vstack(
        rx.hstack(page_header("Campaigns", "Posts grouped by goal, dates and budget."), rx.spacer(),
                  rx.cond(C.can_manage, rx.button(rx.icon("plus", size=16), "New campaign", on_click=C.open_new,
                                                  id="new-campaign")),
                  width="100%", align="start"),
        content_tabs("campaigns"),
        error_callout(C.error, "campaigns-error"),
        rx.cond(C.rows.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                              rx.table.body(rx.foreach(C.rows, _row)), width="100%", id="campaigns-table"),
                empty_state("flag", "No campaigns yet",
                            "A campaign groups posts under one goal, with dates, a budget and a team. "
                            "Managers start them here; posts join one from the composer.")),
        _form_dialog("New campaign", C.create, "Create campaign"),
        width="100%",
    )


# ---- one campaign ----

def _cost_row(cost) -> rx.Component:
    return rx.table.row(
        rx.table.cell(cost["description"]), rx.table.cell(cost["day"]),
        rx.table.cell(cost["amount"], text_align="right"),
        rx.table.cell(rx.cond(C.can_assist, rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost",
                                                           color_scheme="red", on_click=C.remove_cost(cost["id"]),
                                                           class_name="remove-cost", aria_label="Remove cost"))),
        class_name="cost-row",
    )


def _cost_message(name: str) -> rx.Component:
    return rx.cond(C.cost_error_field == name, rx.text(C.cost_error, color_scheme="red", size="2",
                                                       id=f"cost-{name}-error"))


def _cost_form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.hstack(rx.input(name="description", id="cost-description", placeholder="What was paid for",
                           flex="2"),
                  rx.input(name="amount", id="cost-amount", placeholder="Amount", input_mode="decimal", flex="1"),
                  rx.input(name="spent_on", id="cost-spent-on", type="date", default_value=C.info["today"],
                           flex="1"),
                  rx.button("Add cost", type="submit", id="add-cost"), width="100%", spacing="2"),
        _cost_message("description"), _cost_message("amount"), _cost_message("spent_on"),
        spacing="1", width="100%"), on_submit=C.add_cost, key=C.cost_form_key, width="100%")


def _budget_card() -> rx.Component:
    info = C.info
    return rx.card(rx.vstack(
        rx.heading("Budget", size="4"),
        rx.cond(info["has_budget"] == "yes",
                rx.vstack(
                    rx.hstack(rx.text("Spent ", rx.text.strong(info["spent"], id="budget-spent"), " of ",
                                      rx.text.strong(info["budget"], id="budget-total")),
                              rx.spacer(), rx.text(info["used"] + "% used", size="2", color_scheme="gray"),
                              width="100%"),
                    budget_bar(info["percent"], info["over"], "budget-bar", "0.8rem"),
                    rx.cond(info["over"] == "yes",
                            rx.text("Over budget by " + info["overspent"], color_scheme="red", size="2",
                                    id="budget-over"),
                            rx.text(info["left"] + " left", size="2", color_scheme="gray", id="budget-left")),
                    spacing="2", width="100%"),
                rx.text("No budget set. Spent so far: ", rx.text.strong(info["spent"], id="budget-spent"),
                        size="2")),
        rx.cond(C.costs.length() > 0,
                rx.table.root(rx.table.body(rx.foreach(C.costs, _cost_row)), width="100%", size="1",
                              id="costs-table"),
                rx.text("No costs entered yet.", size="2", color_scheme="gray")),
        rx.cond(C.can_assist, _cost_form()),
        spacing="3", width="100%"), width="100%")


def _team_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Team", size="4"),
        rx.cond(C.team.length() > 0,
                rx.vstack(rx.foreach(C.team, lambda m: rx.hstack(
                    rx.avatar(fallback=m["name"][:2], size="2"),
                    rx.vstack(rx.text(m["name"], size="2", weight="medium"),
                              rx.text(m["email"], size="1", color_scheme="gray"), spacing="0"),
                    spacing="2", align="center", class_name="team-member")), spacing="2"),
                rx.text("Nobody is on this campaign yet.", size="2", color_scheme="gray")),
        spacing="3", width="100%"), width="100%")


def _timeline_dot(post) -> rx.Component:
    return rx.tooltip(
        rx.box(position="absolute", left=post["percent"], top="50%", width="0.8rem", height="0.8rem",
               transform="translate(-50%, -50%)", border_radius="50%",
               border=f"2px solid {rx.color('gray', 1)}",
               background=rx.cond(post["outside"] == "yes", rx.color("gray", 8), C.info["color"]),
               class_name="timeline-post"),
        content=post["day"] + ": " + post["text"] + rx.cond(post["outside"] == "yes", " (outside the dates)", ""),
    )


def _timeline_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Timeline", size="4"),
        rx.box(
            rx.box(position="absolute", left="0", right="0", top="50%", height="4px", transform="translateY(-50%)",
                   border_radius="999px", background=rx.color("gray", 5)),
            rx.cond(C.today_at != "", rx.tooltip(rx.box(position="absolute", left=C.today_at, top="0", bottom="0",
                                                        width="2px", background=rx.color("accent", 9),
                                                        id="timeline-today"), content="Today")),
            rx.foreach(C.posts, _timeline_dot),
            position="relative", height="2.5rem", width="100%", id="timeline",
        ),
        rx.hstack(rx.text(C.info["starts"], size="1", color_scheme="gray"), rx.spacer(),
                  rx.text(C.info["ends"], size="1", color_scheme="gray"), width="100%"),
        rx.cond(C.posts.length() == 0, rx.text("Posts of this campaign will be placed here by the day they go out.",
                                               size="2", color_scheme="gray")),
        spacing="2", width="100%"), width="100%")


def _post_row(post) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(post["text"], size="2")),
        rx.table.cell(rx.badge(post["status"], color_scheme=rx.match(post["status_key"], *POST_COLORS.items(),
                                                                     "gray"))),
        rx.table.cell(rx.text(post["day"], rx.cond(post["scheduled"] == "yes", "", " (last change)"), size="2")),
        class_name="campaign-post",
    )


def _posts_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Posts", size="4"),
        rx.cond(C.posts.length() > 0,
                rx.table.root(rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                                             for h in ("Post", "Status", "Day")])),
                              rx.table.body(rx.foreach(C.posts, _post_row)), width="100%", id="campaign-posts"),
                empty_state("file-text", "No posts in this campaign yet",
                            "Pick this campaign when you write or edit a post, or move posts here from Content.",
                            id_="campaign-no-posts")),
        spacing="3", width="100%"), width="100%")


def _delete_dialog() -> rx.Component:
    posts_note = rx.cond(C.info["posts"] == "0", "It has no posts.",
                         "Its " + C.info["posts"] + " post(s) stay in Content, no longer part of a campaign.")
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete “" + C.info["name"] + "”?"),
            rx.alert_dialog.description(posts_note, " Its costs and team go with it.", size="2",
                                        id="delete-campaign-note"),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Delete campaign", color_scheme="red", on_click=C.delete,
                                id="confirm-delete-campaign"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=C.confirm_delete, on_open_change=C.set_confirm_delete,
    )


def _campaign_header() -> rx.Component:
    info = C.info
    return rx.hstack(
        rx.vstack(
            rx.link(rx.hstack(rx.icon("arrow-left", size=14), rx.text("All campaigns", size="2"), spacing="1",
                              align="center"), href="/campaigns"),
            rx.hstack(_swatch(info["color"], "1.2rem"), rx.heading(info["name"], size="7", id="page-title"),
                      _status_badge(info["status"]), spacing="3", align="center"),
            rx.text(info["dates"], color_scheme="gray", id="campaign-dates"),
            rx.cond(info["goal"] != "", rx.text("Goal: " + info["goal"], id="campaign-goal-text")),
            spacing="2"),
        rx.spacer(),
        rx.hstack(rx.cond(C.can_assist, rx.button("Edit", variant="soft", on_click=C.open_edit, id="edit-campaign")),
                  rx.cond(C.can_manage, rx.button("Delete", variant="soft", color_scheme="red",
                                                  on_click=C.set_confirm_delete(True), id="delete-campaign")),
                  spacing="2"),
        width="100%", align="start", margin_bottom="1rem",
    )


@app_page("content", "Campaign", on_load=[C.load_campaign], route="/campaigns/[campaign_id]")
def campaign_detail() -> rx.Component:
    return rx.vstack(
        content_tabs("campaigns"),
        rx.cond(
            C.missing,
            empty_state("flag", "Campaign not found", "It may have been deleted, or it belongs to another "
                        "organization.", rx.link(rx.button("All campaigns", variant="soft"), href="/campaigns"),
                        id_="campaign-missing"),
            rx.vstack(
                _campaign_header(),
                rx.grid(_budget_card(), _team_card(), columns=rx.breakpoints(initial="1", md="2"), spacing="4",
                        width="100%"),
                _timeline_card(),
                _posts_card(),
                _form_dialog("Edit campaign", C.save, "Save campaign"),
                _delete_dialog(),
                spacing="4", width="100%"),
        ),
        width="100%",
    )

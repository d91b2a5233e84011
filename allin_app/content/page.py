"""The content library (/content): every post of the organization, filtered, searched, paged, acted on."""

import reflex as rx

from allin_app.content.library_state import ALL, NO_CAMPAIGN, SORTS, Choice
from allin_app.content.library_state import LibraryState as L
from allin_app.content.models import PostStatus
from allin_app.platforms.limits import LABELS
from allin_app.ui.components import content_tabs, empty_state, error_callout, notice_callout, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.assign_panel import assign_button, assign_dialog
from allin_app.workflow.assign_state import LibraryAssignState

STATUS_COLORS = {"draft": "gray", "in_review": "amber", "approved": "teal", "scheduled": "blue",
                 "publishing": "violet", "published": "green", "failed": "red", "rejected": "orange",
                 "held": "crimson"}
STATUS_CHOICES = [Choice(status.value, status.label) for status in PostStatus]
NETWORK_CHOICES = [Choice(key, label) for key, label in LABELS.items()]
SORT_CHOICES = [Choice(key, label) for key, label in SORTS.items()]


def _options(choices) -> list[rx.Component]:
    """Select items for a fixed list of choices, or for a list var of them."""
    if isinstance(choices, rx.Var):
        return [rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))]
    return [rx.select.item(c.label, value=c.value) for c in choices]


def _select(name: str, everything: str, choices, id_: str) -> rx.Component:
    """A filter: "everything" (no filter) plus the choices."""
    return rx.select.root(
        rx.select.trigger(id=id_, min_width="9rem"),
        rx.select.content(rx.select.item(everything, value=ALL), *_options(choices)),
        value=getattr(L.filters, name),
        on_change=lambda value: L.set_filter(name, value),
        size="2",
    )


def _date(name: str, label: str) -> rx.Component:
    return rx.hstack(
        rx.text(label, size="2", color_scheme="gray", as_="label", html_for=f"filter-{name}"),
        rx.input(type="date", id=f"filter-{name}", value=getattr(L.filters, name),
                 on_change=lambda value: L.set_filter(name, value), size="2"),
        align="center", spacing="1",
    )


def _filters() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.input(rx.input.slot(rx.icon("search", size=16)), placeholder="Search the words of every post",
                     default_value=L.filters.search, key=L.search_key, on_change=L.set_search.debounce(350),
                     id="library-search", width="22rem", size="2"),
            rx.spacer(),
            rx.text("Sort by", size="2", color_scheme="gray"),
            rx.select.root(rx.select.trigger(id="sort-by"), rx.select.content(*_options(SORT_CHOICES)),
                value=L.filters.sort, on_change=lambda value: L.set_filter("sort", value), size="2"),
            rx.select.root(rx.select.trigger(id="sort-order"), rx.select.content(
                rx.select.item("Newest first", value="desc"), rx.select.item("Oldest first", value="asc")),
                value=L.filters.order, on_change=lambda value: L.set_filter("order", value), size="2"),
            width="100%", align="center", spacing="2",
        ),
        rx.hstack(
            _select("status", "Every status", STATUS_CHOICES, "filter-status"),
            _select("network", "Every network", NETWORK_CHOICES, "filter-network"),
            _select("account", "Every account", L.choices.accounts, "filter-account"),
            _select("campaign", "Every campaign", L.choices.campaigns, "filter-campaign"),
            _select("author", "Every author", L.choices.authors, "filter-author"),
            _date("date_from", "From"),
            _date("date_to", "to"),
            rx.cond(L.narrowed, rx.button("Clear filters", variant="ghost", size="2", on_click=L.clear_filters,
                                          id="clear-filters")),
            wrap="wrap", spacing="2", align="center", width="100%",
        ),
        width="100%", spacing="2", id="library-filters",
    )


def _any_bulk_action():
    choices = L.choices
    return choices.can_delete | choices.can_submit | choices.can_move | choices.can_approve | choices.can_queue


def _bulk_bar() -> rx.Component:
    chosen = L.selected.length()
    return rx.cond(
        _any_bulk_action(),
        rx.hstack(
            rx.text(rx.cond(chosen > 0, chosen.to_string() + " selected", "Select posts to act on several at once"),
                    size="2", color_scheme="gray", id="selected-count"),
            rx.cond(L.choices.can_submit, rx.button(rx.icon("send", size=14), "Submit for approval", size="2",
                                                    variant="soft", disabled=chosen == 0, on_click=L.submit_selected,
                                                    id="bulk-submit")),
            rx.cond(L.choices.can_approve, rx.button(rx.icon("check", size=14), "Approve", size="2",
                                                     variant="soft", color_scheme="green", disabled=chosen == 0,
                                                     on_click=L.approve_selected, id="bulk-approve")),
            rx.cond(L.choices.can_queue, rx.button(rx.icon("list-ordered", size=14), "Add to queue", size="2",
                                                   variant="soft", disabled=chosen == 0, on_click=L.queue_selected,
                                                   id="bulk-queue")),
            rx.cond(L.choices.can_move, rx.button(rx.icon("folder-input", size=14), "Move to campaign", size="2",
                                                  variant="soft", disabled=chosen == 0, on_click=L.ask_move,
                                                  id="bulk-move")),
            assign_button(),
            rx.cond(L.choices.can_delete, rx.button(rx.icon("trash-2", size=14), "Delete", size="2", variant="soft",
                                                    color_scheme="red", disabled=chosen == 0, on_click=L.ask_delete,
                                                    id="bulk-delete")),
            spacing="2", align="center", id="bulk-actions",
        ),
    )


def _networks(row) -> rx.Component:
    return rx.cond(row.networks.length() > 0,
                   rx.flex(rx.foreach(row.networks, lambda n: rx.badge(n, variant="outline", size="1")),
                           wrap="wrap", gap="1"),
                   rx.text("no account yet", size="1", color_scheme="gray"))


def _row_actions(row) -> rx.Component:
    return rx.hstack(
        rx.cond(row.can_edit, rx.link(rx.button("Edit", size="1", variant="soft"), href="/create?post=" + row.id,
                                      class_name="edit-post")),
        rx.cond(L.choices.can_duplicate, rx.button("Duplicate", size="1", variant="soft", color_scheme="gray",
                                                   on_click=L.duplicate(row.id), class_name="duplicate-post")),
        spacing="2",
    )


def _post_row(row) -> rx.Component:
    bulk = _any_bulk_action()
    return rx.table.row(
        rx.cond(bulk, rx.table.cell(rx.checkbox(checked=L.selected.contains(row.id), class_name="select-post", aria_label="Select post",
                                                on_change=lambda checked: L.toggle_row(row.id, checked)))),
        rx.table.cell(rx.text(row.excerpt, size="2", class_name="post-excerpt"), max_width="24rem"),
        rx.table.cell(_networks(row)),
        rx.table.cell(rx.text(row.campaign, size="2", class_name="post-campaign")),
        rx.table.cell(rx.text(row.author, size="2")),
        rx.table.cell(rx.badge(row.status_label, color_scheme=rx.match(row.status, *STATUS_COLORS.items(), "gray"),
                               class_name="status-badge")),
        rx.table.cell(rx.vstack(rx.text(row.when_label, size="1", color_scheme="gray"),
                                rx.text(row.when, size="2"), spacing="0")),
        rx.table.cell(_row_actions(row)),
        class_name="post-row",
        data_post_id=row.id,
    )


def _table() -> rx.Component:
    bulk = _any_bulk_action()
    headers = ("Post", "Networks", "Campaign", "Author", "Status", "When", "")
    return rx.table.root(
        rx.table.header(rx.table.row(
            rx.cond(bulk, rx.table.column_header_cell(rx.checkbox(checked=L.all_selected, on_change=L.toggle_page,
                                                                  id="select-page",
                                                                  aria_label="Select every post on this page"))),
            *[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(L.rows, _post_row)),
        width="100%", id="library-table",
    )


def _pager() -> rx.Component:
    return rx.hstack(
        rx.text(L.range_text, size="2", color_scheme="gray", id="library-range"),
        rx.spacer(),
        rx.button(rx.icon("chevron-left", size=14), "Previous", size="2", variant="soft", id="previous-page",
                  disabled=L.page_index == 0, on_click=L.previous_page),
        rx.button("Next", rx.icon("chevron-right", size=14), size="2", variant="soft", id="next-page",
                  disabled=~L.has_next, on_click=L.next_page),
        width="100%", align="center", spacing="2",
    )


def _listing() -> rx.Component:
    return rx.cond(
        L.rows.length() > 0,
        rx.vstack(_bulk_bar(), _table(), _pager(), width="100%", spacing="3"),
        rx.cond(
            L.narrowed,
            empty_state("search-x", "No posts match these filters",
                        "Try other words, a wider date range, or fewer filters.",
                        rx.button("Clear filters", variant="soft", on_click=L.clear_filters, id="clear-filters-empty"),
                        id_="no-match"),
            empty_state("library", "No posts yet",
                        "Every draft, scheduled and published post of your organization will be listed here, "
                        "with its networks, campaign and status.",
                        rx.link(rx.button("Write your first post"), href="/create", id="write-first-post"),
                        id_="no-posts"),
        ),
    )


def _delete_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(L.selected.length() == 1, "Delete the selected post?",
                                          "Delete the " + L.selected.length().to_string() + " selected posts?")),
            rx.alert_dialog.description("They leave the library, the calendar and the approval queue. Copies "
                                        "already published stay on the networks.", size="2"),
            rx.hstack(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Delete", color_scheme="red", on_click=L.delete_selected, id="confirm-delete"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=L.confirm_delete,
        on_open_change=L.close_delete,
    )


def _move_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Move to a campaign"),
            rx.dialog.description("The selected posts join this campaign (or leave theirs).", size="2",
                                  margin_bottom="1rem"),
            rx.select.root(
                rx.select.trigger(placeholder="Pick a campaign", id="move-campaign", width="100%"),
                rx.select.content(rx.select.item("No campaign", value=NO_CAMPAIGN), *_options(L.choices.campaigns)),
                value=L.move_to, on_change=L.set_move_to,
            ),
            rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                      rx.button("Move", on_click=L.move_selected, disabled=L.move_to == "", id="confirm-move"),
                      justify="end", spacing="2", margin_top="1rem"),
        ),
        open=L.move_open,
        on_open_change=L.close_move,
    )


@app_page("content", "Content", on_load=[L.load, LibraryAssignState.load])
def content() -> rx.Component:
    return rx.vstack(
        page_header("Content", "Drafts, scheduled and published posts of your organization."),
        content_tabs("posts"),
        notice_callout(L.notice, "library-notice"),
        error_callout(L.error, "library-error"),
        _filters(),
        rx.cond(L.loaded, _listing(),
                rx.cond(L.error == "", rx.center(rx.spinner(size="3"), width="100%", padding="3rem"))),
        _delete_dialog(),
        _move_dialog(),
        assign_dialog(),
        width="100%",
        spacing="3",
    )

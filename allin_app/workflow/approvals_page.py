"""/approvals: what awaits the signed-in reviewer (a client's approval portal too), one post opened with
its previews, stage, changes and history, the decisions, review links, and what this reviewer decided."""

from __future__ import annotations

import reflex as rx

from allin_app.ai.insight_panel import review_outlook
from allin_app.auth.state import SessionState
from allin_app.content.preview_card import diff_part, network_preview
from allin_app.ui.components import empty_state, error_callout, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.approvals_state import ApprovalsState as A
from allin_app.workflow.approvals_state import ReviewLinksState as L
from allin_app.workflow.comments_panel import comments_panel

O = A.opened


def _tabs() -> rx.Component:
    def tab(key: str, label, icon: str) -> rx.Component:
        return rx.button(rx.icon(icon, size=14), label, variant=rx.cond(A.tab == key, "solid", "soft"),
                         on_click=A.show_tab(key), id=f"approvals-tab-{key}")

    return rx.hstack(tab("queue", rx.text("Awaiting me (", A.queue.length(), ")"), "inbox"),
                     tab("history", "History", "history"), spacing="2", margin_bottom="1rem")


# --- the queue ------------------------------------------------------------------------------

def _bulk_bar() -> rx.Component:
    chosen = A.selected.length()
    return rx.hstack(
        rx.checkbox(checked=A.all_selected, on_change=A.toggle_all, id="select-all-awaiting",
                    aria_label="Select every post"),
        rx.text(rx.cond(chosen > 0, chosen.to_string() + " selected", "Select posts to approve several at once"),
                size="2", color_scheme="gray", id="awaiting-selected-count"),
        rx.button(rx.icon("check-check", size=14), "Approve selected", size="2", color_scheme="green",
                  disabled=chosen == 0, loading=A.busy, on_click=A.approve_selected, id="approve-selected"),
        align="center", spacing="3",
    )


def _queue_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.checkbox(checked=A.selected.contains(row.post_id), aria_label="Select post",
                                  on_change=lambda checked: A.toggle_row(row.post_id, checked),
                                  class_name="select-awaiting")),
        rx.table.cell(rx.link(row.excerpt, on_click=A.open_post(row.post_id), cursor="pointer", size="2",
                              class_name="awaiting-excerpt"), max_width="26rem"),
        rx.table.cell(rx.flex(rx.foreach(row.networks, lambda n: rx.badge(n, variant="outline", size="1")),
                              wrap="wrap", gap="1")),
        rx.table.cell(rx.text(row.stage, size="2", class_name="awaiting-stage")),
        rx.table.cell(rx.vstack(rx.text(row.submitted_by, size="2"),
                                rx.text(row.submitted_at, size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(rx.button("Open", size="1", variant="soft", on_click=A.open_post(row.post_id),
                                class_name="open-awaiting")),
        class_name="awaiting-row", data_post=row.post_id,
        background=rx.cond(O.post_id == row.post_id, rx.color("accent", 2), "transparent"),
    )


def _queue() -> rx.Component:
    header = rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                            ("", "Post", "Networks", "Stage", "Submitted", "")]))
    return rx.cond(
        A.queue.length() > 0,
        rx.vstack(_bulk_bar(), rx.table.root(header, rx.table.body(rx.foreach(A.queue, _queue_row)), width="100%",
                                             id="awaiting-list"), spacing="3", width="100%"),
        empty_state("badge-check", "Nothing awaits your decision",
                    "Posts sent to you for review show up here, with what changed since you last looked.",
                    id_="awaiting-empty"),
    )


# --- the opened post ------------------------------------------------------------------------

def _changes() -> rx.Component:
    return rx.vstack(
        rx.text("What changed since you last looked", weight="bold", size="2"),
        rx.cond(O.first_look, rx.text("This is the first time you see it.", size="2", color_scheme="gray",
                                      id="first-look"),
                rx.cond(O.changed, rx.text(rx.foreach(O.changes, diff_part), size="2", id="review-changes"),
                        rx.text("Nothing changed since you last looked.", size="2", color_scheme="gray",
                                id="no-changes"))),
        spacing="1", width="100%",
    )


def _history_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.when, size="1")),
        rx.table.cell(rx.text(row.who, size="2")),
        rx.table.cell(rx.badge(rx.cond(row.decision == "fast_tracked", rx.icon("zap", size=12)), row.label,
                               color_scheme=row.color, class_name="decision-badge")),
        rx.table.cell(rx.text(row.stage, size="2")),
        rx.table.cell(rx.text("v", row.version, size="2")),
        rx.table.cell(rx.text(row.feedback, size="2", white_space="pre-wrap", class_name="decision-feedback"),
                      max_width="22rem"),
        class_name="history-row", data_decision=row.decision,
    )


def history_table(rows) -> rx.Component:
    """Every decision on a post: who, when, which stage, which version, and the words given."""
    header = rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                            ("When", "Who", "Decision", "Stage", "Version", "Feedback")]))
    return rx.cond(rows.length() > 0,
                   rx.table.root(header, rx.table.body(rx.foreach(rows, _history_row)), width="100%", size="1",
                                 class_name="review-history"),
                   rx.text("No decisions yet.", size="2", color_scheme="gray"))


def _actions() -> rx.Component:
    return rx.hstack(
        rx.cond(O.may_decide, rx.hstack(
            rx.button(rx.icon("check", size=14), "Approve", color_scheme="green", on_click=A.ask("approve"),
                      id="decide-approve"),
            rx.button(rx.icon("message-square-warning", size=14), "Request changes", color_scheme="orange",
                      variant="soft", on_click=A.ask("request_changes"), id="decide-request-changes"),
            rx.button(rx.icon("x", size=14), "Reject", color_scheme="red", variant="soft", on_click=A.ask("reject"),
                      id="decide-reject"),
            spacing="2")),
        rx.cond(O.may_fast_track, rx.button(rx.icon("zap", size=14), "Fast-track", color_scheme="purple",
                                            variant="outline", on_click=A.ask("fast_track"), id="decide-fast-track")),
        spacing="2", wrap="wrap",
    )


def _link_row(row) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(row.reviewer, " · ", row.email, size="2"),
                  rx.text(rx.match(row.state, ("revoked", "Revoked"), ("expired", "Expired "), "Open until "),
                          rx.cond(row.state == "revoked", "", row.expires), size="1", color_scheme="gray"),
                  spacing="0"),
        rx.spacer(),
        rx.cond(row.state == "active", rx.button("Revoke", size="1", variant="soft", color_scheme="red",
                                                 on_click=L.revoke(row.id), class_name="revoke-link")),
        width="100%", align="center", class_name="review-link-row", data_state=row.state,
    )


def _links() -> rx.Component:
    return rx.cond(L.may_send & ((O.status == "pending") | (L.links.length() > 0)), rx.vstack(
        rx.hstack(rx.text("Review links", weight="bold", size="2"), rx.spacer(),
                  rx.cond(O.status == "pending", rx.button(rx.icon("link", size=14), "Send review link", size="1",
                                                           variant="soft", on_click=L.open_form,
                                                           id="send-review-link")), width="100%", align="center"),
        rx.text("For a reviewer without an AllIN account: they approve, reject and comment through the link.",
                size="1", color_scheme="gray"),
        rx.foreach(L.links, _link_row),
        spacing="2", width="100%", id="review-links",
    ))


def _opened() -> rx.Component:
    return rx.cond(O.post_id > 0, rx.card(rx.vstack(
        rx.hstack(
            rx.heading(O.excerpt, size="4", trim="both"),
            rx.spacer(),
            rx.cond(O.fast_tracked, rx.badge(rx.icon("zap", size=12), "Fast-tracked", color_scheme="purple",
                                             variant="solid", id="fast-tracked-badge")),
            rx.badge(O.status_label, id="opened-status"),
            rx.icon_button(rx.icon("x", size=14), variant="ghost", on_click=A.close_post, aria_label="Close",
                           id="close-opened"),
            width="100%", align="center"),
        rx.hstack(rx.text(O.stage, weight="medium", id="opened-stage"),
                  rx.text(rx.foreach(O.stages, lambda s, i: rx.text.span(rx.cond(i > 0, " → ", ""), s)),
                          size="1", color_scheme="gray"),
                  spacing="3", align="center", wrap="wrap"),
        rx.cond(O.submitted_by != "", rx.text("Submitted by ", O.submitted_by, " on ", O.submitted_at, size="2",
                                              color_scheme="gray", id="opened-submitted")),
        _actions(),
        rx.grid(
            rx.vstack(_changes(),
                      rx.text("Previews", weight="bold", size="2"),
                      rx.cond(O.previews.length() > 0, rx.foreach(O.previews, network_preview),
                              rx.text("This post has no account to go to yet.", size="2", color_scheme="gray")),
                      rx.text("History", weight="bold", size="2"), history_table(O.history),
                      spacing="3", width="100%"),
            rx.vstack(review_outlook(), _links(), comments_panel(), spacing="4", width="100%"),
            columns=rx.breakpoints(initial="1", lg="2"), spacing="5", width="100%"),
        spacing="3", width="100%"), width="100%", id="opened-post", data_post=O.post_id))


# --- dialogs --------------------------------------------------------------------------------

def _decision_dialog() -> rx.Component:
    """The words go with the form, so what was typed is what is sent (no round trip per keystroke)."""
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title(A.dialog_title),
        rx.form(rx.vstack(
            rx.text(A.dialog_label, as_="label", html_for="decision-feedback", size="2", weight="medium"),
            rx.text_area(name="feedback", id="decision-feedback", rows="4", width="100%",
                         placeholder=rx.cond(A.dialog == "approve", "Anything the author should know",
                                             rx.cond(A.dialog == "fast_track", "Why this post cannot wait",
                                                     "What should change, and why"))),
            rx.cond(A.dialog_error != "", rx.text(A.dialog_error, color_scheme="red", size="2",
                                                  id="decision-error")),
            rx.hstack(rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                      rx.button(A.dialog_button, type="submit", loading=A.busy, id="decision-send"),
                      justify="end", spacing="2", margin_top="1rem", width="100%"),
            spacing="2", width="100%"), on_submit=A.send, reset_on_submit=False),
        max_width="32rem",
    ), open=A.dialog != "", on_open_change=A.close_dialog)


def _link_field(label: str, name: str, type_: str = "text", **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, as_="label", html_for=f"link-{name}", size="2", weight="medium"),
        rx.input(id=f"link-{name}", name=name, type=type_, width="100%", **props),
        rx.cond(L.error_field == name, rx.text(L.error, color_scheme="red", size="1", id=f"link-{name}-error")),
        spacing="1", width="100%")


def _link_dialog() -> rx.Component:
    form = rx.form(rx.vstack(
        _link_field("Reviewer's name", "reviewer_name"),
        _link_field("Reviewer's email", "reviewer_email", "email"),
        _link_field("Open for (days, 1 to 30)", "days", "number", default_value="7"),
        rx.cond((L.error != "") & ~rx.Var.create(["reviewer_name", "reviewer_email", "days"]).contains(L.error_field),
                rx.text(L.error, color_scheme="red", size="2", id="link-error")),
        rx.hstack(rx.dialog.close(rx.button("Close", type="button", variant="soft", color_scheme="gray")),
                  rx.button("Create and send", type="submit", id="create-review-link"), justify="end", spacing="2"),
        spacing="3"), on_submit=L.create, reset_on_submit=False)
    made = rx.vstack(
        rx.text("Sent. The reviewer got this link by email; you can copy it too:", size="2"),
        rx.hstack(rx.input(value=L.new_url, read_only=True, width="100%", id="review-link-url"),
                  rx.button(rx.icon("copy", size=14), "Copy", on_click=[rx.set_clipboard(L.new_url),
                                                                          rx.toast.info("Copied.")]),
                  width="100%"),
        rx.hstack(rx.dialog.close(rx.button("Done", variant="soft")), justify="end", width="100%"),
        spacing="3", width="100%")
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Send a review link"),
        rx.cond(L.new_url != "", made, form),
        max_width="30rem",
    ), open=L.form_open, on_open_change=L.close_form)


# --- the composer's view of a post's review ----------------------------------------------------

def review_callout(review, post_id) -> rx.Component:
    """Where the post's review stands (stage, who decides) and the last feedback when it was sent back;
    `review` is a ReviewSummary var."""
    sent_back = (review.status == "rejected") | (review.status == "changes_requested")
    open_link = rx.cond(SessionState.nav.contains("approvals"),
                        rx.link("Open in Approvals", href="/approvals?post=" + post_id.to_string(),
                                id="open-in-approvals", size="2"))
    return rx.cond(review.status != "", rx.callout(
        rx.vstack(
            rx.hstack(rx.text(review.status_label, weight="bold"),
                      rx.cond(review.status == "pending", rx.text(review.stage, id="review-stage")),
                      rx.cond(review.deciders != "", rx.text("decided by ", review.deciders, color_scheme="gray")),
                      spacing="2", wrap="wrap"),
            rx.cond(sent_back & (review.feedback != ""), rx.text(
                review.feedback_label, " by ", review.feedback_by, ": ",
                rx.text.span(review.feedback, weight="medium", id="review-feedback"), white_space="pre-wrap")),
            open_link,
            spacing="1"),
        icon=rx.match(review.status, ("approved", "badge-check"), ("pending", "hourglass"), "message-square-warning"),
        color_scheme=rx.match(review.status, ("approved", "green"), ("pending", "blue"), ("rejected", "red"),
                              ("changes_requested", "orange"), "gray"),
        width="100%", id="review-status", data_status=review.status))


# --- the History tab ------------------------------------------------------------------------

def _decided_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row.excerpt, on_click=A.open_post(row.post_id), cursor="pointer", size="2"),
                      max_width="26rem"),
        rx.table.cell(rx.badge(row.label, color_scheme=row.color, class_name="decided-badge")),
        rx.table.cell(rx.text(row.stage, size="2")),
        rx.table.cell(rx.text(row.when, size="2")),
        rx.table.cell(rx.text(row.outcome, size="2", class_name="decided-outcome")),
        class_name="decided-row", data_post=row.post_id,
    )


def _decided() -> rx.Component:
    header = rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                            ("Post", "Your decision", "Stage", "When", "Where it stands")]))
    return rx.cond(A.decided.length() > 0,
                   rx.table.root(header, rx.table.body(rx.foreach(A.decided, _decided_row)), width="100%",
                                 id="decided-list"),
                   empty_state("history", "No decisions yet",
                               "The posts you approve, reject or send back show up here with where they stand now.",
                               id_="decided-empty"))


@app_page("approvals", "Approvals", on_load=[A.load])
def approvals_page() -> rx.Component:
    return rx.vstack(
        page_header("Approvals", "Posts waiting for your decision, with what changed and who said what."),
        error_callout(A.error, "approvals-error"),
        _tabs(),
        rx.cond(A.tab == "history", _decided(), _queue()),
        _opened(),
        _decision_dialog(),
        _link_dialog(),
        width="100%", spacing="4",
    )

"""The composer (/create): pick accounts, write once, tailor per network, watch each network's
preview and counter, and find every version again."""

import reflex as rx

from allin_app.ai.insight_panel import insight_panel
from allin_app.ai.variants_panel import variants_panel
from allin_app.ai.writer_panel import writer_panel
from allin_app.content.composer_state import ComposerState as S
from allin_app.content.composer_view import insert_script, styled_script
from allin_app.content.preview_card import diff_part, network_preview
from allin_app.scheduling.schedule_panel import schedule_panel
from allin_app.scheduling.series_panel import series_panel
from allin_app.ui.components import error_callout, page_header
from allin_app.ui.shell import app_page
from allin_app.workflow.approvals_page import review_callout
from allin_app.workflow.assign_panel import assignee_picker
from allin_app.workflow.comments_panel import comments_panel
from allin_app.workflow.comments_state import CommentsState

EMOJI = ("😀", "😂", "😍", "🥳", "😎", "🤔", "🙌", "👏", "👍", "🙏", "💪", "🔥", "✨", "🎉", "❤️", "💯",
         "✅", "🚀", "📣", "📅", "📍", "☕", "🍰", "🌱", "🌞", "⭐", "🎁", "💡", "📸", "🎥")
SEGMENT_COLORS = (("link", "blue"), ("hashtag", "blue"), ("mention", "blue"))


def _account_chip(account) -> rx.Component:
    chosen = S.selected.contains(account.id)
    return rx.button(
        rx.avatar(src=account.avatar, fallback=account.name[:2], size="1"),
        rx.vstack(rx.text(account.label, size="1", weight="bold"), rx.text(account.handle, size="1"),
                  spacing="0", align="start"),
        variant=rx.cond(chosen, "solid", "outline"), on_click=S.toggle_account(account.id),
        class_name="account-choice", data_network=account.network, height="auto", padding="0.4rem 0.6rem",
    )


def _toolbar() -> rx.Component:
    emoji_grid = rx.grid(*[rx.button(e, variant="ghost", size="1", on_click=rx.call_script(insert_script(e)),
                                     class_name="emoji-choice") for e in EMOJI], columns="6", spacing="1")
    return rx.hstack(
        rx.tooltip(rx.icon_button(rx.icon("bold", size=16), variant="soft", size="1", id="format-bold",
                                  on_click=rx.call_script(styled_script("bold"))), content="Bold the selected words"),
        rx.tooltip(rx.icon_button(rx.icon("italic", size=16), variant="soft", size="1", id="format-italic",
                                  on_click=rx.call_script(styled_script("italic"))),
                   content="Italicise the selected words"),
        rx.popover.root(rx.popover.trigger(rx.icon_button(rx.icon("smile", size=16), variant="soft", size="1",
                                                          id="emoji-picker")),
                        rx.popover.content(emoji_grid)),
        rx.tooltip(rx.icon_button(rx.icon("hash", size=16), variant="soft", size="1",
                                  on_click=rx.call_script(insert_script("#"))), content="Hashtag"),
        rx.tooltip(rx.icon_button(rx.icon("at-sign", size=16), variant="soft", size="1",
                                  on_click=rx.call_script(insert_script("@"))), content="Mention"),
        spacing="2",
    )


def _counter(card) -> rx.Component:
    return rx.badge(card.label, " ", card.count, " / ", card.limit, color_scheme=rx.cond(card.over, "red", "gray"),
                    variant=rx.cond(card.over, "solid", "soft"), class_name="char-counter",
                    data_network=card.network, data_over=rx.cond(card.over, "yes", "no"))


def _custom_words(card) -> rx.Component:
    network = card.network
    return rx.vstack(
        rx.hstack(rx.switch(checked=S.customized.contains(network), on_change=lambda _: S.toggle_custom(network),
                            class_name="customize-switch", data_network=network),
                  rx.text("Own words for ", card.label, size="2"), align="center"),
        rx.cond(S.customized.contains(network),
                rx.text_area(value=S.overrides[network], on_change=lambda v: S.set_override(network, v),
                             debounce_timeout=700, rows="4", width="100%",
                             data_network=network)),
        width="100%", spacing="1",
    )


def _more_fields() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder="Title (YouTube, Pinterest, Reddit)", value=S.title, debounce_timeout=700,
                 on_change=lambda v: S.set_field("title", v), id="composer-title", width="100%"),
        rx.hstack(
            rx.input(placeholder="Link", value=S.link, debounce_timeout=700, on_change=lambda v: S.set_field("link", v),
                     id="composer-link", flex="1"),
            rx.tooltip(rx.hstack(rx.switch(checked=S.utm, on_change=lambda v: S.set_field("utm", v), id="utm-switch"),
                                 rx.text("UTM tags", size="2"), align="center"),
                       content="Tag the link per network: utm_source=<network>, utm_medium=social"),
            rx.tooltip(rx.hstack(rx.switch(checked=S.shorten, on_change=lambda v: S.set_field("shorten", v),
                                           id="shorten-switch"),
                                 rx.text("Short link", size="2"), align="center"),
                       content="Publish an AllIN short link (/l/…) that counts clicks"),
            width="100%", align="center"),
        rx.cond(S.utm, rx.input(placeholder="utm_campaign", value=S.utm_campaign, debounce_timeout=700,
                                on_change=lambda v: S.set_field("utm_campaign", v), id="utm-campaign", width="100%")),
        rx.text_area(placeholder="First comment (posted right after, where the network allows)", rows="2",
                     value=S.first_comment, debounce_timeout=700, on_change=lambda v: S.set_field("first_comment", v),
                     id="composer-first-comment", width="100%"),
        width="100%", spacing="2",
    )


UPLOAD_ID = "composer-upload"


def _thumb(item, size: str) -> rx.Component:
    """The file's thumbnail, or a film icon for a video."""
    return rx.cond(item.thumb != "",
                   rx.image(src=item.thumb, width=size, height=size, object_fit="cover", border_radius="6px"),
                   rx.center(rx.icon("film", size=28), width=size, height=size, background=rx.color("gray", 3),
                             border_radius="6px"))


def _attached(item) -> rx.Component:
    return rx.box(
        _thumb(item, "72px"),
        rx.icon_button(rx.icon("x", size=12), size="1", variant="solid", color_scheme="gray", radius="full",
                       on_click=S.detach(item.id), position="absolute", top="-6px", right="-6px",
                       class_name="detach-media"),
        position="relative", class_name="attached-media", title=item.name,
    )


def _library_item(item) -> rx.Component:
    return rx.box(
        _thumb(item, "96px"),
        rx.text(item.name, size="1", trim="both", max_width="96px"),
        on_click=S.attach(item.id), cursor="pointer", class_name="library-choice",
    )


def _media_picker() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text("Media", weight="bold", size="2"), rx.spacer(),
                  rx.button(rx.icon("images", size=14), "From library", size="1", variant="soft",
                            on_click=S.open_library, id="open-media-library"), width="100%"),
        rx.flex(rx.foreach(S.attached, _attached), wrap="wrap", gap="3", padding_top="6px"),
        rx.upload(rx.text(rx.cond(S.uploading, "Uploading…", "Drop images or videos here, or click to upload"),
                          size="1", color_scheme="gray"),
                  id=UPLOAD_ID, multiple=True, accept={"image/*": [], "video/*": []},
                  on_drop=S.upload(rx.upload_files(upload_id=UPLOAD_ID, on_upload_progress=S.upload_progress)),
                  border=f"1px dashed {rx.color('gray', 7)}", border_radius="8px", padding="0.5rem", width="100%",
                  cursor="pointer"),
        width="100%", spacing="2",
    )


def _library_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Add from the media library"),
        rx.cond(S.library.length() > 0, rx.flex(rx.foreach(S.library, _library_item), wrap="wrap", gap="3"),
                rx.text("The library is empty. Upload files here or under Content > Media.", size="2",
                        color_scheme="gray")),
        rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                  margin_top="1rem"),
        max_width="40rem",
    ), open=S.library_open, on_open_change=S.close_library)


def _template_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Fill in the template"),
        rx.text(S.template_body, size="2", color_scheme="gray", white_space="pre-wrap", margin_bottom="0.75rem"),
        rx.form(rx.vstack(
            rx.foreach(S.template_fields, lambda name: rx.vstack(
                rx.text(name, size="2", weight="medium"),
                rx.input(name=name, width="100%", class_name="template-value", data_variable=name),
                spacing="1", width="100%")),
            rx.cond(S.template_error != "", rx.text(S.template_error, color_scheme="red", size="2",
                                                    id="template-error")),
            rx.hstack(rx.dialog.close(rx.button("Skip", type="button", variant="soft", color_scheme="gray")),
                      rx.button("Use template", type="submit", id="use-template"), justify="end", width="100%"),
            spacing="3"), on_submit=S.use_template),
    ), open=S.template_fields.length() > 0, on_open_change=S.skip_template)


def _campaign_picker() -> rx.Component:
    return rx.cond(S.campaigns.length() > 0, rx.hstack(
        rx.text("Campaign", size="2"),
        rx.select.root(rx.select.trigger(placeholder="No campaign", id="composer-campaign"),
                       rx.select.content(rx.foreach(S.campaigns, lambda c: rx.select.item(c["name"], value=c["id"]))),
                       value=S.campaign_id, on_change=lambda v: S.set_field("campaign_id", v)),
        align="center", spacing="2"))


def _editor() -> rx.Component:
    return rx.card(rx.vstack(
        rx.text("Post to", weight="bold", size="2"),
        rx.cond(S.accounts.length() > 0,
                rx.flex(rx.foreach(S.accounts, _account_chip), wrap="wrap", gap="2"),
                rx.text("No connected accounts yet. ", rx.link("Connect one under Accounts", href="/accounts"),
                        " to publish; you can still write a draft.", size="2", color_scheme="gray")),
        _toolbar(),
        rx.text_area(value=S.text, on_change=S.set_text, debounce_timeout=700, id="composer-text", rows="8",
                     placeholder="What do you want to say?", width="100%"),
        rx.flex(rx.foreach(S.previews, _counter), wrap="wrap", gap="2"),
        rx.foreach(S.previews, _custom_words),
        writer_panel(),
        _media_picker(),
        _more_fields(),
        _campaign_picker(),
        rx.cond(S.post_id > 0, assignee_picker(S.post_id)),
        insight_panel(),
        schedule_panel(),
        series_panel(),
        variants_panel(),
        rx.hstack(
            rx.cond(S.can_submit, rx.button("Submit for review", on_click=S.submit, id="submit-post",
                                            disabled=(S.post_id == 0) | ~(S.review.may_submit | (S.status == "draft")
                                                                          | (S.status == "rejected")))),
            rx.button(rx.icon("history", size=14), "Versions", variant="soft", on_click=S.open_versions,
                      id="open-versions", disabled=S.post_id == 0),
            rx.spacer(),
            rx.badge(S.status, variant="soft", id="post-status"),
            width="100%", align="center"),
        review_callout(S.review, S.post_id),
        spacing="3", width="100%",
    ), width="100%", class_name="composer-editor")


def _previews() -> rx.Component:
    return rx.vstack(
        rx.text("Previews", weight="bold", size="2"),
        rx.cond(S.previews.length() > 0, rx.foreach(S.previews, network_preview),
                rx.text("Pick an account to see how the post looks there.", size="2", color_scheme="gray")),
        # a draft gets comments once saved; mounting on its first save loads them
        rx.cond(S.post_id > 0, rx.box(comments_panel(), on_mount=CommentsState.show(S.post_id), width="100%")),
        width="100%", spacing="3",
    )


def _version_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text("v", row.number)), rx.table.cell(row.when), rx.table.cell(row.author),
        rx.table.cell(rx.text(row.excerpt, size="1"), max_width="16rem"),
        rx.table.cell(rx.hstack(
            rx.button("Compare", size="1", variant="soft", on_click=S.compare_with(row.number)),
            rx.button("Restore", size="1", on_click=S.restore(row.number), class_name="restore-version"),
            spacing="2")),
        class_name="version-row", data_number=row.number,
    )


def _versions_dialog() -> rx.Component:
    return rx.dialog.root(rx.dialog.content(
        rx.dialog.title("Version history"),
        rx.table.root(rx.table.body(rx.foreach(S.versions, _version_row)), width="100%"),
        rx.cond(S.compare_number > 0, rx.card(rx.vstack(
            rx.text("Changes since version ", S.compare_number, " (struck out: would come back on restore)",
                    size="1", color_scheme="gray"),
            rx.text(rx.foreach(S.compare, diff_part), size="2", id="version-diff"), spacing="2"), width="100%")),
        rx.hstack(rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")), justify="end",
                  margin_top="1rem"),
        max_width="48rem",
    ), open=S.versions_open, on_open_change=S.close_versions)


@app_page("create", "Create", on_load=[S.load])
def create() -> rx.Component:
    return rx.vstack(
        rx.hstack(page_header("Create", "Write a post once and tailor it for each network."), rx.spacer(),
                  rx.text(S.saved_note, size="2", color_scheme="gray", id="saved-note"),
                  rx.button(rx.icon("plus", size=14), "New post", variant="soft", on_click=S.new_post, id="new-post"),
                  width="100%", align="center"),
        error_callout(S.error, "composer-error"),
        rx.grid(_editor(), _previews(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        _versions_dialog(),
        _library_dialog(),
        _template_dialog(),
        rx.script(src="/composer_backup.js"),
        width="100%",
    )

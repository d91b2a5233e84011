"""Reflex state of the composer (/create): one text, per-network words, live previews, autosave.

Every change reaches the server after a short pause in typing (the text area debounces) and is
saved at once as the post's draft, so a closed tab or a reload loses nothing; the URL then names
the post (`/create?post=<id>`), so reopening it continues.
"""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.auth.models import User
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import campaigns, links, media, preview, templates
from allin_app.content import service as posts
from allin_app.content.composer_view import (
    AccountChoice,
    DiffPart,
    MediaChoice,
    VersionRow,
    account_choices,
    media_choice,
    word_diff,
)
from allin_app.content.models import MediaAsset, Post, PostStatus
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor, Permission, allows
from allin_app.orgs.models import Organization
from allin_app.platforms.limits import check_post
from allin_app.workflow import approvals
from allin_app.workflow.comments_state import CommentsState
from allin_app.workflow.review_rows import ReviewSummary, review_summary


class ComposerState(rx.State):
    post_id: int = 0
    version: int = 0
    status: str = PostStatus.draft.value
    text: str = ""
    overrides: dict[str, str] = {}
    customized: list[str] = []  # networks whose own-words box is open
    title: str = ""
    link: str = ""
    first_comment: str = ""
    utm: bool = False
    utm_campaign: str = ""
    shorten: bool = False
    accounts: list[AccountChoice] = []
    selected: list[str] = []
    previews: list[preview.NetworkPreview] = []
    saved_note: str = ""
    error: str = ""
    can_submit: bool = False
    review: ReviewSummary = ReviewSummary()  # the post's review: stage, who decides, the last feedback
    versions: list[VersionRow] = []
    versions_open: bool = False
    compare_number: int = 0
    compare: list[DiffPart] = []
    attached: list[MediaChoice] = []
    library: list[MediaChoice] = []
    library_open: bool = False
    uploading: bool = False
    campaigns: list[dict[str, str]] = []
    campaign_id: str = ""
    template_body: str = ""
    template_fields: list[str] = []
    template_error: str = ""
    start_at: str = ""  # "YYYY-MM-DDTHH:MM" from the calendar's empty slot: the schedule panel starts there
    start_zone: str = ""
    _media: list[int] = []
    _links: dict[str, str] = {}  # network -> the link as it goes out (tagged, shortened), from the last save
    _timezone: str = "UTC"

    # --- loading ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def load(self):
        params = self.router.url.query_parameters
        post_param, template_param = params.get("post", ""), params.get("template", "")
        self.start_at, self.start_zone = params.get("at", "")[:16], params.get("tz", "")[:64]
        self._reset()
        _, error = await act_as_signed_in(self, lambda db, actor: self._load(db, actor, post_param, template_param))
        self.error = error.message if error else ""
        self._refresh()
        if self.template_body and not self.template_fields:  # nothing to ask: the template's words as they are
            self.text, self.template_body = self.template_body, ""
            await self._save()
        # The backup script may still be loading when this first load runs: wait for it a little.
        return [rx.call_script("(function go(n){if(window.allinComposer)allinComposer.recover();"
                               "else if(n)setTimeout(()=>go(n-1),100);})(50)"), CommentsState.load(self.post_id)]

    def _reset(self) -> None:
        self.post_id = self.version = 0
        self.text = self.title = self.link = self.first_comment = self.utm_campaign = ""
        self.overrides, self.customized, self.selected, self._media = {}, [], [], []
        self.status, self.utm, self.saved_note, self.versions_open = PostStatus.draft.value, False, "", False
        self.shorten, self._links = False, {}
        self.attached, self.campaign_id, self.template_body, self.template_fields = [], "", "", []
        self.review = ReviewSummary()

    def _load(self, db: Session, actor: Actor, post_param: str, template_param: str) -> None:
        self.accounts = account_choices(db, actor)
        self.campaigns = [{"id": str(c.id), "name": c.name} for c in campaigns.list_campaigns(db, actor)]
        self._timezone = db.get(Organization, actor.org_id).timezone or "UTC"
        self.can_submit = allows(actor, Permission.edit_content)
        if post_param.isdigit():
            self._show(db, posts.get_post(db, actor, int(post_param)))
            self.review = review_summary(db, actor, self.post_id)
        elif template_param.isdigit():
            self.template_body, self.template_fields = templates.template_for_composer(db, actor, int(template_param))

    def _show(self, db: Session, post: Post) -> None:
        self.post_id, self.version, self.status = post.id, post.version, post.status
        self.text, self.title, self.link, self.first_comment = post.text, post.title, post.link, post.first_comment
        self.overrides, self.customized = dict(post.overrides), sorted(post.overrides)
        self.utm, self.utm_campaign = post.options.get("utm") == "on", post.options.get("utm_campaign", "")
        self.shorten = post.options.get("shorten") == "on"
        self._links = {t.network: links.link_for(db, post, t.network) for t in posts.targets_of(db, post)}
        self.selected = [str(t.account_id) for t in posts.targets_of(db, post)]
        self.attached = [media_choice(m) for m in posts.media_of(db, post)]
        self._media = [m.id for m in self.attached]
        self.campaign_id = str(post.campaign_id or "")

    # --- what the page shows ------------------------------------------------------------
    def _networks(self) -> list[str]:
        chosen = [a for a in self.accounts if a.id in self.selected]
        return list(dict.fromkeys(a.network for a in chosen))

    def _draft(self) -> posts.PostDraft:
        options = ({"utm": "on", "utm_campaign": self.utm_campaign} if self.utm else {}) | (
            {"shorten": "on"} if self.shorten else {})
        overrides = {n: t for n, t in self.overrides.items() if n in self.customized and t.strip()}
        return posts.PostDraft(text=self.text, overrides=overrides, account_ids=tuple(int(i) for i in self.selected),
                               media_ids=tuple(self._media), title=self.title, link=self.link,
                               first_comment=self.first_comment, options=options,
                               campaign_id=int(self.campaign_id) if self.campaign_id.isdigit() else None)

    def _refresh(self, media: list[MediaAsset] | None = None) -> None:
        draft, cards = self._draft(), []
        for network in self._networks():
            account = next(a for a in self.accounts if a.network == network and a.id in self.selected)
            words = posts.text_for(draft, network)
            count = preview.counter(network, words)
            link = self._links.get(network) or (
                preview.with_utm(self.link, network, campaign=self.utm_campaign) if self.utm else self.link)
            problems = check_post(network, posts.content_for(draft, network, media or []))
            cards.append(preview.NetworkPreview(
                network=network, label=account.label, name=account.name, handle=account.handle,
                avatar=account.avatar, segments=preview.segments(words), count=count.count, limit=count.limit,
                over=count.over, problems=problems, link_url=link, link_domain=preview.domain_of(link) if link else "",
                title=self.title, media=[m.thumb for m in self.attached if m.thumb]))
        self.previews = cards

    # --- editing: each change saves -----------------------------------------------------
    @rx.event
    @requires_sign_in
    async def set_text(self, value: str):
        self.text = value
        return await self._save()

    @rx.event
    @requires_sign_in
    async def set_override(self, network: str, value: str):
        self.overrides = {**self.overrides, network: value}
        return await self._save()

    @rx.event
    @requires_sign_in
    async def toggle_custom(self, network: str):
        if network in self.customized:
            self.customized = [n for n in self.customized if n != network]
        else:
            self.customized = [*self.customized, network]
            self.overrides = {**self.overrides, network: self.overrides.get(network) or self.text}
        return await self._save()

    @rx.event
    @requires_sign_in
    async def toggle_account(self, account_id: str):
        self.selected = ([i for i in self.selected if i != account_id] if account_id in self.selected
                         else [*self.selected, account_id])
        return await self._save()

    @rx.event
    @requires_sign_in
    async def set_field(self, name: str, value: str | bool):
        if name not in ("title", "link", "first_comment", "utm", "utm_campaign", "shorten", "campaign_id"):
            return None
        setattr(self, name, value)
        return await self._save()

    async def _save(self):
        """Create the draft on the first change, update it after; a stale save keeps the words on screen."""
        draft, post_id, version = self._draft(), self.post_id, self.version

        def save(db: Session, actor: Actor):
            post = (posts.update_post(db, actor, post_id, draft, base_version=version) if post_id
                    else posts.create_post(db, actor, draft))
            db.flush()
            outgoing = {t.network: links.link_for(db, post, t.network) for t in posts.targets_of(db, post)}
            return post.id, post.version, post.status, posts.media_of(db, post), outgoing

        if not post_id and not draft.text.strip():  # a post begins with its first words
            self._refresh()
            return None
        saved, error = await act_as_signed_in(self, save)
        if error:
            self.error, self.saved_note = error.message, "Not saved"
            self._refresh()
            return None
        status_before = self.status
        self.post_id, self.version, self.status, attached, self._links = saved
        self.error, self.saved_note = "", f"Saved · version {self.version}"
        if self.status != status_before or self.review.status:
            await self._refresh_review()
        self._refresh(attached)
        saved_fields = {"text": draft.text} | {f"override:{n}": t for n, t in self.overrides.items()}
        confirm = rx.call_script(f"window.allinComposer && allinComposer.confirm({json.dumps(saved_fields)})")
        if not post_id:  # the address now names the draft: a reload or reopening continues it
            return [rx.call_script(f"window.history.replaceState(null, '', '/create?post={self.post_id}')"), confirm]
        return confirm

    # --- actions ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def submit(self):
        if not self.post_id:
            self.error = "Write something and pick an account first."
            return None
        post_id = self.post_id

        def submit(db: Session, actor: Actor) -> tuple[str, ReviewSummary]:
            approvals.submit(db, actor, [post_id])
            db.flush()
            return posts.get_post(db, actor, post_id).status, review_summary(db, actor, post_id)

        done, error = await act_as_signed_in(self, submit)
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        (self.status, self.review), self.error = done, ""
        return rx.toast.success("Submitted for review.")

    async def _refresh_review(self) -> None:
        """An edit can move the post's review (back to the first stage): show where it stands now."""
        post_id = self.post_id
        found, error = await act_as_signed_in(self, lambda db, actor: review_summary(db, actor, post_id))
        self.review = found if error is None else self.review

    @rx.event
    @requires_sign_in
    async def new_post(self):
        self._reset()
        self._refresh()
        return rx.call_script("window.allinComposer && allinComposer.forget();"
                              "window.history.replaceState(null, '', '/create')")

    # --- media and templates -----------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def open_library(self):
        def choices(db: Session, actor: Actor) -> list[MediaChoice]:
            page = media.list_media(db, actor, limit=60)
            return [media_choice(a) for a in page.items if a.kind != "pdf"]

        found, error = await act_as_signed_in(self, choices)
        self.library, self.library_open, self.error = found or [], error is None, error.message if error else ""

    @rx.event
    def close_library(self, _open: bool = False):
        self.library_open = False

    @rx.event
    @requires_sign_in
    async def attach(self, media_id: int):
        chosen = next((m for m in self.library if m.id == media_id), None)
        if chosen is None or media_id in self._media:
            return None
        self.attached, self._media = [*self.attached, chosen], [*self._media, media_id]
        self.library_open = False
        return await self._save()

    @rx.event
    @requires_sign_in
    async def detach(self, media_id: int):
        self.attached = [m for m in self.attached if m.id != media_id]
        self._media = [m.id for m in self.attached]
        return await self._save()

    @rx.event
    def upload_progress(self, progress: dict):
        self.uploading = float(progress.get("progress", 0)) < 1

    @rx.event
    @requires_sign_in
    async def upload(self, files: list[rx.UploadFile]):
        """Dropped files go to the media library first (checked there), then onto the post."""
        streams = [(f.name or "", f.file) for f in files]

        def store(db: Session, actor: Actor) -> tuple[list[MediaChoice], list[str]]:
            outcomes = media.upload_files(db, actor, streams)
            return [media_choice(o.asset) for o in outcomes if o.asset], [o.error for o in outcomes if o.error]

        found, error = await act_as_signed_in(self, store)
        self.uploading = False
        if error:
            self.error = error.message
            return None
        added, refused = found
        new = [m for m in added if m.id not in self._media]
        self.attached, self._media = [*self.attached, *new], [*self._media, *(m.id for m in new)]
        self.error = " ".join(refused)
        return await self._save()

    @rx.event
    @requires_sign_in
    async def use_template(self, form: dict):
        try:
            filled = templates.fill(self.template_body, {name: form.get(name, "") for name in self.template_fields})
        except templates.MissingValues as missing:
            self.template_error = missing.message
            return None
        self.text, self.template_body, self.template_fields, self.template_error = filled, "", [], ""
        return await self._save()

    @rx.event
    def skip_template(self, _open: bool = False):
        self.template_body, self.template_fields = "", []

    # --- versions -----------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def open_versions(self):
        post_id, zone = self.post_id, ZoneInfo(self._timezone)

        def rows(db: Session, actor: Actor) -> list[VersionRow]:
            found = []
            for version in posts.list_versions(db, actor, post_id):
                author = db.get(User, version.author_user_id)
                found.append(VersionRow(version.number, f"{as_utc(version.created_at).astimezone(zone):%d %b %H:%M:%S}",
                                        author.full_name or author.email if author else "", version.text[:90]))
            return found

        if post_id:
            self.versions, error = await act_as_signed_in(self, rows)
            self.error = error.message if error else self.error
        self.versions_open, self.compare_number, self.compare = True, 0, []

    @rx.event
    def close_versions(self, _open: bool = False):
        self.versions_open = False

    @rx.event
    @requires_sign_in
    async def compare_with(self, number: int):
        post_id, current = self.post_id, self.text

        def old_text(db: Session, actor: Actor) -> str:
            return next(v.text for v in posts.list_versions(db, actor, post_id) if v.number == number)

        text, error = await act_as_signed_in(self, old_text)
        if not error:
            self.compare_number, self.compare = number, word_diff(text, current)

    @rx.event
    @requires_sign_in
    async def restore(self, number: int):
        post_id = self.post_id

        def restore(db: Session, actor: Actor):
            post = posts.restore_version(db, actor, post_id, number)
            db.flush()
            self._show(db, post)

        _, error = await act_as_signed_in(self, restore)
        if error:
            self.error = error.message
            return None
        self.versions_open, self.saved_note = False, f"Restored version {number} as version {self.version}"
        self._refresh()
        return [rx.call_script("window.allinComposer && allinComposer.forget()"),
                rx.toast.success(f"Version {number} restored.")]

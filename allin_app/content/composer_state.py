"""Reflex state of the composer (/create): one text, per-network words, live previews, autosave.

Every change reaches the server after a short pause in typing (the text area debounces) and is
saved at once as the post's draft, so a closed tab or a reload loses nothing; the URL then names
the post (`/create?post=<id>`), so reopening it continues.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from allin_app.accounts import service as accounts_service
from allin_app.auth.models import User
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content import preview
from allin_app.content import service as posts
from allin_app.content.models import MediaAsset, Post, PostStatus
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor, Permission, allows
from allin_app.orgs.models import Organization
from allin_app.platforms.limits import check_post


@dataclass
class AccountChoice:
    id: str
    network: str
    label: str
    name: str
    handle: str
    avatar: str


@dataclass
class VersionRow:
    number: int
    when: str
    author: str
    excerpt: str


@dataclass
class DiffPart:
    kind: str  # "same", "added", "removed"
    text: str


def _account_choices(db: Session, actor: Actor) -> list[AccountChoice]:
    labels = accounts_service.networks()
    return [AccountChoice(str(a.id), a.network, labels[a.network], a.display_name or a.handle,
                          a.handle if a.handle.startswith(("@", "u/")) else f"@{a.handle}", a.avatar_url)
            for a in accounts_service.list_accounts(db, actor) if a.status == "active"]


def _diff(old: str, new: str) -> list[DiffPart]:
    """Word by word: what restoring `old` would bring back (removed) and drop (added)."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words).get_opcodes():
        if tag == "equal":
            parts.append(DiffPart("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", " ".join(new_words[j1:j2])))
    return parts


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
    accounts: list[AccountChoice] = []
    selected: list[str] = []
    previews: list[preview.NetworkPreview] = []
    saved_note: str = ""
    error: str = ""
    can_submit: bool = False
    versions: list[VersionRow] = []
    versions_open: bool = False
    compare_number: int = 0
    compare: list[DiffPart] = []
    _media: list[int] = []
    _timezone: str = "UTC"

    # --- loading ------------------------------------------------------------------------
    @rx.event
    @requires_sign_in
    async def load(self):
        post_param = self.router.url.query_parameters.get("post", "")
        self._reset()
        _, error = await act_as_signed_in(self, lambda db, actor: self._load(db, actor, post_param))
        self.error = error.message if error else ""
        self._refresh()
        # The backup script may still be loading when this first load runs: wait for it a little.
        return rx.call_script("(function go(n){if(window.allinComposer)allinComposer.recover();"
                              "else if(n)setTimeout(()=>go(n-1),100);})(50)")

    def _reset(self) -> None:
        self.post_id = self.version = 0
        self.text = self.title = self.link = self.first_comment = self.utm_campaign = ""
        self.overrides, self.customized, self.selected, self._media = {}, [], [], []
        self.status, self.utm, self.saved_note, self.versions_open = PostStatus.draft.value, False, "", False

    def _load(self, db: Session, actor: Actor, post_param: str) -> None:
        self.accounts = _account_choices(db, actor)
        self._timezone = db.get(Organization, actor.org_id).timezone or "UTC"
        self.can_submit = allows(actor, Permission.edit_content)
        if post_param.isdigit():
            self._show(db, posts.get_post(db, actor, int(post_param)))

    def _show(self, db: Session, post: Post) -> None:
        self.post_id, self.version, self.status = post.id, post.version, post.status
        self.text, self.title, self.link, self.first_comment = post.text, post.title, post.link, post.first_comment
        self.overrides, self.customized = dict(post.overrides), sorted(post.overrides)
        self.utm, self.utm_campaign = post.options.get("utm") == "on", post.options.get("utm_campaign", "")
        self.selected = [str(t.account_id) for t in posts.targets_of(db, post)]
        self._media = [m.id for m in posts.media_of(db, post)]

    # --- what the page shows ------------------------------------------------------------
    def _networks(self) -> list[str]:
        chosen = [a for a in self.accounts if a.id in self.selected]
        return list(dict.fromkeys(a.network for a in chosen))

    def _draft(self) -> posts.PostDraft:
        options = {"utm": "on", "utm_campaign": self.utm_campaign} if self.utm else {}
        overrides = {n: t for n, t in self.overrides.items() if n in self.customized and t.strip()}
        return posts.PostDraft(text=self.text, overrides=overrides, account_ids=tuple(int(i) for i in self.selected),
                               media_ids=tuple(self._media), title=self.title, link=self.link,
                               first_comment=self.first_comment, options=options)

    def _refresh(self, media: list[MediaAsset] | None = None) -> None:
        draft, cards = self._draft(), []
        for network in self._networks():
            account = next(a for a in self.accounts if a.network == network and a.id in self.selected)
            words = posts.text_for(draft, network)
            count = preview.counter(network, words)
            link = preview.with_utm(self.link, network, campaign=self.utm_campaign) if self.utm else self.link
            problems = check_post(network, posts.content_for(draft, network, media or []))
            cards.append(preview.NetworkPreview(
                network=network, label=account.label, name=account.name, handle=account.handle,
                avatar=account.avatar, segments=preview.segments(words), count=count.count, limit=count.limit,
                over=count.over, problems=problems, link_url=link, link_domain=preview.domain_of(link) if link else "",
                title=self.title))
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
        if name not in ("title", "link", "first_comment", "utm", "utm_campaign"):
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
            return post.id, post.version, post.status, posts.media_of(db, post)

        if not post_id and not (draft.text.strip() or draft.account_ids):
            self._refresh()
            return None
        saved, error = await act_as_signed_in(self, save)
        if error:
            self.error, self.saved_note = error.message, "Not saved"
            self._refresh()
            return None
        self.post_id, self.version, self.status, media = saved
        self.error, self.saved_note = "", f"Saved · version {self.version}"
        self._refresh(media)
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
        _, error = await act_as_signed_in(self, lambda db, actor: posts.submit_for_approval(db, actor, [post_id]))
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        self.status, self.error = PostStatus.in_review.value, ""
        return rx.toast.success("Submitted for approval.")

    @rx.event
    @requires_sign_in
    async def new_post(self):
        self._reset()
        self._refresh()
        return rx.call_script("window.allinComposer && allinComposer.forget();"
                              "window.history.replaceState(null, '', '/create')")

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
            self.compare_number, self.compare = number, _diff(text, current)

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


def insert_script(text: str) -> str:
    """JavaScript that types `text` at the cursor of the main text box, as if the user had."""
    return ("(t=>{const el=document.getElementById('composer-text');if(!el)return;"
            "const s=el.selectionStart??el.value.length,e=el.selectionEnd??el.value.length;"
            "const v=el.value.slice(0,s)+t+el.value.slice(e);"
            "Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype,'value').set.call(el,v);"
            "el.dispatchEvent(new Event('input',{bubbles:true}));el.focus();"
            f"el.setSelectionRange(s+t.length,s+t.length);}})({json.dumps(text)})")


def styled_script(style: str) -> str:
    """JavaScript that turns the selected words into Unicode bold or italic letters, which every
    network shows as such (none of them renders Markdown in posts)."""
    bases = {"bold": (0x1D5D4, 0x1D5EE, 0x1D7EC), "italic": (0x1D608, 0x1D622, None)}[style]
    upper, lower, digit = bases
    digit_js = f"c>=48&&c<=57?String.fromCodePoint({digit}+c-48):" if digit else ""
    return ("(()=>{const el=document.getElementById('composer-text');if(!el)return;"
            "const s=el.selectionStart,e=el.selectionEnd;if(s===e)return;"
            "const conv=[...el.value.slice(s,e)].map(ch=>{const c=ch.codePointAt(0);"
            f"return c>=65&&c<=90?String.fromCodePoint({upper}+c-65):c>=97&&c<=122?String.fromCodePoint({lower}+c-97):"
            f"{digit_js}ch;}}).join('');"
            "const v=el.value.slice(0,s)+conv+el.value.slice(e);"
            "Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype,'value').set.call(el,v);"
            "el.dispatchEvent(new Event('input',{bubbles:true}));el.focus();})()")


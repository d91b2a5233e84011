"""What the composer's state shows and sends to the browser, kept apart from its event handlers:
rows for accounts, media and versions, the word diff, and the small scripts that type into the text box."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

from sqlmodel import Session

from allin_app.accounts import service as accounts_service
from allin_app.content.models import MediaAsset
from allin_app.core.rbac import Actor


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


def account_choices(db: Session, actor: Actor) -> list[AccountChoice]:
    labels = accounts_service.networks()
    return [AccountChoice(str(a.id), a.network, labels[a.network], a.display_name or a.handle,
                          a.handle if a.handle.startswith(("@", "u/")) else f"@{a.handle}", a.avatar_url)
            for a in accounts_service.list_accounts(db, actor) if a.status == "active"]


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Word by word: what restoring `old` would bring back (removed) and drop (added)."""
    old_words, new_words = old.split(), new.split()
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


@dataclass
class MediaChoice:
    id: int
    name: str
    kind: str
    thumb: str  # "" when the file has no thumbnail (videos, PDFs)


def media_choice(asset: MediaAsset) -> MediaChoice:
    thumb = f"/api/v1/media/{asset.id}/thumbnail" if asset.has_thumbnail else ""
    return MediaChoice(asset.id, asset.name, asset.kind, thumb)


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


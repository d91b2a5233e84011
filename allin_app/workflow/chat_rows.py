"""What the chat page shows, built in one transaction: the conversation list with unread counts and the open
conversation's messages as display rows (times in the organization's zone). No Reflex here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from allin_app.auth.models import User
from allin_app.content.campaigns import org_zone
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.rbac import Actor
from allin_app.workflow import chat
from allin_app.workflow import chat_messages as messages
from allin_app.workflow.chat_models import ChannelKind

# Reloading the open conversation after a change keeps at most this many of the messages shown.
RELOAD_LIMIT = messages.MAX_PAGE_SIZE


@dataclass
class ChannelRow:
    id: int
    label: str
    topic: str
    unread: int
    member: bool
    general: bool
    direct: bool
    initials: str


@dataclass
class FileRow:
    asset_id: int
    name: str
    kind: str
    thumb: str  # "" without a thumbnail (videos, PDFs) or when the file is gone
    url: str  # "" once the file was deleted from the library


@dataclass
class Piece:
    kind: str  # "text" or "mention"
    text: str


@dataclass
class MessageRow:
    id: int
    author: str
    initials: str
    when: str
    body: str
    pieces: list[Piece]
    mine: bool
    edited: bool
    deleted: bool
    files: list[FileRow]


@dataclass
class PersonRow:
    id: int
    name: str
    email: str
    initials: str


@dataclass
class ChatView:
    channels: list[ChannelRow]
    browse: list[ChannelRow]  # open channels one is not in
    directs: list[ChannelRow]
    total_unread: int
    channel: ChannelRow
    archived: bool
    can_archive: bool
    messages: list[MessageRow] = field(default_factory=list)
    older_before: int | None = None
    reloaded: bool = False  # the messages already on screen, again (the page keeps its own older_before)
    signature: tuple = ()


def initials(name: str) -> str:
    parts = [p for p in name.replace("#", "").split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


def person_row(user: User) -> PersonRow:
    name = chat.display_name(user)
    return PersonRow(user.id, name, user.email, initials(name))


def _when(moment: datetime, zone: ZoneInfo, today) -> str:
    local = as_utc(moment).astimezone(zone)
    return f"{local:%H:%M}" if local.date() == today else f"{local.day} {local:%b %H:%M}"


def _file_row(file: messages.AttachmentView) -> FileRow:
    base = f"/api/v1/media/{file.asset_id}"
    return FileRow(file.asset_id, file.name, file.kind,
                   f"{base}/thumbnail" if file.available and file.has_thumbnail else "",
                   f"{base}/file" if file.available else "")


def message_rows(db: Session, actor: Actor, views: list[messages.MessageView]) -> list[MessageRow]:
    zone = org_zone(db, actor.org_id)
    today = utcnow().astimezone(zone).date()
    return [MessageRow(v.id, v.author_name, initials(v.author_name), _when(v.created_at, zone, today), v.body,
                       [Piece(kind, text) for kind, text in v.pieces], v.mine, v.edited, v.deleted,
                       [_file_row(f) for f in v.attachments]) for v in views]


def _row(summary: chat.ChannelSummary) -> ChannelRow:
    direct = summary.kind == ChannelKind.direct.value
    return ChannelRow(summary.id, summary.label, summary.topic, summary.unread, summary.is_member,
                      summary.is_general, direct, initials(summary.label) if direct else "#")


def build_view(db: Session, actor: Actor, channel_id: int | None, *, shown_from: int | None = None,
               mark_read: bool = True) -> ChatView:
    """The page for `channel_id` (else #general). With `shown_from`, the messages from that id on (a refresh of
    what is on screen), else the newest page. What the actor now sees there counts as read (`mark_read`)."""
    summaries = chat.list_channels(db, actor)
    chosen = next((s for s in summaries if s.id == channel_id), None) or next(s for s in summaries if s.is_general)
    page, reloaded = None, False
    if shown_from is not None and chosen.id == channel_id:
        page = messages.list_messages(db, actor, chosen.id, after_id=shown_from - 1, limit=RELOAD_LIMIT)
        reloaded = len(page.items) < RELOAD_LIMIT
    if not reloaded:  # a new conversation, or more on screen than a reload brings back: the newest page
        page = messages.list_messages(db, actor, chosen.id)
    if mark_read and chosen.is_member and page.items:
        chat.mark_read(db, actor, chosen.id, page.items[-1].id)
        summaries = chat.list_channels(db, actor)
    channel = chat.get_channel(db, actor, chosen.id)
    rows = [_row(s) for s in summaries]
    shown = next(r for r in rows if r.id == chosen.id)
    return ChatView(
        channels=[r for r in rows if not r.direct and r.member],
        browse=[r for r in rows if not r.direct and not r.member], directs=[r for r in rows if r.direct],
        total_unread=sum(r.unread for r in rows), channel=shown, archived=channel.archived_at is not None,
        can_archive=chat.may_archive(actor, channel),
        messages=message_rows(db, actor, page.items), older_before=page.older_before, reloaded=reloaded,
        signature=chat.change_signature(db, actor))


def older_rows(db: Session, actor: Actor, channel_id: int, before_id: int) -> tuple[list[MessageRow], int | None]:
    page = messages.list_messages(db, actor, channel_id, before_id=before_id)
    return message_rows(db, actor, page.items), page.older_before


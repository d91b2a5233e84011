"""Chat messages: post (with files from the media library), edit and delete one's own, page through a
conversation. @mentions of people who can read the conversation notify them; plain messages notify nobody
(the unread counts carry them). Channels and who may read them: workflow/chat.py."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, delete, select

from allin_app.auth.models import User
from allin_app.content.models import MediaAsset
from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor
from allin_app.workflow import chat
from allin_app.workflow.chat_models import ChannelKind, ChatAttachment, ChatChannel, ChatMember, ChatMessage
from allin_app.workflow.comments import Person, find_mentions, person, split_mentions
from allin_app.workflow.notifications import notify

MAX_BODY = 4000
MAX_ATTACHMENTS = 10
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
EXCERPT = 140


@dataclass(frozen=True)
class AttachmentView:
    asset_id: int
    name: str
    kind: str  # image, gif, video, pdf
    has_thumbnail: bool
    available: bool  # False once the file was deleted from the media library


@dataclass(frozen=True)
class MessageView:
    id: int
    channel_id: int
    author_user_id: int
    author_name: str
    body: str
    pieces: list[tuple[str, str]]  # ("text" | "mention", words): the body with its mentions marked
    created_at: datetime
    edited: bool
    deleted: bool
    mine: bool
    attachments: list[AttachmentView]


@dataclass(frozen=True)
class MessagePage:
    items: list[MessageView]  # oldest first
    older_before: int | None  # pass as `before_id` for the page before; None at the start


def _clean_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MAX_BODY:
        raise ValidationFailed("body", f"A message has at most {MAX_BODY} characters.")
    return body


def _attachable(db: Session, actor: Actor, asset_ids: Iterable[int]) -> list[MediaAsset]:
    """Files of the organization's media library (not deleted); anything else is not found."""
    ids = list(dict.fromkeys(int(i) for i in asset_ids))
    if len(ids) > MAX_ATTACHMENTS:
        raise ValidationFailed("attachments", f"Attach at most {MAX_ATTACHMENTS} files to one message.")
    found = {a.id: a for a in db.exec(select(MediaAsset).where(MediaAsset.id.in_(ids)))} if ids else {}
    for asset_id in ids:
        asset = found.get(asset_id)
        if asset is None or asset.org_id != actor.org_id or asset.deleted_at is not None:
            raise NotFound("Media file not found.")
    return [found[i] for i in ids]


def attachable_assets(db: Session, actor: Actor, query: str = "", limit: int = 60) -> list[MediaAsset]:
    """The organization's library files one may attach, newest first."""
    statement = select(MediaAsset).where(MediaAsset.org_id == actor.org_id, MediaAsset.deleted_at == None)
    if query.strip():
        statement = statement.where(func.lower(MediaAsset.name).contains(query.strip().lower(), autoescape=True))
    return list(db.exec(statement.order_by(MediaAsset.id.desc()).limit(min(max(limit, 1), MAX_PAGE_SIZE))))


def _audience(db: Session, channel: ChatChannel) -> list[Person]:
    """Who can read the conversation, as mentions name them."""
    if channel.kind == ChannelKind.direct.value:
        ids = set(db.exec(select(ChatMember.user_id).where(ChatMember.channel_id == channel.id)))
        return [person(u) for u in db.exec(select(User).where(User.id.in_(ids)))]
    return [person(u) for u in chat.org_people(db, channel.org_id)]


def _mentioned(db: Session, channel: ChatChannel, body: str, author_id: int) -> list[Person]:
    if "@" not in body:
        return []
    return [p for p in find_mentions(body, _audience(db, channel)) if p.user_id != author_id]


def _notify_mentions(db: Session, actor: Actor, channel: ChatChannel, message: ChatMessage,
                     people: list[Person]) -> None:
    if not people:
        return
    author = chat.display_name(db.get(User, actor.user_id))
    where = "a direct message" if channel.kind == ChannelKind.direct.value else f"#{channel.name}"
    excerpt = message.body if len(message.body) <= EXCERPT else message.body[:EXCERPT] + "…"
    notify(db, channel.org_id, [p.user_id for p in people], "mentions", "chat_mention",
           f"{author} mentioned you in {where}", excerpt, f"/chat?channel={channel.id}")


def post_message(db: Session, actor: Actor, channel_id: int, body: str,
                 attachment_ids: Iterable[int] = ()) -> MessageView:
    """Say something in a conversation (posting in an open channel joins it)."""
    channel = chat.writable_channel(db, actor, channel_id)
    body = _clean_body(body)
    assets = _attachable(db, actor, attachment_ids)
    if not body and not assets:
        raise ValidationFailed("body", "Write a message or attach a file.")
    member = chat.ensure_member(db, actor, channel)
    message = ChatMessage(channel_id=channel.id, org_id=channel.org_id, author_user_id=actor.user_id, body=body)
    db.add(message)
    db.flush()
    for position, asset in enumerate(assets):
        db.add(ChatAttachment(message_id=message.id, asset_id=asset.id, position=position))
    member.last_read_message_id = message.id  # one's own message is read
    db.add(member)
    _notify_mentions(db, actor, channel, message, _mentioned(db, channel, body, actor.user_id))
    db.flush()
    return _views(db, actor, channel, [message])[0]


def _own_message(db: Session, actor: Actor, message_id: int) -> tuple[ChatMessage, ChatChannel]:
    message = db.get(ChatMessage, message_id)
    if message is None or message.org_id != actor.org_id or message.deleted_at is not None:
        raise NotFound("Message not found.")
    channel = chat.writable_channel(db, actor, message.channel_id)
    if message.author_user_id != actor.user_id:
        raise PermissionDenied("You can only change your own messages.")
    return message, channel


def edit_message(db: Session, actor: Actor, message_id: int, body: str) -> MessageView:
    """Change one's own message; people newly mentioned in it are told."""
    message, channel = _own_message(db, actor, message_id)
    body = _clean_body(body)
    has_files = db.exec(select(ChatAttachment).where(ChatAttachment.message_id == message.id)).first() is not None
    if not body and not has_files:
        raise ValidationFailed("body", "A message needs words or a file: delete it instead.")
    before = {p.user_id for p in _mentioned(db, channel, message.body, actor.user_id)}
    if body != message.body:
        message.body, message.edited_at = body, utcnow()
        db.add(message)
        db.flush()
        _notify_mentions(db, actor, channel, message,
                         [p for p in _mentioned(db, channel, body, actor.user_id) if p.user_id not in before])
    return _views(db, actor, channel, [message])[0]


def delete_message(db: Session, actor: Actor, message_id: int) -> None:
    """Delete one's own message: its words and files go; a "deleted" mark stays in the conversation."""
    message, _channel = _own_message(db, actor, message_id)
    message.body, message.deleted_at = "", utcnow()
    db.add(message)
    db.exec(delete(ChatAttachment).where(ChatAttachment.message_id == message.id))
    db.flush()


def list_messages(db: Session, actor: Actor, channel_id: int, before_id: int | None = None,
                  after_id: int | None = None, limit: int = PAGE_SIZE) -> MessagePage:
    """The newest `limit` messages (before `before_id` when paging back), or those after `after_id` (when
    polling for new ones), oldest first."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed("limit", f"limit must be between 1 and {MAX_PAGE_SIZE}.")
    channel = chat.get_channel(db, actor, channel_id)
    statement = select(ChatMessage).where(ChatMessage.channel_id == channel.id)
    if after_id is not None:
        rows = list(db.exec(statement.where(ChatMessage.id > after_id).order_by(ChatMessage.id).limit(limit)))
        return MessagePage(_views(db, actor, channel, rows), None)
    if before_id is not None:
        statement = statement.where(ChatMessage.id < before_id)
    rows = list(db.exec(statement.order_by(ChatMessage.id.desc()).limit(limit + 1)))
    older = rows[limit - 1].id if len(rows) > limit else None
    return MessagePage(_views(db, actor, channel, list(reversed(rows[:limit]))), older)


def get_message(db: Session, actor: Actor, message_id: int) -> MessageView:
    message = db.get(ChatMessage, message_id)
    if message is None or message.org_id != actor.org_id:
        raise NotFound("Message not found.")
    channel = chat.get_channel(db, actor, message.channel_id)
    return _views(db, actor, channel, [message])[0]


def _views(db: Session, actor: Actor, channel: ChatChannel, rows: list[ChatMessage]) -> list[MessageView]:
    if not rows:
        return []
    authors = {u.id: u for u in db.exec(select(User).where(User.id.in_({r.author_user_id for r in rows})))}
    files: dict[int, list[AttachmentView]] = {}
    linked = db.exec(select(ChatAttachment, MediaAsset).join(MediaAsset, MediaAsset.id == ChatAttachment.asset_id)
                     .where(ChatAttachment.message_id.in_([r.id for r in rows])).order_by(ChatAttachment.position))
    for link, asset in linked:
        files.setdefault(link.message_id, []).append(AttachmentView(
            asset.id, asset.name, asset.kind, asset.has_thumbnail, asset.deleted_at is None))
    audience = _audience(db, channel) if any("@" in r.body for r in rows) else []
    return [MessageView(
        id=r.id, channel_id=r.channel_id, author_user_id=r.author_user_id,
        author_name=chat.display_name(authors.get(r.author_user_id)), body=r.body,
        pieces=split_mentions(r.body, audience) if "@" in r.body else ([("text", r.body)] if r.body else []),
        created_at=r.created_at, edited=r.edited_at is not None, deleted=r.deleted_at is not None,
        mine=r.author_user_id == actor.user_id, attachments=files.get(r.id, [])) for r in rows]

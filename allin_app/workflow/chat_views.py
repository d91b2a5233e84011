"""REST routes of team chat (/api/v1/chat): the conversations one can read with their unread counts, a
conversation's messages page by page, and posting a message (with files from the media library)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.core.clock import as_utc
from allin_app.core.errors import ValidationFailed
from allin_app.workflow import chat
from allin_app.workflow import chat_messages as messages

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])


class ChannelOut(BaseModel):
    id: int
    kind: str = Field(description="channel (open to the organization) or direct (two people)")
    name: str = Field(description="The channel's name without #; empty for a direct message")
    label: str = Field(description="#name, or the other person's name for a direct message")
    topic: str
    is_member: bool
    is_general: bool
    unread: int = Field(description="Messages by others after your read mark (0 where you are not a member)")
    other_user_id: int | None


class ChannelPage(BaseModel):
    items: list[ChannelOut]
    total: int
    unread_total: int
    next_cursor: str | None = None


class AttachmentOut(BaseModel):
    asset_id: int
    name: str
    kind: str
    available: bool = Field(description="False once the file was deleted from the media library")
    file_url: str | None
    thumbnail_url: str | None


class MessageOut(BaseModel):
    id: int
    channel_id: int
    author_user_id: int
    author_name: str
    body: str
    created_at: datetime
    edited: bool
    deleted: bool
    attachments: list[AttachmentOut]


class MessagePage(BaseModel):
    items: list[MessageOut] = Field(description="Newest first")
    total: int = Field(description="Messages in this page")
    next_cursor: str | None = Field(description="Pass as cursor for older messages; null at the first message")


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(default="", max_length=20000, description=f"At most {messages.MAX_BODY} characters; "
                                                                 "@First Last mentions (and notifies) someone")
    attachment_ids: list[int] = Field(default=[], description="Media library file ids of the organization")


def _attachment_out(file: messages.AttachmentView) -> AttachmentOut:
    url = f"/api/v1/media/{file.asset_id}"
    return AttachmentOut(asset_id=file.asset_id, name=file.name, kind=file.kind, available=file.available,
                         file_url=f"{url}/file" if file.available else None,
                         thumbnail_url=f"{url}/thumbnail" if file.available and file.has_thumbnail else None)


def message_out(view: messages.MessageView) -> MessageOut:
    return MessageOut(id=view.id, channel_id=view.channel_id, author_user_id=view.author_user_id,
                      author_name=view.author_name, body=view.body, created_at=as_utc(view.created_at),
                      edited=view.edited, deleted=view.deleted,
                      attachments=[_attachment_out(f) for f in view.attachments])


@router.get("/channels", response_model=ChannelPage,
            summary="Your conversations in the organization: #general, the open channels, your direct messages")
def list_channels(caller: CurrentCaller, db: DbSession) -> ChannelPage:
    rows = chat.list_channels(db, caller.actor)
    items = [ChannelOut(id=r.id, kind=r.kind, name=r.name, label=r.label, topic=r.topic, is_member=r.is_member,
                        is_general=r.is_general, unread=r.unread, other_user_id=r.other_user_id) for r in rows]
    return ChannelPage(items=items, total=len(items), unread_total=sum(r.unread for r in rows))


@router.get("/channels/{channel_id}/messages", response_model=MessagePage,
            summary="A conversation's messages, newest first, page by page")
def list_messages(channel_id: int, caller: CurrentCaller, db: DbSession,
                  limit: Annotated[int, Query(ge=1, le=messages.MAX_PAGE_SIZE)] = messages.PAGE_SIZE,
                  cursor: str | None = None) -> MessagePage:
    if cursor is not None and not cursor.isdigit():
        raise ValidationFailed("cursor", "This cursor was not made by this list.")
    page = messages.list_messages(db, caller.actor, channel_id, before_id=int(cursor) if cursor else None,
                                  limit=limit)
    items = [message_out(m) for m in reversed(page.items)]
    return MessagePage(items=items, total=len(items),
                       next_cursor=str(page.older_before) if page.older_before else None)


@router.post("/channels/{channel_id}/messages", response_model=MessageOut, status_code=201,
             summary="Post a message (posting in an open channel joins it); @mentions notify")
def post_message(channel_id: int, body: MessageIn, caller: CurrentCaller, db: DbSession) -> MessageOut:
    return message_out(messages.post_message(db, caller.actor, channel_id, body.body, body.attachment_ids))

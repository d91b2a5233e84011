"""Team chat: an organization's channels and direct messages, who is in them and what they read, the messages
and the media-library files attached to them."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from allin_app.core.clock import utcnow


class ChannelKind(str, Enum):
    channel = "channel"  # open to everyone in the organization
    direct = "direct"  # two people; only they see it


class ChatChannel(SQLModel, table=True):
    __tablename__ = "chat_channels"
    # A direct message's name is a key of its two people ("@dm:3:7"), which no channel name can be, so the
    # constraint also keeps one conversation per pair.
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_chat_channels_org_name"),)

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True)
    kind: str = Field(default=ChannelKind.channel.value, max_length=10)
    name: str = Field(max_length=60)
    topic: str = Field(default="", max_length=250)
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    archived_at: datetime | None = None


class ChatMember(SQLModel, table=True):
    __tablename__ = "chat_members"
    __table_args__ = (Index("ix_chat_members_user", "user_id"),)

    channel_id: int = Field(foreign_key="chat_channels.id", primary_key=True)
    user_id: int = Field(foreign_key="users.id", primary_key=True)
    joined_at: datetime = Field(default_factory=utcnow)
    last_read_message_id: int = Field(default=0)  # messages after it, by others, are unread


class ChatMessage(SQLModel, table=True):
    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_channel_id", "channel_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel_id: int = Field(foreign_key="chat_channels.id")
    org_id: int = Field(foreign_key="organizations.id", index=True)
    author_user_id: int = Field(foreign_key="users.id")
    body: str = Field(default="", max_length=4000)
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    deleted_at: datetime | None = None


class ChatAttachment(SQLModel, table=True):
    __tablename__ = "chat_attachments"

    message_id: int = Field(foreign_key="chat_messages.id", primary_key=True)
    asset_id: int = Field(foreign_key="media_assets.id", primary_key=True)
    position: int = 0

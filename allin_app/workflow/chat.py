"""Team chat: each organization's channels and direct messages, and what each person has not read yet.

Who takes part: everyone who can act in the organization (orgs.service.actor_for decides), so in an agency's
client that is the client's own people, the agency's owners and the agency staff assigned to the client; nobody
else. Chat has no row in the guide's permission matrices: it belongs to the organization acted in, and the roles
only differ in that client viewers do not open channels (they read and post in them, and write to people
directly). Every organization has a #general channel everyone is in, made on first use. Channels are open to
the organization's people (join, leave); a direct message is seen by its two people only.

Messages (posting, editing, paging) are in workflow/chat_messages.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Role
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Membership, Organization
from allin_app.workflow.chat_models import ChannelKind, ChatChannel, ChatMember, ChatMessage

GENERAL = "general"
CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_TOPIC = 250
# Roles that answer for the organization: they may archive any channel (others only the ones they opened).
MANAGING_ROLES = (Role.super_admin, Role.agency_owner, Role.content_manager)


@dataclass(frozen=True)
class ChannelSummary:
    id: int
    kind: str
    name: str  # "" for a direct message
    label: str  # "#name", or the other person's name
    topic: str
    is_member: bool
    is_general: bool
    unread: int
    last_message_id: int
    other_user_id: int | None  # the other person of a direct message


# --- who takes part ------------------------------------------------------------------------------


def may_create_channels(actor: Actor) -> bool:
    return actor.role != Role.client_viewer


def org_people(db: Session, org_id: int) -> list[User]:
    """Everyone who may act in the organization (and so take part in its chat), by name."""
    org = db.get(Organization, org_id)
    org_ids = [org.id] + ([org.parent_id] if org.parent_id else [])
    ids = set(db.exec(select(Membership.user_id).where(Membership.org_id.in_(org_ids))))
    users = db.exec(select(User).where(User.id.in_(ids), User.is_active == True)
                    .order_by(User.full_name, User.email)) if ids else []
    return [user for user in users if _reaches(db, user, org_id)]


def _reaches(db: Session, user: User, org_id: int) -> bool:
    try:
        return orgs.actor_for(db, user, org_id).org_id == org_id
    except (NotFound, PermissionDenied):
        return False


def display_name(user: User | None) -> str:
    if user is None:
        return "Former member"
    return " ".join(user.full_name.split()) or user.email.split("@")[0]


# --- channels ------------------------------------------------------------------------------------


def _insert_once(db: Session, row, find):
    """Add `row` unless a concurrent request made the same one first (unique key); returns the stored one."""
    try:
        with db.begin_nested():
            db.add(row)
            db.flush()
        return row
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


def _find_channel(db: Session, org_id: int, name: str) -> ChatChannel | None:
    return db.exec(select(ChatChannel).where(ChatChannel.org_id == org_id, ChatChannel.name == name)).first()


def _member(db: Session, channel_id: int, user_id: int) -> ChatMember | None:
    return db.get(ChatMember, (channel_id, user_id))


def _newest_id(db: Session, channel_id: int) -> int:
    return db.exec(select(func.max(ChatMessage.id)).where(ChatMessage.channel_id == channel_id)).one() or 0


def _add_member(db: Session, channel: ChatChannel, user_id: int, last_read: int = 0) -> ChatMember:
    existing = _member(db, channel.id, user_id)
    if existing is not None:
        return existing
    return _insert_once(db, ChatMember(channel_id=channel.id, user_id=user_id, last_read_message_id=last_read),
                        lambda: _member(db, channel.id, user_id))


def general_channel(db: Session, actor: Actor) -> ChatChannel:
    """The organization's #general (made on first use), with the actor in it."""
    channel = _find_channel(db, actor.org_id, GENERAL)
    if channel is None:
        org = db.get(Organization, actor.org_id)
        channel = _insert_once(db, ChatChannel(org_id=actor.org_id, name=GENERAL, topic=f"Everyone in {org.name}"),
                               lambda: _find_channel(db, actor.org_id, GENERAL))
    _add_member(db, channel, actor.user_id)
    return channel


def get_channel(db: Session, actor: Actor, channel_id: int) -> ChatChannel:
    """A channel of the organization acted in, or a direct message of the actor's; else NotFound."""
    channel = db.get(ChatChannel, channel_id)
    if channel is None or channel.org_id != actor.org_id:
        raise NotFound("Conversation not found.")
    if channel.kind == ChannelKind.direct.value and _member(db, channel.id, actor.user_id) is None:
        raise NotFound("Conversation not found.")
    return channel


def writable_channel(db: Session, actor: Actor, channel_id: int) -> ChatChannel:
    channel = get_channel(db, actor, channel_id)
    if channel.archived_at is not None:
        raise Conflict("This channel is archived: it can be read, not written to.")
    return channel


def clean_channel_name(raw: str) -> str:
    name = re.sub(r"\s+", "-", (raw or "").strip().lstrip("#").strip().lower())
    if not CHANNEL_NAME.match(name):
        raise ValidationFailed("name", "Use 1 to 40 lowercase letters, numbers, hyphens or underscores.")
    return name


def create_channel(db: Session, actor: Actor, name: str, topic: str = "") -> ChatChannel:
    """A new open channel of the organization; its maker is in it."""
    if not may_create_channels(actor):
        raise PermissionDenied("Client viewers take part in channels but do not open new ones.")
    name, topic = clean_channel_name(name), " ".join((topic or "").split())
    if len(topic) > MAX_TOPIC:
        raise ValidationFailed("topic", f"Use at most {MAX_TOPIC} characters.")
    general_channel(db, actor)
    if _find_channel(db, actor.org_id, name) is not None:
        raise ValidationFailed("name", f"There already is a #{name} channel: join it instead.")
    channel = ChatChannel(org_id=actor.org_id, name=name, topic=topic, created_by_user_id=actor.user_id)
    try:
        with db.begin_nested():
            db.add(channel)
            db.flush()
    except IntegrityError:
        raise ValidationFailed("name", f"There already is a #{name} channel: join it instead.") from None
    _add_member(db, channel, actor.user_id)
    record_audit(db, "chat.channel_created", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"chat_channel:{channel.id}", detail=f"#{name}")
    return channel


def ensure_member(db: Session, actor: Actor, channel: ChatChannel) -> ChatMember:
    """The actor's place in the conversation; joining an open channel, what was said before is history, not
    unread."""
    return _member(db, channel.id, actor.user_id) or _add_member(db, channel, actor.user_id,
                                                                 last_read=_newest_id(db, channel.id))


def join_channel(db: Session, actor: Actor, channel_id: int) -> ChatChannel:
    channel = writable_channel(db, actor, channel_id)
    ensure_member(db, actor, channel)
    return channel


def leave_channel(db: Session, actor: Actor, channel_id: int) -> None:
    channel = get_channel(db, actor, channel_id)
    if channel.kind == ChannelKind.direct.value:
        raise Conflict("A direct message cannot be left.")
    if channel.name == GENERAL:
        raise Conflict("Everyone in the organization stays in #general.")
    member = _member(db, channel.id, actor.user_id)
    if member is not None:
        db.delete(member)


def _archivable(channel: ChatChannel) -> bool:
    return channel.kind == ChannelKind.channel.value and channel.name != GENERAL and channel.archived_at is None


def may_archive(actor: Actor, channel: ChatChannel) -> bool:
    return _archivable(channel) and (actor.role in MANAGING_ROLES or channel.created_by_user_id == actor.user_id)


def archive_channel(db: Session, actor: Actor, channel_id: int) -> ChatChannel:
    """Close a channel for writing (it stays readable); its maker or a manager may."""
    channel = writable_channel(db, actor, channel_id)
    if not _archivable(channel):
        raise Conflict("Only channels people opened can be archived.")
    if not may_archive(actor, channel):
        raise PermissionDenied("Only whoever opened the channel, or a manager, may archive it.")
    channel.archived_at = utcnow()
    record_audit(db, "chat.channel_archived", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"chat_channel:{channel.id}", detail=f"#{channel.name}")
    return channel


def direct_key(user_a: int, user_b: int) -> str:
    low, high = sorted((user_a, user_b))
    return f"@dm:{low}:{high}"


def open_direct(db: Session, actor: Actor, user_id: int) -> ChatChannel:
    """The actor's direct conversation with someone of the organization (the same one every time)."""
    if user_id == actor.user_id:
        raise ValidationFailed("user_id", "Pick someone other than yourself.")
    other = db.get(User, user_id)
    if other is None or not other.is_active or not _reaches(db, other, actor.org_id):
        raise NotFound("Person not found.")
    key = direct_key(actor.user_id, user_id)
    channel = _find_channel(db, actor.org_id, key) or _insert_once(
        db, ChatChannel(org_id=actor.org_id, kind=ChannelKind.direct.value, name=key,
                        created_by_user_id=actor.user_id),
        lambda: _find_channel(db, actor.org_id, key))
    for person in (actor.user_id, user_id):
        _add_member(db, channel, person)
    return channel


def direct_partner(db: Session, channel: ChatChannel, user_id: int) -> int | None:
    ids = [int(part) for part in channel.name.split(":")[1:]] if channel.kind == ChannelKind.direct.value else []
    return next((other for other in ids if other != user_id), None)


def chat_people(db: Session, actor: Actor) -> list[User]:
    """Whom the actor may write to directly."""
    return [user for user in org_people(db, actor.org_id) if user.id != actor.user_id]


# --- listing and unread --------------------------------------------------------------------------


def _unread_by_channel(db: Session, actor: Actor) -> dict[int, int]:
    rows = db.exec(
        select(ChatMessage.channel_id, func.count())
        .join(ChatMember, (ChatMember.channel_id == ChatMessage.channel_id) & (ChatMember.user_id == actor.user_id))
        .join(ChatChannel, ChatChannel.id == ChatMessage.channel_id)
        .where(ChatMessage.org_id == actor.org_id, ChatMessage.id > ChatMember.last_read_message_id,
               ChatMessage.author_user_id != actor.user_id, ChatMessage.deleted_at == None,
               ChatChannel.archived_at == None)
        .group_by(ChatMessage.channel_id)).all()
    return dict(rows)


def list_channels(db: Session, actor: Actor) -> list[ChannelSummary]:
    """#general first, then the other channels by name (joined or not), then direct messages, newest first."""
    general_channel(db, actor)
    mine = set(db.exec(select(ChatMember.channel_id).join(ChatChannel, ChatChannel.id == ChatMember.channel_id)
                       .where(ChatMember.user_id == actor.user_id, ChatChannel.org_id == actor.org_id)))
    channels = [c for c in db.exec(select(ChatChannel).where(ChatChannel.org_id == actor.org_id))
                if c.kind == ChannelKind.channel.value or c.id in mine]
    newest = dict(db.exec(select(ChatMessage.channel_id, func.max(ChatMessage.id))
                          .where(ChatMessage.org_id == actor.org_id).group_by(ChatMessage.channel_id)).all())
    unread = _unread_by_channel(db, actor)
    partners = {c.id: direct_partner(db, c, actor.user_id) for c in channels if c.kind == ChannelKind.direct.value}
    names = {u.id: u for u in db.exec(select(User).where(User.id.in_(set(partners.values()))))} if partners else {}
    rows = [ChannelSummary(
        id=c.id, kind=c.kind, name="" if c.id in partners else c.name,
        label=display_name(names.get(partners[c.id])) if c.id in partners else f"#{c.name}",
        topic=c.topic, is_member=c.id in mine, is_general=c.name == GENERAL, unread=unread.get(c.id, 0),
        last_message_id=newest.get(c.id, 0), other_user_id=partners.get(c.id)) for c in channels
        if c.archived_at is None or c.id in mine]
    return sorted(rows, key=lambda r: (r.kind != ChannelKind.channel.value, not r.is_general,
                                       -r.last_message_id if r.kind == ChannelKind.direct.value else 0, r.label))


def unread_total(db: Session, actor: Actor) -> int:
    """Unread messages across the actor's channels and direct messages (the sidebar's badge). It writes nothing
    (every page asks): someone who never opened the chat has all of #general still to read."""
    total = sum(_unread_by_channel(db, actor).values())
    general = _find_channel(db, actor.org_id, GENERAL)
    if general is not None and _member(db, general.id, actor.user_id) is None:
        total += db.exec(select(func.count()).select_from(ChatMessage).where(
            ChatMessage.channel_id == general.id, ChatMessage.author_user_id != actor.user_id,
            ChatMessage.deleted_at == None)).one()
    return total


def mark_read(db: Session, actor: Actor, channel_id: int, up_to_message_id: int) -> int:
    """Everything up to that message has been seen; returns what is still unread there."""
    channel = get_channel(db, actor, channel_id)
    member = _member(db, channel.id, actor.user_id)
    if member is None and channel.name == GENERAL:  # everyone is in #general, from their first look on
        member = _add_member(db, channel, actor.user_id)
    if member is None:
        return 0
    up_to = min(max(int(up_to_message_id), 0), _newest_id(db, channel.id))
    if up_to > member.last_read_message_id:
        member.last_read_message_id = up_to
        db.add(member)
        db.flush()
    return _unread_by_channel(db, actor).get(channel.id, 0)


def change_signature(db: Session, actor: Actor) -> tuple:
    """A few numbers that change whenever something the actor's chat shows changes: new, edited or deleted
    messages where they can read, their read marks and memberships, new channels. Cheap, for polling."""
    visible = select(ChatChannel.id).where(ChatChannel.org_id == actor.org_id) \
        .where((ChatChannel.kind == ChannelKind.channel.value) | ChatChannel.id.in_(
            select(ChatMember.channel_id).where(ChatMember.user_id == actor.user_id)))
    messages = db.exec(select(func.max(ChatMessage.id), func.max(ChatMessage.edited_at),
                              func.max(ChatMessage.deleted_at))
                       .where(ChatMessage.org_id == actor.org_id, ChatMessage.channel_id.in_(visible))).one()
    marks = db.exec(select(func.count(), func.sum(ChatMember.last_read_message_id))
                    .where(ChatMember.user_id == actor.user_id)).one()
    channels = db.exec(select(func.count(), func.max(ChatChannel.archived_at))
                       .where(ChatChannel.org_id == actor.org_id)).one()
    return (*messages, *marks, *channels)

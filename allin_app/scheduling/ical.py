"""Private calendar feeds: a secret URL per user that calendar apps (Google, Apple, Outlook) subscribe
to, listing the organization's scheduled and recently published posts that user may see.

The token is shown once and stored hashed; revoking a feed makes its URL answer 404, as an unknown
one does. Whoever holds the URL reads the feed without signing in, so each fetch re-checks that the
user is still active and still a member of the organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import APIRouter, Response
from icalendar import Calendar, Event
from sqlmodel import Session, select

from allin_app.admin.service import record_audit
from allin_app.auth.models import User
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.config import settings
from allin_app.core.crypto import new_token, token_digest
from allin_app.core.db import session_scope
from allin_app.core.errors import Conflict, NotFound, PermissionDenied
from allin_app.core.rbac import Actor, Permission, Role, allows, require
from allin_app.orgs import service as orgs
from allin_app.orgs.models import Organization
from allin_app.platforms.limits import LABELS
from allin_app.scheduling.models import CalendarFeed

MAX_FEEDS = 10  # live feeds per user and organization
PAST = timedelta(days=30)  # published posts this recent stay in the feed
AHEAD = timedelta(days=400)
MAX_EVENTS = 2_000
EVENT_LENGTH = timedelta(minutes=15)
FEED_STATUSES = (PostStatus.scheduled, PostStatus.publishing, PostStatus.published)
EXCERPT = 60

router = APIRouter(tags=["calendar"])


@dataclass
class NewFeed:
    feed: CalendarFeed
    url: str  # holds the secret token: shown once, never stored


def feed_url(token: str) -> str:
    return f"{settings.base_url}/ical/{token}.ics"


def create_feed(db: Session, actor: Actor) -> NewFeed:
    require(actor, Permission.view_calendar, write=False)
    if len(list_feeds(db, actor)) >= MAX_FEEDS:
        raise Conflict(f"You have {MAX_FEEDS} calendar feeds already: revoke one you no longer use first.")
    token = new_token()
    feed = CalendarFeed(org_id=actor.org_id, user_id=actor.user_id, token_hash=token_digest(token))
    db.add(feed)
    db.flush()
    record_audit(db, "calendar_feed.created", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"calendar_feed:{feed.id}")
    return NewFeed(feed, feed_url(token))


def list_feeds(db: Session, actor: Actor) -> list[CalendarFeed]:
    """The actor's own live feeds in the organization acted in, newest first."""
    return list(db.exec(select(CalendarFeed).where(CalendarFeed.org_id == actor.org_id,
                                                   CalendarFeed.user_id == actor.user_id,
                                                   CalendarFeed.revoked_at == None)
                        .order_by(CalendarFeed.created_at.desc(), CalendarFeed.id.desc())))


def revoke_feed(db: Session, actor: Actor, feed_id: int) -> CalendarFeed:
    feed = db.get(CalendarFeed, feed_id)
    if feed is None or feed.org_id != actor.org_id or feed.user_id != actor.user_id:
        raise NotFound("Calendar feed not found.")
    if feed.revoked_at is None:
        feed.revoked_at = utcnow()
        record_audit(db, "calendar_feed.revoked", actor_user_id=actor.user_id, org_id=actor.org_id,
                     target=f"calendar_feed:{feed.id}")
    return feed


# --- the feed ------------------------------------------------------------------------------------


def feed_calendar(db: Session, token: str) -> bytes:
    """The .ics document behind a token; NotFound for an unknown or revoked one."""
    actor = _feed_actor(db, token)
    org = db.get(Organization, actor.org_id)
    calendar = Calendar()
    calendar.add("prodid", "-//AllIN//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"AllIN · {org.name}")
    calendar.add("x-published-ttl", timedelta(minutes=15))
    found = _feed_posts(db, actor)
    networks = _networks_of(db, [post.id for post in found])
    for post in found:
        calendar.add_component(_event(post, networks.get(post.id, [])))
    return calendar.to_ical()


def _feed_actor(db: Session, token: str) -> Actor:
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.token_hash == token_digest(token),
                                              CalendarFeed.revoked_at == None)).first() if token else None
    user = db.get(User, feed.user_id) if feed else None
    if feed is None or user is None or not user.is_active:
        raise NotFound("Calendar feed not found.")
    try:
        actor = orgs.actor_for(db, user, feed.org_id)
    except (NotFound, PermissionDenied):  # no longer a member, or the organization is suspended
        raise NotFound("Calendar feed not found.") from None
    if not allows(actor, Permission.view_calendar, write=False):
        raise NotFound("Calendar feed not found.")
    return actor


def _feed_posts(db: Session, actor: Actor) -> list[Post]:
    """What the user sees in the library (team members: their assigned posts), around today."""
    now = utcnow()
    query = select(Post).where(Post.org_id == actor.org_id, Post.deleted_at == None, Post.status.in_(FEED_STATUSES),
                               Post.scheduled_at >= now - PAST, Post.scheduled_at <= now + AHEAD)
    if actor.role is Role.team_member:
        query = query.where(Post.assignee_user_id == actor.user_id)
    return list(db.exec(query.order_by(Post.scheduled_at, Post.id).limit(MAX_EVENTS)))


def _networks_of(db: Session, post_ids: list[int]) -> dict[int, list[str]]:
    networks: dict[int, list[str]] = {}
    for start in range(0, len(post_ids), 500):
        rows = db.exec(select(PostTarget.post_id, PostTarget.network)
                       .where(PostTarget.post_id.in_(post_ids[start:start + 500])).order_by(PostTarget.id))
        for post_id, network in rows:
            if network not in networks.setdefault(post_id, []):
                networks[post_id].append(network)
    return networks


def _event(post: Post, networks: list[str]) -> Event:
    start = as_utc(post.scheduled_at)
    event = Event()
    event.add("uid", f"post-{post.id}@{_host()}")
    event.add("dtstamp", as_utc(post.updated_at))
    event.add("last-modified", as_utc(post.updated_at))
    event.add("sequence", post.version)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", _summary(post, networks))
    event.add("description", f"{post.text}\n\n{PostStatus(post.status).label} · "
                             f"{', '.join(LABELS.get(n, n) for n in networks) or 'no accounts'}")
    event.add("url", f"{settings.base_url}/create?post={post.id}")
    event.add("status", "CONFIRMED" if post.status == PostStatus.published else "TENTATIVE")
    return event


def _summary(post: Post, networks: list[str]) -> str:
    words = " ".join(post.text.split()) or post.title or f"Post {post.id}"
    excerpt = words if len(words) <= EXCERPT else words[:EXCERPT - 1].rstrip() + "…"
    return f"{excerpt} ({', '.join(LABELS.get(n, n) for n in networks)})" if networks else excerpt


def _host() -> str:
    return settings.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "allin"


@router.get("/ical/{token}.ics", include_in_schema=False)
def calendar_feed(token: str) -> Response:
    """Public by its secret token: calendar apps cannot sign in."""
    with session_scope() as db:
        body = feed_calendar(db, token)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"})

"""Short links: AllIN serves `/l/<code>` itself and records each click with its time (analytics'
link_clicks), so a self-hoster needs no outside shortener and the clicks stay with the organization's
analytics. A post's link gets its own code per network, so every click is known by post, network and
campaign (the post's campaign at the time of the click)."""

from __future__ import annotations

import hashlib
import secrets

from fastapi import APIRouter
from fastapi.responses import RedirectResponse
from sqlalchemy import update
from sqlmodel import Session, select

from allin_app.analytics.roi import link_attribution
from allin_app.analytics.roi_models import LinkClick
from allin_app.content.models import Post, ShortLink
from allin_app.content.preview import with_utm
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.db import session_scope
from allin_app.core.errors import NotFound, ValidationFailed

CODE_LENGTH = 7
router = APIRouter(include_in_schema=False)


def short_link(db: Session, org_id: int, url: str, post_id: int | None = None, network: str = "") -> ShortLink:
    """The organization's short link to `url` (for one post on one network, when given), made the first time
    it is asked for."""
    url = url.strip()
    if not url.startswith(("https://", "http://")):
        raise ValidationFailed("link", "A link to shorten starts with https:// or http://.")
    placed = f"{url}\n{post_id}\n{network}" if post_id else url
    digest = hashlib.sha256(placed.encode()).hexdigest()
    found = db.exec(select(ShortLink).where(ShortLink.org_id == org_id, ShortLink.target_hash == digest)).first()
    if found is None:
        found = ShortLink(org_id=org_id, code=secrets.token_urlsafe(6)[:CODE_LENGTH], target_url=url,
                          target_hash=digest, post_id=post_id, network=network)
        db.add(found)
        db.flush()
    return found


def short_url(link: ShortLink) -> str:
    return f"{settings.base_url}/l/{link.code}"


def link_for(db: Session, post: Post, network: str) -> str:
    """The link as it goes out on `network`: tagged with UTM when the post asks, shortened when it asks."""
    if not post.link:
        return ""
    link = with_utm(post.link, network, campaign=post.options.get("utm_campaign", "")) \
        if post.options.get("utm") == "on" else post.link
    if post.options.get("shorten") == "on":
        link = short_url(short_link(db, post.org_id, link if "://" in link else f"https://{link}", post.id, network))
    return link


def follow(db: Session, code: str) -> str:
    """Record a click (its time, post, network and campaign) and answer where it goes."""
    link = db.exec(select(ShortLink).where(ShortLink.code == code)).first()
    if link is None:
        raise NotFound("This short link does not exist.")
    now = utcnow()
    db.exec(update(ShortLink).where(ShortLink.id == link.id)
            .values(clicks=ShortLink.clicks + 1, last_clicked_at=now))
    came_from = link_attribution(db, link)
    db.add(LinkClick(org_id=link.org_id, short_link_id=link.id, clicked_at=now, post_id=came_from.post_id,
                     network=came_from.network, campaign_id=came_from.campaign_id))
    return link.target_url


@router.get("/l/{code}")
def redirect(code: str) -> RedirectResponse:
    with session_scope() as db:
        target = follow(db, code)
    return RedirectResponse(target, status_code=302)

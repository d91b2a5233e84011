"""A year of demo history, made the way real use makes it: `python -m allin_app.analytics.history`.

For each demo client with connected simulator accounts, the clock is set back (`core.clock.clock_at`)
and the year is replayed in time order: posts are written by the org's people (services), published
through the publisher and the network adapters (the simulator keeps each post's creation time), and
the metric collector runs at past moments (see READINGS), so the
snapshots and rollups come out of the same code as live use and the engagement is the simulator's.

About 2-3 posts a week per account: text and link posts where a network takes them, a photo where the
account needs media (Instagram). Networks that only take videos (YouTube) get no posts; their
followers are still read. Idempotent: an organization that already has posts published a week ago
is left alone. Run by `make seed` after the demo seed, and by the browser tests' conftest.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sqlite3
import sys
import time as clock
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import httpx
from PIL import Image
from sqlalchemy import delete, event, func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.models import OutboxMail
from allin_app.admin.seed import DEMO_ACCOUNTS, connect_demo_accounts, seed_demo
from allin_app.analytics import collector
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.content import campaigns, media
from allin_app.content import service as posts
from allin_app.content.models import Post, PostStatus, PostTarget
from allin_app.core.clock import clock_at, utcnow
from allin_app.core.config import settings
from allin_app.core.db import session_scope
from allin_app.core.errors import Conflict, DomainError
from allin_app.orgs import service as orgs
from allin_app.platforms.posts import IMAGE, TEXT
from allin_app.platforms.registry import ADAPTERS
from allin_app.scheduling import publisher
from allin_app.scheduling import service as scheduling
from allin_app.workflow.models import Notification

DAYS = 365
# The collector runs every evening of the last 5 weeks, weekly for 9 more, every 4 weeks before that: the
# recent days dashboards open on get daily figures, and a year of readings stays quick to replay.
READINGS = ((35, 1), (98, 7), (10**6, 28))  # (days ago up to, every so many days)
EVENING = time(23, 30)  # UTC: the demo organizations' zone
POST_CHANCE = 0.5  # a post on half the days ...
ACCOUNT_CHANCE = 0.65  # ... to each fitting account with this chance: ~2-3 posts a week per account
ALREADY_THERE = timedelta(days=7)  # an organization with posts out for a week has a history of its own
MAX_REVIEW_STAGES = 5

WORDS = {
    "Bloom Coffee Co.": (["New on the menu:", "Weekend special:", "From our roasters:", "Good morning!",
                          "Behind the bar:", "Customer favourite:"],
                         ["our single-origin espresso", "the oat milk flat white", "cold brew on tap",
                          "the cinnamon bun", "our Ethiopian pour-over", "the seasonal chai latte"],
                         ["Come by and taste it.", "See you at the counter!", "Which one is your favourite?"],
                         "https://bloomcoffee.example/menu"),
    "Peak Fitness Studio": (["This week at Peak:", "Coach's tip:", "New class:", "Member spotlight:",
                             "Motivation Monday:", "Studio news:"],
                            ["sunrise HIIT", "mobility for desk workers", "our spin marathon",
                             "strength basics for beginners", "the 30-day plank challenge", "recovery yoga"],
                            ["Book your spot in the app.", "Bring a friend for free.", "Who's in?"],
                            "https://peakfitness.example/classes"),
}
CAMPAIGNS = {"Bloom Coffee Co.": ("Autumn blend", "Cold brew summer"),
             "Peak Fitness Studio": ("New year, new you", "Summer shred")}


@dataclass
class OrgPlan:
    org_id: int
    name: str
    author_ids: list[int]
    assignee_id: int | None
    accounts: list[tuple[int, str]]  # (account id, network) that can take text or photo posts
    reviewer_ids: list[int] = field(default_factory=list)
    image_id: int | None = None
    campaign_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Publish:
    at: datetime
    org: OrgPlan
    author_id: int
    account_ids: tuple[int, ...]
    text: str
    link: str
    with_image: bool
    campaign_id: int | None
    assign: bool


def fits(network: str) -> set[str]:
    """What of ours the network takes: "text" (and links), "image", or neither (video-only networks)."""
    capabilities = ADAPTERS[network].capabilities
    return {kind for kind in (TEXT, IMAGE) if kind in capabilities}


def already_has_history(db: Session, org_id: int, now: datetime) -> bool:
    return db.exec(select(PostTarget.id).where(PostTarget.org_id == org_id, PostTarget.published_at != None,
                                               PostTarget.published_at < now - ALREADY_THERE)).first() is not None


def plan_orgs(db: Session, now: datetime) -> list[OrgPlan]:
    plans = []
    for name, (email, _networks) in DEMO_ACCOUNTS.items():
        org = orgs.get_org_by_slug(db, orgs.slugify(name))
        if org is None or already_has_history(db, org.id, now):
            continue
        accounts = [(a.id, a.network) for a in db.exec(select(SocialAccount).where(
            SocialAccount.org_id == org.id, SocialAccount.disconnected_at == None)
            .order_by(SocialAccount.id)) if fits(a.network)]
        if not accounts:
            continue
        logins = ("manager", "creator", "team", "client")
        members = {login: auth.find_user_by_email(db, f"{login}@allin.demo") for login in logins}
        in_org = {login: user.id for login, user in members.items() if user and user.home_org_id == org.id}
        authors = [in_org[login] for login in ("manager", "creator") if login in in_org]
        authors = authors or [auth.find_user_by_email(db, email).id]
        reviewers = [in_org[login] for login in ("manager", "client") if login in in_org]
        plans.append(OrgPlan(org.id, name, authors, in_org.get("team"), accounts, reviewers))
    return plans


def prepare(db: Session, plan: OrgPlan, start: date) -> None:
    """The photo Instagram posts carry and two campaigns, made by the org's first author."""
    actor = orgs.actor_for(db, db.get(User, plan.author_ids[0]), plan.org_id)
    buffer = io.BytesIO()
    Image.new("RGB", (1080, 1080), (150 + plan.org_id % 80, 110, 70)).save(buffer, "JPEG")
    buffer.seek(0)
    outcome = media.upload_files(db, actor, [(f"{orgs.slugify(plan.name)}-photo.jpg", buffer)])[0]
    plan.image_id = outcome.asset.id if outcome.asset else None
    for number, name in enumerate(CAMPAIGNS.get(plan.name, ())):
        begins = start + timedelta(days=90 + 150 * number)
        campaign = campaigns.create_campaign(db, actor, name=name, starts_on=begins, ends_on=begins + timedelta(days=60))
        plan.campaign_ids.append(campaign.id)


def publishing_moments(plan: OrgPlan, start: date, days: int, rng: random.Random) -> list[Publish]:
    openings, subjects, endings, link = WORDS.get(plan.name, WORDS["Bloom Coffee Co."])
    found = []
    for offset in range(days):
        if rng.random() >= POST_CHANCE:
            continue
        day = start + timedelta(days=offset)
        at = datetime.combine(day, time(rng.randint(6, 22), rng.randrange(0, 60, 5)), UTC)
        photo = plan.image_id is not None and rng.random() < 0.35
        wanted = IMAGE if photo else TEXT
        chosen = tuple(a for a, network in plan.accounts if wanted in fits(network) and rng.random() < ACCOUNT_CHANCE)
        if not chosen:
            continue
        campaign = next((c for n, c in enumerate(plan.campaign_ids) if 90 + 150 * n <= offset < 150 + 150 * n), None)
        found.append(Publish(at, plan, rng.choice(plan.author_ids), chosen,
                             f"{rng.choice(openings)} {rng.choice(subjects)}. {rng.choice(endings)}",
                             link if not photo and rng.random() < 0.3 else "", photo, campaign,
                             plan.assignee_id is not None and rng.random() < 0.25))
    return found


def reading_moments(start: date, end: datetime) -> list[datetime]:
    """Evenings the collector runs on: the closer to today, the more often (READINGS)."""
    moments, day = [], start
    while day < end.date():
        age = (end.date() - day).days
        every = next(step for within, step in READINGS if age <= within)
        if (end.date() - day).days % every == 0:
            moments.append(datetime.combine(day, EVENING, UTC))
        day += timedelta(days=1)
    return moments


def publish(item: Publish, sim: httpx.Client) -> None:
    with clock_at(item.at):
        with session_scope() as db:
            actor = orgs.actor_for(db, db.get(User, item.author_id), item.org.org_id)
            draft = posts.PostDraft(text=item.text, account_ids=item.account_ids, link=item.link,
                                    media_ids=(item.org.image_id,) if item.with_image else (),
                                    campaign_id=item.campaign_id)
            post = posts.create_post(db, actor, draft)
            if item.assign:
                post.assignee_user_id = item.org.assignee_id
            try:
                scheduling.publish_now(db, actor, post.id)
            except Conflict:  # the organization (or the author's role) publishes approved posts only
                _approve(db, item.org, post)
                scheduling.publish_now(db, actor, post.id)
        publisher.tick(client=sim, now=item.at)


def _approve(db: Session, plan: OrgPlan, post: Post) -> None:
    """Submit the post and have the org's reviewers approve every stage of its path: the manager, or at a
    client stage its client viewer (the author where the org has neither)."""
    author = orgs.actor_for(db, db.get(User, post.author_user_id), plan.org_id)
    reviewers = [orgs.actor_for(db, db.get(User, user_id), plan.org_id) for user_id in plan.reviewer_ids] or [author]
    posts.submit_for_approval(db, author, [post.id])
    for _stage in range(MAX_REVIEW_STAGES):
        db.refresh(post)
        if post.status != PostStatus.in_review:
            return
        for reviewer in reviewers:
            try:
                posts.review_posts(db, reviewer, [post.id], approve=True)
                break
            except DomainError:
                continue


def replay(plans: list[OrgPlan], now: datetime, sim: httpx.Client, days: int = DAYS, seed: int = 8) -> int:
    """Publish and read in time order up to `now`; answers how many posts went out."""
    start = (now - timedelta(days=days)).date()
    rng = random.Random(seed)
    with clock_at(datetime.combine(start, time(5), UTC)), session_scope() as db:
        for plan in plans:
            prepare(db, plan, start)
    moments = sorted([*(p for plan in plans for p in publishing_moments(plan, start, days, rng)),
                      *reading_moments(start, now)], key=lambda item: item if isinstance(item, datetime) else item.at)
    with session_scope() as db:
        marks = (db.exec(select(func.max(Notification.id))).one() or 0, db.exec(select(func.max(OutboxMail.id))).one() or 0)
    published = 0
    for item in moments:
        if isinstance(item, Publish):
            publish(item, sim)
            published += 1
        else:
            with clock_at(item):
                collector.collect(now=item, client=sim)
    with session_scope() as db:
        _settle_the_past(db, *marks)
    return published


def _settle_the_past(db: Session, last_notification: int, last_mail: int) -> None:
    """What the replayed year told people was news then, not now: its bell notes are read, and its mail
    (reviews, publishing news) is dropped from the outbox rather than delivered a year late."""
    db.exec(update(Notification).where(Notification.id > last_notification, Notification.read_at == None)
            .values(read_at=Notification.created_at))
    db.exec(delete(OutboxMail).where(OutboxMail.id > last_mail))


def make_history(sim: httpx.Client, now: datetime | None = None, days: int = DAYS) -> list[str]:
    now = now or utcnow()
    with session_scope() as db:
        plans = plan_orgs(db, now)
    if not plans:
        return []
    published = replay(plans, now, sim, days)
    collector.collect(now=now, client=sim)
    return [f"{published} posts of demo history for {', '.join(p.name for p in plans)}"]


class InProcess(httpx.BaseTransport):
    """Serves each request with an ASGI app on this thread's own event loop: the simulator answers a year of
    calls several times faster than through Starlette's TestClient, which hops threads for every message."""

    def __init__(self, app) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def serve() -> tuple[int, httpx.Headers, bytes]:
            copy = httpx.Request(request.method, request.url, headers=request.headers, content=request.read())
            answer = await self._inner.handle_async_request(copy)
            return answer.status_code, answer.headers, await answer.aread()

        status, headers, body = self._loop.run_until_complete(serve())
        return httpx.Response(status, headers=headers, content=body, request=request)

    def close(self) -> None:
        self._loop.close()


def simulator_client() -> httpx.Client:
    from fastapi import FastAPI

    from allin_app.platforms.simulator import router

    app = FastAPI()
    app.include_router(router)
    return httpx.Client(transport=InProcess(app), base_url="http://testserver")


def _fewer_syncs(dbapi_conn, _record) -> None:
    """SQLite in WAL mode syncs at checkpoints only: tens of thousands of small commits (the simulator logs
    every call) take seconds instead of minutes. A crash mid-run loses at most this one-off replay."""
    if isinstance(dbapi_conn, sqlite3.Connection):
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")


def main(argv: list[str] | None = None) -> None:
    from allin_app.api.app import create_api
    from allin_app.platforms.simulator import media as sim_media

    parser = argparse.ArgumentParser(description="A year of demo history through the simulator (idempotent).")
    parser.add_argument("--days", type=int, default=DAYS, help=f"how far back to start (default {DAYS})")
    days = parser.parse_args(argv).days
    started = clock.monotonic()
    event.listen(Engine, "connect", _fewer_syncs)
    settings.smtp_url = ""  # the replayed year's mail is never delivered (see _settle_the_past)
    with session_scope() as db:
        seed_demo(db)
    with session_scope() as db:
        connect_demo_accounts(db)
    # Instagram pulls photos from AllIN's public media links: serve them from the API in-process.
    sim_media.use_transport(httpx.ASGITransport(app=create_api()))
    with simulator_client() as sim:
        made = make_history(sim, days=days)
    took = clock.monotonic() - started
    print("History: " + ("; ".join(made) if made else "already in place, nothing changed.") + f" ({took:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())

"""Accounts nobody in AllIN owns: the demo organizations' competitors, on every network that lets apps look
others up. Their profiles and posting histories are functions of (network, handle, day), like the rest
of the simulator: every read agrees, and the followers and engagement move with the clock.

Each rival posts about `posts_per_week` times a week since HISTORY_START, mostly at its favourite hours,
with one to three of its hashtags (the first ones most often); a post's counters are the simulator's
usual engagement curve (metrics.engagement) scaled by how far the rival's posts carry (`reach`).
"""

from __future__ import annotations

import functools
import hashlib
import random
import string
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator.audience import organic_followers
from allin_app.platforms.simulator.demo import _external_id
from allin_app.platforms.simulator.metrics import Engagement, engagement

HISTORY_START = date(2025, 1, 1)
SLOTS = 3  # at most this many posts a day
VIDEO_NETWORKS = ("tiktok", "youtube")
LOOKUP_NETWORKS = ("facebook", "instagram", "twitter", "linkedin", "tiktok", "youtube", "reddit", "threads")


@dataclass(frozen=True)
class Rival:
    name: str
    handle: str  # the same name on every network (YouTube adds its "@")
    followers: int  # audience on audience.EPOCH
    posts_per_week: float
    hours: tuple[int, ...]  # UTC hours it likes to post at
    hashtags: tuple[str, ...]  # favourites first
    reach: float  # how far its posts carry against the simulator's typical post
    openings: tuple[str, ...]
    subjects: tuple[str, ...]


RIVALS: tuple[Rival, ...] = (
    Rival("Driftwood Roasters", "driftwoodroast", 21_000, 6, (7, 8, 12), (
        "coffee", "specialtycoffee", "pourover", "roastery", "latteart", "coldbrew"), 1.4,
        ("Fresh off the roaster:", "Brew guide:", "Cupping notes:", "This week:"),
        ("a washed Kenyan with blackcurrant notes", "our house espresso blend", "the V60 at home",
         "single-origin Colombia", "cold brew concentrate")),
    Rival("Copper Kettle Café", "copperkettle", 9_500, 3, (9, 15, 18), (
        "coffee", "brunch", "cafe", "pastry", "localeats"), 0.8,
        ("Today at the Kettle:", "Weekend brunch:", "Baked this morning:"),
        ("cardamom buns", "the shakshuka plate", "a flat white and a croissant", "our seasonal tart")),
    Rival("Morning Ritual Coffee", "morningritual", 34_000, 9, (6, 7, 19), (
        "coffee", "morningritual", "coffeetime", "espresso", "baristalife", "latte"), 2.2,
        ("Rise and grind:", "Barista tip:", "New in store:", "Your daily cup:"),
        ("the honey oat latte", "a double ristretto", "our ritual drip subscription", "the mocha of the month")),
    Rival("IronPeak Gym", "ironpeakgym", 15_000, 5, (6, 17, 18), (
        "fitness", "gym", "strengthtraining", "hiit", "fitfam"), 1.1,
        ("Workout of the day:", "Coach says:", "New at IronPeak:", "Member win:"),
        ("deadlift form in 3 cues", "a 20-minute HIIT finisher", "the new squat racks", "100 days of training")),
    Rival("FlowState Yoga", "flowstateyoga", 7_200, 4, (7, 18, 20), (
        "yoga", "mindfulness", "flowstate", "stretch", "wellness"), 0.9,
        ("Tonight's flow:", "Breathe:", "New class:", "Teacher's note:"),
        ("yin yoga for tired legs", "a 10-minute morning stretch", "candlelight vinyasa", "hip openers")),
)


@dataclass(frozen=True)
class RivalPost:
    id: str
    created_at: datetime  # UTC
    text: str
    tags: tuple[str, ...]  # without '#'


def handle_on(network: str, rival: Rival) -> str:
    return f"@{rival.handle}" if network == "youtube" else rival.handle


def find(network: str, handle: str) -> Rival | None:
    """The rival with this handle on `network` (case-insensitive; '@' and 'u/' optional)."""
    if network not in LOOKUP_NETWORKS:
        return None
    wanted = handle.strip().removeprefix("u/").lstrip("@").lower()
    return next((r for r in RIVALS if r.handle == wanted), None)


def find_by_id(network: str, external_id: str) -> Rival | None:
    return next((r for r in RIVALS if network in LOOKUP_NETWORKS and external_id_of(network, r) == external_id),
                None)


@functools.cache
def external_id_of(network: str, rival: Rival) -> str:
    return _external_id(network, random.Random(f"rival:{network}:{rival.handle}"))


def followers(network: str, rival: Rival, now: datetime | None = None) -> int:
    base = rival.followers if network not in VIDEO_NETWORKS else rival.followers * 2
    return organic_followers(external_id_of(network, rival), base, now or utcnow())


def posts_before(network: str, rival: Rival) -> int:
    """Posts it made before the simulated history starts, so its totals look like a real account's."""
    return random.Random(f"rival-posts:{network}:{rival.handle}").randint(150, 900)


def _digest(*parts: object) -> bytes:
    return hashlib.sha256(":".join(map(str, parts)).encode()).digest()


def _post_id(network: str, rival: Rival, day: date, slot: int) -> str:
    rng = random.Random(_digest("post", network, rival.handle, day.isoformat(), slot))
    match network:
        case "youtube":
            return "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=11))
        case "reddit":
            return "".join(rng.choices(string.ascii_lowercase + string.digits, k=7))
        case "facebook":
            return f"{external_id_of(network, rival)}_{rng.randint(10**15, 10**16 - 1)}"
        case "instagram" | "threads":
            return str(rng.randint(10**16, 10**17 - 1))
        case _:
            return str(rng.randint(10**18, 10**19 - 1))


def _pick_tags(rng: random.Random, favourites: tuple[str, ...]) -> tuple[str, ...]:
    pool, weights, picked = list(favourites), list(range(len(favourites), 0, -1)), []
    for _ in range(rng.randint(1, 3)):
        choice = rng.choices(range(len(pool)), weights=weights)[0]
        picked.append(pool.pop(choice))
        weights.pop(choice)
    return tuple(picked)


@functools.lru_cache(maxsize=50_000)
def _day_posts(network: str, handle: str, day: date) -> tuple[RivalPost, ...]:
    rival = next(r for r in RIVALS if r.handle == handle)
    rng = random.Random(_digest("day", network, handle, day.isoformat()))
    found = []
    for slot in range(SLOTS):
        if rng.random() >= rival.posts_per_week / 7 / SLOTS:
            continue
        at = datetime.combine(day, time(rng.choice(rival.hours), rng.randrange(60)), UTC)
        tags = _pick_tags(rng, rival.hashtags)
        words = f"{rng.choice(rival.openings)} {rng.choice(rival.subjects)}"
        # Threads turns a post's tag into its one topic, shown apart from the words
        text = words if network == "threads" else f"{words} " + " ".join(f"#{t}" for t in tags)
        found.append(RivalPost(_post_id(network, rival, day, slot), at, text, tags))
    return tuple(sorted(found, key=lambda post: post.created_at))


def posts(network: str, rival: Rival, since: datetime | None = None, now: datetime | None = None) -> list[RivalPost]:
    """Its posts up to `now` (from `since` on), newest first."""
    now = now or utcnow()
    first = max(HISTORY_START, since.date()) if since else HISTORY_START
    found = []
    for offset in range((now.date() - first).days + 1):
        found += [p for p in _day_posts(network, rival.handle, first + timedelta(days=offset))
                  if p.created_at <= now and (since is None or p.created_at >= since)]
    return sorted(found, key=lambda post: post.created_at, reverse=True)


def post_count(network: str, rival: Rival, now: datetime | None = None) -> int:
    return posts_before(network, rival) + len(posts(network, rival, now=now))


def counters(network: str, rival: Rival, post: RivalPost, now: datetime | None = None) -> Engagement:
    seen = engagement(post.id, post.created_at, has_video=network in VIDEO_NETWORKS, now=now or utcnow())
    return Engagement(**{field.name: int(getattr(seen, field.name) * rival.reach) for field in fields(seen)})


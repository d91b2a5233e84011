"""Followers that change over time, the same for every read: a profile's seeded count is its audience
on EPOCH; each day since adds a small net change drawn from (profile, day), mostly gains with the odd
losing day, and the profile's published posts bring followers in proportion to their likes."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime

from allin_app.core.clock import utcnow
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.metrics import engagement

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
FOLLOWS_PER_LIKE = 0.03


def _daily_change(external_id: str, day: int, base: int) -> float:
    seed = int.from_bytes(hashlib.sha256(f"{external_id}:{day}".encode()).digest()[:8], "big")
    return base * random.Random(seed).uniform(-0.0015, 0.004)


def organic_followers(external_id: str, base: int, now: datetime | None = None) -> int:
    elapsed = max(0.0, ((now or utcnow()) - EPOCH).total_seconds() / 86_400)
    whole_days = int(elapsed)
    total = sum(_daily_change(external_id, day, base) for day in range(whole_days))
    total += (elapsed - whole_days) * _daily_change(external_id, whole_days, base)
    return max(0, round(base + total))


def followers_now(profile: dict, now: datetime | None = None) -> int:
    """The profile's follower count at `now`: organic drift plus what its posts brought in."""
    now = now or utcnow()
    from_posts = sum(engagement(post["id"], post["created_at"], now=now).likes
                     for post in store.profile_posts(profile["network"], profile["external_id"], limit=500))
    return organic_followers(profile["external_id"], profile["followers"], now) + round(from_posts * FOLLOWS_PER_LIKE)

"""Engagement that grows with time, the same for every read: a function of (post id, minutes since publish).

Impressions rise fast in the first hours (most of a post's reach comes in its first ~3 h) and then
keep creeping up slowly for days. Likes are 2-6 % of impressions, comments 5-15 % of likes, shares
3-10 % of likes; every ratio is drawn once per post from its id, so two reads at the same moment
agree and later reads are never lower.

When a post goes out matters, as on the real networks: its reach is scaled by `timing_factor` (and its
like rate, hence comments and shares, by the factor's square root, so engagement *rate* moves too), drawn
from the weekday and hour of publishing in the simulated audience's zone (AUDIENCE_ZONE, UTC like the
demo organizations) and the time of year. Weekday mornings (8-10), lunch (12-13) and evenings (19-21)
do best, the small hours worst (about 0.45x to 1.35x); Saturdays and Sundays a little weaker than
weekdays; the year swings +-12 % (strongest around early December, weakest around early June). The
factor is a pure function of the creation time, so analytics' best-time heatmaps and seasonality charts
show something real and every read agrees.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from allin_app.core.clock import as_utc, utcnow

FAST_MINUTES = 180  # time constant of the first burst
TAIL_SHARE = 0.25  # the slow tail adds ~25 % of the burst per e-fold of days
AUDIENCE_ZONE = UTC
# how many people are around, by local hour 0..23
HOUR_WEIGHTS = (0.5, 0.45, 0.45, 0.45, 0.5, 0.6, 0.75, 0.95, 1.2, 1.3, 1.15, 1.05,
                1.25, 1.2, 1.0, 0.95, 0.95, 1.05, 1.15, 1.3, 1.35, 1.25, 0.95, 0.7)
WEEKDAY_WEIGHTS = (1.0, 1.05, 1.1, 1.05, 0.95, 0.85, 0.8)  # Monday .. Sunday
SEASON_SWING = 0.12


@dataclass(frozen=True)
class Engagement:
    impressions: int
    reach: int
    likes: int
    comments: int
    shares: int
    clicks: int
    saves: int
    video_views: int = 0  # 0 for posts without a video


def seeded_rng(*parts: object) -> random.Random:
    """The same draws for the same parts (a post id, say), in every process."""
    key = ":".join(str(part) for part in parts).encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


def timing_factor(created_at: datetime) -> float:
    """How much the moment of publishing helps a post: hour x weekday x season (see the module docstring)."""
    local = as_utc(created_at).astimezone(AUDIENCE_ZONE)
    season = 1 + SEASON_SWING * math.cos(2 * math.pi * (local.timetuple().tm_yday - 340) / 365.25)
    return HOUR_WEIGHTS[local.hour] * WEEKDAY_WEIGHTS[local.weekday()] * season


def impressions_at(post_id: str, minutes: float, created_at: datetime | None = None) -> float:
    if minutes <= 0:
        return 0.0
    peak = seeded_rng(post_id).uniform(400, 6000) * (timing_factor(created_at) if created_at else 1.0)
    burst = 1 - math.exp(-minutes / FAST_MINUTES)
    tail = TAIL_SHARE * math.log1p(minutes / 1440)
    return peak * (burst + tail)


def engagement(post_id: str, created_at: datetime, *, has_link: bool = False, has_video: bool = False,
               now: datetime | None = None) -> Engagement:
    minutes = max(0.0, ((now or utcnow()) - created_at).total_seconds() / 60)
    rng = seeded_rng(post_id)
    rng.random()  # the first draw is the peak, used by impressions_at
    like_rate, reach_rate = rng.uniform(0.02, 0.06), rng.uniform(0.55, 0.8)
    comment_rate, share_rate = rng.uniform(0.05, 0.15), rng.uniform(0.03, 0.10)
    click_rate = rng.uniform(0.01, 0.03) if has_link else rng.uniform(0.001, 0.004)
    save_rate = rng.uniform(0.002, 0.01)
    view_rate = rng.uniform(0.35, 0.7)  # drawn last so posts without video keep their old figures
    seen = impressions_at(post_id, minutes, created_at)
    timed_like_rate = min(0.06, max(0.02, like_rate * math.sqrt(timing_factor(created_at))))  # stays in 2-6 %
    likes = seen * timed_like_rate
    return Engagement(impressions=int(seen), reach=int(seen * reach_rate), likes=int(likes),
                      comments=int(likes * comment_rate), shares=int(likes * share_rate),
                      clicks=int(seen * click_rate), saves=int(seen * save_rate),
                      video_views=int(seen * view_rate) if has_video else 0)

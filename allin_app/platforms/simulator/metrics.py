"""Engagement that grows with time, the same for every read: a function of (post id, minutes since publish).

Impressions rise fast in the first hours (most of a post's reach comes in its first ~3 h) and then
keep creeping up slowly for days. Likes are 2-6 % of impressions, comments 5-15 % of likes, shares
3-10 % of likes; every ratio is drawn once per post from its id, so two reads at the same moment
agree and later reads are never lower.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime

from allin_app.core.clock import utcnow

FAST_MINUTES = 180  # time constant of the first burst
TAIL_SHARE = 0.25  # the slow tail adds ~25 % of the burst per e-fold of days


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


def _rng(post_id: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(post_id.encode()).digest()[:8], "big"))


def impressions_at(post_id: str, minutes: float) -> float:
    if minutes <= 0:
        return 0.0
    peak = _rng(post_id).uniform(400, 6000)
    burst = 1 - math.exp(-minutes / FAST_MINUTES)
    tail = TAIL_SHARE * math.log1p(minutes / 1440)
    return peak * (burst + tail)


def engagement(post_id: str, created_at: datetime, *, has_link: bool = False, has_video: bool = False,
               now: datetime | None = None) -> Engagement:
    minutes = max(0.0, ((now or utcnow()) - created_at).total_seconds() / 60)
    rng = _rng(post_id)
    rng.random()  # the first draw is the peak, used by impressions_at
    like_rate, reach_rate = rng.uniform(0.02, 0.06), rng.uniform(0.55, 0.8)
    comment_rate, share_rate = rng.uniform(0.05, 0.15), rng.uniform(0.03, 0.10)
    click_rate = rng.uniform(0.01, 0.03) if has_link else rng.uniform(0.001, 0.004)
    save_rate = rng.uniform(0.002, 0.01)
    view_rate = rng.uniform(0.35, 0.7)  # drawn last so posts without video keep their old figures
    seen = impressions_at(post_id, minutes)
    likes = seen * like_rate
    return Engagement(impressions=int(seen), reach=int(seen * reach_rate), likes=int(likes),
                      comments=int(likes * comment_rate), shares=int(likes * share_rate),
                      clicks=int(seen * click_rate), saves=int(seen * save_rate),
                      video_views=int(seen * view_rate) if has_video else 0)

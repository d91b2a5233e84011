"""Engagement prediction from the organization's own published posts, viral potential, and which features go
with higher engagement across its history.

The model: each account's mean engagement rate (shrunk towards the organization's mean for accounts with few
posts) plus a ridge regression of what is left over on the post's features (hour and weekday on a circle,
the time of year, media, link, question, call to action, sentiment, length, hashtags). Fitting the leftover
rather than the rate keeps the ridge penalty from flattening real differences between accounts; on the demo
history it beats the account mean alone (bench/ai_prediction.py). The interval is the 10th-90th percentile
of out-of-fold residuals (5 folds). One model per organization, cached, refitted when its history grows.

Thin history (fewer than MIN_POSTS posts that reached someone): no model; the answer is the network
baseline (the organization's own mean on the network once it has MIN_NETWORK_POSTS there, else the industry
figure below) and it says so. Industry engagement rates per person reached, approximate medians of
Socialinsider's and Rival IQ's 2024 benchmarks; X reports no reach, so its row is an assumption:

| network   | rate % | network   | rate % |
| --------- | ------ | --------- | ------ |
| facebook  | 1.5    | youtube   | 3.0    |
| instagram | 4.0    | pinterest | 1.5    |
| twitter   | 1.0    | snapchat  | 2.0    |
| linkedin  | 5.0    | reddit    | 3.0    |
| tiktok    | 4.5    | threads   | 4.0    |
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

from allin_app.ai.features import HistoryRow, PostFeatures

MIN_POSTS = 30
MIN_NETWORK_POSTS = 5
SHRINK_POSTS = 10  # an account's mean counts as much as this many posts at the organization's mean
RIDGE_ALPHA = 10.0
FOLDS = 5
LOW_Q, HIGH_Q = 10, 90
BASELINE_SPREAD = 0.5  # industry interval: +-50 % of the baseline rate
INDUSTRY_RATES = {"facebook": 1.5, "instagram": 4.0, "twitter": 1.0, "linkedin": 5.0, "tiktok": 4.5, "youtube": 3.0,
                  "pinterest": 1.5, "snapchat": 2.0, "reddit": 3.0, "threads": 4.0}


def model_vector(f: PostFeatures) -> list[float]:
    hour, day = 2 * math.pi * f.hour / 24, 2 * math.pi * f.weekday / 7
    return [math.sin(hour), math.cos(hour), math.sin(2 * hour), math.cos(2 * hour), math.sin(day), math.cos(day),
            1.0 if f.weekday >= 5 else 0.0, math.cos(2 * math.pi * (f.day_of_year - 340) / 365.25),
            float(f.media), float(f.link), float(f.question), float(f.call_to_action), f.sentiment,
            math.log1p(f.length) / 5, float(f.hashtags)]


@dataclass(frozen=True)
class Model:
    posts: int
    org_mean: float
    account_means: dict[int, float]
    network_means: dict[str, float]
    ridge: Ridge
    low: float  # residual quantiles
    high: float

    def base(self, account_id: int | None, network: str) -> float:
        if account_id in self.account_means:
            return self.account_means[account_id]
        return self.network_means.get(network, self.org_mean)

    def predict(self, features: PostFeatures, account_id: int | None) -> tuple[float, float, float]:
        value = self.base(account_id, features.network) + float(self.ridge.predict([model_vector(features)])[0])
        value = max(0.0, value)
        return value, max(0.0, value + self.low), max(0.0, value + self.high)


def _shrunk_means(rows: list[HistoryRow], key, overall: float) -> dict:
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row.engagement_rate)
    return {k: (sum(v) + SHRINK_POSTS * overall) / (len(v) + SHRINK_POSTS) for k, v in groups.items()}


def _fit_once(rows: list[HistoryRow]) -> tuple[float, dict, dict, Ridge]:
    rates = np.array([r.engagement_rate for r in rows])
    overall = float(rates.mean())
    accounts = _shrunk_means(rows, lambda r: r.account_id, overall)
    networks = _shrunk_means(rows, lambda r: r.features.network, overall)
    residual = rates - np.array([accounts[r.account_id] for r in rows])
    ridge = Ridge(alpha=RIDGE_ALPHA).fit(np.array([model_vector(r.features) for r in rows]), residual)
    return overall, accounts, networks, ridge


def fit(rows: list[HistoryRow]) -> Model:
    overall, accounts, networks, ridge = _fit_once(rows)
    residuals = []
    for train, test in KFold(FOLDS, shuffle=True, random_state=0).split(rows):
        part = [rows[i] for i in train]
        _o, means, _n, fold_ridge = _fit_once(part)
        for i in test:
            row = rows[i]
            base = means.get(row.account_id, _o)
            guess = base + float(fold_ridge.predict([model_vector(row.features)])[0])
            residuals.append(row.engagement_rate - guess)
    low, high = np.percentile(residuals, [LOW_Q, HIGH_Q])
    return Model(len(rows), overall, accounts, networks, ridge, float(low), float(high))


_cache: dict[int, tuple[tuple[int, datetime | None], Model]] = {}
_lock = threading.Lock()


def model_for(org_id: int, rows: list[HistoryRow]) -> Model | None:
    """The organization's fitted model, refitted when its history changed (more posts, newer post); None while
    the history is thin."""
    if len(rows) < MIN_POSTS:
        return None
    stamp = (len(rows), rows[-1].published_at)
    with _lock:
        cached = _cache.get(org_id)
        if cached and cached[0] == stamp:
            return cached[1]
    model = fit(rows)
    with _lock:
        _cache[org_id] = (stamp, model)
    return model


def forget(org_id: int | None = None) -> None:
    with _lock:
        if org_id is None:
            _cache.clear()
        else:
            _cache.pop(org_id, None)


@dataclass(frozen=True)
class Prediction:
    engagement_rate: float  # %
    low: float
    high: float
    source: str  # "model", "network_history" or "industry"
    posts_used: int
    explanation: str


def predict(rows: list[HistoryRow], org_id: int, features: PostFeatures, account_id: int | None) -> Prediction:
    model = model_for(org_id, rows)
    if model is not None:
        value, low, high = model.predict(features, account_id)
        return Prediction(round(value, 2), round(low, 2), round(high, 2), "model", model.posts,
                          f"From a model fitted on your {model.posts} published posts; 8 in 10 posts like this "
                          f"land between {low:.2f} % and {high:.2f} %.")
    return baseline(rows, features.network)


def baseline(rows: list[HistoryRow], network: str) -> Prediction:
    thin = f"Only {len(rows)} published posts so far ({MIN_POSTS} are needed to fit a model on your own history)"
    mine = sorted(r.engagement_rate for r in rows if r.features.network == network)
    if len(mine) >= MIN_NETWORK_POSTS:
        low, high = np.percentile(mine, [LOW_Q, HIGH_Q])
        mean = sum(mine) / len(mine)
        return Prediction(round(mean, 2), round(float(low), 2), round(float(high), 2), "network_history", len(mine),
                          f"{thin}: this is the average of your {len(mine)} posts on {network}.")
    rate = INDUSTRY_RATES.get(network, 2.0)
    return Prediction(rate, round(rate * (1 - BASELINE_SPREAD), 2), round(rate * (1 + BASELINE_SPREAD), 2), "industry",
                      0, f"{thin}: this is the industry baseline for {network}, not a prediction from your posts.")


@dataclass(frozen=True)
class ViralFactor:
    key: str
    label: str
    points: float
    max_points: int
    sentence: str


@dataclass(frozen=True)
class ViralScore:
    score: int
    factors: list[ViralFactor]


VIRAL_WEIGHTS = {"expected_engagement": 35, "shareability": 20, "media": 15, "timing": 15, "discovery": 15}


def viral_score(rows: list[HistoryRow], prediction: Prediction, features: PostFeatures,
                timing_share: float, hashtags_share: float) -> ViralScore:
    """0-100: how far the post could travel beyond its usual audience. Expected engagement next to the
    organization's own posts weighs most; what makes people pass a post on (a question or call to action,
    strong feeling), media, timing and hashtag discovery add the rest."""
    rates = sorted(r.engagement_rate for r in rows)
    if rates:
        beaten = sum(1 for r in rates if r < prediction.engagement_rate) / len(rates)
        expected = (beaten, f"Expected engagement beats {beaten:.0%} of your published posts.")
    else:
        industry = INDUSTRY_RATES.get(features.network, 2.0)
        beaten = min(1.0, prediction.engagement_rate / (2 * industry))
        expected = (beaten, ("No published posts to compare with yet: expected engagement is set against the "
                            "industry baseline."))
    feeling = min(1.0, abs(features.sentiment) / 0.6)
    prompt = 1.0 if features.question or features.call_to_action else 0.0
    share = 0.6 * prompt + 0.4 * feeling
    parts = [
        ("expected_engagement", "Expected engagement", expected[0], expected[1]),
        ("shareability", "Shareability", share,
         ("Invites a response" if prompt else "Invites no response") + (" and carries strong feeling."
                                                                       if feeling >= 0.5 else " and reads calm.")),
        ("media", "Media", 1.0 if features.media else 0.0,
         "An image or video travels further when shared." if features.media else "Text-only posts are shared less."),
        ("timing", "Timing", timing_share, "Goes out in one of the best slots." if timing_share >= 1
         else "Goes out away from the best slots: fewer people see it in its first hours."),
        ("discovery", "Hashtag discovery", hashtags_share, "Hashtags in the network's sweet spot help new people "
         "find it." if hashtags_share >= 1 else "Hashtags off the network's sweet spot: fewer new people find it."),
    ]
    factors = [ViralFactor(key, label, round(VIRAL_WEIGHTS[key] * max(0.0, min(1.0, share)), 1), VIRAL_WEIGHTS[key],
                           sentence) for key, label, share, sentence in parts]
    return ViralScore(round(sum(f.points for f in factors)), factors)


@dataclass(frozen=True)
class Effect:
    feature: str
    label: str
    mean_with: float
    mean_without: float
    posts_with: int
    posts_without: int
    difference: float  # percentage points
    effect_size: float  # Cohen's d
    sentence: str


MIN_GROUP = 5
TRAITS = (
    ("media", "an image or video", lambda f: f.media),
    ("link", "a link", lambda f: f.link),
    ("question", "a question", lambda f: f.question),
    ("call_to_action", "a call to action", lambda f: f.call_to_action),
    ("hashtags", "hashtags", lambda f: f.hashtags > 0),
    ("positive", "a positive tone", lambda f: f.sentiment >= 0.3),
    ("weekend", "a weekend publishing day", lambda f: f.weekday >= 5),
    ("morning", "a morning slot (6-11 h)", lambda f: 6 <= f.hour < 12),
    ("evening", "an evening slot (18-22 h)", lambda f: 18 <= f.hour < 23),
    ("long", "more than 150 characters", lambda f: f.length > 150),
)


def factor_effects(rows: list[HistoryRow]) -> list[Effect]:
    """Which features go with higher engagement: the mean rate with and without each, and Cohen's d, strongest
    first. Associations in the organization's own history, not proof of cause."""
    effects = []
    for key, label, has in TRAITS:
        yes = [r.engagement_rate for r in rows if has(r.features)]
        no = [r.engagement_rate for r in rows if not has(r.features)]
        if len(yes) < MIN_GROUP or len(no) < MIN_GROUP:
            continue
        a, b = np.array(yes), np.array(no)
        pooled = math.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
        d = float((a.mean() - b.mean()) / pooled) if pooled else 0.0
        diff = float(a.mean() - b.mean())
        size = "no real" if abs(d) < 0.2 else "a small" if abs(d) < 0.5 else "a medium" if abs(d) < 0.8 else "a large"
        effects.append(Effect(key, label, round(float(a.mean()), 2), round(float(b.mean()), 2), len(a), len(b),
                              round(diff, 2), round(d, 2),
                              f"Posts with {label} average {a.mean():.2f} % engagement against {b.mean():.2f} % "
                              f"without ({diff:+.2f} points, {size} difference; {len(a)} vs {len(b)} posts)."))
    return sorted(effects, key=lambda e: -abs(e.effect_size))

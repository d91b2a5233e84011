"""Content score before publishing: 0-100 from seven factors, each with the points it earned and a sentence
saying why. Offline: rules and the organization's own best times, no provider call.

Length and hashtag sweet spots per network. They come from the public studies named here (engagement by
caption length / hashtag count); where none is known the row is our assumption, marked so:

| network   | length (chars) | hashtags | source / assumption                                          |
| --------- | -------------- | -------- | ------------------------------------------------------------ |
| facebook  | 40-80          | 0-2      | BlitzMetrics / Jeff Bullas (posts under 80 chars); Hootsuite |
| instagram | 100-150        | 3-10     | Sprout Social (first 125 chars show); Later hashtag study    |
| twitter   | 70-110         | 1-2      | Buddy Media / Track Social (71-100 chars); X guidance on tags |
| linkedin  | 150-300        | 1-3      | LinkedIn marketing guidance (short updates); assumption      |
| tiktok    | 50-150         | 3-5      | assumption: caption under the video, Later hashtag guidance  |
| youtube   | 100-300        | 1-3      | YouTube help (first lines of the description; 3 tags shown)  |
| pinterest | 100-200        | 2-5      | Pinterest Business (descriptions; first ~50 chars show)      |
| snapchat  | 20-80          | 0-1      | assumption: story captions are glanced at                    |
| reddit    | 100-400        | 0-0      | assumption: self posts with a body; hashtags are not used    |
| threads   | 70-200         | 0-1      | assumption: as X, with one topic tag                          |

Readability is Flesch reading ease (textstat): 60 and above reads easily for most adults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import textstat
from sqlmodel import Session

from allin_app.accounts.models import SocialAccount
from allin_app.ai import prediction as pred
from allin_app.ai.access import may_use, post_target
from allin_app.ai.best_time import BestTimes, best_times, history_scope, slot_distance
from allin_app.ai.features import PostFeatures, features_of, history
from allin_app.analytics.metrics_math import zone_of
from allin_app.content import service as content
from allin_app.core.clock import as_utc, utcnow
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, allows
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

SWEET_SPOTS = {  # network: ((min chars, max chars), (min hashtags, max hashtags))
    "facebook": ((40, 80), (0, 2)),
    "instagram": ((100, 150), (3, 10)),
    "twitter": ((70, 110), (1, 2)),
    "linkedin": ((150, 300), (1, 3)),
    "tiktok": ((50, 150), (3, 5)),
    "youtube": ((100, 300), (1, 3)),
    "pinterest": ((100, 200), (2, 5)),
    "snapchat": ((20, 80), (0, 1)),
    "reddit": ((100, 400), (0, 0)),
    "threads": ((70, 200), (0, 1)),
}
WEIGHTS = {"length": 20, "readability": 15, "sentiment": 10, "hashtags": 15, "engagement_prompt": 15, "media": 15,
           "timing": 10}  # sums to 100
EASY_READING, HARD_READING = 60.0, 30.0
MEDIA_FIRST = {"instagram", "tiktok", "youtube", "pinterest", "snapchat"}


@dataclass(frozen=True)
class Factor:
    key: str
    label: str
    value: str  # what was measured, as shown
    points: float  # contribution to the score
    max_points: int
    sentence: str

    @property
    def share(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class ContentScore:
    score: int
    factors: list[Factor]


def content_score(text: str, features: PostFeatures, best: BestTimes | None, scheduled: datetime | None) -> ContentScore:
    factors = [_length(features), _readability(text), _sentiment(features), _hashtags(features),
               _prompt(features), _media(features), _timing(features, best, scheduled)]
    return ContentScore(round(sum(f.points for f in factors)), factors)


def _factor(key: str, label: str, value: str, share: float, sentence: str) -> Factor:
    weight = WEIGHTS[key]
    return Factor(key, label, value, round(weight * max(0.0, min(1.0, share)), 1), weight, sentence)


def _length(f: PostFeatures) -> Factor:
    low, high = SWEET_SPOTS[f.network][0]
    value = f"{f.length} characters"
    if low <= f.length <= high:
        return _factor("length", "Length", value, 1, f"{f.length} characters is in {f.network}'s sweet spot "
                                                       f"({low}-{high}).")
    if f.length < low:
        return _factor("length", "Length", value, f.length / low,
                       f"{f.length} characters is short for {f.network}: posts of {low}-{high} do best.")
    return _factor("length", "Length", value, max(0.2, high / f.length),
                   f"{f.length} characters is long for {f.network}: trim towards {low}-{high}.")


def reading_ease(text: str) -> float | None:
    return float(textstat.flesch_reading_ease(text)) if len(text.split()) >= 3 else None


def _readability(text: str) -> Factor:
    ease = reading_ease(text)
    if ease is None:
        return _factor("readability", "Readability", "too short to measure", 1,
                       "Too few words to measure readability; short texts read easily.")
    value = f"Flesch {ease:.0f}"
    if ease >= EASY_READING:
        return _factor("readability", "Readability", value, 1, f"Reads easily (Flesch reading ease {ease:.0f}).")
    share = (ease - HARD_READING) / (EASY_READING - HARD_READING)
    return _factor("readability", "Readability", value, share,
                   f"Hard to read (Flesch {ease:.0f}, 60+ reads easily): use shorter sentences and words.")


def _sentiment(f: PostFeatures) -> Factor:
    value = f"{f.sentiment:+.2f}"
    if f.sentiment >= 0.3:
        return _factor("sentiment", "Sentiment", value, 1, f"Positive tone (VADER {value}).")
    if f.sentiment > -0.3:
        return _factor("sentiment", "Sentiment", value, 0.6,
                       f"Neutral tone (VADER {value}): a warmer word or two tends to draw more reactions.")
    return _factor("sentiment", "Sentiment", value, 0.2,
                   f"Negative tone (VADER {value}): check that this is the voice you want.")


def _hashtags(f: PostFeatures) -> Factor:
    low, high = SWEET_SPOTS[f.network][1]
    value = f"{f.hashtags} hashtag{'s' if f.hashtags != 1 else ''}"
    if low <= f.hashtags <= high:
        return _factor("hashtags", "Hashtags", value, 1, f"{value}: right for {f.network} ({low}-{high}).")
    if f.hashtags < low:
        return _factor("hashtags", "Hashtags", value, f.hashtags / low,
                       f"{value}: add some, {low}-{high} help discovery on {f.network}.")
    return _factor("hashtags", "Hashtags", value, max(0.0, 1 - (f.hashtags - high) / (high + 2)),
                   f"{value}: too many for {f.network} ({low}-{high}); they look like spam.")


def _prompt(f: PostFeatures) -> Factor:
    if f.question and f.call_to_action:
        return _factor("engagement_prompt", "Question or call to action", "both", 1,
                       "Asks a question and tells readers what to do.")
    if f.question:
        return _factor("engagement_prompt", "Question or call to action", "question", 1,
                       "Asks a question: an easy reason to comment.")
    if f.call_to_action:
        return _factor("engagement_prompt", "Question or call to action", "call to action", 0.9,
                       "Has a call to action.")
    return _factor("engagement_prompt", "Question or call to action", "none", 0.2,
                   "Neither a question nor a call to action: tell readers what to do next.")


def _media(f: PostFeatures) -> Factor:
    if f.media:
        return _factor("media", "Media", "attached", 1, "Has an image or video: media draws the eye in a feed.")
    if f.network in MEDIA_FIRST:
        return _factor("media", "Media", "none", 0, f"No media on {f.network}, a visual network: add an image or "
                                                    f"video.")
    return _factor("media", "Media", "none", 0.4, "No image or video: posts with one usually draw more engagement.")


def _timing(f: PostFeatures, best: BestTimes | None, scheduled: datetime | None) -> Factor:
    label = "Posting time"
    if best is None or not best.slots:
        return _factor("timing", label, "unknown", 0.5, "No best times to compare with yet.")
    source = "your own best times" if best.source == "history" else "industry best times"
    when = "now" if scheduled is None else "the scheduled time"
    distance = slot_distance(best, f.weekday, f.hour)
    value = f"{distance} h from a best slot"
    if distance == 0:
        return _factor("timing", label, "a best slot", 1, f"Publishing {when} hits one of {source}.")
    share = max(0.2, 1 - distance / 12)
    return _factor("timing", label, value, share,
                   f"Publishing {when} is {distance} h from the nearest of {source} "
                   f"({best.slots[0].label} is the best).")


# --- the analyze service: score, prediction and viral potential, each as far as the actor may see ---------

MAX_TEXT = 10_000
PROVIDER = "local statistics"  # who answers an analysis, whichever AI provider writes the organization's text


@dataclass(frozen=True)
class Draft:
    text: str
    network: str | None = None
    account_id: int | None = None
    scheduled_at: datetime | None = None  # UTC; None: now
    media: bool = False
    link: str = ""
    post_id: int | None = None  # an existing post: the permission is checked on it


@dataclass(frozen=True)
class Analysis:
    network: str
    account_id: int | None
    at: datetime  # UTC moment the timing factors assumed
    score: ContentScore | None
    prediction: pred.Prediction | None
    viral: pred.ViralScore | None
    best_times_source: str | None
    omitted: list[str] = field(default_factory=list)  # sections the actor may not see


def _network(db: Session, actor: Actor, draft: Draft) -> str:
    network = draft.network
    if draft.account_id is not None:
        account = db.get(SocialAccount, draft.account_id)
        if account is None or account.org_id != actor.org_id:
            raise NotFound("Account not found.")
        if network and network != account.network:
            raise ValidationFailed("account_id", f"That account is on {account.network}, not {network}.")
        network = account.network
    if not network:
        raise ValidationFailed("network", "Name the network (or the account) to analyze for.")
    if network not in ADAPTERS:
        raise ValidationFailed("network", f"Unknown network {network!r}: use one of {', '.join(ADAPTERS)}.")
    return network


def analyze(db: Session, actor: Actor, draft: Draft, now: datetime | None = None) -> Analysis:
    """Each section the actor may see: the content score (advanced content analysis), the prediction (both
    matrices' prediction rows) and the viral score (client viewers: this only). The model behind them is the
    organization's, fitted on all its posts; the actor's scope decides which drafts or posts they may analyze."""
    if not draft.text.strip():
        raise ValidationFailed("text", "Write something to analyze.")
    if len(draft.text) > MAX_TEXT:
        raise ValidationFailed("text", f"Analyze at most {MAX_TEXT} characters.")
    target = post_target(db, actor, draft.post_id)
    may_score = may_use(actor, Permission.advanced_content_analysis, target)
    # Performance prediction is a row of both matrices: the stricter of the two decides.
    may_predict = (may_use(actor, Permission.performance_prediction, target)
                   and may_use(actor, Permission.ai_performance_prediction, target))
    may_viral = may_use(actor, Permission.viral_potential_scoring, target, write=False)
    if not (may_score or may_predict or may_viral):
        raise PermissionDenied("You are not allowed to analyze content.")
    network = _network(db, actor, draft)
    org = db.get(Organization, actor.org_id)
    zone = zone_of(org.timezone if org else None)
    at = as_utc(draft.scheduled_at) if draft.scheduled_at else (now or utcnow())
    features = features_of(draft.text, network, at.astimezone(zone), media=draft.media, link=bool(draft.link))
    rows = history(db, actor.org_id, zone)
    best = _best_times(db, actor, network, draft.account_id, now)
    score = content_score(draft.text, features, best, draft.scheduled_at)
    predicted = pred.predict(rows, actor.org_id, features, draft.account_id)
    timing = next(f for f in score.factors if f.key == "timing").share
    hashtags = next(f for f in score.factors if f.key == "hashtags").share
    viral = pred.viral_score(rows, predicted, features, timing, hashtags)
    omitted = [name for name, allowed in (("score", may_score), ("prediction", may_predict), ("viral", may_viral))
               if not allowed]
    return Analysis(network, draft.account_id, at, score if may_score else None,
                    predicted if may_predict else None, viral if may_viral else None,
                    best.source if best and may_score else None, omitted)


def analyze_post(db: Session, actor: Actor, post_id: int) -> Analysis | None:
    """A stored post as it stands, on its first account; None while it has no account or no words."""
    post = content.get_post(db, actor, post_id)
    target = next(iter(content.targets_of(db, post)), None)
    if target is None or not post.text.strip():
        return None
    return analyze(db, actor, Draft(post.text, account_id=target.account_id, scheduled_at=post.scheduled_at,
                                    media=bool(content.media_of(db, post)), link=post.link, post_id=post.id))


def _best_times(db: Session, actor: Actor, network: str, account_id: int | None, now) -> BestTimes | None:
    """The slots the timing factor compares with; none for a role without AI optimization (a neutral timing)."""
    if allows(actor, Permission.ai_optimization, write=False):
        return best_times(db, actor, network, account_id, limit=5, now=now)
    return None


def engagement_factors(db: Session, actor: Actor) -> list[pred.Effect]:
    """Which features went with higher engagement in the organization's history (a creator: their own posts)."""
    if not allows(actor, Permission.engagement_factor_analysis, write=False):
        raise PermissionDenied("You are not allowed to see the engagement factor analysis.")
    org = db.get(Organization, actor.org_id)
    rows = history(db, actor.org_id, zone_of(org.timezone if org else None),
                   **history_scope(actor, Permission.engagement_factor_analysis))
    return pred.factor_effects(rows)

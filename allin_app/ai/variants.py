"""Content variants: several versions of one message for one network, each predicted, and which of them to
A/B test and how.

Each variant follows its own recipe (a tone, a hashtag approach, a closing question or call to action) and is
written by the organization's provider through the writer, so brand rules and the network's limits hold.
Each is analyzed the way the composer analyzes a draft. The recommendation tests the best-predicted variant
against those whose predicted range overlaps it (the ones the prediction cannot tell apart); the split is
by account when the post goes to two or more accounts on the network (same time, so only the words
differ), else by time over the best slots.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from allin_app.accounts.models import SocialAccount
from allin_app.ai import analysis, brand_check, hashtags, writer
from allin_app.ai.access import post_target
from allin_app.ai.best_time import best_times
from allin_app.ai.features import CTA
from allin_app.ai.styles import QUESTIONS, split_hashtags
from allin_app.ai.tone import pick
from allin_app.analytics.metrics_math import zone_of
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, Target, allows, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

MIN_VARIANTS, MAX_VARIANTS = 2, 5
KEYS = "ABCDE"
CALLS_TO_ACTION = ("Tap the link to learn more.", "Book yours today.", "Share it with a friend who'd love it.")


@dataclass(frozen=True)
class Recipe:
    tone: str
    hashtags: str  # keep: the writer's; history: add suggestions (the org's history, the text's keywords); none
    ending: str  # "": as written; question: ends by asking; action: ends with a call to action

    @property
    def approach(self) -> str:
        tags = {"keep": "", "history": ", suggested hashtags", "none": ", no extra hashtags"}[self.hashtags]
        ending = {"": "", "question": ", ends with a question", "action": ", ends with a call to action"}[self.ending]
        return f"{self.tone.capitalize()} tone{tags}{ending}"


RECIPES = (
    Recipe("friendly", "keep", ""),
    Recipe("professional", "history", "action"),
    Recipe("witty", "none", "question"),
    Recipe("urgent", "keep", "action"),
    Recipe("inspirational", "history", "question"),
    Recipe("casual", "none", ""),
    Recipe("informative", "history", ""),
)


@dataclass(frozen=True)
class Variant:
    key: str
    approach: str
    tone: str
    text: str
    analysis: analysis.Analysis

    @property
    def rank_key(self) -> tuple[float, float, float]:
        a = self.analysis
        return (a.prediction.engagement_rate if a.prediction else -1.0, a.viral.score if a.viral else -1.0,
                a.score.score if a.score else -1.0)


@dataclass(frozen=True)
class Arm:
    """One variant's place in a test: the accounts it goes to and when."""

    key: str
    account_ids: tuple[int, ...]
    at: datetime  # UTC
    when: str  # in the organization's zone, as shown


@dataclass(frozen=True)
class Plan:
    split: str  # account or time
    arms: list[Arm]
    sentence: str  # how, and why that way


@dataclass(frozen=True)
class Recommendation:
    keys: list[str]  # the variants to test, best-predicted first
    plan: Plan
    reason: str  # which ones and why, then how


@dataclass(frozen=True)
class VariantSet:
    network: str
    provider: str  # who wrote the variants
    predicted_by: str
    variants: list[Variant]
    recommendation: Recommendation | None  # None: the actor's role gets no A/B testing recommendations
    notes: list[str]


@dataclass(frozen=True)
class Request:
    network: str
    text: str = ""  # rewrite this text, or...
    prompt: str = ""  # ...write from this prompt
    count: int = 3
    account_ids: tuple[int, ...] = ()  # the post's accounts on the network
    post_id: int | None = None  # the post being worked on (team members: one assigned to them)
    media: bool = False
    link: str = ""


# --- permissions -------------------------------------------------------------------------------------------

def target_for(db: Session, actor: Actor, post_id: int | None) -> Target:
    """What a variant is generated or tested for: the post worked on, else a new draft of the actor's own."""
    target = post_target(db, actor, post_id)
    return target if target is not None else Target(org_id=actor.org_id, owner_id=actor.user_id)


def check_variant_permission(db: Session, actor: Actor, post_id: int | None) -> Target:
    if post_id is None and scope_for(actor.role, Permission.content_variant_generation) is Scope.assigned:
        raise PermissionDenied("Open a post assigned to you to generate variants of it.")
    target = target_for(db, actor, post_id)
    require(actor, Permission.content_variant_generation, target)
    return target


def may_recommend(actor: Actor, target: Target) -> bool:
    return allows(actor, Permission.ab_testing_recommendations, target)


# --- the service -------------------------------------------------------------------------------------------

def generate_variants(db: Session, actor: Actor, request: Request, now: datetime | None = None) -> VariantSet:
    target = check_variant_permission(db, actor, request.post_id)
    network = valid_network(request.network)
    if not MIN_VARIANTS <= request.count <= MAX_VARIANTS:
        raise ValidationFailed("count", f"Ask for {MIN_VARIANTS} to {MAX_VARIANTS} variants.")
    if bool(request.text.strip()) == bool(request.prompt.strip()):
        raise ValidationFailed("text", "Give either the text to vary or a prompt to write from.")
    accounts = accounts_on(db, actor, network, request.account_ids)
    written, provider = _write(db, actor, request, network)
    moment = _moment(db, actor, network, accounts, now)
    draft = analysis.Draft(text="", network=network, account_id=accounts[0].id if accounts else None,
                           scheduled_at=moment, media=request.media, link=request.link, post_id=request.post_id)
    variants = [Variant(KEYS[i], recipe.approach, recipe.tone, text,
                        analysis.analyze(db, actor, replace(draft, text=text), now=now))
                for i, (recipe, text) in enumerate(written)]
    recommendation = recommend(db, actor, network, variants, accounts, now) if may_recommend(actor, target) else None
    notes = [f"Predicted for {_local(moment, _zone_of(db, actor))}, the next best time to post."] if moment else []
    return VariantSet(network, provider, analysis.PROVIDER, variants, recommendation, notes)


def valid_network(network: str) -> str:
    if network not in ADAPTERS:
        raise ValidationFailed("network", f"Unknown network {network[:30]!r}: use one of {', '.join(ADAPTERS)}.")
    return network


def accounts_on(db: Session, actor: Actor, network: str, account_ids: Sequence[int]) -> list[SocialAccount]:
    """The connected accounts of the organization acted in, each on `network`, in the order given."""
    found = []
    for account_id in dict.fromkeys(account_ids):
        account = db.get(SocialAccount, account_id)
        if account is None or account.org_id != actor.org_id:
            raise NotFound("Account not found.")
        if account.network != network:
            raise ValidationFailed("account_ids", f"{account.display_name or account.handle} is on "
                                                  f"{account.network}, not {network}.")
        if account.disconnected_at is not None:
            raise ValidationFailed("account_ids", f"{account.display_name or account.handle} is disconnected.")
        found.append(account)
    return found


def _write(db: Session, actor: Actor, request: Request, network: str) -> tuple[list[tuple[Recipe, str]], str]:
    """Up to `count` variants that differ, each by its recipe, and the provider that wrote them."""
    ctx = writer.context(db, actor)
    written: list[tuple[Recipe, str]] = []
    provider = ctx.provider.name
    for index, recipe in enumerate(RECIPES):
        if len(written) == request.count:
            break
        if request.prompt.strip():
            result = writer.generate(db, actor, request.prompt, [network], recipe.tone, post_id=request.post_id,
                                     variant=index)
            text = result.per_network.get(network, result.text)
        else:
            result = writer.rewrite(db, actor, request.text, recipe.tone, [network], post_id=request.post_id)
            text = result.text
        provider = result.provider
        text = _finish(db, ctx, network, recipe, text)
        if text and all(text != other for _, other in written):
            written.append((recipe, text))
    if len(written) < MIN_VARIANTS:
        raise ValidationFailed("text", "The writer gave the same wording each time: add a few words to work with.")
    return written, provider


def _finish(db: Session, ctx: writer.Context, network: str, recipe: Recipe, text: str) -> str:
    """The recipe's hashtags and ending on the written text, then the brand's rules and the network's limit."""
    body, tags = split_hashtags(text)
    if recipe.hashtags == "none":
        tags = [t for t in tags if t.lower() in {r.lower() for r in ctx.required}]
    elif recipe.hashtags == "history":
        tags = [*tags, *_suggested_tags(db, ctx, network, text, tags)]
    if recipe.ending == "question" and "?" not in body:
        body = f"{body} {pick(QUESTIONS, body)}"
    elif recipe.ending == "action" and not CTA.search(body):
        body = f"{body} {pick(CALLS_TO_ACTION, body)}"
    text = brand_check.remove_avoided(" ".join([body, *tags]).strip(), ctx.avoid)
    return writer.fit_all([network], text, ctx.required)


def _suggested_tags(db: Session, ctx: writer.Context, network: str, text: str, tags: list[str]) -> list[str]:
    """Hashtags from the organization's history and the text's keywords, up to the middle of the network's
    sweet spot (none where the network does not use them)."""
    low, high = analysis.SWEET_SPOTS[network][1]
    present = set(hashtags.tags_in(text))
    room = (low + high) // 2 - len(tags)
    if room <= 0:
        return []
    found = hashtags.suggest(db, ctx.org_id, text, ctx.required, count=room + len(present))
    return [s.tag for s in found if s.tag.lower() not in present][:room]


def _moment(db: Session, actor: Actor, network: str, accounts: list[SocialAccount],
            now: datetime | None) -> datetime | None:
    """When the variants would go out: the next best slot (the prediction depends on the time), else now."""
    if not allows(actor, Permission.ai_optimization, write=False):
        return None
    found = best_times(db, actor, network, accounts[0].id if len(accounts) == 1 else None, limit=1, now=now)
    return found.slots[0].next_at if found.slots else None


# --- the recommendation ------------------------------------------------------------------------------------

def recommend(db: Session, actor: Actor, network: str, variants: list[Variant], accounts: list[SocialAccount],
              now: datetime | None = None) -> Recommendation:
    ranked = sorted(variants, key=lambda v: v.rank_key, reverse=True)
    top, rest = ranked[0], ranked[1:]
    room = max(len(accounts), 2)  # one account per variant, or two time slots
    close = [v for v in rest if _overlaps(top, v)]
    tested = [top, *(close or rest)[: max(1, room - 1)]]
    plan = plan_split(db, actor, network, [v.key for v in tested], accounts, now)
    return Recommendation([v.key for v in tested], plan, f"{_why(top, tested, close, rest)} {plan.sentence}")


def _overlaps(top: Variant, other: Variant) -> bool:
    a, b = top.analysis.prediction, other.analysis.prediction
    if a is None or b is None:
        return True  # nothing tells them apart
    return b.high >= a.low


def _why(top: Variant, tested: list[Variant], close: list[Variant], rest: list[Variant]) -> str:
    others = _names(tested[1:])
    prediction = top.analysis.prediction
    if prediction is None:
        return f"Test {top.key} against {others}: no prediction tells them apart, so let real results decide."
    if prediction.source != "model":
        return (f"Test {top.key} against {others}: with too little history the prediction is the same baseline "
                f"for every wording, so {top.key} leads on viral potential only and real results must decide.")
    if close:
        ranges = ", ".join(f"{v.key} {v.analysis.prediction.low:.1f}-{v.analysis.prediction.high:.1f} %"
                           for v in tested if v.analysis.prediction)
        return (f"Test {top.key} ({prediction.engagement_rate:.2f} % predicted) against {others}: their predicted "
                f"ranges overlap ({ranges}), so only real results can tell which wording works better.")
    runner = rest[0].analysis.prediction
    runner_rate = f" ({runner.engagement_rate:.2f} %)" if runner else ""
    return (f"{top.key} is predicted clearly ahead ({prediction.engagement_rate:.2f} %); testing it against the "
            f"runner-up {rest[0].key}{runner_rate} confirms that on your own audience.")


def _names(variants: list[Variant]) -> str:
    keys = [v.key for v in variants]
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"


def plan_split(db: Session, actor: Actor, network: str, keys: list[str], accounts: list[SocialAccount],
               now: datetime | None = None) -> Plan:
    """By account when each variant can have its own account(s), all at the best slot; else by time, each
    variant at one of the best slots, on every account."""
    zone = _zone_of(db, actor)
    if len(accounts) >= max(2, len(keys)):
        slot = _slots(db, actor, network, None, 1, now)[0]
        arms = [Arm(key, tuple(a.id for a in accounts[i::len(keys)]), slot, _local(slot, zone))
                for i, key in enumerate(keys)]
        places = "; ".join(f"{arm.key} on {_account_names(accounts, arm.account_ids)}" for arm in arms)
        return Plan("account", arms, f"Split by account: {places}, all at {arms[0].when}, so the audience differs "
                                     f"but the time does not.")
    single = accounts[0].id if len(accounts) == 1 else None
    slots = _slots(db, actor, network, single, len(keys), now)
    ids = tuple(a.id for a in accounts)
    arms = [Arm(key, ids, at, _local(at, zone)) for key, at in zip(keys, slots, strict=True)]
    where = f"on {_account_names(accounts, ids)}" if accounts else "on the same account"
    times = "; ".join(f"{arm.key} at {arm.when}" for arm in arms)
    return Plan("time", arms, f"Split by time {where}: {times}, best times to post, so the audience is the same "
                              f"and only the words and the slot differ.")


def _slots(db: Session, actor: Actor, network: str, account_id: int | None, count: int,
           now: datetime | None) -> list[datetime]:
    """`count` upcoming best slots; when there are fewer best slots, the same slots in the weeks after."""
    found = best_times(db, actor, network, account_id, limit=max(count, 1), now=now).slots
    if not found:
        raise ValidationFailed("network", f"No best times to post are known for {network} yet.")
    moments = sorted(s.next_at for s in found)
    return [moments[i % len(moments)] + timedelta(weeks=i // len(moments)) for i in range(count)]


def _zone_of(db: Session, actor: Actor) -> ZoneInfo:
    org = db.get(Organization, actor.org_id)
    return zone_of(org.timezone if org else None)


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %d %b, %H:%M}"


def _account_names(accounts: list[SocialAccount], ids: Sequence[int]) -> str:
    names = [a.display_name or f"@{a.handle}" for a in accounts if a.id in ids]
    return " and ".join(names)


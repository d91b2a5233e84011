"""The AI writer: generate, rewrite, shorten, expand, proofread, adapt per network.

Every operation answers text that fits each network it is given (counted the network's way), names
the provider that wrote it, and never carries the brand's words to avoid. A remote model's answer is
checked the same way: too long, it is shortened again here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from allin_app.ai import brand_check, local, prompts
from allin_app.ai import tone as tones
from allin_app.ai.access import authorize
from allin_app.ai.hashtags import suggest as suggest_hashtags
from allin_app.ai.org_settings import provider_for
from allin_app.ai.proofread import Fix
from allin_app.ai.proofread import proofread as proofread_rules
from allin_app.ai.providers import AIUnavailable, Provider
from allin_app.ai.styles import STYLES, split_hashtags
from allin_app.ai.styles import adapt as adapt_to
from allin_app.ai.textfit import fit, fits, limit_of, tighten
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission
from allin_app.orgs.models import BrandGuidelines, Organization

MAX_PROMPT = 2000
MAX_TEXT = 63206  # Facebook's limit, the longest of all


@dataclass(frozen=True)
class WriterResult:
    text: str  # fits every network asked for
    provider: str
    per_network: dict[str, str] = field(default_factory=dict)  # network -> its own version
    notes: list[str] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    org_id: int
    provider: Provider
    brand_name: str
    guidelines: BrandGuidelines | None
    avoid: list[str]
    required: tuple[str, ...]

    def system(self, networks: Sequence[str]) -> str:
        voice = self.guidelines.voice_tone if self.guidelines else ""
        return prompts.system_message(self.brand_name, voice, self.avoid, list(self.required), list(networks))


def context(db: Session, actor: Actor) -> Context:
    guidelines = db.get(BrandGuidelines, actor.org_id)
    org = db.get(Organization, actor.org_id)
    return Context(actor.org_id, provider_for(db, actor.org_id), org.name if org else "", guidelines,
                   brand_check.words_to_avoid(guidelines), tuple(brand_check.required_hashtags(guidelines)))


# ---- operations ----

@dataclass(frozen=True)
class PendingGeneration:
    """A checked generate request: the local provider's text, or the messages a remote model answers
    (streamed into the composer by the UI, asked at once by `generate`)."""

    ctx: Context
    networks: list[str]
    tone: str
    content_type: str
    messages: list = field(default_factory=list)  # empty: `text` is the local provider's answer
    text: str = ""

    @property
    def max_tokens(self) -> int:
        return 1200 if self.content_type == "blog_article" else 400


def start_generate(db: Session, actor: Actor, prompt: str, networks: Sequence[str] = (), tone: str = "friendly",
                   length: str = "medium", content_type: str = "social_post", *, post_id: int | None = None,
                   variant: int = 0) -> PendingGeneration:
    authorize(db, actor, Permission.ai_content_generation, post_id)
    prompt = clean_input("prompt", prompt, MAX_PROMPT)
    networks, tone = valid_networks(networks), _tone(tone)
    _choice("length", length, local.LENGTHS)
    _choice("content_type", content_type, local.CONTENT_TYPES)
    ctx = context(db, actor)
    if ctx.provider.is_local:
        return PendingGeneration(ctx, networks, tone, content_type,
                                 text=local.compose(prompt, tone, length, content_type, ctx.brand_name, variant))
    messages = prompts.generate_messages(ctx.system(networks), prompt, tone, length, content_type)
    return PendingGeneration(ctx, networks, tone, content_type, messages)


def finish_generate(db: Session, pending: PendingGeneration, answer: str) -> WriterResult:
    """The model's answer made safe: no words to avoid, the required hashtags, each network's limit."""
    text = brand_check.remove_avoided(prompts.clean_answer(answer), pending.ctx.avoid)
    if not text:
        raise AIUnavailable(pending.ctx.provider.name, "its reply was empty.")
    if pending.content_type == "social_post":
        text = _with_hashtags(text, pending.ctx.required)
    return _result(db, pending.ctx, text, pending.networks, adapt=pending.content_type == "social_post",
                   tone=pending.tone)


def generate(db: Session, actor: Actor, prompt: str, networks: Sequence[str] = (), tone: str = "friendly",
             length: str = "medium", content_type: str = "social_post", *, post_id: int | None = None,
             variant: int = 0) -> WriterResult:
    pending = start_generate(db, actor, prompt, networks, tone, length, content_type, post_id=post_id,
                             variant=variant)
    answer = pending.text or _ask(pending.ctx, pending.messages, max_tokens=pending.max_tokens)
    return finish_generate(db, pending, answer)


def rewrite(db: Session, actor: Actor, text: str, tone: str, networks: Sequence[str] = (), *,
            post_id: int | None = None) -> WriterResult:
    authorize(db, actor, Permission.ai_content_generation, post_id)
    text, networks, tone = clean_input("text", text, MAX_TEXT), valid_networks(networks), _tone(tone)
    ctx = context(db, actor)
    body, tags = split_hashtags(text)
    if ctx.provider.is_local:
        rewritten = tones.rewrite(body, tone) if body else body
    else:
        task = f"Rewrite this text in a {tone} tone. Keep its meaning, facts and links."
        rewritten = _ask(ctx, prompts.task_messages(ctx.system(networks), task, body))
        rewritten, _ = split_hashtags(rewritten)
    rewritten = brand_check.remove_avoided(rewritten, ctx.avoid)
    return _result(db, ctx, " ".join([rewritten, *tags]).strip(), networks)


def shorten(db: Session, actor: Actor, text: str, network: str, target_length: int | None = None, *,
            post_id: int | None = None) -> WriterResult:
    authorize(db, actor, Permission.ai_content_generation, post_id)
    text, (network,) = clean_input("text", text, MAX_TEXT), valid_networks([network])
    if target_length is not None and target_length < 1:
        raise ValidationFailed("target_length", "Give a length of at least 1 character.")
    ctx = context(db, actor)
    limit = min(target_length or limit_of(network), limit_of(network))
    if fits(network, text, limit):
        tightened = tighten(text)
        return WriterResult(tightened, ctx.provider.name, {network: tightened}, ["It already fits; wording tightened."])
    if not ctx.provider.is_local:
        task = f"Shorten this text to at most {limit} characters. Keep the key message and any links and hashtags."
        text = _ask(ctx, prompts.task_messages(ctx.system([network]), task, text))
    shortened = fit(network, brand_check.remove_avoided(text, ctx.avoid), ctx.required, limit)
    return WriterResult(shortened, ctx.provider.name, {network: shortened})


def expand(db: Session, actor: Actor, text: str, networks: Sequence[str] = (), tone: str = "friendly",
           content_type: str = "social_post", *, post_id: int | None = None) -> WriterResult:
    authorize(db, actor, Permission.ai_content_generation, post_id)
    text, networks, tone = clean_input("text", text, MAX_TEXT), valid_networks(networks), _tone(tone)
    _choice("content_type", content_type, local.CONTENT_TYPES)
    ctx = context(db, actor)
    body, tags = split_hashtags(text)
    if ctx.provider.is_local:
        longer = local.expand(body or text, tone, content_type)
    else:
        task = f"Expand this text with one or two supporting sentences and a call to action, in a {tone} tone."
        longer, _ = split_hashtags(_ask(ctx, prompts.task_messages(ctx.system(networks), task, body or text)))
    longer = brand_check.remove_avoided(longer, ctx.avoid)
    return _result(db, ctx, " ".join([longer, *tags]).strip(), networks)


def proofread(db: Session, actor: Actor, text: str, networks: Sequence[str] = (), *,
              post_id: int | None = None) -> WriterResult:
    """Spelling and grammar rules run here, for every provider: they are exact and offline."""
    authorize(db, actor, Permission.ai_content_generation, post_id)
    text, networks = clean_input("text", text, MAX_TEXT), valid_networks(networks)
    ctx = context(db, actor)
    known = frozenset(w.lower() for w in ctx.brand_name.split()) | frozenset(w.lower() for w in ctx.avoid)
    checked = proofread_rules(text, known)
    result = _result(db, ctx, checked.text, networks, local_only=True)
    return WriterResult(result.text, result.provider, result.per_network, result.notes, checked.fixes)


def adapt(db: Session, actor: Actor, text: str, networks: Sequence[str], *,
          post_id: int | None = None) -> WriterResult:
    """One version of `text` per network, each in that network's style and within its limit."""
    authorize(db, actor, Permission.ai_content_generation, post_id)
    text, networks = clean_input("text", text, MAX_TEXT), valid_networks(networks)
    if not networks:
        raise ValidationFailed("networks", "Choose at least one network.")
    ctx = context(db, actor)
    return _result(db, ctx, text, networks, adapt=True, local_only=True)


# ---- helpers ----

def _ask(ctx: Context, messages, max_tokens: int = 400) -> str:
    answer = ctx.provider.complete(messages, max_tokens=max_tokens, temperature=0.7)
    return prompts.clean_answer(answer if isinstance(answer, str) else "".join(answer))


def _result(db: Session, ctx: Context, text: str, networks: list[str], *, adapt: bool = False,
            tone: str = "friendly", local_only: bool = False) -> WriterResult:
    provider = local.LocalProvider.name if local_only else ctx.provider.name
    per_network: dict[str, str] = {}
    if adapt:
        suggested = _history_tags(db, ctx, text) if any(STYLES[n].hashtags for n in networks) else ()
        emoji = local.suggest_emoji(text, tone, 1)[0]
        per_network = {n: adapt_to(n, text, ctx.required, suggested, emoji) for n in networks}
    fitted = fit_all(networks, text, ctx.required)
    notes = [f"Shortened to fit {', '.join(networks)}."] if fitted != text else []
    for network in networks:
        per_network.setdefault(network, fitted)
    return WriterResult(fitted, provider, per_network, notes)


def fit_all(networks: Sequence[str], text: str, keep: tuple[str, ...] = ()) -> str:
    """`text` shortened until it fits every one of `networks`."""
    for _ in range(5):
        if all(fits(n, text) for n in networks):
            return text
        for network in networks:
            text = fit(network, text, keep)
    while text and not all(fits(n, text) for n in networks):  # a last resort; the passes above converge
        text = text[: len(text) - max(1, len(text) // 10)]
    return text


def _history_tags(db: Session, ctx: Context, text: str) -> tuple[str, ...]:
    found = suggest_hashtags(db, ctx.org_id, text, ctx.required, count=10)
    return tuple(s.tag for s in found if s.source == "history")


def _with_hashtags(text: str, required: tuple[str, ...]) -> str:
    present = {t.lower() for t in brand_check.HASHTAG.findall(text)}
    missing = [tag for tag in required if tag.lower() not in present]
    return f"{text} {' '.join(missing)}" if missing else text


def clean_input(name: str, value: str, most: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(name, f"Write the {name} first.")
    if len(value) > most:
        raise ValidationFailed(name, f"The {name} is {len(value):,} characters; at most {most:,}.")
    return value


def valid_networks(networks: Sequence[str]) -> list[str]:
    unknown = [n for n in networks if n not in STYLES]
    if unknown:
        raise ValidationFailed("networks", f"Unknown network: {unknown[0][:30]}. Use {', '.join(STYLES)}.")
    return list(dict.fromkeys(networks))


def _tone(tone: str) -> str:
    return _choice("tone", tone, tones.TONES)


def _choice(name: str, value: str, options: Sequence[str]) -> str:
    if value not in options:
        raise ValidationFailed(name, f"Choose one of: {', '.join(options)}.")
    return value

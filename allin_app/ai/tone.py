"""Tones: a small lexicon to estimate how a text sounds, and rule-based rewrites into a tone.

The estimate counts, per tone, lexicon words and phrases and a few signals (exclamation marks,
contractions, questions, second person), divided by the number of words; the tone with the highest
share wins. It is deliberately simple: it tells "sounds urgent" from "sounds formal", not irony.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

TONES = ("professional", "friendly", "witty", "inspirational", "urgent", "casual", "informative")

LEXICON: dict[str, tuple[str, ...]] = {
    "professional": ("announce", "pleased", "deliver", "solution", "expertise", "quality", "results", "clients",
                     "partner", "strategy", "efficient", "reliable", "industry", "professional", "insights",
                     "therefore", "furthermore", "ensure", "committed", "excellence"),
    "friendly": ("hey", "hi", "love", "thanks", "thank", "friends", "happy", "enjoy", "welcome", "together",
                 "glad", "share", "cozy", "warm", "smile", "you'll", "we'd", "come", "folks", "hello"),
    "witty": ("pun", "spoiler", "plot twist", "confession", "technically", "apparently", "obviously", "fun fact",
              "no judgment", "we regret nothing", "asking for a friend", "lol", "ha", "sorry not sorry"),
    "inspirational": ("dream", "inspire", "believe", "journey", "grow", "possible", "future", "passion", "purpose",
                      "every", "create", "achieve", "courage", "together", "imagine", "potential", "step"),
    "urgent": ("now", "today", "hurry", "last chance", "limited", "ends", "tonight", "don't miss", "only",
               "deadline", "final", "quick", "before", "act fast", "while stocks last", "left"),
    "casual": ("stuff", "kinda", "pretty", "cool", "yeah", "gonna", "awesome", "chill", "vibe", "vibes", "tbh"),
    "informative": ("how", "why", "guide", "tips", "learn", "steps", "explained", "data", "study", "percent",
                    "because", "research", "facts", "overview", "details"),
}
# Words a tone's rewrite swaps in (and the professional rewrite swaps out).
CASUAL_TO_FORMAL = {"awesome": "excellent", "cool": "impressive", "stuff": "items", "kinda": "somewhat",
                    "gonna": "going to", "wanna": "want to", "guys": "everyone", "folks": "everyone",
                    "hey": "hello", "yeah": "yes", "super": "very", "tbh": "frankly", "a lot of": "many",
                    "get": "receive", "buy": "purchase", "check out": "explore"}
CONTRACTIONS = {"we're": "we are", "you're": "you are", "it's": "it is", "don't": "do not", "can't": "cannot",
                "won't": "will not", "let's": "let us", "we've": "we have", "that's": "that is",
                "i'm": "I am", "isn't": "is not", "you'll": "you will"}
TONE_OPENERS = {
    "professional": ("We are pleased to share an update.", "Here is what our team has been working on.",
                     "An update for our clients and partners."),
    "friendly": ("Hey friends!", "Good news, everyone!", "We've got something for you."),
    "witty": ("Plot twist:", "Fun fact:", "Confession time:"),
    "inspirational": ("Every big journey starts with one step.", "Great things grow from small beginnings.",
                      "Believe in what's possible."),
    "urgent": ("Heads up: time is running out!", "Last chance!", "Don't miss this!"),
    "casual": ("So, here's the thing.", "Quick one:", "Okay, real talk."),
    "informative": ("Did you know?", "Here's what you need to know.", "A quick guide:"),
}
TONE_CLOSERS = {
    "professional": ("Get in touch to learn more.", "Read the details on our website.",
                     "Contact our team for more information."),
    "friendly": ("Come say hi!", "We'd love to see you there.", "Tell us what you think!"),
    "witty": ("You're welcome.", "No judgment, just results.", "We regret nothing."),
    "inspirational": ("Your next step starts today.", "Let's grow together.", "Dream big, start now."),
    "urgent": ("Act now, it ends today!", "Grab yours before it's gone!", "Only a few left, hurry!"),
    "casual": ("Pretty cool, right?", "Catch you there.", "That's it, that's the post."),
    "informative": ("Save this for later.", "Learn more at the link.", "Share it with someone who needs it."),
}


@dataclass(frozen=True)
class ToneEstimate:
    tone: str  # the best-scoring tone, or "neutral" when nothing signals one
    scores: dict[str, float]  # tone -> hits per word


def pick(options: tuple[str, ...], seed: str) -> str:
    """The same choice for the same seed (deterministic), different ones for different seeds."""
    return options[zlib.crc32(seed.encode()) % len(options)]


def estimate_tone(text: str) -> ToneEstimate:
    lowered = text.lower()
    words = re.findall(r"[\w']+", lowered)
    if not words:
        return ToneEstimate("neutral", dict.fromkeys(TONES, 0.0))
    hits = {tone: sum(_count(lowered, term) for term in terms) for tone, terms in LEXICON.items()}
    exclamations = text.count("!")
    hits["urgent"] += exclamations * 0.5
    hits["friendly"] += exclamations * 0.5 + sum(w in CONTRACTIONS for w in words) * 0.5
    hits["informative"] += text.count("?") * 0.5
    hits["professional"] += sum(w in CONTRACTIONS.values() for w in words) * 0.1
    scores = {tone: round(hits[tone] / len(words), 3) for tone in TONES}
    best = max(scores, key=lambda tone: scores[tone])
    return ToneEstimate(best if scores[best] > 0 else "neutral", scores)


def _count(lowered: str, term: str) -> int:
    return len(re.findall(rf"(?<![\w']){re.escape(term)}(?![\w'])", lowered))


def tones_named_in(voice: str) -> list[str]:
    """The tones a brand-voice description names ("warm, friendly and witty" -> friendly, witty)."""
    synonyms = {"warm": "friendly", "approachable": "friendly", "playful": "witty", "humorous": "witty",
                "funny": "witty", "formal": "professional", "expert": "professional", "motivating": "inspirational",
                "uplifting": "inspirational", "educational": "informative", "relaxed": "casual"}
    lowered = voice.lower()
    named = [tone for tone in TONES if tone in lowered]
    named += [tone for word, tone in synonyms.items() if re.search(rf"\b{word}\b", lowered) and tone not in named]
    return named


def rewrite(text: str, tone: str) -> str:
    """`text` said in `tone`: vocabulary swaps, an opener and a closer in that tone, the core kept."""
    core = _strip_tone_marks(text)
    if tone == "professional":
        core = _formal(core)
    elif tone in ("friendly", "casual", "witty"):
        core = _contract(core)
    if tone == "urgent":
        core = re.sub(r"\.(\s|$)", r"!\1", core, count=1)
    seed = f"{tone}:{core}"
    opener, closer = pick(TONE_OPENERS[tone], seed), pick(TONE_CLOSERS[tone], seed[::-1])
    return " ".join(part for part in (opener, core, closer) if part).strip()


def _strip_tone_marks(text: str) -> str:
    """The text without another tone's opener or closer, so rewrites don't pile up."""
    stripped = text.strip()
    for options in (*TONE_OPENERS.values(), *TONE_CLOSERS.values()):
        for phrase in options:
            if stripped.startswith(phrase):
                stripped = stripped[len(phrase):].strip()
            if stripped.endswith(phrase):
                stripped = stripped[: -len(phrase)].strip()
    return re.sub(r"!{2,}", "!", stripped)


def _formal(text: str) -> str:
    for informal, formal in {**CONTRACTIONS, **CASUAL_TO_FORMAL}.items():
        text = re.sub(rf"(?<![\w']){re.escape(informal)}(?![\w'])", lambda m, f=formal: _same_case(m.group(0), f),
                      text, flags=re.IGNORECASE)
    return re.sub(r"!", ".", text)


def _contract(text: str) -> str:
    for short, long in CONTRACTIONS.items():
        text = re.sub(rf"\b{re.escape(long)}\b", lambda m, s=short: _same_case(m.group(0), s), text,
                      flags=re.IGNORECASE)
    return text


def _same_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement

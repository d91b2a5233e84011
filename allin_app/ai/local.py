"""The offline provider: posts, articles, emails, product texts and ads from templates and rules.

Deterministic: the same request gives the same text; different topics, tones and variants pick
different templates. Keywords come from the prompt itself (YAKE), so the text is about the topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import yake

from allin_app.ai.providers import Message
from allin_app.ai.tone import TONE_CLOSERS, TONE_OPENERS, pick

CONTENT_TYPES = ("social_post", "blog_article", "email", "product_description", "ad_copy")
LENGTHS = ("short", "medium", "long")
INSTRUCTION = re.compile(r"^\s*(please\s+)?(write|create|draft|generate|make|compose)\s+(me\s+)?(a|an|the|some)?\s*"
                         r"([\w-]+\s+){0,3}?(about|on|for|announcing|promoting|that\s+\w+)\s+", re.IGNORECASE)
IMPERATIVE = re.compile(r"^\s*(announce|promote|share|introduce|celebrate|tell (people|everyone) about)\s+",
                        re.IGNORECASE)
DETAILS = {
    "professional": ("Our focus on {kw} means dependable results for you.", "{Kw} is where our expertise shows.",
                     "We built this around {kw}, with the quality you expect from us."),
    "friendly": ("We think you'll love the {kw}.", "It's all about {kw}, made with care.",
                 "Bring a friend and enjoy the {kw} together."),
    "witty": ("{Kw}? We may have overdone it. Slightly.", "Warning: {kw} may cause spontaneous happiness.",
              "We asked for more {kw}. The universe delivered."),
    "inspirational": ("{Kw} is a reminder of what care and patience can build.",
                      "Behind the {kw} is a team that believes in doing things right.",
                      "Let {kw} be the start of something new for you."),
    "urgent": ("{Kw} is available for a limited time only.", "Stocks of {kw} are going fast.",
               "Once the {kw} is gone, it's gone."),
    "casual": ("The {kw} is pretty great, honestly.", "Yeah, the {kw} is that good.", "{Kw}, done right."),
    "informative": ("Here's why {kw} matters.", "{Kw}: what it is and why it counts.",
                    "A closer look at {kw} and what it means for you."),
}
CALLS_TO_ACTION = {
    "email": ("Reply to this email with any questions.", "Click the link below to find out more."),
    "product_description": ("Order yours today.", "Add it to your cart now."),
    "ad_copy": ("Shop now", "Learn more", "Sign up", "Book now"),
}
EMOJI = {
    "coffee": "☕", "tea": "🍵", "cake": "🍰", "food": "🍽️", "pizza": "🍕", "launch": "🚀", "new": "✨",
    "sale": "🏷️", "discount": "🏷️", "offer": "🎁", "gift": "🎁", "event": "📅", "today": "📅", "summer": "☀️",
    "winter": "❄️", "spring": "🌸", "autumn": "🍂", "fall": "🍂", "love": "❤️", "team": "🤝", "growth": "📈",
    "data": "📊", "idea": "💡", "tips": "💡", "music": "🎵", "travel": "✈️", "fitness": "💪", "health": "🌿",
    "green": "🌿", "money": "💰", "win": "🏆", "award": "🏆", "party": "🎉", "celebrate": "🎉", "book": "📚",
    "learn": "📚", "video": "🎬", "photo": "📸", "phone": "📱", "app": "📱", "time": "⏰", "hurry": "⏰",
    "beer": "🍺", "wine": "🍷", "morning": "🌅", "night": "🌙", "fresh": "🌱", "shop": "🛍️", "store": "🛍️",
}
TONE_EMOJI = {"professional": "✅", "friendly": "😊", "witty": "😏", "inspirational": "🌟", "urgent": "⏳",
              "casual": "👋", "informative": "👉"}


@cache
def _extractor(size: int) -> yake.KeywordExtractor:
    return yake.KeywordExtractor(lan="en", n=2, top=size, dedupLim=0.7)


def keywords(text: str, count: int = 5) -> list[str]:
    """The text's key phrases, best first (YAKE: statistics of the text alone, no model)."""
    cleaned = re.sub(r"https?://\S+|[#@]\w+", " ", text)
    if len(cleaned.split()) < 2:
        return re.findall(r"[A-Za-z]{3,}", cleaned)[:count]
    return [phrase for phrase, _score in _extractor(count).extract_keywords(cleaned)]


def topic_of(prompt: str) -> str:
    """The prompt without "write a post about": what the text is about, as a sentence."""
    topic = INSTRUCTION.sub("", prompt.strip(), count=1).strip() or prompt.strip()
    topic = IMPERATIVE.sub("", topic, count=1).strip() or topic
    topic = topic[:1].upper() + topic[1:]
    return topic if topic.endswith((".", "!", "?")) else topic + "."


def compose(prompt: str, tone: str, length: str, content_type: str, brand_name: str = "", variant: int = 0) -> str:
    seed = f"{prompt}|{tone}|{length}|{content_type}|{variant}"
    topic = topic_of(prompt)
    phrases = keywords(prompt) or [topic.rstrip(".!?").lower()]
    builder = {"social_post": _social_post, "blog_article": _blog_article, "email": _email,
               "product_description": _product_description, "ad_copy": _ad_copy}[content_type]
    return builder(topic, phrases, tone, length, seed, brand_name)


def detail_sentences(phrases: list[str], tone: str, seed: str, count: int) -> list[str]:
    sentences = []
    for index, phrase in enumerate(phrases[:count]):
        template = pick(DETAILS[tone], f"{seed}:{index}")
        sentences.append(template.format(kw=phrase, Kw=phrase[:1].upper() + phrase[1:]))
    return sentences


def _social_post(topic: str, phrases: list[str], tone: str, length: str, seed: str, _brand: str) -> str:
    details = {"short": 0, "medium": 1, "long": 3}[length]
    parts = [pick(TONE_OPENERS[tone], seed), topic, *detail_sentences(phrases, tone, seed, details)]
    parts.append(pick(TONE_CLOSERS[tone], seed[::-1]))
    return " ".join(parts)


def _blog_article(topic: str, phrases: list[str], tone: str, length: str, seed: str, brand: str) -> str:
    sections = {"short": 1, "medium": 2, "long": 3}[length]
    title = _title(phrases[0] if phrases else topic)
    headings = ("Why {Kw} matters", "How to get started with {kw}", "What we learned about {kw}",
                "{Kw} in practice")
    body = [f"# {title}", "", f"{pick(TONE_OPENERS[tone], seed)} {topic}", ""]
    for index in range(sections):
        phrase = phrases[index % len(phrases)] if phrases else topic
        heading = headings[(index + len(seed)) % len(headings)].format(kw=phrase, Kw=_title(phrase))
        body += [f"## {heading}", "", " ".join(detail_sentences(phrases[index:], tone, seed, 2)), ""]
    body.append(f"{pick(TONE_CLOSERS[tone], seed[::-1])}{f' — {brand}' if brand else ''}")
    return "\n".join(body)


def _email(topic: str, phrases: list[str], tone: str, length: str, seed: str, brand: str) -> str:
    details = {"short": 1, "medium": 2, "long": 3}[length]
    greeting = "Dear customer," if tone == "professional" else "Hi there,"
    lines = [f"Subject: {_title(phrases[0]) if phrases else topic.rstrip('.')}", "", greeting, "",
             f"{pick(TONE_OPENERS[tone], seed)} {topic}", "", " ".join(detail_sentences(phrases, tone, seed, details)),
             "", pick(CALLS_TO_ACTION["email"], seed), "", "Best regards," if tone == "professional" else "Cheers,",
             f"The {brand} team" if brand else "The team"]
    return "\n".join(lines)


def _product_description(topic: str, phrases: list[str], tone: str, length: str, seed: str, _brand: str) -> str:
    bullets = {"short": 2, "medium": 3, "long": 5}[length]
    lines = [_title(phrases[0]) if phrases else topic, "", topic,
             *[f"• {_title(phrase)}" for phrase in phrases[1:bullets + 1]],
             "", " ".join(detail_sentences(phrases, tone, seed, 1)), pick(CALLS_TO_ACTION["product_description"], seed)]
    return "\n".join(line for index, line in enumerate(lines) if line or index in (1, len(lines) - 3))


def _ad_copy(topic: str, phrases: list[str], tone: str, length: str, seed: str, _brand: str) -> str:
    headline = _title(phrases[0])[:40] if phrases else topic[:40]
    primary = [topic, *detail_sentences(phrases, tone, seed, {"short": 0, "medium": 1, "long": 2}[length])]
    return f"{headline}\n{' '.join(primary)}\n{pick(CALLS_TO_ACTION['ad_copy'], seed)} →"


def expand(text: str, tone: str, content_type: str = "social_post") -> str:
    """More of the same text: a supporting sentence per key phrase not already said, and a closer."""
    phrases = keywords(text, 4)
    extra = detail_sentences(phrases, tone, text, 2)
    closer = pick(CALLS_TO_ACTION.get(content_type, TONE_CLOSERS[tone]), text[::-1])
    additions = [s for s in (*extra, closer) if s.lower() not in text.lower()]
    return " ".join([text.rstrip(), *additions]).strip()


def suggest_emoji(text: str, tone: str | None = None, count: int = 5) -> list[str]:
    words = re.findall(r"[a-z]+", text.lower())
    found = [EMOJI[w] for w in words if w in EMOJI] + [EMOJI[w[:-1]] for w in words if w.endswith("s")
                                                       and w[:-1] in EMOJI]
    if tone in TONE_EMOJI:
        found.append(TONE_EMOJI[tone])
    return list(dict.fromkeys(found))[:count] or [TONE_EMOJI["friendly"], "✨"]


def _title(phrase: str) -> str:
    small = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at"}
    words = phrase.split()
    return " ".join(w if (i and w in small) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


class LocalProvider:
    """Offline: answers a chat request with a templated text about the last user message."""

    name = "Local (offline)"
    is_local = True

    def complete(self, messages: list[Message], *, max_tokens: int = 400, temperature: float = 0.7,
                 stream: bool = False) -> str | Iterator[str]:
        prompt = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        text = compose(prompt or "Our latest news", "friendly", "medium", "social_post")
        words = text.split(" ")[: max(1, max_tokens)]
        answer = " ".join(words)
        if not stream:
            return answer
        return iter([word + (" " if index < len(words) - 1 else "") for index, word in enumerate(words)])

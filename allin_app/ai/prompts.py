"""What a remote model is asked, and how its answer is cleaned before the writer checks it."""

from __future__ import annotations

import re

from allin_app.ai.providers import Message
from allin_app.platforms.limits import limits_for

CONTENT_LABELS = {"social_post": "a social media post", "blog_article": "a blog article", "email": "an email",
                  "product_description": "a product description", "ad_copy": "ad copy (headline, text, button)"}
LENGTH_HINTS = {"short": "one or two sentences", "medium": "three to four sentences", "long": "a full, rich text"}


def system_message(brand_name: str, voice: str, avoid: list[str], required: list[str], networks: list[str]) -> str:
    lines = [(f"You are the copywriter of {brand_name or 'the brand'}. Answer with the text only: no preface, "
             "no quotes, no explanations.")]
    if voice:
        lines.append(f"Brand voice: {voice}")
    if avoid:
        lines.append(f"Never use these words: {', '.join(avoid)}.")
    if required:
        lines.append(f"Always include these hashtags: {' '.join(required)}.")
    for network in networks:
        limits = limits_for(network)
        lines.append(f"It will be posted on {limits.label}: at most {limits.text_limit} characters.")
    return "\n".join(lines)


def generate_messages(system: str, prompt: str, tone: str, length: str, content_type: str) -> list[Message]:
    ask = (f"Write {CONTENT_LABELS[content_type]} in a {tone} tone, {LENGTH_HINTS[length]}, about: {prompt}")
    return [{"role": "system", "content": system}, {"role": "user", "content": ask}]


def task_messages(system: str, task: str, text: str) -> list[Message]:
    return [{"role": "system", "content": system}, {"role": "user", "content": f"{task}\n\n{text}"}]


def clean_answer(answer: str) -> str:
    """The model's text without code fences, wrapping quotes or a "Here is your post:" line."""
    text = answer.strip()
    text = re.sub(r"^```\w*\n?|\n?```$", "", text).strip()
    first, _, rest = text.partition("\n")
    if rest and re.match(r"^(sure|here('s| is| are)|certainly)\b.*:\s*$", first.strip(), re.IGNORECASE):
        text = rest.strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'“”":
        text = text[1:-1].strip()
    if text.startswith("“") and text.endswith("”"):
        text = text[1:-1].strip()
    return text

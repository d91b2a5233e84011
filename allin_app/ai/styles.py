"""Each network's house style: how many hashtags, where they go, emoji, paragraphs, a question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from allin_app.ai.textfit import fit
from allin_app.platforms.limits import HASHTAG


@dataclass(frozen=True)
class Style:
    hashtags: int  # suggested hashtags added at most (required ones always stay)
    emoji: bool  # add one fitting emoji
    tags_block: bool = False  # hashtags in their own block under the text
    paragraphs: bool = False  # one sentence per short paragraph
    question: bool = False  # end by inviting replies
    note: str = ""


STYLES = {
    "twitter": Style(hashtags=2, emoji=True, note="short and punchy, 1-2 hashtags"),
    "threads": Style(hashtags=1, emoji=True, question=True, note="conversational, one topic tag"),
    "linkedin": Style(hashtags=3, emoji=False, tags_block=True, paragraphs=True,
                      note="professional, short paragraphs, 3 hashtags at the end"),
    "instagram": Style(hashtags=10, emoji=True, tags_block=True, note="visual, emoji, hashtags in a block"),
    "facebook": Style(hashtags=2, emoji=True, question=True, note="friendly, ends with a question"),
    "tiktok": Style(hashtags=4, emoji=True, note="a hook first, a few hashtags"),
    "pinterest": Style(hashtags=4, emoji=False, note="descriptive and searchable"),
    "youtube": Style(hashtags=3, emoji=False, tags_block=True, paragraphs=True, note="a description"),
    "snapchat": Style(hashtags=0, emoji=True, note="very short"),
    "reddit": Style(hashtags=0, emoji=False, note="plain, no hashtags or emoji"),
}
QUESTIONS = ("What do you think?", "Would you try it?", "Tell us in the comments!")


def split_hashtags(text: str) -> tuple[str, list[str]]:
    """The text without its trailing hashtags, and those hashtags."""
    body = text.rstrip()
    trailing: list[str] = []
    while (match := re.search(r"(?:^|\s)(#\w+)\s*$", body)) and HASHTAG.fullmatch(match.group(1)):
        trailing.insert(0, match.group(1))
        body = body[: match.start()].rstrip()
    return body, trailing


def adapt(network: str, text: str, required: tuple[str, ...] = (), suggested: tuple[str, ...] = (),
          emoji: str = "") -> str:
    """`text` in `network`'s style, within its limit; the required hashtags are kept."""
    style = STYLES[network]
    body, trailing = split_hashtags(text)
    inline = {tag.lower() for tag in HASHTAG.findall(body)}
    if style.paragraphs:
        body = re.sub(r"(?<=[.!?])\s+(?=[A-Z])", "\n\n", body)
    if style.question and "?" not in body:
        body = f"{body} {QUESTIONS[len(body) % len(QUESTIONS)]}"
    if style.emoji and emoji and emoji not in body:
        body = f"{body} {emoji}"
    tags = _tags(required, trailing, suggested, style.hashtags, inline)
    if tags:
        body = f"{body}\n\n{' '.join(tags)}" if style.tags_block else f"{body} {' '.join(tags)}"
    return fit(network, body.strip(), keep_hashtags=tuple(required))


def _tags(required: tuple[str, ...], trailing: list[str], suggested: tuple[str, ...], room: int,
          inline: set[str]) -> list[str]:
    chosen: list[str] = []
    seen = set(inline)
    for tag in required:
        if tag.lower() not in seen:
            chosen.append(tag)
            seen.add(tag.lower())
    extra = 0
    for tag in (*trailing, *suggested):
        if extra >= room:
            break
        if tag.lower() not in seen:
            chosen.append(tag)
            seen.add(tag.lower())
            extra += 1
    return chosen

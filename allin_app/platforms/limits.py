"""Each network's limits (`limits.toml`) and the checks a post must pass before it goes there.

`check_post(network, content)` answers every rule the post breaks, each naming the network and the
rule, so the composer can show them all at once and the simulator can refuse like the network does.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import emoji
from twitter_text import parse_tweet

from allin_app.platforms.content import MediaFile, PostContent

LIMITS_FILE = Path(__file__).with_name("limits.toml")
HASHTAG = re.compile(r"(?<![\w&])#\w+")


@dataclass(frozen=True)
class MediaRule:
    formats: tuple[str, ...]
    max_bytes: int
    min_seconds: float | None = None
    max_seconds: float | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None
    min_width: int | None = None
    max_width: int | None = None
    max_pixels: int | None = None


@dataclass(frozen=True)
class DocumentedQuota:
    posts: int
    window: int  # seconds
    note: str


@dataclass(frozen=True)
class NetworkLimits:
    network: str
    label: str
    text_limit: int
    counting: str
    media_required: bool
    max_images: int
    max_videos: int
    mix_images_and_videos: bool
    max_items: int | None = None
    max_gifs: int | None = None
    max_hashtags: int | None = None
    title_limit: int | None = None
    title_required: bool = False
    link_limit: int | None = None
    forbidden_characters: str = ""
    same_size_images: bool = False
    rules: dict[str, MediaRule] = field(default_factory=dict)  # "image", "gif", "video"
    quota: DocumentedQuota | None = None
    source: str = ""
    verified: str = ""

    def rule_for(self, media: MediaFile) -> MediaRule | None:
        if media.kind == "gif" and "gif" not in self.rules:
            return self.rules.get("image") if media.mime in self.rules.get("image", _NO_RULE).formats else None
        return self.rules.get(media.kind)


_NO_RULE = MediaRule(formats=(), max_bytes=0)
LABELS = {"facebook": "Facebook", "instagram": "Instagram", "twitter": "X (Twitter)", "linkedin": "LinkedIn",
          "tiktok": "TikTok", "youtube": "YouTube", "pinterest": "Pinterest", "snapchat": "Snapchat",
          "reddit": "Reddit", "threads": "Threads"}


@cache
def all_limits() -> dict[str, NetworkLimits]:
    data = tomllib.loads(LIMITS_FILE.read_text())
    return {network: _limits(network, values) for network, values in data.items()}


def limits_for(network: str) -> NetworkLimits:
    return all_limits()[network]


def _limits(network: str, values: dict[str, Any]) -> NetworkLimits:
    rules = {kind: _media_rule(values.pop(kind)) for kind in ("image", "gif", "video") if kind in values}
    quota = DocumentedQuota(**values.pop("quota")) if "quota" in values else None
    return NetworkLimits(network=network, label=LABELS[network], rules=rules, quota=quota, **values)


def _media_rule(values: dict[str, Any]) -> MediaRule:
    return MediaRule(**{**values, "formats": tuple(values["formats"])})


# --- text ------------------------------------------------------------------------------------


def weighted_length(text: str) -> int:
    """X's count (twitter-text v3): URLs weigh 23, CJK and each emoji sequence weigh 2."""
    return parse_tweet(text).weightedLength


def text_length(network: str, text: str) -> int:
    """The length of `text` as `network` counts it against its limit."""
    counting = limits_for(network).counting
    if counting == "weighted":
        return weighted_length(text)
    if counting == "utf16":
        return len(text.encode("utf-16-le")) // 2
    if counting == "bytes":
        return len(text.encode("utf-8"))
    if counting == "threads":  # "Emojis are counted as the number of UTF-8 bytes"
        emoji_spans = emoji.emoji_list(text)
        emoji_chars = sum(len(e["emoji"]) for e in emoji_spans)
        return len(text) - emoji_chars + sum(len(e["emoji"].encode("utf-8")) for e in emoji_spans)
    return len(unicodedata.normalize("NFC", text))


def hashtag_count(text: str) -> int:
    return len(HASHTAG.findall(text))


# --- the checks ------------------------------------------------------------------------------


def check_post(network: str, content: PostContent) -> list[str]:
    """Every rule of `network` that `content` breaks, as sentences; [] when it fits."""
    limits = limits_for(network)
    return [f"{limits.label}: {problem}" for problem in
            _text_problems(limits, content) + _media_problems(limits, content.media)]


def check_media(network: str, media: tuple[MediaFile, ...]) -> list[str]:
    """The media rules alone (the simulator checks text with the network's own error)."""
    limits = limits_for(network)
    return [f"{limits.label}: {problem}" for problem in _media_problems(limits, media)]


def _text_problems(limits: NetworkLimits, content: PostContent) -> list[str]:
    problems = []
    length = text_length(limits.network, content.text)
    if length > limits.text_limit:
        problems.append(f"the text is {length:,} characters; the limit is {limits.text_limit:,}.")
    if limits.max_hashtags is not None and (tags := hashtag_count(content.text)) > limits.max_hashtags:
        problems.append(f"{tags} hashtags; at most {limits.max_hashtags} are allowed.")
    if bad := sorted({c for c in content.text + (content.title or "") if c in limits.forbidden_characters}):
        problems.append(f"the characters {' '.join(bad)} are not allowed.")
    if limits.title_required and not (content.title or "").strip():
        problems.append("a title is required.")
    if limits.title_limit and content.title and len(content.title) > limits.title_limit:
        problems.append(f"the title is {len(content.title)} characters; the limit is {limits.title_limit}.")
    if limits.link_limit and content.link and len(content.link) > limits.link_limit:
        problems.append(f"the link is {len(content.link):,} characters; the limit is {limits.link_limit:,}.")
    return problems


def _media_problems(limits: NetworkLimits, media: tuple[MediaFile, ...]) -> list[str]:
    if not media:
        if not limits.media_required:
            return []
        return ["a video is required." if not limits.max_images else "an image or a video is required."]
    problems = _count_problems(limits, media)
    for number, item in enumerate(media, start=1):
        name = f"{'file' if len(media) == 1 else f'file {number}'} ({item.filename})"
        rule = limits.rule_for(item)
        if rule is None or item.mime not in rule.formats:
            accepted = ", ".join(sorted({format_name(f) for r in limits.rules.values() for f in r.formats}))
            problems.append(f"{name} is {format_name(item.mime)}; it takes {accepted}.")
            continue
        problems += [f"{name} {problem}" for problem in _file_problems(rule, item)]
    if limits.same_size_images and len({(m.width, m.height) for m in media if m.kind != "video"}) > 1:
        problems.append("all images of a carousel must have the same dimensions.")
    return problems


def _count_problems(limits: NetworkLimits, media: tuple[MediaFile, ...]) -> list[str]:
    videos = sum(1 for m in media if m.kind == "video")
    gifs = sum(1 for m in media if m.kind == "gif")
    images = len(media) - videos
    problems = []
    if videos and images and not limits.mix_images_and_videos:
        problems.append("images and videos cannot be mixed in one post.")
    if limits.max_gifs is not None and gifs and len(media) > limits.max_gifs:
        problems.append(f"a GIF must be alone, at most {limits.max_gifs} per post.")
    if videos > limits.max_videos:
        problems.append(f"{videos} videos; at most {limits.max_videos} per post." if limits.max_videos
                        else "it takes images, not videos.")
    if images > limits.max_images:
        problems.append(f"{images} images; at most {limits.max_images} per post." if limits.max_images
                        else "it takes a video, not images.")
    if limits.max_items is not None and len(media) > limits.max_items and not problems:
        problems.append(f"{len(media)} files; at most {limits.max_items} per post.")
    return problems


def _file_problems(rule: MediaRule, item: MediaFile) -> list[str]:
    problems = []
    if item.size > rule.max_bytes:
        problems.append(f"is {_size(item.size)}; the limit is {_size(rule.max_bytes)}.")
    if item.duration is not None:
        if rule.min_seconds is not None and item.duration < rule.min_seconds:
            problems.append(f"lasts {item.duration:.1f} s; the minimum is {rule.min_seconds:g} s.")
        if rule.max_seconds is not None and item.duration > rule.max_seconds:
            problems.append(f"lasts {_duration(item.duration)}; the maximum is {_duration(rule.max_seconds)}.")
    if (aspect := item.aspect) is not None:
        if rule.min_aspect is not None and aspect < rule.min_aspect - 0.005:
            problems.append(f"is {item.width}×{item.height} (ratio {aspect:.2f}); the narrowest allowed is "
                            f"{rule.min_aspect:.2f}.")
        if rule.max_aspect is not None and aspect > rule.max_aspect + 0.005:
            problems.append(f"is {item.width}×{item.height} (ratio {aspect:.2f}); the widest allowed is "
                            f"{rule.max_aspect:.2f}.")
    if item.width is not None:
        if rule.min_width is not None and item.width < rule.min_width:
            problems.append(f"is {item.width} px wide; the minimum is {rule.min_width} px.")
        if rule.max_width is not None and item.width > rule.max_width:
            problems.append(f"is {item.width} px wide; the maximum is {rule.max_width} px.")
        if rule.max_pixels is not None and item.height and item.width * item.height > rule.max_pixels:
            problems.append(f"has {item.width * item.height:,} pixels; the maximum is {rule.max_pixels:,}.")
    return problems


def format_name(mime: str) -> str:
    """`video/quicktime` -> MOV: the name people know a format by."""
    return {"video/quicktime": "MOV", "video/x-m4v": "M4V"}.get(mime, mime.rpartition("/")[2].upper())


def _size(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    return ""


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes and rest else f"{minutes} min" if minutes else f"{rest} s"

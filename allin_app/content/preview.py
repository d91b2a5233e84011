"""How a post will look on each network: its words split into plain text, links, hashtags and
mentions; its length as that network counts it; its link with UTM tags for that network."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from allin_app.platforms.limits import limits_for, text_length

TOKEN = re.compile(r"(?P<link>https?://[^\s<>]+|www\.[^\s<>]+)"
                   r"|(?P<hashtag>(?<![\w&])#\w+)"
                   r"|(?P<mention>(?<![\w/])(?:@|u/)[\w.]*\w)")
TRAILING = ".,;:!?)]}'\""

# How a mention is written on each network (the composer's @mention helper).
MENTION_STYLE = {"reddit": "u/{handle}", "linkedin": "@{name}", "facebook": "@{name}"}


@dataclass(frozen=True)
class Segment:
    kind: str  # "text", "link", "hashtag", "mention", "break"
    text: str


@dataclass(frozen=True)
class Counter:
    network: str
    label: str
    count: int
    limit: int

    @property
    def over(self) -> bool:
        return self.count > self.limit


@dataclass
class NetworkPreview:
    """One network's card in the composer, as plain data for the page."""

    network: str
    label: str
    name: str
    handle: str
    avatar: str
    segments: list[Segment] = field(default_factory=list)
    count: int = 0
    limit: int = 0
    over: bool = False
    problems: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # thumbnail URLs, in order
    link_url: str = ""
    link_domain: str = ""
    title: str = ""


def segments(text: str) -> list[Segment]:
    """`text` cut into runs a preview can colour; line breaks become their own segment."""
    found: list[Segment] = []
    for number, line in enumerate(text.split("\n")):
        if number:
            found.append(Segment("break", ""))
        found += _line_segments(line)
    return found


def _line_segments(line: str) -> list[Segment]:
    parts, position = [], 0
    for match in TOKEN.finditer(line):
        kind, token = match.lastgroup or "text", match.group()
        trailing = ""
        if kind == "link":
            stripped = token.rstrip(TRAILING)
            token, trailing = stripped, token[len(stripped):]
        if match.start() > position:
            parts.append(Segment("text", line[position:match.start()]))
        parts.append(Segment(kind, token))
        if trailing:
            parts.append(Segment("text", trailing))
        position = match.end()
    if position < len(line):
        parts.append(Segment("text", line[position:]))
    return parts


def counter(network: str, text: str) -> Counter:
    limits = limits_for(network)
    return Counter(network, limits.label, text_length(network, text), limits.text_limit)


def with_utm(url: str, network: str, medium: str = "social", campaign: str = "") -> str:
    """`url` tagged for analytics: utm_source is the network; tags already in the URL win."""
    if not url.strip():
        return url
    parts = urlsplit(url if "://" in url else f"https://{url}")
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    tags = {"utm_source": network, "utm_medium": medium or "social"} | ({"utm_campaign": campaign} if campaign else {})
    for key, value in tags.items():
        query.setdefault(key, value)
    return urlunsplit(parts._replace(query=urlencode(query)))


def domain_of(url: str) -> str:
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.")


def mention(network: str, handle: str, name: str = "") -> str:
    handle = handle.lstrip("@").removeprefix("u/")
    return MENTION_STYLE.get(network, "@{handle}").format(handle=handle, name=name or handle)

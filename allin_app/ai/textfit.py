"""Make a text fit a network's limit, measured the way the network counts (platforms/limits.py).

Gentle steps first (spacing, filler words, shorter phrasings, optional hashtags, whole sentences),
then a cut at a word boundary with an ellipsis. The answer always fits.
"""

from __future__ import annotations

import re

from allin_app.platforms.limits import HASHTAG, limits_for, text_length

ELLIPSIS = "…"
FILLERS = re.compile(r"\b(really|very|just|actually|basically|truly|simply|quite|totally|literally)\s+", re.IGNORECASE)
SHORTER = [
    (re.compile(r"\bin order to\b", re.IGNORECASE), "to"),
    (re.compile(r"\bas soon as possible\b", re.IGNORECASE), "ASAP"),
    (re.compile(r"\bat this point in time\b", re.IGNORECASE), "now"),
    (re.compile(r"\bdue to the fact that\b", re.IGNORECASE), "because"),
    (re.compile(r"\bfor example\b", re.IGNORECASE), "e.g."),
    (re.compile(r"\ba large number of\b", re.IGNORECASE), "many"),
    (re.compile(r"\bwith regard to\b", re.IGNORECASE), "about"),
    (re.compile(r"\bin addition\b", re.IGNORECASE), "also"),
    (re.compile(r"\bwe are\b"), "we're"),
    (re.compile(r"\bdo not\b"), "don't"),
    (re.compile(r"\byou are\b"), "you're"),
    (re.compile(r"\bit is\b"), "it's"),
    (re.compile(r"\s+and\s+"), " & "),
]
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def limit_of(network: str) -> int:
    return limits_for(network).text_limit


def fits(network: str, text: str, limit: int | None = None) -> bool:
    """Within the network's limit (or a tighter `limit`, counted the network's way) and hashtag cap."""
    limits = limits_for(network)
    too_many_tags = limits.max_hashtags is not None and len(HASHTAG.findall(text)) > limits.max_hashtags
    most = limits.text_limit if limit is None else min(limit, limits.text_limit)
    return text_length(network, text) <= most and not too_many_tags


def fit(network: str, text: str, keep_hashtags: tuple[str, ...] = (), limit: int | None = None) -> str:
    """`text` unchanged when it fits `network` (and `limit`), else the gentlest shortening that does."""
    if fits(network, text, limit):
        return text
    text = _trim_hashtag_count(network, text, keep_hashtags)
    for step in (_tidy_spacing, _drop_fillers, _shorter_phrasings,
                 lambda t: _drop_optional_hashtags(t, keep_hashtags)):
        text = step(text)
        if fits(network, text, limit):
            return text
    text = _drop_sentences(network, text, limit)
    return text if fits(network, text, limit) else cut(network, text, limit)


def tighten(text: str) -> str:
    """The same words with less padding: spacing, filler words, shorter phrasings."""
    return _tidy_spacing(_shorter_phrasings(_drop_fillers(text)))


def cut(network: str, text: str, limit: int | None = None) -> str:
    """The longest word-boundary prefix of `text` that fits, ending in an ellipsis."""
    if fits(network, text, limit):
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits (lengths grow with the prefix, bar URLs: checked below)
        middle = (low + high + 1) // 2
        if fits(network, _with_ellipsis(text[:middle]), limit):
            low = middle
        else:
            high = middle - 1
    prefix = text[:low]
    if " " in prefix.strip() and not text[low:low + 1].isspace():
        prefix = prefix.rstrip().rsplit(" ", 1)[0]
    candidate = _with_ellipsis(prefix)
    while prefix and not fits(network, candidate, limit):
        prefix = prefix[:-1]
        candidate = _with_ellipsis(prefix)
    return candidate if fits(network, candidate, limit) else ""


def _with_ellipsis(prefix: str) -> str:
    prefix = prefix.rstrip(" ,;:-–—\n\t")
    return prefix + ELLIPSIS if prefix else ELLIPSIS


def _tidy_spacing(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _drop_fillers(text: str) -> str:
    return FILLERS.sub("", text)


def _shorter_phrasings(text: str) -> str:
    for pattern, replacement in SHORTER:
        text = pattern.sub(replacement, text)
    return text


def _drop_optional_hashtags(text: str, keep: tuple[str, ...]) -> str:
    kept = {tag.lower() for tag in keep}
    trimmed = HASHTAG.sub(lambda m: m.group(0) if m.group(0).lower() in kept else "", text)
    return _tidy_spacing(re.sub(r" +([.,!?])", r"\1", trimmed))


def _trim_hashtag_count(network: str, text: str, keep: tuple[str, ...]) -> str:
    most = limits_for(network).max_hashtags
    if most is None or len(HASHTAG.findall(text)) <= most:
        return text
    kept = {tag.lower() for tag in keep}
    allowed = sorted(kept)[:most]
    room = most - len(allowed)

    def keep_or_drop(match: re.Match) -> str:
        nonlocal room
        tag = match.group(0).lower()
        if tag in allowed:
            return match.group(0)
        if room > 0 and tag not in kept:
            room -= 1
            return match.group(0)
        return ""

    return _tidy_spacing(HASHTAG.sub(keep_or_drop, text))


def _drop_sentences(network: str, text: str, limit: int | None) -> str:
    """Drop middle sentences (the opening carries the message, the last line the call to action)."""
    sentences = SENTENCE_END.split(text)
    while len(sentences) > 2 and not fits(network, " ".join(sentences), limit):
        del sentences[-2]
    joined = " ".join(sentences)
    if len(sentences) == 2 and not fits(network, joined, limit) and fits(network, sentences[0], limit):
        return sentences[0]
    return joined

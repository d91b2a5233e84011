"""Spelling (pyspellchecker) and a few grammar rules: doubled words, a capital after a full stop,
spacing around punctuation. Hashtags, mentions, URLs and the organization's own words are left alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spellchecker import SpellChecker

WORD = re.compile(r"(?<![#@\w/.])[A-Za-z][a-z']+\b(?![/.]\w)")
URL = re.compile(r"https?://\S+|www\.\S+")


@dataclass(frozen=True)
class Fix:
    kind: str  # spelling, doubled_word, capital, spacing
    before: str
    after: str


@dataclass(frozen=True)
class Proofread:
    text: str
    fixes: list[Fix]


@cache
def _checker() -> SpellChecker:
    return SpellChecker(distance=1)


def proofread(text: str, known_words: frozenset[str] = frozenset()) -> Proofread:
    fixes: list[Fix] = []
    urls: list[str] = []

    def hide_url(match: re.Match) -> str:
        urls.append(match.group(0))
        return f"\x00{len(urls) - 1}\x00"

    working = URL.sub(hide_url, text)
    for rule in (_spacing, _doubled_words, _capitals):
        working = rule(working, fixes)
    working = _spelling(working, fixes, known_words)
    restored = re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], working)
    return Proofread(restored, fixes)


def _spacing(text: str, fixes: list[Fix]) -> str:
    rules = ((re.compile(r"[ \t]{2,}"), " "), (re.compile(r"[ \t]+([,.!?;:])(?=\s|$)"), r"\1"),
             (re.compile(r"[ \t]+([,.!?;:])(?=[A-Za-z])"), r"\1 "),
             (re.compile(r"([,;!?])(?=[A-Za-z])"), r"\1 "), (re.compile(r"(?<=[a-z])\.(?=[A-Z][a-z])"), ". "))
    for pattern, replacement in rules:
        for match in pattern.finditer(text):
            fixes.append(Fix("spacing", match.group(0), match.expand(replacement)))
        text = pattern.sub(replacement, text)
    return text


def _doubled_words(text: str, fixes: list[Fix]) -> str:
    pattern = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)

    def single(match: re.Match) -> str:
        fixes.append(Fix("doubled_word", match.group(0), match.group(1)))
        return match.group(1)

    return pattern.sub(single, text)


def _capitals(text: str, fixes: list[Fix]) -> str:
    def upper(match: re.Match) -> str:
        fixed = match.group(1) + match.group(2).upper()
        fixes.append(Fix("capital", match.group(0), fixed))
        return fixed

    text = re.sub(r"((?:^|[.!?]\s+))([a-z])(?=[a-z]*\b)", upper, text)
    return re.sub(r"(?<![\w'])i(?![\w'])", lambda m: _note(fixes, "capital", "i", "I"), text)


def _note(fixes: list[Fix], kind: str, before: str, after: str) -> str:
    fixes.append(Fix(kind, before, after))
    return after


def _spelling(text: str, fixes: list[Fix], known_words: frozenset[str]) -> str:
    checker = _checker()
    candidates = {m.group(0) for m in WORD.finditer(text)}
    unknown = checker.unknown(w.lower() for w in candidates if w.lower() not in known_words and "'" not in w)
    replacements = {}
    for word in candidates:
        if word.lower() in unknown and (len(word) == 1 or word[1:].islower()):
            correction = checker.correction(word.lower())
            if correction and correction != word.lower():
                replacements[word] = correction.capitalize() if word[0].isupper() else correction
    if not replacements:
        return text
    for before, after in replacements.items():
        fixes.append(Fix("spelling", before, after))
    return WORD.sub(lambda m: replacements.get(m.group(0), m.group(0)), text)

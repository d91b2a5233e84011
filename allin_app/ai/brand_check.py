"""Does a text follow the organization's brand guidelines?

Flags the words to avoid it uses, the required hashtags it lacks, and a tone far from the voice the
guidelines describe: the guidelines' voice names tones ("warm, witty") and the text's tone is
estimated with the lexicon in ai/tone.py; "far" means none of the named tones scores at least half
of the text's strongest tone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from allin_app.ai.tone import estimate_tone, tones_named_in
from allin_app.orgs.models import BrandGuidelines
from allin_app.platforms.limits import HASHTAG


@dataclass(frozen=True)
class BrandIssue:
    kind: str  # avoided_word, missing_hashtag, tone
    message: str
    value: str


@dataclass(frozen=True)
class BrandReport:
    issues: list[BrandIssue]
    tone: str  # the text's estimated tone
    expected_tones: list[str]  # the tones the guidelines name

    @property
    def ok(self) -> bool:
        return not self.issues


def words_to_avoid(guidelines: BrandGuidelines | None) -> list[str]:
    if guidelines is None:
        return []
    return [w.strip() for w in re.split(r"[,\n;]+", guidelines.words_to_avoid) if w.strip()]


def required_hashtags(guidelines: BrandGuidelines | None) -> list[str]:
    if guidelines is None:
        return []
    tags = [t.strip() for t in re.split(r"[,\s]+", guidelines.required_hashtags) if t.strip()]
    return [t if t.startswith("#") else f"#{t}" for t in tags]


def avoided_in(text: str, avoid: list[str]) -> list[str]:
    return [word for word in avoid if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)]


def check(text: str, guidelines: BrandGuidelines | None) -> BrandReport:
    issues = [BrandIssue("avoided_word", f"“{word}” is on the brand's list of words to avoid.", word)
              for word in avoided_in(text, words_to_avoid(guidelines))]
    present = {tag.lower() for tag in HASHTAG.findall(text)}
    issues += [BrandIssue("missing_hashtag", f"The brand requires {tag} in every post.", tag)
               for tag in required_hashtags(guidelines) if tag.lower() not in present]
    estimate = estimate_tone(text)
    expected = tones_named_in(guidelines.voice_tone) if guidelines else []
    if expected and estimate.tone != "neutral" and estimate.tone not in expected:
        strongest = estimate.scores[estimate.tone]
        if all(estimate.scores.get(tone, 0.0) < strongest / 2 for tone in expected):
            issues.append(BrandIssue("tone", f"The text sounds {estimate.tone}; the brand voice is "
                                             f"{', '.join(expected)}.", estimate.tone))
    return BrandReport(issues, estimate.tone, expected)


def remove_avoided(text: str, avoid: list[str]) -> str:
    """`text` without the words to avoid (the writer's own output never carries them)."""
    for word in avoid:
        text = re.sub(rf"\s*(?<!\w){re.escape(word)}(?!\w)", "", text, flags=re.IGNORECASE)
    return re.sub(r" {2,}", " ", text).strip()

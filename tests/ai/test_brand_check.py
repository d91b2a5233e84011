"""The brand voice check: words to avoid, missing required hashtags, a tone far from the voice."""

from __future__ import annotations

from allin_app.ai import assist
from allin_app.ai.brand_check import check
from allin_app.ai.tone import estimate_tone, tones_named_in
from allin_app.orgs.models import BrandGuidelines

GUIDELINES = BrandGuidelines(org_id=1, voice_tone="Warm and friendly, never pushy", words_to_avoid="cheap, guys",
                             required_hashtags="#BloomCoffee #FreshDaily")


def test_flags_avoided_words_and_missing_hashtags():
    report = check("Hey guys, our CHEAP coffee is here! #BloomCoffee", GUIDELINES)
    kinds = [(i.kind, i.value) for i in report.issues]
    assert ("avoided_word", "cheap") in kinds and ("avoided_word", "guys") in kinds
    assert ("missing_hashtag", "#FreshDaily") in kinds and ("missing_hashtag", "#BloomCoffee") not in kinds
    assert not report.ok


def test_a_text_in_the_brand_voice_passes():
    report = check("Hey friends, we'd love to welcome you for a warm cup! #BloomCoffee #FreshDaily", GUIDELINES)
    assert report.ok and report.tone == "friendly" and report.expected_tones == ["friendly"]


def test_a_tone_far_from_the_voice_is_flagged():
    report = check("Last chance: hurry, the offer ends tonight, only today, don't miss it! "
                   "#BloomCoffee #FreshDaily", GUIDELINES)
    assert [i.kind for i in report.issues] == ["tone"] and report.tone == "urgent"


def test_the_tone_estimate_and_voice_words():
    assert estimate_tone("We are pleased to announce our partnership, committed to quality results.").tone == \
        "professional"
    assert estimate_tone("").tone == "neutral"
    assert set(tones_named_in("Playful, uplifting and expert")) == {"witty", "inspirational", "professional"}


def test_the_service_reads_the_orgs_guidelines(seeded, actors):
    seeded.add(BrandGuidelines(org_id=actors["manager"].org_id, words_to_avoid="cheap"))
    seeded.commit()
    report = assist.check_brand(seeded, actors["creator"], "Cheap beans")
    assert [i.value for i in report.issues] == ["cheap"]


def test_the_demo_seed_gives_the_client_brand_guidelines_the_check_follows(seeded, actors):
    from allin_app.admin.seed import seed_demo_brand

    assert seed_demo_brand(seeded) and seed_demo_brand(seeded) == []
    report = assist.check_brand(seeded, actors["creator"], "Our cheap coffee is back")
    kinds = {(i.kind, i.value) for i in report.issues}
    assert ("avoided_word", "cheap") in kinds and ("missing_hashtag", "#BloomCoffee") in kinds

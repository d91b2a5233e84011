"""The writer service: local by default, brand guidelines applied, limits kept, remote answers checked."""

from __future__ import annotations

import pytest

from allin_app.ai import org_settings, writer
from allin_app.ai.providers import AIUnavailable
from allin_app.ai.textfit import fits
from allin_app.content.models import Post
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import BrandGuidelines
from tests.ai.fake_llm import Reply

NETWORKS = ["twitter", "instagram", "linkedin", "snapchat", "threads", "reddit"]


@pytest.fixture
def brand(seeded, actors):
    guidelines = BrandGuidelines(org_id=actors["manager"].org_id, voice_tone="Warm, friendly and a little witty",
                                 words_to_avoid="cheap, guys", required_hashtags="#BloomCoffee")
    seeded.add(guidelines)
    seeded.commit()
    return guidelines


@pytest.mark.parametrize("content_type", ["social_post", "blog_article", "email", "product_description", "ad_copy"])
def test_generate_each_content_type_offline_within_limits(seeded, actors, brand, content_type):
    result = writer.generate(seeded, actors["creator"], "Write a post about our cheap new cold brew for you guys",
                             NETWORKS, "friendly", "long", content_type)
    assert result.provider == "Local (offline)"
    assert "cold brew" in result.text.lower()
    assert "cheap" not in result.text.lower() and "guys" not in result.text.lower()
    assert all(fits(n, result.text) for n in NETWORKS)
    assert set(result.per_network) == set(NETWORKS) and all(fits(n, t) for n, t in result.per_network.items())


def test_generated_posts_carry_required_hashtags_and_vary(seeded, actors, brand):
    one = writer.generate(seeded, actors["creator"], "our autumn pumpkin spice latte", ["instagram"], "witty")
    two = writer.generate(seeded, actors["creator"], "our autumn pumpkin spice latte", ["instagram"], "urgent")
    again = writer.generate(seeded, actors["creator"], "our autumn pumpkin spice latte", ["instagram"], "witty")
    assert "#BloomCoffee" in one.text and "#BloomCoffee" in one.per_network["instagram"]
    assert one.text != two.text and one.text == again.text  # varied by tone, deterministic per request
    other = writer.generate(seeded, actors["creator"], "our autumn pumpkin spice latte", ["instagram"], "witty",
                            variant=1)
    assert other.text != one.text


def test_rewrite_shorten_expand_proofread_keep_limits(seeded, actors, brand):
    creator = actors["creator"]
    text = "We are launching our new cold brew today. It is smooth and bold. #coldbrew #BloomCoffee"
    professional = writer.rewrite(seeded, creator, text, "professional", ["twitter"])
    assert professional.text != text and "#coldbrew" in professional.text and fits("twitter", professional.text)
    long_text = " ".join(["Our roastery opens early and the first batch of beans is ready by seven."] * 30)
    short = writer.shorten(seeded, creator, long_text, "twitter")
    assert fits("twitter", short.text) and short.per_network == {"twitter": short.text}
    tight = writer.shorten(seeded, creator, long_text, "linkedin", target_length=100)
    assert len(tight.text) <= 100
    longer = writer.expand(seeded, creator, "New cold brew today.", ["snapchat"], "friendly")
    assert len(longer.text) > len("New cold brew today.") and fits("snapchat", longer.text)
    fixed = writer.proofread(seeded, creator, "our new coffe is is here .come try it", ["twitter"])
    assert fixed.text == "Our new coffee is here. Come try it"
    assert {f.kind for f in fixed.fixes} >= {"spelling", "doubled_word", "capital", "spacing"}


def test_adapt_gives_each_network_its_style(seeded, actors, brand):
    text = "We are launching our new cold brew today. It is smooth and bold. #coldbrew"
    result = writer.adapt(seeded, actors["creator"], text, ["linkedin", "instagram", "reddit", "twitter"])
    assert "\n\n" in result.per_network["linkedin"]  # short paragraphs
    assert result.per_network["instagram"].rstrip().splitlines()[-1].startswith("#")  # a block of hashtags
    assert all("#BloomCoffee" in t for t in result.per_network.values())
    assert all(fits(n, t) for n, t in result.per_network.items())


def test_bad_input_is_a_validation_error(seeded, actors):
    creator = actors["creator"]
    with pytest.raises(ValidationFailed) as bad:
        writer.generate(seeded, creator, "coffee", ["myspace"])
    assert bad.value.field == "networks"
    for call in (lambda: writer.generate(seeded, creator, "   "), lambda: writer.rewrite(seeded, creator, "x", "sad"),
                 lambda: writer.generate(seeded, creator, "coffee", content_type="poem"),
                 lambda: writer.adapt(seeded, creator, "coffee", [])):
        with pytest.raises(ValidationFailed):
            call()


def test_permissions_follow_the_matrix(seeded, actors):
    with pytest.raises(PermissionDenied):
        writer.generate(seeded, actors["client"], "coffee")
    with pytest.raises(PermissionDenied, match="assigned"):
        writer.generate(seeded, actors["team"], "coffee")
    team, manager = actors["team"], actors["manager"]
    mine = Post(org_id=team.org_id, author_user_id=manager.user_id, assignee_user_id=team.user_id, text="Beans")
    theirs = Post(org_id=team.org_id, author_user_id=manager.user_id, text="Beans")
    seeded.add_all([mine, theirs])
    seeded.commit()
    assert writer.rewrite(seeded, team, "Fresh beans today.", "witty", post_id=mine.id).text
    with pytest.raises(NotFound):
        writer.rewrite(seeded, team, "Fresh beans today.", "witty", post_id=theirs.id)


def test_remote_answers_are_cleaned_and_shortened_to_the_limit(seeded, actors, brand, remote_org):
    remote_org.script(Reply(text="Here is your post:\n\"" + "Cold brew is back and it is cheap! " * 20 + "\""))
    result = writer.generate(seeded, actors["creator"], "cold brew", ["twitter"], "friendly")
    assert result.provider.startswith("OpenAI-compatible: fake-llama at http://127.0.0.1")
    assert fits("twitter", result.text) and not result.text.startswith(("Here", '"'))
    assert "cheap" not in result.text.lower() and "#BloomCoffee" in result.text
    system = remote_org.requests[0]["body"]["messages"][0]["content"]
    assert "cheap" in system and "#BloomCoffee" in system and "280 characters" in system


def test_a_failing_remote_provider_is_a_clear_error(seeded, actors, remote_org, monkeypatch):
    monkeypatch.setattr(org_settings, "BACKOFF_SECONDS", 0.01)
    remote_org.script(Reply(status=503))
    with pytest.raises(AIUnavailable, match="Your text is kept"):
        writer.rewrite(seeded, actors["creator"], "Fresh beans today.", "witty")
    assert len(remote_org.requests) == org_settings.RETRIES + 1

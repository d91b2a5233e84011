"""Content variants: they differ, keep the network's limits and the brand's rules, are each predicted, and the
recommendation says which to test and how (by account with two or more accounts, else by time)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from allin_app.ai import prediction, variants
from allin_app.ai.textfit import fits
from allin_app.ai.tone import TONES
from allin_app.content.models import Post
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import BrandGuidelines, Organization
from tests.ai.fake_llm import Reply
from tests.ai.prediction_data import add_account, add_history, bloom, every_day, user_id

NOW = datetime(2026, 9, 7, 8, tzinfo=UTC)  # a Monday morning
LONG = ("Our new oat milk flat white is here, made with beans roasted every morning in our own small roastery "
        "down the street, and steamed oat milk that tastes like a warm hug on a cold autumn day. We think it is "
        "the best cup we have made in years, and our baristas agree. Come by the shop this week and taste it "
        "for yourself. #coffee #oatmilk")


def _request(**changes) -> variants.Request:
    return variants.Request(**({"network": "twitter", "text": LONG, "count": 3} | changes))


def test_variants_differ_and_fit_the_network(seeded, actors):
    found = variants.generate_variants(seeded, actors["manager"], _request(count=5), now=NOW)
    texts = [v.text for v in found.variants]
    assert len(texts) == 5 and len(set(texts)) == 5
    assert [v.key for v in found.variants] == list("ABCDE")
    assert len({v.tone for v in found.variants}) == 5 and all(v.tone in TONES for v in found.variants)
    assert all(fits("twitter", text) for text in texts)
    assert found.provider == "Local (offline)" and found.predicted_by == "local statistics"
    assert all(v.analysis.prediction and v.analysis.viral and v.analysis.score for v in found.variants)
    assert any("?" in text for text in texts)  # one of them ends by asking


def test_variants_from_a_prompt_keep_the_brand_rules(seeded, actors):
    seeded.add(BrandGuidelines(org_id=actors["manager"].org_id, words_to_avoid="cheap",
                               required_hashtags="#BloomCoffee"))
    seeded.commit()
    found = variants.generate_variants(seeded, actors["creator"], variants.Request(
        network="instagram", prompt="announce our cheap autumn pumpkin latte", count=3), now=NOW)
    assert len({v.text for v in found.variants}) == 3
    for variant in found.variants:
        assert fits("instagram", variant.text)
        assert "#BloomCoffee" in variant.text and "cheap" not in variant.text.lower()


def test_bad_requests_are_refused_with_their_field(seeded, actors):
    manager = actors["manager"]
    org = bloom(seeded)
    other = seeded.exec(Organization.__table__.select().where(Organization.id != org.id)).first()
    foreign = add_account(seeded, other.id, "twitter", "elsewhere")
    linkedin = add_account(seeded, org.id, "linkedin", "bloom_in")
    cases = [(_request(count=1), "count"), (_request(count=6), "count"), (_request(text=" "), "text"),
             (_request(prompt="a post about beans"), "text"), (_request(network="myspace"), "network"),
             (_request(account_ids=(linkedin.id,)), "account_ids")]
    for request, field in cases:
        with pytest.raises(ValidationFailed) as caught:
            variants.generate_variants(seeded, manager, request, now=NOW)
        assert caught.value.field == field
    with pytest.raises(NotFound):
        variants.generate_variants(seeded, manager, _request(account_ids=(foreign.id,)), now=NOW)


def test_two_accounts_on_the_network_split_by_account_at_one_time(seeded, actors):
    org = bloom(seeded)
    first, second = add_account(seeded, org.id, "instagram", "bloom_ig"), add_account(seeded, org.id, "instagram",
                                                                                       "bloom_beans")
    found = variants.generate_variants(seeded, actors["manager"], _request(
        network="instagram", account_ids=(first.id, second.id)), now=NOW)
    plan = found.recommendation.plan
    assert plan.split == "account" and len(plan.arms) == 2
    assert {arm.account_ids for arm in plan.arms} == {(first.id,), (second.id,)}
    assert plan.arms[0].at == plan.arms[1].at > NOW
    assert "Split by account" in found.recommendation.reason and "Bloom_Ig" in found.recommendation.reason


def test_one_account_splits_by_time_over_two_best_slots(seeded, actors):
    account = add_account(seeded, bloom(seeded).id, "twitter", "bloom_x")
    found = variants.generate_variants(seeded, actors["manager"], _request(account_ids=(account.id,)), now=NOW)
    recommendation = found.recommendation
    assert recommendation.plan.split == "time" and len(recommendation.keys) == 2
    first, second = recommendation.plan.arms
    assert first.account_ids == second.account_ids == (account.id,) and first.at != second.at
    assert first.when in recommendation.reason and second.when in recommendation.reason
    # thin history: every wording gets the same baseline, and the reason says so
    assert "same baseline" in recommendation.reason


def test_with_a_fitted_model_the_best_predicted_is_tested_against_close_ones(seeded, actors):
    prediction.forget()
    org, manager_id = bloom(seeded), user_id(seeded, "manager")
    account = add_account(seeded, org.id, "twitter", "bloom_x")
    asks = lambda n: "Fresh coffee today. Which cup is yours?" if n % 2 else "Fresh coffee today."
    add_history(seeded, org.id, manager_id, account, every_day(datetime(2026, 5, 1, tzinfo=UTC), 60),
                lambda n, _at: 6.0 if n % 2 else 2.0, text=asks)
    seeded.commit()
    found = variants.generate_variants(seeded, actors["manager"], _request(count=4, account_ids=(account.id,)),
                                       now=NOW)
    by_key = {v.key: v for v in found.variants}
    assert all(v.analysis.prediction.source == "model" for v in found.variants)
    best = max(found.variants, key=lambda v: v.rank_key)
    keys = found.recommendation.keys
    assert keys[0] == best.key and len(keys) == 2
    challenger = by_key[keys[1]].analysis.prediction
    if challenger.high >= best.analysis.prediction.low:
        assert "ranges overlap" in found.recommendation.reason
    else:
        assert "clearly ahead" in found.recommendation.reason


def test_permissions_per_role(seeded, actors):
    request = _request()
    with pytest.raises(PermissionDenied):
        variants.generate_variants(seeded, actors["client"], request, now=NOW)
    with pytest.raises(PermissionDenied):  # a team member works on posts assigned to them
        variants.generate_variants(seeded, actors["team"], request, now=NOW)
    org = bloom(seeded)
    assigned = Post(org_id=org.id, author_user_id=user_id(seeded, "manager"), text=LONG,
                    assignee_user_id=user_id(seeded, "team"))
    seeded.add(assigned)
    seeded.commit()
    for_team = variants.generate_variants(seeded, actors["team"], _request(post_id=assigned.id), now=NOW)
    assert len(for_team.variants) == 3 and for_team.recommendation is None  # no A/B recommendations for them
    assert all(v.analysis.prediction is None for v in for_team.variants)
    with pytest.raises(PermissionDenied):  # a creator's own content only
        variants.generate_variants(seeded, actors["creator"], _request(post_id=assigned.id), now=NOW)
    assert variants.generate_variants(seeded, actors["creator"], request, now=NOW).recommendation is not None


def test_a_remote_model_writes_the_variants_within_the_limit(seeded, actors, remote_org):
    remote_org.script(*[Reply(text=f"{opening} " + "Cold brew is back at the shop and it tastes great. " * 12)
                        for opening in ("Hello!", "Guess what?", "Big news:")])
    found = variants.generate_variants(seeded, actors["manager"], _request(count=3), now=NOW)
    assert found.provider.startswith("OpenAI-compatible: fake-llama")
    assert len(remote_org.requests) == 3
    assert len({v.text for v in found.variants}) == 3 and all(fits("twitter", v.text) for v in found.variants)

"""The engagement model: fitted on the organization's own posts, cached and refitted as history grows, and the
network baselines (saying so) while history is thin; viral potential and the engagement factor analysis."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from allin_app.ai import analysis, prediction
from allin_app.ai.features import features_of, history
from allin_app.analytics.metrics_math import zone_of
from allin_app.core.errors import PermissionDenied
from tests.ai.prediction_data import add_account, add_history, bloom, every_day, user_id
from tests.content.conftest import actors  # noqa: F401  (fixture)

START = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    prediction.forget()
    yield
    prediction.forget()


def _rows(db, org):
    return history(db, org.id, zone_of(org.timezone))


def _draft(network="facebook", media=False, text="Fresh beans today. Come by and taste them!"):
    return features_of(text, network, NOW, media=media, link=False)


def test_thin_history_falls_back_to_the_industry_baseline_and_says_so(seeded):
    org = bloom(seeded)
    add_history(seeded, org.id, user_id(seeded, "manager"), add_account(seeded, org.id, "facebook", "bloom"),
                every_day(START, 3), lambda n, at: 5.0)
    found = prediction.predict(_rows(seeded, org), org.id, _draft(network="linkedin"), None)
    assert found.source == "industry"
    assert found.engagement_rate == prediction.INDUSTRY_RATES["linkedin"]
    assert found.low < found.engagement_rate < found.high
    assert "Only 3 published posts" in found.explanation and "industry baseline" in found.explanation


def test_thin_history_uses_the_orgs_own_network_mean_once_it_has_a_few_posts(seeded):
    org = bloom(seeded)
    add_history(seeded, org.id, user_id(seeded, "manager"), add_account(seeded, org.id, "facebook", "bloom"),
                every_day(START, 8), lambda n, at: 4.0 + n % 2)
    found = prediction.predict(_rows(seeded, org), org.id, _draft(), None)
    assert found.source == "network_history" and found.posts_used == 8
    assert found.engagement_rate == 4.5
    assert "30 are needed" in found.explanation


def test_model_learns_from_history_and_gives_an_interval(seeded):
    org = bloom(seeded)
    account = add_account(seeded, org.id, "facebook", "bloom")
    noise = random.Random(3)
    # media posts do much better; a little noise so the interval has width
    add_history(seeded, org.id, user_id(seeded, "manager"), account, every_day(START, 90),
                lambda n, at: (9.0 if n % 2 else 3.0) + noise.uniform(-0.5, 0.5), media=lambda n: n % 2 == 1)
    rows = _rows(seeded, org)
    with_media = prediction.predict(rows, org.id, _draft(media=True), account.id)
    without = prediction.predict(rows, org.id, _draft(media=False), account.id)
    assert with_media.source == "model" and with_media.posts_used == 90
    assert with_media.engagement_rate > without.engagement_rate + 3
    assert with_media.low <= with_media.engagement_rate <= with_media.high
    assert "fitted on your 90 published posts" in with_media.explanation


def test_the_model_is_cached_and_refitted_when_history_grows(seeded):
    org = bloom(seeded)
    account = add_account(seeded, org.id, "facebook", "bloom")
    author = user_id(seeded, "manager")
    add_history(seeded, org.id, author, account, every_day(START, 40), lambda n, at: 5.0 + n % 3)
    first = prediction.model_for(org.id, _rows(seeded, org))
    assert prediction.model_for(org.id, _rows(seeded, org)) is first
    add_history(seeded, org.id, author, account, every_day(datetime(2026, 6, 1, 9, tzinfo=UTC), 2),
                lambda n, at: 5.0)
    refitted = prediction.model_for(org.id, _rows(seeded, org))
    assert refitted is not first and refitted.posts == 42


def test_factor_analysis_finds_what_goes_with_higher_engagement(seeded, actors):  # noqa: F811
    org = bloom(seeded)
    add_history(seeded, org.id, user_id(seeded, "manager"), add_account(seeded, org.id, "facebook", "bloom"),
                every_day(START, 40), lambda n, at: (8.0 if n % 2 else 4.0) + (n % 3 - 1) * 0.3,
                media=lambda n: n % 2 == 1,
                text=lambda n: "Which do you like best?" if n % 4 == 0 else "Fresh beans today.")
    effects = analysis.engagement_factors(seeded, actors["manager"])
    media = next(e for e in effects if e.feature == "media")
    assert effects[0].feature == "media"
    assert (media.posts_with, media.posts_without) == (20, 20)
    assert media.mean_with == pytest.approx(8.0, abs=0.05) and media.mean_without == pytest.approx(4.0, abs=0.05)
    assert media.effect_size > 0.8 and "a large difference" in media.sentence
    question = next(e for e in effects if e.feature == "question")
    assert question.mean_with < question.mean_without  # every 4th post asks, and those are all no-media posts


def test_factor_analysis_reads_a_creators_own_posts_only_and_not_for_team_members(seeded, actors):  # noqa: F811
    org = bloom(seeded)
    account = add_account(seeded, org.id, "facebook", "bloom")
    add_history(seeded, org.id, user_id(seeded, "manager"), account, every_day(START, 30), lambda n, at: 5.0,
                media=lambda n: n % 2 == 1)
    assert analysis.engagement_factors(seeded, actors["creator"]) == []  # no posts of their own
    with pytest.raises(PermissionDenied):
        analysis.engagement_factors(seeded, actors["team"])
    with pytest.raises(PermissionDenied):
        analysis.engagement_factors(seeded, actors["client"])


def test_viral_score_adds_up_its_factors(seeded):
    org = bloom(seeded)
    add_history(seeded, org.id, user_id(seeded, "manager"), add_account(seeded, org.id, "facebook", "bloom"),
                every_day(START, 10), lambda n, at: 2.0 + n)
    rows = _rows(seeded, org)
    strong = _draft(media=True, text="We love this! Which one is your favourite? #coffee")
    weak = _draft(media=False, text="Open today.")
    strong_score = prediction.viral_score(rows, prediction.Prediction(20.0, 15, 25, "model", 10, ""), strong, 1, 1)
    weak_score = prediction.viral_score(rows, prediction.Prediction(1.0, 0.5, 2, "model", 10, ""), weak, 0.2, 0)
    assert 0 <= weak_score.score < strong_score.score <= 100
    assert strong_score.score == round(sum(f.points for f in strong_score.factors))
    assert {f.key for f in strong_score.factors} == set(prediction.VIRAL_WEIGHTS)
    assert sum(f.max_points for f in strong_score.factors) == 100
    expected = next(f for f in strong_score.factors if f.key == "expected_engagement")
    assert expected.points == 35 and "beats 100%" in expected.sentence

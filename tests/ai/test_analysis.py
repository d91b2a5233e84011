"""The content score's factors, and analyze as each role sees it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from allin_app.ai import analysis, best_time, prediction
from allin_app.ai.features import features_of
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from tests.ai.prediction_data import add_account, bloom
from tests.content.conftest import actors  # noqa: F401  (fixture)

TUESDAY_NINE = datetime(2026, 9, 8, 9, tzinfo=UTC)
GOOD = "Our new oat milk flat white is here and we love it. Which one is your favourite? Come by! #coffee"


def _score(text: str, network: str = "instagram", media: bool = True, at: datetime = TUESDAY_NINE, best=None):
    features = features_of(text, network, at, media=media, link=False)
    return analysis.content_score(text, features, best, at)


def _factor(score, key):
    return next(f for f in score.factors if f.key == key)


def test_the_score_is_the_sum_of_its_factors():
    score = _score(GOOD)
    assert score.score == round(sum(f.points for f in score.factors))
    assert sum(f.max_points for f in score.factors) == 100
    assert all(f.sentence for f in score.factors)


def test_length_against_each_networks_sweet_spot():
    fits = _score("x " * 45, network="twitter")  # 89 characters: 70-110 on X
    assert _factor(fits, "length").share == 1
    long = _score("word " * 100, network="twitter")
    assert _factor(long, "length").share < 0.5 and "long for twitter" in _factor(long, "length").sentence


def test_hashtags_question_media_and_sentiment():
    plain = _score("Open today at the usual place near the station.", media=False)
    rich = _score(GOOD + " #latte #oatmilk", media=True)
    assert _factor(plain, "hashtags").points == 0 and _factor(rich, "hashtags").share == 1
    assert _factor(rich, "engagement_prompt").share == 1 and _factor(plain, "engagement_prompt").share < 0.5
    assert _factor(plain, "media").points == 0 and "visual network" in _factor(plain, "media").sentence
    assert _factor(rich, "sentiment").share == 1
    spammy = _score("Coffee " + " ".join(f"#tag{n}" for n in range(25)))
    assert _factor(spammy, "hashtags").share < 0.2 and "too many" in _factor(spammy, "hashtags").sentence
    assert rich.score > plain.score


def test_readability_penalises_long_words_and_sentences():
    easy = _score("We made a new cake. It is soft and sweet. Come and try it.")
    hard = _score("Notwithstanding considerable organisational heterogeneity, institutional decarbonisation "
                  "necessitates comprehensive, multidimensional operationalisation of sustainability commitments.")
    assert _factor(easy, "readability").share == 1
    assert _factor(hard, "readability").share < 0.5 and "Hard to read" in _factor(hard, "readability").sentence


def test_timing_against_the_best_slots():
    slots = [best_time.Slot(1, 9, 7.0, 10, TUESDAY_NINE)]
    best = best_time.BestTimes("instagram", None, "UTC", "history", "", 40, slots)
    assert _factor(_score(GOOD, best=best), "timing").share == 1
    later = _score(GOOD, best=best, at=datetime(2026, 9, 8, 15, tzinfo=UTC))
    assert _factor(later, "timing").share == 0.5 and "6 h from the nearest" in _factor(later, "timing").sentence


def test_analyze_as_a_manager_gives_every_section(seeded, actors):  # noqa: F811
    prediction.forget()
    found = analysis.analyze(seeded, actors["manager"], analysis.Draft(text=GOOD, network="instagram", media=True))
    assert found.score and found.prediction and found.viral and found.omitted == []
    assert found.prediction.source == "industry"  # the seed has no published history
    assert found.best_times_source == "industry"


def test_client_viewers_see_viral_scores_only(seeded, actors):  # noqa: F811
    found = analysis.analyze(seeded, actors["client"], analysis.Draft(text=GOOD, network="instagram"))
    assert found.viral is not None and found.score is None and found.prediction is None
    assert found.omitted == ["score", "prediction"]


def test_team_members_analyze_assigned_content_only(seeded, actors):  # noqa: F811
    with pytest.raises(PermissionDenied):
        analysis.analyze(seeded, actors["team"], analysis.Draft(text=GOOD, network="instagram"))


def test_bad_drafts(seeded, actors):  # noqa: F811
    manager = actors["manager"]
    with pytest.raises(ValidationFailed):
        analysis.analyze(seeded, manager, analysis.Draft(text="  ", network="instagram"))
    with pytest.raises(ValidationFailed):
        analysis.analyze(seeded, manager, analysis.Draft(text=GOOD))
    with pytest.raises(ValidationFailed):
        analysis.analyze(seeded, manager, analysis.Draft(text=GOOD, network="myspace"))
    other = seeded.exec(Organization.__table__.select().where(Organization.id != bloom(seeded).id)).first()
    foreign = add_account(seeded, other.id, "facebook", "elsewhere")
    with pytest.raises(NotFound):
        analysis.analyze(seeded, manager, analysis.Draft(text=GOOD, account_id=foreign.id))
    with pytest.raises(NotFound):
        analysis.analyze(seeded, manager, analysis.Draft(text=GOOD, network="facebook", post_id=10**6))

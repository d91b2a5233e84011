"""Hashtag suggestions come from the organization's own published posts and their engagement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from allin_app.ai import assist
from allin_app.analytics.models import PostTotal
from allin_app.core.clock import utcnow
from allin_app.core.errors import PermissionDenied
from allin_app.orgs.models import BrandGuidelines
from tests.analytics.conftest import collect_at, publish_at

T0 = (utcnow() - timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
HISTORY = [  # text, engagements per 1,000 impressions
    ("Morning roast is ready #coffee #latteart", 90),
    ("Latte art class on Saturday #latteart #coffee", 70),
    ("New beans from Colombia #coffee #singleorigin", 20),
    ("Weekend brunch menu #brunch #bakery", 10),
]


@pytest.fixture
def history(seeded, sim, actors, accounts):
    for day, (text, engagements) in enumerate(HISTORY):
        publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id], T0 + timedelta(hours=day), text)
    collect_at(sim, T0 + timedelta(days=1))
    seeded.expire_all()
    totals = seeded.exec(select(PostTotal).order_by(PostTotal.published_at)).all()
    assert len(totals) == len(HISTORY)
    for total, (_text, engagements) in zip(totals, HISTORY, strict=True):
        total.impressions, total.engagements = 1000, engagements
        seeded.add(total)
    seeded.commit()


def test_suggestions_follow_co_occurrence_and_engagement(seeded, actors, history):
    found = assist.suggest_hashtags(seeded, actors["creator"], "Try our new espresso blend #coffee")
    by_tag = {s.tag: s for s in found}
    history_tags = [s.tag for s in found if s.source == "history"]
    assert history_tags[:2] == ["#latteart", "#singleorigin"]  # both go with #coffee; #latteart engages more
    assert by_tag["#latteart"].uses == 2 and by_tag["#latteart"].engagement_rate == pytest.approx(0.08)
    assert "used with your hashtags in 2 of your posts" in by_tag["#latteart"].reason
    assert "#brunch" not in by_tag and "#coffee" not in by_tag  # unrelated and below average; already there
    assert any(s.source == "keywords" and "espresso" in s.tag.lower() for s in found)


def test_keywords_match_past_hashtags_and_required_ones_come_first(seeded, actors, history):
    seeded.add(BrandGuidelines(org_id=actors["manager"].org_id, required_hashtags="#BloomCoffee"))
    seeded.commit()
    found = assist.suggest_hashtags(seeded, actors["creator"], "Our bakery has a new brunch menu", count=5)
    assert found[0].tag == "#BloomCoffee" and found[0].source == "required"
    assert {"#brunch", "#bakery"} <= {s.tag for s in found}


def test_the_network_cap_and_permissions(seeded, actors, history):
    assert assist.suggest_hashtags(seeded, actors["creator"], "coffee " + "#a " * 50, network="twitter") == []
    with pytest.raises(PermissionDenied):
        assist.suggest_hashtags(seeded, actors["client"], "coffee")


def test_without_history_the_keywords_still_answer(seeded, actors):
    found = assist.suggest_hashtags(seeded, actors["creator"], "Fresh sourdough bread every morning")
    assert found and all(s.source == "keywords" for s in found)

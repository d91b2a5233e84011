"""Comment sentiment over a period, as the analytics chart reads it: how many posts were read, and which
networks could not be reached or list no comments (so the page can say so instead of an empty chart)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from allin_app.ai import sentiment
from allin_app.analytics import charts
from allin_app.core.clock import clock_at
from allin_app.core.errors import PermissionDenied
from tests.analytics.conftest import _no_faults, publish_at  # noqa: F401  (fixture)
from tests.content.conftest import accounts, actors, sim  # noqa: F401  (fixtures)

WHEN = datetime(2026, 5, 5, 9, tzinfo=UTC)
READ_AT = WHEN + timedelta(days=3)


def _unreachable() -> httpx.Client:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    return httpx.Client(transport=httpx.MockTransport(refuse))


def test_the_timeline_counts_posts_and_names_networks_without_comments(seeded, sim, actors, accounts):  # noqa: F811
    publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id, accounts["linkedin"].id], WHEN)
    with clock_at(READ_AT):
        found = sentiment.sentiment_timeline(seeded, actors["manager"], WHEN.date(), READ_AT.date(), client=sim)
        days = sentiment.sentiment_over_time(seeded, actors["manager"], WHEN.date(), READ_AT.date(), client=sim)
    assert found.posts == 1 and found.failed == [] and found.unsupported == ["linkedin"]
    assert found.days == days and sum(d.comments for d in days) > 0
    figure = charts.sentiment_chart(found.days)
    assert [t.name for t in figure.data] == ["Comments", "Average sentiment"]
    assert list(figure.data[1].y) == [d.average for d in found.days]


def test_unreachable_networks_are_named_not_hidden(seeded, sim, actors, accounts):  # noqa: F811
    publish_at(seeded, sim, actors["manager"], [accounts["twitter"].id], WHEN)
    with clock_at(READ_AT), _unreachable() as dead:
        found = sentiment.sentiment_timeline(seeded, actors["manager"], WHEN.date(), READ_AT.date(), client=dead)
    assert found.posts == 1 and found.days == [] and found.failed == ["twitter"]


def test_client_viewers_and_team_members_get_no_timeline(seeded, actors):  # noqa: F811
    for who in ("client", "team"):
        with pytest.raises(PermissionDenied):
            sentiment.sentiment_timeline(seeded, actors[who], WHEN.date(), READ_AT.date())

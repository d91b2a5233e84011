"""Reflex state of /analytics/ab-tests: the A/B tests the user may see, each variant's prediction next to its
real results, and the verdict."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from allin_app.ai import ab_tests
from allin_app.analytics.metrics_math import zone_of
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.orgs.models import Organization
from allin_app.platforms.registry import ADAPTERS

PAGE = 10


@dataclass
class OutcomeRow:
    key: str
    approach: str
    text: str
    post_id: str
    status: str
    accounts: str
    when: str
    predicted: str
    impressions: str
    engagements: str
    real: str
    against: str
    winner: bool


@dataclass
class TestCard:
    id: str
    title: str
    subtitle: str
    reason: str
    verdict: str
    decided: bool
    rows: list[OutcomeRow]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} %"


def _row(o: ab_tests.VariantOutcome, winner: str | None) -> OutcomeRow:
    predicted = "—" if o.predicted_rate is None else (
        f"{o.predicted_rate:.2f} % ({o.predicted_low:.2f}–{o.predicted_high:.2f} %)")
    text = o.text if len(o.text) <= 140 else o.text[:139] + "…"
    return OutcomeRow(o.key, o.approach, text, str(o.post_id), o.status.replace("_", " "), o.accounts or "—",
                      o.slot_label or "—", predicted, f"{o.impressions:,}", f"{o.engagements:,}",
                      _pct(o.engagement_rate), o.against_prediction, o.key == winner)


def test_card(t: ab_tests.TestResults, zone) -> TestCard:
    network = ADAPTERS[t.network].label if t.network in ADAPTERS else t.network
    return TestCard(str(t.id), f"Test #{t.id} · {network} · split by {t.split}",
                    f"Started {t.created_at.astimezone(zone):%d %b %Y, %H:%M} by {t.created_by}", t.reason,
                    t.verdict.sentence, t.verdict.winner is not None, [_row(o, t.verdict.winner) for o in t.variants])


class ABTestsState(rx.State):
    loaded: bool = False
    tests: list[TestCard] = []
    total: int = 0
    has_more: bool = False
    error: str = ""
    _cursor: str = ""

    async def _read(self, cursor: str | None):
        def read(db, actor):
            org = db.get(Organization, actor.org_id)
            return ab_tests.list_ab_tests(db, actor, PAGE, cursor), zone_of(org.timezone if org else None)

        found, error = await act_as_signed_in(self, read)
        self.error, self.loaded = (error.message if error else ""), True
        if found:
            page, zone = found
            cards = [test_card(t, zone) for t in page.items]
            self.tests = [*self.tests, *cards] if cursor else cards
            self.total, self._cursor, self.has_more = page.total, page.next_cursor or "", bool(page.next_cursor)

    @rx.event
    @requires_sign_in
    async def load(self):
        self.loaded, self.tests = False, []
        await self._read(None)

    @rx.event
    @requires_sign_in
    async def more(self):
        if self._cursor:
            await self._read(self._cursor)

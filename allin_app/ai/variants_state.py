"""Reflex state of the composer's "Variants" dialog: variants of the composer's text for one of its networks,
each predicted, the recommended A/B test, "Use this text" (through the composer's own save), and starting
the test.

The texts a test starts from are kept server-side (a backend var) from the last generation, so the browser
cannot start a test on words the writer did not produce here; the services re-check every permission.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from allin_app.ai import ab_tests, variants
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.content.composer_state import ComposerState
from allin_app.core.rbac import Actor
from allin_app.platforms.registry import ADAPTERS


@dataclass
class VariantCard:
    key: str
    approach: str
    text: str
    rate: str  # predicted engagement rate, "" when the role sees no prediction
    interval: str
    source: str
    viral: str
    score: str
    recommended: bool


def _card(v: variants.Variant, recommended: list[str]) -> VariantCard:
    p, viral, score = v.analysis.prediction, v.analysis.viral, v.analysis.score
    return VariantCard(v.key, v.approach, v.text, f"{p.engagement_rate:.2f} %" if p else "",
                       f"{p.low:.2f}–{p.high:.2f} %" if p else "", p.explanation if p else "",
                       str(viral.score) if viral else "", str(score.score) if score else "", v.key in recommended)


class VariantsState(rx.State):
    is_open: bool = False
    busy: bool = False
    network: str = ""
    networks: list[list[str]] = []  # [network, label] of the composer's selected accounts
    count: str = "3"
    cards: list[VariantCard] = []
    provider: str = ""
    predicted_by: str = ""
    notes: list[str] = []
    reason: str = ""
    recommended: list[str] = []
    schedule: bool = False
    error: str = ""
    started: str = ""  # what the last started test made
    _texts: dict[str, str] = {}  # key -> text of the last generation
    _approaches: dict[str, str] = {}
    _account_ids: list[int] = []
    _post_id: int = 0

    @rx.event
    @requires_sign_in
    async def toggle(self, opened: bool = True):
        self.is_open, self.error, self.started = opened, "", ""
        if opened:
            await self._generate()

    @rx.event
    @requires_sign_in
    async def choose_network(self, network: str):
        self.network = network if network in ADAPTERS else self.network
        await self._generate()

    @rx.event
    @requires_sign_in
    async def choose_count(self, count: str):
        self.count = count if count.isdigit() else self.count
        await self._generate()

    @rx.event
    def set_schedule(self, value: bool):
        self.schedule = bool(value)

    async def _generate(self):
        composer = await self.get_state(ComposerState)
        chosen = [a for a in composer.accounts if a.id in composer.selected]
        self.networks = [[n, ADAPTERS[n].label] for n in dict.fromkeys(a.network for a in chosen)]
        if self.network not in {n for n, _ in self.networks}:
            self.network = self.networks[0][0] if self.networks else ""
        self.cards, self.reason, self.recommended, self._texts = [], "", [], {}
        if not composer.text.strip() or not self.network:
            self.error = "Write the post and pick an account first: variants are written for its network."
            return
        request = variants.Request(
            network=self.network, text=composer.text, count=int(self.count),
            account_ids=tuple(int(a.id) for a in chosen if a.network == self.network),
            post_id=composer.post_id or None, media=bool(composer.attached), link=composer.link)
        self.busy = True
        found, error = await act_as_signed_in(
            self, lambda db, actor: variants.generate_variants(db, actor, request), blocking=True)
        self.busy = False
        self.error = error.message if error else ""
        if found:
            self._show(found, request)

    def _show(self, found: variants.VariantSet, request: variants.Request) -> None:
        r = found.recommendation
        self.recommended = r.keys if r else []
        self.cards = [_card(v, self.recommended) for v in found.variants]
        self.provider, self.predicted_by, self.notes = found.provider, found.predicted_by, found.notes
        self.reason = r.reason if r else ""
        self._texts = {v.key: v.text for v in found.variants}
        self._approaches = {v.key: v.approach for v in found.variants}
        self._account_ids, self._post_id = list(request.account_ids), request.post_id or 0

    @rx.event
    @requires_sign_in
    async def use_text(self, key: str):
        if key not in self._texts:
            return None
        composer = await self.get_state(ComposerState)
        self.is_open = False
        return await composer.set_text(self._texts[key])

    @rx.event
    @requires_sign_in
    async def start_test(self):
        if not self.recommended:
            self.error = "Generate variants first."
            return None
        request = ab_tests.StartRequest(
            network=self.network, account_ids=tuple(self._account_ids), schedule=self.schedule,
            post_id=self._post_id or None,
            variants=tuple(ab_tests.VariantChoice(self._texts[k], self._approaches[k]) for k in self.recommended))

        def start(db: Session, actor: Actor) -> tuple[int, str]:
            test = ab_tests.start_ab_test(db, actor, request)
            return len(request.variants), test.split

        done, error = await act_as_signed_in(self, start)
        if error:
            self.error = "; ".join(e["message"] for e in getattr(error, "errors", [])) or error.message
            return None
        made, split = done
        how = "scheduled at their slots" if self.schedule else "as drafts to schedule"
        self.error = ""
        self.started = f"A/B test started: {made} posts made {how}, split by {split}."
        return rx.toast.success("A/B test started.")

"""Engagement factor analysis on /analytics: which traits of the organization's published posts (a creator:
their own) go with higher engagement (service: `analysis.engagement_factors`)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from allin_app.ai import analysis
from allin_app.auth.state import act_as_signed_in
from allin_app.core.errors import PermissionDenied


@dataclass
class EffectRow:
    feature: str
    label: str
    with_rate: str
    without_rate: str
    difference: str
    direction: str  # up, down or flat
    sentence: str


def _row(effect) -> EffectRow:
    flat = abs(effect.effect_size) < 0.2
    return EffectRow(effect.feature, effect.label.capitalize(), f"{effect.mean_with:.2f} %",
                     f"{effect.mean_without:.2f} %", f"{effect.difference:+.2f} pt",
                     "flat" if flat else "up" if effect.difference > 0 else "down", effect.sentence)


class FactorsState(rx.State):
    can_read: bool = False
    loaded: bool = False
    rows: list[EffectRow] = []

    @rx.event
    async def load(self):
        found, error = await act_as_signed_in(self, analysis.engagement_factors, blocking=True)
        self.can_read = not isinstance(error, PermissionDenied)
        self.rows = [_row(e) for e in found or []]
        self.loaded = True

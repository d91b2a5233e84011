"""Reflex state of the ROI page (/analytics/roi): the period's figures (roi_figures.py) as cards, tables and
plotly figures, and the CSV import of conversions (preview with each row's problems, then import).

The uploaded file waits between preview and confirmation in the data directory under a random name only
the server knows (a backend var), as the posts import does.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import reflex as rx

from allin_app.analytics import charts, roi, roi_charts, roi_figures, roi_import
from allin_app.analytics.dashboard import today_of
from allin_app.analytics.periods import PRESETS, describe, preset_range
from allin_app.auth.state import act_as_signed_in, requires_sign_in
from allin_app.core.config import settings
from allin_app.core.money import format_money

SHOWN_VALID = 50
SHOWN_PROBLEMS = 300
STALE_SECONDS = 24 * 3600


@dataclass
class Card:
    key: str
    label: str
    value: str
    hint: str


@dataclass
class CampaignLine:
    id: str
    name: str
    color: str
    clicks: str
    conversions: str
    rate: str
    revenue: str
    cost: str
    basis: str
    cpc: str
    cac: str
    roi: str
    positive: bool


@dataclass
class PostLine:
    id: str
    text: str
    networks: str
    campaign: str
    clicks: str
    conversions: str
    rate: str
    revenue: str


@dataclass
class PreviewLine:
    number: str
    external_id: str
    when: str
    value: str
    problems: str
    ok: bool


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f} %"


def _money(cents: int | None, currency: str) -> str:
    return "—" if cents is None else format_money(cents, currency)


def cards(report: roi_figures.RoiReport) -> list[Card]:
    t, cur = report.totals, report.currency
    return [Card("revenue", "Revenue", _money(t.revenue_cents, cur), "conversions in " + cur),
            Card("cost", "Cost", _money(t.cost_cents, cur), "campaign costs, or budgets where none are entered"),
            Card("roi", "ROI", _pct(t.roi), "(revenue − cost) ÷ cost"),
            Card("clicks", "Clicks", f"{t.clicks:,}", "on AllIN's short links"),
            Card("conversions", "Conversions", f"{t.conversions:,}", "reported by API or CSV"),
            Card("conversion_rate", "Conversion rate", _pct(t.conversion_rate), "conversions ÷ clicks"),
            Card("cpc", "Cost per click", _money(t.cost_per_click_cents, cur), "cost ÷ clicks"),
            Card("cac", "Customer acquisition cost", _money(t.cac_cents, cur), "cost ÷ conversions")]


def campaign_line(row: roi_figures.CampaignRoi, currency: str) -> CampaignLine:
    basis = {"costs": "costs entered", "budget": "budget", "": "nothing spent"}[row.cost_basis]
    return CampaignLine(str(row.campaign_id), row.name, row.color, f"{row.clicks:,}", f"{row.conversions:,}",
                        _pct(row.conversion_rate), _money(row.revenue_cents, currency), _money(row.cost_cents, currency),
                        basis, _money(row.cost_per_click_cents, currency), _money(row.cac_cents, currency),
                        _pct(row.roi), (row.roi or 0) >= 0)


def post_line(row: roi_figures.PostRoi, currency: str) -> PostLine:
    text = row.text if len(row.text) <= 80 else row.text[:79] + "…"
    return PostLine(str(row.post_id), text or "(no text)", ", ".join(charts.network_label(n) for n in row.networks),
                    row.campaign or "—", f"{row.clicks:,}", f"{row.conversions:,}", _pct(row.conversion_rate),
                    _money(row.revenue_cents, currency))


def preview_line(row: roi_import.RowCheck) -> PreviewLine:
    return PreviewLine(str(row.number), row.values.get("external_id", ""), row.values.get("occurred_at", ""),
                       " ".join(filter(None, (row.values.get("value", ""), row.values.get("currency", ""))))
                       or "", " ".join(row.errors), row.valid)


def _imports_dir() -> Path:
    folder = Path(settings.data_dir) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class RoiState(rx.State):
    loaded: bool = False
    can_import: bool = False
    preset: str = "30d"
    period_text: str = ""
    currency: str = ""
    cards: list[Card] = []
    campaigns: list[CampaignLine] = []
    posts: list[PostLine] = []
    other_currencies: str = ""
    unattributed: str = ""
    error: str = ""

    file_name: str = ""
    preview: list[PreviewLine] = []
    total_rows: int = 0
    valid_rows: int = 0
    ignored: str = ""
    import_error: str = ""
    import_notice: str = ""
    importing: bool = False
    _upload_key: str = ""

    fig_daily: go.Figure = go.Figure()
    fig_campaigns: go.Figure = go.Figure()
    fig_networks: go.Figure = go.Figure()

    @rx.var
    def presets(self) -> list[list[str]]:
        return [[key, label] for key, label in PRESETS.items()]

    def _read(self, db, actor):
        start, end = preset_range(self.preset if self.preset in PRESETS else "30d", today_of(db, actor))
        return roi_figures.roi_report(db, actor, start, end), roi.may_record(actor)

    def _show(self, report: roi_figures.RoiReport, can_import: bool) -> None:
        cur = report.currency
        self.loaded, self.can_import, self.currency = True, can_import, cur
        self.period_text = describe(report.start, report.end)
        self.cards = cards(report)
        self.campaigns = [campaign_line(c, cur) for c in report.campaigns]
        self.posts = [post_line(p, cur) for p in report.posts]
        self.other_currencies = ", ".join(format_money(v, c) for c, v in sorted(report.other_currencies.items()))
        u = report.unattributed
        self.unattributed = (f"{u.conversions:,} conversion{'s' if u.conversions != 1 else ''} "
                             f"({format_money(u.revenue_cents, cur)}) matched no campaign or post."
                             if u.conversions else "")
        self.fig_daily = roi_charts.daily_chart(report)
        self.fig_campaigns = roi_charts.campaign_chart(report)
        self.fig_networks = roi_charts.network_chart(report)

    async def _reload(self) -> None:
        shown, error = await act_as_signed_in(self, self._read)
        self.error = error.message if error else ""
        if not error:
            self._show(*shown)

    @rx.event
    @requires_sign_in
    async def load(self):
        self._clear_preview()
        self.import_error = self.import_notice = ""
        await self._reload()

    @rx.event
    @requires_sign_in
    async def choose_preset(self, preset: str):
        self.preset = preset if preset in PRESETS else "30d"
        await self._reload()

    # ---- the CSV import --------------------------------------------------------------------------

    def _clear_preview(self) -> None:
        if self._upload_key:
            (_imports_dir() / self._upload_key).unlink(missing_ok=True)
        self._upload_key, self.file_name, self.preview, self.total_rows, self.valid_rows, self.ignored = \
            "", "", [], 0, 0, ""

    @rx.event
    @requires_sign_in
    async def upload(self, files: list[rx.UploadFile]):
        self._clear_preview()
        self.import_error = self.import_notice = ""
        if not files:
            return
        data = await files[0].read(roi_import.MAX_BYTES + 1)
        found, error = await act_as_signed_in(
            self, lambda db, actor: roi_import.preview_conversions(db, actor, data), blocking=True)
        if error:
            self.import_error = error.message
            return
        for path in _imports_dir().glob("*.csv"):
            if path.stat().st_mtime < time.time() - STALE_SECONDS:
                path.unlink(missing_ok=True)
        self._upload_key = f"{secrets.token_hex(16)}.csv"
        (_imports_dir() / self._upload_key).write_bytes(data)
        self.file_name = files[0].name or "conversions.csv"
        bad = [r for r in found.rows if not r.valid][:SHOWN_PROBLEMS]
        good = found.valid_rows[:SHOWN_VALID]
        self.preview = [preview_line(r) for r in sorted(bad + good, key=lambda r: r.number)]
        self.total_rows, self.valid_rows = len(found.rows), len(found.valid_rows)
        self.ignored = ", ".join(found.ignored_columns)

    @rx.event
    def cancel_import(self):
        self._clear_preview()

    @rx.event
    def start_importing(self):
        self.importing = True

    @rx.event
    @requires_sign_in
    async def confirm_import(self):
        self.importing = False
        path = _imports_dir() / self._upload_key if self._upload_key else None
        if path is None or not path.exists():
            self._clear_preview()
            self.import_error = "The uploaded file is no longer here: upload it again."
            return
        data = path.read_bytes()
        done, error = await act_as_signed_in(
            self, lambda db, actor: roi_import.import_conversions(db, actor, data), blocking=True)
        if error:
            self.import_error = error.message
            return
        self._clear_preview()
        r, skipped = done.recorded, len(done.skipped)
        self.import_notice = (f"{r.created} new, {r.updated} updated, {r.unchanged} already there"
                              + (f"; {skipped} row{'s' if skipped != 1 else ''} with problems left out." if skipped
                                 else "."))
        await self._reload()

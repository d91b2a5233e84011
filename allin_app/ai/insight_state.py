"""The composer's "Before you publish" card: content score, predicted engagement and viral potential of
the draft on one of its accounts, each with the factors behind it (service: `analysis.analyze`)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from allin_app.ai import analysis
from allin_app.ai.prediction import Prediction
from allin_app.auth.state import act_as_signed_in, go_to, resume_url
from allin_app.content import service as posts
from allin_app.content.composer_state import ComposerState
from allin_app.core.errors import NotSignedIn

OMITTED = {"score": "the content score", "prediction": "the engagement prediction", "viral": "the viral score"}


@dataclass
class FactorRow:
    key: str
    label: str
    value: str
    points: float
    max_points: int
    percent: int  # of its maximum, for the bar
    sentence: str


@dataclass
class AccountOption:
    id: str
    label: str


def _rows(factors) -> list[FactorRow]:
    return [FactorRow(f.key, f.label, getattr(f, "value", ""), f.points, f.max_points,
                      round(100 * f.points / f.max_points) if f.max_points else 0, f.sentence) for f in factors]


def _rate(prediction: Prediction | None) -> str:
    return f"{prediction.engagement_rate:.2f} %" if prediction else ""


def _interval(prediction: Prediction | None) -> str:
    return f"{prediction.low:.2f} – {prediction.high:.2f} %" if prediction else ""


class InsightState(rx.State):
    account_id: str = ""
    options: list[AccountOption] = []
    analyzed: bool = False
    busy: bool = False
    score: int = -1  # -1: not shown to this role
    score_factors: list[FactorRow] = []
    rate: str = ""
    interval: str = ""
    rate_note: str = ""
    rate_source: str = ""
    viral: int = -1
    viral_factors: list[FactorRow] = []
    omitted_note: str = ""
    timing_note: str = ""
    error: str = ""

    @rx.event
    def choose(self, account_id: str):
        self.account_id = account_id

    @rx.event
    async def analyze(self):
        composer = await self.get_state(ComposerState)
        self.options = [AccountOption(a.id, f"{a.label} · {a.handle}") for a in composer.accounts
                        if a.id in composer.selected]
        if self.account_id not in {o.id for o in self.options}:
            self.account_id = self.options[0].id if self.options else ""
        if not self.account_id:
            self.error, self.analyzed = "Pick an account: the analysis is for the network it posts to.", False
            return
        text, account_id, post_id = composer.text, int(self.account_id), composer.post_id or None
        media, link = bool(composer.attached), composer.link

        def run(db, actor):
            post = posts.get_post(db, actor, post_id) if post_id else None
            return analysis.analyze(db, actor, analysis.Draft(
                text, account_id=account_id, scheduled_at=post.scheduled_at if post else None, media=media,
                link=link, post_id=post_id))

        self.busy = True
        yield
        try:
            found, error = await act_as_signed_in(self, run, blocking=True)
        except NotSignedIn:
            yield go_to(resume_url(self))
            return
        finally:
            self.busy = False
        if error:
            self.error, self.analyzed = error.message, False
            return
        self._show(found)

    def _show(self, found: analysis.Analysis) -> None:
        self.error, self.analyzed = "", True
        self.score = found.score.score if found.score else -1
        self.score_factors = _rows(found.score.factors) if found.score else []
        prediction = found.prediction
        self.rate, self.interval = _rate(prediction), _interval(prediction)
        self.rate_note, self.rate_source = (prediction.explanation, prediction.source) if prediction else ("", "")
        self.viral = found.viral.score if found.viral else -1
        self.viral_factors = _rows(found.viral.factors) if found.viral else []
        hidden = [OMITTED[name] for name in found.omitted if name in OMITTED]
        self.omitted_note = f"Your role does not include {' or '.join(hidden)}." if hidden else ""
        self.timing_note = ("Timing compared with your own best slots." if found.best_times_source == "history"
                            else "Timing compared with industry defaults (too little history of your own yet)."
                            if found.best_times_source == "industry" else "")


class ReviewOutlookState(rx.State):
    """The same analysis beside a post under review: a client viewer sees its viral potential only."""

    post_id: int = 0
    viral: int = -1
    viral_factors: list[FactorRow] = []
    rate: str = ""
    interval: str = ""
    score: int = -1
    network: str = ""

    @rx.event
    async def load(self, post_id: int):
        self.post_id, self.viral, self.rate, self.score = post_id, -1, "", -1

        try:
            found, error = await act_as_signed_in(
                self, lambda db, actor: analysis.analyze_post(db, actor, post_id), blocking=True)
        except NotSignedIn:
            return go_to(resume_url(self))
        if error or found is None or self.post_id != post_id:
            return None
        self.network = found.network
        self.viral = found.viral.score if found.viral else -1
        self.viral_factors = _rows(found.viral.factors) if found.viral else []
        self.score = found.score.score if found.score else -1
        if found.prediction:
            self.rate, self.interval = _rate(found.prediction), _interval(found.prediction)
        return None

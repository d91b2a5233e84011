"""A/B tests started from chosen variants: one post per variant, made (and scheduled, when asked) through the
content and scheduling services, so limits, permissions and approvals hold as for any post; then each
variant's real results from analytics next to its prediction, and a winner only when the difference is
significant.

The verdict compares engagements per impression (each impression engaged or not) with a two-proportion
z-test: the leader against every other variant, at 5 % split over the comparisons (Bonferroni). Until each
variant has MIN_IMPRESSIONS impressions, or while the difference could be chance, it says "not enough data
yet". Engagement rates next to the predictions are per person reached, as the prediction and analytics
count them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.ai import analysis, variants, writer
from allin_app.ai.ab_models import ABTest, ABVariant
from allin_app.analytics import metrics_math as mm
from allin_app.analytics.models import PostTotal
from allin_app.auth.models import User
from allin_app.content import service as content
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import as_utc
from allin_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Scope, allows, require, scope_for
from allin_app.orgs.models import Organization
from allin_app.scheduling import service as scheduling

MIN_IMPRESSIONS = 100  # per variant, before any verdict
ALPHA = 0.05
MAX_LIST = 50


@dataclass(frozen=True)
class VariantChoice:
    text: str
    approach: str = ""


@dataclass(frozen=True)
class StartRequest:
    network: str
    variants: tuple[VariantChoice, ...]
    account_ids: tuple[int, ...]
    schedule: bool = False  # at the planned slots; else drafts the user schedules
    post_id: int | None = None  # the post the variants came from: its media, link, title and campaign carry over


@dataclass(frozen=True)
class VariantOutcome:
    key: str
    approach: str
    text: str
    post_id: int
    status: str  # the post's, or "deleted"
    accounts: str
    planned_at: datetime | None
    slot_label: str
    predicted_rate: float | None
    predicted_low: float | None
    predicted_high: float | None
    prediction_source: str
    impressions: int
    reach: int
    engagements: int
    engagement_rate: float | None  # per person reached, %; None until someone was reached
    per_impression: float | None  # engagements per impression, %: what the verdict compares

    @property
    def against_prediction(self) -> str:
        if self.engagement_rate is None or self.predicted_low is None or self.predicted_high is None:
            return ""
        if self.engagement_rate > self.predicted_high:
            return "above the predicted range"
        if self.engagement_rate < self.predicted_low:
            return "below the predicted range"
        return "within the predicted range"


@dataclass(frozen=True)
class Verdict:
    winner: str | None
    sentence: str
    z: float | None = None
    p_value: float | None = None


@dataclass(frozen=True)
class TestResults:
    id: int
    created_at: datetime
    created_by: str
    network: str
    split: str
    reason: str
    variants: list[VariantOutcome]
    verdict: Verdict


@dataclass(frozen=True)
class TestPage:
    items: list[TestResults]
    total: int
    next_cursor: str | None


# --- starting a test -----------------------------------------------------------------------------------------

def start_ab_test(db: Session, actor: Actor, request: StartRequest, now: datetime | None = None) -> ABTest:
    target = variants.target_for(db, actor, request.post_id)
    require(actor, Permission.ab_testing_recommendations, target)
    network = variants.valid_network(request.network)
    choices = _valid_choices(request.variants)
    accounts = variants.accounts_on(db, actor, network, request.account_ids)
    if not accounts:
        raise ValidationFailed("account_ids", f"Pick at least one {network} account to test on.")
    keys = list(variants.KEYS[: len(choices)])
    plan = variants.plan_split(db, actor, network, keys, accounts, now)
    source = content.get_post(db, actor, request.post_id) if request.post_id is not None else None
    test = ABTest(org_id=actor.org_id, created_by_user_id=actor.user_id, network=network, split=plan.split,
                  reason=plan.sentence[:1000])
    db.add(test)
    db.flush()
    for choice, arm in zip(choices, plan.arms, strict=True):
        _start_variant(db, actor, test, choice, arm, source, request.schedule, now)
    record_audit(db, "ab_test.started", actor_user_id=actor.user_id, org_id=actor.org_id, target=f"ab_test:{test.id}",
                 detail=f"{len(choices)} variants on {network}, split by {plan.split}")
    return test


def _valid_choices(choices: tuple[VariantChoice, ...]) -> list[VariantChoice]:
    if not variants.MIN_VARIANTS <= len(choices) <= variants.MAX_VARIANTS:
        raise ValidationFailed("variants", f"Test {variants.MIN_VARIANTS} to {variants.MAX_VARIANTS} variants.")
    cleaned = [VariantChoice(writer.clean_input("text", c.text, writer.MAX_TEXT), c.approach.strip()[:200])
               for c in choices]
    if len({c.text for c in cleaned}) < len(cleaned):
        raise ValidationFailed("variants", "Two variants have the same words: an A/B test needs different ones.")
    return cleaned


def _start_variant(db: Session, actor: Actor, test: ABTest, choice: VariantChoice, arm: variants.Arm,
                   source: Post | None, schedule: bool, now: datetime | None) -> None:
    media_ids = tuple(m.id for m in content.media_of(db, source)) if source else ()
    post = content.create_post(db, actor, content.PostDraft(
        text=choice.text, account_ids=arm.account_ids, media_ids=media_ids, link=source.link if source else "",
        title=source.title if source else "", campaign_id=source.campaign_id if source else None))
    predicted = analysis.analyze(db, actor, analysis.Draft(
        text=choice.text, network=test.network, account_id=arm.account_ids[0], scheduled_at=arm.at,
        media=bool(media_ids), link=post.link, post_id=post.id), now=now).prediction
    db.add(ABVariant(test_id=test.id, org_id=test.org_id, post_id=post.id, key=arm.key, approach=choice.approach,
                     planned_at=arm.at, slot_label=arm.when,
                     predicted_rate=predicted.engagement_rate if predicted else None,
                     predicted_low=predicted.low if predicted else None,
                     predicted_high=predicted.high if predicted else None,
                     prediction_source=predicted.source if predicted else ""))
    if schedule:
        org = db.get(Organization, actor.org_id)
        try:
            scheduling.schedule_post(db, actor, post.id, arm.at, org.timezone if org else "")
        except Conflict as exc:
            raise Conflict(f"{exc.message} Start the test as drafts instead, then submit its posts for "
                           f"approval.") from exc


# --- reading tests -------------------------------------------------------------------------------------------

def _check_reader(actor: Actor) -> None:
    if not allows(actor, Permission.ab_testing_recommendations, write=False):
        raise PermissionDenied("You are not allowed to see A/B tests.")


def _visible(actor: Actor) -> list:
    where = [ABTest.org_id == actor.org_id]
    if scope_for(actor.role, Permission.ab_testing_recommendations) is Scope.own:
        where.append(ABTest.created_by_user_id == actor.user_id)
    return where


def list_ab_tests(db: Session, actor: Actor, limit: int = 20, cursor: str | None = None) -> TestPage:
    """The tests the actor may see, newest first, each with its results; `cursor` continues a page."""
    _check_reader(actor)
    if not 1 <= limit <= MAX_LIST:
        raise ValidationFailed("limit", f"Ask for 1 to {MAX_LIST} tests at a time.")
    where = _visible(actor)
    total = db.exec(select(func.count()).select_from(ABTest).where(*where)).one()
    if cursor:
        if not cursor.isdigit():
            raise ValidationFailed("cursor", "This page link is no longer valid; start from the first page.")
        where.append(col(ABTest.id) < int(cursor))
    tests = list(db.exec(select(ABTest).where(*where).order_by(col(ABTest.id).desc()).limit(limit + 1)))
    more = len(tests) > limit
    tests = tests[:limit]
    return TestPage([results_of(db, t) for t in tests], total, str(tests[-1].id) if more else None)


def get_ab_test(db: Session, actor: Actor, test_id: int) -> TestResults:
    _check_reader(actor)
    test = db.exec(select(ABTest).where(ABTest.id == test_id, *_visible(actor))).first()
    if test is None:
        raise NotFound("A/B test not found.")
    return results_of(db, test)


def results_of(db: Session, test: ABTest) -> TestResults:
    rows = db.exec(select(ABVariant).where(ABVariant.test_id == test.id).order_by(ABVariant.key)).all()
    outcomes = [_outcome(db, row) for row in rows]
    author = db.get(User, test.created_by_user_id)
    return TestResults(test.id, as_utc(test.created_at), (author.full_name or author.email) if author else "",
                       test.network, test.split, test.reason, outcomes, verdict(outcomes))


def _outcome(db: Session, row: ABVariant) -> VariantOutcome:
    post = db.get(Post, row.post_id)
    impressions, reach, engagements = db.exec(
        select(func.coalesce(func.sum(PostTotal.impressions), 0), func.coalesce(func.sum(PostTotal.reach), 0),
               func.coalesce(func.sum(PostTotal.engagements), 0)).where(PostTotal.post_id == row.post_id)).one()
    names = db.exec(select(SocialAccount.display_name, SocialAccount.handle)
                    .join(PostTarget, PostTarget.account_id == SocialAccount.id)
                    .where(PostTarget.post_id == row.post_id).order_by(PostTarget.id)).all()
    status = "deleted" if post is None or post.deleted_at is not None else str(post.status)
    return VariantOutcome(
        row.key, row.approach, post.text if post else "", row.post_id, status,
        ", ".join(name or f"@{handle}" for name, handle in names), as_utc(row.planned_at) if row.planned_at else None,
        row.slot_label, row.predicted_rate, row.predicted_low, row.predicted_high, row.prediction_source,
        int(impressions), int(reach), int(engagements),
        mm.engagement_rate(int(engagements), int(reach)) if reach else None,
        mm.percent(min(int(engagements), int(impressions)), int(impressions)) if impressions else None)


# --- the verdict ---------------------------------------------------------------------------------------------

def two_proportion_z(hits_a: int, trials_a: int, hits_b: int, trials_b: int) -> tuple[float, float]:
    """z and the two-sided p-value for "a's proportion differs from b's"."""
    pooled = (hits_a + hits_b) / (trials_a + trials_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    if spread == 0:
        return 0.0, 1.0
    z = (hits_a / trials_a - hits_b / trials_b) / spread
    return z, math.erfc(abs(z) / math.sqrt(2))


def verdict(outcomes: list[VariantOutcome]) -> Verdict:
    if len(outcomes) < 2:
        return Verdict(None, "Not enough data yet: a test needs two variants.")
    short = [o.key for o in outcomes if o.impressions < MIN_IMPRESSIONS]
    if short:
        who = ", ".join(short)
        return Verdict(None, f"Not enough data yet: {who} {'has' if len(short) == 1 else 'have'} fewer than "
                             f"{MIN_IMPRESSIONS} impressions.")
    ranked = sorted(outcomes, key=lambda o: (min(o.engagements, o.impressions) / o.impressions), reverse=True)
    best, alpha = ranked[0], ALPHA / (len(outcomes) - 1)
    tests = [(other, *two_proportion_z(min(best.engagements, best.impressions), best.impressions,
                                       min(other.engagements, other.impressions), other.impressions))
             for other in ranked[1:]]
    closest, z, p = max(tests, key=lambda t: t[2])
    lead = (f"{best.key} draws {best.per_impression:.2f} % engagements per impression against "
            f"{closest.key}'s {closest.per_impression:.2f} %")
    if p < alpha:
        return Verdict(best.key, f"{best.key} wins: {lead} (z = {z:.2f}, p = {p:.4f}), a significant difference.",
                       round(z, 3), round(p, 5))
    return Verdict(None, f"Not enough data yet to call a winner: {lead}, but that could be chance (p = {p:.2f}; "
                         f"a winner needs p < {alpha:.3g}).", round(z, 3), round(p, 5))

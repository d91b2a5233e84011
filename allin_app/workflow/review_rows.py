"""What the approvals page and the review-link page show, as plain rows for their states: a post's
previews per network, its stage, its history, and the words changed since the reviewer last looked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.content import links, preview
from allin_app.content import service as posts
from allin_app.content.composer_view import DiffPart, media_choice
from allin_app.content.models import Post
from allin_app.core.clock import as_utc
from allin_app.core.rbac import Actor
from allin_app.platforms.limits import LABELS
from allin_app.workflow import approvals
from allin_app.workflow.approval_models import ApprovalDecision, PostReview
from allin_app.workflow.approval_paths import approvers_label
from allin_app.workflow.review_rounds import current_stage, latest_review

DECISION_LABELS = {
    "submitted": "Submitted for review",
    "approved": "Approved",
    "rejected": "Rejected",
    "changes_requested": "Changes requested",
    "fast_tracked": "Fast-tracked",
    "reset": "Back to review (edited after approval)",
    "cancelled": "Review cancelled",
}
DECISION_COLORS = {"approved": "green", "rejected": "red", "changes_requested": "orange", "fast_tracked": "purple",
                   "submitted": "blue", "reset": "gray", "cancelled": "gray"}
STATUS_LABELS = {"pending": "In review", "approved": "Approved", "rejected": "Rejected",
                 "changes_requested": "Changes requested", "cancelled": "Review cancelled", "": "Not submitted"}
EXCERPT = 140
DECIDED = ("approved", "rejected", "changes_requested", "fast_tracked")


@dataclass
class HistoryRow:
    when: str
    who: str
    decision: str
    label: str
    color: str
    stage: str
    version: int
    feedback: str


@dataclass
class QueueRow:
    post_id: int
    excerpt: str
    networks: list[str]
    stage: str
    submitted_by: str
    submitted_at: str


@dataclass
class DecidedRow:
    post_id: int
    excerpt: str
    decision: str
    label: str
    color: str
    stage: str
    when: str
    outcome: str  # where the post's review stands now


@dataclass
class LinkRow:
    id: int
    reviewer: str
    email: str
    expires: str
    state: str  # "active", "expired", "revoked"


def excerpt(text: str, size: int = EXCERPT) -> str:
    words = " ".join(text.split())
    return words if len(words) <= size else words[: size - 1].rstrip() + "…"


def stamp(when: datetime | None, zone: ZoneInfo) -> str:
    return f"{as_utc(when).astimezone(zone):%d %b %Y %H:%M}" if when else ""


def stage_label(position: int | None, count: int | None, name: str) -> str:
    """"Stage 2 of 2: Client review" (positions are counted from 1 on screen)."""
    if not count or position is None:
        return name
    return f"Stage {position + 1} of {count}: {name}" if name else f"Stage {position + 1} of {count}"


def decision_label(decision: str) -> str:
    return DECISION_LABELS.get(decision, decision.replace("_", " ").capitalize())


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def history_rows(history: Iterable, zone: ZoneInfo) -> list[HistoryRow]:
    """The decisions on a post, newest first, as the page lists them."""
    ordered = sorted(enumerate(history), key=lambda pair: (as_utc(pair[1].when), pair[0]), reverse=True)
    return [HistoryRow(stamp(d.when, zone), d.who, d.decision, decision_label(d.decision),
                       DECISION_COLORS.get(d.decision, "gray"), d.stage_name or "", d.version or 0, d.feedback or "")
            for _, d in ordered]


def diff_rows(changes: Iterable | None) -> list[DiffPart]:
    """The engine's diff parts as the page's rows (the same three kinds: same, added, removed)."""
    return [DiffPart(str(part.kind), str(part.text)) for part in changes or () if str(part.text)]


def submitted(history: Iterable) -> tuple[str, datetime | None]:
    """Who submitted the current round, and when: the latest "submitted" decision."""
    last = None
    for decision in history:
        if decision.decision == "submitted":
            last = decision
    return (last.who, last.when) if last else ("", None)


def link_state(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> str:
    if revoked_at is not None:
        return "revoked"
    return "expired" if as_utc(expires_at) <= as_utc(now) else "active"


def network_label(network: str) -> str:
    return LABELS.get(network, network.capitalize())


def post_previews(db: Session, post: Post) -> list[preview.NetworkPreview]:
    """How the post looks on each network it goes to: the account, its words there, media and link."""
    thumbs = [m.thumb for m in map(media_choice, posts.media_of(db, post)) if m.thumb]
    problems = posts.post_problems(db, post)
    cards: dict[str, preview.NetworkPreview] = {}
    for target in posts.targets_of(db, post):
        if target.network in cards:
            continue
        account = db.get(SocialAccount, target.account_id)
        words = posts.text_for(post, target.network)
        count, link = preview.counter(target.network, words), links.link_for(db, post, target.network)
        handle = account.handle if account else ""
        cards[target.network] = preview.NetworkPreview(
            network=target.network, label=network_label(target.network),
            name=(account.display_name or account.handle) if account else network_label(target.network),
            handle=handle if handle.startswith(("@", "u/")) or not handle else f"@{handle}",
            avatar=account.avatar_url if account else "", segments=preview.segments(words), count=count.count,
            limit=count.limit, over=count.over, problems=problems.get(target.network, []), media=thumbs,
            link_url=link, link_domain=preview.domain_of(link) if link else "", title=post.title)
    return list(cards.values())


def text_previews(texts: dict[str, str], name: str, media: list[str], title: str = "",
                  link: str = "") -> list[preview.NetworkPreview]:
    """Previews from words per network alone (a review link's reviewer sees no accounts)."""
    cards = []
    for network, words in texts.items():
        count = preview.counter(network, words)
        cards.append(preview.NetworkPreview(
            network=network, label=network_label(network), name=name, handle="", avatar="",
            segments=preview.segments(words), count=count.count, limit=count.limit, over=count.over, media=media,
            link_url=link, link_domain=preview.domain_of(link) if link else "", title=title))
    return cards


def decided_rows(db: Session, actor: Actor, zone: ZoneInfo, limit: int = 100) -> list[DecidedRow]:
    """The posts this person decided on in the organization acted in, newest decision first, each with
    where its review stands now. Only their own decisions: nothing here reaches past the actor."""
    decisions = db.exec(select(ApprovalDecision).where(
        ApprovalDecision.org_id == actor.org_id, ApprovalDecision.user_id == actor.user_id,
        ApprovalDecision.decision.in_(DECIDED)).order_by(ApprovalDecision.created_at.desc(),
                                                         ApprovalDecision.id.desc()).limit(limit)).all()
    rows = []
    for decision in decisions:
        post = db.get(Post, decision.post_id)
        if post is None or post.deleted_at is not None:
            continue
        latest = db.exec(select(PostReview).where(PostReview.post_id == post.id)
                         .order_by(PostReview.submitted_at.desc(), PostReview.id.desc())).first()
        rows.append(DecidedRow(post.id, excerpt(post.text), decision.decision, decision_label(decision.decision),
                               DECISION_COLORS.get(decision.decision, "gray"), decision.stage_name,
                               stamp(decision.created_at, zone), status_label(latest.status if latest else "")))
    return rows


@dataclass
class ReviewSummary:
    """A post's review as its author sees it in the composer."""

    status: str = ""  # the latest round's; "" = never submitted
    status_label: str = ""
    stage: str = ""
    deciders: str = ""  # who decides the current stage
    feedback: str = ""  # the words of the last rejection or request for changes
    feedback_by: str = ""
    feedback_label: str = ""
    may_submit: bool = False


def review_summary(db: Session, actor: Actor, post_id: int) -> ReviewSummary:
    status = approvals.review_status(db, actor, post_id)
    if status.review_id is None:
        return ReviewSummary(may_submit=status.may_submit)
    summary = ReviewSummary(status.status, status_label(status.status),
                            stage_label(status.stage_position, status.stage_count, status.stage_name),
                            may_submit=status.may_submit)
    if status.status == "pending" and (review := latest_review(db, post_id)) is not None:
        summary.deciders = approvers_label(db, current_stage(review))
    if status.status in ("rejected", "changes_requested"):
        last = next((d for d in reversed(status.history) if d.decision == status.status), None)
        if last is not None:
            summary.feedback, summary.feedback_by = last.feedback, last.who
            summary.feedback_label = decision_label(last.decision)
    return summary

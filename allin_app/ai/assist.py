"""Suggestions around a draft: hashtags from the organization's history, emoji, the brand voice check."""

from __future__ import annotations

from sqlmodel import Session

from allin_app.ai import brand_check, hashtags, local
from allin_app.ai.access import authorize
from allin_app.ai.brand_check import BrandReport
from allin_app.ai.hashtags import HashtagSuggestion, tags_in
from allin_app.ai.writer import MAX_TEXT, clean_input, context, valid_networks
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor, Permission
from allin_app.platforms.limits import limits_for

MAX_SUGGESTIONS = 30


def suggest_hashtags(db: Session, actor: Actor, text: str, network: str | None = None, count: int = 10, *,
                     post_id: int | None = None) -> list[HashtagSuggestion]:
    """Up to `count` hashtags, never more than `network` still accepts on top of those in the text."""
    authorize(db, actor, Permission.ai_optimization, post_id)
    text = clean_input("text", text, MAX_TEXT)
    if not 1 <= count <= MAX_SUGGESTIONS:
        raise ValidationFailed("count", f"Ask for 1 to {MAX_SUGGESTIONS} hashtags.")
    if network is not None:
        valid_networks([network])
        most = limits_for(network).max_hashtags
        if most is not None:
            count = min(count, max(0, most - len(tags_in(text))))
    ctx = context(db, actor)
    return hashtags.suggest(db, actor.org_id, text, ctx.required, count) if count else []


def suggest_emoji(db: Session, actor: Actor, text: str, tone: str | None = None, *,
                  post_id: int | None = None) -> list[str]:
    authorize(db, actor, Permission.ai_optimization, post_id)
    return local.suggest_emoji(clean_input("text", text, MAX_TEXT), tone)


def check_brand(db: Session, actor: Actor, text: str, *, post_id: int | None = None) -> BrandReport:
    authorize(db, actor, Permission.ai_optimization, post_id)
    return brand_check.check(clean_input("text", text, MAX_TEXT), context(db, actor).guidelines)

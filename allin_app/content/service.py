"""Posts: write once for several accounts, tailor per network, keep every version, find them again.

A post's words are `text` plus per-network `overrides`; it goes to each target account through a
`PostTarget`. Drafts may break a network's limits while being written (nothing typed is ever
refused); submitting, scheduling, or an API call that asks for it checks every target first.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.admin.service import record_audit
from allin_app.content.media import find_asset
from allin_app.content.models import Campaign, MediaAsset, Post, PostMedia, PostStatus, PostTarget, PostVersion
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Role, Target, require
from allin_app.platforms.content import MediaFile, PostContent
from allin_app.platforms.limits import LABELS, check_post
from allin_app.workflow import review_visibility

MAX_TEXT = 70_000  # above every network's limit; a guard against pasting a book
EDITABLE = {PostStatus.draft, PostStatus.rejected, PostStatus.in_review, PostStatus.approved, PostStatus.scheduled,
            PostStatus.failed, PostStatus.held}
BACK_TO_DRAFT = {PostStatus.in_review, PostStatus.approved}  # what was reviewed changed


@dataclass(frozen=True)
class PostDraft:
    text: str = ""
    overrides: Mapping[str, str] = field(default_factory=dict)
    account_ids: tuple[int, ...] = ()
    media_ids: tuple[int, ...] = ()
    campaign_id: int | None = None
    title: str = ""
    link: str = ""
    first_comment: str = ""
    options: Mapping[str, str] = field(default_factory=dict)


def invalid(problems: list[tuple[str, str]]) -> ValidationFailed:
    """One 422 carrying every problem, each with its field."""
    error = ValidationFailed(problems[0][0], problems[0][1])
    error.errors = [{"field": name, "message": message} for name, message in problems]
    return error


# --- reading ---------------------------------------------------------------------------------


def target_of(post: Post) -> Target:
    assigned = frozenset({post.assignee_user_id}) if post.assignee_user_id else frozenset()
    return Target(org_id=post.org_id, owner_id=post.author_user_id, assigned_user_ids=assigned)


def may_see(actor: Actor, post: Post, db: Session | None = None) -> bool:
    """Everyone in the organization sees its posts, except team members: only what they are assigned,
    and client viewers: posts not yet approved only when sent to them for review (review_visibility)."""
    if post.org_id != actor.org_id or post.deleted_at is not None:
        return False
    if actor.role is Role.team_member and post.assignee_user_id != actor.user_id:
        return False
    return review_visibility.may_see_unreviewed(db or object_session(post), actor, post)


def get_post(db: Session, actor: Actor, post_id: int) -> Post:
    post = db.get(Post, post_id)
    if post is None or not may_see(actor, post, db):
        raise NotFound("Post not found.")
    return post


def targets_of(db: Session, post: Post) -> list[PostTarget]:
    return list(db.exec(select(PostTarget).where(PostTarget.post_id == post.id).order_by(PostTarget.id)))


def media_of(db: Session, post: Post) -> list[MediaAsset]:
    return list(db.exec(select(MediaAsset).join(PostMedia, PostMedia.media_id == MediaAsset.id)
                        .where(PostMedia.post_id == post.id).order_by(PostMedia.position)))


def text_for(post: Post | PostDraft, network: str) -> str:
    """The words for `network`: its override when there is one, else the shared text."""
    override = post.overrides.get(network, "")
    return override if override.strip() else post.text


def media_file(asset: MediaAsset) -> MediaFile:
    return MediaFile(path=Path(settings.data_dir) / "media" / asset.storage_key, kind=asset.kind,  # type: ignore[arg-type]
                     mime=asset.mime, size=asset.size, width=asset.width, height=asset.height,
                     duration=asset.duration, alt_text=asset.alt_text)


def content_for(post: Post | PostDraft, network: str, media: Iterable[MediaAsset]) -> PostContent:
    files = tuple(media_file(asset) for asset in media if asset.kind != "pdf")
    return PostContent(text=text_for(post, network), link=post.link or None, media=files, title=post.title or None,
                       first_comment=post.first_comment or None, options=dict(post.options))


def fit_problems(draft: Post | PostDraft, networks: Iterable[str], media: list[MediaAsset]) -> dict[str, list[str]]:
    """network -> what that network would refuse; networks that fit are left out."""
    found = {network: check_post(network, content_for(draft, network, media)) for network in sorted(set(networks))}
    return {network: problems for network, problems in found.items() if problems}


def post_problems(db: Session, post: Post) -> dict[str, list[str]]:
    return fit_problems(post, {t.network for t in targets_of(db, post)}, media_of(db, post))


# --- writing ---------------------------------------------------------------------------------


def create_post(db: Session, actor: Actor, draft: PostDraft, *, enforce_limits: bool = False) -> Post:
    require(actor, Permission.create_content, Target(org_id=actor.org_id, owner_id=actor.user_id))
    accounts, media = _checked_refs(db, actor, draft, enforce_limits)
    post = Post(org_id=actor.org_id, author_user_id=actor.user_id)
    _apply(post, draft)
    db.add(post)
    db.flush()
    _add_version(db, post, actor)
    _sync_targets(db, post, accounts)
    _sync_media(db, post, media)
    record_audit(db, "post.created", actor_user_id=actor.user_id, org_id=actor.org_id, target=f"post:{post.id}")
    return post


def update_post(db: Session, actor: Actor, post_id: int, draft: PostDraft, *, base_version: int | None = None,
                enforce_limits: bool = False) -> Post:
    """Save the composer's state. `base_version` is the version the writer started from: if someone
    saved a newer one since, the save is refused rather than overwriting their words."""
    post = _editable(db, actor, post_id)
    if base_version is not None and base_version != post.version:
        raise Conflict(f"Someone saved a newer version (v{post.version}) while you were writing v{base_version}. "
                       "Your text is kept in the editor: copy it, reload, and merge.")
    accounts, media = _checked_refs(db, actor, draft, enforce_limits)
    reviewed = _reviewed_content(db, post)
    words_changed = (post.text, dict(post.overrides), post.title) != (draft.text, dict(draft.overrides), draft.title)
    _apply(post, draft)
    if words_changed:
        _add_version(db, post, actor, number=post.version + 1)
    _sync_targets(db, post, accounts)
    _sync_media(db, post, media)
    db.flush()
    if _reviewed_content(db, post) != reviewed:
        _after_reviewed_change(db, actor, post, words_changed)
    post.updated_at = utcnow()
    return post


def _reviewed_content(db: Session, post: Post) -> tuple:
    """What a reviewer approves: the words, link, media and accounts."""
    return (post.text, dict(post.overrides), post.title, post.link, post.first_comment,
            sorted(t.account_id for t in targets_of(db, post)), [m.id for m in media_of(db, post)])


def _after_reviewed_change(db: Session, actor: Actor, post: Post, words_changed: bool) -> None:
    """With approvals on, the approvals engine starts a new review round (keeping the time). Otherwise,
    as always: a post in review or approved whose words changed is a draft again."""
    from allin_app.workflow import approvals  # the engine builds on this module

    if approvals.restart_after_edit(db, actor, post) or not words_changed or post.status not in BACK_TO_DRAFT:
        return
    approvals.cancel_pending(db, actor, post)
    post.status = PostStatus.draft  # what was approved is no longer what is said
    for target in targets_of(db, post):
        if target.status in BACK_TO_DRAFT:
            target.status = PostStatus.draft


def _editable(db: Session, actor: Actor, post_id: int) -> Post:
    post = get_post(db, actor, post_id)
    require(actor, Permission.edit_content, target_of(post))
    if post.status not in EDITABLE:
        raise Conflict(f"This post is {PostStatus(post.status).label.lower()}; it can no longer be edited. "
                       "Duplicate it to post something similar.")
    return post


def _apply(post: Post, draft: PostDraft) -> None:
    if len(draft.text) > MAX_TEXT or any(len(text) > MAX_TEXT for text in draft.overrides.values()):
        raise ValidationFailed("text", f"A post can hold at most {MAX_TEXT:,} characters.")
    if unknown := set(draft.overrides) - set(LABELS):
        raise ValidationFailed("overrides", f"Unknown network: {', '.join(sorted(unknown))}.")
    post.text, post.title, post.link = draft.text, draft.title.strip()[:300], draft.link.strip()[:2048]
    post.overrides = {network: text for network, text in draft.overrides.items() if text.strip()}
    post.first_comment, post.options = draft.first_comment[:2200], dict(draft.options)
    post.campaign_id = draft.campaign_id


def _checked_refs(db: Session, actor: Actor, draft: PostDraft,
                  enforce_limits: bool) -> tuple[list[SocialAccount], list[MediaAsset]]:
    accounts = [_account(db, actor, account_id) for account_id in dict.fromkeys(draft.account_ids)]
    media = [_media(db, actor, media_id) for media_id in dict.fromkeys(draft.media_ids)]
    if draft.campaign_id is not None:
        campaign = db.get(Campaign, draft.campaign_id)
        if campaign is None or campaign.org_id != actor.org_id:
            raise ValidationFailed("campaign_id", "That campaign is not in this organization.")
    if enforce_limits and (problems := fit_problems(draft, {a.network for a in accounts}, media)):
        raise invalid([(f"text.{network}", problem) for network, found in problems.items() for problem in found])
    return accounts, media


def _account(db: Session, actor: Actor, account_id: int) -> SocialAccount:
    account = db.get(SocialAccount, account_id)
    if account is None or account.org_id != actor.org_id or account.disconnected_at is not None:
        raise ValidationFailed("account_ids", f"Account {account_id} is not connected in this organization.")
    return account


def _media(db: Session, actor: Actor, media_id: int) -> MediaAsset:
    """The org's own files, and files its agency shares with its clients (as the library decides)."""
    try:
        return find_asset(db, actor, media_id)
    except NotFound:
        raise ValidationFailed("media_ids", f"Media file {media_id} is not in this organization's library.") from None


def _add_version(db: Session, post: Post, actor: Actor, number: int = 1) -> None:
    post.version = number
    db.add(PostVersion(post_id=post.id, org_id=post.org_id, number=number, text=post.text,
                       overrides=dict(post.overrides), title=post.title, author_user_id=actor.user_id))


def _sync_targets(db: Session, post: Post, accounts: list[SocialAccount]) -> None:
    wanted = {account.id: account for account in accounts}
    for target in targets_of(db, post):
        if target.account_id not in wanted and target.status not in (PostStatus.published, PostStatus.publishing):
            db.delete(target)
        wanted.pop(target.account_id, None)
    for account in wanted.values():
        db.add(PostTarget(post_id=post.id, org_id=post.org_id, account_id=account.id, network=account.network,
                          status=post.status, scheduled_at=post.scheduled_at,
                          idempotency_key=secrets.token_hex(16)))


def _sync_media(db: Session, post: Post, media: list[MediaAsset]) -> None:
    for link in db.exec(select(PostMedia).where(PostMedia.post_id == post.id)):
        db.delete(link)
    db.flush()
    for position, asset in enumerate(media):
        db.add(PostMedia(post_id=post.id, media_id=asset.id, position=position))


# --- versions --------------------------------------------------------------------------------


def list_versions(db: Session, actor: Actor, post_id: int) -> list[PostVersion]:
    post = get_post(db, actor, post_id)
    return list(db.exec(select(PostVersion).where(PostVersion.post_id == post.id)
                        .order_by(PostVersion.number.desc())))


def restore_version(db: Session, actor: Actor, post_id: int, number: int) -> Post:
    """Bring back an older version's words as a new version (nothing in between is lost)."""
    post = _editable(db, actor, post_id)
    old = db.exec(select(PostVersion).where(PostVersion.post_id == post.id, PostVersion.number == number)).first()
    if old is None:
        raise NotFound(f"Version {number} not found.")
    draft = PostDraft(text=old.text, overrides=old.overrides, title=old.title, link=post.link,
                      first_comment=post.first_comment, options=post.options, campaign_id=post.campaign_id,
                      account_ids=tuple(t.account_id for t in targets_of(db, post)),
                      media_ids=tuple(m.id for m in media_of(db, post)))
    restored = update_post(db, actor, post_id, draft)
    record_audit(db, "post.version_restored", actor_user_id=actor.user_id, org_id=post.org_id,
                 target=f"post:{post.id}", detail=f"v{number} -> v{restored.version}")
    return restored


# --- bulk actions ----------------------------------------------------------------------------


def delete_posts(db: Session, actor: Actor, post_ids: Iterable[int]) -> int:
    posts = [get_post(db, actor, post_id) for post_id in post_ids]
    for post in posts:
        require(actor, Permission.delete_content, target_of(post))
        if post.status == PostStatus.publishing:
            raise Conflict("A post is being published right now; delete it when that is done.")
    for post in posts:
        post.deleted_at = utcnow()
        record_audit(db, "post.deleted", actor_user_id=actor.user_id, org_id=post.org_id, target=f"post:{post.id}")
    return len(posts)


def duplicate_post(db: Session, actor: Actor, post_id: int) -> Post:
    post = get_post(db, actor, post_id)
    accounts = [t.account_id for t in targets_of(db, post)
                if (account := db.get(SocialAccount, t.account_id)) and account.disconnected_at is None]
    draft = PostDraft(text=post.text, overrides=post.overrides, account_ids=tuple(accounts),
                      media_ids=tuple(m.id for m in media_of(db, post) if m.deleted_at is None),
                      campaign_id=post.campaign_id, title=post.title, link=post.link,
                      first_comment=post.first_comment, options=post.options)
    return create_post(db, actor, draft)


def submit_for_approval(db: Session, actor: Actor, post_ids: Iterable[int], note: str = "") -> int:
    """Drafts (and rejected posts) go to the first stage of their review path (workflow/approvals.py)."""
    from allin_app.workflow import approvals

    return approvals.submit(db, actor, post_ids, note)


def review_posts(db: Session, actor: Actor, post_ids: Iterable[int], approve: bool, note: str = "") -> int:
    """Approve the current stage of posts in review, or reject them with a reason (workflow/approvals.py)."""
    from allin_app.workflow import approvals

    return approvals.decide(db, actor, post_ids, "approve" if approve else "reject", note)


def move_to_campaign(db: Session, actor: Actor, post_ids: Iterable[int], campaign_id: int | None) -> int:
    if campaign_id is not None:
        campaign = db.get(Campaign, campaign_id)
        if campaign is None or campaign.org_id != actor.org_id:
            raise NotFound("Campaign not found.")
    posts = [get_post(db, actor, post_id) for post_id in post_ids]
    for post in posts:
        require(actor, Permission.edit_content, target_of(post))
    for post in posts:
        post.campaign_id, post.updated_at = campaign_id, utcnow()
    return len(posts)


"""REST routes of posts (/api/v1/content): write, read, list, version, and act on many at once.

Unlike the composer's autosave, the API checks every target network's limits on each write: a text
over a network's limit answers 422 naming the network and the count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from allin_app.accounts.models import SocialAccount
from allin_app.api.deps import CurrentCaller, DbSession
from allin_app.content import library
from allin_app.content import service as posts
from allin_app.content.models import Post, PostVersion
from allin_app.core.errors import ValidationFailed
from allin_app.core.rbac import Actor

router = APIRouter(prefix="/api/v1/content", tags=["content"])


class PostIn(BaseModel):
    text: str = ""
    account_ids: list[int] = []
    platforms: list[str] = Field(default=[], description="Every connected account of these networks")
    overrides: dict[str, str] = Field(default={}, description="network -> the text for that network")
    media_ids: list[int] = []
    campaign_id: int | None = None
    title: str = ""
    link: str = ""
    first_comment: str = ""
    options: dict[str, str] = {}
    base_version: int | None = Field(default=None, description="On update: the version you edited; 409 if newer")


class TargetOut(BaseModel):
    account_id: int
    platform: str
    status: str
    external_id: str | None
    url: str | None
    error: str


class PostOut(BaseModel):
    id: int
    status: str
    text: str
    overrides: dict[str, str]
    title: str
    link: str
    first_comment: str
    campaign_id: int | None
    author_id: int
    media_ids: list[int]
    targets: list[TargetOut]
    version: int
    scheduled_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PostPageOut(BaseModel):
    items: list[PostOut]
    total: int
    next_cursor: str | None


class VersionOut(BaseModel):
    number: int
    text: str
    overrides: dict[str, str]
    title: str
    author_id: int
    created_at: datetime


class BulkIn(BaseModel):
    action: Literal["delete", "submit", "approve", "reject", "move_to_campaign"]
    post_ids: list[int] = Field(min_length=1, max_length=500)
    campaign_id: int | None = None
    note: str = Field(default="", description="Why, when rejecting")


class BulkOut(BaseModel):
    action: str
    affected: int


def _draft(db: Session, actor: Actor, body: PostIn) -> posts.PostDraft:
    account_ids = list(body.account_ids)
    if body.platforms:
        found = db.exec(select(SocialAccount.id).where(SocialAccount.org_id == actor.org_id,
                                                       SocialAccount.network.in_(body.platforms),
                                                       SocialAccount.disconnected_at == None)).all()
        if not found:
            raise ValidationFailed("platforms", f"No connected account on {', '.join(body.platforms)}.")
        account_ids += list(found)
    return posts.PostDraft(text=body.text, overrides=body.overrides, account_ids=tuple(account_ids),
                           media_ids=tuple(body.media_ids), campaign_id=body.campaign_id, title=body.title,
                           link=body.link, first_comment=body.first_comment, options=body.options)


def post_out(db: Session, post: Post) -> PostOut:
    targets = [TargetOut(account_id=t.account_id, platform=t.network, status=t.status, external_id=t.external_id,
                         url=t.url, error=t.error) for t in posts.targets_of(db, post)]
    return PostOut(id=post.id, status=post.status, text=post.text, overrides=post.overrides, title=post.title,
                   link=post.link, first_comment=post.first_comment, campaign_id=post.campaign_id,
                   author_id=post.author_user_id, media_ids=[m.id for m in posts.media_of(db, post)],
                   targets=targets, version=post.version, scheduled_at=post.scheduled_at,
                   created_at=post.created_at, updated_at=post.updated_at)


@router.post("", response_model=PostOut, status_code=201, summary="Write a post (a draft) for some accounts")
def create(body: PostIn, caller: CurrentCaller, db: DbSession) -> PostOut:
    post = posts.create_post(db, caller.actor, _draft(db, caller.actor, body), enforce_limits=True)
    db.flush()
    return post_out(db, post)


@router.get("", response_model=PostPageOut, summary="The organization's posts: filter, search, sort, page")
def list_content(caller: CurrentCaller, db: DbSession,
                 status: str | None = None, platform: str | None = None, account_id: int | None = None,
                 campaign_id: int | None = None, author_id: int | None = None,
                 date_from: Annotated[datetime | None, Query(alias="from")] = None,
                 date_to: Annotated[datetime | None, Query(alias="to")] = None,
                 q: str = "", sort: library.SortKey = "updated", order: Literal["asc", "desc"] = "desc",
                 limit: Annotated[int, Query(ge=1, le=library.MAX_PAGE)] = 25, cursor: str | None = None,
                 ) -> PostPageOut:
    query = library.PostQuery(status=status, network=platform, account_id=account_id, campaign_id=campaign_id,
                              author_id=author_id, date_from=date_from, date_to=date_to, search=q, sort=sort,
                              descending=order == "desc", limit=limit, cursor=cursor)
    page = library.list_posts(db, caller.actor, query)
    return PostPageOut(items=[post_out(db, p) for p in page.items], total=page.total, next_cursor=page.next_cursor)


@router.post("/bulk", response_model=BulkOut, summary="Delete, submit, approve, reject or move many posts at once")
def bulk(body: BulkIn, caller: CurrentCaller, db: DbSession) -> BulkOut:
    if body.action == "delete":
        affected = posts.delete_posts(db, caller.actor, body.post_ids)
    elif body.action == "submit":
        affected = posts.submit_for_approval(db, caller.actor, body.post_ids)
    elif body.action in ("approve", "reject"):
        affected = posts.review_posts(db, caller.actor, body.post_ids, body.action == "approve", body.note)
    else:
        affected = posts.move_to_campaign(db, caller.actor, body.post_ids, body.campaign_id)
    return BulkOut(action=body.action, affected=affected)


@router.get("/{post_id}", response_model=PostOut, summary="One post with its targets")
def read(post_id: int, caller: CurrentCaller, db: DbSession) -> PostOut:
    return post_out(db, posts.get_post(db, caller.actor, post_id))


@router.put("/{post_id}", response_model=PostOut, summary="Replace a post's words, accounts and media")
def update(post_id: int, body: PostIn, caller: CurrentCaller, db: DbSession) -> PostOut:
    post = posts.update_post(db, caller.actor, post_id, _draft(db, caller.actor, body),
                             base_version=body.base_version, enforce_limits=True)
    db.flush()
    return post_out(db, post)


@router.delete("/{post_id}", status_code=204, summary="Delete a post (published copies stay on the networks)")
def delete(post_id: int, caller: CurrentCaller, db: DbSession) -> Response:
    posts.delete_posts(db, caller.actor, [post_id])
    return Response(status_code=204)


@router.post("/{post_id}/duplicate", response_model=PostOut, status_code=201, summary="A new draft with its words")
def duplicate(post_id: int, caller: CurrentCaller, db: DbSession) -> PostOut:
    post = posts.duplicate_post(db, caller.actor, post_id)
    db.flush()
    return post_out(db, post)


@router.get("/{post_id}/versions", response_model=list[VersionOut], summary="Every saved version, newest first")
def versions(post_id: int, caller: CurrentCaller, db: DbSession) -> list[VersionOut]:
    return [_version_out(v) for v in posts.list_versions(db, caller.actor, post_id)]


@router.post("/{post_id}/versions/{number}/restore", response_model=PostOut, summary="Restore a version's words")
def restore(post_id: int, number: int, caller: CurrentCaller, db: DbSession) -> PostOut:
    post = posts.restore_version(db, caller.actor, post_id, number)
    db.flush()
    return post_out(db, post)


def _version_out(version: PostVersion) -> VersionOut:
    return VersionOut(number=version.number, text=version.text, overrides=version.overrides, title=version.title,
                      author_id=version.author_user_id, created_at=version.created_at)

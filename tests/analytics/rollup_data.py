"""A small organization with accounts, posts and published targets, for tests that record readings
straight into the rollups (the collector's own storing code) without the simulator."""

from __future__ import annotations

import secrets
from datetime import datetime

from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS
from allin_app.analytics import rollups
from allin_app.auth import service as auth
from allin_app.content.models import Campaign, Post, PostTarget
from allin_app.orgs import service as orgs


def bloom(db):
    return orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[0]))


def user_id(db, name: str) -> int:
    return auth.find_user_by_email(db, f"{name}@allin.demo").id


def add_account(db, org_id: int, network: str, handle: str) -> SocialAccount:
    account = SocialAccount(org_id=org_id, network=network, external_id=secrets.token_hex(6), handle=handle,
                            display_name=handle.title())
    db.add(account)
    db.flush()
    return account


def add_campaign(db, org_id: int, name: str) -> Campaign:
    campaign = Campaign(org_id=org_id, name=name)
    db.add(campaign)
    db.flush()
    return campaign


def add_published(db, org_id: int, author_id: int, accounts: list[SocialAccount], at: datetime, *, text="A post",
                  link="", campaign_id=None, assignee_id=None) -> list[rollups.TargetInfo]:
    """A published post on each account; answers what the collector would know of each target."""
    post = Post(org_id=org_id, author_user_id=author_id, status="published", text=text, link=link,
                campaign_id=campaign_id, assignee_user_id=assignee_id, scheduled_at=at)
    db.add(post)
    db.flush()
    infos = []
    for account in accounts:
        target = PostTarget(post_id=post.id, org_id=org_id, account_id=account.id, network=account.network,
                            status="published", scheduled_at=at, published_at=at,
                            idempotency_key=secrets.token_hex(16), external_id=secrets.token_hex(8))
        db.add(target)
        db.flush()
        infos.append(rollups.target_info(db, target, post))
    return infos

"""Competitors: accounts of other brands an organization follows on one network, added by handle.

Permissions (core/rbac.py, Competitive Analysis Tools): content managers (their organization), agency
owners (their clients) and super admins add and remove competitors; client viewers read the reports;
creators and team members have no access. Everything happens in the organization acted in.

Adding one looks the handle up at once through one of the organization's own accounts on that network (the
real networks open public lookups to signed-in apps only), so a typo is refused before it is saved, and its
last 90 days of posts come in with it; the daily job (competitor_collector.py) keeps it current.
"""

from __future__ import annotations

import re

import httpx
from sqlalchemy import delete, func
from sqlmodel import Session, select

from allin_app.accounts import service as accounts
from allin_app.admin.service import record_audit
from allin_app.analytics.competitor_collector import FIRST_DAYS, read_public, reading_account, record_reading
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.core.clock import utcnow
from allin_app.core.errors import Conflict, NotFound, ValidationFailed
from allin_app.core.rbac import Actor, Permission, Target, allows, require
from allin_app.platforms.base import AuthExpired, PlatformError
from allin_app.platforms.base import NotFound as NetworkNotFound
from allin_app.platforms.public import PROFILE, UNSUPPORTED, bare_handle
from allin_app.platforms.registry import ADAPTERS, adapter_for

HANDLE = re.compile(r"^[\w.\-]{1,100}$")
MAX_PER_NETWORK = 10


def trackable_networks() -> list[str]:
    """Networks whose API lets apps look other accounts up."""
    return [name for name, adapter in ADAPTERS.items() if PROFILE in adapter.public_lookup]


def may_view(actor: Actor) -> bool:
    return allows(actor, Permission.competitive_analysis, Target(org_id=actor.org_id), write=False)


def may_edit(actor: Actor) -> bool:
    return allows(actor, Permission.competitive_analysis, Target(org_id=actor.org_id))


def require_view(actor: Actor) -> None:
    require(actor, Permission.competitive_analysis, Target(org_id=actor.org_id), write=False)


def list_competitors(db: Session, actor: Actor, network: str | None = None) -> list[Competitor]:
    require_view(actor)
    query = select(Competitor).where(Competitor.org_id == actor.org_id)
    query = query.where(Competitor.network == network) if network else query
    return list(db.exec(query.order_by(Competitor.network, Competitor.display_name, Competitor.id)))


def get_competitor(db: Session, actor: Actor, competitor_id: int) -> Competitor:
    """A competitor of the organization acted in, else NotFound."""
    require_view(actor)
    found = db.get(Competitor, competitor_id)
    if found is None or found.org_id != actor.org_id:
        raise NotFound("Competitor not found.")
    return found


def add_competitor(db: Session, actor: Actor, network: str, handle: str, client: httpx.Client | None = None
                   ) -> Competitor:
    """Look the handle up on `network` and start tracking it (with its recent posts)."""
    require(actor, Permission.competitive_analysis, Target(org_id=actor.org_id))
    name = _checked(db, actor, network, handle)
    account = reading_account(db, actor.org_id, network)
    label = ADAPTERS[network].label
    if account is None:
        raise ValidationFailed("network", f"Connect a {label} account first: AllIN looks competitors up through your "
                                          "own account there.")
    now = utcnow()
    try:
        profile, posts = read_public(adapter_for(network, client=client), accounts.token_set(account),
                                     account.external_id, name, now, since_days=FIRST_DAYS)
    except NetworkNotFound:
        raise ValidationFailed("handle", f"{label} has no public account named {name!r}.") from None
    except AuthExpired:
        raise ValidationFailed("network", f"Your {label} account's access has ended: reconnect it on the Accounts "
                                          "page, then try again.") from None
    except PlatformError as error:
        raise ValidationFailed("handle", f"{label} did not answer the lookup: {error.message}") from None
    competitor = Competitor(org_id=actor.org_id, network=network, handle=profile.handle.lstrip("@").lower() or name,
                            display_name=profile.display_name, external_id=profile.external_id,
                            avatar_url=profile.avatar_url, added_by_user_id=actor.user_id)
    db.add(competitor)
    db.flush()
    record_reading(db, competitor, profile, posts, now)
    record_audit(db, "competitor.added", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"competitor:{competitor.id}", detail=f"{network} {competitor.handle}")
    return competitor


def _checked(db: Session, actor: Actor, network: str, handle: str) -> str:
    if network not in ADAPTERS:
        raise ValidationFailed("network", f"Pick one of {', '.join(trackable_networks())}.")
    if PROFILE not in ADAPTERS[network].public_lookup:
        raise ValidationFailed("network", UNSUPPORTED.get(network, f"{network} offers no public lookups."))
    name = bare_handle(handle).lower()
    if not HANDLE.match(name):
        raise ValidationFailed("handle", "Type the account's handle, like @brand or brand.name.")
    same = select(Competitor.id).where(Competitor.org_id == actor.org_id, Competitor.network == network)
    if db.exec(same.where(Competitor.handle == name)).first() is not None:
        raise Conflict(f"{name} is already tracked on {ADAPTERS[network].label}.")
    if db.exec(select(func.count()).select_from(same.subquery())).one() >= MAX_PER_NETWORK:
        raise ValidationFailed("handle", f"Track at most {MAX_PER_NETWORK} competitors per network: remove one first.")
    return name


def remove_competitor(db: Session, actor: Actor, competitor_id: int) -> None:
    """Stop tracking, and forget what was read about it."""
    competitor = get_competitor(db, actor, competitor_id)
    require(actor, Permission.competitive_analysis, Target(org_id=competitor.org_id))
    db.exec(delete(CompetitorPost).where(CompetitorPost.competitor_id == competitor.id))
    db.exec(delete(CompetitorSnapshot).where(CompetitorSnapshot.competitor_id == competitor.id))
    record_audit(db, "competitor.removed", actor_user_id=actor.user_id, org_id=actor.org_id,
                 target=f"competitor:{competitor.id}", detail=f"{competitor.network} {competitor.handle}")
    db.delete(competitor)

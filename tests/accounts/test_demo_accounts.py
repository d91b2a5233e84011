"""The demo seed connects each client's accounts through the OAuth flow, once."""

from __future__ import annotations

from sqlmodel import select

from allin_app.accounts.models import ConnectAttempt, SocialAccount
from allin_app.admin.seed import CLIENTS, connect_demo_accounts
from allin_app.core.config import settings
from allin_app.orgs import service as orgs
from allin_app.platforms.simulator import store


def test_demo_clients_get_their_own_accounts_through_the_flow(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    try:
        assert connect_demo_accounts(seeded)
        assert connect_demo_accounts(seeded) == []  # a second seed connects nothing more
    finally:
        store.dispose_engines()
    for name in CLIENTS:
        org = orgs.get_org_by_slug(seeded, orgs.slugify(name))
        names = {a.display_name for a in seeded.exec(select(SocialAccount).where(SocialAccount.org_id == org.id))}
        assert names == {name}  # only the client's own pages and channels were ticked
    attempts = seeded.exec(select(ConnectAttempt)).all()
    assert attempts and all(a.used_at is not None for a in attempts)  # every one went through a callback

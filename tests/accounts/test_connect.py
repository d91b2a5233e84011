"""Connecting accounts through the networks' OAuth flow (the simulator, in-process), and their care."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from allin_app.accounts import service as accounts
from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.core.config import settings
from allin_app.core.crypto import decrypt_secret
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.orgs import service as orgs
from allin_app.platforms.simulator import store
from allin_app.platforms.simulator.autopilot import answer_consent, in_process_client


@pytest.fixture
def sim(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "data_dir", tmp_path)
    with in_process_client() as client:
        yield client
    store.dispose_engines()


def _user_and_actor(db, email: str = "manager@allin.demo", org_name: str | None = None):
    user = auth.find_user_by_email(db, email)
    org_id = orgs.get_org_by_slug(db, orgs.slugify(org_name)).id if org_name else None
    return user, orgs.actor_for(db, user, org_id)


def connect(db, sim, network: str, email: str = "manager@allin.demo", decision: str = "allow"):
    user, actor = _user_and_actor(db, email)
    url = accounts.start_connect(db, actor, network, client=sim)
    db.commit()
    answer = answer_consent(sim, url, decision)
    connected = accounts.complete_connect(db, user, network, answer.get("state", ""), answer.get("code", ""),
                                          answer.get("error", ""), client=sim)
    db.commit()
    return connected, answer


@pytest.mark.parametrize("network", ["facebook", "twitter", "linkedin", "tiktok", "youtube", "pinterest",
                                     "snapchat", "reddit", "threads"])
def test_a_manager_connects_each_network(seeded, sim, network):
    connected, _ = connect(seeded, sim, network)
    assert connected and all(a.network == network and a.handle for a in connected)
    _, actor = _user_and_actor(seeded)
    listed = accounts.list_accounts(seeded, actor)
    assert {a.id for a in listed} == {a.id for a in connected}
    assert all(accounts.health(a).state == "Active" for a in listed)


def test_instagram_needs_a_facebook_page_first(seeded, sim):
    _, actor = _user_and_actor(seeded)
    with pytest.raises(ValidationFailed) as refused:
        accounts.start_connect(seeded, actor, "instagram", client=sim)
    assert "Facebook Page" in refused.value.message
    connect(seeded, sim, "facebook")
    assert connect(seeded, sim, "instagram")[0]


def test_tokens_are_encrypted_at_rest(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    plain = decrypt_secret(account.access_token_enc)
    row = seeded.connection().execute(text("SELECT * FROM social_accounts WHERE id = :id"), {"id": account.id}).one()
    assert plain and all(plain not in str(value) for value in row)


def test_a_replayed_callback_is_refused(seeded, sim):
    _, answer = connect(seeded, sim, "twitter")
    user, _ = _user_and_actor(seeded)
    with pytest.raises(ValidationFailed) as refused:
        accounts.complete_connect(seeded, user, "twitter", answer["state"], answer["code"], client=sim)
    assert refused.value.field == "state"


def test_a_tampered_or_foreign_state_is_refused(seeded, sim):
    user, actor = _user_and_actor(seeded)
    url = accounts.start_connect(seeded, actor, "reddit", client=sim)
    seeded.commit()
    answer = answer_consent(sim, url)
    with pytest.raises(ValidationFailed):
        accounts.complete_connect(seeded, user, "reddit", answer["state"] + "x", answer["code"], client=sim)
    someone_else = auth.find_user_by_email(seeded, "agency@allin.demo")
    with pytest.raises(ValidationFailed):
        accounts.complete_connect(seeded, someone_else, "reddit", answer["state"], answer["code"], client=sim)


def test_denying_consent_connects_nothing(seeded, sim):
    with pytest.raises(ValidationFailed) as refused:
        connect(seeded, sim, "linkedin", decision="deny")
    assert "did not grant access" in refused.value.message
    assert seeded.exec(select(SocialAccount)).all() == []


@pytest.mark.parametrize("email", ["creator@allin.demo", "client@allin.demo", "team@allin.demo"])
def test_only_owners_and_managers_connect(seeded, sim, email):
    _, actor = _user_and_actor(seeded, email)
    with pytest.raises(PermissionDenied):
        accounts.start_connect(seeded, actor, "twitter", client=sim)


def test_creators_and_clients_see_status_but_cannot_disconnect(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    for email in ("creator@allin.demo", "client@allin.demo"):
        _, actor = _user_and_actor(seeded, email)
        assert [a.id for a in accounts.list_accounts(seeded, actor)] == [account.id]
        with pytest.raises(PermissionDenied):
            accounts.disconnect(seeded, actor, account.id, client=sim)


def test_refresh_now_gets_a_new_token(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    before = decrypt_secret(account.access_token_enc)
    _, actor = _user_and_actor(seeded)
    refreshed = accounts.refresh_account(seeded, actor, account.id, client=sim)
    assert decrypt_secret(refreshed.access_token_enc) != before and accounts.health(refreshed).state == "Active"


def test_disconnect_revokes_at_the_network_and_keeps_history(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    _, actor = _user_and_actor(seeded)
    assert "revoked" in accounts.disconnect(seeded, actor, account.id, client=sim)
    seeded.commit()
    kept = seeded.get(SocialAccount, account.id)
    assert kept.access_token_enc is None and kept.refresh_token_enc is None and kept.disconnected_at
    assert accounts.list_accounts(seeded, actor) == []


def test_another_organizations_account_is_not_found(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    _, agency_in_peak = _user_and_actor(seeded, "agency@allin.demo", CLIENTS[1])
    with pytest.raises(NotFound):
        accounts.get_account(seeded, agency_in_peak, account.id)
    with pytest.raises(NotFound):
        accounts.disconnect(seeded, agency_in_peak, account.id, client=sim)


def test_a_scope_the_network_did_not_grant_shows_as_a_warning(seeded, sim):
    account = connect(seeded, sim, "twitter")[0][0]
    account.scopes = "tweet.read users.read offline.access"  # tweet.write refused at the network
    health = accounts.health(account)
    assert health.state == "Warning" and "tweet.write" in health.reason

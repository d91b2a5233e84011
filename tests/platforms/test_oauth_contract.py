"""Every adapter connects to the simulator end to end, and the simulator refuses what real networks refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from allin_app.core.clock import utcnow
from allin_app.platforms.base import AuthExpired, PlatformError
from allin_app.platforms.config import NETWORKS
from allin_app.platforms.registry import ADAPTERS
from allin_app.platforms.simulator.networks import SIM_NETWORKS
from tests.platforms.conftest import REDIRECT_URI, authorized_code, click, consent_form, make_adapter

ROTATING = {name for name, net in SIM_NETWORKS.items() if net.rotates_refresh_token}


@pytest.mark.parametrize("network", NETWORKS)
def test_connect_refresh_and_revoke(sim, network):
    adapter = make_adapter(network, sim)
    start, code = authorized_code(sim, adapter)
    assert (start.code_verifier is not None) == adapter.uses_pkce

    tokens = adapter.exchange_code(code, REDIRECT_URI, start.code_verifier)
    assert tokens.access_token and tokens.expires_at > utcnow()
    assert set(tokens.scopes) == set(adapter.default_scopes)

    profiles = adapter.list_profiles(tokens)
    assert profiles and any("Bloom Coffee Co." in p.display_name for p in profiles)
    assert all(p.external_id and p.followers > 0 for p in profiles if p.kind != "profile" or network != "linkedin")
    assert all(p.avatar_url.startswith("http") for p in profiles if network != "linkedin")

    with time_machine.travel(utcnow() + timedelta(hours=25), tick=False):  # Threads refreshes only after 24 h
        refreshed = adapter.refresh(tokens)
        assert refreshed.access_token != tokens.access_token
        assert refreshed.expires_at > utcnow()
        assert [p.external_id for p in adapter.list_profiles(refreshed)] == [p.external_id for p in profiles]
        if network in ROTATING:
            assert refreshed.refresh_token != tokens.refresh_token
            with pytest.raises(AuthExpired):
                adapter.refresh(tokens)  # the used refresh token is refused

        adapter.revoke(refreshed)
        if adapter.revoke_path:
            with pytest.raises(AuthExpired):
                adapter.refresh(refreshed)
            with pytest.raises(AuthExpired):
                adapter.list_profiles(refreshed)
        else:  # no revocation endpoint: the grant stays until the user removes the app on the network
            assert adapter.list_profiles(refreshed)


@pytest.mark.parametrize("network", [n for n in NETWORKS if ADAPTERS[n].uses_pkce])
def test_wrong_pkce_verifier_is_refused(sim, network):
    adapter = make_adapter(network, sim)
    start, code = authorized_code(sim, adapter)
    with pytest.raises(AuthExpired, match="code_verifier"):
        adapter.exchange_code(code, REDIRECT_URI, start.code_verifier[::-1])


@pytest.mark.parametrize("network", NETWORKS)
def test_replayed_code_is_refused_and_revokes_its_tokens(sim, network):
    adapter = make_adapter(network, sim)
    start, code = authorized_code(sim, adapter)
    tokens = adapter.exchange_code(code, REDIRECT_URI, start.code_verifier)
    with pytest.raises(AuthExpired):
        adapter.exchange_code(code, REDIRECT_URI, start.code_verifier)
    with pytest.raises(AuthExpired):
        adapter.list_profiles(tokens)


@pytest.mark.parametrize("network", NETWORKS)
def test_redirect_uri_must_match_the_authorize_request(sim, network):
    adapter = make_adapter(network, sim)
    start, code = authorized_code(sim, adapter)
    with pytest.raises(AuthExpired):
        adapter.exchange_code(code, "http://localhost:3009/elsewhere", start.code_verifier)


@pytest.mark.parametrize("network", NETWORKS)
def test_wrong_client_secret_is_refused_as_invalid_client(sim, network):
    start, code = authorized_code(sim, make_adapter(network, sim))
    impostor = make_adapter(network, sim, secret="not-the-secret")
    with pytest.raises(PlatformError) as refused:
        impostor.exchange_code(code, REDIRECT_URI, start.code_verifier)
    assert type(refused.value) is PlatformError and refused.value.code == "invalid_client"


@pytest.mark.parametrize("network", NETWORKS)
def test_code_expires_after_60_seconds(sim, network):
    adapter = make_adapter(network, sim)
    with time_machine.travel(utcnow(), tick=False) as traveller:
        start, code = authorized_code(sim, adapter)
        traveller.shift(timedelta(seconds=61))
        with pytest.raises(AuthExpired, match="expired"):
            adapter.exchange_code(code, REDIRECT_URI, start.code_verifier)


@pytest.mark.parametrize("network", NETWORKS)
def test_deny_redirects_with_access_denied(sim, network):
    adapter = make_adapter(network, sim)
    start = adapter.start_authorization(REDIRECT_URI)
    answer = click(sim, start, decision="deny")
    assert answer["error"] == "access_denied" and answer["state"] == start.state
    assert "code" not in answer


def test_consent_page_names_the_app_scopes_and_pages(sim):
    adapter = make_adapter("facebook", sim)
    page = sim.get(adapter.start_authorization(REDIRECT_URI).url).text
    assert "AllIN" in page and "pages_manage_posts" in page
    assert "Bloom Coffee Co." in page and "Harbor Yoga Studio" in page


def test_only_ticked_pages_are_granted(sim):
    adapter = make_adapter("facebook", sim)
    start = adapter.start_authorization(REDIRECT_URI)
    action, fields = consent_form(sim, start.url)
    fields["profile_id"] = fields["profile_id"][:1]
    location = sim.post(action, data={**fields, "decision": "allow"}, follow_redirects=False).headers["location"]
    code = location.split("code=")[1].split("&")[0]
    pages = adapter.list_profiles(adapter.exchange_code(code, REDIRECT_URI))
    assert [p.display_name for p in pages] == ["Bloom Coffee Co."]
    assert pages[0].kind == "page" and pages[0].access_token


def test_instagram_lists_business_accounts_through_their_pages(sim):
    adapter = make_adapter("instagram", sim)
    _, code = authorized_code(sim, adapter)
    accounts = adapter.list_profiles(adapter.exchange_code(code, REDIRECT_URI))
    assert {a.handle for a in accounts} == {"bloomcoffeeco", "northwind.outfitters", "peak.fitness.studio"}
    assert all(a.kind == "business_account" and a.access_token for a in accounts)


def test_x_refuses_an_authorize_request_without_pkce(sim):
    adapter = make_adapter("twitter", sim)
    answer = sim.get(adapter.authorization_url(REDIRECT_URI, "s1"), follow_redirects=False)
    assert answer.status_code == 302 and "error=invalid_request" in answer.headers["location"]


def test_unknown_client_id_gets_an_error_page_not_a_redirect(sim):
    answer = sim.get("/sim/reddit/api/v1/authorize", params={"client_id": "stranger", "redirect_uri": REDIRECT_URI,
                                                             "response_type": "code", "state": "s"})
    assert answer.status_code == 400 and "not registered" in answer.text


def test_threads_token_cannot_be_refreshed_before_it_is_a_day_old(sim):
    adapter = make_adapter("threads", sim)
    _, code = authorized_code(sim, adapter)
    tokens = adapter.exchange_code(code, REDIRECT_URI)
    with pytest.raises(AuthExpired, match="24 hours"):
        adapter.refresh(tokens)


def test_linkedin_refresh_does_not_extend_the_refresh_token(sim):
    adapter = make_adapter("linkedin", sim)
    _, code = authorized_code(sim, adapter)
    tokens = adapter.exchange_code(code, REDIRECT_URI)
    with time_machine.travel(utcnow() + timedelta(days=366), tick=False), pytest.raises(AuthExpired):
        adapter.refresh(tokens)


def test_simulator_keeps_its_own_database_file(sim, tmp_path):
    sim.get(make_adapter("reddit", sim).start_authorization(REDIRECT_URI).url)
    assert (tmp_path / "simulator.db").exists()

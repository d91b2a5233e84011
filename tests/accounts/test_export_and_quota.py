"""Exporting an account's posts and metrics before disconnecting it, and its posting quota."""

from __future__ import annotations

import csv
import io
import json

import pytest

from allin_app.accounts import service as accounts
from allin_app.accounts.export import export_account
from allin_app.accounts.jobs import read_quotas
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.platforms.registry import adapter_for
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.accounts.test_connect import _user_and_actor, connect, sim  # noqa: F401  (fixture)


def _publish(sim, account, *texts: str) -> None:  # noqa: F811
    adapter = adapter_for(account.network, client=sim)
    for text in texts:
        adapter.publish_text(accounts.token_set(account), account.external_id, text)


def test_csv_export_lists_the_networks_posts_with_metrics(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    _publish(sim, account, "First post", "=HYPERLINK(\"http://evil\")")
    _, actor = _user_and_actor(seeded)
    document = export_account(seeded, actor, account.id, "csv", client=sim)
    assert document.filename.startswith("twitter-") and document.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(document.body.decode("utf-8-sig"))))
    assert [row["text"] for row in rows] == ["'=HYPERLINK(\"http://evil\")", "First post"]  # newest first, inert
    assert set(rows[0]) >= {"post_id", "published_at", "url", "impressions", "likes", "comments", "shares"}
    assert all(row["url"].startswith("https://x.com/") for row in rows)


def test_json_export_names_the_account(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "linkedin")[0][0]
    _publish(sim, account, "Hiring baristas")
    _, actor = _user_and_actor(seeded)
    document = json.loads(export_account(seeded, actor, account.id, "json", client=sim).body)
    assert document["account"]["handle"] == account.handle
    assert [post["text"] for post in document["posts"]] == ["Hiring baristas"]


def test_only_org_wide_exporters_may_export_and_never_after_disconnect(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]
    for email in ("creator@allin.demo", "client@allin.demo"):
        _, actor = _user_and_actor(seeded, email)
        with pytest.raises(PermissionDenied):
            export_account(seeded, actor, account.id, "csv", client=sim)
    _, manager = _user_and_actor(seeded)
    with pytest.raises(ValidationFailed, match="CSV or JSON"):
        export_account(seeded, manager, account.id, "xlsx", client=sim)
    accounts.disconnect(seeded, manager, account.id, client=sim)
    with pytest.raises(NotFound):  # the network no longer answers AllIN for it
        export_account(seeded, manager, account.id, "csv", client=sim)


def test_quota_is_read_at_connect_and_follows_the_posts(seeded, sim, monkeypatch):  # noqa: F811
    account = connect(seeded, sim, "linkedin")[0][0]  # 150 posts a day per member, documented
    assert (account.quota_used, account.quota_total, account.quota_window_seconds) == (0, 150, 86_400)
    _publish(sim, account, "One", "Two")
    seeded.commit()
    monkeypatch.setattr("allin_app.accounts.jobs.adapter_for",
                        lambda network, client=None: adapter_for(network, client=sim))
    assert read_quotas() >= 1
    seeded.refresh(account)
    assert account.quota_used == 2 and account.quota_checked_at is not None


def test_networks_without_a_quota_show_none(seeded, sim):  # noqa: F811
    account = connect(seeded, sim, "twitter")[0][0]  # X limits by rate, not by a posting quota
    assert account.quota_total is None


def test_api_export_downloads_a_file_and_lists_the_quota(api, seeded, sim, monkeypatch):  # noqa: F811
    from allin_app.accounts import export

    account = connect(seeded, sim, "linkedin")[0][0]
    monkeypatch.setattr(export, "adapter_for", lambda network, client=None: adapter_for(network, client=sim))
    manager = bearer(api, "manager@allin.demo", "Manager123!@#")
    answer = api.get(f"/api/v1/accounts/{account.id}/export?format=json", headers=manager)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert "attachment" in answer.headers["content-disposition"] and answer.json()["posts"] == []
    assert api.get(f"/api/v1/accounts/{account.id}/export?format=xml", headers=manager).status_code == 422
    listed = api.get("/api/v1/accounts", headers=manager).json()["items"][0]
    assert listed["posting_quota"]["total"] == 150 and listed["posting_quota"]["used"] == 0

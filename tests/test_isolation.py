"""Tenant isolation: every table holding organization data, and every service that reads, changes or
deletes it, answers "not found" for an organization out of the actor's reach.

The walk starts from the schema: a new table with an organization column fails here until its
services are added to ORG_TABLES below.
"""

from __future__ import annotations

import pytest
from sqlmodel import SQLModel

from allin_app.accounts import reconnect
from allin_app.accounts import service as accounts
from allin_app.accounts.export import export_account
from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS
from allin_app.auth import service as auth
from allin_app.content import service as posts
from allin_app.core.errors import NotFound
from allin_app.core.rbac import Role
from allin_app.orgs import branding, clients, security, team
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind

# table -> the services that take an organization (or its rows) by id
ORG_TABLES = {
    "organizations": ("get_organization", "update_organization"),
    "memberships": ("change_member_role", "remove_member", "transfer_ownership"),
    "invitations": ("invite_members", "list_invitations", "resend_invitation", "revoke_invitation"),
    "brand_guidelines": ("guidelines_of", "update_guidelines"),
    "org_security_policies": ("update_policy",),
    "white_labels": ("white_label_of", "update_white_label", "set_white_label_image"),
    "client_assignments": ("agency_staff", "set_assignment"),
    "audit_events": ("list_audit_events",),
    "social_accounts": ("get_account", "refresh_account", "disconnect", "account_insights", "send_reconnect_link",
                        "export_account"),
    # found only by its secret state, which is bound to the user who started it (tests/accounts)
    "connect_attempts": (),
    # found only by its secret token; sending one checks the account's organization (tests/accounts)
    "reconnect_links": (),  # platform log: super admins only (tests/test_api_auth, admin)
    "posts": ("get_post", "update_post", "delete_posts", "duplicate_post", "submit_for_approval",
              "move_to_campaign"),
    "post_targets": ("update_post", "duplicate_post"),  # reached only through their post
    "post_versions": ("list_versions", "restore_version"),
    # issue 5, filled in as each service lands
    "campaigns": (), "campaign_costs": (), "media_folders": (), "media_assets": (), "templates": (),
}
ORG_COLUMNS = {"org_id", "client_org_id", "parent_id"}


def test_every_table_with_organization_data_is_walked():
    owned = {name for name, table in SQLModel.metadata.tables.items() if ORG_COLUMNS & set(table.columns.keys())}
    assert owned == set(ORG_TABLES)


@pytest.fixture
def two_tenants(seeded):
    """Bloom's manager, and ids that live in Peak Fitness (same agency) and in another agency's client."""
    db = seeded
    other_agency = orgs.create_organization(db, "Southwind Media", OrgKind.agency)
    foreign = orgs.create_organization(db, "Harbor Bakery", OrgKind.client, other_agency.id)
    peak = orgs.get_org_by_slug(db, orgs.slugify(CLIENTS[1]))
    owner = auth.create_user(db, "owner@southwind.example", "Harbor-Lights-51", verified=True)
    orgs.add_member(db, foreign.id, owner.id, Role.agency_owner)
    invitation = team.invite_members(db, orgs.actor_for(db, owner, foreign.id), foreign.id,
                                     ["someone@harbor.example"], Role.content_creator, "")[0]
    account = SocialAccount(org_id=foreign.id, network="twitter", external_id="42", handle="harborbakery")
    db.add(account)
    post = posts.create_post(db, orgs.actor_for(db, owner, foreign.id), posts.PostDraft(text="Harbor's own post"))
    db.commit()
    return {"db": db, "foreign": foreign, "peak": peak, "owner": owner, "invitation": invitation, "account": account,
            "post": post}


def _actors(db):
    manager = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"))
    agency_owner = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"))
    return {"client manager": manager, "agency owner": agency_owner}


CALLS = {
    "get_organization": lambda db, a, t: orgs.get_organization(db, a, t["foreign"].id),
    "update_organization": lambda db, a, t: orgs.update_organization(db, a, t["foreign"].id, {"industry": "x"}),
    "change_member_role": lambda db, a, t: team.change_member_role(db, a, t["foreign"].id, t["owner"].id,
                                                                   Role.content_manager),
    "remove_member": lambda db, a, t: team.remove_member(db, a, t["foreign"].id, t["owner"].id),
    "transfer_ownership": lambda db, a, t: team.transfer_ownership(db, a, t["foreign"].id, a.user_id),
    "invite_members": lambda db, a, t: team.invite_members(db, a, t["foreign"].id, ["x@y.example"],
                                                           Role.content_creator, ""),
    "list_invitations": lambda db, a, t: team.list_invitations(db, a, t["foreign"].id),
    "resend_invitation": lambda db, a, t: team.resend_invitation(db, a, t["foreign"].id, t["invitation"].id),
    "revoke_invitation": lambda db, a, t: team.revoke_invitation(db, a, t["foreign"].id, t["invitation"].id),
    "get_account": lambda db, a, t: accounts.get_account(db, a, t["account"].id),
    "refresh_account": lambda db, a, t: accounts.refresh_account(db, a, t["account"].id),
    "disconnect": lambda db, a, t: accounts.disconnect(db, a, t["account"].id),
    "account_insights": lambda db, a, t: accounts.account_insights(db, a, t["account"].id),
    "export_account": lambda db, a, t: export_account(db, a, t["account"].id, "csv"),
    "send_reconnect_link": lambda db, a, t: reconnect.send_reconnect_link(db, a, t["account"].id, "x@y.example"),
    "get_post": lambda db, a, t: posts.get_post(db, a, t["post"].id),
    "update_post": lambda db, a, t: posts.update_post(db, a, t["post"].id, posts.PostDraft(text="x")),
    "delete_posts": lambda db, a, t: posts.delete_posts(db, a, [t["post"].id]),
    "duplicate_post": lambda db, a, t: posts.duplicate_post(db, a, t["post"].id),
    "submit_for_approval": lambda db, a, t: posts.submit_for_approval(db, a, [t["post"].id]),
    "move_to_campaign": lambda db, a, t: posts.move_to_campaign(db, a, [t["post"].id], None),
    "list_versions": lambda db, a, t: posts.list_versions(db, a, t["post"].id),
    "restore_version": lambda db, a, t: posts.restore_version(db, a, t["post"].id, 1),
    "agency_staff": lambda db, a, t: clients.agency_staff(db, a, t["foreign"].id),
    "set_assignment": lambda db, a, t: clients.set_assignment(db, a, t["foreign"].id, t["owner"].id, True),
    "guidelines_of": lambda db, a, t: branding.guidelines_of(db, a, t["foreign"].id),
    "update_guidelines": lambda db, a, t: branding.update_guidelines(db, a, t["foreign"].id, {"fonts": "x"}),
    "update_policy": lambda db, a, t: security.update_policy(db, a, t["foreign"].id, require_2fa=True,
                                                             min_password_length=8, session_timeout_minutes=15,
                                                             ip_allowlist=""),
    "white_label_of": lambda db, a, t: branding.white_label_of(db, a, t["foreign"].parent_id),
    "update_white_label": lambda db, a, t: branding.update_white_label(
        db, a, t["foreign"].parent_id, app_name="x", primary_color="", accent_color="", custom_domain="",
        hidden_sections=[]),
    "set_white_label_image": lambda db, a, t: branding.set_white_label_image(
        db, a, t["foreign"].parent_id, "logo", b"\x89PNG\r\n\x1a\n"),
}


@pytest.mark.parametrize("service", sorted(CALLS))
@pytest.mark.parametrize("who", ["client manager", "agency owner"])
def test_another_tenants_ids_answer_not_found(two_tenants, service, who):
    db = two_tenants["db"]
    with pytest.raises(NotFound):
        CALLS[service](db, _actors(db)[who], two_tenants)


def test_every_listed_service_is_called():
    listed = {name for names in ORG_TABLES.values() for name in names} - {"list_audit_events"}
    assert listed == set(CALLS)


def test_a_client_manager_cannot_reach_a_sister_client_of_the_same_agency(two_tenants):
    db = two_tenants["db"]
    manager = _actors(db)["client manager"]
    with pytest.raises(NotFound):
        orgs.get_organization(db, manager, two_tenants["peak"].id)
    with pytest.raises(NotFound):
        orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"), two_tenants["peak"].id)

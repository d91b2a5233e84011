"""The permission matrices of the product guide, cell by cell, and the checks built on them."""

from __future__ import annotations

import pytest

from allin_app.core.errors import PermissionDenied
from allin_app.core.rbac import (
    Actor,
    Matrix,
    Permission,
    Role,
    Scope,
    Target,
    allows,
    may_open,
    require,
    scope_for,
)

ALL = Scope.all
AGENCY = Scope.agency_clients
ORG = Scope.org
OWN = Scope.own
ASSIGNED = Scope.assigned
VIEW = Scope.view
NONE = Scope.none

# A transcription of the guide, kept apart from MATRIX on purpose so a slip in either shows up.
# Columns: super admin, agency owner, content manager, content creator, client viewer, team member.
# fmt: off
CORE_MATRIX = [
    # content management
    ("create_content",           [ALL, AGENCY, ORG,  OWN,      NONE, ASSIGNED]),
    ("edit_content",             [ALL, AGENCY, ORG,  OWN,      NONE, ASSIGNED]),
    ("delete_content",           [ALL, AGENCY, ORG,  OWN,      NONE, NONE]),
    ("approve_content",          [ALL, AGENCY, ORG,  NONE,     ORG,  NONE]),
    ("publish_content",          [ALL, AGENCY, ORG,  OWN,      NONE, NONE]),
    ("schedule_content",         [ALL, AGENCY, ORG,  OWN,      NONE, ASSIGNED]),
    # social media accounts
    ("connect_accounts",         [ALL, AGENCY, ORG,  NONE,     NONE, NONE]),
    ("disconnect_accounts",      [ALL, AGENCY, ORG,  NONE,     NONE, NONE]),
    ("view_account_status",      [ALL, AGENCY, ORG,  VIEW,     VIEW, ASSIGNED]),
    ("manage_account_settings",  [ALL, AGENCY, ORG,  NONE,     NONE, NONE]),
    # analytics & reporting
    ("view_basic_analytics",     [ALL, AGENCY, ORG,  OWN,      VIEW, ASSIGNED]),
    ("advanced_analytics",       [ALL, AGENCY, ORG,  OWN,      VIEW, NONE]),
    ("generate_reports",         [ALL, AGENCY, ORG,  OWN,      VIEW, NONE]),
    ("export_data",              [ALL, AGENCY, ORG,  OWN,      VIEW, NONE]),
    ("cross_platform_analytics", [ALL, AGENCY, ORG,  OWN,      VIEW, NONE]),
    # team & user management
    ("create_users",             [ALL, AGENCY, VIEW, NONE,     NONE, NONE]),
    ("delete_users",             [ALL, AGENCY, NONE, NONE,     NONE, NONE]),
    ("assign_roles",             [ALL, AGENCY, VIEW, NONE,     NONE, NONE]),
    ("manage_permissions",       [ALL, AGENCY, NONE, NONE,     NONE, NONE]),
    ("view_team_activity",       [ALL, AGENCY, ORG,  VIEW,     NONE, OWN]),
    # AI-powered features
    ("ai_content_generation",    [ALL, AGENCY, ORG,  ORG,      NONE, ASSIGNED]),
    ("ai_analytics",             [ALL, AGENCY, ORG,  OWN,      NONE, NONE]),
    ("ai_optimization",          [ALL, AGENCY, ORG,  ORG,      NONE, ASSIGNED]),
    ("performance_prediction",   [ALL, AGENCY, ORG,  OWN,      NONE, NONE]),
    # calendar & scheduling
    ("view_calendar",            [ALL, AGENCY, ORG,  ASSIGNED, VIEW, ASSIGNED]),
    ("manage_calendar",          [ALL, AGENCY, ORG,  OWN,      NONE, NONE]),
    ("create_campaigns",         [ALL, AGENCY, ORG,  ASSIGNED, NONE, NONE]),
    # billing & subscriptions
    ("view_billing",             [ALL, AGENCY, VIEW, NONE,     NONE, NONE]),
    ("manage_payments",          [ALL, AGENCY, NONE, NONE,     NONE, NONE]),
    ("change_plan",              [ALL, AGENCY, NONE, NONE,     NONE, NONE]),
    # API & integrations
    ("api_key_management",       [ALL, AGENCY, VIEW, NONE,     NONE, NONE]),
    ("webhook_configuration",    [ALL, AGENCY, VIEW, NONE,     NONE, NONE]),
    ("third_party_integrations", [ALL, AGENCY, ORG,  NONE,     NONE, NONE]),
    # system configuration
    ("platform_settings",        [ALL, NONE,   NONE, NONE,     NONE, NONE]),
    ("organization_settings",    [ALL, AGENCY, NONE, NONE,     NONE, NONE]),
    ("security_settings",        [ALL, ORG,    NONE, NONE,     NONE, NONE]),
]

PRIORITY_2_MATRIX = [
    # advanced dashboard analytics
    ("multi_platform_insights",    [ALL, AGENCY, ORG, OWN,  VIEW, NONE]),
    ("competitive_analysis",       [ALL, AGENCY, ORG, NONE, VIEW, NONE]),
    ("roi_attribution",            [ALL, AGENCY, ORG, NONE, VIEW, NONE]),
    ("custom_dashboards",          [ALL, AGENCY, ORG, VIEW, VIEW, NONE]),
    ("advanced_reporting",         [ALL, AGENCY, ORG, OWN,  VIEW, NONE]),
    # real-time engagement monitoring
    ("live_engagement_streaming",  [ALL, AGENCY, ORG, OWN,  VIEW, ASSIGNED]),
    ("custom_alerts",              [ALL, AGENCY, ORG, OWN,  NONE, NONE]),
    ("anomaly_detection",          [ALL, AGENCY, ORG, OWN,  VIEW, NONE]),
    ("crisis_management",          [ALL, AGENCY, ORG, OWN,  VIEW, NONE]),
    ("live_notifications",         [ALL, AGENCY, ORG, OWN,  VIEW, ASSIGNED]),
    # enhanced AI content optimization
    ("advanced_content_analysis",  [ALL, AGENCY, ORG, OWN,  NONE, ASSIGNED]),
    ("ai_performance_prediction",  [ALL, AGENCY, ORG, OWN,  NONE, ASSIGNED]),
    ("algorithmic_optimization",   [ALL, AGENCY, ORG, ORG,  NONE, ASSIGNED]),
    ("content_variant_generation", [ALL, AGENCY, ORG, OWN,  NONE, ASSIGNED]),
    ("ab_testing_recommendations", [ALL, AGENCY, ORG, OWN,  NONE, NONE]),
    ("engagement_factor_analysis", [ALL, AGENCY, ORG, OWN,  NONE, NONE]),
    ("viral_potential_scoring",    [ALL, AGENCY, ORG, OWN,  VIEW, NONE]),
]
# fmt: on

COLUMNS = [
    Role.super_admin,
    Role.agency_owner,
    Role.content_manager,
    Role.content_creator,
    Role.client_viewer,
    Role.team_member,
]

CELLS = [
    pytest.param(permission, role, scope, id=f"{permission}-{role.value}")
    for permission, scopes in CORE_MATRIX + PRIORITY_2_MATRIX
    for role, scope in zip(COLUMNS, scopes, strict=True)
]

# An agency (10) with a client (11); another agency (20) with its own client (21).
AGENCY_ORG, CLIENT_ORG, OTHER_AGENCY_ORG, OTHER_CLIENT_ORG = 10, 11, 20, 21
MANAGER, CREATOR, TEAMMATE = 1, 2, 3


def actor(role: Role, user_id: int = 99, org_id: int = CLIENT_ORG, **kwargs) -> Actor:
    return Actor(user_id=user_id, org_id=org_id, role=role, **kwargs)


def agency_owner() -> Actor:
    reach = frozenset({AGENCY_ORG, CLIENT_ORG})
    return actor(Role.agency_owner, org_id=AGENCY_ORG, reachable_org_ids=reach)


def post(
    owner_id: int | None = None,
    org_id: int = CLIENT_ORG,
    assigned: tuple[int, ...] = (),
) -> Target:
    return Target(
        org_id=org_id, owner_id=owner_id, assigned_user_ids=frozenset(assigned)
    )


@pytest.mark.parametrize(("permission", "role", "expected"), CELLS)
def test_scope_matches_the_guide(permission: str, role: Role, expected: Scope) -> None:
    assert scope_for(role, Permission(permission)) is expected


def test_roles_are_the_guides_six_columns_in_order() -> None:
    assert list(Role) == COLUMNS


def test_every_row_of_both_tables_is_a_permission_and_nothing_else() -> None:
    rows = [name for name, _ in CORE_MATRIX + PRIORITY_2_MATRIX]
    assert len(rows) == len(set(rows))
    assert {p.value for p in Permission} == set(rows)


def test_each_permission_remembers_its_table() -> None:
    assert {p.value for p in Permission if p.matrix is Matrix.core} == {
        name for name, _ in CORE_MATRIX
    }
    assert {p.value for p in Permission if p.matrix is Matrix.priority_2} == {
        name for name, _ in PRIORITY_2_MATRIX
    }


def test_permissions_keep_the_guides_labels() -> None:
    assert Permission.create_content.label == "Create Content"
    assert Permission.change_plan.label == "Upgrade/Downgrade"
    assert Permission.ai_performance_prediction.label == "AI Performance Prediction"
    assert Permission.performance_prediction.label == "Performance Prediction"


def test_creator_cannot_delete_managers_post() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert not allows(creator, Permission.delete_content, post(owner_id=MANAGER))


def test_creator_can_delete_own_post() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert allows(creator, Permission.delete_content, post(owner_id=CREATOR))


def test_creator_own_content_stops_at_the_org_boundary() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert not allows(
        creator,
        Permission.edit_content,
        post(owner_id=CREATOR, org_id=OTHER_CLIENT_ORG),
    )


def test_creator_publishes_own_posts_only() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert allows(creator, Permission.publish_content, post(owner_id=CREATOR))
    assert not allows(creator, Permission.publish_content, post(owner_id=MANAGER))


def test_creator_uses_ai_generation_in_own_org() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert allows(creator, Permission.ai_content_generation, post(owner_id=MANAGER))
    assert not allows(
        creator, Permission.ai_content_generation, post(org_id=OTHER_CLIENT_ORG)
    )


def test_agency_owner_reaches_client_org_but_not_other_agency() -> None:
    owner = agency_owner()
    assert allows(owner, Permission.edit_content, post(org_id=CLIENT_ORG))
    assert allows(owner, Permission.edit_content, post(org_id=AGENCY_ORG))
    assert not allows(owner, Permission.edit_content, post(org_id=OTHER_AGENCY_ORG))
    assert not allows(owner, Permission.edit_content, post(org_id=OTHER_CLIENT_ORG))


def test_agency_owner_has_no_platform_settings() -> None:
    owner = agency_owner()
    assert not allows(owner, Permission.platform_settings)
    assert not may_open(Role.agency_owner, Permission.platform_settings)


def test_manager_limited_to_own_org() -> None:
    manager = actor(Role.content_manager, user_id=MANAGER)
    assert allows(manager, Permission.delete_content, post(owner_id=CREATOR))
    assert not allows(
        manager,
        Permission.delete_content,
        post(owner_id=CREATOR, org_id=OTHER_CLIENT_ORG),
    )


def test_manager_views_billing_but_cannot_change_it() -> None:
    manager = actor(Role.content_manager, user_id=MANAGER)
    assert allows(manager, Permission.view_billing, post(), write=False)
    assert not allows(manager, Permission.view_billing, post())
    assert not allows(manager, Permission.manage_payments)


def test_manager_cannot_hire_or_fire() -> None:
    manager = actor(Role.content_manager, user_id=MANAGER)
    assert not allows(manager, Permission.create_users)
    assert not allows(manager, Permission.delete_users)
    assert not allows(manager, Permission.assign_roles, post())


def test_team_member_edits_only_assigned_content() -> None:
    teammate = actor(Role.team_member, user_id=TEAMMATE)
    assert allows(
        teammate, Permission.edit_content, post(owner_id=CREATOR, assigned=(TEAMMATE,))
    )
    assert not allows(
        teammate, Permission.edit_content, post(owner_id=CREATOR, assigned=(MANAGER,))
    )
    assert not allows(teammate, Permission.edit_content, post(owner_id=TEAMMATE))


def test_team_member_cannot_delete_even_assigned_content() -> None:
    teammate = actor(Role.team_member, user_id=TEAMMATE)
    assert not allows(teammate, Permission.delete_content, post(assigned=(TEAMMATE,)))


def test_creator_assists_only_on_campaigns_they_are_assigned_to() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    assert allows(
        creator,
        Permission.create_campaigns,
        post(owner_id=MANAGER, assigned=(CREATOR,)),
    )
    assert not allows(creator, Permission.create_campaigns, post(owner_id=CREATOR))


def test_client_viewer_can_view_but_not_change() -> None:
    client = actor(Role.client_viewer)
    assert allows(client, Permission.view_basic_analytics, post(), write=False)
    assert not allows(client, Permission.view_basic_analytics, post(), write=True)
    assert not allows(
        client,
        Permission.view_basic_analytics,
        post(org_id=OTHER_AGENCY_ORG),
        write=False,
    )
    assert not allows(client, Permission.edit_content, post(), write=False)


def test_client_viewer_approves_content_of_own_org() -> None:
    client = actor(Role.client_viewer)
    assert allows(client, Permission.approve_content, post(owner_id=CREATOR))
    assert not allows(client, Permission.approve_content, post(org_id=OTHER_AGENCY_ORG))


@pytest.mark.parametrize("permission", list(Permission), ids=lambda p: p.value)
def test_super_admin_allowed_everywhere(permission: Permission) -> None:
    admin = actor(Role.super_admin, org_id=AGENCY_ORG)
    assert allows(admin, permission)
    assert allows(admin, permission, post(owner_id=CREATOR, org_id=OTHER_CLIENT_ORG))


def test_no_access_is_refused_even_without_a_target() -> None:
    assert not allows(actor(Role.client_viewer), Permission.create_content)
    assert not allows(actor(Role.team_member), Permission.connect_accounts, write=False)


def test_require_raises_permission_denied_with_clear_message() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    with pytest.raises(PermissionDenied) as denied:
        require(creator, Permission.delete_content, post(owner_id=MANAGER))
    assert denied.value.message == "You are not allowed to delete content."
    assert denied.value.status == 403


def test_require_passes_when_allowed() -> None:
    creator = actor(Role.content_creator, user_id=CREATOR)
    require(creator, Permission.delete_content, post(owner_id=CREATOR))


def test_sidebar_shows_only_features_the_role_can_open() -> None:
    assert may_open(Role.client_viewer, Permission.view_calendar)
    assert may_open(Role.content_manager, Permission.view_billing)
    assert not may_open(Role.content_creator, Permission.view_billing)
    assert not may_open(Role.client_viewer, Permission.ai_content_generation)

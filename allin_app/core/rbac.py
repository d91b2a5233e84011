"""Who may do what: the product guide's permission matrices as data, and the one check services call."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Self

from allin_app.core.errors import PermissionDenied


class Role(str, Enum):
    """The six columns of the guide's tables, in the guide's order."""

    super_admin = "super_admin"
    agency_owner = "agency_owner"
    content_manager = "content_manager"
    content_creator = "content_creator"
    client_viewer = "client_viewer"
    team_member = "team_member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.super_admin: "Super Admin",
    Role.agency_owner: "Agency Owner",
    Role.content_manager: "Content Manager",
    Role.content_creator: "Content Creator",
    Role.client_viewer: "Client Viewer",
    Role.team_member: "Team Member",
}


class Scope(str, Enum):
    """How far a role's grant reaches."""

    all = "all"  # every organization on the platform
    agency_clients = "agency_clients"  # the agency's own org and its client orgs
    org = "org"  # the organization acted in
    own = "own"  # things the user made, in the org acted in
    assigned = "assigned"  # things assigned to the user, in the org acted in
    view = "view"  # read-only, in the org acted in
    none = "none"


class Matrix(str, Enum):
    """The guide's tables a permission row can come from."""

    core = "Comprehensive Permission Matrix"
    priority_2 = "Priority 2 Enhanced Features Access Matrix"


class Permission(str, Enum):
    """One row of the guide's tables; `label` is the row heading, `matrix` the table it sits in."""

    label: str
    matrix: Matrix

    def __new__(cls, value: str, label: str, matrix: Matrix) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.matrix = matrix
        return member

    # fmt: off
    # Comprehensive Permission Matrix: content management
    create_content             = "create_content",             "Create Content",                      Matrix.core
    edit_content               = "edit_content",               "Edit Content",                        Matrix.core
    delete_content             = "delete_content",             "Delete Content",                      Matrix.core
    approve_content            = "approve_content",            "Approve Content",                     Matrix.core
    publish_content            = "publish_content",            "Publish Content",                     Matrix.core
    schedule_content           = "schedule_content",           "Schedule Content",                    Matrix.core
    # social media accounts
    connect_accounts           = "connect_accounts",           "Connect Accounts",                    Matrix.core
    disconnect_accounts        = "disconnect_accounts",        "Disconnect Accounts",                 Matrix.core
    view_account_status        = "view_account_status",        "View Account Status",                 Matrix.core
    manage_account_settings    = "manage_account_settings",    "Manage Account Settings",             Matrix.core
    # analytics & reporting
    view_basic_analytics       = "view_basic_analytics",       "View Basic Analytics",                Matrix.core
    advanced_analytics         = "advanced_analytics",         "Advanced Analytics",                  Matrix.core
    generate_reports           = "generate_reports",           "Generate Reports",                    Matrix.core
    export_data                = "export_data",                "Export Data",                         Matrix.core
    cross_platform_analytics   = "cross_platform_analytics",   "Cross-Platform Analytics",            Matrix.core
    # team & user management
    create_users               = "create_users",               "Create Users",                        Matrix.core
    delete_users               = "delete_users",               "Delete Users",                        Matrix.core
    assign_roles               = "assign_roles",               "Assign Roles",                        Matrix.core
    manage_permissions         = "manage_permissions",         "Manage Permissions",                  Matrix.core
    view_team_activity         = "view_team_activity",         "View Team Activity",                  Matrix.core
    # AI-powered features
    ai_content_generation      = "ai_content_generation",      "AI Content Generation",               Matrix.core
    ai_analytics               = "ai_analytics",               "AI Analytics",                        Matrix.core
    ai_optimization            = "ai_optimization",            "AI Optimization",                     Matrix.core
    performance_prediction     = "performance_prediction",     "Performance Prediction",              Matrix.core
    # calendar & scheduling
    view_calendar              = "view_calendar",              "View Calendar",                       Matrix.core
    manage_calendar            = "manage_calendar",            "Manage Calendar",                     Matrix.core
    create_campaigns           = "create_campaigns",           "Create Campaigns",                    Matrix.core
    # billing & subscriptions
    view_billing               = "view_billing",               "View Billing Info",                   Matrix.core
    manage_payments            = "manage_payments",            "Manage Payments",                     Matrix.core
    change_plan                = "change_plan",                "Upgrade/Downgrade",                   Matrix.core
    # API & integrations
    api_key_management         = "api_key_management",         "API Key Management",                  Matrix.core
    webhook_configuration      = "webhook_configuration",      "Webhook Configuration",               Matrix.core
    third_party_integrations   = "third_party_integrations",   "Third-party Integrations",            Matrix.core
    # system configuration
    platform_settings          = "platform_settings",          "Platform Settings",                   Matrix.core
    organization_settings      = "organization_settings",      "Organization Settings",               Matrix.core
    security_settings          = "security_settings",          "Security Settings",                   Matrix.core

    # Priority 2 Enhanced Features Access Matrix: advanced dashboard analytics
    multi_platform_insights    = "multi_platform_insights",    "Multi-Platform Performance Insights", Matrix.priority_2
    competitive_analysis       = "competitive_analysis",       "Competitive Analysis Tools",          Matrix.priority_2
    roi_attribution            = "roi_attribution",            "ROI & Revenue Attribution",           Matrix.priority_2
    custom_dashboards          = "custom_dashboards",          "Custom Analytics Dashboards",         Matrix.priority_2
    advanced_reporting         = "advanced_reporting",         "Advanced Reporting Suite",            Matrix.priority_2
    # real-time engagement monitoring
    live_engagement_streaming  = "live_engagement_streaming",  "Live Engagement Streaming",           Matrix.priority_2
    custom_alerts              = "custom_alerts",              "Custom Alert Configuration",          Matrix.priority_2
    anomaly_detection          = "anomaly_detection",          "Engagement Anomaly Detection",        Matrix.priority_2
    crisis_management          = "crisis_management",          "Real-time Crisis Management",         Matrix.priority_2
    live_notifications         = "live_notifications",         "Live Performance Notifications",      Matrix.priority_2
    # enhanced AI content optimization
    advanced_content_analysis  = "advanced_content_analysis",  "Advanced Content Analysis",           Matrix.priority_2
    ai_performance_prediction  = "ai_performance_prediction",  "AI Performance Prediction",           Matrix.priority_2
    algorithmic_optimization   = "algorithmic_optimization",   "Algorithmic Optimization",            Matrix.priority_2
    content_variant_generation = "content_variant_generation", "Content Variant Generation",          Matrix.priority_2
    ab_testing_recommendations = "ab_testing_recommendations", "A/B Testing Recommendations",         Matrix.priority_2
    engagement_factor_analysis = "engagement_factor_analysis", "Engagement Factor Analysis",          Matrix.priority_2
    viral_potential_scoring    = "viral_potential_scoring",    "Viral Potential Scoring",             Matrix.priority_2
    # fmt: on


@dataclass(frozen=True)
class Cell:
    """One cell of the guide: the scope it grants and the guide's text for it (without the emoji)."""

    scope: Scope
    label: str


def _row(
    *,
    super_admin: Cell,
    agency_owner: Cell,
    content_manager: Cell,
    content_creator: Cell,
    client_viewer: Cell,
    team_member: Cell,
) -> dict[Role, Cell]:
    # Keyword-only so a row cannot silently miss a column or shift one over.
    return {
        Role.super_admin: super_admin,
        Role.agency_owner: agency_owner,
        Role.content_manager: content_manager,
        Role.content_creator: content_creator,
        Role.client_viewer: client_viewer,
        Role.team_member: team_member,
    }


# How a cell's text becomes a scope. The guide's wording is loose, so these rules keep it consistent:
# - Super admin: every cell ("All", "Full", "All content", "All features", "Create/modify all") -> all.
# - Agency owner: "Client ...", "Agency ...", "Full", "All features" -> agency_clients. However broad
#   the wording, an agency owner never reaches another agency's orgs.
# - Content manager: "Org ...", "Organization data", "Full", "All features" -> org.
# - "Own content" / "Own content only", and the creator's "Full" on Create Content -> own: the cell is
#   about things the user made.
# - The creator's "All features" (AI generation, AI optimization, algorithmic optimization) -> org: the
#   cell says which tools of a general feature they get, not whose content; saving the result onto a
#   post is still checked by edit_content / schedule_content.
# - "Assigned only" / "Assigned content" -> assigned.
# - "None" / "No access" -> none.
# - The remaining limited cells get the narrowest scope that still lets the role do what its section
#   of the guide says it does; each one carries a comment below. In short: read-only wording ("View
#   only", "View reports", "View alerts", "View scores", "Receive alerts", "View/Export", "Reports
#   only", "Collaboration", "Assign tasks", "Tasks only") -> view; the creator's "Basic only" / "Basic
#   reports" / "Approved only" / "Report issues" and the team member's "Own activity" -> own; the
#   team member's "Basic tools" and the creator's "Assist only" -> assigned; the client viewer's
#   "Review only" -> org; the agency owner's "Agency level" -> org.
MATRIX: dict[Permission, dict[Role, Cell]] = {
    # ---- Comprehensive Permission Matrix ----
    Permission.create_content: _row(
        super_admin=Cell(Scope.all, "Full"),
        agency_owner=Cell(Scope.agency_clients, "Full"),
        content_manager=Cell(Scope.org, "Full"),
        content_creator=Cell(Scope.own, "Full"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.assigned, "Assigned only"),
    ),
    Permission.edit_content: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.assigned, "Assigned only"),
    ),
    Permission.delete_content: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.approve_content: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.none, "None"),
        # The client approves or rejects its own org's content (guide: "Client Approval"); an approval
        # is a write, so view would forbid it. "Only" is about not editing: edit_content is none.
        client_viewer=Cell(Scope.org, "Review only"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.publish_content: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        # Like Schedule Content, the creator publishes their own posts; "approved" is a state of the
        # post that the publishing service checks, not something a scope can express.
        content_creator=Cell(Scope.own, "Approved only"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.schedule_content: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.assigned, "Assigned only"),
    ),
    Permission.connect_accounts: _row(
        super_admin=Cell(Scope.all, "All platforms"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.disconnect_accounts: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.view_account_status: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.view, "View only"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.assigned, "Assigned only"),
    ),
    Permission.manage_account_settings: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.view_basic_analytics: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client data"),
        content_manager=Cell(Scope.org, "Org data"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.advanced_analytics: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client data"),
        content_manager=Cell(Scope.org, "Org data"),
        # A reduced version of an analytics feature reaches no further than the creator's basic
        # analytics, which cover their own content.
        content_creator=Cell(Scope.own, "Basic only"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.generate_reports: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client reports"),
        content_manager=Cell(Scope.org, "Org reports"),
        # Same rule as "Basic only": reports about the creator's own content.
        content_creator=Cell(Scope.own, "Basic reports"),
        # Viewing and downloading existing reports are reads (write=False); building new ones is not.
        client_viewer=Cell(Scope.view, "View/Export"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.export_data: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client data"),
        content_manager=Cell(Scope.org, "Org data"),
        content_creator=Cell(Scope.own, "Own content"),
        # Downloading a finished report is a read of the client's org; raw data export is not offered.
        client_viewer=Cell(Scope.view, "Reports only"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.cross_platform_analytics: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        # Same rule as Advanced Analytics' "Basic only".
        content_creator=Cell(Scope.own, "Basic only"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.create_users: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client teams"),
        # The manager "can assign tasks but cannot hire/fire team members": they see the org's people
        # to hand out work, but creating a user (a write) is refused. Task assignment is not a row here.
        content_manager=Cell(Scope.view, "Assign tasks"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.delete_users: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client teams"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.assign_roles: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client teams"),
        # As for Create Users: the manager sees who holds which role, but changing roles is refused.
        content_manager=Cell(Scope.view, "Tasks only"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.manage_permissions: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client teams"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.view_team_activity: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client teams"),
        content_manager=Cell(Scope.org, "Org team"),
        # The creator follows what teammates do in order to collaborate (comments, shared drafts):
        # a read of their org's activity feed, nothing more.
        content_creator=Cell(Scope.view, "Collaboration"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.own, "Own activity"),
    ),
    Permission.ai_content_generation: _row(
        super_admin=Cell(Scope.all, "All features"),
        agency_owner=Cell(Scope.agency_clients, "All features"),
        content_manager=Cell(Scope.org, "All features"),
        content_creator=Cell(Scope.org, "All features"),
        client_viewer=Cell(Scope.none, "None"),
        # Team members use AI only while working on content they are assigned to (their Create and
        # Edit Content are "Assigned only"; the guide: "Basic AI tools for content collaboration").
        team_member=Cell(Scope.assigned, "Basic tools"),
    ),
    Permission.ai_analytics: _row(
        super_admin=Cell(Scope.all, "All features"),
        agency_owner=Cell(Scope.agency_clients, "Client data"),
        content_manager=Cell(Scope.org, "Org data"),
        # Same rule as Advanced Analytics' "Basic only".
        content_creator=Cell(Scope.own, "Basic only"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.ai_optimization: _row(
        super_admin=Cell(Scope.all, "All features"),
        agency_owner=Cell(Scope.agency_clients, "All features"),
        content_manager=Cell(Scope.org, "All features"),
        content_creator=Cell(Scope.org, "All features"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.performance_prediction: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.view_calendar: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client calendars"),
        content_manager=Cell(Scope.org, "Org calendar"),
        content_creator=Cell(Scope.assigned, "Assigned content"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.assigned, "Assigned only"),
    ),
    Permission.manage_calendar: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client calendars"),
        content_manager=Cell(Scope.org, "Org calendar"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.create_campaigns: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client campaigns"),
        content_manager=Cell(Scope.org, "Org campaigns"),
        # The creator helps on campaigns a manager put them on, and cannot start one: assigned (a new
        # campaign has nobody assigned yet, so the check fails for it).
        content_creator=Cell(Scope.assigned, "Assist only"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.view_billing: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Agency billing"),
        content_manager=Cell(Scope.view, "View only"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.manage_payments: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Agency billing"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.change_plan: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.api_key_management: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Agency keys"),
        content_manager=Cell(Scope.view, "View only"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.webhook_configuration: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client webhooks"),
        content_manager=Cell(Scope.view, "View only"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.third_party_integrations: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Client integrations"),
        content_manager=Cell(Scope.org, "Org integrations"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.platform_settings: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.none, "None"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.organization_settings: _row(
        super_admin=Cell(Scope.all, "All"),
        agency_owner=Cell(Scope.agency_clients, "Agency settings"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    Permission.security_settings: _row(
        super_admin=Cell(Scope.all, "All"),
        # Marked limited where "Agency settings" is not: the agency owner sets security for the
        # organization they act in (their agency) rather than reaching into every client org.
        agency_owner=Cell(Scope.org, "Agency level"),
        content_manager=Cell(Scope.none, "None"),
        content_creator=Cell(Scope.none, "None"),
        client_viewer=Cell(Scope.none, "None"),
        team_member=Cell(Scope.none, "None"),
    ),
    # ---- Priority 2 Enhanced Features Access Matrix ----
    Permission.multi_platform_insights: _row(
        super_admin=Cell(Scope.all, "All organizations"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Organization data"),
        content_creator=Cell(Scope.own, "Own content only"),
        # Clients read the reports the feature produces; they do not configure it.
        client_viewer=Cell(Scope.view, "View reports"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.competitive_analysis: _row(
        super_admin=Cell(Scope.all, "All data"),
        agency_owner=Cell(Scope.agency_clients, "Client competitors"),
        content_manager=Cell(Scope.org, "Org competitors"),
        content_creator=Cell(Scope.none, "No access"),
        client_viewer=Cell(Scope.view, "View reports"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.roi_attribution: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client revenue"),
        content_manager=Cell(Scope.org, "Org revenue"),
        content_creator=Cell(Scope.none, "No access"),
        client_viewer=Cell(Scope.view, "View reports"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.custom_dashboards: _row(
        super_admin=Cell(Scope.all, "Create/modify all"),
        agency_owner=Cell(Scope.agency_clients, "Client dashboards"),
        content_manager=Cell(Scope.org, "Org dashboards"),
        content_creator=Cell(Scope.view, "View only"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.advanced_reporting: _row(
        super_admin=Cell(Scope.all, "All reports"),
        agency_owner=Cell(Scope.agency_clients, "Client reports"),
        content_manager=Cell(Scope.org, "Org reports"),
        # Same rule as Generate Reports' "Basic reports".
        content_creator=Cell(Scope.own, "Basic reports"),
        # Same rule as Generate Reports' "View/Export".
        client_viewer=Cell(Scope.view, "View/export"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.live_engagement_streaming: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.view, "View only"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.custom_alerts: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.anomaly_detection: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.own, "Own content"),
        # Seeing the alerts is a read; tuning detection is not theirs.
        client_viewer=Cell(Scope.view, "View alerts"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.crisis_management: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        # The creator may raise an issue and follow up on the ones they raised (they own the report),
        # but cannot act on incidents others opened.
        content_creator=Cell(Scope.own, "Report issues"),
        client_viewer=Cell(Scope.view, "View alerts"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.live_notifications: _row(
        super_admin=Cell(Scope.all, "All accounts"),
        agency_owner=Cell(Scope.agency_clients, "Client accounts"),
        content_manager=Cell(Scope.org, "Org accounts"),
        content_creator=Cell(Scope.own, "Own content"),
        # Receiving a notification is a read of the org's events.
        client_viewer=Cell(Scope.view, "Receive alerts"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.advanced_content_analysis: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.ai_performance_prediction: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.algorithmic_optimization: _row(
        super_admin=Cell(Scope.all, "All platforms"),
        agency_owner=Cell(Scope.agency_clients, "Client platforms"),
        content_manager=Cell(Scope.org, "Org platforms"),
        content_creator=Cell(Scope.org, "All features"),
        client_viewer=Cell(Scope.none, "No access"),
        # Same rule as AI Content Generation's "Basic tools".
        team_member=Cell(Scope.assigned, "Basic tools"),
    ),
    Permission.content_variant_generation: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.assigned, "Assigned content"),
    ),
    Permission.ab_testing_recommendations: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.engagement_factor_analysis: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.none, "No access"),
        team_member=Cell(Scope.none, "No access"),
    ),
    Permission.viral_potential_scoring: _row(
        super_admin=Cell(Scope.all, "All content"),
        agency_owner=Cell(Scope.agency_clients, "Client content"),
        content_manager=Cell(Scope.org, "Org content"),
        content_creator=Cell(Scope.own, "Own content"),
        client_viewer=Cell(Scope.view, "View scores"),
        team_member=Cell(Scope.none, "No access"),
    ),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting, and in which organization."""

    user_id: int
    org_id: int  # the organization acted in
    role: Role  # role in that org (super_admin for platform admins)
    # For agency owners: their agency org and its client orgs.
    reachable_org_ids: frozenset[int] = frozenset()
    is_api_key: bool = False


@dataclass(frozen=True)
class Target:
    """The object acted on, reduced to what the check needs."""

    org_id: int
    owner_id: int | None = None
    assigned_user_ids: frozenset[int] = frozenset()


def scope_for(role: Role, permission: Permission) -> Scope:
    """The scope the guide gives `role` for `permission`."""
    return MATRIX[permission][role].scope


def allows(
    actor: Actor,
    permission: Permission,
    target: Target | None = None,
    *,
    write: bool = True,
) -> bool:
    """Whether `actor` may do `permission` on `target`.

    Without a target the question is whether the role may use the feature at all (on its own or
    assigned things, for those scopes). Pass `write=False` for reads (viewing, listing, exporting):
    view-only grants allow nothing else.
    """
    scope = scope_for(actor.role, permission)
    if scope is Scope.none:
        return False
    if scope is Scope.all:
        return True
    if scope is Scope.view and write:
        return False
    if target is None:
        return True
    if scope is Scope.agency_clients:
        return target.org_id == actor.org_id or target.org_id in actor.reachable_org_ids
    if target.org_id != actor.org_id:
        return False
    if scope is Scope.own:
        return target.owner_id == actor.user_id
    if scope is Scope.assigned:
        return actor.user_id in target.assigned_user_ids
    return True  # org, or view for a read


def require(
    actor: Actor,
    permission: Permission,
    target: Target | None = None,
    *,
    write: bool = True,
) -> None:
    """Raise PermissionDenied unless `allows(...)`; services call this before acting."""
    if not allows(actor, permission, target, write=write):
        raise PermissionDenied(f"You are not allowed to {permission.label.lower()}.")


def may_open(role: Role, permission: Permission) -> bool:
    """Whether the role has any access to the feature (decides which sidebar entries show)."""
    return scope_for(role, permission) is not Scope.none

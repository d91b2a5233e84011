"""Every table, imported in one place so Alembic and tests see the whole schema."""

from allin_app.accounts.models import ConnectAttempt, ReconnectLink, SocialAccount
from allin_app.admin.models import AuditEvent, OutboxMail
from allin_app.auth.models import AuthSession, BackupCode, LoginAttempt, OneTimeToken, User
from allin_app.content.models import (
    Campaign,
    CampaignCost,
    CampaignMember,
    MediaAsset,
    MediaFolder,
    Post,
    PostMedia,
    PostTarget,
    PostVersion,
    ShortLink,
    Template,
    TemplateVersion,
)
from allin_app.orgs.models import (
    BrandGuidelines,
    ClientAssignment,
    Invitation,
    Membership,
    Organization,
    SecurityPolicy,
    WhiteLabel,
)

__all__ = [
    "AuditEvent",
    "AuthSession",
    "BackupCode",
    "BrandGuidelines",
    "Campaign",
    "CampaignCost",
    "CampaignMember",
    "ClientAssignment",
    "ConnectAttempt",
    "Invitation",
    "LoginAttempt",
    "MediaAsset",
    "MediaFolder",
    "Membership",
    "OneTimeToken",
    "Organization",
    "OutboxMail",
    "Post",
    "PostMedia",
    "PostTarget",
    "PostVersion",
    "ReconnectLink",
    "SecurityPolicy",
    "ShortLink",
    "SocialAccount",
    "Template",
    "TemplateVersion",
    "User",
    "WhiteLabel",
]

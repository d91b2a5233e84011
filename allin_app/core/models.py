"""Every table, imported in one place so Alembic and tests see the whole schema."""

from allin_app.accounts.models import ConnectAttempt, ReconnectLink, SocialAccount
from allin_app.admin.models import AuditEvent, OutboxAttachment, OutboxMail
from allin_app.ai.ab_models import ABTest, ABVariant
from allin_app.ai.models import AISettings
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.analytics.layout import DashboardLayout
from allin_app.analytics.models import AccountDaily, AccountSnapshot, MetricSnapshot, OrgDaily, PostDaily, PostTotal
from allin_app.analytics.report_models import Report, ReportRun, ReportSchedule
from allin_app.analytics.roi_models import Conversion, LinkClick
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
from allin_app.scheduling.models import (
    CalendarFeed,
    DeliveryAttempt,
    PublishingSettings,
    QueueSlot,
    QueueState,
    RecurringSeries,
    SchedulerBeat,
    SkippedOccurrence,
)
from allin_app.workflow.approval_models import (
    ApprovalDecision,
    ApprovalStage,
    ApprovalWorkflow,
    PostReview,
    ReviewLink,
    ReviewRequest,
    ReviewSeen,
)
from allin_app.workflow.chat_models import ChatAttachment, ChatChannel, ChatMember, ChatMessage
from allin_app.workflow.comment_models import CommentMention, PostComment
from allin_app.workflow.models import Notification, NotificationDigest, NotificationPreference
from allin_app.workflow.task_models import Task, TaskTemplate

__all__ = [
    "ABTest",
    "ABVariant",
    "AISettings",
    "AccountDaily",
    "AccountSnapshot",
    "ApprovalDecision",
    "ApprovalStage",
    "ApprovalWorkflow",
    "AuditEvent",
    "AuthSession",
    "BackupCode",
    "BrandGuidelines",
    "CalendarFeed",
    "Campaign",
    "CampaignCost",
    "CampaignMember",
    "ChatAttachment",
    "ChatChannel",
    "ChatMember",
    "ChatMessage",
    "ClientAssignment",
    "CommentMention",
    "Competitor",
    "CompetitorPost",
    "CompetitorSnapshot",
    "ConnectAttempt",
    "Conversion",
    "DashboardLayout",
    "DeliveryAttempt",
    "Invitation",
    "LinkClick",
    "LoginAttempt",
    "MediaAsset",
    "MediaFolder",
    "Membership",
    "MetricSnapshot",
    "Notification",
    "NotificationDigest",
    "NotificationPreference",
    "OneTimeToken",
    "OrgDaily",
    "Organization",
    "OutboxAttachment",
    "OutboxMail",
    "Post",
    "PostComment",
    "PostDaily",
    "PostMedia",
    "PostReview",
    "PostTarget",
    "PostTotal",
    "PostVersion",
    "PublishingSettings",
    "QueueSlot",
    "QueueState",
    "ReconnectLink",
    "RecurringSeries",
    "Report",
    "ReportRun",
    "ReportSchedule",
    "ReviewLink",
    "ReviewRequest",
    "ReviewSeen",
    "SchedulerBeat",
    "SecurityPolicy",
    "ShortLink",
    "SkippedOccurrence",
    "SocialAccount",
    "Task",
    "TaskTemplate",
    "Template",
    "TemplateVersion",
    "User",
    "WhiteLabel",
]

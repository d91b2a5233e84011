"""Tenant isolation: every table holding organization data, and every service that reads, changes or
deletes it, answers "not found" for an organization out of the actor's reach.

The walk starts from the schema: a new table with an organization column fails here until its
services are added to ORG_TABLES below.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import SQLModel

from allin_app.accounts import reconnect
from allin_app.accounts import service as accounts
from allin_app.accounts.export import export_account
from allin_app.accounts.models import SocialAccount
from allin_app.admin.seed import CLIENTS
from allin_app.ai import ab_tests
from allin_app.ai import org_settings as ai_settings
from allin_app.ai import variants as ai_variants
from allin_app.ai import writer as ai_writer
from allin_app.analytics import competitors as tracked
from allin_app.analytics import queries as analytics
from allin_app.analytics import report_schedules
from allin_app.analytics import reports as saved_reports
from allin_app.auth import service as auth
from allin_app.content import campaigns, media, media_edit, templates
from allin_app.content import service as posts
from allin_app.content.models import MediaAsset, MediaFolder
from allin_app.core.clock import utcnow
from allin_app.core.errors import NotFound
from allin_app.core.rbac import Role
from allin_app.orgs import branding, clients, security, team
from allin_app.orgs import service as orgs
from allin_app.orgs.models import OrgKind
from allin_app.scheduling import calendar as calendar_view
from allin_app.scheduling import ical, queues, recurring
from allin_app.scheduling import service as scheduling
from allin_app.scheduling.models import QueueSlot, RecurringSeries
from allin_app.workflow import activity as team_activity
from allin_app.workflow import approvals as engine
from allin_app.workflow import assignments, chat, chat_messages, comments, task_templates, tasks
from allin_app.workflow import notifications as bell
from allin_app.workflow import review_links as reviewer_links

# table -> the services that take an organization (or its rows) by id
ORG_TABLES = {
    "organizations": ("get_organization", "update_organization"),
    "memberships": ("change_member_role", "remove_member", "transfer_ownership"),
    "invitations": ("invite_members", "list_invitations", "resend_invitation", "revoke_invitation"),
    "brand_guidelines": ("guidelines_of", "update_guidelines"),
    "org_security_policies": ("update_policy",),
    "white_labels": ("white_label_of", "update_white_label", "set_white_label_image"),
    "client_assignments": ("agency_staff", "set_assignment"),
    "audit_events": ("list_audit_events", "activity_feed"),
    "social_accounts": ("get_account", "refresh_account", "disconnect", "account_insights", "send_reconnect_link",
                        "export_account"),
    # found only by its secret state, which is bound to the user who started it (tests/accounts)
    "connect_attempts": (),
    # found only by its secret token; sending one checks the account's organization (tests/accounts)
    "reconnect_links": (),  # platform log: super admins only (tests/test_api_auth, admin)
    "posts": ("get_post", "update_post", "delete_posts", "duplicate_post", "submit_for_approval", "review_posts",
              "move_to_campaign", "schedule_post", "publish_now", "unschedule", "move_post", "calendar_posts",
              "add_to_queue", "resolve_conflict", "create_series", "series_for_post", "detach_occurrence",
              "edit_occurrence", "delete_occurrence", "assign_post"),
    "post_targets": ("update_post", "duplicate_post"),  # reached only through their post
    "post_versions": ("list_versions", "restore_version"),
    "campaigns": ("get_campaign", "update_campaign", "delete_campaign", "campaign_team", "campaign_costs",
                  "campaign_posts", "budget_spent", "add_campaign_cost"),
    "campaign_costs": ("remove_campaign_cost",),
    "templates": ("get_template", "update_template", "delete_template", "copy_template", "template_versions",
                  "restore_template_version", "render_template", "template_for_composer"),
    # issue 6, filled in as each service lands
    "publishing_settings": (),
    "queue_slots": ("queue_of", "queue_view", "add_slots", "set_queue", "remove_slot"),
    "queue_states": ("set_paused",),
    "recurring_series": ("get_series", "update_series", "delete_series"),
    "calendar_feeds": ("revoke_feed",),
    "delivery_attempts": (),  # written by the publisher only
    "notifications": ("mark_notification_read", "open_notification"),  # listed for their own user only
    "notification_preferences": (),  # the actor's own, in the org acted in (tests/workflow/test_notifications)
    # public by its code (a link in a published post); made only for the acting org (tests/content/test_links)
    "short_links": (),
    "media_folders": ("create_folder", "rename_folder", "move_folder", "delete_folder", "upload_files", "list_media"),
    "post_comments": ("list_comments", "add_comment", "edit_comment", "delete_comment", "set_resolved",
                      "mention_candidates"),
    "chat_channels": ("get_channel", "join_channel", "leave_channel", "archive_channel", "mark_read", "list_messages",
                      "post_message"),
    "chat_messages": ("edit_message", "delete_message", "get_message"),  # attachments: tests/workflow/test_chat
    "tasks": ("get_task", "update_task", "delete_task", "list_tasks", "create_task"),
    "task_templates": ("get_task_template", "update_task_template", "delete_task_template", "create_from_template"),
    "media_assets": ("get_media", "file_for", "update_media", "move_media", "delete_media", "edit_image",
                     "versions_of"),
    "approval_workflows": ("save_workflow", "delete_workflow", "move_workflow"),
    "approval_stages": (),  # changed only through their workflow (save_workflow)
    "post_reviews": ("submit_review", "decide_review", "fast_track", "review_status"),  # reached through the post
    "approval_decisions": (),  # written by the review services above, read through review_status
    "review_requests": (),  # the same: made when a stage is sent; awaiting_me lists the org acted in only
    "review_links": ("create_review_link", "list_review_links", "revoke_review_link"),
    "review_seen": ("mark_seen",),
}
# issue 8: analytics reads rollups by organization (Filters.org_ids) and by account (Filters.account_ids)
ANALYTICS_QUERIES = ("overview", "timeseries", "by_network", "top_posts", "heatmap", "follower_growth", "posts_table",
                     "accounts_table", "agency_overview")
ORG_TABLES |= {table: ANALYTICS_QUERIES for table in ("org_daily", "account_daily", "post_daily", "post_totals")}
ORG_TABLES |= {"metric_snapshots": (), "account_snapshots": ()}  # raw series: written by the collector, read by nobody
# the actor's own arrangement, in the org acted in; no id is taken (tests/analytics/test_dashboard_layout)
ORG_TABLES |= {"dashboard_layouts": ()}
# issue 8: saved reports, their schedules and runs (tests/analytics/test_reports)
ORG_TABLES |= {"reports": ("get_report", "update_report", "delete_report", "start_run", "list_schedules",
                           "save_schedule"),
               "report_schedules": ("get_schedule", "delete_schedule"),
               "report_runs": ("get_run", "run_file")}
# issue 8: competitors (tests/analytics/test_competitors); their snapshots and posts are read only through the
# report of the organization acted in
ORG_TABLES |= {"competitors": ("get_competitor", "remove_competitor"), "competitor_snapshots": (),
               "competitor_posts": ()}
# ROI: clicks are written by the /l/ redirect only; a conversion naming another organization's post or short
# link is refused like an unknown one, and ROI figures read the organization acted in (tests/analytics/test_roi)
ORG_TABLES |= {"link_clicks": (), "conversions": ()}
# issue 9: an organization's own AI model (tests/ai); the writer also takes the id of the post worked on
ORG_TABLES |= {"ai_settings": ("ai_settings_of", "save_ai_settings", "ai_provider_in_use", "ai_test_connection"),
               "posts": (*ORG_TABLES["posts"], "ai_rewrite_post")}
# issue 9: A/B tests (tests/ai/test_ab_tests); their variants are read only through their test. Variants are
# generated for a post by id, and a test is started on accounts by id
ORG_TABLES |= {"ab_tests": ("get_ab_test",), "ab_test_variants": (),
               "posts": (*ORG_TABLES["posts"], "generate_variants"),
               "social_accounts": (*ORG_TABLES["social_accounts"], "start_ab_test")}
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
    folder = MediaFolder(org_id=foreign.id, name="Harbor photos")
    asset = MediaAsset(org_id=foreign.id, name="bread.jpg", kind="image", mime="image/jpeg", size=1, sha256="0" * 64,
                       storage_key=f"{foreign.id}/{'0' * 64}.jpg", uploaded_by_user_id=owner.id)
    db.add_all([folder, asset])
    db.commit()
    return {"db": db, "foreign": foreign, "peak": peak, "owner": owner, "invitation": invitation, "account": account,
            "post": post, "folder": folder, "asset": asset}


def _foreign_template(db, t):
    """A template of the other agency's client, made by its owner."""
    return templates.create_template(db, orgs.actor_for(db, t["owner"], t["foreign"].id), "Harbor", "Fresh {{bread}}")


def _foreign_slot(db, t):
    slot = QueueSlot(org_id=t["foreign"].id, account_id=t["account"].id, weekday=0, at=time(9, 0))
    db.add(slot)
    db.flush()
    return slot


def _foreign_series(db, t):
    series = RecurringSeries(org_id=t["foreign"].id, source_post_id=t["post"].id, rule="FREQ=DAILY;INTERVAL=1",
                             starts_at=utcnow(), timezone="UTC", created_by_user_id=t["owner"].id)
    db.add(series)
    db.flush()
    return series


WEEKLY = recurring.SeriesRule(frequency="weekly", weekdays=(0,), starts_on=date(2030, 1, 7), at=time(9, 0))


def _foreign_feed(db, t):
    """A calendar feed of the other agency's client, made by its owner."""
    return ical.create_feed(db, orgs.actor_for(db, t["owner"], t["foreign"].id)).feed


def _foreign_campaign_and_cost(db, t):
    owner = orgs.actor_for(db, t["owner"], t["foreign"].id)
    campaign = campaigns.create_campaign(db, owner, name="Harbor spring", starts_on="2026-03-01",
                                         ends_on="2026-03-31")
    return campaign, campaigns.add_campaign_cost(db, owner, campaign.id, "Flyers", 1000, "2026-03-02")


def _foreign_comment(db, t):
    """A comment on the other agency's client's post, by its owner."""
    return comments.add_comment(db, orgs.actor_for(db, t["owner"], t["foreign"].id), t["post"].id, "Harbor's note")


def _foreign_channel(db, t):
    """A channel of the other agency's client, with a message by its owner."""
    owner = orgs.actor_for(db, t["owner"], t["foreign"].id)
    channel = chat.create_channel(db, owner, "harbor")
    return channel, chat_messages.post_message(db, owner, channel.id, "Harbor's news")


def _foreign_task(db, t):
    return tasks.create_task(db, orgs.actor_for(db, t["owner"], t["foreign"].id), title="Harbor's stock-take")


def _foreign_task_template(db, t):
    return task_templates.create_task_template(db, orgs.actor_for(db, t["owner"], t["foreign"].id), name="Harbor",
                                               title="Count the flour")


def _foreign_notification(db, t):
    """A notification of the other agency's client's owner."""
    bell.notify(db, t["foreign"].id, [t["owner"].id], "publishing", "post_published", "Harbor news")
    db.flush()
    return bell.recent(db, orgs.actor_for(db, t["owner"], t["foreign"].id))[0]


def _foreign_workflow(db, t):
    owner = orgs.actor_for(db, t["owner"], t["foreign"].id)
    return engine.save_workflow(db, owner, None, engine.WorkflowSpec(
        "Harbor", stages=(engine.StageSpec("Owner", ("agency_owner",)),)))


def _foreign_review_link(db, t):
    """A review link the other agency's owner sent for its client's post."""
    owner = orgs.actor_for(db, t["owner"], t["foreign"].id)
    post = posts.create_post(db, owner, posts.PostDraft(text="Harbor review", account_ids=(t["account"].id,)))
    engine.submit(db, owner, [post.id])
    return reviewer_links.create_review_link(db, owner, [post.id], "Hal", "hal@harbor.example")[0]


def _actors(db):
    manager = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo"))
    agency_owner = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"))
    return {"client manager": manager, "agency owner": agency_owner}


def _foreign_report(db, t):
    """A saved report of the other agency's client, by its owner."""
    return saved_reports.create_report(db, orgs.actor_for(db, t["owner"], t["foreign"].id),
                                       saved_reports.ReportSpec(name="Harbor monthly", sections=("overview",)))


def _foreign_schedule(db, t):
    return report_schedules.save_schedule(db, orgs.actor_for(db, t["owner"], t["foreign"].id),
                                          _foreign_report(db, t).id,
                                          report_schedules.ScheduleSpec(recipients=("hal@harbor.example",)))


def _foreign_run(db, t):
    return saved_reports.start_run(db, orgs.actor_for(db, t["owner"], t["foreign"].id), _foreign_report(db, t).id,
                                   "csv")


def _foreign_competitor(db, t):
    """A competitor the other agency's client tracks."""
    from allin_app.analytics.competitor_models import Competitor

    competitor = Competitor(org_id=t["foreign"].id, network="twitter", handle="harborrival")
    db.add(competitor)
    db.flush()
    return competitor


def _foreign_period(t, **extra) -> analytics.Filters:
    return analytics.Filters(date(2026, 5, 1), date(2026, 5, 31), org_ids=(t["foreign"].id,), **extra)


CALLS = {
    "overview": lambda db, a, t: analytics.overview(db, a, _foreign_period(t)),
    "timeseries": lambda db, a, t: analytics.timeseries(db, a, _foreign_period(t), ["reach"]),
    "by_network": lambda db, a, t: analytics.by_network(db, a, _foreign_period(t)),
    "top_posts": lambda db, a, t: analytics.top_posts(db, a, _foreign_period(t)),
    "heatmap": lambda db, a, t: analytics.heatmap(db, a, _foreign_period(t)),
    "follower_growth": lambda db, a, t: analytics.follower_growth(db, a, _foreign_period(t)),
    "posts_table": lambda db, a, t: analytics.posts_table(db, a, _foreign_period(t)),
    "accounts_table": lambda db, a, t: analytics.accounts_table(
        db, a, analytics.Filters(date(2026, 5, 1), date(2026, 5, 31), account_ids=(t["account"].id,))),
    "agency_overview": lambda db, a, t: analytics.agency_overview(db, a, _foreign_period(t)),
    "get_report": lambda db, a, t: saved_reports.get_report(db, a, _foreign_report(db, t).id),
    "update_report": lambda db, a, t: saved_reports.update_report(
        db, a, _foreign_report(db, t).id, saved_reports.ReportSpec(name="x", sections=("overview",))),
    "delete_report": lambda db, a, t: saved_reports.delete_report(db, a, _foreign_report(db, t).id),
    "start_run": lambda db, a, t: saved_reports.start_run(db, a, _foreign_report(db, t).id, "pdf"),
    "list_schedules": lambda db, a, t: report_schedules.list_schedules(db, a, _foreign_report(db, t).id),
    "save_schedule": lambda db, a, t: report_schedules.save_schedule(
        db, a, _foreign_report(db, t).id, report_schedules.ScheduleSpec(recipients=("x@y.example",))),
    "get_schedule": lambda db, a, t: report_schedules.get_schedule(db, a, _foreign_schedule(db, t).id),
    "delete_schedule": lambda db, a, t: report_schedules.delete_schedule(db, a, _foreign_schedule(db, t).id),
    "get_run": lambda db, a, t: saved_reports.get_run(db, a, _foreign_run(db, t).id),
    "run_file": lambda db, a, t: saved_reports.run_file(db, a, _foreign_run(db, t).id),
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
    "review_posts": lambda db, a, t: posts.review_posts(db, a, [t["post"].id], approve=True),
    "move_to_campaign": lambda db, a, t: posts.move_to_campaign(db, a, [t["post"].id], None),
    "schedule_post": lambda db, a, t: scheduling.schedule_post(db, a, t["post"].id, utcnow() + timedelta(hours=1)),
    "publish_now": lambda db, a, t: scheduling.publish_now(db, a, t["post"].id),
    "unschedule": lambda db, a, t: scheduling.unschedule(db, a, t["post"].id),
    "move_post": lambda db, a, t: calendar_view.move_post(db, a, t["post"].id, (utcnow() + timedelta(days=2)).date()),
    "calendar_posts": lambda db, a, t: calendar_view.calendar_posts(
        db, a, calendar_view.CalendarQuery(date.today(), date.today(), account_id=t["account"].id)),
    "add_to_queue": lambda db, a, t: queues.add_to_queue(db, a, t["post"].id),
    "resolve_conflict": lambda db, a, t: queues.resolve_conflict(db, a, t["post"].id, t["account"].id),
    "queue_of": lambda db, a, t: queues.queue_of(db, a, t["account"].id),
    "queue_view": lambda db, a, t: queues.queue_view(db, a, t["account"].id),
    "add_slots": lambda db, a, t: queues.add_slots(db, a, t["account"].id, [0], time(9, 0)),
    "set_queue": lambda db, a, t: queues.set_queue(db, a, t["account"].id, [(0, time(9, 0))], False),
    "remove_slot": lambda db, a, t: queues.remove_slot(db, a, _foreign_slot(db, t).id),
    "set_paused": lambda db, a, t: queues.set_paused(db, a, t["account"].id, True),
    "create_series": lambda db, a, t: recurring.create_series(db, a, t["post"].id, WEEKLY),
    "series_for_post": lambda db, a, t: recurring.series_for_post(db, a, t["post"].id),
    "get_series": lambda db, a, t: recurring.get_series(db, a, _foreign_series(db, t).id),
    "update_series": lambda db, a, t: recurring.update_series(db, a, _foreign_series(db, t).id, WEEKLY),
    "delete_series": lambda db, a, t: recurring.delete_series(db, a, _foreign_series(db, t).id),
    "detach_occurrence": lambda db, a, t: recurring.detach_occurrence(db, a, t["post"].id),
    "edit_occurrence": lambda db, a, t: recurring.edit_occurrence(db, a, t["post"].id, posts.PostDraft(text="x")),
    "delete_occurrence": lambda db, a, t: recurring.delete_occurrence(db, a, t["post"].id),
    "revoke_feed": lambda db, a, t: ical.revoke_feed(db, a, _foreign_feed(db, t).id),
    "list_versions": lambda db, a, t: posts.list_versions(db, a, t["post"].id),
    "restore_version": lambda db, a, t: posts.restore_version(db, a, t["post"].id, 1),
    "get_template": lambda db, a, t: templates.get_template(db, a, _foreign_template(db, t).id),
    "update_template": lambda db, a, t: templates.update_template(db, a, _foreign_template(db, t).id, body="x"),
    "delete_template": lambda db, a, t: templates.delete_template(db, a, _foreign_template(db, t).id),
    "copy_template": lambda db, a, t: templates.copy_template(db, a, _foreign_template(db, t).id),
    "template_versions": lambda db, a, t: templates.template_versions(db, a, _foreign_template(db, t).id),
    "restore_template_version": lambda db, a, t: templates.restore_template_version(
        db, a, _foreign_template(db, t).id, 1),
    "render_template": lambda db, a, t: templates.render_template(db, a, _foreign_template(db, t).id,
                                                                  {"bread": "rye"}),
    "template_for_composer": lambda db, a, t: templates.template_for_composer(db, a, _foreign_template(db, t).id),
    "get_campaign": lambda db, a, t: campaigns.get_campaign(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "update_campaign": lambda db, a, t: campaigns.update_campaign(
        db, a, _foreign_campaign_and_cost(db, t)[0].id, {"name": "x"}),
    "delete_campaign": lambda db, a, t: campaigns.delete_campaign(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "campaign_team": lambda db, a, t: campaigns.campaign_team(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "campaign_costs": lambda db, a, t: campaigns.campaign_costs(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "campaign_posts": lambda db, a, t: campaigns.campaign_posts(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "budget_spent": lambda db, a, t: campaigns.budget_spent(db, a, _foreign_campaign_and_cost(db, t)[0].id),
    "add_campaign_cost": lambda db, a, t: campaigns.add_campaign_cost(
        db, a, _foreign_campaign_and_cost(db, t)[0].id, "Ads", 100, "2026-03-02"),
    "remove_campaign_cost": lambda db, a, t: campaigns.remove_campaign_cost(
        db, a, *(row.id for row in _foreign_campaign_and_cost(db, t))),
    "get_media": lambda db, a, t: media.get_media(db, a, t["asset"].id),
    "file_for": lambda db, a, t: media.file_for(db, a, t["asset"].id),
    "update_media": lambda db, a, t: media.update_media(db, a, t["asset"].id, tags="x"),
    "move_media": lambda db, a, t: media.move_media(db, a, [t["asset"].id], None),
    "delete_media": lambda db, a, t: media.delete_media(db, a, [t["asset"].id]),
    "edit_image": lambda db, a, t: media_edit.edit_image(db, a, t["asset"].id, [{"op": "flip"}]),
    "versions_of": lambda db, a, t: media_edit.versions_of(db, a, t["asset"].id),
    "create_folder": lambda db, a, t: media.create_folder(db, a, "x", parent_id=t["folder"].id),
    "rename_folder": lambda db, a, t: media.rename_folder(db, a, t["folder"].id, "x"),
    "move_folder": lambda db, a, t: media.move_folder(db, a, t["folder"].id, None),
    "delete_folder": lambda db, a, t: media.delete_folder(db, a, t["folder"].id),
    "upload_files": lambda db, a, t: media.upload_files(db, a, [], folder_id=t["folder"].id),
    "list_media": lambda db, a, t: media.list_media(db, a, media.MediaQuery(folder_id=t["folder"].id)),
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
    "list_comments": lambda db, a, t: comments.list_comments(db, a, t["post"].id),
    "add_comment": lambda db, a, t: comments.add_comment(db, a, t["post"].id, "x"),
    "edit_comment": lambda db, a, t: comments.edit_comment(db, a, _foreign_comment(db, t).id, "x"),
    "delete_comment": lambda db, a, t: comments.delete_comment(db, a, _foreign_comment(db, t).id),
    "set_resolved": lambda db, a, t: comments.set_resolved(db, a, _foreign_comment(db, t).id, True),
    "mention_candidates": lambda db, a, t: comments.mention_candidates(db, a, t["post"].id),
    "get_channel": lambda db, a, t: chat.get_channel(db, a, _foreign_channel(db, t)[0].id),
    "join_channel": lambda db, a, t: chat.join_channel(db, a, _foreign_channel(db, t)[0].id),
    "leave_channel": lambda db, a, t: chat.leave_channel(db, a, _foreign_channel(db, t)[0].id),
    "archive_channel": lambda db, a, t: chat.archive_channel(db, a, _foreign_channel(db, t)[0].id),
    "mark_read": lambda db, a, t: chat.mark_read(db, a, _foreign_channel(db, t)[0].id, 1),
    "list_messages": lambda db, a, t: chat_messages.list_messages(db, a, _foreign_channel(db, t)[0].id),
    "post_message": lambda db, a, t: chat_messages.post_message(db, a, _foreign_channel(db, t)[0].id, "x"),
    "edit_message": lambda db, a, t: chat_messages.edit_message(db, a, _foreign_channel(db, t)[1].id, "x"),
    "delete_message": lambda db, a, t: chat_messages.delete_message(db, a, _foreign_channel(db, t)[1].id),
    "get_message": lambda db, a, t: chat_messages.get_message(db, a, _foreign_channel(db, t)[1].id),
    "assign_post": lambda db, a, t: assignments.assign_post(db, a, t["post"].id, None),
    "get_task": lambda db, a, t: tasks.get_task(db, a, _foreign_task(db, t).id),
    "update_task": lambda db, a, t: tasks.update_task(db, a, _foreign_task(db, t).id, {"status": "done"}),
    "delete_task": lambda db, a, t: tasks.delete_task(db, a, _foreign_task(db, t).id),
    "list_tasks": lambda db, a, t: tasks.list_tasks(db, a, post_id=t["post"].id),
    "create_task": lambda db, a, t: tasks.create_task(db, a, title="x", post_id=t["post"].id),
    "get_task_template": lambda db, a, t: task_templates.get_task_template(db, a, _foreign_task_template(db, t).id),
    "update_task_template": lambda db, a, t: task_templates.update_task_template(
        db, a, _foreign_task_template(db, t).id, {"name": "x"}),
    "delete_task_template": lambda db, a, t: task_templates.delete_task_template(
        db, a, _foreign_task_template(db, t).id),
    "create_from_template": lambda db, a, t: task_templates.create_from_template(
        db, a, _foreign_task_template(db, t).id),
    "mark_notification_read": lambda db, a, t: bell.mark_read(db, a, _foreign_notification(db, t).id),
    "open_notification": lambda db, a, t: bell.open_notification(db, a, _foreign_notification(db, t).id),
    "activity_feed": lambda db, a, t: team_activity.feed(db, a, person_id=t["owner"].id),
    "set_white_label_image": lambda db, a, t: branding.set_white_label_image(
        db, a, t["foreign"].parent_id, "logo", b"\x89PNG\r\n\x1a\n"),
    "save_workflow": lambda db, a, t: engine.save_workflow(db, a, _foreign_workflow(db, t).id,
                                                           engine.WorkflowSpec("x")),
    "delete_workflow": lambda db, a, t: engine.delete_workflow(db, a, _foreign_workflow(db, t).id),
    "move_workflow": lambda db, a, t: engine.move_workflow(db, a, _foreign_workflow(db, t).id, up=True),
    "submit_review": lambda db, a, t: engine.submit(db, a, [t["post"].id]),
    "decide_review": lambda db, a, t: engine.decide(db, a, [t["post"].id], "approve"),
    "fast_track": lambda db, a, t: engine.fast_track(db, a, [t["post"].id], "x"),
    "review_status": lambda db, a, t: engine.review_status(db, a, t["post"].id),
    "mark_seen": lambda db, a, t: engine.mark_seen(db, a, t["post"].id),
    "create_review_link": lambda db, a, t: reviewer_links.create_review_link(db, a, [t["post"].id], "x", "x@y.example"),
    "list_review_links": lambda db, a, t: reviewer_links.list_review_links(db, a, t["post"].id),
    "revoke_review_link": lambda db, a, t: reviewer_links.revoke_review_link(db, a, _foreign_review_link(db, t).id),
}
CALLS |= {
    "get_competitor": lambda db, a, t: tracked.get_competitor(db, a, _foreign_competitor(db, t).id),
    "remove_competitor": lambda db, a, t: tracked.remove_competitor(db, a, _foreign_competitor(db, t).id),
}
CALLS |= {
    "ai_settings_of": lambda db, a, t: ai_settings.settings_of(db, a, t["foreign"].id),
    "save_ai_settings": lambda db, a, t: ai_settings.save_settings(db, a, t["foreign"].id, "", ""),
    "ai_provider_in_use": lambda db, a, t: ai_settings.provider_in_use(db, a, t["foreign"].id),
    "ai_test_connection": lambda db, a, t: ai_settings.test_connection(db, a, t["foreign"].id),
    "ai_rewrite_post": lambda db, a, t: ai_writer.rewrite(db, a, "Fresh beans", "witty", post_id=t["post"].id),
}


def _foreign_ab_test(db, t):
    """An A/B test the other agency's client's owner started on its X account."""
    return ab_tests.start_ab_test(db, orgs.actor_for(db, t["owner"], t["foreign"].id), _harbor_test(t))


def _harbor_test(t) -> ab_tests.StartRequest:
    return ab_tests.StartRequest("twitter", (ab_tests.VariantChoice("Harbor rye"), ab_tests.VariantChoice("Harbor spelt")),
                                 (t["account"].id,))


CALLS |= {
    "get_ab_test": lambda db, a, t: ab_tests.get_ab_test(db, a, _foreign_ab_test(db, t).id),
    "generate_variants": lambda db, a, t: ai_variants.generate_variants(
        db, a, ai_variants.Request(network="twitter", text="Fresh beans", post_id=t["post"].id)),
    "start_ab_test": lambda db, a, t: ab_tests.start_ab_test(db, a, _harbor_test(t)),
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

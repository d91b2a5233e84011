"""Deleting an organization: everything it owns goes (rows in every table, its files), nothing of another
organization changes, and people keep their accounts.

The checks walk the schema: a new table that can hold organization data is covered without listing it here,
and the richly filled organization must have rows in it (fill it in `_fill_tenant` when this test says so).
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlmodel import Session, SQLModel

from allin_app.accounts.models import ConnectAttempt, ReconnectLink, SocialAccount
from allin_app.admin.models import AuditEvent
from allin_app.admin.seed import AGENCY, CLIENTS
from allin_app.ai import ab_tests
from allin_app.ai import org_settings as ai_settings
from allin_app.analytics import report_export, report_schedules
from allin_app.analytics import reports as saved_reports
from allin_app.analytics.competitor_models import Competitor, CompetitorPost, CompetitorSnapshot
from allin_app.analytics.layout import move_widget, widgets_for
from allin_app.analytics.models import AccountDaily, AccountSnapshot, MetricSnapshot, OrgDaily, PostDaily, PostTotal
from allin_app.analytics.roi_models import Conversion, LinkClick
from allin_app.auth import service as auth
from allin_app.auth.models import User
from allin_app.content import campaigns, links, media, media_store, templates
from allin_app.content import service as posts
from allin_app.content.models import Post, PostTarget
from allin_app.core.clock import utcnow
from allin_app.core.config import settings
from allin_app.core.errors import NotFound, PermissionDenied, ValidationFailed
from allin_app.core.rbac import Role
from allin_app.orgs import branding, clients, directory, security, team
from allin_app.orgs import service as orgs
from allin_app.orgs.deletion import purge_organization
from allin_app.orgs.models import Organization, OrgKind, WhiteLabel
from allin_app.scheduling import ical, queues, recurring
from allin_app.scheduling.models import DeliveryAttempt, PublishingSettings, SkippedOccurrence
from allin_app.workflow import approvals as engine
from allin_app.workflow import chat, chat_messages, comments, notification_prefs, task_templates, tasks
from allin_app.workflow import notifications as bell
from allin_app.workflow import review_links as reviewer_links

PLATFORM = "platform"  # tables of people and the platform itself (users, sessions, mail): kept


def _png(color: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def _tenant(db: Session, agency: Organization, name: str, slug: str) -> dict:
    """A client of the agency with its owner, a manager, a connected X account and an agency member assigned."""
    org = orgs.create_organization(db, name, OrgKind.client, agency.id)
    owner = auth.create_user(db, f"owner@{slug}.example", "Harbor-Lights-51", full_name=f"{name} Owner",
                             verified=True)
    manager = auth.create_user(db, f"manager@{slug}.example", "Harbor-Lights-51", full_name=f"{name} Manager",
                               verified=True)
    orgs.add_member(db, org.id, owner.id, Role.agency_owner)
    orgs.add_member(db, org.id, manager.id, Role.content_manager)
    account = SocialAccount(org_id=org.id, network="twitter", external_id=f"x-{slug}", handle=slug)
    db.add(account)
    db.flush()
    return {"org": org, "owner": orgs.actor_for(db, owner, org.id), "manager": orgs.actor_for(db, manager, org.id),
            "account": account, "slug": slug}


def _fill_tenant(db: Session, t: dict, agency_owner: User, staff: User) -> None:
    """One of everything an organization can own, made through the services where one exists."""
    org, owner, manager, account = t["org"], t["owner"], t["manager"], t["account"]
    clients.set_assignment(db, orgs.actor_for(db, agency_owner, org.parent_id), org.id, staff.id, True)
    team.invite_members(db, owner, org.id, [f"new@{t['slug']}.example"], Role.content_creator, "")
    branding.update_guidelines(db, owner, org.id, {"fonts": "Inter"})
    security.update_policy(db, owner, org.id, require_2fa=False, min_password_length=12, session_timeout_minutes=10,
                           ip_allowlist="")
    ai_settings.save_settings(db, owner, org.id, "http://127.0.0.1:9/v1", "local-model", "sk-secret")
    move_widget(db, manager, widgets_for(manager)[0], 1)
    default = notification_prefs.org_channels(org, "publishing")
    notification_prefs.update_preferences(db, manager, {"publishing": {"in_app": not default["in_app"],
                                                                       "email": default["email"]}})

    folder = media.create_folder(db, manager, "Photos")
    uploaded = media.upload_files(db, manager, [(f"{t['slug']}.png", io.BytesIO(_png("teal" if "a" in t["slug"]
                                                                                      else "orange")))],
                                  folder_id=folder.id)
    asset = uploaded[0].asset
    campaign = campaigns.create_campaign(db, manager, name="Spring", starts_on="2026-03-01", ends_on="2026-03-31",
                                         member_ids=(owner.user_id,))
    campaigns.add_campaign_cost(db, manager, campaign.id, "Flyers", 1000, "2026-03-02")
    post = posts.create_post(db, manager, posts.PostDraft(text="Fresh bread today", account_ids=(account.id,),
                                                          media_ids=(asset.id,), campaign_id=campaign.id))
    posts.update_post(db, manager, post.id, posts.PostDraft(text="Fresh bread today, warm", account_ids=(account.id,),
                                                            media_ids=(asset.id,), campaign_id=campaign.id))
    template = templates.create_template(db, manager, "Daily", "Fresh {{bread}}")
    templates.update_template(db, manager, template.id, body="Warm {{bread}}")

    comment = comments.add_comment(db, manager, post.id, "Looks good")
    comments.add_comment(db, owner, post.id, "@manager thanks", parent_id=comment.id)
    task = tasks.create_task(db, manager, title="Shoot photos", post_id=post.id, campaign_id=campaign.id)
    tasks.update_task(db, manager, task.id, {"status": "done"})
    task_templates.create_task_template(db, manager, name="Shoot", title="Shoot photos")
    bell.notify(db, org.id, [manager.user_id], "publishing", "post_published", "Published")
    channel = chat.create_channel(db, manager, "news")
    chat.join_channel(db, owner, channel.id)
    chat_messages.post_message(db, manager, channel.id, "New photos", attachment_ids=(asset.id,))

    engine.save_workflow(db, owner, None, engine.WorkflowSpec("Owner signs off",
                                                              stages=(engine.StageSpec("Owner", ("agency_owner",)),)))
    engine.submit(db, manager, [post.id])
    engine.mark_seen(db, owner, post.id)
    engine.decide(db, owner, [post.id], "approve")
    review_post = posts.create_post(db, manager, posts.PostDraft(text="For the client", account_ids=(account.id,)))
    engine.submit(db, manager, [review_post.id])
    reviewer_links.create_review_link(db, owner, [review_post.id], "Hal", f"hal@{t['slug']}.example")

    ab_tests.start_ab_test(db, manager, ab_tests.StartRequest(
        "twitter", (ab_tests.VariantChoice("Rye today"), ab_tests.VariantChoice("Spelt today")), (account.id,)))
    queues.add_slots(db, manager, account.id, [0, 2], time(9, 0))
    queues.set_paused(db, manager, account.id, True)
    series = recurring.create_series(db, manager, posts.create_post(db, manager, posts.PostDraft(
        text="Weekly special", account_ids=(account.id,))).id, recurring.SeriesRule(
        frequency="weekly", weekdays=(0,), starts_on=date(2030, 1, 7), at=time(9, 0)))
    ical.create_feed(db, manager)
    link = links.short_link(db, org.id, "https://example.com/bread", post.id, "twitter")
    report = saved_reports.create_report(db, manager, saved_reports.ReportSpec(name="Monthly", sections=("overview",)))
    report_schedules.save_schedule(db, manager, report.id, report_schedules.ScheduleSpec(
        recipients=(f"boss@{t['slug']}.example",)))
    _add_rows_without_a_service(db, t, post, series.id, link.id, campaign.id)
    db.commit()
    run = saved_reports.start_run(db, manager, report.id, "csv")
    db.commit()
    assert report_export.execute_run(run.id, manager).file_path
    db.expire_all()


def _add_rows_without_a_service(db: Session, t: dict, post: Post, series_id: int, link_id: int,
                                campaign_id: int) -> None:
    """What the publisher, the metric collector, the redirect and the OAuth flow write: their rows directly."""
    org_id, account, now = t["org"].id, t["account"], utcnow()
    target = db.exec(select(PostTarget).where(PostTarget.post_id == post.id)).scalars().first()
    competitor = Competitor(org_id=org_id, network="twitter", handle=f"rival-{t['slug']}")
    reconnect = ReconnectLink(account_id=account.id, org_id=org_id, email=f"x@{t['slug']}.example",
                              token_hash=f"reconnect-{t['slug']}", created_by_user_id=t["owner"].user_id,
                              expires_at=now + timedelta(days=1))
    db.add_all([competitor, reconnect, WhiteLabel(org_id=org_id, app_name=t["slug"]),
                PublishingSettings(org_id=org_id)])
    db.flush()
    day, figures = now.date(), {"org_id": org_id, "account_id": account.id, "network": "twitter"}
    on_target = {**figures, "post_id": post.id, "target_id": target.id}
    db.add_all([
        ConnectAttempt(org_id=org_id, user_id=t["owner"].user_id, network="twitter", state_hash=f"s-{t['slug']}",
                       expires_at=now, reconnect_link_id=reconnect.id),
        DeliveryAttempt(target_id=target.id, org_id=org_id, number=1, worker="test", fingerprint=f"f-{t['slug']}"),
        OrgDaily(org_id=org_id, day=day, network="twitter"),
        AccountDaily(day=day, **figures),
        AccountSnapshot(captured_at=now, **figures),
        MetricSnapshot(captured_at=now, **on_target),
        PostDaily(day=day, published_on=day, as_of=now, **on_target),
        PostTotal(published_at=now, published_on=day, last_collected_at=now, **on_target),
        CompetitorSnapshot(org_id=org_id, competitor_id=competitor.id, day=day, captured_at=now),
        CompetitorPost(org_id=org_id, competitor_id=competitor.id, external_id="1", published_at=now, read_at=now),
        SkippedOccurrence(series_id=series_id, occurs_on=date(2030, 1, 14)),
        LinkClick(org_id=org_id, short_link_id=link_id, post_id=post.id, campaign_id=campaign_id),
        Conversion(org_id=org_id, external_id=f"order-{t['slug']}", occurred_at=now, post_id=post.id,
                   campaign_id=campaign_id),
    ])


def _org_reachable_tables() -> set[str]:
    """Tables holding organization data: an organization column, or a foreign key to such a table. People
    (`users`) are the platform's, even with a home organization."""
    reach = {"organizations"}
    for table in SQLModel.metadata.sorted_tables:  # parents come before children
        if table.name == "users":
            continue
        for column in table.columns:
            parents = {fk.column.table.name for fk in column.foreign_keys} - {"users", table.name}
            if parents & reach or (not column.foreign_keys and column.name in ("org_id", "client_org_id")):
                reach.add(table.name)
    return reach


def _snapshot(db: Session) -> dict[str, dict[tuple, dict]]:
    """Every row of every table, by primary key."""
    snapshot = {}
    for table in SQLModel.metadata.sorted_tables:
        keys = [column.name for column in table.primary_key.columns]
        rows = db.connection().execute(table.select()).mappings()
        snapshot[table.name] = {tuple(row[k] for k in keys): dict(row) for row in rows}
    return snapshot


def _rows_naming(db: Session, org_id: int) -> dict[str, int]:
    """Rows whose organization column (of any name) holds `org_id`."""
    found = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if any(fk.column.table.name == "organizations" for fk in c.foreign_keys)
                   or (not c.foreign_keys and (c.name == "org_id" or c.name.endswith("_org_id")))]
        if table.name == "organizations":
            columns.append(table.c.id)
        for column in columns:
            count = len(db.connection().execute(table.select().where(column == org_id)).all())
            if count:
                found[f"{table.name}.{column.name}"] = count
    return found


def _files_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} if folder.exists() else {}


@pytest.fixture
def two_tenants(seeded, tmp_path, monkeypatch):
    """Two clients of one agency, each with one of everything; the second is made after `before` was taken.
    Files go to this test's own data dir: organization ids repeat from test to test."""
    monkeypatch.setattr(settings, "data_dir", tmp_path / "data")
    db = seeded
    agency = orgs.create_organization(db, "Southwind Media", OrgKind.agency)
    agency_owner = auth.create_user(db, "owner@southwind.example", "Harbor-Lights-51", verified=True)
    staff = auth.create_user(db, "staff@southwind.example", "Harbor-Lights-51", verified=True)
    orgs.add_member(db, agency.id, agency_owner.id, Role.agency_owner)
    orgs.add_member(db, agency.id, staff.id, Role.content_manager)
    kept = _tenant(db, agency, "Quay Books", "quay")
    _fill_tenant(db, kept, agency_owner, staff)
    before = _snapshot(db)
    kept_files = _files_under(media_store.media_root() / str(kept["org"].id)) | _files_under(
        saved_reports.reports_dir() / str(kept["org"].id))
    doomed = _tenant(db, agency, "Harbor Bakery", "harbor")
    _fill_tenant(db, doomed, agency_owner, staff)
    return {"db": db, "kept": kept, "doomed": doomed, "before": before, "kept_files": kept_files,
            "admin": orgs.actor_for(db, auth.find_user_by_email(db, "admin@allin.demo"))}


def test_the_filled_organization_has_rows_in_every_table_that_holds_organization_data(two_tenants):
    db, org_id = two_tenants["db"], two_tenants["doomed"]["org"].id
    before, now = two_tenants["before"], _snapshot(db)
    empty = sorted(name for name in _org_reachable_tables() if not now[name].keys() - before[name].keys())
    assert empty == [], f"fill these tables in _fill_tenant: {empty}"
    assert _rows_naming(db, org_id)


def test_deleting_an_organization_leaves_nothing_of_it_and_changes_nothing_else(two_tenants):
    db, doomed, kept = two_tenants["db"], two_tenants["doomed"], two_tenants["kept"]
    org_id = doomed["org"].id
    doomed_files = _files_under(media_store.media_root() / str(org_id)) | _files_under(
        saved_reports.reports_dir() / str(org_id))
    assert any(path.suffix == ".png" for path in doomed_files) and any(path.suffix == ".csv" for path in doomed_files)
    assert any("thumbs" in path.parts for path in doomed_files)
    before, filled = two_tenants["before"], _snapshot(db)
    made = {name: len(filled[name].keys() - before[name].keys()) for name in _org_reachable_tables() - {"audit_events"}}

    deleted = directory.delete_organization(db, two_tenants["admin"], org_id, "Harbor Bakery")
    db.commit()

    assert deleted == made
    assert _rows_naming(db, org_id) == {}
    after = _snapshot(db)
    for name in _org_reachable_tables() - {"audit_events"}:
        assert after[name] == before[name], f"{name} differs from before the organization existed"
    for name, rows in before.items():  # platform tables (people, audit log, mail) only grew
        assert {key: after[name].get(key) for key in rows} == rows, name
    assert not doomed_files.keys() & _files_under(media_store.media_root()).keys()
    assert not (media_store.media_root() / str(org_id)).exists()
    assert not (saved_reports.reports_dir() / str(org_id)).exists()
    assert _files_under(media_store.media_root() / str(kept["org"].id)) | _files_under(
        saved_reports.reports_dir() / str(kept["org"].id)) == two_tenants["kept_files"]


def test_people_stay_and_the_audit_log_keeps_the_organizations_events_unlinked(two_tenants):
    db, doomed = two_tenants["db"], two_tenants["doomed"]
    org_id, owner_id = doomed["org"].id, doomed["owner"].user_id
    events = db.exec(select(AuditEvent.id).where(AuditEvent.org_id == org_id)).scalars().all()
    assert events
    directory.delete_organization(db, two_tenants["admin"], org_id, "Harbor Bakery")
    db.commit()
    owner = db.get(User, owner_id)
    assert owner is not None and owner.home_org_id is None
    kept_events = db.exec(select(AuditEvent).where(AuditEvent.id.in_(events))).scalars().all()
    assert len(kept_events) == len(events) and {e.org_id for e in kept_events} == {None}
    record = db.exec(select(AuditEvent).where(AuditEvent.action == "org.deleted")).scalars().one()
    assert (record.target, record.actor_user_id) == (f"org:{org_id}", two_tenants["admin"].user_id)
    assert record.detail.startswith("Harbor Bakery")
    with pytest.raises(NotFound):
        orgs.actor_for(db, owner, org_id)


def test_another_tenants_row_pointing_at_a_deleted_row_loses_only_that_reference(two_tenants):
    db, doomed, kept = two_tenants["db"], two_tenants["doomed"], two_tenants["kept"]
    doomed_post = db.exec(select(Post.id).where(Post.org_id == doomed["org"].id)).scalars().first()
    stray = Conversion(org_id=kept["org"].id, external_id="cross-tenant", occurred_at=utcnow(), post_id=doomed_post)
    db.add(stray)
    db.commit()
    directory.delete_organization(db, two_tenants["admin"], doomed["org"].id, "Harbor Bakery")
    db.commit()
    assert db.get(Conversion, stray.id).post_id is None


def test_a_failure_part_way_deletes_nothing(two_tenants, monkeypatch):
    db, doomed = two_tenants["db"], two_tenants["doomed"]
    org_id = doomed["org"].id
    files = _files_under(media_store.media_root() / str(org_id))
    rows = _rows_naming(db, org_id)
    db.commit()

    def broken_audit(*_args, **_kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(directory, "record_audit", broken_audit)
    with pytest.raises(RuntimeError):
        directory.delete_organization(db, two_tenants["admin"], org_id, "Harbor Bakery")
    db.rollback()
    assert _rows_naming(db, org_id) == rows
    assert _files_under(media_store.media_root() / str(org_id)) == files


def test_an_uncommitted_purge_leaves_the_files(two_tenants):
    db, org_id = two_tenants["db"], two_tenants["doomed"]["org"].id
    files = _files_under(media_store.media_root() / str(org_id))
    assert purge_organization(db, org_id)["media_assets"] == 1
    assert _files_under(media_store.media_root() / str(org_id)) == files
    db.rollback()
    db.commit()  # a later commit of the same session must not remove them either
    assert _files_under(media_store.media_root() / str(org_id)) == files


def test_an_agency_with_clients_is_still_refused(seeded):
    admin = orgs.actor_for(seeded, auth.find_user_by_email(seeded, "admin@allin.demo"))
    agency = orgs.get_org_by_slug(seeded, orgs.slugify(AGENCY))
    with pytest.raises(ValidationFailed, match="client organizations"):
        directory.delete_organization(seeded, admin, agency.id, AGENCY)
    assert seeded.get(Organization, agency.id) is not None


@pytest.mark.parametrize("email", ["agency@allin.demo", "manager@allin.demo"])
def test_only_a_platform_admin_deletes_an_organization(seeded, email):
    bloom = orgs.get_org_by_slug(seeded, orgs.slugify(CLIENTS[0]))
    with pytest.raises(PermissionDenied):
        directory.delete_organization(seeded, orgs.actor_for(seeded, auth.find_user_by_email(seeded, email)),
                                      bloom.id, CLIENTS[0])
    assert seeded.get(Organization, bloom.id) is not None

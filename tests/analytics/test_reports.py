"""Reports: the builder's rules, each export format read back by its own library, the agency's white label
on its clients' reports, who may do what, runs with their progress, and schedules mailed to a loopback
SMTP server with the files attached (sending moments in the organization's zone, across DST)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader
from sqlmodel import select

from allin_app.admin.models import OutboxAttachment, OutboxMail
from allin_app.admin.seed import CLIENTS
from allin_app.analytics import queries, report_export, report_schedules, reports
from allin_app.analytics import report_spec as spec
from allin_app.analytics.queries import Filters
from allin_app.analytics.report_models import ReportRun, RunStatus
from allin_app.analytics.report_schedules import ScheduleSpec
from allin_app.analytics.reports import ReportSpec
from allin_app.content import service as posts
from allin_app.core.clock import clock_at, utcnow
from allin_app.core.errors import Conflict, PermissionDenied, ValidationFailed
from allin_app.orgs import branding
from allin_app.scheduling import publisher
from allin_app.scheduling import service as scheduling
from tests.accounts.test_connect import _user_and_actor
from tests.analytics.conftest import collect_at, publish_at
from tests.test_mail import Inbox, free_port, wait_for

DAY0 = (utcnow() - timedelta(days=6)).replace(hour=9, minute=0, second=0, microsecond=0)
START, END = (DAY0 - timedelta(days=1)).date(), (utcnow() - timedelta(days=1)).date()


def _logo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 32), (200, 30, 90)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def history(seeded, sim, actors, accounts):
    """Three posts over the last week by the manager and the creator, read twice by the collector."""
    ids = (accounts["twitter"].id, accounts["linkedin"].id)
    publish_at(seeded, sim, actors["manager"], ids, DAY0, "Fresh beans at nine")
    _creators_post(seeded, sim, actors, ids[:1], DAY0 + timedelta(days=1, hours=3), "Latte art Thursday")
    publish_at(seeded, sim, actors["manager"], ids[1:], DAY0 + timedelta(days=2, hours=5), "Our roastery tour")
    collect_at(sim, DAY0 + timedelta(days=3))
    collect_at(sim, DAY0 + timedelta(days=4, hours=2))
    seeded.commit()
    return seeded


def _creators_post(db, sim, actors, account_ids, when, text):
    """A creator's post goes out once the manager approved it."""
    with clock_at(when):
        post = posts.create_post(db, actors["creator"], posts.PostDraft(text=text, account_ids=tuple(account_ids)))
        posts.submit_for_approval(db, actors["creator"], [post.id])
        posts.review_posts(db, actors["manager"], [post.id], approve=True)
        scheduling.publish_now(db, actors["manager"], post.id)
        db.commit()
        publisher.tick(client=sim, now=when)
    db.expire_all()


def _spec(**changes) -> ReportSpec:
    values = {"name": "Monthly performance", "sections": tuple(spec.SECTIONS), "range_preset": "custom",
              "start_on": START, "end_on": END}
    return ReportSpec(**{**values, **changes})


def _made(db, actor, report_id: int, fmt: str) -> tuple[ReportRun, bytes]:
    run = reports.start_run(db, actor, report_id, fmt)
    db.commit()
    done = report_export.execute_run(run.id, actor)
    assert done.status == RunStatus.done, done.error
    db.expire_all()
    return done, reports.run_file(db, actor, run.id).body


# ---- the formats ------------------------------------------------------------------------------


def test_the_pdf_has_a_page_per_section_with_its_chart(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec())
    history.commit()
    run, body = _made(history, manager, report.id, "pdf")
    pdf = PdfReader(io.BytesIO(body))
    assert body.startswith(b"%PDF") and len(pdf.pages) >= 1 + len(spec.SECTIONS)
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for title in spec.SECTIONS.values():
        assert title in text
    assert "Fresh beans at nine" in text  # the top posts table
    pictures = [image for page in pdf.pages for image in page.images]
    assert len(pictures) == 6  # every section draws its chart but the overview and campaigns (none ran)
    assert run.progress == 100 and run.file_name.endswith(".pdf") and run.file_size == len(body)


def test_the_spreadsheet_has_a_sheet_per_section_with_the_query_figures(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec())
    history.commit()
    _run, body = _made(history, manager, report.id, "xlsx")
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["Summary", *spec.SECTIONS.values()]
    overview = queries.overview(history, manager, Filters(START, END))
    rows = {row[0]: row[1:] for row in book["Overview"].iter_rows(min_row=2, values_only=True)}
    assert rows["Reach"][0] == overview.total_reach > 0
    assert rows["Posts"][:2] == (overview.total_posts, overview.total_posts_prev)
    assert rows["Engagement rate (%)"][0] == overview.engagement_rate
    top = list(book["Top posts"].iter_rows(min_row=2, values_only=True))
    expected = queries.top_posts(history, manager, Filters(START, END), limit=10)
    assert [r[3] for r in top] == [p.text for p in expected] and [r[6] for r in top] == [p.engagements
                                                                                           for p in expected]
    daily = list(book["Reach and impressions"].iter_rows(min_row=2, values_only=True))
    assert len(daily) == (END - START).days + 1 and daily[0][0].date() == START
    assert sum(r[1] for r in daily) == overview.total_reach


def test_the_slides_have_a_title_and_a_slide_per_section_with_its_chart(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec(sections=("overview", "reach", "networks")))
    history.commit()
    _run, body = _made(history, manager, report.id, "pptx")
    deck = Presentation(io.BytesIO(body))
    slides = list(deck.slides)
    assert len(slides) == 4 and slides[0].shapes.title.text == "Monthly performance"
    assert [s.shapes.title.text for s in slides[1:]] == ["Overview", "Reach and impressions", "Network comparison"]
    pictures = [shape for slide in slides[2:] for shape in slide.shapes if shape.shape_type == 13]  # a picture
    assert len(pictures) == 2
    words = " ".join(shape.text_frame.text for shape in slides[2].shapes if shape.has_text_frame)
    assert "Reach" in words and "Impressions" in words


def test_the_csv_has_a_block_per_section(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec(sections=("networks", "top_posts")))
    history.commit()
    _run, body = _made(history, manager, report.id, "csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Monthly performance", CLIENTS[0]]
    networks_at = rows.index(["Network comparison"])
    assert rows[networks_at + 1][0] == "Network"
    assert {r[0] for r in rows[networks_at + 2:rows.index([], networks_at)]} >= {"X (Twitter)", "LinkedIn"}
    posts_at = rows.index(["Top posts"])
    posts = rows[posts_at + 2:rows.index([], posts_at)]
    assert sorted(r[3] for r in posts) == ["Fresh beans at nine", "Fresh beans at nine", "Latte art Thursday",
                                           "Our roastery tour"]


# ---- branding ----------------------------------------------------------------------------------


def test_the_agencys_white_label_is_on_its_clients_reports(history, actors):
    db, manager = history, actors["manager"]
    agency_owner = _user_and_actor(db, "agency@allin.demo")[1]
    branding.update_white_label(db, agency_owner, agency_owner.org_id, app_name="Northwind Insights",
                                primary_color="#0F766E", accent_color="#F59E0B", custom_domain="", hidden_sections=[])
    branding.set_white_label_image(db, agency_owner, agency_owner.org_id, "logo", _logo())
    branded = reports.create_report(db, manager, _spec(sections=("overview",)))
    plain = reports.create_report(db, manager, _spec(name="Plain", sections=("overview",), branding=False))
    db.commit()
    _run, body = _made(db, manager, branded.id, "pdf")
    pdf = PdfReader(io.BytesIO(body))
    assert "Northwind Insights" in pdf.pages[0].extract_text()
    assert len(pdf.pages[0].images) == 1  # the agency's logo on the cover
    _run, body = _made(db, manager, plain.id, "pdf")
    pdf = PdfReader(io.BytesIO(body))
    assert "Northwind Insights" not in pdf.pages[0].extract_text() and not pdf.pages[0].images
    _run, body = _made(db, manager, branded.id, "xlsx")
    summary = {row[0]: row[1] for row in load_workbook(io.BytesIO(body))["Summary"].iter_rows(values_only=True)}
    assert summary["Prepared by"] == "Northwind Insights"


# ---- permissions --------------------------------------------------------------------------------


def test_a_client_viewer_opens_and_downloads_but_does_not_build(history, actors):
    db, manager, client = history, actors["manager"], actors["client"]
    report = reports.create_report(db, manager, _spec(sections=("overview",)))
    db.commit()
    assert [r.id for r in reports.list_reports(db, client)] == [report.id]
    assert not reports.abilities(client).edit and reports.abilities(client).view
    with pytest.raises(PermissionDenied):
        reports.create_report(db, client, _spec())
    with pytest.raises(PermissionDenied):
        reports.update_report(db, client, report.id, _spec(name="Mine now"))
    with pytest.raises(PermissionDenied):
        reports.delete_report(db, client, report.id)
    with pytest.raises(PermissionDenied):
        report_schedules.save_schedule(db, client, report.id, ScheduleSpec(recipients=("c@example.com",)))
    _run, body = _made(db, client, report.id, "csv")
    assert "Overview" in body.decode("utf-8-sig")


def test_a_creator_builds_basic_reports_of_their_own_posts(history, actors):
    db, manager, creator = history, actors["manager"], actors["creator"]
    theirs = reports.create_report(db, manager, _spec(sections=("overview",)))
    with pytest.raises(ValidationFailed) as refused:
        reports.create_report(db, creator, _spec(sections=("overview", "heatmap")))
    assert refused.value.field == "sections"
    own = reports.create_report(db, creator, _spec(name="My posts", sections=("overview", "top_posts")))
    db.commit()
    assert [r.id for r in reports.list_reports(db, creator)] == [own.id]
    with pytest.raises(Exception) as hidden:
        reports.get_report(db, creator, theirs.id)
    assert hidden.type.__name__ == "NotFound"
    with pytest.raises(PermissionDenied):
        report_schedules.save_schedule(db, creator, own.id, ScheduleSpec(recipients=("me@example.com",)))
    _run, body = _made(db, creator, own.id, "csv")
    text = body.decode("utf-8-sig")
    assert "Latte art Thursday" in text and "Fresh beans at nine" not in text  # only the creator's post


def test_team_members_have_no_reports(history, actors):
    team = actors["team"]
    assert reports.abilities(team) == reports.Abilities()
    with pytest.raises(PermissionDenied):
        reports.list_reports(history, team)
    with pytest.raises(PermissionDenied):
        reports.create_report(history, team, _spec())


def test_the_builder_refuses_what_it_cannot_make(history, actors):
    manager = actors["manager"]
    for changes, field in (({"name": "  "}, "name"), ({"sections": ()}, "sections"),
                           ({"sections": ("overview", "gossip")}, "sections"), ({"metrics": ("vibes",)}, "metrics"),
                           ({"range_preset": "forever"}, "range_preset"), ({"start_on": None}, "start_on"),
                           ({"start_on": END, "end_on": START}, "end_date"), ({"networks": ("myspace",)}, "networks")):
        with pytest.raises(ValidationFailed) as refused:
            reports.create_report(history, manager, _spec(**changes))
        assert refused.value.field == field, changes
    report = reports.create_report(history, manager, _spec())
    with pytest.raises(ValidationFailed):
        reports.start_run(history, manager, report.id, "docx")


def test_a_run_in_progress_is_not_downloadable_and_too_many_at_once_wait(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec(sections=("overview",)))
    runs = [reports.start_run(history, manager, report.id, "csv") for _ in range(reports.MAX_ACTIVE_RUNS)]
    with pytest.raises(Conflict):
        reports.run_file(history, manager, runs[0].id)
    with pytest.raises(Conflict):
        reports.start_run(history, manager, report.id, "csv")


def test_progress_moves_up_as_the_sections_are_made(history, actors):
    manager = actors["manager"]
    report = reports.create_report(history, manager, _spec(sections=("overview", "reach", "networks")))
    history.commit()
    seen: list[int] = []
    start, end = reports.period_of(history, report)
    body = report_export.make_file(history, manager, report, "xlsx", start, end, seen.append)
    assert body and seen == sorted(seen) and seen[-1] == report_export.FIGURES_UNTIL and len(seen) == 3


# ---- periods and schedules ---------------------------------------------------------------------


def test_presets_cover_complete_days_before_today():
    today = date(2026, 5, 14)
    assert spec.period_for("last_7_days", today) == (date(2026, 5, 7), date(2026, 5, 13))
    assert spec.period_for("last_30_days", today) == (date(2026, 4, 14), date(2026, 5, 13))
    assert spec.period_for("last_month", today) == (date(2026, 4, 1), date(2026, 4, 30))
    assert spec.period_for("last_quarter", today) == (date(2026, 1, 1), date(2026, 3, 31))
    assert spec.period_for("last_quarter", date(2026, 1, 3)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert spec.period_for("custom", today, date(2026, 2, 1), date(2026, 2, 3)) == (date(2026, 2, 1), date(2026, 2, 3))


def test_weekly_sending_keeps_the_local_hour_across_daylight_saving():
    berlin = ZoneInfo("Europe/Berlin")
    before = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin (CET, UTC+1)
    following = spec.next_send_after("weekly", 0, 1, 9, berlin, before)
    assert following == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # clocks went forward on the 29th: CEST, UTC+2
    assert following.astimezone(berlin).hour == 9
    autumn = spec.next_send_after("weekly", 0, 1, 9, berlin, datetime(2026, 10, 20, 12, tzinfo=UTC))
    assert autumn == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # back to CET on the 25th
    assert spec.next_send_after("weekly", 2, 1, 9, berlin, datetime(2026, 3, 25, 7, 59, tzinfo=UTC)) == \
        datetime(2026, 3, 25, 8, 0, tzinfo=UTC)  # later the same day


def test_monthly_sending_takes_the_last_day_of_shorter_months():
    new_york = ZoneInfo("America/New_York")
    after = datetime(2026, 1, 31, 20, tzinfo=UTC)  # 15:00 on 31 January in New York: 08:00 has passed
    first = spec.next_send_after("monthly", 0, 31, 8, new_york, after)
    assert first == datetime(2026, 2, 28, 13, 0, tzinfo=UTC)  # EST, UTC-5
    second = spec.next_send_after("monthly", 0, 31, 8, new_york, first)
    assert second == datetime(2026, 3, 31, 12, 0, tzinfo=UTC)  # EDT since 8 March, UTC-4
    assert spec.next_send_after("monthly", 0, 1, 0, ZoneInfo("UTC"), datetime(2026, 12, 5, tzinfo=UTC)) == \
        datetime(2027, 1, 1, tzinfo=UTC)


def test_a_schedule_gets_its_next_sending_in_the_organizations_zone(history, actors):
    db, manager = history, actors["manager"]
    report = reports.create_report(db, manager, _spec(sections=("overview",)))
    schedule = report_schedules.save_schedule(db, manager, report.id, ScheduleSpec(
        frequency="weekly", weekday=4, hour=7, recipients=("Client@Example.com, boss@example.com",)))
    assert schedule.recipients == ["client@example.com", "boss@example.com"]
    assert schedule.next_run_at > utcnow() and schedule.next_run_at.weekday() == 4 and schedule.next_run_at.hour == 7
    for wrong, field in (({"recipients": ("not-an-email",)}, "recipients"), ({"recipients": ()}, "recipients"),
                         ({"formats": ("gif",)}, "formats"), ({"hour": 24}, "hour"),
                         ({"frequency": "daily"}, "frequency")):
        with pytest.raises(ValidationFailed) as refused:
            report_schedules.save_schedule(db, manager, report.id,
                                           ScheduleSpec(**{"recipients": ("a@example.com",), **wrong}))
        assert refused.value.field == field


@pytest.fixture
def smtp_inbox(monkeypatch):
    from aiosmtpd.controller import Controller

    from allin_app.core.config import settings

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{port}")
    yield inbox
    controller.stop()


def test_a_due_schedule_mails_the_report_with_its_files_once(history, actors, smtp_inbox):
    db, agency_owner = history, _user_and_actor(history, "agency@allin.demo", CLIENTS[0])[1]
    report = reports.create_report(db, agency_owner, _spec(name="Client report", sections=("overview", "networks")))
    schedule = report_schedules.save_schedule(db, agency_owner, report.id, ScheduleSpec(
        frequency="monthly", day_of_month=1, hour=8, recipients=("client@allin.demo", "owner@bloom.example"),
        formats=("pdf", "csv")))
    due = schedule.next_run_at
    db.commit()
    assert report_schedules.send_due_reports(due - timedelta(minutes=1)) == 0
    assert report_schedules.send_due_reports(due + timedelta(minutes=2)) == 1
    assert report_schedules.send_due_reports(due + timedelta(minutes=3)) == 0  # claimed: not sent twice
    recipients = ["client@allin.demo", "owner@bloom.example"]

    def reports_mailed():
        found = [e for e in smtp_inbox.envelopes if e.rcpt_tos[0] in recipients]
        return found if len(found) == 2 else None

    envelopes = wait_for(reports_mailed, 20)
    assert sorted(e.rcpt_tos[0] for e in envelopes) == recipients
    message = message_from_bytes(envelopes[0].content, policy=policy.default)
    assert "Client report" in message["Subject"] and CLIENTS[0] in message["Subject"]
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert len(files) == 2
    pdf = next(body for name, body in files.items() if name.endswith(".pdf"))
    assert pdf.startswith(b"%PDF") and len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert any(name.endswith(".csv") for name in files)
    db.expire_all()
    schedule = db.get(type(schedule), schedule.id)
    assert schedule.last_sent_at is not None and schedule.next_run_at > due + timedelta(days=27)
    runs = db.exec(select(ReportRun).where(ReportRun.schedule_id == schedule.id)).all()
    assert sorted(r.format for r in runs) == ["csv", "pdf"] and all(r.status == RunStatus.done for r in runs)
    wait_for(lambda: all(m.sent_at for m in db.exec(select(OutboxMail)).all()) or None, 20)
    attached = db.exec(select(OutboxAttachment).join(OutboxMail, OutboxMail.id == OutboxAttachment.mail_id)
                       .where(OutboxMail.to_email.in_(recipients))).all()
    assert len(attached) == 4


def test_a_schedule_of_someone_who_left_sends_nothing_and_says_why(history, actors, monkeypatch):
    from allin_app.core.config import settings
    from allin_app.orgs import team

    monkeypatch.setattr(settings, "smtp_url", "")
    db, manager = history, actors["manager"]
    report = reports.create_report(db, manager, _spec(sections=("overview",)))
    schedule = report_schedules.save_schedule(db, manager, report.id, ScheduleSpec(recipients=("c@example.com",)))
    agency_owner = _user_and_actor(db, "agency@allin.demo", CLIENTS[0])[1]
    team.remove_member(db, agency_owner, manager.org_id, manager.user_id)
    db.commit()
    assert report_schedules.send_due_reports(schedule.next_run_at + timedelta(minutes=1)) == 0
    db.expire_all()
    [run] = db.exec(select(ReportRun).where(ReportRun.schedule_id == schedule.id)).all()
    assert run.status == RunStatus.failed and run.error.startswith("Not sent")
    assert not db.exec(select(OutboxMail).where(OutboxMail.to_email == "c@example.com")).all()


def test_deleting_a_report_takes_its_schedules_runs_and_files(history, actors):
    db, manager = history, actors["manager"]
    report = reports.create_report(db, manager, _spec(sections=("overview",)))
    report_schedules.save_schedule(db, manager, report.id, ScheduleSpec(recipients=("c@example.com",)))
    db.commit()
    run, _body = _made(db, manager, report.id, "csv")
    path = reports.reports_dir() / run.file_path
    assert path.is_file()
    reports.delete_report(db, manager, report.id)
    db.commit()
    assert not path.exists() and reports.list_reports(db, manager) == []
    assert db.exec(select(ReportRun)).all() == []


def test_campaigns_show_their_return_where_conversions_are_recorded(history, actors):
    from allin_app.analytics import roi
    from allin_app.content import campaigns

    db, manager = history, actors["manager"]
    campaigns.create_campaign(db, manager, name="Roastery tour", starts_on=START.isoformat(),
                              ends_on=END.isoformat(), budget_cents=20_000)
    roi.record_conversions(db, manager, [{"external_id": "order-1", "value": "40.00", "utm_campaign": "Roastery tour",
                                          "occurred_at": (DAY0 + timedelta(days=2)).isoformat()}])
    report = reports.create_report(db, manager, _spec(sections=("campaigns",)))
    db.commit()
    _run, body = _made(db, manager, report.id, "xlsx")
    sheet = load_workbook(io.BytesIO(body))["Campaigns and ROI"]
    headers, *rows = list(sheet.iter_rows(values_only=True))
    [row] = [dict(zip(headers, values, strict=True)) for values in rows]
    revenue = next(h for h in headers if h.startswith("Revenue"))
    cost = next(h for h in headers if h.startswith("Cost ("))
    assert row["Campaign"] == "Roastery tour" and row["Conversions"] == 1
    assert (row[revenue], row[cost], row["ROI (%)"]) == (40.0, 200.0, -80.0)  # no costs entered: the budget counts


def test_the_demo_seed_has_the_agencys_monthly_report_for_its_client(seeded, actors):
    from allin_app.admin.seed import DEMO_REPORT, seed_demo_reports

    assert seed_demo_reports(seeded) and seed_demo_reports(seeded) == []
    [report] = reports.list_reports(seeded, actors["client"])
    assert report.name == DEMO_REPORT and report.range_preset == "last_month" and report.branding
    [schedule] = report_schedules.list_schedules(seeded, actors["manager"], report.id)
    assert schedule.recipients == ["client@allin.demo"] and schedule.formats == ["pdf"]

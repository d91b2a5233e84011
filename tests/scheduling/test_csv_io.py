"""CSV import (checked row by row before anything is saved) and the export of scheduled and published
posts, through the services and /api/v1/content/import|export."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import func, select

from allin_app.content import service as posts
from allin_app.content.models import Campaign, Post, PostStatus
from allin_app.core.clock import utcnow
from allin_app.core.errors import PermissionDenied, ValidationFailed
from allin_app.orgs.models import Organization
from allin_app.scheduling import csv_io, service
from allin_app.scheduling.models import PublishingSettings
from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.workflow.approval_helpers import approved_if_creator

HEADER = "text,accounts,scheduled_at,timezone,link,title,first_comment,campaign"


def _later(hours: int = 24, zone: str = "UTC", offset: bool = True) -> str:
    moment = (utcnow() + timedelta(hours=hours)).astimezone(ZoneInfo(zone)).replace(second=0, microsecond=0)
    return moment.isoformat() if offset else moment.strftime("%Y-%m-%d %H:%M")


def _file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def _handle(accounts) -> str:
    """Bloom's LinkedIn page as a CSV names it (the network has several accounts: its pages, a profile)."""
    return csv_io._handle(accounts["linkedin"])


def _post_count(db) -> int:
    return db.exec(select(func.count()).select_from(Post)).one()


def test_every_bad_row_is_reported_with_its_row_number_and_a_dry_run_saves_nothing(seeded, actors, accounts):
    seeded.add(Campaign(org_id=actors["manager"].org_id, name="Autumn blend"))
    handle = accounts["twitter"].handle.lstrip("@")
    data = _file(
        f"Good morning,twitter,{_later()},,https://bloom.example,,,Autumn blend",
        f",twitter,{_later()},,,,,",
        f"Hello,myspace:@nobody,{_later()},,,,,",
        "Hello,twitter,yesterday,,,,,",
        f"Old news,twitter,{(utcnow() - timedelta(days=2)).isoformat()},,,,,",
        f"{'x' * 300},@{handle},{_later()},,,,,",
        f"Hi,twitter,{_later()},,,,,No such campaign",
        f"Later,{_handle(accounts)};twitter,{_later(offset=False)},,,,,",
    )
    before = _post_count(seeded)
    preview = csv_io.preview_import(seeded, actors["manager"], data)
    errors = {row.number: " ".join(row.errors) for row in preview.rows}
    assert [row.number for row in preview.valid_rows] == [2, 9]
    assert "text is empty" in errors[3]
    assert "Unknown network in 'myspace:@nobody'" in errors[4]
    assert "Cannot read the time 'yesterday'" in errors[5]
    assert "has passed" in errors[6]
    assert "the limit is 280" in errors[7]
    assert "No campaign is named 'No such campaign'" in errors[8]
    assert preview.rows[-1].accounts == [f"linkedin:{_handle(accounts)}",
                                         f"twitter:@{handle}"]
    assert _post_count(seeded) == before


def test_confirming_imports_the_valid_rows_scheduled_in_one_go(seeded, actors, accounts):
    campaign = Campaign(org_id=actors["manager"].org_id, name="Autumn blend")
    seeded.add(campaign)
    seeded.flush()
    data = _file(
        f"Good morning,twitter,{_later(5)},,https://bloom.example,,First!,autumn blend",
        "Broken,twitter,not a time,,,,,",
        f"Draft only,{_handle(accounts)},,,,,,",
        f"Paris time,twitter,{_later(30, 'Europe/Paris', offset=False)},Europe/Paris,,,,",
    )
    result = csv_io.import_posts(seeded, actors["manager"], data)
    assert [row.number for row in result.skipped] == [3]
    first, draft, paris = result.posts
    assert (first.status, first.link, first.first_comment, first.campaign_id) == \
        (PostStatus.scheduled, "https://bloom.example", "First!", campaign.id)
    assert [t.status for t in posts.targets_of(seeded, first)] == [PostStatus.scheduled]
    assert draft.status == PostStatus.draft and draft.scheduled_at is None
    assert paris.timezone == "Europe/Paris"
    assert abs(paris.scheduled_at.replace(tzinfo=None) - (utcnow() + timedelta(hours=30)).replace(tzinfo=None)) \
        < timedelta(minutes=2)


def test_local_times_are_read_in_the_organizations_zone(seeded, actors, accounts):
    seeded.get(Organization, actors["manager"].org_id).timezone = "America/New_York"
    local = _later(48, "America/New_York", offset=False)
    row = csv_io.preview_import(seeded, actors["manager"], _file(f"NY,twitter,{local},,,,,")).rows[0]
    assert row.valid and row.when.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M") == local
    gap = csv_io.preview_import(seeded, actors["manager"], _file("NY,twitter,2030-03-10 02:30,,,,,")).rows[0]
    assert "does not exist in America/New_York" in gap.errors[0]


def test_an_organization_that_requires_approval_imports_drafts_only(seeded, actors, accounts):
    seeded.add(PublishingSettings(org_id=actors["manager"].org_id, require_approval=True))
    preview = csv_io.preview_import(seeded, actors["manager"], _file(f"Hi,twitter,{_later()},,,,,", "Hi,twitter,,,,,,"))
    assert "approved posts only" in preview.rows[0].errors[0] and preview.rows[1].valid


def test_nothing_to_import_is_refused_with_every_problem(seeded, actors, accounts):
    with pytest.raises(ValidationFailed) as refused:
        csv_io.import_posts(seeded, actors["manager"], _file("Hi,nowhere,,,,,,", ",twitter,,,,,,"))
    assert [e["field"] for e in refused.value.errors] == ["row 2", "row 3"]


def test_encodings_and_delimiters(seeded, actors, accounts):
    rows = [["text", "accounts", "scheduled_at"], ["Café ☕, \"fresh\"", f"x;linkedin:{_handle(accounts)}",
                                                   _later()]]
    for delimiter in (",", ";", "\t"):
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter).writerows(rows)
        for encoding in ("utf-8", "utf-8-sig", "utf-16"):
            preview = csv_io.preview_import(seeded, actors["manager"], out.getvalue().encode(encoding))
            assert [(r.text, len(r.accounts), r.valid) for r in preview.rows] == [("Café ☕, \"fresh\"", 2, True)], \
                (delimiter, encoding)
    with pytest.raises(ValidationFailed, match="not UTF-8"):
        csv_io.preview_import(seeded, actors["manager"], "text,accounts\nCafé,twitter".encode("latin-1"))
    with pytest.raises(ValidationFailed, match="lacks the column accounts"):
        csv_io.preview_import(seeded, actors["manager"], b"text,when\nHi,today")


def test_unknown_columns_are_named_and_network_columns_override_the_text(seeded, actors, accounts):
    data = _file(f"Short,Longer words for LinkedIn,twitter|linkedin:{_handle(accounts)},x",
                 header="text,text:linkedin,accounts,notes")
    preview = csv_io.preview_import(seeded, actors["manager"], data)
    assert preview.ignored_columns == ["notes"]
    assert preview.rows[0].draft.overrides == {"linkedin": "Longer words for LinkedIn"}


def test_size_and_row_limits(seeded, actors, accounts):
    with pytest.raises(ValidationFailed, match="at most 2 MB"):
        csv_io.preview_import(seeded, actors["manager"], b"text,accounts\n" + b"x" * csv_io.MAX_BYTES)
    many = _file(*["Hi,twitter"] * (csv_io.MAX_ROWS + 1), header="text,accounts")
    with pytest.raises(ValidationFailed, match="2,001 rows; import at most 2,000"):
        csv_io.preview_import(seeded, actors["manager"], many)


def test_creators_import_their_own_posts_and_clients_cannot_import(seeded, actors, accounts):
    result = csv_io.import_posts(seeded, actors["creator"], _file("Mine,twitter,,,,,,"))
    assert result.posts[0].author_user_id == actors["creator"].user_id
    assert result.posts[0].status == PostStatus.draft
    with pytest.raises(ValidationFailed, match="Creators publish approved content only"):  # nobody approved it yet
        csv_io.import_posts(seeded, actors["creator"], _file(f"Mine,twitter,{_later()},,,,,"))
    for who in ("client", "team"):
        with pytest.raises(PermissionDenied):
            csv_io.preview_import(seeded, actors[who], _file("Hi,twitter,,,,,,"))


def _scheduled(db, actor, accounts, text, hours=24):
    post = posts.create_post(db, actor, posts.PostDraft(text=text, account_ids=(accounts["twitter"].id,)))
    approved_if_creator(db, actor, post)
    return service.schedule_post(db, actor, post.id, utcnow() + timedelta(hours=hours)).post


def test_export_lists_scheduled_and_published_posts_in_range_and_is_safe_in_a_spreadsheet(seeded, actors, accounts):
    formula = _scheduled(seeded, actors["manager"], accounts, "=HYPERLINK(\"http://evil.example\")")
    far = _scheduled(seeded, actors["manager"], accounts, "Next month", hours=24 * 40)
    published = _scheduled(seeded, actors["manager"], accounts, "@everyone it is out", hours=2)
    published.status = PostStatus.published
    target = posts.targets_of(seeded, published)[0]
    target.status, target.published_at, target.url = PostStatus.published, utcnow(), "https://x.example/1"
    posts.create_post(seeded, actors["manager"], posts.PostDraft(text="A draft stays out"))
    today = utcnow().date()
    document = csv_io.export_posts(seeded, actors["manager"], "csv", today, today + timedelta(days=7))
    assert document.body.startswith(b"\xef\xbb\xbf") and document.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(document.body.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [published.id, formula.id]
    assert rows[0]["text"] == "'@everyone it is out" and rows[1]["text"].startswith("'=HYPERLINK")
    assert rows[0]["urls"] == "https://x.example/1" and rows[0]["published_at"] and rows[0]["networks"] == "twitter"
    assert rows[1]["scheduled_at_utc"].endswith("+00:00") and rows[1]["accounts"].startswith("twitter:@")
    whole = json.loads(csv_io.export_posts(seeded, actors["manager"], "json").body)
    assert {p["id"] for p in whole["posts"]} == {formula.id, far.id, published.id}
    assert whole["posts"][0]["text"] == "@everyone it is out"  # JSON is data, not a spreadsheet: kept as written


def test_who_may_export_what(seeded, actors, accounts):
    theirs = _scheduled(seeded, actors["manager"], accounts, "Manager's")
    mine = _scheduled(seeded, actors["creator"], accounts, "Creator's", hours=30)
    ids = {p["id"] for p in json.loads(csv_io.export_posts(seeded, actors["creator"], "json").body)["posts"]}
    assert ids == {mine.id} and theirs.id not in ids
    for who in ("client", "team"):
        with pytest.raises(PermissionDenied):
            csv_io.export_posts(seeded, actors[who], "csv")
    with pytest.raises(ValidationFailed, match="before the start"):
        csv_io.export_posts(seeded, actors["manager"], "csv", utcnow().date(), utcnow().date() - timedelta(days=1))


def test_api_previews_imports_and_exports(api, seeded, accounts):  # noqa: F811
    headers = bearer(api, "manager@allin.demo", "Manager123!@#")
    data = _file(f"From the API,twitter,{_later()},,,,,", "Bad,twitter,never,,,,,")
    dry = api.post("/api/v1/content/import?dry_run=true", headers=headers, files={"file": ("posts.csv", data)})
    assert dry.status_code == 200 and (dry.json()["valid"], dry.json()["invalid"]) == (1, 1)
    assert dry.json()["rows"][1]["row"] == 3 and "Cannot read the time" in dry.json()["rows"][1]["errors"][0]
    done = api.post("/api/v1/content/import", headers=headers, files={"file": ("posts.csv", data)})
    assert done.status_code == 200 and done.json()["imported"] == 1
    post_id = done.json()["post_ids"][0]
    assert api.get(f"/api/v1/content/{post_id}", headers=headers).json()["status"] == "scheduled"
    exported = api.get("/api/v1/content/export?format=json", headers=headers)
    assert exported.status_code == 200 and [p["id"] for p in exported.json()["posts"]] == [post_id]
    assert api.get("/api/v1/content/export?format=xml", headers=headers).status_code == 422
    client = bearer(api, "client@allin.demo", "Client123!@#")
    refused = api.post("/api/v1/content/import", headers=client, files={"file": ("posts.csv", data)})
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    nothing = api.post("/api/v1/content/import", headers=headers, files={"file": ("p.csv", b"text,accounts\n,x")})
    assert nothing.status_code == 422 and nothing.json()["errors"][0]["field"] == "row 2"

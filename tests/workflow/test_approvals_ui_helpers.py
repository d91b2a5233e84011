"""The approvals UI's pure helpers: stage labels, history rows, diff rows, link states, the workflow
editor's conversions. No database, no Reflex server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from allin_app.content.composer_view import DiffPart
from allin_app.workflow import approvals
from allin_app.workflow.review_rows import (
    decision_label,
    diff_rows,
    excerpt,
    history_rows,
    link_state,
    stage_label,
    status_label,
    submitted,
    text_previews,
)
from allin_app.workflow.workflows_state import (
    StageEdit,
    conditions_label,
    moved,
    spec_of,
    toggled,
    workflow_row,
)


@dataclass
class Decision:
    when: datetime
    who: str
    decision: str
    stage_name: str
    feedback: str
    version: int


NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_stage_label_counts_from_one():
    assert stage_label(1, 2, "Client review") == "Stage 2 of 2: Client review"
    assert stage_label(0, 1, "Review") == "Stage 1 of 1: Review"
    assert stage_label(None, 0, "Review") == "Review"


def test_history_rows_newest_first_in_the_org_zone_with_labels():
    history = [Decision(NOON, "Casey Creator", "submitted", "Internal review", "", 1),
               Decision(NOON + timedelta(hours=1), "Morgan Manager", "approved", "Internal review", "", 1),
               Decision(NOON + timedelta(hours=2), "Chris Client", "rejected", "Client review", "Too pushy", 1)]
    rows = history_rows(history, ZoneInfo("Europe/Berlin"))
    assert [r.who for r in rows] == ["Chris Client", "Morgan Manager", "Casey Creator"]
    assert rows[0].when == "26 Nov 2026 15:00"  # 14:00 UTC is 15:00 in Berlin
    assert (rows[0].label, rows[0].color, rows[0].feedback, rows[0].stage) == ("Rejected", "red", "Too pushy",
                                                                               "Client review")
    assert rows[2].label == "Submitted for review"


def test_fast_track_is_labelled_and_marked():
    assert decision_label("fast_tracked") == "Fast-tracked"
    row = history_rows([Decision(NOON, "Morgan Manager", "fast_tracked", "Review", "Launch today", 3)], ZoneInfo("UTC"))
    assert (row[0].label, row[0].color, row[0].version) == ("Fast-tracked", "purple", 3)


def test_submitted_is_the_latest_submission():
    history = [Decision(NOON, "Casey", "submitted", "A", "", 1), Decision(NOON, "Chris", "rejected", "B", "no", 1),
               Decision(NOON + timedelta(days=1), "Sam", "submitted", "A", "", 2)]
    assert submitted(history) == ("Sam", NOON + timedelta(days=1))
    assert submitted([]) == ("", None)


def test_diff_rows_keep_kinds_and_drop_empty_runs():
    parts = [DiffPart("same", "Fresh"), DiffPart("removed", "beans"), DiffPart("added", "roast"), DiffPart("same", "")]
    assert [(p.kind, p.text) for p in diff_rows(parts)] == [("same", "Fresh"), ("removed", "beans"),
                                                            ("added", "roast")]
    assert diff_rows(None) == []


def test_link_state():
    now = NOON
    assert link_state(now + timedelta(days=1), None, now) == "active"
    assert link_state(now - timedelta(seconds=1), None, now) == "expired"
    assert link_state(now + timedelta(days=1), now, now) == "revoked"
    assert link_state((now + timedelta(days=1)).replace(tzinfo=None), None, now) == "active"  # stored naive UTC


def test_labels_and_excerpt():
    assert status_label("changes_requested") == "Changes requested"
    assert status_label("") == "Not submitted"
    assert excerpt("word " * 100, 20).endswith("…") and len(excerpt("word " * 100, 20)) == 20
    assert excerpt("  two\n words ") == "two words"


def test_text_previews_per_network():
    cards = text_previews({"twitter": "Hello #coffee https://bloom.example"}, "Bloom Coffee Co.", ["/m/1.jpg"])
    assert [c.network for c in cards] == ["twitter"]
    assert cards[0].label == "X (Twitter)" and cards[0].name == "Bloom Coffee Co."
    assert [s.kind for s in cards[0].segments] == ["text", "hashtag", "text", "link"]
    assert cards[0].media == ["/m/1.jpg"] and cards[0].limit == 280


def test_workflow_editor_conversions():
    assert toggled(["a", "b"], "a") == ["b"] and toggled(["b"], "a") == ["b", "a"]
    stages = [StageEdit("Internal review"), StageEdit("Client review")]
    assert [s.name for s in moved(stages, 1, -1)] == ["Client review", "Internal review"]
    assert [s.name for s in moved(stages, 0, -1)] == ["Internal review", "Client review"]  # already first
    spec = spec_of(" Client sign-off ", True, ["instagram"], ["7", "x"], ["video"], ["agency_owner"],
                   [StageEdit(" Internal ", ["content_manager"], ["12"]), StageEdit("Client", [], ["5"])])
    assert spec.name == "Client sign-off" and spec.campaign_ids == (7,)
    assert spec.stages == (approvals.StageSpec("Internal", ("content_manager",), (12,)),
                           approvals.StageSpec("Client", (), (5,)))


def test_workflow_rows_say_what_they_apply_to():
    view = approvals.WorkflowView(3, "Video sign-off", True, 0, ["instagram", "tiktok"], [7], ["video"],
                                  ["agency_owner"], [approvals.StageView(0, "Client review", ["client_viewer"], [],
                                                                         "Client Viewer")])
    row = workflow_row(view, {"7": "Autumn blend"})
    assert row.conditions == "Instagram, TikTok · Autumn blend · Video"
    assert row.fast_track == "Agency Owner"
    assert [(s.name, s.approvers) for s in row.stages] == [("Client review", "Client Viewer")]
    everything = approvals.WorkflowView(4, "Default", True, 1, [], [], [], [], [])
    assert conditions_label(everything, {}) == "Every post"
    assert workflow_row(everything, {}).fast_track == "Nobody"

"""/api/v1/analytics/reports and /api/v1/analytics/posts/export: the report services over REST."""

from __future__ import annotations

import csv
import io
import time

from openpyxl import load_workbook

from tests.accounts.test_api_accounts import api, bearer  # noqa: F401  (fixture)
from tests.analytics.test_reports import END, START, history  # noqa: F401  (fixture)

MANAGER = ("manager@allin.demo", "Manager123!@#")
CLIENT = ("client@allin.demo", "Client123!@#")
TEAM = ("team@allin.demo", "Team123!@#")
BODY = {"name": "Weekly", "sections": ["overview", "top_posts"], "range_preset": "custom",
        "start_date": START.isoformat(), "end_date": END.isoformat()}


def test_a_manager_saves_a_report_and_a_client_downloads_it(api, history):  # noqa: F811
    manager = bearer(api, *MANAGER)
    made = api.post("/api/v1/analytics/reports", headers=manager, json=BODY)
    assert made.status_code == 201, made.text
    report = made.json()
    assert report["sections"] == ["overview", "top_posts"] and report["branding"] is True
    client = bearer(api, *CLIENT)
    listed = api.get("/api/v1/analytics/reports", headers=client).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == report["id"]
    answer = api.post(f"/api/v1/analytics/reports/{report['id']}/generate?format=xlsx", headers=client)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["content-disposition"].endswith(f'weekly-{START}-{END}.xlsx"')
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Summary", "Overview", "Top posts"]
    refused = api.post("/api/v1/analytics/reports", headers=client, json=BODY)
    assert refused.status_code == 403


def test_a_long_generation_answers_202_and_is_followed_to_its_file(api, history):  # noqa: F811
    headers = bearer(api, *MANAGER)
    report_id = api.post("/api/v1/analytics/reports", headers=headers, json=BODY).json()["id"]
    started = api.post(f"/api/v1/analytics/reports/{report_id}/generate?format=csv&wait=false", headers=headers)
    assert started.status_code == 202 and started.json()["status"] in ("queued", "running", "done")
    run_id = started.json()["id"]
    deadline = time.monotonic() + 30
    while (run := api.get(f"/api/v1/analytics/reports/runs/{run_id}", headers=headers).json())["status"] != "done":
        assert run["status"] != "failed" and time.monotonic() < deadline, run
        time.sleep(0.2)
    assert run["progress"] == 100 and run["download_url"].endswith(f"/runs/{run_id}/file")
    body = api.get(run["download_url"], headers=headers)
    assert body.status_code == 200 and b"Top posts" in body.content


def test_bad_input_and_other_roles_get_problem_answers(api, history):  # noqa: F811
    headers = bearer(api, *MANAGER)
    wrong = api.post("/api/v1/analytics/reports", headers=headers, json={**BODY, "sections": ["gossip"]})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "sections"
    report_id = api.post("/api/v1/analytics/reports", headers=headers, json=BODY).json()["id"]
    assert api.post(f"/api/v1/analytics/reports/{report_id}/generate?format=docx", headers=headers).status_code == 422
    assert api.get("/api/v1/analytics/reports/999999", headers=headers).status_code == 404
    assert api.get("/api/v1/analytics/reports/runs/999999", headers=headers).status_code == 404
    assert api.get("/api/v1/analytics/reports", headers=bearer(api, *TEAM)).status_code == 403
    assert api.get("/api/v1/analytics/reports").status_code == 401
    changed = api.put(f"/api/v1/analytics/reports/{report_id}", headers=headers, json={**BODY, "name": "Renamed"})
    assert changed.status_code == 200 and changed.json()["name"] == "Renamed"
    assert api.delete(f"/api/v1/analytics/reports/{report_id}", headers=headers).status_code == 204
    assert api.get(f"/api/v1/analytics/reports/{report_id}", headers=headers).status_code == 404


def test_posts_export_as_csv_and_json_for_those_who_may_take_the_data(api, history):  # noqa: F811
    headers = bearer(api, *MANAGER)
    period = f"start_date={START}&end_date={END}"
    as_csv = api.get(f"/api/v1/analytics/posts/export?{period}&format=csv", headers=headers)
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == 4 and {r["text"] for r in rows} == {"Fresh beans at nine", "Latte art Thursday",
                                                           "Our roastery tour"}
    as_json = api.get(f"/api/v1/analytics/posts/export?{period}&format=json&network=linkedin", headers=headers).json()
    assert len(as_json["items"]) == 2 and all(item["network"] == "linkedin" for item in as_json["items"])
    assert all(item["engagements"] >= 0 and "engagement_rate" in item for item in as_json["items"])
    assert api.get(f"/api/v1/analytics/posts/export?{period}", headers=bearer(api, *CLIENT)).status_code == 403
    assert "/api/v1/analytics/reports/{report_id}/generate" in api.get("/api/v1/openapi.json").json()["paths"]

"""Analytics > Reports: the client viewer opens the agency's monthly report (seeded), generates it as a PDF,
watches it being made and gets the file; they cannot build reports of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from allin_app.admin.seed import DEMO_REPORT

pytestmark = pytest.mark.browser


def test_a_client_viewer_downloads_the_monthly_report_as_a_pdf(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#nav-analytics")).to_be_visible()
    page.goto(f"{live_app.url}/analytics/reports")
    row = page.locator(".report-row", has_text=DEMO_REPORT)
    expect(row).to_be_visible()
    expect(page.locator("#new-report")).to_have_count(0)  # clients read reports; they do not build them
    expect(row.locator(".edit-report")).to_have_count(0)
    expect(page.locator("#report-format")).to_contain_text("PDF")
    with page.expect_download(timeout=120_000) as download:
        row.locator(".generate-report").click()
    assert download.value.suggested_filename.startswith("monthly-performance-")
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    run = page.locator(".run-row", has_text=DEMO_REPORT)
    expect(run).to_contain_text("Ready")
    with page.expect_download() as again:  # the file stays in "Recent files"
        run.locator(".download-run").click()
    assert Path(again.value.path()).read_bytes().startswith(b"%PDF")

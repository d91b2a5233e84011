"""Variants and A/B tests: a creator generates variants in the composer, uses one, starts the recommended test
and finds it under Analytics > A/B tests with each variant's prediction."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_creator_generates_variants_and_starts_an_ab_test(sign_in, live_app):
    page = sign_in("creator@allin.demo", "Creator123!@#")
    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").first.click()
    box = page.locator("#composer-text")
    box.click()
    box.press_sequentially("Our oat milk flat white is back this week at the shop #coffee", delay=5)
    expect(page.locator("#saved-note")).to_contain_text("Saved")
    expect(page).to_have_url(re.compile(r"/create\?post=\d+"))

    page.click("#open-variants")
    cards = page.locator(".variant-card")
    expect(cards).to_have_count(3, timeout=30_000)
    expect(page.locator("#variants-provider")).to_contain_text("Local (offline)")
    expect(page.locator(".recommended-badge")).to_have_count(2)
    expect(cards.first).to_contain_text("Predicted engagement")
    expect(cards.first).to_contain_text("Viral score")
    expect(page.locator("#variants-reason")).to_contain_text("Split by time")

    chosen = page.locator(".variant-card[data-key='B'] .variant-text").inner_text()
    page.locator(".variant-card[data-key='B'] .use-variant").click()
    expect(box).to_have_value(chosen)
    expect(page.locator("#saved-note")).to_contain_text("Saved")

    page.click("#open-variants")
    expect(cards).to_have_count(3, timeout=30_000)
    page.click("#start-ab-test")
    expect(page.locator("#variants-started")).to_contain_text("A/B test started: 2 posts made as drafts")

    page.click("#see-ab-tests")
    expect(page).to_have_url(re.compile(r"/analytics/ab-tests"))
    expect(page.locator("#analytics-tab-ab_tests")).to_be_visible()
    newest = page.locator(".ab-test").first
    expect(newest).to_contain_text("split by time", timeout=30_000)
    expect(newest.locator(".ab-variant")).to_have_count(2)
    expect(newest.locator(".ab-predicted").first).to_contain_text("%")
    expect(newest.locator(".ab-verdict")).to_contain_text("Not enough data yet")

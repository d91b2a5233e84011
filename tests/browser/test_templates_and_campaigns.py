"""Content > Templates and Campaigns in the browser: versions and restore; a campaign's budget bar and costs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_manager_writes_a_template_edits_it_and_restores_the_first_version(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-dashboard")).to_be_visible()
    page.goto(f"{live_app.url}/templates")
    expect(page.locator(".template-card", has_text="Product announcement")).to_have_count(1)

    page.click("#new-template")
    page.fill("#template-body-input", "This week: {{drink}} for {{ price }}!")
    page.click("#save-template")
    expect(page.locator("#template-name-error")).to_have_text("Give the template a name.")
    expect(page.locator("#template-body-input")).to_have_value("This week: {{drink}} for {{ price }}!")
    page.fill("#template-name-input", "Weekly special")
    page.click("#save-template")

    card = page.locator(".template-card", has_text="Weekly special")
    expect(card.locator(".template-variables")).to_have_text("Variables: drink, price")
    expect(card.locator(".template-version")).to_have_text("v1")
    expect(card.locator(".use-template")).to_have_attribute("href", re.compile(r"/create\?template=\d+$"))

    card.locator(".edit-template").click()
    page.fill("#template-body-input", "Only this week: {{drink}} at {{price}}.")
    page.click("#save-template")
    expect(card.locator(".template-version")).to_have_text("v2")
    expect(card.locator(".template-body")).to_have_text("Only this week: {{drink}} at {{price}}.")

    card.locator(".template-versions").click()
    expect(page.locator(".version-row")).to_have_count(2)
    page.click("#restore-version-1")
    expect(page.locator(".version-row")).to_have_count(3)
    page.keyboard.press("Escape")
    expect(card.locator(".template-version")).to_have_text("v3")
    expect(card.locator(".template-body")).to_have_text("This week: {{drink}} for {{ price }}!")


def test_manager_runs_a_campaign_with_a_budget_and_a_cost(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#nav-dashboard")).to_be_visible()
    page.goto(f"{live_app.url}/campaigns")
    page.click("#new-campaign")
    page.fill("#campaign-name", "Spring menu")
    page.fill("#campaign-goal", "200 newsletter sign-ups")
    page.fill("#campaign-starts_on", "2026-03-10")
    page.fill("#campaign-ends_on", "2026-03-01")
    page.fill("#campaign-budget", "1500")
    page.get_by_role("checkbox", name="Casey Creator").click()
    page.click("#save-campaign")
    expect(page.locator("#campaign-ends_on-error")).to_have_text("The end date comes before the start date.")
    expect(page.locator("#campaign-name")).to_have_value("Spring menu")
    page.fill("#campaign-ends_on", "2026-03-31")
    page.click("#save-campaign")

    expect(page).to_have_url(re.compile(r"/campaigns/\d+/?$"))
    expect(page.locator("#page-title")).to_have_text("Spring menu")
    expect(page.locator("#budget-total")).to_have_text("1,500.00")
    expect(page.locator("#budget-spent")).to_have_text("0.00")
    expect(page.locator(".team-member")).to_have_text(re.compile("Casey Creator"))
    expect(page.locator("#campaign-no-posts")).to_be_visible()

    page.fill("#cost-description", "Instagram ads")
    page.fill("#cost-amount", "twelve")
    page.click("#add-cost")
    expect(page.locator("#cost-amount-error")).to_contain_text("Enter an amount")
    page.fill("#cost-amount", "450.50")
    page.fill("#cost-spent-on", "2026-03-12")
    page.click("#add-cost")
    expect(page.locator(".cost-row")).to_have_count(1)
    expect(page.locator("#budget-spent")).to_have_text("450.50")
    expect(page.locator("#budget-bar")).to_have_attribute("aria-valuenow", "30")
    expect(page.locator("#budget-left")).to_have_text("1,049.50 left")

    page.reload()  # the campaign's own address loads on its own
    expect(page.locator("#budget-spent")).to_have_text("450.50")
    page.click("#delete-campaign")
    expect(page.locator("#delete-campaign-note")).to_contain_text("It has no posts.")
    page.click("#confirm-delete-campaign")
    expect(page).to_have_url(re.compile(r"/campaigns/?$"))
    expect(page.locator(".campaign-row", has_text="Spring menu")).to_have_count(0)


def test_a_client_viewer_reads_templates_and_campaigns_without_changing_them(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#nav-dashboard")).to_be_visible()
    page.goto(f"{live_app.url}/templates")
    expect(page.locator(".template-card").first).to_be_visible()
    expect(page.locator("#new-template")).to_have_count(0)
    expect(page.locator(".edit-template")).to_have_count(0)
    expect(page.locator(".use-template")).to_have_count(0)
    page.goto(f"{live_app.url}/campaigns")
    expect(page.locator("#page-title")).to_have_text("Campaigns")
    expect(page.locator("#new-campaign")).to_have_count(0)

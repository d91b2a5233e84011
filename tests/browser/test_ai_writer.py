"""The composer's AI assistant: write with the local provider, improve, hashtags, the brand voice check,
the "Before you publish" analysis and the best-time picks; a remote model streams into the panel, and
when it fails the text being written stays as it was."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.ai.fake_llm import FakeLLM, Reply

pytestmark = pytest.mark.browser


def _open_composer_on_x(page) -> None:
    page.click("#nav-create")
    page.locator(".account-choice[data-network='twitter']").click()


def test_creator_writes_with_the_local_assistant_and_checks_before_publishing(sign_in):
    page = sign_in("creator@allin.demo", "Creator123!@#")
    _open_composer_on_x(page)
    page.fill("#ai-prompt", "our autumn blend is back in every shop")
    page.click("#ai-generate")
    expect(page.locator("#ai-provider")).to_have_text("Local (offline)")
    answer = page.locator("#ai-answer")
    expect(answer).to_contain_text("#BloomCoffee")  # the demo brand's required hashtag
    written = answer.inner_text()
    page.click("#ai-use")
    expect(page.locator("#composer-text")).to_have_value(written)
    expect(page.locator("#saved-note")).to_contain_text("Saved")
    expect(page.locator(".char-counter[data-network='twitter']")).to_have_attribute("data-over", "no")

    page.locator("#composer-text").fill("Our cheap coffe is the the best in town, guys. " * 8)
    expect(page.locator(".char-counter[data-network='twitter']")).to_have_attribute("data-over", "yes")
    page.click("#ai-tab-brand")
    page.click("#ai-brand-check")
    expect(page.locator(".brand-flag[data-kind='avoided_word']").first).to_be_visible()
    expect(page.locator(".brand-flag[data-kind='missing_hashtag']")).to_contain_text("#BloomCoffee")

    page.click("#ai-tab-improve")
    page.click("#ai-proofread")
    expect(page.locator(".ai-fix").first).to_be_visible()
    expect(page.locator("#ai-answer")).to_contain_text("coffee")
    page.click("#ai-shorten")
    expect(page.locator("#ai-answer")).not_to_be_empty()
    page.click("#ai-use")
    expect(page.locator(".char-counter[data-network='twitter']")).to_have_attribute("data-over", "no")

    page.click("#ai-tab-tags")
    page.click("#ai-suggest")
    first_tag = page.locator(".ai-hashtag").first
    expect(first_tag).to_be_visible()
    tag = first_tag.inner_text()
    first_tag.click()
    expect(page.locator("#composer-text")).to_have_value(re.compile(re.escape(tag)))

    page.click("#insight-analyze")
    expect(page.locator("#insight-score")).to_contain_text("/ 100")
    expect(page.locator("#insight-rate")).to_contain_text("%")
    expect(page.locator("#insight-viral")).to_contain_text("/ 100")
    expect(page.locator("#insight-rate-note")).not_to_be_empty()

    page.click("#open-schedule")
    pick = page.locator(".best-time").first
    expect(pick).to_be_visible()
    pick.click()
    expect(page.locator("#schedule-at")).not_to_have_value("")
    expect(page.locator("#best-times-note")).not_to_be_empty()


@contextmanager
def _bloom_uses(live_app, base_url: str):
    """Point Bloom Coffee's AI at `base_url` for the test, then back at the default."""
    from allin_app.ai import org_settings
    from allin_app.auth import service as auth
    from allin_app.orgs import service as orgs

    def save(url: str, model: str) -> None:
        with live_app.db() as db:
            bloom = orgs.actor_for(db, auth.find_user_by_email(db, "manager@allin.demo")).org_id
            agency = orgs.actor_for(db, auth.find_user_by_email(db, "agency@allin.demo"), bloom)
            org_settings.save_settings(db, agency, bloom, url, model)
            db.commit()

    save(base_url, "demo-model")
    try:
        yield
    finally:
        save("", "")


def test_a_remote_model_streams_into_the_panel_and_a_failure_keeps_the_text(sign_in, live_app):
    fake = FakeLLM().start()
    fake.script(Reply(stream=["Fresh ", "roasts ", "every ", "morning ", "at ", "Bloom."], chunk_pause=0.8),
                Reply(status=500))
    try:
        with _bloom_uses(live_app, fake.base_url):
            page = sign_in("manager@allin.demo", "Manager123!@#")
            _open_composer_on_x(page)
            page.fill("#ai-prompt", "fresh roasts every morning")
            page.click("#ai-generate")
            expect(page.locator("#ai-provider")).to_contain_text("demo-model")
            expect(page.locator("#ai-answer")).to_contain_text("Fresh roasts")
            expect(page.locator("#ai-use")).to_have_count(0)  # still streaming: nothing to take yet
            expect(page.locator("#ai-answer")).to_contain_text("Fresh roasts every morning at Bloom.", timeout=20_000)
            page.click("#ai-use")
            expect(page.locator("#composer-text")).to_have_value(re.compile(r"^Fresh roasts every morning at Bloom"))
            kept = page.locator("#composer-text").input_value()

            page.click("#ai-tab-improve")
            page.click("#ai-expand")
            expect(page.locator("#ai-error")).to_contain_text("did not answer", timeout=20_000)
            expect(page.locator("#ai-error")).to_contain_text("Your text is kept")
            expect(page.locator("#composer-text")).to_have_value(kept)
    finally:
        fake.stop()


def test_a_client_reviewing_a_post_sees_its_viral_potential_only(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/approvals")
    page.locator(".awaiting-row .open-awaiting").first.click()  # the seed leaves one post at client review
    outlook = page.locator("#review-outlook")
    expect(outlook.locator("#outlook-viral")).to_contain_text("/ 100")
    expect(outlook.locator(".insight-factor").first).to_be_visible()
    expect(outlook.locator("#outlook-rate")).to_have_count(0)
    expect(outlook.locator("#outlook-score")).to_have_count(0)


def test_the_manager_sees_what_goes_with_higher_engagement(sign_in, live_app):
    page = sign_in("manager@allin.demo", "Manager123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/analytics")
    card = page.locator("#engagement-factors")
    expect(card.locator(".factor-row").first).to_be_visible(timeout=15_000)
    expect(card.locator(".factor-row").first).to_contain_text("%")


def test_a_client_viewer_gets_no_engagement_factor_analysis(sign_in, live_app):
    page = sign_in("client@allin.demo", "Client123!@#")
    expect(page.locator("#sidebar-nav")).to_be_visible()
    page.goto(f"{live_app.url}/analytics")
    expect(page.locator("#analytics-kpis")).to_be_visible()
    expect(page.locator("#engagement-factors")).to_have_count(0)

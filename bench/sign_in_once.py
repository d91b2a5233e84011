"""Signs the agency demo login in once at http://localhost:3009 with Chromium (load for bench/startup.sh)."""

from playwright.sync_api import expect, sync_playwright

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
    page = browser.new_page()
    page.goto("http://localhost:3009/auth/login")
    page.fill("#email", "agency@allin.demo")
    page.fill("#password", "Agency123!@#")
    page.click("#sign-in")
    expect(page.locator("#sidebar-nav")).to_be_visible(timeout=30_000)
    browser.close()

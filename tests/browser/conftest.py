"""Chromium through Playwright against the live server; axe-core for WCAG 2.1 AA."""

import os
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import Browser, Page, sync_playwright

from tests.accounts.signin import totp_code
from tests.personas import PASSWORD, County

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The browser tests run once, on PostgreSQL (issue 8: the suite runs on both databases, and what
    a browser sees does not depend on which one). SAMVERKAN_BROWSER_ON_SQLITE=1 runs them on SQLite."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") or os.environ.get("SAMVERKAN_BROWSER_ON_SQLITE"):
        return
    skip = pytest.mark.skip(reason="browser tests run on PostgreSQL (`make pytest-postgres`)")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def county(transactional_db) -> County:
    cache.clear()  # allauth remembers used TOTP codes in the cache; the cache table outlives a test
    return County()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the product's own pages never need inline script.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page: Page, username: str) -> None:
    """Through allauth's real pages: user name and password, then the authenticator's code."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", totp_code())
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def assert_accessible(page: Page) -> None:
    """No WCAG 2.1 A/AA violations on the page as it is now (axe-core)."""
    page.add_script_tag(content=AXE_JS)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(violations)


def set_language(page: Page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.url}])

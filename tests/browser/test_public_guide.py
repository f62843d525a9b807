"""The public guide on a phone (390 px): the questions, an answer, a wrong answer explained; and a
knowledge page for staff. axe-core (WCAG 2.1 AA) on every state; no sideways scrolling."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, Page

from knowledge.models import Visibility
from knowledge.services import PageContent, knowledge_page_create
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.directory.world import GuideCounty

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 390 px"


def _phone(browser: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, device_scale_factor=2, bypass_csp=True,
                                  locale="sv-SE")  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_guide_on_a_phone(browser, live_server, transactional_db) -> None:
    cache.clear()
    GuideCounty()
    page = _phone(browser, live_server)
    page.goto("/hjalp/")
    set_language(page, "en")
    page.reload()
    _no_sideways_scroll(page)
    assert_accessible(page)

    # Nothing chosen: the error summary names each question and links to it.
    page.click("main form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.locator(".error-summary li").count() == 5
    _no_sideways_scroll(page)
    assert_accessible(page)

    page.select_option("#id_municipality", "2281")
    page.fill("#id_age", "40")
    page.check("#id_whom_0")
    page.check("input[name=concern][value=alcohol]")
    page.check("input[name=urgency][value=emergency]")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".guide-answer")
    assert "municipality=2281" in page.url and "age=40" in page.url
    emergency = page.locator(".guide-emergency a.call").first
    assert emergency.get_attribute("href") == "tel:112"
    first = page.locator(".guide-units .guide-unit").first
    assert "Gemensam mottagning Guideby" in first.inner_text()
    assert first.locator("a.call").get_attribute("href") == "tel:0701740605"
    assert page.locator("a[href='/hjalp/sjalvtest/']").count() == 1
    assert page.context.cookies() == [
        c for c in page.context.cookies() if c["name"] in {"csrftoken", "django_language"}
    ]
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.context.close()


def test_a_knowledge_page_for_staff(page: Page, county) -> None:  # type: ignore[no-untyped-def]
    content = PageContent(
        "Alkohol: riskbruk, skadligt bruk och beroende hos vuxna",
        "# Vem gör vad\n\n- Primärvården frågar om alkohol.\n\n| Insats | Ansvarig |\n|---|---|\n| LARO | Regionen |",
        county.analyst, timezone.localdate() + datetime.timedelta(days=100), ["nurse"], Visibility.STAFF, "Första.",
    )  # fmt: skip
    knowledge = knowledge_page_create(content=content, author=county.analyst)
    sign_in(page, county.nurse.username)
    page.goto("/knowledge/")
    assert_accessible(page)
    page.fill("#id_q", "alkohol")
    page.click("form[role=search] button")
    page.click(f"a[href='/knowledge/{knowledge.slug}/']")
    page.wait_for_selector("article.knowledge-body h2")
    assert page.locator("article.knowledge-body td").first.inner_text() == "LARO"
    assert_accessible(page)

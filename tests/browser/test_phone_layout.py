"""At 390 px (a phone): no sideways scrolling on the staff directory and the log review, each
stacked table cell keeps its column's label, and phone numbers and dates stay on one line."""

import pytest
from playwright.sync_api import Page

from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record
from individuals.identity import parse_identity_number
from individuals.services import individual_register
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _check(page: Page, path: str) -> None:
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
        " document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390 px: {wide}"
    cells = page.locator("main table tbody tr:first-child td[data-label]")
    assert cells.count() >= 3, f"{path}: the stacked cells have no column labels"
    shown = page.evaluate(
        "() => [...document.querySelectorAll('main table tbody tr:first-child td[data-label]')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert any(label.strip('"') for label in shown if label != "none"), shown
    # One value, one line: a phone number or a date never breaks inside.
    nowrap = page.locator("main table td.nowrap")
    assert nowrap.count() >= 1, f"{path}: no phone number or date kept on one line"
    heights = page.evaluate(
        "() => [...document.querySelectorAll('main table td.nowrap')].map(td => {"
        " const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; })"
    )
    assert all(lines == 1 for lines in heights), f"{path}: a value wraps: {heights}"
    assert_accessible(page)


def test_staff_directory_and_log_review_on_a_phone(browser, live_server, county) -> None:
    county.social_worker.work_phone = "070-174 06 51"
    county.social_worker.save()
    worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
    person = individual_register(
        number=parse_identity_number("19121212-1212"), first_name="Fia", last_name="Fiktiv", municipality=None,
        unit=county.adult_unit, contact_kind="investigation", actor=worker,
    )  # fmt: skip
    audit_record(actor=worker, action=Action.READ, ground=Ground.RELATION, individual_id=person.pk)
    audit_record(actor=worker, action=Action.READ, outcome=Outcome.DENIED, individual_id=person.pk)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, county.manager.username)
    _check(page, "/staff/")
    _check(page, "/audit/review/")
    context.close()


def test_the_demo_guide_on_a_phone(browser, live_server, county, settings) -> None:
    settings.DEMO_MODE = True
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, device_scale_factor=2, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    guide = page.get_by_test_id("demo-guide")
    assert "demo.unit_manager" in guide.inner_text() and "19800101-D001" in guide.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the sign-in page scrolls sideways by {overflow}px"
    assert_accessible(page)
    page.fill("input[name=login]", county.social_worker.username)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("main button[type=submit]")
    page.wait_for_url("**/2fa/authenticate/**")
    assert "make demo-code" in page.get_by_test_id("demo-guide").inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the second-factor page scrolls sideways by {overflow}px"
    assert_accessible(page)
    context.close()

"""The public self-test on a phone (390 px): anonymous, passes axe on the index, the form, the
form with errors and the result; AUDIT filled in by tapping the answers shows the zone and advice."""

import pytest
from playwright.sync_api import Browser, Page

from organisations.models import UnitType
from screening.loader import load_instruments
from tests.browser.conftest import assert_accessible
from tests.factories import UnitFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 390 px"


def _tap(page: Page, item: int, option: str) -> None:
    """Taps the answer's label (the whole row is the target), as a thumb would."""
    page.locator(f"fieldset:has(input[name=item_{item}]) label.choice", has_text=option).first.click()


def test_audit_on_a_phone(browser: Browser, live_server, transactional_db) -> None:  # type: ignore[no-untyped-def]
    load_instruments()  # a transactional test flushes the migration's rows: load them for this one
    UnitFactory(name="Samtalsmottagningen Exempel", unit_type=UnitType.JOINT_RECEPTION, phone="060-19 20 00")
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        bypass_csp=True, locale="sv-SE",
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto("/hjalp/sjalvtest/")
    _no_sideways_scroll(page)
    assert_accessible(page)
    page.locator("a[href='/hjalp/sjalvtest/audit/']").click()
    page.wait_for_url("**/hjalp/sjalvtest/audit/")
    _no_sideways_scroll(page)
    assert_accessible(page)

    # Large targets: every answer row is at least 44 px high.
    heights = page.evaluate(
        "() => [...document.querySelectorAll('label.choice')].map(l => l.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44, min(heights)

    # Submitting with two questions unanswered: the error summary links to them, nothing is lost.
    _tap(page, 1, "2–4 gånger i månaden")
    page.locator("button.selftest-submit").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert summary.locator("a").count() == 9
    assert page.locator("#item_1-2").is_checked()
    assert_accessible(page)

    seldom = "Mer sällan än en gång i månaden"
    answers = {2: "3–4", 3: seldom, 4: "Aldrig", 5: "Aldrig", 6: "Aldrig", 7: seldom, 8: "Aldrig", 9: "Nej",
               10: "Ja, men inte under det senaste året"}  # fmt: skip
    for item, option in answers.items():
        _tap(page, item, option)
    page.locator("label.choice", has_text="Kvinna").click()
    page.fill("#age", "45")
    page.locator("button.selftest-submit").click()

    # 2 + 1 + 1 + 0 + 0 + 0 + 1 + 0 + 0 + 2 = 7: hazardous use for a woman (6–13, the Swedish manual).
    card = page.locator(".result-card")
    assert "7" in card.locator(".result-total").inner_text()
    assert card.locator(".result-zone").inner_text() == "Riskbruk"
    assert "riskbruk" in card.inner_text()
    assert page.locator("text=Samtalsmottagningen Exempel").is_visible()
    assert page.locator("a[href='tel:060192000']").count() == 1
    _no_sideways_scroll(page)
    assert_accessible(page)
    assert not [c for c in context.cookies() if c["name"] == "sessionid"]
    context.close()

"""The live personal-data check (core/_text_check.html) in a real browser: typing a personnummer
shows what to remove and where in the field's polite live region, removing it clears the region,
and the server refuses it on save with the text kept; axe on every state."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

REGION = "#id_description-findings"


def test_the_live_check_as_the_user_types_and_on_save(page: Page, county, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.core.text_check_urls"
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, county.social_worker.username)
    page.goto("/test-text-check/")
    assert page.locator(REGION).get_attribute("aria-live") == "polite"
    field = page.locator("#id_description")
    field.click()
    field.press_sequentially("Klienten 19121212-1212 ringde från 070-123 45 67.", delay=5)
    expect(page.locator(f"{REGION} li.text-check__blocking")).to_have_count(1)
    expect(page.locator(f"{REGION} li.text-check__warning")).to_have_count(1)
    expect(field).to_be_focused()  # the region's update leaves the typing where it was
    region = page.locator(REGION).inner_text()
    assert "10–22" in region and "36–48" in region
    assert "1212" not in region
    assert_accessible(page)

    page.click("main button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(field).to_have_value("Klienten 19121212-1212 ringde från 070-123 45 67.")  # kept as typed
    assert "10–22" in page.locator(".error-summary").inner_text()
    assert page.locator("#saved").count() == 0
    assert_accessible(page)

    field.fill("")
    field.press_sequentially("Klienten ringde från växeln.", delay=5)
    expect(page.locator(f"{REGION} li")).to_have_count(0)
    page.click("main button[type=submit]")
    expect(page.locator("#saved")).to_be_visible()
    assert problems == []

"""A nurse gives AUDIT on a tablet (820×1180), one question per screen, sees the zone and the advice,
records brief advice, and the chart appears on the individual's page; axe on every page."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from individuals.models import Individual
from screening.loader import load_instruments
from screening.models_care import Result
from tests.browser.conftest import assert_accessible, sign_in
from tests.screening.care_world import person

pytestmark = pytest.mark.browser

# Total 7: hazardous use for a woman (Swedish zones: women 6–13). Option index per item.
CHOICES = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]


def test_a_nurse_gives_audit_on_a_tablet(page: Page, county) -> None:  # type: ignore[no-untyped-def]
    load_instruments()  # the data migration's rows do not survive another browser test's flush
    alva: Individual = person(county, 613, born=datetime.date(1981, 2, 3))
    page.set_viewport_size({"width": 820, "height": 1180})
    sign_in(page, county.nurse.username)
    page.goto(alva.get_absolute_url())
    expect(page.locator("section[data-section=screening]")).to_be_visible()
    page.locator(f"a[href='{reverse('screening:give_choose', args=[alva.uuid])}']").click()
    assert_accessible(page)
    page.locator("a[href$='/audit/?steps=1']").click()
    # One question per screen: the setup step first, then each item with Next.
    steps = page.locator("[data-step]")
    expect(steps.nth(0)).to_be_visible()
    expect(steps.nth(1)).to_be_hidden()
    assert_accessible(page)
    next_button = page.locator(".screening-steps-nav button").nth(1)
    next_button.click()
    for index, choice in enumerate(CHOICES, start=1):
        option = page.locator(f"label[for=id_item_{index}_{choice}]")
        expect(option).to_be_visible()
        box = option.bounding_box()
        assert box is not None and box["height"] >= 44, "touch targets of at least 44 px"
        option.click()
        if index < len(CHOICES):
            next_button.click()
            expect(page.locator(f"#id_item_{index + 1}")).to_be_focused()
    assert_accessible(page)
    page.locator(".screening-submit button").click()
    expect(page.locator("[data-testid=zone]")).to_contain_text("Riskbruk")
    expect(page.locator("[data-testid=advice]")).not_to_have_text("–")
    expect(page.locator("[data-testid=total]")).to_have_text("7 / 40")
    assert_accessible(page)
    page.locator("label[for=id_brief_advice_0]").click()
    page.locator("#id_method").select_option("motivational_interviewing")
    page.locator("form[action$='/advice/'] button[type=submit]").click()
    expect(page.locator("[data-testid=advice-recorded]")).to_be_visible()
    assert_accessible(page)
    result = Result.objects.get()
    assert (result.total, result.zone, result.brief_advice) == (7, "hazardous", True)
    page.goto(alva.get_absolute_url())
    chart = page.locator("[data-testid=chart-audit]")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    expect(page.locator("section[data-section=screening] table").first).to_contain_text("7")
    assert_accessible(page)

"""Agreements in a real browser (PostgreSQL, axe): the responsibility matrix and its search, an
agreement's page, the unit page with what it offers, and the staff directory's unit search."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from agreements import services
from agreements.interventions import INTERVENTION_TYPES
from agreements.models import InterventionType
from tests.agreements.helpers import actor_of, make_agreement, make_row
from tests.browser.conftest import assert_accessible, set_language, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def agreement(county):  # type: ignore[no-untyped-def]
    # The browser tests' database is emptied between tests, the data migration's list with it.
    for order, (code, sv, en, responsibility) in enumerate(INTERVENTION_TYPES):
        InterventionType.objects.get_or_create(
            code=code, defaults={"name_sv": sv, "name_en": en, "responsibility": responsibility, "order": order}
        )
    agreement = make_agreement(county, target_groups="Barn och unga\nGravida kvinnor",
                               dispute_path="Linjeorganisationen\nSamverkansnivån")  # fmt: skip
    row = make_row(county, agreement, "withdrawal-treatment", "region")
    services.provision_set(responsibility=row, unit=county.addiction_unit,
                           municipalities=[county.sundsvall, county.harnosand], actor=actor_of(county))  # fmt: skip
    county.addiction_unit.how_to_refer = "Remiss från vårdcentralen"
    county.addiction_unit.save()
    return agreement


def test_the_matrix_and_its_search(page: Page, county, agreement) -> None:
    sign_in(page, county.social_worker.username)
    set_language(page, "en")
    page.goto(reverse("agreements:matrix"))
    expect(page.locator("table.matrix th[scope=col]", has_text="Härnösands kommun")).to_be_visible()
    expect(page.locator("table.matrix th[scope=row]", has_text="Withdrawal treatment")).to_be_visible()
    assert_accessible(page)
    page.select_option("#id_intervention", "withdrawal-treatment")
    page.select_option("#id_municipality", "2280")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/agreements/matrix/who/**")
    results = page.locator("#results")
    expect(results).to_contain_text(county.addiction_unit.name)
    expect(results).to_contain_text("Remiss från vårdcentralen")
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(reverse("agreements:matrix"))
    assert_accessible(page)


def test_an_agreement_page_and_the_unit_page(page: Page, county, agreement) -> None:
    sign_in(page, county.manager.username)
    set_language(page, "en")
    page.goto(agreement.get_absolute_url())
    expect(page.locator("h1")).to_have_text(agreement.title)
    expect(page.locator("main")).to_contain_text("Gravida kvinnor")
    assert_accessible(page)
    page.goto(county.addiction_unit.get_absolute_url())
    expect(page.get_by_test_id("unit-offers")).to_contain_text("Withdrawal treatment")
    assert_accessible(page)
    page.goto(county.adult_unit.get_absolute_url())
    page.get_by_role("button", name="Confirm the page is current").click()
    expect(page.get_by_test_id("confirmed")).not_to_have_text("Never")
    assert_accessible(page)


def test_the_staff_directorys_unit_search_as_you_type(page: Page, county) -> None:
    sign_in(page, county.social_worker.username)
    set_language(page, "en")
    page.goto(reverse("staff_list"))
    assert_accessible(page)
    field = page.get_by_role("combobox", name="Unit")
    field.press_sequentially("Beroende", delay=30)
    option = page.get_by_role("option", name=county.addiction_unit.name)
    expect(option).to_be_visible()
    expect(field).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    field.press("ArrowDown")
    field.press("Enter")
    expect(page.locator("#results")).to_contain_text(county.nurse.get_full_name())
    expect(page.locator("#results")).not_to_contain_text(county.social_worker.get_full_name())

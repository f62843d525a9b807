"""The county administrator's instrument versions page passes axe, and a broken definition is
shown back with its problems named."""

import pytest
from playwright.sync_api import Page

from screening.loader import load_instruments
from tests.browser.conftest import assert_accessible, sign_in
from tests.personas import County

pytestmark = pytest.mark.browser


def test_versions_page_and_a_refused_definition(page: Page, county: County) -> None:
    load_instruments()  # a transactional test flushes the migration's rows: load them for this one
    sign_in(page, county.admin.username)
    page.goto("/screening/instruments/")
    assert page.locator("h2", has_text="AUDIT-C").count() == 1
    assert_accessible(page)
    page.locator("a[href='/screening/instruments/new/?instrument=pgsi']").click()
    page.fill("#id_version", "2")
    definition = page.locator("#id_definition").input_value()
    assert '"Nästan alltid"' in definition
    page.fill("#id_definition", definition.replace('"problem": 8', '"problem": 2'))
    page.locator("main button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert "starts must rise" in page.locator(".errorlist").first.inner_text()
    assert_accessible(page)

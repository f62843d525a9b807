"""A social worker finds an individual by number, takes them on, records consent, opens the page."""

import pytest
from playwright.sync_api import Page, expect

from audit.models import Action, AuditEntry
from individuals.models import Consent
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_find_register_consent_and_page(page: Page, county) -> None:
    sign_in(page, county.social_worker.username)
    page.get_by_role("link", name="Enskilda").click()
    assert_accessible(page)
    page.get_by_label("Personnummer, samordningsnummer eller reservnummer").first.fill("19121212-1212")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="Ingen enskild som du har åtkomst till")).to_be_visible()
    assert "1212" not in page.url  # the number never goes into a URL
    assert_accessible(page)
    form = page.locator("form[action$='/register/']")
    form.get_by_label("Förnamn").fill("Fia")
    form.get_by_label("Efternamn").fill("Fiktiv")
    form.get_by_role("button", name="Registrera och öppna kontakt").click()
    expect(page.locator("h1")).to_have_text("Fia Fiktiv")
    assert_accessible(page)
    page.get_by_role("link", name="Registrera samtycke").click()
    assert_accessible(page)
    page.get_by_label("Den enskilde").check()
    page.get_by_label("För att upprätta en samordnad individuell plan (SIP)").check()
    page.get_by_label(county.addiction_unit.name).check()
    page.get_by_label(county.adult_unit.name).check()
    page.get_by_label("Skriftligt").check()
    page.get_by_label("Gäller från").fill("2026-01-01")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_have_text("Fia Fiktiv")
    expect(page.get_by_role("heading", name="Gällande samtycke")).to_be_visible()
    expect(page.locator("article.consent")).to_contain_text("upprätta en samordnad individuell plan (SIP)")
    assert_accessible(page)
    assert Consent.objects.filter(for_sip=True, withdrawn_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action=Action.SEARCH).count() == 1
    assert AuditEntry.objects.filter(action=Action.READ, user=county.social_worker).exists()

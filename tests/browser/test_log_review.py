"""A unit manager reviews the log, marks entries, protects an individual and prints a log extract."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from audit.models import Action, AuditEntry, AuditReview, Ground
from audit.services import Actor, audit_record
from individuals.identity import parse_identity_number
from individuals.services import individual_register
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def individual(county):  # type: ignore[no-untyped-def]
    worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
    person = individual_register(
        number=parse_identity_number("19121212-1212"), first_name="Fia", last_name="Fiktiv", municipality=None,
        unit=county.adult_unit, contact_kind="investigation", actor=worker,
    )  # fmt: skip
    colleague = Actor(user_id=county.colleague.pk, unit_id=county.adult_unit.pk, role="therapist")
    audit_record(actor=colleague, action=Action.EMERGENCY_ACCESS, ground=Ground.EMERGENCY, individual_id=person.pk)
    audit_record(actor=worker, action=Action.READ, ground=Ground.RELATION, individual_id=person.pk)
    return person


def test_manager_reviews_the_log_and_prints_an_extract(page: Page, county, individual) -> None:
    sign_in(page, county.manager.username)
    expect(page.get_by_test_id("review-queue")).to_contain_text("1 nödåtkomst vid dina verksamheter väntar")
    assert_accessible(page)
    page.get_by_role("link", name="Loggranskning").click()
    expect(page.locator("h1")).to_have_text("Loggranskning")
    assert_accessible(page)
    first_row = page.locator("table.log-review tbody tr").first
    expect(first_row).to_contain_text("Nödåtkomst")
    expect(first_row).to_contain_text("Colleague")
    assert "Fiktiv" not in page.content()  # the review names no individual

    page.get_by_label("Grund").select_option("emergency")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("table.log-review tbody tr")).to_have_count(1)
    assert "ground=emergency" in page.url
    page.locator("table.log-review tbody input[type=checkbox]").check()
    page.get_by_label("Kommentar").fill("Nödåtkomsten var befogad.")
    page.get_by_role("button", name="Markera som granskade").click()
    expect(page.locator(".messages")).to_contain_text("1 poster markerade som granskade")
    expect(page.locator("table.log-review tbody tr").first).to_contain_text("Nödåtkomsten var befogad.")
    assert "ground=emergency" in page.url  # the filters are kept
    assert_accessible(page)
    assert AuditReview.objects.get().comment == "Nödåtkomsten var befogad."

    page.get_by_label("Från").fill("2026-06-02")
    page.get_by_label("Till").fill("2026-06-01")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator(".error-summary")).to_contain_text("Periodens slut får inte vara före dess början.")
    assert_accessible(page)

    page.get_by_role("link", name="Loggutdrag för en enskild").click()
    assert_accessible(page)
    page.get_by_label("Personnummer, samordningsnummer eller reservnummer").fill("19121212-1212")
    page.get_by_role("button", name="Sök").click()
    expect(page.locator("h1")).to_have_text("Loggutdrag för Fia Fiktiv")
    assert "1212" not in page.url
    expect(page.locator("table.log-extract")).to_contain_text(county.adult_unit.name)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Skriv ut som PDF").click()
    pdf = download_info.value
    assert pdf.suggested_filename.startswith("loggutdrag-")
    reader = PdfReader(io.BytesIO(open(pdf.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())  # table cells wrap
    assert "Fia Fiktiv" in text and county.adult_unit.name in text and "Nödåtkomst" in text
    assert AuditEntry.objects.filter(action=Action.EXPORT, individual_id=individual.pk).count() == 1
    # Nothing personal in browser storage: HTMX keeps no page snapshots (historyCacheSize 0), only the
    # current path (opaque ids); cookies are the session, CSRF and language ones.
    storage = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert "htmx-history-cache" not in storage and "Fiktiv" not in storage and "1212" not in storage, storage
    cookies = page.context.cookies()
    assert {c["name"] for c in cookies} <= {"sessionid", "csrftoken", "django_language"}
    assert not any("1212" in c["value"] or "Fiktiv" in c["value"] for c in cookies)


def test_manager_protects_an_individual_then_assesses_before_printing(page: Page, county, individual) -> None:
    sign_in(page, county.manager.username)
    page.goto(individual.get_absolute_url())
    page.get_by_role("link", name="Skyddade personuppgifter och vem som får se kontaktuppgifter").click()
    assert_accessible(page)
    page.get_by_label("Colleague").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".error-summary")).to_contain_text("Ange medarbetare bara när")
    assert_accessible(page)
    page.get_by_label("Skyddade personuppgifter (sekretessmarkering").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("h1")).to_have_text("Fia Fiktiv")

    page.get_by_role("link", name="Loggutdrag: vilka verksamheter").click()
    expect(page.get_by_role("heading", name="Sekretessprövning")).to_be_visible()
    expect(page.get_by_role("link", name="Skriv ut som PDF")).to_have_count(0)
    page.get_by_role("button", name="Registrera prövningen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Utdraget får lämnas ut", exact=True).check()
    page.get_by_label("Motivering").fill("Utdraget lämnas till den enskilde själv vid besök.")
    page.get_by_role("button", name="Registrera prövningen").click()
    expect(page.get_by_test_id("assessment")).to_contain_text("utdraget får lämnas ut")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Skriv ut som PDF").click()
    assert download_info.value.suggested_filename.endswith(".pdf")

"""A collaboration deficiency from report to resolution across two principals (issue 11 "Tests"):
a municipal social worker reports the region's addiction unit, the live check refuses an identity
number, the region's unit manager answers from the start page, the reporter resolves it; the
council's agenda and the analysis are read. axe-core on every page."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from deviations.models import CouncilMember, Report, State
from organisations.models import Council, CouncilKind
from organisations.roles import Role
from tests.browser.conftest import assert_accessible, set_language, sign_in
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.personas import with_second_factor

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(county):  # type: ignore[no-untyped-def]
    manager = with_second_factor(UserFactory(username="cpmanager", first_name="Cecilia", last_name="Chef"))
    MembershipFactory(user=manager, unit=county.addiction_unit, role=Role.UNIT_MANAGER)
    council = Council.objects.create(name="Lokalt samråd Sundsvall", kind=CouncilKind.LOCAL,
                                     municipality=county.sundsvall)  # fmt: skip
    member = with_second_factor(UserFactory(username="councillor"))
    MembershipFactory(user=member, unit=UnitFactory(principal=county.sundsvall), role=Role.COUNCIL_MEMBER)
    CouncilMember.objects.create(council=council, user=member)
    return {"manager": manager, "member": member, "council": council}


@pytest.fixture
def open_as(browser: Browser, live_server) -> Iterator[Callable[[str], Page]]:  # type: ignore[no-untyped-def]
    contexts = []

    def opener(username: str) -> Page:
        context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="sv-SE")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, username)
        set_language(page, "en")  # the strings asserted below are the source strings
        return page

    yield opener
    for context in contexts:
        context.close()


def test_from_report_to_resolution_across_two_principals(county, staff, open_as) -> None:  # type: ignore[no-untyped-def]
    reporter = open_as(county.social_worker.username)
    reporter.goto("/deviations/")
    assert_accessible(reporter)
    reporter.get_by_role("link", name="Report a deficiency").click()
    expect(reporter.locator("h1")).to_have_text("Report a collaboration deficiency")
    assert_accessible(reporter)
    reporter.get_by_label("Addiction", exact=True).check()
    reporter.get_by_label("When it happened").fill("2026-11-20")
    reporter.get_by_label("Counterpart unit or units").select_option(label="Beroendecentrum (Region Testnorrland)")
    reporter.get_by_label("Information transfer").check()
    what = reporter.get_by_label("What happened")
    what.fill("Remissen om klienten 811218-9876 kom aldrig fram.")
    what.press("End")
    expect(reporter.locator("#id_what_happened-findings")).to_contain_text("Remove the personal identity number")
    expect(reporter.locator("#draft-status")).to_contain_text("Not saved in")  # the autosave refuses it too
    reporter.get_by_label("Consequence for the individual").fill("Behandlingen startade två veckor senare.")
    reporter.get_by_label("Medium: care or support was delayed").check()
    reporter.get_by_role("button", name="Submit the report").click()
    expect(reporter.locator(".error-summary")).to_contain_text("What happened")
    expect(reporter.get_by_label("What happened")).to_have_value("Remissen om klienten 811218-9876 kom aldrig fram.")
    assert_accessible(reporter)
    reporter.get_by_label("What happened").fill("Remissen kom aldrig fram till beroendecentrum.")
    reporter.get_by_role("button", name="Submit the report").click()
    expect(reporter.locator(".messages")).to_contain_text("is submitted and sent on")
    assert_accessible(reporter)
    report = Report.objects.get()
    assert report.local_council == staff["council"]

    manager = open_as("cpmanager")
    expect(manager.get_by_test_id("deviations-panel")).to_contain_text(report.reference)
    assert_accessible(manager)
    manager.get_by_test_id("deviations-panel").get_by_role("link", name=report.reference).click()
    assert_accessible(manager)
    manager.get_by_label("Your view of what happened").fill("Remissen fastnade i vår inkorg.")
    manager.get_by_label("Measures taken or planned").fill("Funktionsbrevlådan bevakas dagligen.")
    manager.get_by_role("button", name="Send the answer").click()
    expect(manager.locator(".messages")).to_contain_text("Your answer is saved")
    assert_accessible(manager)

    reporter.goto(report.get_absolute_url())
    expect(reporter.locator("main")).to_contain_text("Funktionsbrevlådan bevakas dagligen.")
    reporter.locator("#id_resolve-text").fill("Åtgärden räcker.")
    reporter.get_by_role("button", name="Mark resolved").click()
    expect(reporter.locator(".messages")).to_contain_text("The case is resolved")
    expect(reporter.locator(".state")).to_have_text("Resolved")
    assert_accessible(reporter)
    report.refresh_from_db()
    assert report.state == State.RESOLVED

    member = open_as("councillor")
    member.goto(f"/deviations/councils/{staff['council'].uuid}/agenda/")
    expect(member.locator("main")).to_contain_text(report.reference)
    assert_accessible(member)
    member.goto("/deviations/analysis/")
    expect(member.get_by_test_id("summary")).to_contain_text("1")
    assert_accessible(member)

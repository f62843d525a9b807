"""A SIP from recognised need to the first follow-up, in the browser (issue 9, "Tests"): a social worker
of the municipality and a nurse of the region take a fictional person through consent, invitation,
meeting, the agreed plan, the reminder and the first follow-up, with axe-core on every page.

Fields are found by their names (and radio buttons by value): the labels' Swedish arrives when the
pending translations are merged, and the names are what the forms post either way. Two steps are
time passing, done on the data: the planned meeting takes place (its start is moved an hour back:
the service refuses to record a meeting that has not begun), and the day of the follow-up comes
(the periodic job runs with its clock on that morning).
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from agreements.interventions import load_intervention_types
from agreements.models import InterventionType
from individuals.models import Individual
from organisations.models import Unit
from reminders.models import Reminder
from reminders.services import reminders_send_due
from sip import reminders as sip_reminders
from sip.models import Confirmation, FollowUp, Meeting, Participant, Sip, SipStatus
from tests.browser.conftest import assert_accessible, sign_in
from tests.sip import world

pytestmark = pytest.mark.browser


def submit(page: Page) -> None:
    """The page's main form (the language switcher in the header is a form too)."""
    page.locator("main form[method=post] button[type=submit]").last.click()


def nurse_page(browser: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="sv-SE")
    nurse = context.new_page()
    nurse.set_default_timeout(15_000)
    return nurse


def test_from_need_to_first_follow_up(page: Page, browser: Browser, live_server, county) -> None:  # type: ignore[no-untyped-def]
    load_intervention_types(InterventionType)  # the data migration's rows do not survive another browser test's flush
    Unit.objects.filter(pk=county.adult_unit.pk).update(phone="060-19 10 00")
    Unit.objects.filter(pk=county.addiction_unit.pk).update(phone="060-18 10 00")
    person: Individual = world.person(county, 360)
    today = timezone.localdate()

    # --- The social worker recognises the need; without a SIP consent the page says what is missing.
    sign_in(page, county.social_worker.username)
    page.goto(person.get_absolute_url())
    assert_accessible(page)
    page.locator("[data-testid=sip-link] a").click()
    expect(page.locator("[data-testid=consent-missing]")).to_be_visible()
    assert_accessible(page)
    page.locator("[data-testid=consent-missing] a").click()
    assert_accessible(page)
    page.get_by_label("Den enskilde").check()
    page.get_by_label("För att upprätta en samordnad individuell plan (SIP)").check()
    page.get_by_label(county.addiction_unit.name).check()
    page.get_by_label(county.adult_unit.name).check()
    page.get_by_label("Skriftligt").check()
    page.get_by_label("Gäller från").fill(today.isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Gällande samtycke")).to_be_visible()

    # --- Start the plan: who asked, when the need was recognised, who coordinates.
    page.locator("[data-testid=sip-link] a").click()
    expect(page.locator("[data-testid=consent-missing]")).to_have_count(0)
    assert_accessible(page)
    page.locator("select[name=requested_by]").select_option("individual")
    page.locator("input[name=need_recognised_on]").fill((today - datetime.timedelta(days=4)).isoformat())
    page.locator("select[name=coordinating_unit]").select_option(str(county.adult_unit.uuid))
    submit(page)
    sip = Sip.objects.get(individual=person)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    expect(page.locator("[data-testid=status]")).to_be_visible()
    assert_accessible(page)

    # --- Invite the region's unit from the directory.
    page.locator("a[href$='/participants/unit/']").click()
    assert_accessible(page)
    page.locator("select[name=unit]").select_option(str(county.addiction_unit.uuid))
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    assert_accessible(page)

    # --- The nurse sees the invitation on her start page and accepts it.
    nurse = nurse_page(browser, live_server)
    sign_in(nurse, county.nurse.username)
    nurse.goto("/")
    invitations = nurse.locator("[data-testid=sip-invitations]")
    expect(invitations).to_be_visible()
    assert_accessible(nurse)
    invitations.locator("a").first.click()
    assert_accessible(nurse)
    nurse.locator("input[name=answer][value=accepted]").check()
    submit(nurse)
    nurse.wait_for_url(f"**{sip.get_absolute_url()}")
    assert_accessible(nurse)

    # --- The social worker plans the meeting; it takes place; she records it.
    page.locator("a[href$='/meetings/new/']").click()
    assert_accessible(page)
    starts = timezone.localtime() + datetime.timedelta(hours=1)
    page.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=mode][value=in_person]").check()
    page.locator("input[name=place]").fill("Vuxenenheten, rum 3")
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    meeting = Meeting.objects.get(sip=sip)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    page.locator("a[href$='/meetings/record/']").click()
    assert_accessible(page)
    page.locator("select[name=meeting]").select_option(str(meeting.uuid))
    page.locator("input[name=individual_attended][value=yes]").check()
    page.locator("textarea[name=individual_words]").fill("Jag vill kunna sova och ha kvar lägenheten.")
    page.locator("textarea[name=minutes]").fill("Vi gick igenom behoven och kom överens om planen.")
    for participant in Participant.objects.filter(sip=sip, kind="unit"):
        page.locator(f"input[name=attendees][value='{participant.uuid}']").check()
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    assert_accessible(page)

    # --- The five parts.
    follow_up_on = today + datetime.timedelta(days=30)
    page.locator("a[href$='/plan/']").click()
    assert_accessible(page)
    page.locator("textarea[name=problem]").fill("Dricker för mycket och riskerar att förlora lägenheten.")
    page.locator("select[name=goal_0_term]").select_option("short")
    page.locator("input[name=goal_0_text]").fill("Sova bättre")
    page.locator("input[name=goal_0_own_words]").check()
    page.locator("select[name=goal_1_term]").select_option("long")
    page.locator("input[name=goal_1_text]").fill("Ha ett arbete")
    page.locator("select[name=iv_0_unit]").select_option(str(county.adult_unit.uuid))
    page.locator("select[name=iv_0_type]").select_option("housing-support")
    page.locator("input[name=iv_0_description]").fill("Boendestöd två gånger i veckan")
    page.locator("input[name=iv_0_starts_on]").fill(today.isoformat())
    page.locator("select[name=iv_1_unit]").select_option(str(county.addiction_unit.uuid))
    page.locator("select[name=iv_1_type]").select_option("medication-assisted")
    page.locator("input[name=iv_1_starts_on]").fill(today.isoformat())
    page.locator("input[name=no_other_measures]").check()
    page.locator("select[name=overall_principal]").select_option(str(county.sundsvall.uuid))
    page.locator("select[name=coordinator]").select_option(str(county.social_worker.pk))
    page.locator("input[name=next_follow_up_on]").fill(follow_up_on.isoformat())
    page.locator("select[name=children_considered]").select_option("no_children")
    page.locator("select[name=violence_result]").select_option("none")
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    expect(page.locator("[data-testid=missing-parts]")).to_have_count(0)
    assert_accessible(page)

    # --- Agreed at the meeting; the nurse confirms for her unit, the social worker records the individual's.
    page.locator("a[href$='/agree/']").click()
    assert_accessible(page)
    page.locator("select[name=meeting]").select_option(str(meeting.uuid))
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    sip.refresh_from_db()
    assert sip.status == SipStatus.AGREED
    assert_accessible(page)
    nurse.goto(sip.get_absolute_url() + "confirm/")
    assert_accessible(nurse)
    addiction = Participant.objects.get(sip=sip, kind="unit", unit=county.addiction_unit)
    nurse.locator("select[name=who]").select_option(str(addiction.uuid))
    nurse.locator("input[name=confirmed][value=yes]").check()
    submit(nurse)
    nurse.wait_for_url(f"**{sip.get_absolute_url()}")
    page.locator("a[href$='/confirm/']").click()
    page.locator("select[name=who]").select_option("individual")
    page.locator("input[name=confirmed][value=yes]").check()
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    assert Confirmation.objects.filter(version__sip=sip, confirmed=True).count() == 2
    assert_accessible(page)

    # --- The day of the follow-up comes: the periodic job sends the reminder once, to the start page.
    morning = timezone.make_aware(datetime.datetime.combine(follow_up_on, sip_reminders.REMIND_AT))
    reminders_send_due(now=morning)
    reminders_send_due(now=morning + datetime.timedelta(hours=1))
    due = Reminder.objects.get(kind=sip_reminders.FOLLOW_UP_DUE, object_id=str(sip.pk), cancelled_at__isnull=True)
    assert due.sent_at == morning
    page.goto("/")
    panel = page.locator("[data-testid=reminders]")
    expect(panel).to_contain_text(follow_up_on.isoformat())
    assert_accessible(page)
    panel.locator(f"a[href='{sip.get_absolute_url()}']").first.click()

    # --- The first follow-up: each goal and intervention evaluated, the plan continues.
    page.locator("a[href$='/follow-up/']").click()
    assert_accessible(page)
    for select in page.locator("main select[name^=goal_], main select[name^=iv_]").all():
        select.select_option("partly")
    page.locator("input[name=decision][value=continue]").check()
    page.locator("textarea[name=reason]").fill("Sover bättre; boendestödet fungerar. Fortsätter.")
    page.locator("input[name=next_follow_up_on]").fill((today + datetime.timedelta(days=90)).isoformat())
    submit(page)
    page.wait_for_url(f"**{sip.get_absolute_url()}")
    assert_accessible(page)
    follow_up = FollowUp.objects.get(sip=sip)
    assert (follow_up.decision, follow_up.evaluations.count()) == ("continue", 4)

    # --- The individual's copy, and the nurse's view of the same plan.
    page.locator("[data-testid=sip-copy-link] a").click()
    expect(page.locator("[data-testid=sip-copy]")).to_contain_text("Sova bättre")
    expect(page.locator("[data-testid=sip-copy]")).to_contain_text("060-18 10 00")
    assert_accessible(page)
    nurse.goto(sip.get_absolute_url())
    expect(nurse.locator("[data-testid=status]")).to_be_visible()
    assert_accessible(nurse)
    nurse.context.close()
    sip.refresh_from_db()
    assert sip.next_follow_up_on == today + datetime.timedelta(days=90)

"""Giving an instrument to an individual: stored only when the scoring rules accept the answers;
the result page shows the zone and advice; the advice and a referral are recorded once; the
unit's task carries no personal data. Expected zones from ../shared/reference/instruments.md
(Swedish AUDIT zones: women 0–5 low, 6–13 hazardous, 14–17 harmful, 18+ dependence)."""

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from access.models import EmergencyAccess
from audit.models import Action, AuditEntry, Outcome
from reminders.models import Reminder
from screening.models_care import Referral, Result
from tests.personas import County, sign_in
from tests.screening.care_world import give, person

AUDIT_7 = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]  # total 7: hazardous for a woman, low for a man


class GiveAudit(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 501)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages checked are the English ones

    def test_the_form_shows_every_item_with_large_targets(self) -> None:
        response = self.client.get(reverse("screening:give", args=[self.alva.uuid, "audit"]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="item_10"', count=3)  # items 9-10: 0, 2, 4 only
        self.assertContains(response, "<legend>", count=1 + 10 + 3)  # setup, ten items, three radio groups

    def test_a_complete_form_is_scored_and_stored_with_its_version(self) -> None:
        response = give(self.client, self.alva, "audit", AUDIT_7)
        result = Result.objects.get()
        self.assertRedirects(response, result.get_absolute_url())
        self.assertEqual((result.total, result.zone, result.positive), (7, "hazardous", True))
        self.assertEqual(result.version.version, result.scoring["version"])
        self.assertEqual(result.unit, self.county.addiction_unit)
        self.assertEqual(result.given_by, self.county.nurse)
        page = self.client.get(result.get_absolute_url())
        self.assertContains(page, 'data-testid="zone"')
        self.assertContains(page, "7 / 40")
        entries = AuditEntry.objects.filter(individual_id=self.alva.pk, outcome=Outcome.ALLOWED)
        self.assertTrue(entries.filter(action=Action.CREATE, object_type="screening.result").exists())
        self.assertTrue(entries.filter(action=Action.READ, object_type="screening.result").exists())

    def test_the_same_total_is_low_for_a_man(self) -> None:
        give(self.client, self.alva, "audit", AUDIT_7, sex="male")
        self.assertEqual(Result.objects.get().zone, "low")

    def test_the_skip_rule_completes_items_2_to_8(self) -> None:
        give(self.client, self.alva, "audit", [0, None, None, None, None, None, None, None, 2, 4])
        result = Result.objects.get()
        self.assertEqual(result.total, 6)
        self.assertEqual(result.scoring["skipped"], [2, 3, 4, 5, 6, 7, 8])

    def test_an_unanswered_item_is_refused_and_nothing_is_stored(self) -> None:
        response = give(self.client, self.alva, "audit", [1, 1, 1, None, 1, 1, 1, 0, 0, 0])
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Item 4 is not answered", status_code=400)
        self.assertContains(response, 'href="#id_item_4"', status_code=400)
        self.assertContains(response, 'value="1" id="id_item_1_1" checked', status_code=400)  # what was chosen is kept
        self.assertFalse(Result.objects.exists())
        self.assertTrue(AuditEntry.objects.filter(individual_id=self.alva.pk, outcome=Outcome.DENIED).exists())

    def test_a_value_not_among_the_options_is_refused(self) -> None:
        response = give(self.client, self.alva, "audit", [1, 1, 1, 1, 1, 1, 1, 0, 3, 0])
        self.assertEqual(response.status_code, 400)
        self.assertIn("item_9", response.context["form"].errors)
        self.assertFalse(Result.objects.exists())

    def test_hostile_values_are_refused(self) -> None:
        for value in ("-1", "4.5", "x" * 5000, "<script>"):
            with self.subTest(value=value):
                response = give(self.client, self.alva, "audit", AUDIT_7, item_1=value)
                self.assertEqual(response.status_code, 400)
        self.assertFalse(Result.objects.exists())

    def test_without_sex_the_total_is_stored_and_the_page_says_why_no_zone(self) -> None:
        give(self.client, self.alva, "audit", AUDIT_7, sex="")
        result = Result.objects.get()
        self.assertEqual((result.total, result.zone, result.positive), (7, "", None))
        self.assertContains(self.client.get(result.get_absolute_url()), "cut-offs differ for women and men")

    def test_an_age_out_of_range_is_refused(self) -> None:
        response = give(self.client, self.alva, "audit", AUDIT_7, age=12)
        self.assertEqual(response.status_code, 400)
        self.assertIn("age", response.context["form"].errors)
        self.assertFalse(Result.objects.exists())

    def test_a_future_date_is_refused(self) -> None:
        response = give(self.client, self.alva, "audit", AUDIT_7, given_on="2999-01-01")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Result.objects.exists())

    def test_an_unknown_instrument_is_not_found(self) -> None:
        self.assertEqual(give(self.client, self.alva, "asrs", AUDIT_7).status_code, 404)

    def test_someone_the_user_cannot_see_gets_the_logged_404_and_nothing_is_stored(self) -> None:
        sign_in(self.client, self.county.social_worker)
        response = give(self.client, self.alva, "audit", AUDIT_7)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Alva", status_code=404)
        self.assertFalse(Result.objects.exists())
        denied = AuditEntry.objects.filter(individual_id=self.alva.pk, outcome=Outcome.DENIED)
        self.assertTrue(denied.exists())

    def test_under_emergency_access_one_reads_but_does_not_give(self) -> None:
        from django.utils import timezone

        EmergencyAccess.objects.create(
            user=self.county.social_worker, unit=self.county.adult_unit, individual=self.alva, reason="other",
            explanation="Medvetslös vid ankomst", expires_at=timezone.now() + timezone.timedelta(hours=4),
        )  # fmt: skip
        sign_in(self.client, self.county.social_worker)
        self.assertEqual(give(self.client, self.alva, "audit", AUDIT_7).status_code, 403)
        self.assertFalse(Result.objects.exists())


class AdviceAndReferral(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 502)

    def setUp(self) -> None:
        sign_in(self.client, self.county.nurse)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        give(self.client, self.alva, "audit", AUDIT_7)
        self.result = Result.objects.get()
        self.url = reverse("screening:result_advice", args=[self.result.uuid])

    def test_brief_advice_with_mi_is_recorded_once(self) -> None:
        response = self.client.post(self.url, {"brief_advice": "yes", "method": "motivational_interviewing"})
        self.assertRedirects(response, self.result.get_absolute_url())
        self.result.refresh_from_db()
        self.assertEqual((self.result.brief_advice, self.result.advice_method), (True, "motivational_interviewing"))
        again = self.client.post(self.url, {"brief_advice": "no"})
        self.assertEqual(again.status_code, 400)
        self.assertContains(again, "already recorded", status_code=400)
        self.result.refresh_from_db()
        self.assertTrue(self.result.brief_advice)

    def test_a_referral_with_consent_becomes_the_units_task_without_personal_data(self) -> None:
        to = self.county.adult_unit
        self.client.post(self.url, {"brief_advice": "yes", "refer_to": to.pk, "consent": "on"})
        referral = Referral.objects.get()
        reminder = Reminder.objects.get()
        self.assertEqual(
            (reminder.unit, reminder.object_id, reminder.kind), (to, str(referral.pk), "screening_referral")
        )
        self.assertEqual(reminder.params, {"date": self.result.given_on.isoformat()})

    def test_a_referral_without_consent_creates_no_task(self) -> None:
        self.client.post(self.url, {"brief_advice": "yes", "refer_to": self.county.adult_unit.pk})
        self.assertEqual(Referral.objects.count(), 1)
        self.assertFalse(Reminder.objects.exists())

    def test_consent_without_a_unit_and_a_method_without_advice_are_refused(self) -> None:
        response = self.client.post(self.url, {"brief_advice": "no", "method": "other", "consent": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["advice_form"].errors), {"method", "refer_to"})
        self.result.refresh_from_db()
        self.assertIsNone(self.result.advice_recorded_at)

    def test_others_get_the_logged_404(self) -> None:
        sign_in(self.client, self.county.social_worker)
        self.assertEqual(self.client.post(self.url, {"brief_advice": "yes"}).status_code, 404)
        self.assertEqual(self.client.get(self.result.get_absolute_url()).status_code, 404)
        self.result.refresh_from_db()
        self.assertIsNone(self.result.advice_recorded_at)


class AdviceBadInput(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = County()
        cls.alva = person(cls.county, 503)

    def test_hostile_and_unknown_values_are_refused_and_nothing_recorded(self) -> None:
        sign_in(self.client, self.county.nurse)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        give(self.client, self.alva, "audit", AUDIT_7)
        result = Result.objects.get()
        url = reverse("screening:result_advice", args=[result.uuid])
        for data in (
            {},
            {"brief_advice": "maybe"},
            {"brief_advice": "yes", "method": "<script>alert(1)</script>"},
            {"brief_advice": "yes", "refer_to": "999999", "consent": "on"},
            {"brief_advice": "yes", "refer_to": "x" * 5000},
        ):
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 400)
                self.assertNotContains(response, "<script>alert", status_code=400)
        result.refresh_from_db()
        self.assertIsNone(result.advice_recorded_at)
        self.assertFalse(Referral.objects.exists())

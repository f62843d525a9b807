"""Staff see each other truthfully (issue 12 §5): the unit page shows what the unit offers under
which agreement, how to refer and whom to call; the unit's manager keeps it current and is
reminded, once, when it has not been confirmed for six months."""

import datetime

from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from organisations.confirmation import UNIT_CONFIRM, units_remind_unconfirmed
from organisations.models import Unit
from reminders.models import Reminder
from tests.agreements.helpers import actor_of, make_agreement, make_row
from tests.personas import CountyTestCase


class UnitContactTests(CountyTestCase):
    def setUp(self) -> None:
        self.client.cookies["django_language"] = "en"
        self.unit = self.county.adult_unit
        self.edit = reverse("unit_contact_edit", args=[self.unit.uuid])
        self.confirm = reverse("unit_confirm", args=[self.unit.uuid])

    def test_the_units_manager_writes_how_to_refer_and_whom_to_call(self) -> None:
        self.sign_in(self.county.manager)
        self.assertEqual(self.client.get(self.edit).status_code, 200)
        response = self.client.post(self.edit, {"how_to_refer": "Ring mottagningen", "whom_to_call": "Jourhavande"})
        self.assertRedirects(response, self.unit.get_absolute_url(), fetch_redirect_response=False)
        self.unit.refresh_from_db()
        self.assertEqual((self.unit.how_to_refer, self.unit.whom_to_call), ("Ring mottagningen", "Jourhavande"))
        self.assertIsNotNone(self.unit.confirmed_at, "saving the details confirms them")
        self.sign_in(self.county.nurse)
        page = self.client.get(self.unit.get_absolute_url())
        self.assertContains(page, "Ring mottagningen")
        self.assertContains(page, "Jourhavande")

    def test_others_may_not(self) -> None:
        for user in (self.county.nurse, self.county.social_worker, self.county.analyst,
                     self.county.other_municipality_worker):  # fmt: skip
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(self.edit).status_code, 403)
                self.assertEqual(self.client.post(self.confirm).status_code, 403)
        self.sign_in(self.county.admin)
        self.assertEqual(self.client.post(self.confirm).status_code, 302)
        self.client.logout()
        self.assertEqual(self.client.post(self.confirm).status_code, 302)  # to the sign-in page
        self.sign_in(self.county.manager)
        self.assertEqual(self.client.get(self.confirm).status_code, 405)
        unknown = reverse("unit_confirm", args=["00000000-0000-4000-8000-000000000000"])
        self.assertEqual(self.client.post(unknown).status_code, 404)

    def test_bad_and_hostile_input(self) -> None:
        self.sign_in(self.county.manager)
        response = self.client.post(self.edit, {"how_to_refer": "x" * 2001, "whom_to_call": "kept"})
        self.assertContains(response, "error-summary", status_code=400)
        self.assertContains(response, 'value="kept"', status_code=400)
        hostile = '<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        self.client.post(self.edit, {"how_to_refer": hostile, "whom_to_call": hostile})
        page = self.client.get(self.unit.get_absolute_url()).content.decode()
        self.assertNotIn("<script>alert(1)", page)
        self.assertNotIn('href="javascript:', page)

    def test_the_unit_page_shows_what_it_offers_under_which_agreement(self) -> None:
        agreement = make_agreement(self.county)
        row = make_row(self.county, agreement, "outreach", "municipality")
        agreement_services.provision_set(responsibility=row, unit=self.unit, municipalities=[self.county.sundsvall],
                                         actor=actor_of(self.county))  # fmt: skip
        self.sign_in(self.county.nurse)
        page = self.client.get(self.unit.get_absolute_url())
        self.assertContains(page, 'data-testid="unit-offers"')
        self.assertContains(page, "Outreach")
        self.assertContains(page, agreement.get_absolute_url())
        self.assertNotContains(page, "Confirm the page is current", msg_prefix="a nurse does not keep the page")
        self.sign_in(self.county.manager)
        self.assertContains(self.client.get(self.unit.get_absolute_url()), "Confirm the page is current")


class UnitConfirmationReminderTests(CountyTestCase):
    def setUp(self) -> None:
        self.now = timezone.now() + datetime.timedelta(minutes=1)
        self.unit = self.county.adult_unit
        # Made seven months ago and never confirmed since.
        Unit.objects.filter(pk=self.unit.pk).update(created_at=self.now - datetime.timedelta(days=210))
        Unit.objects.exclude(pk=self.unit.pk).update(confirmed_at=self.now)

    def test_a_stale_unit_reminds_its_manager_once(self) -> None:
        self.assertEqual(units_remind_unconfirmed(self.now), "1 unit reminder(s) scheduled")
        self.assertEqual(units_remind_unconfirmed(self.now + datetime.timedelta(days=1)),
                         "0 unit reminder(s) scheduled")  # fmt: skip
        reminder = Reminder.objects.get(kind=UNIT_CONFIRM)
        self.assertEqual(reminder.user, self.county.manager)
        self.assertEqual(reminder.target, self.unit)

    def test_confirming_ends_the_reminder_and_starts_six_new_months(self) -> None:
        units_remind_unconfirmed(self.now)
        self.client.cookies["django_language"] = "en"
        self.sign_in(self.county.manager)
        self.client.post(reverse("unit_confirm", args=[self.unit.uuid]))
        self.assertIsNotNone(Reminder.objects.get(kind=UNIT_CONFIRM).cancelled_at)
        self.unit.refresh_from_db()
        self.assertEqual(units_remind_unconfirmed(self.now + datetime.timedelta(days=100)),
                         "0 unit reminder(s) scheduled")  # fmt: skip
        stale_again = self.unit.confirmed_at + datetime.timedelta(days=183)  # type: ignore[operator]
        self.assertEqual(units_remind_unconfirmed(stale_again), "1 unit reminder(s) scheduled")
        self.assertEqual(units_remind_unconfirmed(stale_again), "0 unit reminder(s) scheduled")

    def test_a_fresh_unit_or_one_without_a_manager_is_not_reminded(self) -> None:
        Unit.objects.filter(pk=self.unit.pk).update(created_at=self.now - datetime.timedelta(days=100))
        self.assertEqual(units_remind_unconfirmed(self.now), "0 unit reminder(s) scheduled")
        Unit.objects.filter(pk=self.county.office.pk).update(confirmed_at=self.now - datetime.timedelta(days=400))
        self.assertEqual(units_remind_unconfirmed(self.now), "0 unit reminder(s) scheduled", "no manager there")


class UnitConfirmationLogTests(CountyTestCase):
    def test_the_log_names_the_managers_membership_at_the_unit(self) -> None:
        from audit.models import AuditEntry

        self.sign_in(self.county.manager)
        self.client.post(reverse("unit_confirm", args=[self.county.adult_unit.uuid]))
        entry = AuditEntry.objects.filter(object_type="organisations.unit").latest("pk")
        self.assertEqual((entry.user_id, entry.unit_id, entry.role),
                         (self.county.manager.pk, self.county.adult_unit.pk, "unit_manager"))  # fmt: skip

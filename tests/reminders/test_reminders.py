"""Reminders: scheduled for any object and a unit or a user, cancelled, sent once when due (start
page and an e-mail that holds no personal data), and refused when the input is wrong."""

import datetime
import io

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Actor
from core import periodic
from individuals import services as individual_services
from individuals.identity import parse_identity_number
from individuals.models import Individual
from organisations.roles import Role
from reminders import kinds
from reminders.models import Reminder
from reminders.selectors import reminders_for_user
from reminders.services import reminder_cancel, reminder_schedule, reminders_cancel_for, reminders_send_due
from tests.factories import MembershipFactory, UnitFactory
from tests.personas import CountyTestCase

kinds.register("test_follow_up", label=_("Follow-up"), message=_("Follow up by %(date)s (case %(case)s)."))
NUMBER = "19121212-1212"


def hours(n: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=n)


class ReminderTestCase(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        county = cls.county
        cls.actor = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role=Role.SOCIAL_WORKER)
        cls.individual = individual_services.individual_register(
            number=parse_identity_number(NUMBER), first_name="Tolvan", last_name="Testsson", municipality=None,
            unit=county.adult_unit, contact_kind="support", actor=cls.actor,
        )  # fmt: skip

    def schedule(self, **changes: object) -> Reminder:
        arguments: dict = {"obj": self.individual, "kind": "test_follow_up", "due_at": hours(-0.01),
                           "unit": self.county.adult_unit, "actor": self.actor,
                           "params": {"date": "2026-12-24", "case": "K-17"}}  # fmt: skip
        arguments.update(changes)
        return reminder_schedule(**arguments)

    def send(self) -> str:
        with self.captureOnCommitCallbacks(execute=True):
            return reminders_send_due()


class ScheduleAndCancelTests(ReminderTestCase):
    def test_schedule_for_a_unit_or_a_user(self) -> None:
        for_unit = self.schedule()
        for_user = self.schedule(unit=None, user=self.county.colleague, due_at=hours(24))
        self.assertEqual(for_unit.target, self.individual)
        self.assertEqual(for_unit.object_id, str(self.individual.pk))
        self.assertEqual(for_unit.created_by, self.county.social_worker)
        self.assertEqual(for_user.user, self.county.colleague)
        self.assertIsNone(for_unit.sent_at)

    def test_any_object_with_any_key(self) -> None:
        reminder = self.schedule(obj=self.county.addiction_unit)
        self.assertEqual(reminder.target, self.county.addiction_unit)

    def test_cancel_is_kept_and_idempotent(self) -> None:
        reminder = self.schedule()
        reminder_cancel(reminder=reminder, actor=self.actor)
        first = reminder.cancelled_at
        self.assertIsNotNone(first)
        self.assertEqual(reminder.cancelled_by, self.county.social_worker)
        reminder_cancel(reminder=reminder, actor=Actor(user_id=self.county.manager.pk, unit_id=None, role=""))
        self.assertEqual((reminder.cancelled_at, reminder.cancelled_by), (first, self.county.social_worker))

    def test_cancel_every_reminder_about_an_object(self) -> None:
        self.schedule()
        self.schedule(unit=None, user=self.county.colleague)
        other = self.schedule(obj=self.county.office)
        self.assertEqual(reminders_cancel_for(obj=self.individual, actor=self.actor), 2)
        self.assertEqual(list(Reminder.objects.filter(cancelled_at__isnull=True)), [other])

    def test_bad_input_is_refused_with_the_reason(self) -> None:
        inactive = UnitFactory(is_active=False)
        unsaved = Individual()
        cases = [
            ({"user": self.county.colleague}, "not both"),  # both a unit and a user
            ({"unit": None}, "not both"),  # neither
            ({"kind": "no_such_kind"}, "Unknown kind"),
            ({"kind": "<script>"}, "Unknown kind"),
            ({"due_at": hours(-1)}, "already passed"),
            ({"due_at": hours(24 * 365 * 11)}, "ten years"),
            ({"due_at": datetime.datetime(2030, 1, 1)}, "time zone"),  # noqa: DTZ001 - the naive time is the test
            ({"due_at": "tomorrow"}, "time zone"),
            ({"obj": unsaved}, "Save the object"),
            ({"unit": inactive}, "no longer active"),
            ({"params": {"name": "Tolvan Testsson"}}, "never personal data"),
            ({"params": {"number": NUMBER}}, "never personal data"),
            ({"params": {"number": "191212121212"}}, "never personal data"),
            ({"params": {"x": "y" * 41}}, "never personal data"),
            ({"params": {"x": "<b>"}}, "never personal data"),
            ({"params": {"x": 1.5}}, "never personal data"),
            ({"params": {"x": ["a"]}}, "never personal data"),
            ({"params": {"Bad Key": 1}}, "short code"),
            ({"params": {f"k{i}": i for i in range(11)}}, "at most 10"),
        ]
        with translation_en():
            for changes, fragment in cases:
                with self.subTest(changes=str(changes)[:80]):
                    with self.assertRaises(ValidationError) as caught:
                        self.schedule(**changes)
                    self.assertIn(fragment, " ".join(caught.exception.messages))
        self.assertEqual(Reminder.objects.count(), 0)

    def test_an_inactive_user_gets_no_reminder(self) -> None:
        self.county.colleague.is_active = False
        self.county.colleague.save()
        with self.assertRaises(ValidationError):
            self.schedule(unit=None, user=self.county.colleague)

    def test_the_database_keeps_exactly_one_recipient(self) -> None:
        reminder = self.schedule()
        for unit, user in ((None, None), (self.county.adult_unit, self.county.colleague)):
            with self.subTest(unit=unit, user=user), self.assertRaises(IntegrityError), transaction.atomic():
                Reminder.objects.filter(pk=reminder.pk).update(unit=unit, user=user)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Reminder.objects.filter(pk=reminder.pk).update(kind="Not A Code")


class SendTests(ReminderTestCase):
    def test_due_reminders_are_sent_and_the_others_wait(self) -> None:
        due = self.schedule()
        later = self.schedule(due_at=hours(2))
        cancelled = self.schedule()
        reminder_cancel(reminder=cancelled, actor=self.actor)
        self.assertEqual(self.send(), "1 reminder(s) sent")
        for reminder in (due, later, cancelled):
            reminder.refresh_from_db()
        self.assertIsNotNone(due.sent_at)
        self.assertIsNone(later.sent_at)
        self.assertIsNone(cancelled.sent_at)
        self.assertEqual(reminders_send_due(now=hours(3)), "1 reminder(s) sent")

    def test_sent_once_even_when_run_twice(self) -> None:
        self.schedule(unit=None, user=self.county.colleague)
        self.assertEqual(self.send(), "1 reminder(s) sent")
        self.assertEqual(self.send(), "0 reminder(s) sent")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.county.colleague.email])

    def test_a_unit_reminder_goes_to_everyone_working_there_one_message_each(self) -> None:
        ended = MembershipFactory(unit=self.county.adult_unit, role=Role.NURSE)
        ended.ended_at = timezone.now()
        ended.save()
        self.schedule()
        self.send()
        staff = {self.county.social_worker.email, self.county.colleague.email, self.county.manager.email}
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), sorted(staff))
        self.assertTrue(all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox))

    def test_the_email_holds_no_personal_data(self) -> None:
        self.individual.refresh_from_db()
        self.schedule(unit=None, user=self.county.colleague)
        self.send()
        message = mail.outbox[0]
        text = message.subject + "\n" + message.body
        for secret in ("Tolvan", "Testsson", NUMBER, NUMBER.replace("-", ""), "121212", "K-17", "2026-12-24",
                       self.county.adult_unit.name):  # fmt: skip
            self.assertNotIn(secret, text)
        self.assertIn(f"/individuals/{self.individual.uuid}/", text)
        self.assertIn("Uppföljning", text)  # the kind (in Swedish, the default), and nothing else about the object

    def test_the_periodic_command_runs_the_job(self) -> None:
        self.assertIn("reminders", [job.name for job in periodic.jobs()])
        self.schedule(unit=None, user=self.county.colleague)
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("periodic", only=["reminders"], stdout=out)
        self.assertIn("reminders: 1 reminder(s) sent", out.getvalue())
        self.assertEqual(len(mail.outbox), 1)


class StartPageTests(ReminderTestCase):
    def test_the_start_page_shows_own_and_unit_reminders_once_sent(self) -> None:
        mine = self.schedule(unit=None, user=self.county.colleague, params={"date": "2026-12-24", "case": "MINE"})
        units = self.schedule(params={"date": "2026-12-25", "case": "UNIT"})
        self.schedule(unit=self.county.addiction_unit, params={"date": "2026-12-26", "case": "ELSEWHERE"})
        self.schedule(unit=None, user=self.county.manager, params={"date": "2026-12-27", "case": "MANAGERS"})
        later = self.schedule(due_at=hours(5), params={"date": "2026-12-28", "case": "LATER"})
        self.sign_in(self.county.colleague)
        self.client.cookies["django_language"] = "en"
        self.assertNotContains(self.client.get(reverse("home")), 'data-testid="reminders"')
        self.send()
        page = self.client.get(reverse("home"))
        self.assertContains(page, 'data-testid="reminders"')
        self.assertContains(page, "Follow up by 2026-12-24 (case MINE).")
        self.assertContains(page, "Follow up by 2026-12-25 (case UNIT).")
        self.assertContains(page, f"for {self.county.adult_unit.name}")
        self.assertContains(page, f'href="{self.individual.get_absolute_url()}"', count=2)
        for hidden in ("ELSEWHERE", "MANAGERS", "LATER"):
            self.assertNotContains(page, hidden)
        self.assertEqual(list(reminders_for_user(self.county.colleague)), [mine, units])
        reminder_cancel(reminder=units, actor=self.actor)
        self.assertNotContains(self.client.get(reverse("home")), "case UNIT")
        self.assertIsNone(later.sent_at)

    def test_no_query_per_reminder(self) -> None:
        self.sign_in(self.county.colleague)
        self.schedule()
        self.schedule(obj=self.county.office)  # one query per kind of object, not per reminder
        self.send()
        self.client.get(reverse("home"))  # the session's first request does a little more
        before = self._count()
        for _n in range(10):
            self.schedule()
            self.schedule(obj=self.county.office)
        self.send()
        self.assertEqual(Reminder.objects.filter(sent_at__isnull=False).count(), 22)
        with self.assertNumQueries(before):
            self.assertContains(self.client.get(reverse("home")), "Follow up by", count=20)

    def _count(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(reverse("home")).status_code, 200)
        return len(captured)


def translation_en():  # type: ignore[no-untyped-def]
    from django.utils import translation

    return translation.override("en")

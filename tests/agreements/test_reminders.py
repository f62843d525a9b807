"""An agreement about to expire or due for its follow-up: on the process leader's start page,
and reminded exactly once (controlled clock: the periodic jobs are called with ``now``)."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.reminding import EXPIRY, FOLLOW_UP, agreements_remind
from reminders.models import Reminder
from reminders.services import reminders_send_due
from tests.agreements.helpers import actor_of, make_agreement
from tests.personas import CountyTestCase


class AgreementReminderTests(CountyTestCase):
    def setUp(self) -> None:
        self.now = timezone.now() + datetime.timedelta(hours=1)
        self.today = timezone.localdate(self.now)

    def days(self, n: int) -> datetime.datetime:
        return self.now + datetime.timedelta(days=n)

    def test_expiry_is_reminded_once_when_it_comes_within_a_quarter(self) -> None:
        agreement = make_agreement(self.county, valid_to=self.today + datetime.timedelta(days=100))
        self.assertEqual(agreements_remind(self.now), "0 agreement reminder(s) scheduled", "100 days ahead: not yet")
        later = self.days(11)  # 89 days before the end
        self.assertEqual(agreements_remind(later), "1 agreement reminder(s) scheduled")
        self.assertEqual(agreements_remind(later), "0 agreement reminder(s) scheduled")
        self.assertEqual(agreements_remind(self.days(40)), "0 agreement reminder(s) scheduled")
        reminder = Reminder.objects.get()
        self.assertEqual((reminder.kind, reminder.user, reminder.params),
                         (EXPIRY, self.county.analyst, {"date": agreement.valid_to.isoformat()}))  # type: ignore[union-attr]  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(reminders_send_due(later), "1 reminder(s) sent")
            self.assertEqual(reminders_send_due(self.days(40)), "0 reminder(s) sent")
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn(agreement.title, mail.outbox[0].body, "no object text leaves the product")

    def test_a_new_end_date_is_reminded_again(self) -> None:
        agreement = make_agreement(self.county, valid_to=self.today + datetime.timedelta(days=30))
        agreements_remind(self.now)
        agreement.valid_to = self.today + datetime.timedelta(days=60)
        services.agreement_save(agreement=agreement, parties=agreement.parties.all(), actor=actor_of(self.county))
        self.assertEqual(agreements_remind(self.now), "1 agreement reminder(s) scheduled")

    def test_follow_up_reminded_once_and_recording_it_moves_the_date_a_year(self) -> None:
        agreement = make_agreement(self.county, revision_due=self.today + datetime.timedelta(days=20),
                                   process_leader=self.county.analyst)  # fmt: skip
        self.assertEqual(agreements_remind(self.now), "1 agreement reminder(s) scheduled")
        self.assertEqual(agreements_remind(self.days(1)), "0 agreement reminder(s) scheduled")
        services.agreement_follow_up_record(agreement=agreement, on=self.today, actor=actor_of(self.county))
        agreement.refresh_from_db()
        self.assertEqual(agreement.revision_due, self.today.replace(year=self.today.year + 1))
        self.assertIsNotNone(Reminder.objects.get(kind=FOLLOW_UP).cancelled_at)
        self.assertEqual(agreements_remind(self.days(2)), "0 agreement reminder(s) scheduled")

    def test_without_a_named_process_leader_every_process_leader_is_reminded(self) -> None:
        make_agreement(self.county, revision_due=self.today)
        agreements_remind(self.now)
        self.assertEqual(list(Reminder.objects.values_list("user", flat=True)), [self.county.analyst.pk])

    def test_an_ended_agreement_is_not_reminded(self) -> None:
        make_agreement(self.county, valid_to=self.today - datetime.timedelta(days=1), revision_due=self.today)
        self.assertEqual(agreements_remind(self.now), "0 agreement reminder(s) scheduled")

    def test_the_start_page_panel_is_the_process_leaders(self) -> None:
        agreement = make_agreement(self.county, valid_to=timezone.localdate() + datetime.timedelta(days=10))
        self.client.cookies["django_language"] = "en"
        self.sign_in(self.county.analyst)
        response = self.client.get(reverse("home"))
        self.assertContains(response, 'data-testid="agreements-panel"')
        self.assertContains(response, agreement.get_absolute_url())
        self.sign_in(self.county.nurse)
        self.assertNotContains(self.client.get(reverse("home")), 'data-testid="agreements-panel"')

    def test_follow_up_form_refuses_bad_dates(self) -> None:
        agreement = make_agreement(self.county)
        self.sign_in(self.county.analyst)
        url = reverse("agreements:follow_up", args=[agreement.uuid])
        for value in ("", "2024-01-01", "not a date"):
            with self.subTest(value=value):
                self.assertEqual(self.client.post(url, {"on": value}).status_code, 400)
        self.assertEqual(self.client.post(url, {"on": "2026-01-10"}).status_code, 302)

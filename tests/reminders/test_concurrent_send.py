"""Two runners of the periodic job at the same time send each reminder exactly once (PostgreSQL,
where two app servers' timers may overlap; SQLite serialises writers anyway)."""

import datetime
import threading
import unittest

from django.core import mail
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import Actor
from reminders import kinds
from reminders.models import Reminder
from reminders.services import reminder_schedule, reminders_send_due
from tests.factories import MembershipFactory, UnitFactory

kinds.register("test_concurrent", label=_("Follow-up"), message=_("Follow up."))
COUNT = 120


@unittest.skipUnless(connection.vendor == "postgresql", "row locks under concurrency: PostgreSQL")
class ConcurrentSendTests(TransactionTestCase):
    def test_two_runners_send_each_reminder_once(self) -> None:
        unit = UnitFactory()
        user = MembershipFactory(unit=unit).user
        actor = Actor(user_id=user.pk, unit_id=unit.pk, role="")
        due = timezone.now() + datetime.timedelta(seconds=1)
        for _n in range(COUNT):
            reminder_schedule(obj=unit, kind="test_concurrent", due_at=due, user=user, actor=actor)
        later = due + datetime.timedelta(seconds=5)

        barrier = threading.Barrier(2)
        results: list[str] = []
        failures: list[BaseException] = []

        def runner() -> None:
            try:
                barrier.wait()
                results.append(reminders_send_due(now=later))
            except BaseException as error:  # noqa: BLE001 - reported to the test below
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=runner) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(failures, [])
        sent = sum(int(result.split()[0]) for result in results)
        self.assertEqual(sent, COUNT)
        self.assertEqual(len(mail.outbox), COUNT)
        self.assertFalse(Reminder.objects.filter(sent_at__isnull=True).exists())
        self.assertEqual(reminders_send_due(now=later), "0 reminder(s) sent")
        self.assertEqual(len(mail.outbox), COUNT)

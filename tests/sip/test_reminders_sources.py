"""Reminders, each sent exactly once on a controlled clock; the deficiency-report entry point."""

import datetime

from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from audit.models import Ground
from reminders.models import Reminder
from reminders.services import reminders_send_due
from sip import reminders as sip_reminders
from sip import services
from sip.sources import invitation_prefill
from tests.personas import CountyTestCase
from tests.sip import world

DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ReminderTests(CountyTestCase):
    def setUp(self) -> None:
        self.by = world.actor(self.county.social_worker, self.county.adult_unit)
        individual = world.person(self.county, 520)
        self.today = timezone.localdate()
        world.sip_consent(self.county, individual, [self.county.adult_unit, self.county.addiction_unit],
                          valid_until=self.today + datetime.timedelta(days=40))  # fmt: skip
        self.sip = world.started(self.county, individual, need_days_ago=3)

    def kinds_sent(self, now: datetime.datetime) -> list[str]:
        before = set(Reminder.objects.filter(sent_at__isnull=False).values_list("pk", flat=True))
        reminders_send_due(now=now)
        return sorted(Reminder.objects.filter(sent_at__isnull=False).exclude(pk__in=before)
                      .values_list("kind", flat=True))  # fmt: skip

    def test_each_kind_is_sent_once_when_due(self) -> None:
        # The invited unit hears of its invitation at once.
        self.assertEqual(self.kinds_sent(timezone.now()), [sip_reminders.INVITED])
        self.assertEqual(self.kinds_sent(timezone.now()), [])
        # Unanswered the morning after the answer date (7 days): the coordinating unit is told.
        self.assertEqual(self.kinds_sent(at(self.today + 7 * DAY)), [])
        self.assertEqual(self.kinds_sent(at(self.today + 8 * DAY)), [sip_reminders.INVITATION_UNANSWERED])
        self.assertEqual(self.kinds_sent(at(self.today + 9 * DAY)), [])
        # Consent ends in 40 days: reminded 14 days before, once.
        self.assertEqual(self.kinds_sent(at(self.today + 25 * DAY)), [])
        self.assertEqual(self.kinds_sent(at(self.today + 26 * DAY)), [sip_reminders.CONSENT_EXPIRING])
        # Not agreed 30 days after the need (recognised 3 days ago): day 27 from today.
        self.assertEqual(self.kinds_sent(at(self.today + 28 * DAY)), [sip_reminders.NOT_AGREED])
        self.assertEqual(self.kinds_sent(at(self.today + 60 * DAY)), [])
        reminder = Reminder.objects.get(kind=sip_reminders.NOT_AGREED)
        self.assertEqual(reminder.unit, self.county.adult_unit)
        self.assertNotIn("Sippa", reminder.message)

    def test_follow_up_due_once_and_rescheduled_when_the_date_changes(self) -> None:
        plan = world.complete_plan(self.county, self.sip, next_follow_up_on=self.today + 20 * DAY)
        sip = services.plan_save(sip=self.sip, revision=self.sip.revision, plan=plan, actor=self.by,
                                 ground=Ground.SIP_CONSENT)  # fmt: skip
        plan = world.complete_plan(self.county, sip, next_follow_up_on=self.today + 10 * DAY)
        sip = services.plan_save(sip=sip, revision=sip.revision, plan=plan, actor=self.by, ground=Ground.SIP_CONSENT)
        pending = Reminder.objects.filter(kind=sip_reminders.FOLLOW_UP_DUE, cancelled_at__isnull=True)
        self.assertEqual(pending.count(), 1)
        self.assertEqual(self.kinds_sent(at(self.today + 9 * DAY)).count(sip_reminders.FOLLOW_UP_DUE), 0)
        self.assertEqual(self.kinds_sent(at(self.today + 10 * DAY)).count(sip_reminders.FOLLOW_UP_DUE), 1)
        self.assertEqual(self.kinds_sent(at(self.today + 21 * DAY)).count(sip_reminders.FOLLOW_UP_DUE), 0)

    def test_an_answer_cancels_the_unanswered_reminder_and_closing_cancels_all(self) -> None:
        invitation = self.sip.invitations.get()
        services.invitation_answer(invitation=invitation, answer="accepted", proposed_time=None, reason="",
                                   actor=world.actor(self.county.nurse, self.county.addiction_unit, "nurse"),
                                   ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertNotIn(sip_reminders.INVITATION_UNANSWERED, self.kinds_sent(at(self.today + 8 * DAY)))
        services.sip_close(sip=self.sip, reason="Vill inte längre", actor=self.by, ground=Ground.SIP_CONSENT)
        self.assertEqual(self.kinds_sent(at(self.today + 100 * DAY)), [])

    def test_the_email_holds_a_link_and_no_personal_data(self) -> None:
        from django.test import override_settings

        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
            with self.captureOnCommitCallbacks(execute=True):
                reminders_send_due(now=timezone.now())
        self.assertTrue(mail.outbox)
        for message in mail.outbox:
            self.assertIn(str(self.sip.uuid), message.body)
            self.assertNotIn("Sippa", message.body + message.subject)
            self.assertNotIn("Planssondotter", message.body + message.subject)


class SourceTests(CountyTestCase):
    def setUp(self) -> None:
        individual = world.person(self.county, 530)
        world.sip_consent(self.county, individual, [self.county.adult_unit, self.county.addiction_unit])
        self.sip = world.started(self.county, individual)
        self.invitation = self.sip.invitations.get()

    def request(self, user):  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/deviations/new/")
        request.user = user
        return request

    def test_a_pending_invitation_within_its_date_starts_no_report(self) -> None:
        self.assertIsNone(invitation_prefill(self.request(self.county.social_worker), str(self.invitation.uuid)))

    def test_a_declined_invitation_prefills_units_and_no_personal_data(self) -> None:
        services.invitation_answer(invitation=self.invitation, answer="declined", proposed_time=None,
                                   reason="Sippa Planssondotter är inte vår patient",
                                   actor=world.actor(self.county.nurse, self.county.addiction_unit, "nurse"),
                                   ground=Ground.SIP_CONSENT)  # fmt: skip
        from django.db import connection

        with connection.cursor() as cursor:  # the reason may name the person: encrypted at rest
            cursor.execute("SELECT decline_reason FROM sip_invitation WHERE id = %s", [self.invitation.pk])
            self.assertNotIn("Sippa", cursor.fetchone()[0])
        values = invitation_prefill(self.request(self.county.social_worker), str(self.invitation.uuid))
        assert values is not None
        self.assertEqual(values["reporting_unit"], str(self.county.adult_unit.uuid))
        self.assertEqual(values["counterpart_units"], [str(self.county.addiction_unit.uuid)])
        self.assertEqual((values["agreement"], values["category"]), ("addiction", "coordination"))
        self.assertEqual(values["happened_on"], timezone.localdate())
        text = " ".join(str(v) for v in values.values())
        for secret in ("Sippa", "Planssondotter", self.sip.individual.identity_number, str(self.sip.uuid)):
            self.assertNotIn(secret, text)

    def test_an_overdue_invitation_prefills_its_answer_date(self) -> None:
        type(self.invitation).objects.filter(pk=self.invitation.pk).update(answer_by=timezone.localdate() - DAY)
        values = invitation_prefill(self.request(self.county.social_worker), str(self.invitation.uuid))
        assert values is not None
        self.assertEqual(values["happened_on"], timezone.localdate() - DAY)

    def test_who_may_not_gets_none(self) -> None:
        type(self.invitation).objects.filter(pk=self.invitation.pk).update(answer_by=timezone.localdate() - DAY)
        key = str(self.invitation.uuid)
        for user in (self.county.nurse, self.county.other_municipality_worker, self.county.analyst,
                     self.county.no_membership):  # fmt: skip
            self.assertIsNone(invitation_prefill(self.request(user), key), user.username)
        for key in ("", "not-a-uuid", "00000000-0000-4000-8000-000000000000", "' OR 1=1 --"):
            self.assertIsNone(invitation_prefill(self.request(self.county.social_worker), key))

    def test_the_plan_page_offers_the_report_when_declined_or_overdue(self) -> None:
        from django.urls import reverse

        self.sign_in(self.county.social_worker)
        url = reverse("sip:detail", args=[self.sip.uuid])
        link = f"?from=sip-invitation:{self.invitation.uuid}"
        self.assertNotContains(self.client.get(url), link)
        type(self.invitation).objects.filter(pk=self.invitation.pk).update(answer_by=timezone.localdate() - DAY)
        self.assertContains(self.client.get(url), link)

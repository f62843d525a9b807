"""The workflow (issue 11 §3): owners, deadlines, answers, decisions, escalation, reopening, the
overdue flag and reminders exactly once on a controlled clock, and nothing deleted."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.test import TestCase, override_settings
from django.utils import timezone

from deviations import services
from deviations.models import Event, Level, Report, State, Step
from reminders.models import Reminder
from reminders.services import reminders_send_due
from tests.deviations.world import DeviationCounty, fresh


def kinds(report: Report) -> list[str]:
    return list(Event.objects.filter(report=report).order_by("at", "pk").values_list("kind", flat=True))


class Workflow(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()

    def test_submitted_goes_to_the_counterpart_units_manager_with_the_countys_deadline(self) -> None:
        report = self.county.submit()
        step = Step.objects.get(report=report)
        self.assertEqual((step.level, step.owner_unit), (Level.COUNTERPART, self.county.addiction_unit))
        self.assertEqual(step.deadline - step.opened_at, datetime.timedelta(days=60))
        self.assertEqual(report.local_council, self.county.local_council)
        told = Reminder.objects.filter(kind="deviation_step", object_id=str(step.pk))
        self.assertEqual(list(told.values_list("user", flat=True)), [self.county.counterpart_manager.pk])

    @override_settings(DEVIATIONS_STEP_DAYS=14)
    def test_the_deadline_is_the_countys_setting(self) -> None:
        step = Step.objects.get(report=self.county.submit())
        self.assertEqual(step.deadline - step.opened_at, datetime.timedelta(days=14))

    def test_two_counterpart_units_each_answer_before_the_reporting_side_decides(self) -> None:
        c = self.county
        report = c.submit(counterpart_units=[c.addiction_unit, c.other_municipality_unit])
        services.report_answer(report=report, unit=c.addiction_unit, user=fresh(c.counterpart_manager),
                               view="Vi hade ingen läkare.", measures="Ny rutin för akuttider.")  # fmt: skip
        report.refresh_from_db()
        self.assertEqual(report.state, State.SUBMITTED)
        services.report_answer(report=report, unit=c.other_municipality_unit, user=fresh(c.other_manager),
                               view="Ärendet var inte vårt.", measures="Inga.")  # fmt: skip
        report.refresh_from_db()
        self.assertEqual(report.state, State.ANSWERED)
        decision = Step.objects.get(report=report, closed_at__isnull=True)
        self.assertEqual((decision.level, decision.owner_unit), (Level.REPORTER, c.adult_unit))

    def test_answer_then_resolved_locally_and_the_reporter_is_told_of_each_step(self) -> None:
        c = self.county
        report = c.submit()
        services.report_answer(report=report, unit=c.addiction_unit, user=fresh(c.counterpart_manager),
                               view="Vi hade ingen läkare.", measures="Ny rutin.")  # fmt: skip
        services.report_resolve(report=report, user=fresh(c.social_worker), text="Svaret räcker.")
        report.refresh_from_db()
        self.assertEqual(report.state, State.RESOLVED)
        self.assertIsNotNone(report.first_answer_at)
        self.assertEqual(report.days_to_resolution, 0)
        self.assertEqual(kinds(report), ["submitted", "answered", "resolved"])
        updates = Reminder.objects.filter(kind="deviation_update", user=c.social_worker)
        self.assertEqual(updates.count(), 1)  # the answer; the reporter resolved it themself
        self.assertFalse(Step.objects.filter(report=report, closed_at__isnull=True).exists())

    def test_escalated_to_the_local_then_the_regional_council_and_resolved_there(self) -> None:
        c = self.county
        report = c.submit()
        services.report_escalate(report=report, user=fresh(c.manager), text="Principiell fråga.")
        report.refresh_from_db()
        self.assertEqual((report.state, report.escalated), (State.LOCAL_COUNCIL, True))
        with self.assertRaises(PermissionDenied):  # another council's member decides nothing here
            services.report_escalate(report=report, user=fresh(c.other_council_member), text="Nej.")
        with self.assertRaises(PermissionDenied):  # the reporter no longer decides at the council
            services.report_resolve(report=report, user=fresh(c.social_worker), text="Klart.")
        services.report_escalate(report=report, user=fresh(c.council_member), text="Länsövergripande.")
        report.refresh_from_db()
        step = Step.objects.get(report=report, closed_at__isnull=True)
        self.assertEqual((report.state, step.owner_council), (State.REGIONAL_COUNCIL, c.regional_council))
        with self.assertRaises(PermissionDenied):  # nothing above the regional council
            services.report_escalate(report=report, user=fresh(c.regional_member), text="Vidare.")
        services.report_resolve(report=report, user=fresh(c.regional_member), text="Ny regional rutin.")
        report.refresh_from_db()
        self.assertEqual(report.state, State.RESOLVED)
        self.assertEqual(kinds(report), ["submitted", "escalated_local", "escalated_regional", "resolved"])

    def test_reopened_at_the_level_it_was_resolved_and_the_old_steps_stay(self) -> None:
        c = self.county
        report = c.submit()
        services.report_escalate(report=report, user=fresh(c.social_worker), text="Lyft.")
        services.report_resolve(report=report, user=fresh(c.council_member), text="Löst.")
        with self.assertRaises(PermissionDenied):
            services.report_reopen(report=report, user=fresh(c.nurse), text="Igen.", council_seat=False)
        services.report_reopen(report=report, user=fresh(c.social_worker), text="Det hände igen.", council_seat=False)
        report.refresh_from_db()
        self.assertEqual((report.state, report.resolved_at), (State.LOCAL_COUNCIL, None))
        self.assertEqual(Step.objects.filter(report=report).count(), 3)
        self.assertEqual(Step.objects.get(report=report, closed_at__isnull=True).owner_council, c.local_council)

    def test_a_decision_needs_its_reasons_and_no_identity_number(self) -> None:
        report = self.county.submit()
        with self.assertRaises(ValidationError):
            services.report_resolve(report=report, user=fresh(self.county.social_worker), text="  ")
        with self.assertRaises(ValidationError):
            services.report_resolve(report=report, user=fresh(self.county.social_worker),
                                    text="Gäller 811218-9876.")  # fmt: skip
        report.refresh_from_db()
        self.assertEqual(report.state, State.SUBMITTED)

    def test_only_the_counterpart_units_manager_answers(self) -> None:
        c = self.county
        report = c.submit()
        for user in (c.nurse, c.manager, c.other_manager):
            with self.assertRaises(PermissionDenied):
                services.report_answer(report=report, unit=c.addiction_unit, user=fresh(user), view="x", measures="y")

    def test_a_principal_alone_goes_to_the_local_council(self) -> None:
        c = self.county
        report = c.submit(counterpart_units=[], counterpart_principals=[c.region])
        step = Step.objects.get(report=report)
        self.assertEqual((report.state, step.owner_council), (State.LOCAL_COUNCIL, c.local_council))

    def test_nothing_is_deleted(self) -> None:
        report = self.county.submit()
        with self.assertRaises(ProtectedError):
            report.delete()


class OverdueOnAControlledClock(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = DeviationCounty()

    def test_flagged_and_reminded_exactly_once(self) -> None:
        report = self.county.submit()
        step = Step.objects.get(report=report)
        before = step.deadline - datetime.timedelta(minutes=1)
        self.assertEqual(services.steps_flag_overdue(now=before), "0 deficiency step(s) flagged overdue")
        after = step.deadline + datetime.timedelta(minutes=1)
        self.assertEqual(services.steps_flag_overdue(now=after), "1 deficiency step(s) flagged overdue")
        self.assertEqual(services.steps_flag_overdue(now=after + datetime.timedelta(days=1)),
                         "0 deficiency step(s) flagged overdue")  # fmt: skip
        step.refresh_from_db()
        self.assertEqual(step.overdue_flagged_at, after)
        overdue = Reminder.objects.filter(kind="deviation_overdue")
        self.assertEqual(list(overdue.values_list("user", flat=True)), [self.county.counterpart_manager.pk])
        self.assertEqual(kinds(report), ["submitted", "overdue"])
        with self.captureOnCommitCallbacks(execute=True):
            reminders_send_due(now=after + datetime.timedelta(minutes=1))
        with self.captureOnCommitCallbacks(execute=True):
            reminders_send_due(now=after + datetime.timedelta(days=2))
        overdue_mails = [m for m in mail.outbox if self.county.counterpart_manager.email in m.to]
        self.assertTrue(overdue_mails)
        self.assertEqual(Reminder.objects.filter(kind="deviation_overdue", sent_at__isnull=False).count(), 1)
        for message in mail.outbox:  # no report text in any e-mail
            self.assertNotIn("Ingen tid", message.body)

    def test_a_step_closed_in_time_is_never_flagged(self) -> None:
        c = self.county
        report = c.submit()
        services.report_answer(report=report, unit=c.addiction_unit, user=fresh(c.counterpart_manager),
                               view="Vy.", measures="Åtgärd.")  # fmt: skip
        answered = Step.objects.get(report=report, level=Level.COUNTERPART)
        services.steps_flag_overdue(now=answered.deadline + datetime.timedelta(days=1))
        answered.refresh_from_db()
        self.assertIsNone(answered.overdue_flagged_at)
        reporter_step = Step.objects.get(report=report, level=Level.REPORTER)
        self.assertIsNotNone(reporter_step.overdue_flagged_at)  # the reporting side's decision is late too
        self.assertLess(timezone.now(), reporter_step.deadline)

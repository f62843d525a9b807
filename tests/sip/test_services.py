"""The SIP's rules, through the real services: the law's five parts, the bad input the issue lists,
timeliness on known dates, versions and their differences."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import override

from agreements.models import InterventionType
from audit.models import Ground
from individuals import services as individual_services
from sip import services, versions
from sip.models import Meeting, Participant, Sip, SipStatus, SipVersion
from sip.selectors import timeliness
from tests.personas import CountyTestCase
from tests.sip import world


def held_meeting(sip: Sip, by, days_ago: int = 1) -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting planned and then recorded as held (its time moved into the past, as time passes)."""
    meeting = services.meeting_plan(sip=sip, starts_at=timezone.now() + datetime.timedelta(hours=1), mode="video",
                                    place="Länk i kallelsen", actor=by, ground=Ground.SIP_CONSENT)  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(days=days_ago))
    meeting.refresh_from_db()
    return services.meeting_record(meeting=meeting, individual_attended=True, individual_words="Jag vill sova.",
                                   minutes="Vi kom överens.", attendees=list(sip.participants.all()), actor=by,
                                   ground=Ground.SIP_CONSENT)  # fmt: skip


class SipServiceTests(CountyTestCase):
    def setUp(self) -> None:
        self.by = world.actor(self.county.social_worker, self.county.adult_unit)
        self.sip = world.full_sip(self.county, 510)

    def save(self, sip: Sip, **changes):  # type: ignore[no-untyped-def]
        return services.plan_save(sip=sip, revision=sip.revision, plan=world.complete_plan(self.county, sip, **changes),
                                  actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip

    def messages(self, exc: ValidationError) -> str:
        return " ".join(exc.messages)

    # --- bad input -------------------------------------------------------------------------------

    def test_no_sip_without_consent_and_the_message_says_what_is_missing(self) -> None:
        individual = world.person(self.county, 511)
        with override("en"), self.assertRaises(ValidationError) as caught:
            world.started(self.county, individual)
        self.assertIn("no consent in force to a coordinated individual plan", self.messages(caught.exception))
        self.assertFalse(Sip.objects.filter(individual=individual).exists())
        # A consent that names only another unit: the message names the coordinating unit.
        world.sip_consent(self.county, individual, [self.county.addiction_unit])
        with override("en"), self.assertRaises(ValidationError) as caught:
            world.started(self.county, individual)
        self.assertIn(f"does not name {self.county.adult_unit.name}", self.messages(caught.exception))

    def test_inviting_a_unit_the_consent_does_not_name_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.participant_add_unit(sip=self.sip, unit=self.county.other_municipality_unit, actor=self.by,
                                          ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertIn("unit", caught.exception.message_dict)
        self.assertFalse(self.sip.participants.filter(unit=self.county.other_municipality_unit).exists())

    def test_agreeing_a_plan_that_lacks_parts_says_which(self) -> None:
        meeting = held_meeting(self.sip, self.by)
        with override("en"), self.assertRaises(ValidationError) as caught:
            services.plan_agree(sip=self.sip, meeting=meeting, actor=self.by, ground=Ground.SIP_CONSENT)
        text = self.messages(caught.exception)
        for part in ("Part 1", "Part 2", "Part 3", "Part 4", "Part 5"):
            self.assertIn(part, text)
        self.save(self.sip, overall_principal=None, other_measures=[], no_other_measures=True)
        with override("en"), self.assertRaises(ValidationError) as caught:
            services.plan_agree(sip=self.sip, meeting=meeting, actor=self.by, ground=Ground.SIP_CONSENT)
        text = self.messages(caught.exception)
        self.assertIn("Part 4", text)
        self.assertNotIn("Part 3", text)  # "none" said explicitly is complete
        self.assertNotIn("Part 1", text)
        self.assertEqual(SipVersion.objects.filter(sip=self.sip).count(), 0)

    def test_a_plan_is_agreed_at_a_held_meeting_only(self) -> None:
        self.save(self.sip)
        planned = services.meeting_plan(sip=self.sip, starts_at=timezone.now() + datetime.timedelta(days=2),
                                        mode="phone", place="", actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            services.plan_agree(sip=self.sip, meeting=planned, actor=self.by, ground=Ground.SIP_CONSENT)
        self.assertIn("meeting", caught.exception.message_dict)

    def test_follow_up_date_in_the_past_is_refused(self) -> None:
        with override("en"), self.assertRaises(ValidationError) as caught:
            self.save(self.sip, next_follow_up_on=timezone.localdate() - datetime.timedelta(days=1))
        self.assertIn("cannot be in the past", caught.exception.message_dict["next_follow_up_on"][0])
        self.sip.refresh_from_db()
        self.assertEqual(self.sip.problem, "")  # nothing half-stored

    def test_intervention_for_a_unit_that_does_not_take_part_is_refused(self) -> None:
        contact_person = InterventionType.objects.get(code="contact-person")
        outsider = services.InterventionInput(self.county.other_municipality_unit, contact_person, "",
                                              timezone.localdate(), None)  # fmt: skip
        with override("en"), self.assertRaises(ValidationError) as caught:
            self.save(self.sip, interventions=[outsider])
        self.assertIn("does not take part in the plan", caught.exception.message_dict["interventions"][0])
        self.assertFalse(self.sip.interventions.exists())

    def test_a_relative_not_accepted_cannot_take_part(self) -> None:
        relative = individual_services.relative_add(
            individual=self.sip.individual, name="Bror Påhittsson", relation="sibling", phone="070-174 06 98",
            may_be_contacted=True, actor=self.by, ground=Ground.RELATION)  # fmt: skip
        with override("en"), self.assertRaises(ValidationError) as caught:
            services.participant_add_relative(sip=self.sip, relative=relative, actor=self.by,
                                              ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertIn("has not accepted", caught.exception.message_dict["relative"][0])
        world.sip_consent(self.county, self.sip.individual, [self.county.adult_unit], relatives=[relative])
        participant = services.participant_add_relative(sip=self.sip, relative=relative, actor=self.by,
                                                        ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertEqual(participant.kind, "relative")

    def test_oversized_minutes_are_refused_with_their_length(self) -> None:
        meeting = services.meeting_plan(
            sip=self.sip,
            starts_at=timezone.now() + datetime.timedelta(hours=1),
            mode="in_person",
            place="Rum 3",
            actor=self.by,
            ground=Ground.SIP_CONSENT,
        )
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
        meeting.refresh_from_db()
        with override("en"), self.assertRaises(ValidationError) as caught:
            services.meeting_record(
                meeting=meeting,
                individual_attended=None,
                individual_words="",
                minutes="x" * 20001,
                attendees=[],
                actor=self.by,
                ground=Ground.SIP_CONSENT,
            )
        self.assertIn("20001 characters", caught.exception.message_dict["minutes"][0])
        meeting.refresh_from_db()
        self.assertFalse(meeting.held)

    def test_two_people_saving_at_once_the_second_is_told_and_nothing_is_lost(self) -> None:
        read_at = self.sip.revision
        first = Sip.objects.get(pk=self.sip.pk)
        second = Sip.objects.get(pk=self.sip.pk)
        services.plan_save(sip=first, revision=read_at, plan=world.complete_plan(self.county, first), actor=self.by,
                           ground=Ground.SIP_CONSENT)  # fmt: skip
        theirs = world.complete_plan(self.county, second, problem="Ett annat problem")
        with self.assertRaises(services.StalePlan) as caught:
            services.plan_save(sip=second, revision=read_at, plan=theirs, actor=self.by, ground=Ground.SIP_CONSENT)
        self.assertEqual(caught.exception.current_revision, read_at + 1)
        self.sip.refresh_from_db()
        self.assertEqual(self.sip.problem, "Dricker mycket; vill behålla lägenheten.")
        changes = versions.diff(versions.snapshot_of_input(self.sip, theirs), versions.snapshot(self.sip))
        self.assertEqual([c.part for c in changes], ["problem"])
        self.assertEqual(changes[0].added, ["Dricker mycket; vill behålla lägenheten."])

    def test_invitation_answers(self) -> None:
        invitation = self.sip.invitations.get()
        nurse = world.actor(self.county.nurse, self.county.addiction_unit, "nurse")
        for answer, proposed, reason, field in (("declined", None, "  ", "reason"),
                                                ("other_time", None, "", "proposed_time"),
                                                ("other_time", timezone.now() - datetime.timedelta(hours=2), "",
                                                 "proposed_time"),
                                                ("maybe", None, "", "answer")):  # fmt: skip
            with self.assertRaises(ValidationError) as caught:
                services.invitation_answer(invitation=invitation, answer=answer, proposed_time=proposed, reason=reason,
                                           actor=nurse, ground=Ground.SIP_CONSENT)  # fmt: skip
            self.assertIn(field, caught.exception.message_dict)
        services.invitation_answer(invitation=invitation, answer="accepted", proposed_time=None, reason="",
                                   actor=nurse, ground=Ground.SIP_CONSENT)  # fmt: skip
        with self.assertRaises(ValidationError):
            services.invitation_answer(invitation=invitation, answer="declined", proposed_time=None, reason="Nej",
                                       actor=nurse, ground=Ground.SIP_CONSENT)  # fmt: skip

    # --- the whole way, timeliness, versions --------------------------------------------------------

    def test_from_need_to_follow_up_with_timeliness_versions_and_diff(self) -> None:
        sip = self.sip
        self.assertEqual(sip.status, SipStatus.INVITED)
        self.save(sip)
        meeting = held_meeting(sip, self.by, days_ago=0)
        version = services.plan_agree(sip=sip, meeting=meeting, actor=self.by, ground=Ground.SIP_CONSENT)
        sip.refresh_from_db()
        self.assertEqual((sip.status, version.number, version.reason), (SipStatus.AGREED, 1, "agreed"))
        with self.assertRaises(ValidationError):  # the individual did not confirm: the reason is needed
            services.confirmation_record(version=version, participant=None, confirmed=False, reason=" ",
                                         actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip
        services.confirmation_record(version=version, participant=None, confirmed=False, reason="Vill läsa först",
                                     actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip
        nurse_unit = Participant.objects.get(sip=sip, unit=self.county.addiction_unit, kind="unit")
        services.confirmation_record(version=version, participant=nurse_unit, confirmed=True, reason="",
                                     actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertEqual(version.confirmations.count(), 2)
        # A change after agreement is a new version naming the part that changed, and who made it.
        sip.refresh_from_db()
        goals = [services.GoalInput("short", "Sova hela nätter", True)]
        self.save(sip, goals=goals)
        second = SipVersion.objects.get(sip=sip, number=2)
        self.assertEqual(
            (second.reason, second.changed, second.created_by_id), ("revised", ["goals"], self.county.social_worker.pk)
        )
        changes = versions.diff(versions.loads(version.snapshot), versions.loads(second.snapshot))
        self.assertEqual(len(changes), 1)
        self.assertIn("[short, own words] Sova hela nätter", changes[0].added)
        self.assertIn("[long] Ha ett arbete", changes[0].removed)
        # The follow-up evaluates every goal and intervention, then decides with a reason.
        sip.refresh_from_db()
        goal = sip.goals.get()
        ivs = list(sip.interventions.all())
        with self.assertRaises(ValidationError) as caught:
            services.follow_up_record(sip=sip, held_on=timezone.localdate(), goal_outcomes={goal.pk: "achieved"},
                                      intervention_outcomes={}, decision="continue", reason="Går bra",
                                      next_follow_up_on=timezone.localdate() + datetime.timedelta(days=90),
                                      actor=self.by, ground=Ground.SIP_CONSENT)  # fmt: skip
        self.assertIn("evaluations", caught.exception.message_dict)
        services.follow_up_record(sip=sip, held_on=timezone.localdate(), goal_outcomes={goal.pk: "partly"},
                                  intervention_outcomes={i.pk: "achieved" for i in ivs}, decision="close",
                                  reason="Målen nådda", next_follow_up_on=None, actor=self.by,
                                  ground=Ground.SIP_CONSENT)  # fmt: skip
        sip.refresh_from_db()
        self.assertEqual((sip.status, sip.closed_on), (SipStatus.CLOSED, timezone.localdate()))
        self.assertEqual(SipVersion.objects.filter(sip=sip).count(), 3)
        with self.assertRaises(ValidationError):
            self.save(sip)  # a closed plan is not changed

    def test_timeliness_on_known_dates(self) -> None:
        sip = self.sip
        sip.need_recognised_on = datetime.date(2026, 3, 2)
        sip.first_invited_on = datetime.date(2026, 3, 5)
        sip.first_meeting_on = datetime.date(2026, 3, 16)
        sip.agreed_on = None
        result = timeliness(sip, today=datetime.date(2026, 4, 1))
        self.assertEqual((result.to_invitation, result.to_first_meeting, result.to_agreed_plan, result.waiting_days),
                         (3, 14, None, 30))  # fmt: skip
        sip.agreed_on = datetime.date(2026, 3, 30)
        result = timeliness(sip, today=datetime.date(2026, 4, 1))
        self.assertEqual((result.to_agreed_plan, result.waiting_days), (28, 0))

    def test_the_services_set_the_timeliness_dates(self) -> None:
        sip = self.sip
        self.assertEqual(sip.first_invited_on, timezone.localdate())
        held_meeting(sip, self.by, days_ago=1)
        sip.refresh_from_db()
        self.assertEqual(sip.first_meeting_on, timezone.localdate() - datetime.timedelta(days=1))
        self.assertEqual(timeliness(sip).to_invitation, 3)

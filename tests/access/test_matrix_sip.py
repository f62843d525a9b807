"""The access matrix for SIPs: who opens a plan, in which state, and what the log says.

Expectations are a table (persona × state → let in or not, and on which ground); every refusal is
the door's 404, logged as denied with the individual, and shows nothing of the person."""

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from access import services as access_services
from access.models import EmergencyReason
from audit.models import AuditEntry, Ground, Outcome
from individuals import services as individual_services
from individuals.models import Consent
from sip import services
from sip.access import sip_grant, sips_visible_to
from sip.models import Participant
from tests.personas import CountyTestCase, sign_in
from tests.sip import world

# The SIP is coordinated by the adult unit (social worker, colleague, manager) and the addiction
# unit (nurse) is invited; consent names both.
IN = "sip_consent"
OUT = None
EMERGENCY = "emergency"
STATES = ("participant", "former_participant", "declined", "withdrawn", "expired_consent", "emergency",
          "not_invited")  # fmt: skip
MATRIX = {
    #                           participant former  declined withdrawn expired emergency not_invited
    "social_worker":            (IN,        IN,     IN,      OUT,      OUT,    IN,       IN),
    "colleague":                (IN,        IN,     IN,      OUT,      OUT,    IN,       IN),
    "manager":                  (IN,        IN,     IN,      OUT,      OUT,    IN,       IN),
    "nurse":                    (IN,        OUT,    OUT,     OUT,      OUT,    IN,       OUT),
    "other_municipality_worker": (OUT,      OUT,    OUT,     OUT,      OUT,    EMERGENCY, OUT),
    "analyst":                  (OUT,       OUT,    OUT,     OUT,      OUT,    OUT,      OUT),
    "admin":                    (OUT,       OUT,    OUT,     OUT,      OUT,    OUT,      OUT),
    "no_membership":            (OUT,       OUT,    OUT,     OUT,      OUT,    OUT,      OUT),
}  # fmt: skip


class SipMatrixTests(CountyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        county = cls.county
        cls.sips = {}
        by = world.actor(county.social_worker, county.adult_unit)
        for serial, state in enumerate(STATES, start=620):
            individual = world.person(county, serial, last_name=f"Matrissip{serial}")
            valid_until = timezone.localdate() + datetime.timedelta(days=1) if state == "expired_consent" else None
            consent = world.sip_consent(county, individual, [county.adult_unit, county.addiction_unit],
                                        valid_until=valid_until)  # fmt: skip
            sip = world.started(county, individual, invite=state != "not_invited")
            if state == "former_participant":
                services.participant_remove(participant=world.taking_part(sip, county.addiction_unit), actor=by,
                                            ground=Ground.SIP_CONSENT)  # fmt: skip
            if state == "declined":
                services.invitation_answer(invitation=sip.invitations.get(), answer="declined", proposed_time=None,
                                           reason="Ingen kapacitet", actor=world.actor(county.nurse,
                                                                                       county.addiction_unit),
                                           ground=Ground.SIP_CONSENT)  # fmt: skip
            if state == "withdrawn":
                individual_services.consent_withdraw(consent=consent, actor=by, ground=Ground.RELATION)
            if state == "expired_consent":
                Consent.objects.filter(pk=consent.pk).update(valid_from=timezone.localdate() - datetime.timedelta(
                    days=30), valid_until=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
            if state == "emergency":
                worker = county.other_municipality_worker
                access_services.emergency_access_start(
                    individual=individual, user=worker, unit=county.other_municipality_unit,
                    reason=EmergencyReason.LIFE_OR_HEALTH, explanation="Medvetslös.",
                    actor=world.actor(worker, county.other_municipality_unit))  # fmt: skip
            cls.sips[state] = sip

    def test_the_policy_decides_as_the_table_says(self) -> None:
        for persona, row in MATRIX.items():
            user = getattr(self.county, persona)
            for state, expected in zip(STATES, row, strict=True):
                with self.subTest(persona=persona, state=state):
                    grant = sip_grant(user, self.sips[state])
                    self.assertEqual(grant.ground if grant else None, expected)

    def test_the_lists_follow_the_same_rule(self) -> None:
        """My SIPs shows exactly the plans the consent ground opens (emergency opens one plan, no list)."""
        for persona, row in MATRIX.items():
            user = getattr(self.county, persona)
            listed = set(sips_visible_to(user).values_list("pk", flat=True))
            expected = {self.sips[s].pk for s, ground in zip(STATES, row, strict=True) if ground == IN}
            self.assertEqual(listed, expected, persona)

    def test_the_page_lets_in_or_answers_the_logged_404(self) -> None:
        for persona, row in MATRIX.items():
            user = getattr(self.county, persona)
            self.client.logout()
            sign_in(self.client, user)
            for state, expected in zip(STATES, row, strict=True):
                sip = self.sips[state]
                last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
                response = self.client.get(reverse("sip:detail", args=[sip.uuid]))
                entries = list(AuditEntry.objects.filter(pk__gt=last, user_id=user.pk))
                with self.subTest(persona=persona, state=state):
                    if expected is None:
                        self.assertEqual(response.status_code, 404)
                        self.assertNotIn(b"Matrissip", response.content)
                        self.assertIn((Outcome.DENIED, sip.individual_id),
                                      [(e.outcome, e.individual_id) for e in entries])  # fmt: skip
                    else:
                        self.assertEqual(response.status_code, 200)
                        self.assertIn((Outcome.ALLOWED, sip.individual_id, expected),
                                      [(e.outcome, e.individual_id, e.ground) for e in entries])  # fmt: skip

    def test_emergency_access_reads_but_never_changes(self) -> None:
        sip = self.sips["emergency"]
        sign_in(self.client, self.county.other_municipality_worker)
        last = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        response = self.client.post(reverse("sip:close", args=[sip.uuid]), {"reason": "Stänger"})
        self.assertEqual(response.status_code, 403)
        sip.refresh_from_db()
        self.assertTrue(sip.is_active)
        denied = AuditEntry.objects.filter(pk__gt=last, outcome=Outcome.DENIED, individual_id=sip.individual_id)
        self.assertTrue(denied.exists())

    def test_withdrawing_consent_ends_sharing_at_once(self) -> None:
        sip = self.sips["participant"]
        sign_in(self.client, self.county.nurse)
        url = reverse("sip:detail", args=[sip.uuid])
        self.assertEqual(self.client.get(url).status_code, 200)
        individual_services.consent_withdraw(consent=sip.consent, actor=world.actor(self.county.social_worker,
                                             self.county.adult_unit), ground=Ground.RELATION)  # fmt: skip
        self.assertEqual(self.client.get(url).status_code, 404)
        sign_in(self.client, self.county.social_worker)  # the coordinating unit too, despite its relation
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_unknown_and_not_yours_cost_and_look_the_same(self) -> None:
        import uuid

        sign_in(self.client, self.county.other_municipality_worker)
        unknown = self.client.get(reverse("sip:detail", args=[uuid.uuid4()]))
        theirs = self.client.get(reverse("sip:detail", args=[self.sips["participant"].uuid]))
        self.assertEqual((unknown.status_code, theirs.status_code), (404, 404))
        self.assertEqual(len(unknown.content), len(theirs.content))

    def test_signed_out_goes_to_sign_in(self) -> None:
        response = self.client.get(reverse("sip:detail", args=[self.sips["participant"].uuid]))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_a_former_participant_unit_is_only_history(self) -> None:
        left = Participant.objects.get(sip=self.sips["former_participant"], unit=self.county.addiction_unit)
        self.assertIsNotNone(left.left_at)

"""Single cases next to the matrix: the two defects it found, and rules it cannot show by itself."""

import datetime

from django.urls import reverse
from django.utils import timezone

from access import services as access_services
from access.models import EmergencyReason
from audit.models import Action, AuditEntry, Ground, Outcome
from audit.services import Actor
from individuals import services
from individuals.identity import parse_identity_number
from individuals.models import Individual
from tests.personas import CountyTestCase


class RefusalTests(CountyTestCase):
    def setUp(self) -> None:
        county = self.county
        self.by_nurse = Actor(user_id=county.nurse.pk, unit_id=county.addiction_unit.pk, role="nurse")
        self.individual: Individual = services.individual_register(
            number=parse_identity_number("19121212-1212"), first_name="Fia", last_name="Fiktivsson",
            municipality=None, unit=county.addiction_unit, contact_kind="treatment", actor=self.by_nurse,

        )  # fmt: skip

    def test_analyst_and_administrator_are_refused_at_the_door_and_logged(self) -> None:
        # Was: 403 from the role check before the door, and nothing in the log.
        for user in (self.county.analyst, self.county.admin, self.county.no_membership):
            self.sign_in(user)
            response = self.client.get(self.individual.get_absolute_url())
            self.assertEqual(response.status_code, 404, user.username)
            self.assertNotContains(response, "Fiktivsson", status_code=404)
            entry = AuditEntry.objects.filter(user=user).latest("pk")
            self.assertEqual((entry.action, entry.outcome, entry.individual_id), (Action.READ, Outcome.DENIED,
                                                                                 self.individual.pk))  # fmt: skip

    def test_a_blocked_units_disclosures_are_hidden_like_its_relations(self) -> None:
        # Was: the blocked unit's disclosure (recipient, unit, who decided) shown to the other units.
        county = self.county
        access_services.disclosure_record(
            individual=self.individual, legal_ground="osl_10_2", recipient="Frivården Hemligstad",
            assessment="Nödvändigt.", user=county.nurse, unit=county.addiction_unit, actor=self.by_nurse,
            ground=Ground.RELATION,
        )  # fmt: skip
        access_services.block_create(individual=self.individual, unit=county.addiction_unit, user=county.nurse,
                                     actor=self.by_nurse, ground=Ground.RELATION)  # fmt: skip
        by_worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        services.relation_open(individual=self.individual, unit=county.adult_unit, contact_kind="support",
                               actor=by_worker)  # fmt: skip
        self.sign_in(county.social_worker)
        response = self.client.get(self.individual.get_absolute_url())
        self.assertContains(response, 'data-testid="blocked"')
        self.assertNotContains(response, "Frivården Hemligstad")
        self.sign_in(county.nurse)  # the blocked unit itself still sees what it holds
        self.assertContains(self.client.get(self.individual.get_absolute_url()), "Frivården Hemligstad")

    def test_emergency_access_is_the_users_own_not_the_units(self) -> None:
        county = self.county
        access_services.emergency_access_start(
            individual=self.individual, user=county.social_worker, unit=county.adult_unit,
            reason=EmergencyReason.LIFE_OR_HEALTH, explanation="Medvetslös.",
            actor=Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker"),
        )  # fmt: skip
        self.sign_in(county.social_worker)
        self.assertEqual(self.client.get(self.individual.get_absolute_url()).status_code, 200)
        for colleague in (county.colleague, county.manager):
            self.sign_in(colleague)
            self.assertEqual(self.client.get(self.individual.get_absolute_url()).status_code, 404, colleague)

    def test_a_sip_consent_not_yet_in_force_or_run_out_gives_nothing(self) -> None:
        today = timezone.localdate()
        day = datetime.timedelta(days=1)
        for valid_from, valid_until in ((today + day, None), (today - 10 * day, today - day)):
            consent = services.consent_record(
                individual=self.individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=False,
                for_relatives=False, parties=[self.county.addiction_unit, self.county.adult_unit], relatives=[],
                form="oral", valid_from=valid_from, valid_until=valid_until, actor=self.by_nurse,
                ground=Ground.RELATION,
            )  # fmt: skip
            self.sign_in(self.county.social_worker)
            self.assertEqual(self.client.get(self.individual.get_absolute_url()).status_code, 404, consent.valid_from)
            services.consent_withdraw(consent=consent, actor=self.by_nurse,
                                      ground=Ground.RELATION)  # fmt: skip

    def test_a_consent_only_for_sharing_is_no_way_in(self) -> None:
        services.consent_record(
            individual=self.individual, given_by="individual", guardian_name="", for_sip=False, for_sharing=True,
            for_relatives=False, parties=[self.county.addiction_unit, self.county.adult_unit], relatives=[],
            form="oral", valid_from=timezone.localdate(), valid_until=None, actor=self.by_nurse,
            ground=Ground.RELATION,
        )  # fmt: skip
        self.sign_in(self.county.social_worker)
        self.assertEqual(self.client.get(reverse("individual_detail", args=[self.individual.uuid])).status_code, 404)

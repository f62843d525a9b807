"""The manager's log review lists people taken on although already registered (issue 7 §5) first,
with the emergency accesses, before refusals and the rest."""

import re

from django.urls import reverse

from audit.models import Action, AuditEntry, Ground
from audit.services import Actor, audit_record
from tests.individuals.base import NUMBER, IndividualTestCase


class TakenOnFirstTests(IndividualTestCase):
    def test_taking_on_an_existing_person_is_listed_first(self) -> None:
        county = self.county
        self.sign_in(county.nurse)
        individual = self.register()
        worker = Actor(user_id=county.social_worker.pk, unit_id=county.adult_unit.pk, role="social_worker")
        refused = audit_record(actor=worker, action=Action.READ, outcome="denied", individual_id=individual.pk)
        sip = audit_record(actor=worker, action=Action.READ, ground=Ground.SIP_CONSENT, individual_id=individual.pk)
        self.sign_in(county.social_worker)
        response = self.client.post(reverse("individual_take_on"),
                                    {"number": NUMBER, "contact_kind": "support", "confirm": "on"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        taken_on = AuditEntry.objects.get(details__taken_on_existing=True)
        self.assertEqual((taken_on.ground, taken_on.unit_id), (Ground.REGISTRATION, county.adult_unit.pk))
        self.sign_in(county.manager)
        page = self.client.get(reverse("log_review")).content.decode()
        ids = [int(i) for i in re.findall(r'name="entries" value="(\d+)"', page)]
        self.assertEqual(ids[0], taken_on.pk)
        self.assertLess(ids.index(refused.pk), ids.index(sip.pk))
        self.assertGreater(ids.index(refused.pk), 0)

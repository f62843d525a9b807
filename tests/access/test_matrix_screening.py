"""Who reaches a stored screening result (the door kind "screening") and who may give an instrument
(the individual's door), as a matrix written out by hand (not computed with the policy's rules).

Two fictional people, each with a result given by the addiction unit (the nurse's):
  alva   current only at the addiction unit
  bo     current only at the addiction unit, with a SIP consent naming the addiction unit and the
         adult unit (the social worker's): the consent opens the parties' records
Cells: 200 let in (allowed entry), 404 the door's refusal (denied entry, nothing of the person),
L signed out (sent to sign in, nothing logged).
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry, Ground, Outcome
from individuals.services import consent_record
from screening.care_services import result_give
from screening.models import InstrumentVersion
from tests.personas import County, sign_in
from tests.screening.care_world import actor, person

MATRIX = """
persona                   alva_result alva_give bo_result bo_give
nurse                     200         200       200       200
social_worker             404         404       200       200
colleague                 404         404       200       200
manager                   404         404       200       200
other_municipality_worker 404         404       404       404
analyst                   404         404       404       404
admin                     404         404       404       404
no_membership             404         404       404       404
anonymous                 L           L         L         L
"""


class ScreeningMatrix(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.county = county = County()
        cls.alva = person(county, 611)
        cls.bo = person(county, 612)
        consent_record(individual=cls.bo, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
                       for_relatives=False, parties=[county.addiction_unit, county.adult_unit], relatives=[],
                       form="written", valid_from=timezone.localdate(), valid_until=None,
                       actor=actor(county.nurse, county.addiction_unit), ground=Ground.RELATION)  # fmt: skip
        version = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)
        cls.results = {
            name: result_give(individual=individual, version=version, answers=[1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
                              sex="female", age=40, setting="new_visit", mode="self",
                              given_on=datetime.date.today(), unit=county.addiction_unit, user=county.nurse)
            for name, individual in (("alva", cls.alva), ("bo", cls.bo))
        }  # fmt: skip

    def urls(self) -> dict[str, tuple[str, object]]:
        return {
            "alva_result": (self.results["alva"].get_absolute_url(), self.alva),
            "alva_give": (reverse("screening:give", args=[self.alva.uuid, "audit"]), self.alva),
            "bo_result": (self.results["bo"].get_absolute_url(), self.bo),
            "bo_give": (reverse("screening:give", args=[self.bo.uuid, "audit"]), self.bo),
        }

    def test_matrix(self) -> None:
        lines = [line.split() for line in MATRIX.strip().splitlines()]
        columns = lines[0][1:]
        urls = self.urls()
        for persona, *cells in lines[1:]:
            for column, expected in zip(columns, cells, strict=True):
                with self.subTest(persona=persona, page=column):
                    url, individual = urls[column]
                    self.client.logout()
                    user = None if persona == "anonymous" else getattr(self.county, persona)
                    if user is not None:
                        sign_in(self.client, user)
                    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                    response = self.client.get(url)
                    entries = AuditEntry.objects.filter(pk__gt=last, individual_id=individual.pk)  # type: ignore[attr-defined]
                    if expected == "L":
                        self.assertEqual(response.status_code, 302)
                        self.assertFalse(entries.exists())
                        continue
                    self.assertEqual(response.status_code, int(expected))
                    outcome = Outcome.ALLOWED if expected == "200" else Outcome.DENIED
                    self.assertTrue(entries.filter(outcome=outcome, user_id=user.pk).exists())  # type: ignore[union-attr]
                    if expected == "404":
                        self.assertNotContains(response, "Provsdotter", status_code=404)

    def test_a_refusal_looks_like_an_unknown_result(self) -> None:
        sign_in(self.client, self.county.social_worker)
        refused = self.client.get(self.results["alva"].get_absolute_url())
        unknown = self.client.get(reverse("screening:result", args=["00000000-0000-4000-8000-000000000000"]))
        self.assertEqual((refused.status_code, unknown.status_code), (404, 404))
        self.assertEqual(refused.templates[0].name if refused.templates else None,
                         unknown.templates[0].name if unknown.templates else None)  # fmt: skip

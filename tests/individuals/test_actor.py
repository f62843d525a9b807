"""The services take the actor: the user a row names (opened, recorded, closed by) is the one the
log names, and a user who is not the actor is refused (issue 7 §3: nothing misattributed)."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry, Ground
from audit.services import Actor
from individuals import services
from individuals.identity import parse_identity_number
from individuals.models import ActiveRelation
from tests.individuals.base import NUMBER, IndividualTestCase


class ActorTests(IndividualTestCase):
    def actor(self, user) -> Actor:  # type: ignore[no-untyped-def]
        return Actor(user_id=user.pk, unit_id=self.county.adult_unit.pk, role="social_worker")

    def test_rows_name_the_actor_and_there_is_no_separate_user(self) -> None:
        worker, colleague = self.county.social_worker, self.county.colleague
        number = parse_identity_number(NUMBER)
        # No separate user to disagree with the actor: the parameter does not exist.
        with pytest.raises(TypeError):
            services.individual_register(number=number, first_name="A", last_name="B", municipality=None,  # type: ignore[call-arg]
                                         unit=self.county.adult_unit, contact_kind="care", actor=self.actor(worker),
                                         user=colleague)  # fmt: skip
        self.assertEqual(ActiveRelation.objects.count(), 0)
        individual = services.individual_register(number=number, first_name="A", last_name="B", municipality=None,
                                                  unit=self.county.adult_unit, contact_kind="care",
                                                  actor=self.actor(worker))  # fmt: skip
        relation = ActiveRelation.objects.get(individual=individual)
        self.assertEqual(relation.opened_by_id, worker.pk)
        services.relation_close(relation=relation, actor=self.actor(colleague), ground=Ground.RELATION)
        relation.refresh_from_db()
        self.assertEqual(relation.closed_by_id, colleague.pk)
        entry = AuditEntry.objects.filter(object_id=str(relation.pk)).latest("id")
        self.assertEqual(entry.user_id, colleague.pk)
        consent = services.consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=False,
            for_relatives=False, parties=[self.county.adult_unit], relatives=[], form="oral",
            valid_from=timezone.localdate(), valid_until=None, actor=self.actor(worker), ground=Ground.RELATION,
        )  # fmt: skip
        self.assertEqual(consent.recorded_by_id, worker.pk)
        with pytest.raises(TypeError):
            services.consent_withdraw(consent=consent, actor=self.actor(worker), user=colleague,  # type: ignore[call-arg]
                                      ground=Ground.RELATION)  # fmt: skip
        with pytest.raises(ValueError):
            services.consent_withdraw(consent=consent, actor=Actor.system(), ground=Ground.RELATION)

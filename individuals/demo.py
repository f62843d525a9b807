"""The demo's fictional individuals and a little staff activity around them (core/demo_registry.py).

Reserve numbers (the region's own format), so no demo number can be a real person's.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from access.models import EmergencyReason
from access.services import emergency_access_start
from accounts.models import User
from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record
from core import demo_registry
from core.crypto import keyed_hash
from core.demo import SUNDSVALL_ADULT
from individuals.identity import parse_identity_number
from individuals.models import Individual
from individuals.services import consent_record, individual_find, individual_register
from organisations.models import Principal, Unit
from organisations.roles import Role


@dataclass(frozen=True)
class DemoIndividual:
    number: str
    first_name: str
    last_name: str
    municipality: str
    unit: str
    contact_kind: str
    sip_consent_with: tuple[str, ...] = ()
    protected: bool = False


INDIVIDUALS = [
    DemoIndividual(
        "19800101-D001",
        "Tolvan",
        "Testsson",
        "Sundsvalls kommun",
        SUNDSVALL_ADULT,
        "investigation",
        sip_consent_with=(SUNDSVALL_ADULT, "Beroendecentrum Sundsvall"),
    ),  # fmt: skip
    DemoIndividual("19850505-D002", "Elva", "Exempelsdotter", "Sundsvalls kommun", SUNDSVALL_ADULT, "treatment"),
    DemoIndividual("19920312-D003", "Kim", "Påhittad", "Timrå kommun", SUNDSVALL_ADULT, "support", protected=True),
    DemoIndividual("19771130-D004", "Alex", "Demoberg", "Sundsvalls kommun", "Beroendecentrum Sundsvall", "care"),
    DemoIndividual(
        "20010707-D005", "Robin", "Fiktivsson", "Härnösands kommun", "Vuxenenheten, Härnösands kommun", "investigation"
    ),  # fmt: skip
]


def load() -> int:
    created = sum(_individual(spec) for spec in INDIVIDUALS)
    if created:
        _history()
    return created


def _individual(spec: DemoIndividual) -> int:
    number = parse_identity_number(spec.number)
    if individual_find(number=number) is not None:
        return 0
    loader = User.objects.get(username="demo.county_admin")
    actor = Actor(user_id=loader.pk, unit_id=None, role="")
    units = {u.name: u for u in Unit.objects.filter(name__in={spec.unit, *spec.sip_consent_with})}
    individual = individual_register(
        number=number,
        first_name=spec.first_name,
        last_name=spec.last_name,
        municipality=Principal.objects.get(name=spec.municipality),
        unit=units[spec.unit],
        contact_kind=spec.contact_kind,
        actor=actor,
    )
    individual.is_fictional = True
    # A reserve number carries no date; the demo numbers start with one, so show it.
    individual.birth_date = datetime.date(int(spec.number[:4]), int(spec.number[4:6]), int(spec.number[6:8]))
    individual.address = "Påhittade vägen 3 (fiktiv)"
    individual.phone = "070-174 06 99"
    individual.protected_identity = spec.protected
    individual.save()
    if spec.sip_consent_with:
        consent_record(
            individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
            for_relatives=False, parties=[units[u] for u in spec.sip_consent_with], relatives=[],
            form="written", valid_from=timezone.localdate(), valid_until=None, actor=actor,
            ground=Ground.REGISTRATION,
        )  # fmt: skip
    return 1


def _history() -> None:
    """A little staff activity, so the manager's log review has something to show (all fictional):
    reads under a relation, an emergency access to someone at another municipality, a refused attempt."""
    worker = User.objects.get(username="demo.social_worker")
    therapist = User.objects.get(username="demo.therapist")
    unit = worker.memberships.get().unit
    as_worker = Actor(user_id=worker.pk, unit_id=unit.pk, role=Role.SOCIAL_WORKER)
    as_therapist = Actor(user_id=therapist.pk, unit_id=unit.pk, role=Role.THERAPIST)
    people = {
        spec.number: Individual.objects.get(identity_hash=keyed_hash(parse_identity_number(spec.number).value))
        for spec in INDIVIDUALS
    }
    for number in ("19800101-D001", "19850505-D002"):
        audit_record(actor=as_worker, action=Action.READ, ground=Ground.RELATION, individual_id=people[number].pk)
    robin = people["20010707-D005"]
    emergency_access_start(
        individual=robin,
        user=worker,
        unit=unit,
        reason=EmergencyReason.LIFE_OR_HEALTH,
        explanation="Demo: akut risk, den enskilde kan inte nås (fiktivt).",
        actor=as_worker,
    )
    audit_record(actor=as_worker, action=Action.READ, ground=Ground.EMERGENCY, individual_id=robin.pk)
    audit_record(actor=as_therapist, action=Action.READ, outcome=Outcome.DENIED,
                 individual_id=people["19771130-D004"].pk)  # fmt: skip


def _showcase_lines() -> list[Promise]:
    # Lazy, so each page shows them in its own language.
    protected = format_lazy(" – {}", _("protected identity"))
    return [
        format_lazy("{}  {} {} ({}){}", s.number, s.first_name, s.last_name, s.unit, protected if s.protected else "")
        for s in INDIVIDUALS
    ]


demo_registry.register_loader("individuals", load, order=20)
demo_registry.register_showcase("individuals", _("Fictional individuals"), _showcase_lines(), order=20)

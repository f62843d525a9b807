"""A SIP for the tests, built with the real services: a fictional person current at the county's
adult unit (the social worker's), a SIP consent naming the adult unit and the addiction unit (the
nurse's), a SIP coordinated by the adult unit with the addiction unit invited."""

import datetime
from typing import Any

from django.utils import timezone

from agreements.models import InterventionType
from audit.models import Ground
from audit.services import Actor
from individuals import services as individual_services
from individuals.identity import parse_identity_number
from individuals.models import Consent, Individual
from organisations.models import Unit
from organisations.roles import Role
from sip import services
from sip.models import Participant, Sip
from tests.access.world import identity_number
from tests.personas import County


def actor(user: Any, unit: Unit, role: str = Role.SOCIAL_WORKER) -> Actor:
    return Actor(user_id=user.pk, unit_id=unit.pk, role=str(role))


def person(county: County, serial: int, *, unit: Unit | None = None, last_name: str = "Planssondotter") -> Individual:
    unit = unit or county.adult_unit
    return individual_services.individual_register(
        number=parse_identity_number(identity_number(serial)), first_name="Sippa", last_name=last_name,
        municipality=county.sundsvall, unit=unit, contact_kind="support",
        actor=actor(county.social_worker, county.adult_unit),
    )  # fmt: skip


def sip_consent(county: County, individual: Individual, parties: list[Unit], *, valid_until: Any = None,
                relatives: list | None = None) -> Consent:  # fmt: skip
    return individual_services.consent_record(
        individual=individual, given_by="individual", guardian_name="", for_sip=True, for_sharing=True,
        for_relatives=bool(relatives), parties=parties, relatives=relatives or [], form="written",
        valid_from=timezone.localdate(), valid_until=valid_until,
        actor=actor(county.social_worker, county.adult_unit), ground=Ground.RELATION,
    )  # fmt: skip


def started(county: County, individual: Individual, *, need_days_ago: int = 3, invite: bool = True) -> Sip:
    """A SIP coordinated by the adult unit; with ``invite``, the addiction unit is invited."""
    by = actor(county.social_worker, county.adult_unit)
    today = timezone.localdate()
    sip = services.sip_start(individual=individual, requested_by="individual", requested_on=today,
                             need_recognised_on=today - datetime.timedelta(days=need_days_ago),
                             coordinating_unit=county.adult_unit, actor=by, ground=Ground.RELATION)  # fmt: skip
    if invite:
        participant = services.participant_add_unit(sip=sip, unit=county.addiction_unit, actor=by,
                                                    ground=Ground.SIP_CONSENT)  # fmt: skip
        services.invitation_send(sip=sip, participant=participant, answer_by=today + datetime.timedelta(days=7),
                                 actor=by, ground=Ground.SIP_CONSENT)  # fmt: skip
    return sip


def full_sip(county: County, serial: int) -> Sip:
    individual = person(county, serial)
    sip_consent(county, individual, [county.adult_unit, county.addiction_unit])
    return started(county, individual)


def complete_plan(county: County, sip: Sip, **changes: Any) -> services.PlanInput:
    """All five parts filled in (the coordinator is the social worker)."""
    today = timezone.localdate()
    values: dict[str, Any] = dict(
        problem="Dricker mycket; vill behålla lägenheten.",
        goals=[services.GoalInput("short", "Sova bättre", True), services.GoalInput("long", "Ha ett arbete", False)],
        interventions=[
            services.InterventionInput(county.adult_unit, InterventionType.objects.get(code="housing-support"),
                                       "Boendestöd två gånger i veckan", today, None),
            services.InterventionInput(county.addiction_unit, InterventionType.objects.get(code="medication-assisted"),
                                       "", today, today + datetime.timedelta(days=180)),
        ],
        other_measures=[services.MeasureInput("Arbetsförmedlingen", "Praktikplats")],
        no_other_measures=False, overall_principal=county.sundsvall, coordinator=county.social_worker,
        next_follow_up_on=today + datetime.timedelta(days=60), children_considered="no_children",
        child_perspective="", violence_result="none", violence_note="", pregnancy="not_applicable",
        target_groups=["comorbidity"],
    )  # fmt: skip
    values.update(changes)
    return services.PlanInput(**values)


def taking_part(sip: Sip, unit: Unit) -> Participant:
    return Participant.objects.get(sip=sip, unit=unit, kind="unit", left_at=None)

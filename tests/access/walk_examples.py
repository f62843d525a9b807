"""Objects of the door's other kinds (a SIP, its invitation) about the URL walk's individuals, so
that every route of those kinds is tried on a real object (tests/access/test_url_walk.py).

Each capability adds a function here that gets the county, the walk's target (current at the adult
unit) and outsider (current only at the addiction unit)."""

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from audit.models import Ground
from individuals.models import Individual
from tests.personas import County


def _sips(county: County, target: Individual, outsider: Individual) -> None:
    """The target's SIP: coordinated by the adult unit, the other municipality's unit invited, under a
    SIP consent naming both (not the addiction unit: the outsider is its patient, and the walk tries
    those let in on the target against the outsider). The outsider's: the addiction unit's alone."""
    from individuals.services import consent_record
    from sip import services
    from tests.sip.world import actor

    today = timezone.localdate()
    for individual, coordinator, unit, parties in (
        (target, county.social_worker, county.adult_unit, [county.adult_unit, county.other_municipality_unit]),
        (outsider, county.nurse, county.addiction_unit, [county.addiction_unit]),
    ):
        by = actor(coordinator, unit)
        consent_record(individual=individual, given_by="individual", guardian_name="", for_sip=True,
                       for_sharing=True, for_relatives=False, parties=parties, relatives=[], form="oral",
                       valid_from=today, valid_until=None, actor=by, ground=Ground.RELATION)  # fmt: skip
        sip = services.sip_start(individual=individual, requested_by="individual", requested_on=today,
                                 need_recognised_on=today, coordinating_unit=unit, actor=by,
                                 ground=Ground.RELATION)  # fmt: skip
        invited = parties[-1]
        participant = services.participant_add_unit(sip=sip, unit=invited, actor=by, ground=Ground.SIP_CONSENT)
        services.invitation_send(sip=sip, participant=participant, answer_by=today + datetime.timedelta(days=7),
                                 actor=by, ground=Ground.SIP_CONSENT)  # fmt: skip


def _screenings(county: County, target: Individual, outsider: Individual) -> None:
    """A result each: the target's given at the adult unit, the outsider's at the addiction unit."""
    from screening.care_services import result_give
    from screening.models import InstrumentVersion

    version = InstrumentVersion.objects.get(instrument__code="audit", is_current=True)
    for individual, unit, user in ((target, county.adult_unit, county.social_worker),
                                   (outsider, county.addiction_unit, county.nurse)):  # fmt: skip
        result_give(individual=individual, version=version, answers=[1, 1, 1, 0, 0, 0, 0, 0, 0, 0], sex="female",
                    age=40, setting="new_visit", mode="self", given_on=timezone.localdate(), unit=unit,
                    user=user)  # fmt: skip


PREPARE: list[Callable[[County, Individual, Individual], Any]] = [_sips, _screenings]


def prepare(county: County, target: Individual, outsider: Individual) -> None:
    for make in PREPARE:
        make(county, target, outsider)

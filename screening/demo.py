"""Demo results over time for the fictional individuals (core/demo_registry.py; after the
individuals and the instruments). Idempotent: an individual who has results already gets none.

  Alex Demoberg (19771130-D004), Beroendecentrum Sundsvall (demo.nurse): AUDIT falling from
  harmful use to low risk over a year, DUDIT, brief advice with MI, a DSM-5 checklist, an ASI.
  Tolvan Testsson (19800101-D001), the adult unit in Sundsvall (demo.social_worker): AUDIT and
  DUDIT at the new visit and at follow-ups.
  Elva Exempelsdotter (19850505-D002), the adult unit: PGSI twice.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import demo_registry
from core.crypto import keyed_hash
from individuals.identity import parse_identity_number
from individuals.models import Individual
from organisations.models import Unit
from screening.care_services import age_on, checklist_record, interview_record
from screening.models import InstrumentVersion
from screening.models_care import Result
from screening.scoring import score

# (number, username, instrument, [(days ago, setting, answers)])
SERIES = [
    ("19771130-D004", "demo.nurse", "audit", [
        (360, "new_visit", [3, 3, 2, 2, 1, 1, 2, 1, 2, 2]),
        (270, "follow_up", [3, 2, 2, 1, 1, 1, 1, 1, 0, 2]),
        (180, "follow_up", [2, 2, 1, 1, 0, 1, 1, 0, 0, 2]),
        (90, "after_treatment", [2, 1, 1, 0, 0, 0, 1, 0, 0, 2]),
        (10, "follow_up", [1, 1, 1, 0, 0, 0, 0, 0, 0, 2]),
    ]),
    ("19771130-D004", "demo.nurse", "dudit", [
        (360, "new_visit", [2, 1, 1, 1, 1, 1, 1, 0, 1, 0, 2]),
        (180, "follow_up", [1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 2]),
        (10, "follow_up", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]),
    ]),
    ("19800101-D001", "demo.social_worker", "audit", [
        (200, "new_visit", [4, 2, 3, 2, 2, 1, 2, 1, 0, 4]),
        (100, "follow_up", [3, 2, 2, 1, 1, 1, 2, 1, 0, 4]),
        (20, "follow_up", [3, 1, 2, 1, 1, 0, 1, 0, 0, 4]),
    ]),
    ("19800101-D001", "demo.social_worker", "dudit", [(200, "new_visit", [0] * 11)]),
    ("19850505-D002", "demo.social_worker", "pgsi", [
        (150, "new_visit", [2, 1, 2, 1, 1, 1, 1, 1, 2]),
        (30, "follow_up", [1, 0, 1, 0, 1, 0, 1, 0, 1]),
    ]),
]  # fmt: skip


def _person(number: str) -> Individual | None:
    hashed = keyed_hash(parse_identity_number(number).value)
    return Individual.objects.filter(identity_hash=hashed).first()


def load() -> int:
    created = 0
    done: set[int] = set()
    today = timezone.localdate()
    for number, username, code, rows in SERIES:
        individual = _person(number)
        user = User.objects.filter(username=username).first()
        version = InstrumentVersion.objects.filter(instrument__code=code, is_current=True).first()
        if individual is None or user is None or version is None:
            continue
        if individual.pk not in done and Result.objects.filter(individual=individual).exists():
            continue  # loaded before
        done.add(individual.pk)
        unit = user.memberships.get().unit
        # The demo records' legal sex may be unknown: then a zone that depends on it is withheld, as in care.
        sex = individual.legal_sex if individual.legal_sex in ("female", "male") else None
        for days_ago, setting, answers in rows:
            day = today - datetime.timedelta(days=days_ago)
            scored = score(version.parsed, answers, sex=sex, age=age_on(individual.birth_date, day))
            Result.objects.create(
                individual=individual, version=version, unit=unit, given_by=user, given_on=day, setting=setting,
                mode="self" if setting == "new_visit" else "interview", answers=answers, scoring=scored.as_dict(),
                total=scored.total, zone=scored.zone.code if scored.zone else "", positive=scored.positive,
                brief_advice=scored.positive, advice_method="motivational_interviewing" if scored.positive else "",
                advice_recorded_at=timezone.now(), advice_recorded_by=user,
            )  # fmt: skip
            created += 1
        if number == "19771130-D004" and code == "audit":
            created += _assessments(individual, user, unit, today)
    return created


def _assessments(individual: Individual, user: User, unit: Unit, today: datetime.date) -> int:
    checklist_record(individual=individual, system="dsm5_sud", substance="F10",
                     ticked=["larger_amounts", "cut_down", "craving", "role_failure", "tolerance"],
                     supervised_treatment=False, assessed_on=today - datetime.timedelta(days=350), unit=unit,
                     user=user)  # fmt: skip
    interview_record(individual=individual, instrument="asi", kind="intake",
                     done_on=today - datetime.timedelta(days=345), interviewer=user,
                     certification="ASI-grundutbildning 2024 (fiktiv)",
                     ratings={"physical_health": 3, "work_support": 5, "alcohol": 7, "drugs": 4, "legal": 1,
                              "family_social": 5, "mental_health": 4},
                     unit=unit, user=user)  # fmt: skip
    return 2


def _showcase_lines() -> list[Any]:
    return [
        _("Alex Demoberg (demo.nurse): AUDIT falling over a year, DUDIT, a DSM-5 checklist and an ASI."),
        _("Tolvan Testsson (demo.social_worker): AUDIT and DUDIT at the new visit and follow-ups."),
        _("Unit manager (demo.unit_manager): Screening coverage of new visits."),
    ]


demo_registry.register_loader("screening_care", load, order=60)
demo_registry.register_showcase("screening_care", _("Screening over time"), _showcase_lines(), order=60)

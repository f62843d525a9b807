"""Synthetic screening results for the benchmark (core.synthetic_registry; issue 10, "Performance":
"the individual's page with 200 results").

The bench's individual_page (individuals/bench_pages.py) visits the first 50 individuals current at
the bench user's unit, which bench/prepare.py chooses as the median active unit by name. Those 50
get RESULTS_EACH results each here (AUDIT and DUDIT over the past years, scored by the one scoring
service, given at that unit), so that page is measured with 200 results per person. Everything is
fiction; rows go in with bulk_create.
"""

import datetime
from typing import Any

from core import synthetic_registry
from core.synthetic_registry import County
from individuals.models import ActiveRelation
from organisations.models import Membership, Unit
from screening.models import InstrumentVersion
from screening.models_care import Result, Setting
from screening.scoring import score

PEOPLE = 50  # as many as individual_page visits
RESULTS_EACH = 200
AUDIT_SHARE = 0.6
BATCH = 2000


def _bench_unit() -> Unit | None:
    units = list(Unit.objects.filter(is_active=True).order_by("name"))
    return units[len(units) // 2] if units else None


def generate(county: County) -> dict[str, int]:
    unit = _bench_unit()
    versions = {
        v.instrument.code: v for v in InstrumentVersion.objects.select_related("instrument").filter(is_current=True)
    }
    staff = Membership.objects.filter(unit=unit).values_list("user_id", flat=True).first() if unit else None
    if unit is None or staff is None or not {"audit", "dudit"} <= set(versions):
        return {"screening_results": 0}
    relations = ActiveRelation.objects.current().filter(unit=unit).order_by("started_on", "id")[:PEOPLE]
    rows: list[Result] = []
    created = 0
    for relation in relations:
        rows.extend(_results(county, relation.individual_id, unit, staff, versions))
        if len(rows) >= BATCH:
            created += len(Result.objects.bulk_create(rows))
            rows = []
    created += len(Result.objects.bulk_create(rows))
    return {"screening_results": created}


def _results(county: County, individual_id: int, unit: Unit, user_id: int, versions: dict[str, Any]) -> list[Result]:
    rng = county.rng
    rows = []
    for index in range(RESULTS_EACH):
        code = "audit" if rng.random() < AUDIT_SHARE else "dudit"
        version = versions[code]
        definition = version.parsed
        answers: list[int | None] = [rng.choice(item.points) for item in definition.items]
        for rule in definition.skip_rules:  # answered as the form is: skipped items left empty
            if answers[rule.item - 1] == rule.points:
                for number in rule.skip:
                    answers[number - 1] = None
        scored = score(definition, answers, sex=rng.choice(("female", "male")), age=None)
        given_on = county.today - datetime.timedelta(days=7 * (RESULTS_EACH - index))
        rows.append(Result(
            individual_id=individual_id, version=version, unit=unit, given_by_id=user_id, given_on=given_on,
            setting=Setting.NEW_VISIT if index == 0 else Setting.FOLLOW_UP, mode="interview", answers=answers,
            scoring=scored.as_dict(), total=scored.total, zone=scored.zone.code if scored.zone else "",
            positive=scored.positive,
        ))  # fmt: skip
    return rows


synthetic_registry.register("screening_care", generate, order=60)

"""Synthetic deficiency reports for the benchmark (core/synthetic_registry.py).

One report per individual in the county's services (the default county of 50 000 individuals gets
50 000 reports), spread over two years, between municipalities' and the region's units, in every
state, with their counterparts, steps and history: written with bulk_create in batches, so the
50 000 take seconds, not a request each. The county's councils are made here if the county has none
(a local council per municipality and the regional council). All fiction.
"""

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone

from core import synthetic_registry
from deviations.models import Agreement, Category, Counterpart, Event, Level, Report, Severity, State, Step
from organisations.models import Council, CouncilKind, Membership, Principal, PrincipalKind

BATCH = 2000
REPORTS_PER_INDIVIDUAL = 1.0
DAYS_BACK = 730
# State by share: half resolved, the rest at every step.
STATES = [(State.RESOLVED, 50), (State.SUBMITTED, 20), (State.ANSWERED, 15), (State.LOCAL_COUNCIL, 10),
          (State.REGIONAL_COUNCIL, 5)]  # fmt: skip
WHAT = "Syntetisk rapport: samverkan brast vid överlämning mellan verksamheterna."
CONSEQUENCE = "Syntetisk: insatsen försenades."


def _councils() -> tuple[dict[int, int], int]:
    """{municipality id: local council id} and the regional council's id, made if missing."""
    regional = Council.objects.filter(kind=CouncilKind.REGIONAL).first()
    if regional is None:
        regional = Council.objects.create(name="Regionalt samråd (syntetiskt)", kind=CouncilKind.REGIONAL)
    local = dict(Council.objects.filter(kind=CouncilKind.LOCAL).values_list("municipality_id", "pk"))
    for municipality in Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).exclude(pk__in=local):
        council = Council.objects.create(name=f"Lokalt samråd {municipality.name}", kind=CouncilKind.LOCAL,
                                         municipality=municipality)  # fmt: skip
        local[municipality.pk] = council.pk
    return local, regional.pk


def _choose_state(rng: random.Random) -> str:
    return rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES])[0]


class _Maker:
    def __init__(self, county: synthetic_registry.County) -> None:
        self.rng = county.rng
        self.now = timezone.now()
        self.local, self.regional = _councils()
        kinds = dict(Principal.objects.values_list("pk", "kind"))
        self.units = [u for u in county.units if kinds.get(u.principal_id) in (PrincipalKind.MUNICIPALITY,
                                                                                 PrincipalKind.REGION)]  # fmt: skip
        self.municipal = [u for u in self.units if kinds[u.principal_id] == PrincipalKind.MUNICIPALITY]
        self.regional_units = [u for u in self.units if kinds[u.principal_id] == PrincipalKind.REGION]
        self.staff: dict[int, list[int]] = {}
        for user_id, unit_id in Membership.objects.filter(unit__in=self.units, ended_at__isnull=True).values_list(
            "user_id", "unit_id"
        ):
            self.staff.setdefault(unit_id, []).append(user_id)
        self.days = datetime.timedelta(days=settings.DEVIATIONS_STEP_DAYS)

    def report(self) -> tuple[Report, Any]:
        rng = self.rng
        sample = rng.sample(self.units, min(5, len(self.units)))  # a tiny county may have fewer than five units
        reporting = rng.choice([u for u in sample if u.pk in self.staff] or self.units)
        municipal = reporting.principal_id in self.local
        homeless = municipal and rng.random() < 0.05
        pool = self.municipal if homeless or not municipal else self.regional_units
        if not pool:  # a very small county may have no unit of the other kind
            pool = [u for u in self.units if u.principal_id != reporting.principal_id] or self.units
        counterpart = rng.choice(pool)
        while counterpart.pk == reporting.pk and len(pool) > 1:
            counterpart = rng.choice(pool)
        submitted = self.now - datetime.timedelta(days=rng.random() * DAYS_BACK)
        state = _choose_state(rng)
        if submitted > self.now - datetime.timedelta(days=3):
            state = State.SUBMITTED
        municipality = reporting.principal_id if reporting.principal_id in self.local else counterpart.principal_id
        report = Report(
            agreement=Agreement.HOMELESSNESS
            if homeless
            else rng.choice([Agreement.ADDICTION, Agreement.PSYCHIATRY, Agreement.GAMBLING]),
            happened_on=(submitted - datetime.timedelta(days=rng.randint(0, 20))).date(),
            reporter_id=rng.choice(self.staff.get(reporting.pk) or [next(iter(self.staff.values()))[0]]),
            reporting_unit_id=reporting.pk,
            reporting_principal_id=reporting.principal_id,
            category=rng.choice(Category.values),
            what_happened=WHAT,
            consequence=CONSEQUENCE,
            severity=rng.choice(Severity.values),
            anonymous=rng.random() < 0.3,
            state=state,
            local_council_id=self.local.get(municipality),
            submitted_at=submitted,
        )
        age = max(1, (self.now - submitted).days)
        answer_days = rng.randint(1, min(90, age))
        if state != State.SUBMITTED:
            report.first_answer_at = submitted + datetime.timedelta(days=answer_days)
            report.days_to_first_answer = answer_days
        if state in (State.LOCAL_COUNCIL, State.REGIONAL_COUNCIL) or (state == State.RESOLVED and rng.random() < 0.2):
            report.escalated = True
        if state == State.RESOLVED:
            total = min(age, answer_days + rng.randint(0, 120))
            report.resolved_at = submitted + datetime.timedelta(days=total)
            report.days_to_resolution = total
        return report, counterpart

    def steps(self, report: Report, counterpart: Any) -> list[Step]:
        """The counterpart's step, and the step the case is at now (closed when resolved)."""
        first = Step(report=report, level=Level.COUNTERPART, owner_unit_id=counterpart.pk,
                     opened_at=report.submitted_at, deadline=report.submitted_at + self.days)  # fmt: skip
        if report.state == State.SUBMITTED:
            return [first]
        answered = report.first_answer_at or report.submitted_at
        first.closed_at, first.decision = answered, "answered"
        level, unit, council = Level.REPORTER, report.reporting_unit_id, None  # type: tuple[str, int | None, int | None]
        if report.state == State.LOCAL_COUNCIL or (report.escalated and report.local_council_id):
            level, unit, council = Level.LOCAL_COUNCIL, None, report.local_council_id
        if report.state == State.REGIONAL_COUNCIL:
            level, unit, council = Level.REGIONAL_COUNCIL, None, self.regional
        second = Step(report=report, level=level, owner_unit_id=unit, owner_council_id=council, opened_at=answered,
                      deadline=answered + self.days)  # fmt: skip
        if report.resolved_at:
            second.closed_at, second.decision = max(report.resolved_at, answered), "resolved"
        return [first, second]

    def events(self, report: Report) -> list[Event]:
        events = [Event(report=report, kind="submitted", to_state=State.SUBMITTED, at=report.submitted_at)]
        if report.first_answer_at:
            events.append(Event(report=report, kind="answered", from_state=State.SUBMITTED, to_state=State.ANSWERED,
                                at=report.first_answer_at))  # fmt: skip
        if report.resolved_at:
            events.append(Event(report=report, kind="resolved", to_state=State.RESOLVED, at=report.resolved_at))
        return events


def generate(county: synthetic_registry.County) -> dict[str, int]:
    total = round(county.scale.individuals * REPORTS_PER_INDIVIDUAL)
    maker = _Maker(county)
    made = {"deficiency_reports": 0, "deficiency_steps": 0, "deficiency_events": 0}
    if len(maker.units) < 2 or not maker.staff:
        return made
    for start in range(0, total, BATCH):
        pairs = [maker.report() for _ in range(min(BATCH, total - start))]
        reports = Report.objects.bulk_create([report for report, _unit in pairs])
        _counterparts(reports, [unit for _report, unit in pairs])
        steps = [step for report, (_r, unit) in zip(reports, pairs, strict=True) for step in maker.steps(report, unit)]
        Step.objects.bulk_create(steps)
        events = [event for report in reports for event in maker.events(report)]
        Event.objects.bulk_create(events)
        made["deficiency_reports"] += len(reports)
        made["deficiency_steps"] += len(steps)
        made["deficiency_events"] += len(events)
    return made


def _counterparts(reports: Sequence[Report], units: Sequence[Any]) -> None:
    Counterpart.objects.bulk_create(
        [Counterpart(report=r, unit_id=u.pk, principal_id=u.principal_id) for r, u in zip(reports, units, strict=True)]
    )


synthetic_registry.register("deviations", generate, order=60)

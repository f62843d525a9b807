"""Reads of agreements and the responsibility matrix, for the views, the panel and the unit page.
Each answers in a fixed number of queries, whatever the number of rows."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from agreements.models import AgreedResponsibility, Agreement, InterventionType, Provision
from organisations.models import Principal, PrincipalKind, Unit

EXPIRY_NOTICE = datetime.timedelta(days=90)  # an agreement about to expire: a quarter ahead
FOLLOW_UP_NOTICE = datetime.timedelta(days=30)  # the annual follow-up: a month ahead


def agreements_list() -> QuerySet[Agreement]:
    return Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=Principal.objects.order_by("kind", "name"))
    ).order_by("scope", "-valid_from", "title")


def agreement_get(*, uuid: Any) -> Agreement:
    return (
        Agreement.objects.select_related("process_leader")
        .prefetch_related(
            Prefetch("parties", queryset=Principal.objects.order_by("kind", "name")),
            "bodies",
            "documents",
            Prefetch(
                "responsibilities",
                queryset=AgreedResponsibility.objects.select_related("intervention_type").prefetch_related(
                    Prefetch(
                        "provisions",
                        queryset=Provision.objects.select_related("unit", "municipality").order_by(
                            "municipality__name", "unit__name"
                        ),
                    )  # fmt: skip
                ),
            ),
        )
        .get(uuid=uuid)
    )


def agreements_needing_attention(today: datetime.date) -> list[Agreement]:
    """Agreements in force or ahead that expire within EXPIRY_NOTICE, or whose follow-up is due
    within FOLLOW_UP_NOTICE (or overdue)."""
    rows = Agreement.objects.filter(
        Q(valid_to__gte=today, valid_to__lte=today + EXPIRY_NOTICE)
        | (Q(revision_due__lte=today + FOLLOW_UP_NOTICE) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today)))
    ).order_by("valid_to", "revision_due", "title")
    return list(rows)


def expires_soon(agreement: Agreement, today: datetime.date) -> bool:
    return agreement.valid_to is not None and today <= agreement.valid_to <= today + EXPIRY_NOTICE


def follow_up_due(agreement: Agreement, today: datetime.date) -> bool:
    return agreement.revision_due is not None and agreement.revision_due <= today + FOLLOW_UP_NOTICE


@dataclass
class MatrixRow:
    intervention: InterventionType
    rows: list[AgreedResponsibility] = field(default_factory=list)  # one per agreement that names it
    providers: dict[int, list[Unit]] = field(default_factory=dict)  # municipality id → units
    cells: list[list[Unit]] = field(default_factory=list)  # the units, in the matrix's municipality order


@dataclass
class Matrix:
    municipalities: list[Principal]
    rows: list[MatrixRow]


def matrix_build(*, agreement: Agreement | None = None, municipality: Principal | None = None) -> Matrix:
    """Every active intervention type, who is responsible under which agreement, and which units
    provide it in each municipality: four queries."""
    municipalities = list(Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True).order_by("name"))
    if municipality is not None:
        municipalities = [m for m in municipalities if m.pk == municipality.pk]
    responsibilities = AgreedResponsibility.objects.select_related("agreement").order_by("agreement__title")
    provisions = Provision.objects.select_related("unit", "responsibility").filter(unit__is_active=True)
    if agreement is not None:
        responsibilities = responsibilities.filter(agreement=agreement)
        provisions = provisions.filter(responsibility__agreement=agreement)
    if municipality is not None:
        provisions = provisions.filter(municipality=municipality)
    rows = {t.pk: MatrixRow(t) for t in InterventionType.objects.filter(is_active=True)}
    for row in responsibilities:
        if row.intervention_type_id in rows:
            rows[row.intervention_type_id].rows.append(row)
    for provision in provisions.order_by("unit__name"):
        matrix_row = rows.get(provision.responsibility.intervention_type_id)
        if matrix_row is not None:
            units = matrix_row.providers.setdefault(provision.municipality_id, [])
            if provision.unit not in units:
                units.append(provision.unit)
    for matrix_row in rows.values():
        matrix_row.cells = [matrix_row.providers.get(m.pk, []) for m in municipalities]
    return Matrix(municipalities, list(rows.values()))


def who_does(*, intervention_type: InterventionType, municipality: Principal) -> list[Provision]:
    """Who provides ``intervention_type`` for a person in ``municipality``, under which agreement
    and whose responsibility: one query, ordered by unit."""
    return list(
        Provision.objects.filter(
            responsibility__intervention_type=intervention_type, municipality=municipality, unit__is_active=True
        )
        .select_related("unit", "unit__principal", "responsibility", "responsibility__agreement")
        .order_by("unit__name", "responsibility__agreement__title")
    )


def unit_offers(unit: Unit) -> list[dict[str, Any]]:
    """What ``unit`` offers under which agreement, for whom: one query, grouped by intervention
    and agreement, the municipalities listed together."""
    provisions = (
        Provision.objects.filter(unit=unit)
        .select_related("municipality", "responsibility__agreement", "responsibility__intervention_type")
        .order_by("responsibility__intervention_type__order", "responsibility__agreement__title", "municipality__name")
    )
    grouped: dict[int, dict[str, Any]] = {}
    for provision in provisions:
        row = provision.responsibility
        entry = grouped.setdefault(row.pk, {"responsibility": row, "municipalities": []})
        entry["municipalities"].append(provision.municipality)
    return list(grouped.values())

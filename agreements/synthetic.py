"""Bench data (core/synthetic_registry.py): one agreement per scope between the region and every
municipality, the matrix filled with every intervention type, and each unit providing a few of
them to the municipalities it serves (fiction, like all synthetic data)."""

import datetime

from agreements.models import AgreedResponsibility, Agreement, InterventionType, Provision, Scope
from core import synthetic_registry
from organisations.models import Principal, PrincipalKind, Unit

PER_UNIT = 4  # interventions each unit provides


def generate(county: synthetic_registry.County) -> dict[str, int]:
    rng = county.rng
    parties = list(Principal.objects.filter(kind__in=[PrincipalKind.REGION, PrincipalKind.MUNICIPALITY]))
    types = list(InterventionType.objects.filter(is_active=True))
    rows: list[AgreedResponsibility] = []
    for scope in Scope:
        agreement = Agreement.objects.create(
            title=f"Överenskommelse ({scope.label}, syntetisk)", scope=scope, adopted_on=datetime.date(2024, 1, 15),
            valid_from=datetime.date(2024, 2, 1),
            revision_due=county.today + datetime.timedelta(days=rng.randint(5, 400)),
        )  # fmt: skip
        agreement.parties.set(parties)
        rows.extend(
            AgreedResponsibility.objects.bulk_create(
                [
                    AgreedResponsibility(agreement=agreement, intervention_type=t, responsible=t.responsibility)
                    for t in types
                ]  # fmt: skip
            )
        )
    served: dict[int, list[int]] = {}
    for unit_id, municipality_id in Unit.serves_municipalities.through.objects.values_list("unit_id", "principal_id"):
        served.setdefault(unit_id, []).append(municipality_id)
    provisions: list[Provision] = []
    for unit in county.units:
        municipalities = served.get(unit.pk) or []
        for row in rng.sample(rows, min(PER_UNIT, len(rows))):
            provisions.extend(Provision(responsibility=row, unit_id=unit.pk, municipality_id=m) for m in municipalities)
    Provision.objects.bulk_create(provisions, batch_size=2000, ignore_conflicts=True)
    return {"agreements": len(Scope), "responsibilities": len(rows), "provisions": len(provisions)}


synthetic_registry.register("agreements", generate, order=40)

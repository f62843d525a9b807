"""The demo county's councils (core/demo_registry.py): a local council per municipality with the
region, and the regional council of them all. Names and principals from core/demo.py."""

from core import demo, demo_registry
from organisations.models import Council, CouncilKind, Principal


def load() -> int:
    principals = {p.name: p for p in Principal.objects.filter(name__in=[demo.REGION, *demo.MUNICIPALITIES])}
    region = principals[demo.REGION]
    created = 0
    for municipality, name in demo.LOCAL_COUNCILS.items():
        council, new = Council.objects.get_or_create(
            name=name, defaults={"kind": CouncilKind.LOCAL, "municipality": principals[municipality]}
        )
        if new:
            council.full_clean()
            council.principals.set([principals[municipality], region])
        created += new
    council, new = Council.objects.get_or_create(name=demo.REGIONAL_COUNCIL, defaults={"kind": CouncilKind.REGIONAL})
    if new:
        council.full_clean()
        council.principals.set([region, *(principals[m] for m in demo.MUNICIPALITIES)])
    return created + new


# Before the capabilities' demo records, which may refer to the councils.
demo_registry.register_loader("councils", load, order=5)

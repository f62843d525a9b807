"""The demo county, enriched for the guide (core/demo_registry.py): opening hours the guide can
read as data, distinct fictional addresses, directions, and the services, ages and municipalities
that give every municipality an answer for every question (tests/directory/test_demo_coverage.py).

It only changes the demo units core/demo.py creates (the organisations' demo stays as it is);
idempotent: a second run finds everything in place and changes nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import demo, demo_registry
from directory.models import UnitDirections
from organisations.models import Principal, Service, ServiceCode, Unit

S = ServiceCode
# Fictional street names; postal codes of the towns' centres.
POSTAL_CODES = {
    "Sundsvall": "85230", "Timrå": "86130", "Härnösand": "87130", "Kramfors": "87230",
    "Sollefteå": "88130", "Örnsköldsvik": "89130", "Ånge": "84130",
}  # fmt: skip


@dataclass(frozen=True)
class Enrichment:
    opening_hours: str
    street: str
    directions: str
    add_services: tuple[str, ...] = ()
    add_serves: tuple[str, ...] = ()


ALL = tuple(demo.ALL_MUNICIPALITIES)
ENRICHMENTS: dict[str, Enrichment] = {
    "Gemensam mottagning beroende Sundsvall": Enrichment(
        "Mån–fre 8–17, lör 10–14",
        "Köpmangatan 5 (fiktiv)",
        "Buss 1 till Stora torget, två minuter att gå. Entré från gården, hiss finns (fiktivt).",
        add_services=(S.PSYCHOSOCIAL_TREATMENT, S.YOUTH_SUPPORT),
    ),
    "Beroendecentrum Sundsvall": Enrichment(
        "Mån–tors 8–16.30, fre 8–15",
        "Sjukhusvägen 10, hus 4 (fiktiv)",
        "Buss 2 till sjukhuset, hållplats Huvudentrén; följ skyltarna till hus 4 (fiktivt).",
        add_services=(S.COUNSELLING, S.INVESTIGATION),
    ),
    "Beroendemottagningen Örnsköldsvik": Enrichment(
        "Mån–fre 8–16",
        "Lasarettsgatan 3 (fiktiv)",
        "Buss 10 till lasarettet, ingång C (fiktivt).",
        add_services=(S.COUNSELLING, S.SCREENING, S.GAMBLING_TREATMENT),
    ),
    "Psykiatrisk öppenvård Sundsvall": Enrichment(
        "Mån–fre 8–16.30",
        "Sjukhusvägen 10, hus 7 (fiktiv)",
        "Buss 2 till sjukhuset; hus 7 ligger bakom parkeringen (fiktivt).",  # noqa: E501
    ),
    "Psykiatrisk slutenvård Sundsvall": Enrichment(
        "Dygnet runt",
        "Sjukhusvägen 10, akutentrén (fiktiv)",
        "Akutentrén är öppen dygnet runt; ring på klockan (fiktivt).",  # noqa: E501
        add_services=(S.COUNSELLING,),
    ),
    "Hälsocentralen Centrum Sundsvall": Enrichment(
        "Mån–fre 8–17",
        "Storgatan 20 (fiktiv)",
        "Buss 1 till Storgatan (fiktivt).",
        add_services=(S.YOUTH_SUPPORT, S.RELATIVES_SUPPORT),
        add_serves=("Ånge kommun",),
    ),
    "Hälsocentralen Härnösand": Enrichment(
        "Mån–fre 8–17", "Nybrogatan 8 (fiktiv)", "Nära busstationen (fiktivt).", add_services=(S.YOUTH_SUPPORT,)
    ),
    "Hälsocentralen Kramfors": Enrichment(
        "Mån–fre 8–17",
        "Torggatan 2 (fiktiv)",
        "Mitt emot torget (fiktivt).",
        add_services=(S.YOUTH_SUPPORT,),
        add_serves=("Sollefteå kommun", "Örnsköldsviks kommun"),
    ),
    "Barnmorskemottagningen Sundsvall": Enrichment(
        "Mån–fre 8–16",
        "Storgatan 22 (fiktiv)",
        "I samma hus som hälsocentralen, plan 2 (fiktivt).",
        add_services=(S.COUNSELLING,),
        add_serves=ALL,
    ),
    "Barnavårdscentralen Härnösand": Enrichment(
        "Mån–fre 8–16", "Nybrogatan 8 (fiktiv)", "I hälsocentralens hus (fiktivt)."
    ),  # noqa: E501
    "Ungdomsmottagningen Timrå": Enrichment(
        "Mån 13–18, tis–tors 13–16, fre 13–15",
        "Köpmangatan 2 (fiktiv)",
        "Buss 120 till Timrå centrum (fiktivt).",
        add_services=(S.RELATIVES_SUPPORT,),
        add_serves=("Sundsvalls kommun",),
    ),
    "Brukarföreningen Mitt – stödcenter": Enrichment(
        "Mån–fre 10–16, lör 11–14", "Esplanaden 4 (fiktiv)", "Ingång från Esplanaden, kaffe står framme (fiktivt)."
    ),
    "Nordvård behandlingshem (fiktivt)": Enrichment(
        "Dygnet runt",
        "Gårdsvägen 1 (fiktiv)",
        "Utanför Kramfors; hämtning från stationen efter överenskommelse (fiktivt).",  # noqa: E501
    ),
    "Regionkansliet, samverkan och utveckling": Enrichment("Mån–fre 8–16.30", "Storgatan 30 (fiktiv)", ""),
}
for _name, (_code, _town) in demo.MUNICIPALITIES.items():
    ENRICHMENTS[f"Vuxenenheten, {_name}"] = Enrichment(
        "Mån–fre 8–12 och 13–16.30", f"Rådhusgatan {int(_code) % 40 + 1} (fiktiv)",
        "I kommunhuset; fråga i receptionen (fiktivt).", add_services=(S.COUNSELLING, S.RELATIVES_SUPPORT),
    )  # fmt: skip


def _enrich(unit: Unit, spec: Enrichment, services: dict[str, Service], municipalities: dict[str, Principal]) -> int:
    changed = 0
    values = {
        "opening_hours": spec.opening_hours,
        "street_address": spec.street,
        "postal_code": POSTAL_CODES.get(unit.city, unit.postal_code),
    }
    dirty = [name for name, value in values.items() if getattr(unit, name) != value]
    if dirty:
        for name in dirty:
            setattr(unit, name, values[name])
        unit.full_clean()
        unit.save(update_fields=[*dirty, "updated_at"])
        changed += 1
    missing_services = {services[c] for c in spec.add_services} - set(unit.services.all())
    if missing_services:
        unit.services.add(*missing_services)
        changed += 1
    missing_serves = {municipalities[m] for m in spec.add_serves} - set(unit.serves_municipalities.all())
    if missing_serves:
        unit.serves_municipalities.add(*missing_serves)
        changed += 1
    if spec.directions and not UnitDirections.objects.filter(unit=unit).exists():
        UnitDirections.objects.create(unit=unit, text=spec.directions)
        changed += 1
    return changed


@transaction.atomic
def load() -> int:
    services = {s.code: s for s in Service.objects.all()}
    municipalities = {p.name: p for p in Principal.objects.filter(name__in=demo.ALL_MUNICIPALITIES)}
    units = Unit.objects.filter(name__in=ENRICHMENTS, code__in=demo.UNIT_CODES.values())
    return sum(_enrich(unit, ENRICHMENTS[unit.name], services, municipalities) for unit in units)


# After the county itself (core/demo.py) and its councils.
demo_registry.register_loader("directory", load, order=30)
demo_registry.register_showcase(
    "directory",
    _("Where to turn (public, no sign-in)"),
    [
        _("/hjalp/ : e.g. Sundsvall, 40, myself, alcohol, soon: the joint reception's single number comes first."),
        _("/api/v1/directory/guide?municipality=2281&age=40&concern=alcohol&urgency=emergency : the same as JSON."),
        _("/hjalp/kunskap/ : the county's public guidelines; process leaders write them under Knowledge."),
    ],
    order=60,
)

"""Writes of the guide's own data."""

from django.db import transaction

from directory.hours import opening_hours_parse
from directory.models import OpeningPeriod
from organisations.models import Unit


@transaction.atomic
def unit_periods_sync(*, unit: Unit) -> bool:
    """Derive the unit's weekly opening periods from its opening-hours text; True if they changed.

    A text the parser does not understand leaves no periods (the guide then shows the text and
    says nothing about "open now")."""
    wanted = {(p.weekday, p.opens, p.closes) for p in opening_hours_parse(unit.opening_hours) or []}
    existing = set(OpeningPeriod.objects.filter(unit=unit).values_list("weekday", "opens", "closes"))
    if wanted == existing:
        return False
    OpeningPeriod.objects.filter(unit=unit).delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(unit=unit, weekday=weekday, opens=opens, closes=closes) for weekday, opens, closes in wanted
    )
    return True

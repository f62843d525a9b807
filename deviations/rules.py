"""The rules a report must meet, shared by the form and the service (so no other writer skips them)."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deviations.models import EARLIEST_DATE, Agreement
from organisations.models import Principal, PrincipalKind, Unit


def check_happened_on(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("The date is in the future: give the day it happened, today at the latest."))
    if value < EARLIEST_DATE:
        raise ValidationError(
            _("The date is before %(date)s, when the written agreements began: give a later date.")
            % {"date": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT")}
        )


def check_parties(
    *,
    agreement: str,
    reporting_unit: Unit,
    counterpart_units: Sequence[Unit],
    counterpart_principals: Sequence[Principal],
) -> None:
    """At least one counterpart, never the reporter's own unit; homelessness only between municipalities."""
    errors: dict[str, list[str]] = {}
    if not counterpart_units and not counterpart_principals:
        errors["counterpart_units"] = [_("Choose the unit or units the report is about, or their principal.")]
    if any(unit.pk == reporting_unit.pk for unit in counterpart_units):
        errors.setdefault("counterpart_units", []).append(
            _("Your own unit cannot be the counterpart: choose the other party's unit.")
        )
    if any(p.pk == reporting_unit.principal_id for p in counterpart_principals):
        errors.setdefault("counterpart_principals", []).append(
            _("Your own principal cannot be the counterpart: choose the other party.")
        )
    if agreement == Agreement.HOMELESSNESS:
        principals = [reporting_unit.principal, *(u.principal for u in counterpart_units), *counterpart_principals]
        if any(p.kind != PrincipalKind.MUNICIPALITY for p in principals):
            errors.setdefault("agreement", []).append(
                _(
                    "The homelessness agreement applies between municipalities only: choose municipal units as "
                    "both parties, or another agreement."
                )
            )
    if errors:
        raise ValidationError(errors)

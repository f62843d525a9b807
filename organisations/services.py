"""Writes to organisations, units and memberships. Each takes the acting user and runs atomically."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import Membership, Principal, Service, ServiceCode, Unit
from organisations.roles import Role
from organisations.validators import normalise_organisation_number


def services_ensure() -> None:
    """Make sure there is a Service row for every ServiceCode (idempotent)."""
    existing = set(Service.objects.values_list("code", flat=True))
    Service.objects.bulk_create([Service(code=c) for c in ServiceCode.values if c not in existing])


@transaction.atomic
def principal_save(*, principal: Principal, acting_user: User | None) -> Principal:
    if principal.organisation_number:
        principal.organisation_number = normalise_organisation_number(principal.organisation_number)
    principal.full_clean()
    principal.save()
    return principal


@transaction.atomic
def unit_save(
    *,
    unit: Unit,
    services: Iterable[Service] | None = None,
    serves_municipalities: Iterable[Principal] | None = None,
    acting_user: User | None,
) -> Unit:
    unit.full_clean()
    unit.save()
    if services is not None:
        unit.services.set(services)
    if serves_municipalities is not None:
        unit.serves_municipalities.set(serves_municipalities)
    return unit


@transaction.atomic
def membership_start(*, user: User, unit: Unit, role: Role, acting_user: User | None) -> Membership:
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, acting_user: User | None) -> Membership:
    if membership.ended_at is None:
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
    return membership

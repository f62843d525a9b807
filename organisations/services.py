"""Writes to organisations, units and memberships. Each takes the acting person (an audit Actor:
the user and the membership they act in), runs atomically, and writes its audit entry."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import Action, Ground
from audit.services import Actor, audit_record
from organisations.models import Membership, Principal, Service, ServiceCode, Unit
from organisations.roles import Role
from organisations.validators import normalise_organisation_number


def services_ensure() -> None:
    """Make sure there is a Service row for every ServiceCode (idempotent)."""
    existing = set(Service.objects.values_list("code", flat=True))
    Service.objects.bulk_create([Service(code=c) for c in ServiceCode.values if c not in existing])


def acting(actor: Actor | None, acting_user: User | None) -> Actor:
    """The actor, or (for callers that still pass only the user) the user acting in the membership
    that administers the county, or the system when no one is named."""
    if actor is not None:
        return actor
    if acting_user is None:
        return Actor.current()
    administering = next((m for m in acting_user.active_memberships if m.role_enum.administers_county), None)
    return Actor.for_membership(acting_user, administering)


@transaction.atomic
def principal_save(*, principal: Principal, actor: Actor | None = None, acting_user: User | None = None) -> Principal:
    if principal.organisation_number:
        principal.organisation_number = normalise_organisation_number(principal.organisation_number)
    principal.full_clean()
    created = principal.pk is None
    principal.save()
    audit_record(actor=acting(actor, acting_user), action=Action.CREATE if created else Action.UPDATE,
                 ground=Ground.ADMINISTRATION, obj=principal)  # fmt: skip
    return principal


@transaction.atomic
def unit_save(
    *,
    unit: Unit,
    services: Iterable[Service] | None = None,
    serves_municipalities: Iterable[Principal] | None = None,
    actor: Actor | None = None,
    acting_user: User | None = None,
) -> Unit:
    unit.full_clean()
    created = unit.pk is None
    unit.save()
    if services is not None:
        unit.services.set(services)
    if serves_municipalities is not None:
        unit.serves_municipalities.set(serves_municipalities)
    audit_record(actor=acting(actor, acting_user), action=Action.CREATE if created else Action.UPDATE,
                 ground=Ground.ADMINISTRATION, obj=unit)  # fmt: skip
    return unit


@transaction.atomic
def membership_start(
    *, user: User, unit: Unit, role: Role, actor: Actor | None = None, acting_user: User | None = None
) -> Membership:
    membership = Membership(user=user, unit=unit, role=role)
    membership.full_clean()
    # The role change entry (audit.signals) names this actor rather than the request's session.
    membership._audit_actor = acting(actor, acting_user)  # type: ignore[attr-defined]
    membership.save()
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, actor: Actor | None = None, acting_user: User | None = None
) -> Membership:
    if membership.ended_at is None:
        membership.ended_at = timezone.now()
        membership._audit_actor = acting(actor, acting_user)  # type: ignore[attr-defined]
        membership.save(update_fields=["ended_at"])
    return membership


@transaction.atomic
def unit_contact_save(*, unit: Unit, how_to_refer: str, whom_to_call: str, actor: Actor) -> Unit:
    """The manager's own words on how to refer and whom to call; saving them confirms the page."""
    unit.how_to_refer = how_to_refer.strip()
    unit.whom_to_call = whom_to_call.strip()
    unit.full_clean()
    unit.save(update_fields=["how_to_refer", "whom_to_call", "updated_at"])
    audit_record(actor=actor, action=Action.UPDATE, ground=Ground.ADMINISTRATION, obj=unit,
                 details={"fields": ["how_to_refer", "whom_to_call"]})  # fmt: skip
    return unit_confirm(unit=unit, actor=actor)


@transaction.atomic
def unit_confirm(*, unit: Unit, actor: Actor) -> Unit:
    """The unit's page is current as it stands; the reminder to confirm it is done with."""
    from organisations.confirmation import UNIT_CONFIRM
    from reminders.services import reminders_cancel_for

    unit.confirmed_at = timezone.now()
    unit.confirmed_by_id = actor.user_id
    unit.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    reminders_cancel_for(obj=unit, actor=actor, kind=UNIT_CONFIRM)
    audit_record(actor=actor, action=Action.UPDATE, ground=Ground.ADMINISTRATION, obj=unit,
                 details={"confirmed": True})  # fmt: skip
    return unit

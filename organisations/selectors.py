"""Reads of organisations, units and staff; views and the API both call these."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from organisations.models import Membership, Principal, Unit


def units_search(
    *,
    text: str = "",
    principal: Principal | None = None,
    unit_type: str = "",
    municipality: Principal | None = None,
    include_inactive: bool = False,
) -> QuerySet[Unit]:
    units = Unit.objects.select_related("principal").order_by("name")
    if not include_inactive:
        units = units.filter(is_active=True)
    if text:
        # A unit's code (an HSA-id) is found whole, as people paste it.
        units = units.filter(Q(name__icontains=text) | Q(city__icontains=text) | Q(code=text.strip().upper()))
    if principal is not None:
        units = units.filter(principal=principal)
    if unit_type:
        units = units.filter(unit_type=unit_type)
    if municipality is not None:
        units = units.filter(Q(serves_municipalities=municipality) | Q(principal=municipality)).distinct()
    return units


def unit_get(*, uuid: str) -> Unit:
    """The unit with its services, served municipalities and current staff; 404 via the caller."""
    return (
        Unit.objects.select_related("principal")
        .prefetch_related(
            "services",
            "serves_municipalities",
            Prefetch(
                "memberships",
                queryset=Membership.objects.active()
                .select_related("user")
                .order_by("user__last_name", "user__first_name"),
                to_attr="current_memberships",
            ),
        )
        .get(uuid=uuid)
    )


def principals_list() -> QuerySet[Principal]:
    return Principal.objects.order_by("kind", "name")


def staff_search(*, text: str = "", unit: Unit | None = None, units: QuerySet[Unit] | None = None) -> QuerySet[User]:
    """Active staff with their current memberships, for the staff directory (``units``: working
    at any of them, e.g. the units whose name matches what was typed)."""
    users = User.objects.filter(is_active=True, memberships__ended_at__isnull=True)
    if text:
        for word in text.split()[:5]:
            users = users.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(title__icontains=word)
            )
    if unit is not None:
        users = users.filter(memberships__unit=unit, memberships__ended_at__isnull=True)
    if units is not None:
        users = users.filter(memberships__unit__in=units, memberships__ended_at__isnull=True)
    return (
        users.distinct()
        .order_by("last_name", "first_name", "id")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active().select_related("unit", "unit__principal").order_by("unit__name"),
                to_attr="current_memberships",
            )
        )
    )


def colleagues_of(*, membership: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(unit_id=membership.unit_id)
        .exclude(user_id=membership.user_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def units_for_api() -> QuerySet[Unit]:
    """Active units with their principal and served municipalities' codes, by code (two queries)."""
    return (
        Unit.objects.filter(is_active=True)
        .select_related("principal")
        .prefetch_related(
            Prefetch(
                "serves_municipalities",
                queryset=Principal.objects.order_by("municipality_code").only("municipality_code"),
                to_attr="served_municipalities",
            )
        )
        .order_by("code")
    )


UNIT_OPTIONS_MAX = 10


def unit_options(*, text: str) -> list[Unit]:
    """The staff directory's unit field: the first units whose name, place or code matches, by name."""
    text = text.strip()
    if not text:
        return []
    return list(units_search(text=text).only("uuid", "name", "city", "principal__name")[: UNIT_OPTIONS_MAX + 1])

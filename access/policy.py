"""The access policy: the one place that decides who may see and do what.

Every view, export and API endpoint asks here. Staff-wide reference data (units, principals,
the staff directory) is open to every signed-in member of staff; changing it needs the county
administrator's role. Individuals: see the rules below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import User
from audit.models import Action, Ground, Outcome

if TYPE_CHECKING:
    from individuals.models import Individual


def is_staff_member(user: Any) -> bool:
    """A signed-in user with at least one active membership, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(user.active_memberships)


def can_administer_county(user: Any) -> bool:
    if not is_staff_member(user):
        return False
    return user.is_superuser or any(m.role_enum.administers_county for m in user.active_memberships)


def _guard(check: Callable[[Any], bool]) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _guard(is_staff_member)
county_admin_required = _guard(can_administer_county)


def typed_user(request: HttpRequest) -> User:
    """The request's user, known to be signed in by the guard above."""
    assert isinstance(request.user, User)
    return request.user


# --- Individuals -------------------------------------------------------------------------------
# Deny by default (security.md, "Access control"). A user reaches an individual only through
# (a) an active relation at one of the user's units (PDL 4 kap 1 §, "inre sekretess"),
# (b) a consent to a SIP that names one of the user's units as a party (SoL 2 kap 7 §, HSL 16 kap 4 §),
# (c) the user's own emergency access that has not expired.
# Anything else looks exactly like "does not exist" (404), and the attempt is logged.


@dataclass(frozen=True)
class IndividualAccess:
    individual: "Individual"
    ground: Ground
    unit_ids: frozenset[int]  # the user's units that hold personal data
    sees_contact_details: bool
    blocked_unit_ids: frozenset[int]  # units whose information is hidden from this user

    def may_see_unit_records(self, unit_id: int) -> bool:
        return unit_id not in self.blocked_unit_ids or unit_id in self.unit_ids


def care_unit_ids(user: Any) -> frozenset[int]:
    """The user's units in a role that may see personal data."""
    if not is_staff_member(user):
        return frozenset()
    return frozenset(m.unit_id for m in user.active_memberships if m.role_enum.sees_personal_data)


def individual_ground(user: Any, individual: "Individual") -> Ground | None:
    from access.models import EmergencyAccess
    from individuals.models import ActiveRelation, Consent

    units = care_unit_ids(user)
    if not units:
        return None
    if ActiveRelation.objects.current().filter(individual=individual, unit_id__in=units).exists():
        return Ground.RELATION
    today = timezone.localdate()
    sip_consent = Consent.objects.filter(
        individual=individual,
        for_sip=True,
        withdrawn_at__isnull=True,
        valid_from__lte=today,
        parties__in=units,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if sip_consent.exists():
        return Ground.SIP_CONSENT
    if EmergencyAccess.objects.filter(user=user, individual=individual, expires_at__gt=timezone.now()).exists():
        return Ground.EMERGENCY
    return None


def individual_access(user: Any, individual: "Individual") -> IndividualAccess | None:
    from access.models import Block, ProtectedIdentityAccess

    ground = individual_ground(user, individual)
    if ground is None:
        return None
    units = care_unit_ids(user)
    sees_contact = (
        not individual.protected_identity
        or ProtectedIdentityAccess.objects.filter(individual=individual, user=user).exists()
    )
    blocked = frozenset(
        Block.objects.filter(individual=individual, lifted_at__isnull=True)
        .exclude(unit_id__in=units)
        .values_list("unit_id", flat=True)
    )
    return IndividualAccess(individual, ground, units, sees_contact, blocked)


def manages_individual(user: Any, individual: "Individual") -> bool:
    """A unit manager where the individual is a current client or patient (e.g. decides on protection)."""
    from individuals.models import ActiveRelation

    units = log_review_unit_ids(user)
    return bool(units) and ActiveRelation.objects.current().filter(individual=individual, unit_id__in=units).exists()


def individual_for_request(
    request: HttpRequest, uuid: Any, *, action: Action = Action.READ, obj: Any = None, manager_only: bool = False
) -> IndividualAccess:
    """The one door to an individual's data: decide, log the attempt, and return or raise 404.

    ``manager_only``: the action is the unit manager's; others who may see the individual get 403
    (they already know the individual exists, so nothing leaks) and the attempt is logged as denied."""
    from audit.services import Actor, audit_record
    from individuals.models import Individual

    actor = Actor.from_request(request)
    individual = Individual.objects.filter(uuid=uuid, merged_into__isnull=True).first()
    access = individual_access(request.user, individual) if individual is not None else None
    if access is not None and manager_only and not manages_individual(request.user, access.individual):
        audit_record(actor=actor, action=action, ground=access.ground, outcome=Outcome.DENIED,
                     individual_id=access.individual.pk, obj=obj or access.individual)  # fmt: skip
        raise PermissionDenied
    if access is None:
        audit_record(
            actor=actor,
            action=action,
            outcome=Outcome.DENIED,
            individual_id=individual.pk if individual else None,
            object_type="individuals.individual",
            object_id=str(uuid),
        )
        raise Http404
    audit_record(
        actor=actor,
        action=action,
        ground=access.ground,
        individual_id=access.individual.pk,
        obj=obj or access.individual,
    )
    return access


def sees_personal_data(user: Any) -> bool:
    return bool(care_unit_ids(user))


care_staff_required = _guard(sees_personal_data)


def care_membership(request: HttpRequest) -> Any:
    """The membership the user works in for personal data: the current one if its role allows, else the first."""
    current = getattr(request, "membership", None)
    if current is not None and current.role_enum.sees_personal_data:
        return current
    user: Any = request.user
    return next((m for m in user.active_memberships if m.role_enum.sees_personal_data), None)


# --- Log review and log extracts ---------------------------------------------------------------
# A unit manager reviews what staff at the manager's own units did (logguppföljning), and
# produces an individual's log extract (PDL 8 kap 5 §) for someone who is or was a client or
# patient at one of those units. Both are the manager's duty, logged with Ground.MANAGEMENT.


def log_review_unit_ids(user: Any) -> frozenset[int]:
    """The units whose log the user reviews: those where the user is unit manager."""
    if not is_staff_member(user):
        return frozenset()
    return frozenset(m.unit_id for m in user.active_memberships if m.role_enum.can_review_logs)


log_review_required = _guard(lambda user: bool(log_review_unit_ids(user)))


def log_extract_allowed(user: Any, individual: "Individual") -> bool:
    """A manager may produce the extract of anyone who is or was at one of the manager's units."""
    from individuals.models import ActiveRelation

    units = log_review_unit_ids(user)
    return bool(units) and ActiveRelation.objects.filter(individual=individual, unit_id__in=units).exists()


def log_extract_for_request(request: HttpRequest, uuid: Any, *, action: Action = Action.LOG_EXTRACT) -> "Individual":
    """The door to an individual's log extract: decide, log the attempt, and return or raise 404."""
    from audit.services import Actor, audit_record
    from individuals.models import Individual

    actor = Actor.from_request(request)
    individual = Individual.objects.filter(uuid=uuid, merged_into__isnull=True).first()
    allowed = individual is not None and log_extract_allowed(request.user, individual)
    audit_record(
        actor=actor,
        action=action,
        ground=Ground.MANAGEMENT if allowed else Ground.NONE,
        outcome=Outcome.ALLOWED if allowed else Outcome.DENIED,
        individual_id=individual.pk if individual else None,
        object_type="individuals.individual",
        object_id=str(uuid),
    )
    if not allowed or individual is None:
        raise Http404
    return individual

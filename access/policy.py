"""The access policy: the one place that decides who may see and do what.

Every view, export and API endpoint asks here. Staff-wide reference data (units, principals,
the staff directory) is open to every signed-in member of staff; changing it needs the county
administrator's role. Individuals: see the rules below.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import User
from audit.models import Action, Ground
from organisations.roles import Role

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


def can_edit_knowledge(user: Any) -> bool:
    """Regional guidelines and treatment lines (knowledge/) are written by the process leaders: the
    analyst role, which works across the principals and sees no personal data."""
    if not is_staff_member(user):
        return False
    return user.is_superuser or any(m.role_enum is Role.ANALYST for m in user.active_memberships)


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
knowledge_editor_required = _guard(can_edit_knowledge)


# --- Agreements and the units' own contact details ----------------------------------------------
# Agreements hold no personal data: every member of staff reads them. The process leader (the
# analyst role) and the county administrator keep them; a unit's manager keeps the unit's "how to
# refer" and "whom to call" current (issue 12 §1, §5).


def can_edit_agreements(user: Any) -> bool:
    if not is_staff_member(user):
        return False
    return user.is_superuser or any(
        m.role_enum.administers_county or m.role_enum is Role.ANALYST for m in user.active_memberships
    )


def can_keep_unit_current(user: Any, unit: Any) -> bool:
    """The unit's own manager, or the county administrator."""
    if not is_staff_member(user):
        return False
    return can_administer_county(user) or any(
        m.unit_id == unit.pk and m.role_enum is Role.UNIT_MANAGER for m in user.active_memberships
    )


agreements_editor_required = _guard(can_edit_agreements)


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
#
# Each way in goes through one of the user's memberships, and the log names that membership's
# unit and role (issue 7 §3): the unit of the relation, the party unit of the consent, the unit
# the emergency access was taken at. The session's current membership only breaks ties.
#
# --- What a grant opens ------------------------------------------------------------------------
# An individual's data is split into sections (Section). Every record in them carries the unit
# that recorded it (legacy rows without one, recorded before units were kept, count as everyone's
# shared basics). What each ground opens:
#
#   relation   the shared basics (identity, contact details, the relations with units, and the
#              consents, relatives and children recorded by any unit), and the unit records
#              (today: disclosures) of the units where the user's relation is, no one else's.
#   SIP        what the consent's purpose covers: the shared basics and unit records recorded by
#              the parties named in the SIP consents that let the user in, not every unit's.
#   emergency  what is needed for the four hours: every section, every unit's records.
#   management (the log extract) the identity and the log of accesses, nothing of the record.
#
# Two rules cut across every ground: a block hides what the blocked unit recorded from every
# other unit (its own staff still see it), and a protected identity hides the contact details
# (address, phone, e-mail, relatives' phones) from all but the named staff.
# individuals.selectors applies the grant, so pages, PDFs and exports get data already redacted.


class Section(StrEnum):
    IDENTITY = "identity"  # name, number, date of birth, legal sex, municipality
    CONTACT = "contact"  # address, phone, e-mail, relatives' phones
    RELATIONS = "relations"
    CONSENTS = "consents"
    RELATIVES = "relatives"
    CHILDREN = "children"
    DISCLOSURES = "disclosures"
    BLOCKS = "blocks"  # the user's own units' blocks (to lift them); others' only show that they exist
    LOG = "log"  # who accessed the individual's data (the log extract)


# Everyone with access to the record shares these; a relation opens them from every unit.
SHARED_BASICS = frozenset({Section.RELATIONS, Section.CONSENTS, Section.RELATIVES, Section.CHILDREN})
# What a unit decided or wrote itself; a relation opens only its own unit's.
UNIT_RECORDS = frozenset({Section.DISCLOSURES})
RECORD = frozenset({Section.IDENTITY, Section.CONTACT, Section.BLOCKS}) | SHARED_BASICS | UNIT_RECORDS


@dataclass(frozen=True)
class Opens:
    """What a grant opens: its sections, and whose records in them (None: every unit's)."""

    sections: frozenset[str]
    shared_units: frozenset[int] | None = None  # for SHARED_BASICS
    record_units: frozenset[int] | None = None  # for UNIT_RECORDS


@dataclass(frozen=True)
class Grant:
    """The door's answer: what was let in, on which ground, through which membership, and what it opens."""

    kind: str
    obj: Any
    about: "Individual | None"  # the individual the object is about, if any
    ground: Ground
    membership: Any  # organisations.Membership: the one the access went through (the log names it)
    opens: Opens
    unit_ids: frozenset[int]  # the user's units that hold personal data
    sees_contact_details: bool = False
    blocked_unit_ids: frozenset[int] = frozenset()  # units whose information is hidden from this user

    @property
    def individual(self) -> "Individual":
        """The individual the object is about (for kinds that are about one)."""
        if self.about is None:
            raise AttributeError(f"a {self.kind} grant is about no individual")
        return self.about

    @property
    def unit_id(self) -> int:
        return int(self.membership.unit_id)

    @property
    def role(self) -> str:
        return str(self.membership.role)

    def shows(self, section: str) -> bool:
        if section == Section.CONTACT:
            return section in self.opens.sections and self.sees_contact_details
        return section in self.opens.sections

    def shows_record(self, section: str, unit_id: int | None) -> bool:
        """May the user see a record of ``section`` that ``unit_id`` recorded (None: a legacy record)?"""
        if section not in self.opens.sections:
            return False
        if unit_id is None:
            return section in SHARED_BASICS  # recorded before units were kept: everyone's basics
        if not self.may_see_unit_records(unit_id):
            return False
        scope = self.opens.shared_units if section in SHARED_BASICS else self.opens.record_units
        return scope is None or unit_id in scope

    def may_see_unit_records(self, unit_id: int) -> bool:
        """Not hidden by a block (a unit's own staff still see what it blocked)."""
        return unit_id not in self.blocked_unit_ids or unit_id in self.unit_ids


# Kept for callers written before the door: an individual's grant.
IndividualAccess = Grant


def care_memberships(user: Any) -> list[Any]:
    """The user's memberships in a role that may see personal data."""
    if not is_staff_member(user):
        return []
    return [m for m in user.active_memberships if m.role_enum.sees_personal_data]


def care_unit_ids(user: Any) -> frozenset[int]:
    """The user's units in a role that may see personal data."""
    return frozenset(m.unit_id for m in care_memberships(user))


def _through(memberships: list[Any], unit_ids: Any, prefer: Any = None) -> Any:
    """The membership among ``memberships`` at one of ``unit_ids``: the preferred one if it is, else the first."""
    if prefer is not None and any(m.pk == prefer.pk for m in memberships) and prefer.unit_id in unit_ids:
        return prefer
    return next((m for m in memberships if m.unit_id in unit_ids), None)


def sip_party_units(individual_id: int, unit_ids: frozenset[int]) -> dict[int, int]:
    """The SIP consents in force that name one of ``unit_ids`` as a party: {consent id: that unit}."""
    from individuals.models import Consent

    today = timezone.localdate()
    rows = (
        Consent.objects.filter(
            individual_id=individual_id,
            for_sip=True,
            withdrawn_at__isnull=True,
            valid_from__lte=today,
            parties__in=unit_ids,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("pk", "parties")  # the parties the filter matched (the filter's own join)
    )
    return dict(rows)


def individual_grant(user: Any, individual: "Individual", *, prefer: Any = None) -> Grant | None:
    """The policy's decision on an individual: a grant, or None (refused). Pure: logs nothing.

    The three queries of a refusal run whether or not ``individual`` exists in the database
    (the door passes a stand-in for an unknown key), so that a refusal costs the same either way."""
    from access.models import EmergencyAccess
    from individuals.models import ActiveRelation

    memberships = care_memberships(user)
    if not memberships:
        return None
    units = frozenset(m.unit_id for m in memberships)
    related = frozenset(
        ActiveRelation.objects.current()
        .filter(individual_id=individual.pk, unit_id__in=units)
        .values_list("unit_id", flat=True)
    )
    if related:
        opens = Opens(RECORD, shared_units=None, record_units=related)
        return _grant(user, individual, Ground.RELATION, _through(memberships, related, prefer), opens, units)
    by_consent = sip_party_units(individual.pk, units)
    if by_consent:
        parties = _consent_parties(by_consent.keys())
        opens = Opens(RECORD, shared_units=parties, record_units=parties)
        through = _through(memberships, frozenset(by_consent.values()), prefer)
        return _grant(user, individual, Ground.SIP_CONSENT, through, opens, units)
    emergency_unit = (
        EmergencyAccess.objects.filter(user_id=user.pk, individual_id=individual.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .values_list("unit_id", flat=True)
        .first()
    )
    through = _through(memberships, {emergency_unit}) if emergency_unit is not None else None
    if through is not None:
        return _grant(user, individual, Ground.EMERGENCY, through, Opens(RECORD), units)
    return None


def _consent_parties(consent_ids: Any) -> frozenset[int]:
    from individuals.models import Consent

    through = Consent.parties.through.objects.filter(consent_id__in=list(consent_ids))
    return frozenset(through.values_list("unit_id", flat=True))


def _grant(user: Any, individual: "Individual", ground: Ground, membership: Any, opens: Opens,
           units: frozenset[int]) -> Grant:  # fmt: skip
    from access.models import Block, ProtectedIdentityAccess

    sees_contact = (
        not individual.protected_identity
        or ProtectedIdentityAccess.objects.filter(individual_id=individual.pk, user_id=user.pk).exists()
    )
    blocked = frozenset(
        Block.objects.filter(individual_id=individual.pk, lifted_at__isnull=True)
        .exclude(unit_id__in=units)
        .values_list("unit_id", flat=True)
    )
    return Grant("individual", individual, individual, ground, membership, opens, units, sees_contact, blocked)


def individual_access(user: Any, individual: "Individual") -> Grant | None:
    """The decision without a request (no preferred membership)."""
    return individual_grant(user, individual)


def individual_ground(user: Any, individual: "Individual") -> Ground | None:
    grant = individual_grant(user, individual)
    return grant.ground if grant else None


def managing_membership(user: Any, individual: "Individual", *, prefer: Any = None) -> Any:
    """The user's unit-manager membership at a unit where the individual is current, if any."""
    from individuals.models import ActiveRelation

    managers = [m for m in user.active_memberships if m.role_enum.can_review_logs] if is_staff_member(user) else []
    if not managers:
        return None
    units = frozenset(
        ActiveRelation.objects.current()
        .filter(individual_id=individual.pk, unit_id__in={m.unit_id for m in managers})
        .values_list("unit_id", flat=True)
    )
    return _through(managers, units, prefer)


def manages_individual(user: Any, individual: "Individual") -> bool:
    """A unit manager where the individual is a current client or patient (e.g. decides on protection)."""
    return managing_membership(user, individual) is not None


def individual_for_request(
    request: HttpRequest,
    uuid: Any,
    *,
    action: Action = Action.READ,
    obj: Any = None,
    manager_only: bool = False,
    log: bool = True,
) -> Grant:
    """The door to an individual's data (access.door.door with the "individual" kind)."""
    from access.door import door

    return door(request, "individual", uuid, action=action, log_obj=obj, manager_only=manager_only, log=log)


def sees_personal_data(user: Any) -> bool:
    return bool(care_unit_ids(user))


care_staff_required = _guard(sees_personal_data)


def care_membership(request: HttpRequest) -> Any:
    """The membership the user works in for personal data: the current one if its role allows, else the first."""
    current = getattr(request, "membership", None)
    if current is not None and current.role_enum.sees_personal_data:
        return current
    return next(iter(care_memberships(request.user)), None)


# --- Log review and log extracts ---------------------------------------------------------------
# A unit manager reviews what staff at the manager's own units did (logguppföljning), and
# produces an individual's log extract (PDL 8 kap 5 §) for someone who is or was a client or
# patient at one of those units. Both are the manager's duty, logged with Ground.MANAGEMENT
# through the manager's membership at that unit.


def log_review_memberships(user: Any) -> list[Any]:
    if not is_staff_member(user):
        return []
    return [m for m in user.active_memberships if m.role_enum.can_review_logs]


def log_review_unit_ids(user: Any) -> frozenset[int]:
    """The units whose log the user reviews: those where the user is unit manager."""
    return frozenset(m.unit_id for m in log_review_memberships(user))


def log_review_membership(request: HttpRequest) -> Any:
    """The manager's membership a review goes through: the current one if it manages, else the first."""
    managers = log_review_memberships(request.user)
    return _through(managers, {m.unit_id for m in managers}, getattr(request, "membership", None))


log_review_required = _guard(lambda user: bool(log_review_unit_ids(user)))

LOG_EXTRACT_OPENS = Opens(frozenset({Section.IDENTITY, Section.LOG}))


def log_extract_grant(user: Any, individual: "Individual", *, prefer: Any = None) -> Grant | None:
    """A manager may produce the extract of anyone who is or was at one of the manager's units."""
    from individuals.models import ActiveRelation

    managers = log_review_memberships(user)
    if not managers:
        return None
    units = frozenset(
        ActiveRelation.objects.filter(
            individual_id=individual.pk, unit_id__in={m.unit_id for m in managers}
        ).values_list("unit_id", flat=True)
    )
    through = _through(managers, units, prefer)
    if through is None:
        return None
    own = frozenset(m.unit_id for m in managers)
    return Grant("log_extract", individual, individual, Ground.MANAGEMENT, through, LOG_EXTRACT_OPENS, own)


def log_extract_allowed(user: Any, individual: "Individual") -> bool:
    return log_extract_grant(user, individual) is not None


def log_extract_for_request(
    request: HttpRequest, uuid: Any, *, action: Action = Action.LOG_EXTRACT, log: bool = True
) -> Grant:
    """The door to an individual's log extract (access.door.door with the "log_extract" kind)."""
    from access.door import door

    return door(request, "log_extract", uuid, action=action, log=log)


# --- Collaboration deficiencies (issue 11) -----------------------------------------------------
# A deficiency report holds no personal data, so it needs no relation to an individual and does
# not go through the door; who sees and does what is still decided here, from facts the
# deviations app passes in (the foundation imports no capability):
#
#   reporter                    sees it, names themself, decides for the reporting side, reopens
#   reporting unit's manager    the same for the unit's reports
#   counterpart unit's manager  sees it (the reporter's name only if not anonymous), answers the
#                               step the unit owns, escalates, comments
#   a seat on the case's local  sees it with the reporter's name ("never anonymous to the
#   council                     council"), decides the council's step, makes actions, reopens
#   a seat on the regional      sees every submitted report in the county, decides its step
#   council
#   anyone else                 nothing (an analyst and a user council representative see the
#                               analysis, with counts under 5 suppressed; a seat sees exact counts)
#
# A seat counts only while its holder has an active council_member membership.


@dataclass(frozen=True)
class DeviationScope:
    """What decides which deficiency reports a user sees; computed once per request."""

    user_id: int | None
    unit_ids: frozenset[int]  # the units the user may report from
    managed_unit_ids: frozenset[int]
    council_ids: frozenset[int]  # councils with a seat of the user's
    regional: bool  # one of them is the regional council
    analyses: bool
    exact_counts: bool


@dataclass(frozen=True)
class DeviationFacts:
    """What the policy needs to know about one report."""

    reporter_id: int
    reporting_unit_id: int
    counterpart_unit_ids: frozenset[int]
    local_council_id: int | None
    open_unit_ids: frozenset[int]  # units owning an open step
    open_council_id: int | None  # the council owning an open step
    resolved: bool


@dataclass(frozen=True)
class DeviationAccess:
    sees_reporter: bool
    answers_for: frozenset[int]  # the user's managed units whose open step the user may answer
    reporting_side: bool  # decides for the reporting side: resolve, escalate, reopen
    council_decides: bool  # holds a seat on the council that owns the open step
    council_seat: bool  # a seat on a council that has the case (actions, reopening)
    counterpart: bool


def deviation_scope(user: Any, seats: Any = ()) -> DeviationScope:
    """``seats``: (council id, is regional) of the user's current council seats."""
    if not is_staff_member(user):
        return DeviationScope(None, frozenset(), frozenset(), frozenset(), False, False, False)
    memberships = user.active_memberships
    roles = {m.role_enum for m in memberships}
    sits = any(role is Role.COUNCIL_MEMBER for role in roles)
    seats = list(seats) if sits else []
    return DeviationScope(
        user_id=user.pk,
        unit_ids=frozenset(m.unit_id for m in memberships),
        managed_unit_ids=frozenset(m.unit_id for m in memberships if m.role_enum is Role.UNIT_MANAGER),
        council_ids=frozenset(council for council, _regional in seats),
        regional=any(regional for _council, regional in seats),
        analyses=bool(seats) or bool(roles & {Role.ANALYST, Role.USER_COUNCIL_REP, Role.COUNCIL_MEMBER}),
        exact_counts=bool(seats),
    )


def deviation_may_report(scope: DeviationScope) -> bool:
    """Any member of staff may report, from one of the units they work at."""
    return bool(scope.unit_ids)


def deviation_access(scope: DeviationScope, facts: DeviationFacts) -> DeviationAccess | None:
    """The decision on one report: what the user may do with it, or None (looks like "not found")."""
    if scope.user_id is None:
        return None
    reporting_side = scope.user_id == facts.reporter_id or facts.reporting_unit_id in scope.managed_unit_ids
    counterpart_units = scope.managed_unit_ids & facts.counterpart_unit_ids
    local = facts.local_council_id
    council_seat = scope.regional or (local is not None and local in scope.council_ids)
    if not (reporting_side or counterpart_units or council_seat):
        return None
    return DeviationAccess(
        sees_reporter=reporting_side or council_seat,
        answers_for=frozenset() if facts.resolved else scope.managed_unit_ids & facts.open_unit_ids,
        reporting_side=reporting_side,
        council_decides=facts.open_council_id is not None and facts.open_council_id in scope.council_ids,
        council_seat=council_seat,
        counterpart=bool(counterpart_units),
    )


def deviation_analysis_allowed(scope: DeviationScope) -> bool:
    return scope.analyses


def deviation_council_allowed(scope: DeviationScope, council_id: int) -> bool:
    """A council's table, agenda and actions: its members (the county administrator seats them)."""
    return council_id in scope.council_ids

"""One door for any object about an individual: load it, ask the policy, log, return a grant or 404.

A kind of object registers itself once (individuals and the log extract below; SIPs, screenings,
deficiency reports and agreements in their own apps.py ``ready()``): how to load it by the key in
its address, which individual it is about, how the policy decides, and which route parameters name
it (the URL walk tries every such route). A view then needs one line::

    grant = door(request, "sip", uuid, action=Action.UPDATE)

Refusals are the same 404 as "does not exist", logged as denied with the session's membership;
grants are logged through the membership that gave them (access.policy, issue 7 §3).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from access import policy
from access.policy import Grant
from audit.models import Action, Outcome
from audit.services import Actor, audit_record, audit_search

if TYPE_CHECKING:
    from individuals.identity import IdentityNumber
    from individuals.models import Individual


@dataclass(frozen=True)
class Kind:
    """A kind of object behind the door."""

    name: str
    object_type: str  # what the log names a refused attempt's object as (app_label.model)
    load: Callable[[Any], Any]  # key → the object, or None
    individual_of: Callable[[Any], "Individual | None"]  # the individual the object is about
    decide: Callable[..., Grant | None]  # (user, object, prefer=membership) → grant or None; pure
    # A stand-in object for a key that names nothing: the policy runs its queries on it anyway,
    # so that "exists but not yours" costs what "does not exist" does.
    placeholder: Callable[[], Any]
    # Route parameters that carry this kind's key, as (path prefix, parameter name): the URL walk
    # tries every route that has one.
    routes: tuple[tuple[str, str], ...]
    # For the URL walk: the key of an object of this kind about ``individual`` (None: none exists).
    example_key: Callable[["Individual"], Any]
    # The membership a manager-only action goes through, or None (then 403, logged as denied).
    managing: Callable[..., Any] = lambda user, obj, prefer=None: None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise ValueError(f"door kind {kind.name!r} registered twice")
    KINDS[kind.name] = kind
    return kind


def kind_for_route(route: str, parameter: str) -> Kind | None:
    """The kind whose key the route's ``parameter`` carries (route: the whole pattern, from the root)."""
    for kind in KINDS.values():
        if any(route.startswith(prefix) and parameter == name for prefix, name in kind.routes):
            return kind
    return None


def door(
    request: HttpRequest,
    kind_name: str,
    key: Any,
    *,
    action: Action = Action.READ,
    manager_only: bool = False,
    log_obj: Any = None,
    log: bool = True,
) -> Grant:
    """Decide, log the attempt, and return the grant, or raise 404 (or 403, see ``manager_only``).

    ``manager_only``: the action is the unit manager's; others who may see the object get 403
    (they already know it exists, so nothing leaks) and the attempt is logged as denied.
    ``log_obj``: what the allowed entry names, if not the object itself.
    ``log=False``: refusals are logged here, but a grant is not: the caller logs what then
    happened with ``door_log`` (a change with the change itself, or an attempt refused as invalid),
    so that the log never shows an update that did not take place."""
    kind = KINDS[kind_name]
    prefer = getattr(request, "membership", None)
    obj = kind.load(key)
    grant = kind.decide(request.user, obj if obj is not None else kind.placeholder(), prefer=prefer)
    if obj is None or grant is None:
        individual = kind.individual_of(obj) if obj is not None else None
        audit_record(actor=Actor.from_request(request), action=action, outcome=Outcome.DENIED,
                     individual_id=individual.pk if individual else None, object_type=kind.object_type,
                     object_id=str(key))  # fmt: skip
        raise Http404
    if manager_only:
        managing = kind.managing(request.user, obj, prefer=prefer)
        if managing is None:
            door_log(request, grant, action=action, outcome=Outcome.DENIED, obj=log_obj)
            raise PermissionDenied
        grant = replace(grant, membership=managing)
    if log:
        door_log(request, grant, action=action, obj=log_obj)
    return grant


def door_log(
    request: HttpRequest,
    grant: Grant,
    *,
    action: Action,
    outcome: Outcome = Outcome.ALLOWED,
    obj: Any = None,
    details: dict[str, Any] | None = None,
) -> None:
    """The entry for an access through ``grant``: through the grant's membership, on its ground."""
    audit_record(actor=Actor.for_grant(request, grant), action=action, ground=grant.ground, outcome=outcome,
                 individual_id=grant.about.pk if grant.about is not None else None,
                 obj=obj or grant.obj, details=details)  # fmt: skip


def find_by_number(
    request: HttpRequest, kind_name: str, number: "IdentityNumber", *, details: dict[str, Any] | None = None
) -> Grant | None:
    """Find an individual by exact number for ``kind_name`` ("individual", "log_extract"): the grant,
    or None when the number is unknown or the user may not see the individual (the same answer).
    The search is logged either way: through the grant's membership, or denied."""
    from individuals.services import individual_find

    kind = KINDS[kind_name]
    individual = individual_find(number=number)
    prefer = getattr(request, "membership", None)
    grant = kind.decide(request.user, individual if individual is not None else kind.placeholder(), prefer=prefer)
    if individual is None:
        grant = None
    actor = Actor.for_grant(request, grant) if grant is not None else Actor.from_request(request)
    audit_search(actor=actor, individual_id=individual.pk if individual else None,
                 ground=grant.ground if grant else None, details=details)  # fmt: skip
    return grant


# --- The kinds the foundation knows ------------------------------------------------------------


def _individual_by_uuid(key: Any) -> "Individual | None":
    from individuals.models import Individual

    # A merged-away record answers like an unknown one: its data lives on the surviving record.
    return Individual.objects.filter(uuid=key, merged_into__isnull=True).first()


def _no_individual() -> "Individual":
    from individuals.models import Individual

    return Individual(pk=0)


def _same(obj: Any) -> Any:
    return obj


def _uuid(individual: "Individual") -> Any:
    return individual.uuid


INDIVIDUAL = register(
    Kind(
        name="individual",
        object_type="individuals.individual",
        load=_individual_by_uuid,
        individual_of=_same,
        decide=policy.individual_grant,
        placeholder=_no_individual,
        routes=(("individuals/", "uuid"),),
        example_key=_uuid,
        managing=policy.managing_membership,
    )
)

LOG_EXTRACT = register(
    Kind(
        name="log_extract",
        object_type="individuals.individual",
        load=_individual_by_uuid,
        individual_of=_same,
        decide=policy.log_extract_grant,
        placeholder=_no_individual,
        routes=(("audit/extract/", "uuid"),),
        example_key=_uuid,
    )
)

__all__ = ["INDIVIDUAL", "KINDS", "LOG_EXTRACT", "Kind", "door", "door_log", "find_by_number", "kind_for_route",
           "register"]  # fmt: skip

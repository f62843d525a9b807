"""Who may open a stored screening result: the door kind "screening" (registered in
screening/care_setup.py), keyed by the result's uuid.

A result is a record about the individual kept by the unit that gave the instrument. It is shown to
whoever the individual's own rule lets in (access.policy.individual_grant: a relation, a SIP consent
naming the user's unit, the user's own emergency access), for the records that grant opens as
shared basics: with a relation every unit's results (the agreements want results "followed over
time" by everyone who works with the person), with a SIP consent only the parties' results, and
never a result of a unit whose information is blocked. Anyone else gets the door's logged 404, the
same as for a result that does not exist.

Giving an instrument, recording a checklist or an interview are steps on the individual's record:
they go through the individual's own door (the kinds "screening_give", "screening_checklist" and
"screening_interview" are the individual kind with their own routes, for the URL walk).
"""

from typing import Any

from django.http import HttpRequest

from access import policy
from access.policy import Grant
from audit.models import Action, Ground
from screening.models_care import Result

KIND = "screening"


def visible_unit(grant: Grant, unit_id: int) -> bool:
    """May a user with the individual's ``grant`` see a screening record kept by ``unit_id``?"""
    if not grant.may_see_unit_records(unit_id):
        return False
    scope = grant.opens.shared_units
    return scope is None or unit_id in scope


def result_grant(user: Any, result: Result, *, prefer: Any = None) -> Grant | None:
    """The policy's decision on a result: the individual's grant, if it opens the result's unit. Pure."""
    base = policy.individual_grant(user, result.individual, prefer=prefer)
    if base is None or not visible_unit(base, result.unit_id):
        return None
    return Grant(KIND, result, base.individual, base.ground, base.membership, base.opens, base.unit_ids,
                 base.sees_contact_details, base.blocked_unit_ids)  # fmt: skip


def load(key: Any) -> Result | None:
    # A result about a merged-away record answers like an unknown one: it moved to the survivor.
    return (
        Result.objects.select_related("individual", "version__instrument", "unit", "given_by")
        .filter(uuid=key, individual__merged_into__isnull=True)
        .first()
    )


def placeholder() -> Result:
    from individuals.models import Individual

    result = Result(pk=0, unit_id=0)
    result.individual = Individual(pk=0)
    return result


def individual_of(result: Result) -> Any:
    return result.individual


def example_key(individual: Any) -> Any:
    return Result.objects.filter(individual=individual).order_by("-pk").values_list("uuid", flat=True).first()


def result_for_request(request: HttpRequest, uuid: Any, *, action: Action = Action.READ, log: bool = True) -> Grant:
    """The door to a result: the grant, or the logged 404."""
    from access.door import door

    return door(request, KIND, uuid, action=action, log=log)


def may_write(grant: Grant) -> bool:
    """Changes are made under a relation or a SIP consent; emergency access only reads."""
    return grant.ground in (Ground.RELATION, Ground.SIP_CONSENT)

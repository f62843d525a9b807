"""The guide as JSON (api/main.py finds this router): GET /api/v1/directory/guide, a fixed contract.

Anonymous and rate-limited (api.auth.public). A wrong question answers 400 in the API's error
shape *plus* 112 and the national helplines: someone whose app sent a bad value may still be in
need, so the numbers that need no question are never withheld."""

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status

from api.auth import public
from api.errors import bad_input
from directory.forms import GuideForm
from directory.helplines import Helpline, emergency_numbers, helplines_for
from directory.questions import AGE_MAX, AGE_MIN, Concern, Urgency
from directory.selectors import GuideUnit, Question, guide_answer, municipalities

router = Router(tags=["directory"])
SELF_TESTS = "/hjalp/sjalvtest/"


class NumberOut(Schema):
    name: str = Field(description="Who answers.")
    number: str = Field(description="The number as written in Sweden.", examples=["020-50 50 50"])
    tel: str = Field(description="The number for a tel: link (digits only).", examples=["020505050"])
    description: str = Field(description="What it is for.")


class AddressOut(Schema):
    street: str
    postal_code: str = Field(description="Five digits, as written: 852 30.")
    city: str


class PeriodOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday.", ge=0, le=6)
    opens: str = Field(description="HH:MM, Stockholm time.", examples=["08:00"])
    closes: str = Field(description="HH:MM, Stockholm time; 24:00 is midnight.", examples=["16:30"])


class HoursOut(Schema):
    text: str = Field(description="The opening hours as the unit writes them.")
    open_now: bool | None = Field(
        description="Open at the time of the answer; null when the hours are not known as data."
    )  # noqa: E501
    next_opening: datetime | None = Field(description="When it next opens, if closed now (within a week).")
    periods: list[PeriodOut] = Field(description="The weekly opening periods, if known as data.")


class GuideUnitOut(Schema):
    id: UUID = Field(description="The unit's public id.")
    kind: str = Field(
        description="joint_reception (the municipality's single number; first), unit, "
        "or peer_support (a user organisation; last)."
    )
    name: str
    principal: str = Field(description="The unit's principal (huvudman) or organisation.")
    phone: str = Field(description="The number to call, as written.")
    address: AddressOut
    opening_hours: HoursOut
    directions: str = Field(description="How to get there, if the unit has said.")
    reasons: list[str] = Field(description="Why the unit was chosen, in plain words.")


class GuideOut(Schema):
    municipality: str = Field(description="The SCB code asked about.")
    municipality_name: str
    age: int
    concern: Concern
    urgency: Urgency
    units: list[GuideUnitOut] = Field(
        description="In order: the joint reception first where there is one, then the best fit; "
        "user organisations for peer support last."
    )
    emergency_numbers: list[NumberOut] = Field(
        description="112, 1177 and the suicide line: given when urgency is emergency, otherwise empty."
    )  # noqa: E501
    helplines: list[NumberOut] = Field(description="National helplines for the concern.")
    self_tests: str = Field(description="Where the anonymous self-tests are.", examples=[SELF_TESTS])


class FieldErrorOut(Schema):
    field: str = Field(description="The parameter that was wrong: municipality, age, concern or urgency.")
    message: str


class GuideErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]
    emergency_numbers: list[NumberOut] = Field(description="112 and the other emergency numbers, always.")
    helplines: list[NumberOut] = Field(description="Every national helpline, always.")


class ErrorOut(Schema):
    detail: str


def _numbers(lines: list[Helpline]) -> list[dict[str, str]]:
    return [{"name": str(l.name), "number": l.number, "tel": l.tel, "description": str(l.description)} for l in lines]  # noqa: E741


def _hhmm(value: Any, closing: bool = False) -> str:
    return "24:00" if closing and value.hour == 0 and value.minute == 0 else value.strftime("%H:%M")


def _unit(unit: GuideUnit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "kind": unit.kind,
        "name": unit.name,
        "principal": unit.principal,
        "phone": unit.phone,
        "address": {"street": unit.street_address, "postal_code": unit.postal_code_display, "city": unit.city},
        "opening_hours": {
            "text": unit.opening_hours,
            "open_now": unit.open_now,
            "next_opening": unit.next_opening,
            "periods": [
                {"weekday": p.weekday, "opens": _hhmm(p.opens), "closes": _hhmm(p.closes, closing=True)}
                for p in unit.periods
            ],
        },
        "directions": unit.directions,
        "reasons": unit.reasons,
    }


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"in": "query", "name": name, "required": True, "description": description, "schema": schema}


# The parameters are read and checked by GuideForm (so that every 400 carries the helplines);
# the OpenAPI description states them as the fixed contract has them.
_PARAMETERS = [
    _parameter("municipality", "The SCB municipality code (four digits) of a municipality in the county.", {"type": "string", "pattern": "^[0-9]{4}$", "examples": ["2281"]}),  # noqa: E501
    _parameter("age", f"The age in whole years of the person it concerns, {AGE_MIN}–{AGE_MAX}.", {"type": "integer", "minimum": AGE_MIN, "maximum": AGE_MAX}),  # noqa: E501
    _parameter("concern", "What it is about; relative: the one asking is a relative.", {"type": "string", "enum": list(Concern.values)}),  # noqa: E501
    _parameter("urgency", "emergency: right now; soon; advice: general advice.", {"type": "string", "enum": list(Urgency.values)}),  # noqa: E501
]  # fmt: skip


@router.get(
    "/directory/guide",
    auth=public,
    response={200: GuideOut, 400: GuideErrorOut, 429: ErrorOut},
    summary="Where to turn: the units for a municipality, age, concern and urgency",
    operation_id="directory_guide",
    openapi_extra={"parameters": _PARAMETERS},
)
def directory_guide(request: HttpRequest) -> Any:
    """The same answer as the public guide at /hjalp/. Public (no sign-in), rate-limited per address,
    cached (a change to any unit takes effect at once). A wrong or missing parameter answers 400
    with the API's error shape plus 112 and the national helplines."""
    data = {
        name: request.GET.get(name) for name in ("municipality", "age", "concern", "urgency") if name in request.GET
    }
    form = GuideForm(data, municipalities=municipalities(), api=True)
    if not form.is_valid():
        errors = [
            {"field": name, "message": str(message)} for name, messages in form.errors.items() for message in messages
        ]  # noqa: E501
        # The API's own error shape (api.errors), with the numbers added.
        body = json.loads(bad_input(errors).content)
        body["emergency_numbers"] = _numbers(emergency_numbers())
        body["helplines"] = _numbers(helplines_for(None))
        return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
    cleaned = form.cleaned_data
    question = Question(
        cleaned["municipality"], cleaned["age"], cleaned["concern"], cleaned["urgency"], form.whom_value
    )
    answer = guide_answer(question)
    return Status(
        200,
        {
            "municipality": question.municipality,
            "municipality_name": answer.municipality_name,
            "age": question.age,
            "concern": question.concern,
            "urgency": question.urgency,
            "units": [_unit(unit) for unit in [*answer.units, *answer.peer_support]],
            "emergency_numbers": _numbers(answer.emergency),
            "helplines": _numbers(answer.helplines),
            "self_tests": SELF_TESTS,
        },
    )

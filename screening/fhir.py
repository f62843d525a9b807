"""A stored result as FHIR R4 (issue 10, item 9): a Bundle of type "collection" holding the
QuestionnaireResponse (every item's answer with its points) and an Observation of the total, coded
with the instrument's LOINC total-score code where one exists (AUDIT 75624-7, AUDIT-C 75626-2);
DUDIT and PGSI have none, so their Observation is coded with Samverkan's own code system only.

The subject is the individual's opaque uuid (urn:uuid), never a name or an identity number: the
receiving system matches it through its own integration. Built as plain JSON; the tests validate it
with fhir.resources (R4B models).
"""

import uuid
from typing import Any

from screening.definition import Definition
from screening.models_care import Result

MEDIA_TYPE = "application/fhir+json"
LOINC = "http://loinc.org"
CODE_SYSTEM = "urn:samverkan:screening:instrument"
ANSWER_SYSTEM = "urn:samverkan:screening:points"
ZONE_SYSTEM = "urn:samverkan:screening:zone"


def _urn(value: Any) -> str:
    return f"urn:uuid:{value}"


def _part(result: Result, name: str) -> uuid.UUID:
    """A stable uuid for one resource of the result's bundle (urn:uuid needs a real uuid)."""
    return uuid.uuid5(result.uuid, name)


def questionnaire_url(definition: Definition) -> str:
    if definition.loinc_panel:
        return f"http://loinc.org/q/{definition.loinc_panel}"
    return f"urn:samverkan:screening:questionnaire:{definition.code}|{definition.version}"


def _items(definition: Definition, answers: list[int | None]) -> list[dict[str, Any]]:
    items = []
    for item, given in zip(definition.items, answers, strict=True):
        entry: dict[str, Any] = {"linkId": str(item.number), "text": item.text.sv}
        option = next((o for o in item.options if o.points == given), None)
        if option is not None:
            entry["answer"] = [{"valueCoding": {"system": ANSWER_SYSTEM, "code": str(option.points),
                                                "display": option.text.sv}}]  # fmt: skip
        items.append(entry)
    return items


def questionnaire_response(result: Result, definition: Definition) -> dict[str, Any]:
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(_part(result, "qr")),
        "status": "completed",
        "questionnaire": questionnaire_url(definition),
        "subject": {"reference": _urn(result.individual.uuid)},
        "authored": result.created_at.isoformat(),
        "item": _items(definition, list(result.answers)),
    }


def observation(result: Result, definition: Definition) -> dict[str, Any]:
    coding = [{"system": CODE_SYSTEM, "code": definition.code, "display": f"{definition.short_name} total score"}]
    if definition.loinc_total:
        coding.insert(0, {"system": LOINC, "code": definition.loinc_total})
    body: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(_part(result, "total")),
        "status": "final",
        "category": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "survey"}]}
        ],  # fmt: skip
        "code": {"coding": coding, "text": f"{definition.short_name} total score"},
        "subject": {"reference": _urn(result.individual.uuid)},
        "effectiveDateTime": result.given_on.isoformat(),
        "valueInteger": result.total,
        "derivedFrom": [{"reference": _urn(_part(result, "qr"))}],
    }
    if result.zone:
        zone = definition.zone(result.zone)
        body["interpretation"] = [{"coding": [{"system": ZONE_SYSTEM, "code": zone.code}], "text": zone.label.sv}]
    if result.scoring.get("subscales"):
        body["component"] = [
            {"code": {"coding": [{"system": CODE_SYSTEM, "code": f"{definition.code}:{code}"}]}, "valueInteger": value}
            for code, value in result.scoring["subscales"].items()
        ]
    return body


def bundle(result: Result) -> dict[str, Any]:
    definition = result.version.parsed
    response = questionnaire_response(result, definition)
    total = observation(result, definition)
    return {
        "resourceType": "Bundle",
        "id": str(result.uuid),
        "type": "collection",
        "timestamp": result.created_at.isoformat(),
        "entry": [
            {"fullUrl": _urn(_part(result, "qr")), "resource": response},
            {"fullUrl": _urn(_part(result, "total")), "resource": total},
        ],
    }

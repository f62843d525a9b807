"""The FHIR export of a stored result (issue 10, item 9), added to screening/api.py's router.

GET /api/v1/screenings/{id}/fhir: for staff with access to the result (the door "screening": the
read is logged; anyone else gets the door's logged 404, the same as for an unknown id), a FHIR R4
Bundle (collection) with the QuestionnaireResponse and the total-score Observation, media type
application/fhir+json."""

import json
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Router

from api.auth import door_session
from audit.models import Action
from screening import fhir
from screening.care_access import result_for_request

router = Router(tags=["screening"])


@router.get(
    "/screenings/{uuid:result_id}/fhir",
    response={200: dict, 404: dict},
    summary="A stored screening result as FHIR (staff with access)",
    operation_id="screening_result_fhir",
    url_name="screening_result_fhir",
    auth=door_session,
    openapi_extra={"responses": {200: {"content": {fhir.MEDIA_TYPE: {"schema": {"type": "object"}}}}}},
)
def screening_result_fhir(request: HttpRequest, result_id: uuid.UUID) -> HttpResponse:
    """A FHIR R4 Bundle of type collection: the QuestionnaireResponse (each item's answer and points)
    and an Observation of the total (LOINC 75624-7 for AUDIT, 75626-2 for AUDIT-C; DUDIT and PGSI have
    no LOINC code and carry Samverkan's own code). The subject is the individual's opaque id. The read
    is logged as an export; without access: 404, logged, as for an unknown id."""
    grant = result_for_request(request, result_id, action=Action.EXPORT)
    body = json.dumps(fhir.bundle(grant.obj), ensure_ascii=False)
    return HttpResponse(body, content_type=fhir.MEDIA_TYPE)

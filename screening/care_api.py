"""The FHIR export of a stored result (issue 10, item 9), added to screening/api.py's router.

GET /api/v1/screenings/{id}/fhir: for staff with access to the result (the door "screening": the
read is logged; anyone else gets the door's logged 404, the same as for an unknown id), a FHIR R4
Bundle (collection) with the QuestionnaireResponse and the total-score Observation, media type
application/fhir+json."""

import json
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import AuthenticationError

from accounts.middleware import session_has_second_factor
from api.auth import StaffSession
from audit.models import Action
from screening import fhir
from screening.care_access import result_for_request

router = Router(tags=["screening"])


class DoorSession(StaffSession):
    """The staff session, second factor done; whether the user may see the result is the door's to
    judge (a signed-in user without a care role gets the door's logged 404, like on the pages)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None  # 401
        if user.requires_second_factor and not session_has_second_factor(request):  # type: ignore[union-attr]
            raise AuthenticationError(401, _("Sign in again with your second factor (tvåstegsverifiering)."))
        return user


door_session = DoorSession()


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

"""Units in the JSON API (api/main.py finds this router): GET /api/v1/units, a fixed contract."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from organisations.models import PrincipalKind
from organisations.selectors import units_for_api

router = Router(tags=["units"])


class UnitOut(Schema):
    id: UUID = Field(description="The unit's public id (a UUID, as a string); stable.")
    code: str = Field(
        description="The unit's stable, unique code: the HSA-id for the region's units (e.g. SE2321000206-B123), "
        "the municipality's own code otherwise. Capital letters A–Z, digits and single dashes; at most 32.",
        examples=["SE2321000206-B123"],
    )
    name: str = Field(description="The unit's name.")
    principal: str = Field(description="The name of the unit's principal (huvudman).")
    principal_kind: PrincipalKind = Field(description="The kind of principal.")
    municipalities: list[str] = Field(
        description="The SCB municipality codes (four digits) of the municipalities the unit serves, in order.",
        examples=[["2262", "2281"]],
    )


@router.get("/units", response=list[UnitOut], summary="The county's active units", operation_id="units_list")
def units_list(request: HttpRequest) -> list[dict]:
    """Every active unit, ordered by code. For signed-in staff (reference data open to all staff,
    access/policy.py)."""
    return [
        {
            "id": unit.uuid,
            "code": unit.code,
            "name": unit.name,
            "principal": unit.principal.name,
            "principal_kind": unit.principal.kind,
            "municipalities": [m.municipality_code for m in unit.served_municipalities],  # type: ignore[attr-defined]
        }
        for unit in units_for_api()
    ]

from django.http import HttpRequest
from ninja import Router

router = Router(tags=["fake"])


@router.get("/fake-capability")
def fake(request: HttpRequest) -> dict:
    return {"found": True}

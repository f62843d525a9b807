"""A small API built like the real one (api.main.build_api), with operations that exist only for
the tests of the skeleton: a write (CSRF), bad input, a public operation, a service refusal, a crash."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import include, path
from ninja import Field, Query, Router, Schema

import samverkan.urls
from api.auth import public
from api.main import build_api, json_everywhere

router = Router()


class EchoIn(Schema):
    name: str = Field(max_length=10)
    count: int = Field(ge=1, le=5)


@router.post("/echo")
def echo(request: HttpRequest, payload: EchoIn) -> dict:
    return {"name": payload.name, "count": payload.count, "user": request.auth.username}  # type: ignore[attr-defined]


@router.get("/search")
def search(request: HttpRequest, page: int = 1, unit: str = Query(..., max_length=5)) -> dict:
    return {"page": page, "unit": unit}


@router.get("/public", auth=public)
def public_hello(request: HttpRequest) -> dict:
    return {"hello": "world"}


@router.post("/refused")
def refused(request: HttpRequest) -> dict:
    raise ValidationError({"code": ["There is already a unit with this code."], "__all__": ["Not now."]})


@router.get("/forbidden")
def forbidden(request: HttpRequest) -> dict:
    raise PermissionDenied


@router.get("/boom")
def boom(request: HttpRequest) -> dict:
    raise RuntimeError("Tolvan Testsson 19121212-1212")


test_api = build_api(routers=[("", router)], namespace="api-test")
_patterns, _app, _namespace = test_api.urls
for _pattern in _patterns:
    _pattern.callback = json_everywhere(_pattern.callback)

urlpatterns = [
    path("api/test/", include((_patterns, _app), namespace=_namespace)),
    *samverkan.urls.urlpatterns,
]

"""The JSON API at /api/v1/ (README, "JSON API").

Each app adds its operations in its own `<app>/api.py` with a module-level `router` (a
ninja.Router) and, optionally, `prefix` (default ""): found here, so a new capability adds a file
and edits nothing in api/. Operations are for signed-in staff unless they say otherwise
(`auth=api.auth.public`), and ask access.policy as the views do; reads of individuals' data go
through the door like the pages."""

import importlib
import importlib.util
from functools import wraps
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from api import errors
from api.auth import staff

TITLE = "Samverkan API"
VERSION = "1"
NAMESPACE = "api-v1"


def discovered_routers() -> list[tuple[str, Router]]:
    """(prefix, router) of every project app (not third-party ones) that has an `api` module."""
    found = []
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(settings.BASE_DIR) or ".venv" in Path(config.path).parts:
            continue
        name = f"{config.name}.api"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            found.append((getattr(module, "prefix", ""), router))
    return found


def build_api(*, routers: list[tuple[str, Router]], namespace: str = NAMESPACE) -> NinjaAPI:
    api = NinjaAPI(
        title=TITLE,
        version=VERSION,
        description=_api_description(),
        urls_namespace=namespace,
        auth=staff,
        # Served from ninja's own static files (no CDN), with no validator badge calling out.
        docs=Swagger(settings={"validatorUrl": None, "deepLinking": False}),
    )
    errors.install(api)
    for prefix, router in routers:
        api.add_router(prefix, router)
    return api


def _api_description() -> str:
    return (
        "Operations are for signed-in staff (the browser's session, second factor done; writes send "
        "the X-CSRFToken header) unless marked public (anonymous, rate-limited per address). Errors are "
        'JSON: {"detail": "...", "errors": [{"field": "...", "message": "..."}]}, in Swedish or English '
        "after the language cookie or the Accept-Language header."
    )


# --- Every answer under /api/v1/ is JSON, in the request's language ---------------------------


def _generic_detail(status: int, request: HttpRequest, response: HttpResponse) -> str:
    if status == 405:
        return _("This address does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": response.get("Allow", ""),
        }
    return {
        400: _("The request is not valid."),
        401: _("Sign in first."),
        403: _("You may not do this."),
        404: _("Not found."),
        429: _("Too many requests: try again later."),
    }.get(status, _("Something went wrong on our side. Try again later."))


def json_everywhere(view: Any) -> Any:
    """The language from the cookie or Accept-Language (an API client has no language button), and
    a JSON body for every error, including those ninja or Django answer in plain text (405, 404)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = translation.get_language_from_request(request)
        with translation.override(language):
            try:
                response = view(request, *args, **kwargs)
            except errors.Http404:
                response = errors.error_response(404, _("Not found."))
            except errors.PermissionDenied:
                response = errors.error_response(403, _("You may not do this."))
            if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
                allow = response.get("Allow")
                response = errors.error_response(
                    response.status_code, _generic_detail(response.status_code, request, response)
                )
                if allow:
                    response["Allow"] = allow
        response["Content-Language"] = language
        return response

    return wrapped


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return errors.error_response(404, _("Not found."))

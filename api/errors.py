"""Every API answer that is not a success is JSON of one shape, in the request's language:

    {"detail": "name: This field is required.", "errors": [{"field": "name", "message": "..."}]}

`errors` lists each field that was wrong (400); other statuses have `detail` only."""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)


def error_response(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def bad_input(errors: list[dict[str, str]]) -> JsonResponse:
    detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
    return error_response(400, detail, errors)


def _pydantic_message(error: dict[str, Any]) -> str:
    """Our own words for pydantic's error types (its messages are English only)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Write at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Write at least %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Give a whole number.")
    if kind in {"float_parsing", "float_type", "decimal_parsing"}:
        return _("Give a number.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Give a value of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Give a value of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("uuid"):
        return _("Give a valid id (a UUID).")
    if kind.startswith("bool"):
        return _("Give true or false.")
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return _("Give a date and time with its time zone, e.g. 2026-12-02T09:00:00+01:00.")
    if kind.startswith("date"):
        return _("Give a date, e.g. 2026-12-02.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of the allowed values.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in {"model_attributes_type", "dict_type", "model_type"}:
        return _("Send a JSON object.")
    if kind in {"list_type", "too_long", "too_short"}:
        return _("Send a list of the allowed length.")
    return _("This value is not valid.")


def _field_of(location: tuple | list) -> str:
    """'name' from ('body', 'payload', 'name'); 'page' from ('query', 'page')."""
    source, *parts = [str(part) for part in location] or [""]
    if source == "body" and len(parts) > 1:
        parts = parts[1:]  # the operation's parameter that holds the whole body
    return ".".join(parts) or source


def _validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return bad_input([{"field": _field_of(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors])


def _django_validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
    """A service refused the input (full_clean): its messages, each under its field."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": "" if field == NON_FIELD_ERRORS else field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return bad_input(errors)


# ninja's own English defaults, put in our words; our errors (api.auth) carry translated messages.
_NINJA_DEFAULTS = {"Unauthorized", "Forbidden", "Too many requests.", "CSRF check Failed"}


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    detail = exc.message
    if detail in _NINJA_DEFAULTS:
        detail = {
            401: _("Sign in first."),
            429: _("Too many requests: try again later."),
        }.get(exc.status_code, _("You may not do this."))
    response = error_response(exc.status_code, detail)
    wait = getattr(exc, "wait", None)
    if exc.status_code == 429 and wait:
        response["Retry-After"] = str(int(wait))
    return response


def _server_error(request: HttpRequest, exc: Any) -> HttpResponse:
    # The traceback goes to the server log (as Django's own 500 would), never to the client.
    logger.exception("API error at %s", request.path)
    return error_response(500, _("Something went wrong on our side. Try again later."))


def _too_big(request: HttpRequest, exc: Any) -> HttpResponse:
    # A body beyond DATA_UPLOAD_MAX_MEMORY_SIZE is bad input (400), not our failure (500); nothing
    # of it is logged or echoed.
    return error_response(
        400,
        _("The request is too large: send at most %(bytes)d bytes.") % {"bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(404, _("Not found."))


def _permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
    return error_response(403, _("You may not do this."))


def install(api: NinjaAPI) -> None:
    # ninja's handler type wants `exc: E | type[E]`; the handlers take Any.
    api.add_exception_handler(Exception, _server_error)
    api.add_exception_handler(NinjaValidationError, _validation_error)
    api.add_exception_handler(DjangoValidationError, _django_validation_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(RequestDataTooBig, _too_big)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _permission_denied)

"""Makes the current request known to audit signal handlers (role changes made in a view or the admin)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.services import request_var


class AuditRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_var.set(request)
        try:
            return self.get_response(request)
        finally:
            request_var.reset(token)

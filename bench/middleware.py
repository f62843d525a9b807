"""Benchmark-only middleware, enabled by SAMVERKAN_BENCH=1 (samverkan/settings.py).

It sits first in MIDDLEWARE, so it sees every query the rest of the stack and the view make
(session load and save included), and reports their number in the X-Bench-Queries header. It
also serves the floor page (bench/urls.py) by switching the request to a URLconf that adds it.
"""

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

QUERIES_HEADER = "X-Bench-Queries"


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.urlconf = "bench.urls"  # type: ignore[attr-defined]
        count = 0

        def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count)
        return response

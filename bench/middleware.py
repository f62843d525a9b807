"""Benchmark-only middleware, enabled by SAMVERKAN_BENCH=1 (samverkan/settings.py).

It sits first in MIDDLEWARE, so it sees every query the rest of the stack and the view make
(session load and save included), and reports their number in the X-Bench-Queries header, the
number of INSERT statements into the audit log in X-Bench-Audit-Inserts, and the time the rest of
the stack took in X-Bench-Server-Ms (the server's own time, without queueing or the network). It also serves the
floor page (bench/urls.py) by switching the request to a URLconf that adds it.

Audit overhead. To measure what writing the audit entry costs a page, the benchmark requests the
same page with and without it in the same run, with the request header X-Bench-Audit:

- ``off-<token>``, where the token is SAMVERKAN_BENCH_AUDIT_TOKEN (a random value bench/run.py
  sets for its own server): audit.services.audit_record (which audit_list_read also calls) is replaced by
  no-ops, wherever a module has imported them, for this request only, and restored in a
  ``finally``. Without the token in the environment, or with a wrong one, the header is ignored.
- ``timed``: the real writers run, wrapped in a timer; X-Bench-Audit-Ms reports the time spent
  in them, a direct measure of the write next to the difference in latency.

Swapping module attributes is safe only because gunicorn's sync workers serve one request at a
time per process (the benchmark's server); this must never run in a threaded server. The product
has no switch that turns auditing off: the swap lives here, in a middleware that exists only with
SAMVERKAN_BENCH=1. X-Bench-Audit-Inserts lets the benchmark check that the page with the audit
wrote entries and the page without it none.
"""

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import ModuleType
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

from audit import services as audit_services

QUERIES_HEADER = "X-Bench-Queries"
SERVER_MS_HEADER = "X-Bench-Server-Ms"
AUDIT_INSERTS_HEADER = "X-Bench-Audit-Inserts"
AUDIT_MS_HEADER = "X-Bench-Audit-Ms"
AUDIT_REQUEST_HEADER = "HTTP_X_BENCH_AUDIT"  # X-Bench-Audit as Django's META names it
AUDIT_TOKEN_ENV = "SAMVERKAN_BENCH_AUDIT_TOKEN"
_AUDIT_INSERT = 'INSERT INTO "audit_auditentry"'


def _no_audit_record(**_kwargs: Any) -> None:
    return None


_WRITERS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "audit_record": (audit_services.audit_record, _no_audit_record),
}
_bindings_cache: tuple[int, list[tuple[ModuleType, str]]] = (-1, [])


def _bindings() -> list[tuple[ModuleType, str]]:
    """Every (module, name) bound to a real audit writer; rescanned only when modules were loaded."""
    global _bindings_cache
    loaded, found = _bindings_cache
    if loaded != len(sys.modules):
        found = [
            (module, name)
            for module in list(sys.modules.values())
            if module is not None
            for name, (real, _none) in _WRITERS.items()
            # The module's own namespace: getattr could run a lazy module's __getattr__.
            if getattr(module, "__dict__", {}).get(name) is real
        ]
        _bindings_cache = (len(sys.modules), found)
    return found


@contextmanager
def _writers_replaced(replacements: dict[str, Callable[..., Any]]) -> Iterator[None]:
    bindings = _bindings()
    try:
        for module, name in bindings:
            setattr(module, name, replacements[name])
        yield
    finally:
        for module, name in bindings:
            setattr(module, name, _WRITERS[name][0])


def audit_writes_off() -> AbstractContextManager[None]:
    return _writers_replaced({name: none for name, (_real, none) in _WRITERS.items()})


def audit_writes_timed(spent: list[float]) -> AbstractContextManager[None]:
    """The real writers, adding the seconds they take to spent[0]."""

    def timed(real: Callable[..., Any]) -> Callable[..., Any]:
        def writer(*args: Any, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - begun

        return writer

    return _writers_replaced({name: timed(real) for name, (real, _none) in _WRITERS.items()})


def _audit_mode(request: HttpRequest) -> str:
    value = request.META.get(AUDIT_REQUEST_HEADER, "")
    token = os.environ.get(AUDIT_TOKEN_ENV, "")
    if token and value == f"off-{token}":
        return "off"
    return "timed" if value == "timed" else ""


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.urlconf = "bench.urls"  # type: ignore[attr-defined]
        count = audit_inserts = 0

        def counter(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count, audit_inserts
            count += 1
            if sql.startswith(_AUDIT_INSERT):
                audit_inserts += 1
            return execute(sql, params, many, context)

        spent = [0.0]
        mode = _audit_mode(request)
        writers = audit_writes_off() if mode == "off" else audit_writes_timed(spent) if mode else nullcontext()
        begun = time.perf_counter()
        with connection.execute_wrapper(counter), writers:
            response = self.get_response(request)
        response[SERVER_MS_HEADER] = f"{(time.perf_counter() - begun) * 1000:.3f}"
        response[QUERIES_HEADER] = str(count)
        response[AUDIT_INSERTS_HEADER] = str(audit_inserts)
        if mode == "timed":
            response[AUDIT_MS_HEADER] = f"{spent[0] * 1000:.3f}"
        return response

from contextlib import nullcontext

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from access.policy import staff_required
from organisations import selectors


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    colleagues = selectors.colleagues_of(membership=membership) if membership else []
    return render(request, "core/home.html", {"membership": membership, "colleagues": colleagues})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"; details go to the server log only
        return False


def _task_queue_ok() -> bool:
    # The backend itself, not django_tasks' default_task_backend proxy (whose class is the proxy's).
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    try:
        if isinstance(backend, DatabaseBackend):
            # Inside a transaction (tests, ATOMIC_REQUESTS) a failure must not break the connection.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                DBTaskResult.objects.exists()
        return True
    except Exception:  # noqa: BLE001
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "tasks": _task_queue_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error", "checks": {k: "ok" if v else "error" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)

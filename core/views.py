import datetime
from contextlib import nullcontext
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from access.policy import log_review_unit_ids, staff_required
from audit.selectors import unreviewed_emergencies
from core import home_panels
from organisations import selectors

# The review's longest period (audit.forms.PERIOD_MAX_DAYS), so the link shows them all.
REVIEW_QUEUE_DAYS = 365


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    colleagues = selectors.colleagues_of(membership=membership) if membership else []
    context = {"membership": membership, "colleagues": colleagues, **_review_queue(request)}
    context["panels"] = home_panels.for_request(request)  # apps' panels (core/home_panels.py)
    return render(request, "core/home.html", context)


def _review_queue(request: HttpRequest) -> dict[str, Any]:
    """For unit managers: emergency accesses of the last year still waiting for review."""
    unit_ids = log_review_unit_ids(request.user)
    if not unit_ids:
        return {}
    since = timezone.localdate() - datetime.timedelta(days=REVIEW_QUEUE_DAYS)
    return {"review_since": since, "unreviewed_emergencies": unreviewed_emergencies(unit_ids=unit_ids, since=since)}


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: the product's page instead of Django's technical one.

    The reason stays out of the page (it is for developers; DEBUG shows Django's own page)."""
    return render(request, "core/errors/csrf.html", status=403)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "tasks": _task_queue_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error", "checks": {k: "ok" if v else "error" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)

"""The benchmark's audit switch (bench/middleware.py): off only with the run's token, for one
request, and restored afterwards; the product itself has no way to turn auditing off."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from audit import services as audit_services
from audit.models import Action, AuditEntry, Ground
from audit.services import Actor
from bench import middleware
from bench.middleware import AUDIT_INSERTS_HEADER, AUDIT_MS_HEADER, AUDIT_TOKEN_ENV, BenchMiddleware
from individuals import selectors

pytestmark = pytest.mark.django_db
TOKEN = "test-token"


def _page(request: HttpRequest) -> HttpResponse:
    """A page that writes as the real ones do: through audit.services and a by-name import."""
    from audit.services import audit_record

    actor = Actor(user_id=None, unit_id=None, role="nurse")
    audit_record(actor=actor, action=Action.READ, ground=Ground.RELATION, individual_id=1)
    selectors.audit_list_read(actor=actor, ground=Ground.RELATION, individual_ids=[2, 3], object_type="x.y")
    return HttpResponse("ok")


def _get(audit: str | None = None) -> HttpResponse:
    headers = {"X-Bench-Audit": audit} if audit is not None else {}
    return BenchMiddleware(_page)(RequestFactory().get("/", headers=headers))


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(AUDIT_TOKEN_ENV, TOKEN)
    return TOKEN


def test_audit_is_written_by_default() -> None:
    response = _get()
    assert AuditEntry.objects.count() == 2
    assert response[AUDIT_INSERTS_HEADER] == "2"
    assert AUDIT_MS_HEADER not in response


def test_off_with_the_token_writes_nothing_for_that_request_only(token: str) -> None:
    response = _get(f"off-{token}")
    assert AuditEntry.objects.count() == 0
    assert response[AUDIT_INSERTS_HEADER] == "0"
    # Restored: the next request and direct callers write again.
    assert audit_services.audit_record is middleware._WRITERS["audit_record"][0]
    _get()
    assert AuditEntry.objects.count() == 2


def test_restored_when_the_page_fails(token: str) -> None:
    def failing(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("page failed")

    with pytest.raises(RuntimeError):
        BenchMiddleware(failing)(RequestFactory().get("/", headers={"X-Bench-Audit": f"off-{token}"}))
    assert audit_services.audit_record is middleware._WRITERS["audit_record"][0]


@pytest.mark.parametrize("value", ["off", "off-", "off-wrong", "OFF-test-token"])
def test_the_header_without_the_right_token_is_ignored(token: str, value: str) -> None:
    _get(value)
    assert AuditEntry.objects.count() == 2


def test_no_token_in_the_environment_means_no_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AUDIT_TOKEN_ENV, raising=False)
    _get("off-")
    assert AuditEntry.objects.count() == 2


def test_timed_writes_and_reports_the_time() -> None:
    response = _get("timed")
    assert AuditEntry.objects.count() == 2
    assert float(response[AUDIT_MS_HEADER]) > 0

"""Two identical events in the same microsecond are both logged (the MAC is unique per entry)."""

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from audit.models import Action, AuditEntry
from audit.services import Actor, audit_record

MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 2, 8, 0, 0, 123456), datetime.UTC)


def _same_event() -> AuditEntry:
    # The clock (not our code) is held still, as when two servers stamp the same microsecond.
    with mock.patch("audit.services.timezone.now", return_value=MOMENT):
        return audit_record(actor=Actor(user_id=None, unit_id=None, role=""), action=Action.READ,
                            object_type="individuals.list", details={"listed": {"1": True}})  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_second_is_a_microsecond_later() -> None:
    first, second = _same_event(), _same_event()
    assert second.pk != first.pk and second.mac != first.mac
    assert second.at == first.at + datetime.timedelta(microseconds=1)
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_callers_work_survives_the_clash() -> None:
    with transaction.atomic():
        first, second = _same_event(), _same_event()
        third = _same_event()
        assert AuditEntry.objects.count() == 3  # the transaction is still usable after the clashes
    assert len({first.mac, second.mac, third.mac}) == 3
    assert AuditEntry.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_copied_entry_is_still_refused() -> None:
    # The retry is for a clash of fresh events, not a way to insert a copy of an existing entry.
    first = _same_event()
    copy = AuditEntry(
        **{f.attname: getattr(first, f.attname) for f in AuditEntry._meta.concrete_fields if f.name != "id"}
    )
    with pytest.raises(Exception):  # noqa: B017 -- IntegrityError, whichever database
        copy.save(force_insert=True)

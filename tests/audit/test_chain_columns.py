"""Every stored column of an entry and of a link is covered: changing any one of them, one at a
time, is detected by audit_verify (issue 7 §8). The columns are enumerated from the models, so a
column added later fails here until the MAC or the chain covers it."""

import datetime
import json

import pytest
from django.core.management import CommandError
from django.db import connection, models

from audit.models import AuditEntry, AuditLink
from organisations.models import Unit
from tests.audit.chaintools import as_table_owner, chain, entries, raw, verify
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _other_value(field: models.Field, value, spare_entry_id: int):
    """A different value of the column's type, that the database accepts."""
    if field.primary_key:
        return value + 1000
    if isinstance(field, models.ForeignKey) and field.related_model is AuditEntry:
        return spare_entry_id  # an entry that has no link of its own yet
    if isinstance(field, models.ForeignKey):
        other = UnitFactory() if field.related_model is Unit else UserFactory()
        return other.pk
    if isinstance(field, models.DateTimeField):
        return value + datetime.timedelta(microseconds=1)
    if isinstance(field, models.JSONField):
        return json.dumps({**value, "added": 1})
    if isinstance(field, (models.BigIntegerField, models.IntegerField)):
        return (value or 0) + 1
    if isinstance(field, models.CharField):
        return value[:-1] + ("0" if value[-1:] != "0" else "1")
    raise AssertionError(f"no way to change {field.model.__name__}.{field.name}: add one here")


def _columns(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields]


@pytest.mark.parametrize("name", _columns(AuditEntry))
def test_changing_any_column_of_an_entry_is_detected(name: str) -> None:
    made = entries(3)
    spare = entries(1, chained=False)[0]
    target = made[1]
    field = AuditEntry._meta.get_field(name)
    value = _other_value(field, getattr(target, field.attname), spare.pk)
    assert value != getattr(target, field.attname)
    with as_table_owner():
        if field.primary_key:  # the link follows its entry, or the foreign key refuses
            if connection.vendor == "postgresql":
                raw("SET CONSTRAINTS ALL DEFERRED")
            raw("UPDATE audit_auditlink SET entry_id = %s WHERE entry_id = %s", [value, target.pk])
        raw(f"UPDATE audit_auditentry SET {field.column} = %s WHERE id = %s", [value, target.pk])
    with pytest.raises(CommandError, match="Audit log broken"):
        verify()


@pytest.mark.parametrize("name", _columns(AuditLink))
def test_changing_any_column_of_a_link_is_detected(name: str) -> None:
    entries(3)
    spare = entries(1, chained=False)[0]
    target = AuditLink.objects.get(seq=2)
    field = AuditLink._meta.get_field(name)
    value = _other_value(field, getattr(target, field.attname), spare.pk)
    assert value != getattr(target, field.attname)
    with as_table_owner():
        raw(f"UPDATE audit_auditlink SET {field.column} = %s WHERE seq = 2", [value])
    with pytest.raises(CommandError, match="Audit log broken"):
        verify()


def test_the_columns_are_the_ones_known_here() -> None:
    """A reminder, not the guard (the tests above are): a new column needs a way to be changed above."""
    assert "outcome" in _columns(AuditEntry) and "details" in _columns(AuditEntry)
    assert _columns(AuditLink) == ["seq", "entry", "prev_hash", "hash", "key_id"]
    assert chain() == 0

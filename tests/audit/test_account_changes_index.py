"""The managers' "Account changes" page finds its entries by index, not by reading the whole log."""

import pytest
from django.db import connection

from accounts.selectors import account_changes
from tests.factories import MembershipFactory


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_account_changes_use_the_partial_index() -> None:
    membership = MembershipFactory()
    queryset = account_changes(unit_ids=frozenset({membership.unit_id}))
    with connection.cursor() as cursor:
        # A tiny test table is cheaper to scan: forbid that, so the plan shows whether an index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "audit_account_changes" in plan


@pytest.mark.django_db
def test_the_index_is_partial_on_role_changes() -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditentry")
    assert constraints["audit_account_changes"]["columns"] == ["object_type", "object_id"]
    assert constraints["audit_account_changes"]["index"] is True
